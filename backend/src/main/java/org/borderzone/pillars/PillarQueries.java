package org.borderzone.pillars;

import org.borderzone.geo.Extent;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The pillar reads behind {@link PillarController}: GeoJSON built by PostGIS ({@link PillarSql}). */
@Component
class PillarQueries {

  private final JdbcClient jdbc;

  PillarQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** All pillars (optionally within {@code bbox}, of one {@code status} or on one {@code segmentId}), west to east. */
  String list(String bbox, String status, Integer segmentId) {
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

  String one(int id) {
    return jdbc.sql(PillarSql.ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("pillar", id));
  }
}
