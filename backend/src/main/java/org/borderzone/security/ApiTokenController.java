package org.borderzone.security;

import java.util.List;
import org.borderzone.security.ApiTokens.Created;
import org.borderzone.security.ApiTokens.NewToken;
import org.borderzone.security.ApiTokens.TokenView;
import org.borderzone.system.CurrentActor;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/tokens}: the caller's own API tokens (any signed-in user); {@code /api/admin/users/{id}/tokens}:
 * an administrator lists and revokes a user's tokens (the route table allows ADMIN only, {@link ApiTokens}
 * applies the user-management rule). The creation answer is the only one that carries the secret, and it is
 * marked {@code no-store} so that no cache keeps it.
 */
@RestController
class ApiTokenController {

  private final ApiTokens tokens;
  private final CurrentActor actor;

  ApiTokenController(ApiTokens tokens, CurrentActor actor) {
    this.tokens = tokens;
    this.actor = actor;
  }

  @GetMapping(path = "/api/tokens", produces = "application/json")
  List<TokenView> mine(@AuthenticationPrincipal BorderzoneUser user) {
    return tokens.list(user.id());
  }

  @PostMapping(path = "/api/tokens", consumes = "application/json", produces = "application/json")
  ResponseEntity<Created> create(@AuthenticationPrincipal BorderzoneUser user, @RequestBody NewToken body) {
    return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
        .body(tokens.create(user.id(), body, actor.get()));
  }

  @DeleteMapping(path = "/api/tokens/{id}", produces = "application/json")
  TokenView revoke(@AuthenticationPrincipal BorderzoneUser user, @PathVariable long id) {
    return tokens.revokeOwn(user.id(), id, actor.get());
  }

  @GetMapping(path = "/api/admin/users/{userId}/tokens", produces = "application/json")
  List<TokenView> ofUser(@PathVariable long userId) {
    return tokens.listOf(userId, actor.get());
  }

  @DeleteMapping(path = "/api/admin/users/{userId}/tokens/{id}", produces = "application/json")
  TokenView revokeOfUser(@PathVariable long userId, @PathVariable long id) {
    return tokens.revokeOf(userId, id, actor.get());
  }
}
