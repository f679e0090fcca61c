package org.borderzone.pillars;

import org.borderzone.geo.Extent;
import org.borderzone.system.ApiException;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/pillars}: boundary pillars as GeoJSON Points (EPSG:4326, [lon, lat]). */
@RestController
@RequestMapping("/api/pillars")
class PillarController {

  private final JdbcClient jdbc;

  PillarController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** All pillars (optionally within {@code bbox}, of one {@code status} or on one {@code segmentId}), west to east. */
  @GetMapping(produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String list(@RequestParam(required = false) String bbox, @RequestParam(required = false) String status,
      @RequestParam(required = false) Integer segmentId) {
    Extent box = Extent.parseBbox(bbox, "bbox");
    String st = status == null ? null : PillarStatus.parse(status, "status").name();
    return jdbc.sql(PillarSql.COLLECTION)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .param("status", st)
        .param("segmentId", segmentId)
        .query(String.class).single();
  }

  @GetMapping(path = "/{id}", produces = {GeoJsonMedia.GEO_JSON, "application/json"})
  String one(@PathVariable int id) {
    return jdbc.sql(PillarSql.ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("pillar", id));
  }
}
