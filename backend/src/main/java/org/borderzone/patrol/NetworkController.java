package org.borderzone.patrol;

import org.borderzone.geo.Extent;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Limits;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/network}: the patrol network as GeoJSON, and its import. */
@RestController
@RequestMapping("/api/network")
class NetworkController {

  private final NetworkService service;
  private final CurrentActor actor;
  private final Limits limits;

  NetworkController(NetworkService service, CurrentActor actor, Limits limits) {
    this.service = service;
    this.actor = actor;
    this.limits = limits;
  }

  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(required = false) String bbox) {
    return service.geoJson(Extent.parseBbox(bbox, "bbox"), limits.networkEdges());
  }

  /**
   * Replaces the network by a GeoJSON FeatureCollection of LineStrings ({@code kind} road|track|trail|ferry,
   * optional {@code name}), noded with end-point snapping tolerance {@code snapM} metres (default 5).
   */
  @PostMapping(path = "/import", consumes = {"application/json", GeoJsonMedia.GEO_JSON}, produces = "application/json")
  @ResponseStatus(HttpStatus.CREATED)
  String importNetwork(@RequestBody NetworkService.NetworkBody body, @RequestParam(defaultValue = "5") double snapM) {
    return service.importNetwork(body, snapM, actor.get()).json();
  }
}
