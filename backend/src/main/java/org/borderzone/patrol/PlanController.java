package org.borderzone.patrol;

import org.borderzone.system.CurrentActor;
import org.borderzone.system.Limits;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/patrol-plans}: saved plans (own organisation's and joint ones), status, and the coverage view. */
@RestController
@RequestMapping("/api/patrol-plans")
class PlanController {

  private final PlanService service;
  private final CurrentActor actor;
  private final Limits limits;

  PlanController(PlanService service, CurrentActor actor, Limits limits) {
    this.service = service;
    this.actor = actor;
    this.limits = limits;
  }

  /** Visible plans, newest first, paged: {@code page} from 0, {@code size} 1–{@code borderzone.limits.page-size}. */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    return service.list(actor.get(), page, size, limits.pageSize());
  }

  @PostMapping(consumes = "application/json", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  @ResponseStatus(HttpStatus.CREATED)
  String create(@RequestBody PlanService.PlanBody body) {
    return service.create(body, actor.get());
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable long id) {
    return service.one(id, actor.get());
  }

  @PostMapping(path = "/{id}/status", consumes = "application/json", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String status(@PathVariable long id, @RequestBody PlanService.StatusBody body) {
    return service.changeStatus(id, body.status(), actor.get());
  }

  @GetMapping(path = "/coverage", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String coverage(@RequestParam(defaultValue = "30") int days) {
    return service.coverage(days, actor.get());
  }
}
