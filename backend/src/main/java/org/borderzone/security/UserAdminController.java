package org.borderzone.security;

import java.util.List;
import org.borderzone.security.UserRepository.UserView;
import org.borderzone.system.CurrentActor;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/users}: user management for administrators (the route table allows ADMIN only). */
@RestController
@RequestMapping(path = "/api/admin/users", produces = "application/json")
class UserAdminController {

  private final UserAdminService service;
  private final CurrentActor actor;

  UserAdminController(UserAdminService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  @GetMapping
  List<UserView> list() {
    return service.list();
  }

  @PostMapping(consumes = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  UserView create(@RequestBody UserAdminService.NewUser body) {
    return service.create(body, actor.get());
  }

  @PostMapping("/{id}/disable")
  UserView disable(@PathVariable long id) {
    return service.disable(id, actor.get());
  }

  @PostMapping(path = "/{id}/password", consumes = "application/json")
  UserView password(@PathVariable long id, @RequestBody UserAdminService.NewPassword body) {
    return service.resetPassword(id, body, actor.get());
  }
}
