package org.borderzone.security;

import org.borderzone.system.Actor;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Organisation;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The {@link CurrentActor} of a request: the authenticated user, their organisation and role from the
 * security context. Outside any HTTP request (start-up import, demo seeding, scheduled work) the actor is
 * {@link Actor#SYSTEM}; inside a request without an authenticated user there is no actor, and asking for
 * one is a 401 (the route table normally refuses such requests before they get here).
 */
@Component
class SecurityActor implements CurrentActor {

  @Override
  public Actor get() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof BorderzoneUser u) {
      return new Actor(u.getUsername(), Organisation.of(u.org()), u.role());
    }
    if (RequestContextHolder.getRequestAttributes() == null) {
      return Actor.SYSTEM;
    }
    throw new AuthenticationCredentialsNotFoundException("no authenticated user");
  }
}
