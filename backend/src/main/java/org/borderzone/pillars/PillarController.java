package org.borderzone.pillars;

import org.borderzone.system.GeoJsonMedia;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/pillars}: boundary pillars as GeoJSON Points (EPSG:4326, [lon, lat]). */
@RestController
@RequestMapping("/api/pillars")
class PillarController {

  private final PillarQueries queries;

  PillarController(PillarQueries queries) {
    this.queries = queries;
  }

  /** All pillars (optionally within {@code bbox}, of one {@code status} or on one {@code segmentId}), west to east. */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(required = false) String bbox, @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer segmentId) {
    return queries.list(bbox, status, segmentId);
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable int id) {
    return queries.one(id);
  }
}
