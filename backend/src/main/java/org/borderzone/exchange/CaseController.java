package org.borderzone.exchange;

import java.util.UUID;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/cases}: joint cases of the caller's organisation (docs/EXCHANGE.md "Joint cases"). Reads for every
 * signed-in user, each seeing only the cases their organisation is a party of; writes for planners and
 * commission members of a party (SecurityConfig.routes, {@code system.Ownership#requireCaseParty}).
 */
@RestController
@RequestMapping("/api/cases")
class CaseController {

  private final CaseService service;
  private final CurrentActor actor;

  CaseController(CaseService service, CurrentActor actor) {
    this.service = service;
    this.actor = actor;
  }

  /** The caller's cases, newest proposal first. */
  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  CaseService.Page list(@RequestParam(required = false) String state, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Integer offset) {
    return service.list(state, limit, offset, actor.get());
  }

  /** Pairs (own incident, another party's) near in space and time that no case links yet. */
  @GetMapping(path = "/candidates", produces = MediaType.APPLICATION_JSON_VALUE)
  CaseService.Candidates candidates(@RequestParam(required = false) Double withinKm,
      @RequestParam(required = false) Integer hours, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to, @RequestParam(required = false) String type,
      @RequestParam(required = false) Integer limit) {
    return service.candidates(withinKm, hours, from, to, type, limit, actor.get());
  }

  @GetMapping(path = "/stats", produces = MediaType.APPLICATION_JSON_VALUE)
  String stats(@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return service.stats(from, to, actor.get());
  }

  /** One case; {@code f=geojson} the case as a FeatureCollection (its incidents and the line through them). */
  @GetMapping(path = "/{id}", produces = {MediaType.APPLICATION_JSON_VALUE, GeoJsonMedia.GEO_JSON})
  ResponseEntity<String> one(@PathVariable UUID id, @RequestParam(required = false) String f) {
    if (f == null || f.isBlank() || f.equalsIgnoreCase("json")) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(service.one(id, actor.get()));
    }
    if (f.equalsIgnoreCase("geojson")) {
      return ResponseEntity.ok().contentType(MediaType.parseMediaType(GeoJsonMedia.GEO_JSON))
          .body(service.geoJson(id, actor.get()));
    }
    throw ApiException.badField("f", "error.unknown-value", f, "json, geojson");
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  String propose(@RequestBody(required = false) CaseRequests.ProposeBody body) {
    return service.propose(body, actor.get());
  }

  @PostMapping(path = "/{id}/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
  String confirm(@PathVariable UUID id, @RequestBody(required = false) CaseRequests.DecisionBody body) {
    return service.confirm(id, body, actor.get());
  }

  @PostMapping(path = "/{id}/reject", produces = MediaType.APPLICATION_JSON_VALUE)
  String reject(@PathVariable UUID id, @RequestBody(required = false) CaseRequests.DecisionBody body) {
    return service.reject(id, body, actor.get());
  }

  @PostMapping(path = "/{id}/close", produces = MediaType.APPLICATION_JSON_VALUE)
  String close(@PathVariable UUID id, @RequestBody(required = false) CaseRequests.CloseBody body) {
    return service.close(id, body, actor.get());
  }

  /** Adds incidents (never removes one). */
  @PostMapping(path = "/{id}/incidents", consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  String addIncidents(@PathVariable UUID id, @RequestBody(required = false) CaseRequests.AddBody body) {
    return service.addIncidents(id, body, actor.get());
  }
}
