package org.borderzone.patrol;

import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/bases}: patrol bases as GeoJSON Features (Point; name, kind, orgCode, side, notes, version). */
@RestController
@RequestMapping("/api/bases")
class BaseController {

  private final BaseService service;
  private final CurrentActor actor;

  BaseController(BaseService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list() {
    return service.all();
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable int id) {
    return service.one(id);
  }

  @PostMapping(consumes = {"application/json", GeoJsonMedia.GEO_JSON}, produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  @ResponseStatus(HttpStatus.CREATED)
  String create(@RequestBody BaseService.BaseFeature body) {
    return service.create(BaseService.parse(body), actor.get());
  }

  @PutMapping(path = "/{id}", consumes = {"application/json", GeoJsonMedia.GEO_JSON},
      produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String update(@PathVariable int id, @RequestBody BaseService.BaseFeature body) {
    return service.update(id, BaseService.parse(body), actor.get());
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable int id) {
    service.delete(id, actor.get());
  }
}
