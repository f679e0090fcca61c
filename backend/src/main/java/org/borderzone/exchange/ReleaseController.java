package org.borderzone.exchange;

import java.util.UUID;
import org.borderzone.system.CurrentActor;
import tools.jackson.databind.JsonNode;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Explicit releases (docs/EXCHANGE.md "Releases"): {@code POST /api/releases} (the owner's planners release a
 * NATIONAL incident to named parties), {@code GET /api/releases} (made by or to the caller's organisation),
 * {@code GET /api/releases/{id}}, {@code POST /api/releases/{id}/withdraw} and
 * {@code GET /api/incidents/{id}/releases}. Roles in SecurityConfig.routes, whose data in system/Ownership.
 */
@RestController
class ReleaseController {

  private final ReleaseService service;
  private final CurrentActor actor;

  ReleaseController(ReleaseService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  @PostMapping(path = "/api/releases", consumes = "application/json", produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  String release(@RequestBody JsonNode body) {
    return service.release(ReleaseService.read(body, ReleaseService.NewRelease.class), actor.get());
  }

  @GetMapping(path = "/api/releases", produces = "application/json")
  String list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    return service.list(page, size, actor.get());
  }

  @GetMapping(path = "/api/releases/{id}", produces = "application/json")
  String one(@PathVariable UUID id) {
    return service.one(id, actor.get());
  }

  @PostMapping(path = "/api/releases/{id}/withdraw", consumes = "application/json", produces = "application/json")
  String withdraw(@PathVariable UUID id, @RequestBody JsonNode body) {
    return service.withdraw(id, ReleaseService.read(body, ReleaseService.Withdrawal.class), actor.get());
  }

  @GetMapping(path = "/api/incidents/{id}/releases", produces = "application/json")
  String ofIncident(@PathVariable UUID id) {
    return service.ofIncident(id, actor.get());
  }
}
