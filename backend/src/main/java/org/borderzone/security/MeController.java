package org.borderzone.security;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/me}: who is logged in, for the map header and for showing only the controls the role
 * allows. Anonymous callers get 401, which tells the map to go to {@code /login}.
 */
@RestController
class MeController {

  /** The caller: user name, display name, organisation ({@code KH}, {@code LA}, {@code JBC}) and role. */
  record Me(String username, String displayName, String org, String role) {}

  @GetMapping(path = "/api/me", produces = "application/json")
  Me me(@AuthenticationPrincipal BorderzoneUser user) {
    return new Me(user.getUsername(), user.displayName(), user.org(), user.role().name());
  }
}
