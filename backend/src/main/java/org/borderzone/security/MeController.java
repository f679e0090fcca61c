package org.borderzone.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.borderzone.system.CurrentActor;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is logged in, for the map header and for showing only the controls the role
 * allows. Anonymous callers get 401, which tells the map to go to {@code /login}. {@code PUT /api/me/language}
 * stores the caller's UI language (docs/I18N.md).
 */
@RestController
class MeController {

  /**
   * The caller: user name, display name, organisation ({@code KH}, {@code LA}, {@code JBC}), role and stored
   * language ({@code en}, {@code km}, {@code lo}; absent when none was chosen).
   */
  record Me(String username, String displayName, String org, String role, String language) {}

  private final UserLanguage languages;
  private final CurrentActor actor;
  private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

  MeController(UserLanguage languages, CurrentActor actor) {
    this.languages = languages;
    this.actor = actor;
  }

  @GetMapping(path = "/api/me", produces = "application/json")
  Me me(@AuthenticationPrincipal BorderzoneUser user) {
    return view(user);
  }

  /**
   * Stores the language and puts it into this session's principal at once (other open sessions of the user
   * learn it at their next sign-in; Basic and token requests read it from the row every time).
   */
  @PutMapping(path = "/api/me/language", consumes = "application/json", produces = "application/json")
  Me setLanguage(@AuthenticationPrincipal BorderzoneUser user, @RequestBody UserLanguage.Change body,
      HttpServletRequest request, HttpServletResponse response) {
    String language = languages.set(user.id(), body, actor.get());
    BorderzoneUser updated = user.withLanguage(language);
    Authentication old = SecurityContextHolder.getContext().getAuthentication();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    UsernamePasswordAuthenticationToken auth =
        UsernamePasswordAuthenticationToken.authenticated(updated, null, old.getAuthorities());
    auth.setDetails(old.getDetails());
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    if (request.getSession(false) != null) {
      sessions.saveContext(context, request, response);
    }
    return view(updated);
  }

  private static Me view(BorderzoneUser user) {
    return new Me(user.getUsername(), user.displayName(), user.org(), user.role().name(), user.language());
  }
}
