package org.borderzone.segments;

import org.borderzone.geo.Extent;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** The segment reads behind {@link SegmentController}: GeoJSON and history built by PostGIS ({@link SegmentSql}). */
@Component
class SegmentQueries {

  private final JdbcClient jdbc;
  private final JsonMapper json;

  SegmentQueries(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** All segments (optionally within {@code bbox}, of one {@code status} or {@code sectorId}), west to east. */
  String list(String bbox, String status, Integer sectorId) {
    Extent box = Extent.parseBbox(bbox, "bbox");
    String st = status == null ? null : SegmentStatus.parse(status, "status").name();
    return jdbc.sql(SegmentSql.COLLECTION)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .param("status", st)
        .param("sectorId", sectorId)
        .query(String.class).single();
  }

  String one(int id) {
    return jdbc.sql(SegmentSql.ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("segment", id));
  }

  /** Status changes (oldest first) and the joint inspections that covered the segment. */
  String history(int id) {
    String code = jdbc.sql(SegmentSql.CODE).param("id", id)
        .query(String.class).optional().orElseThrow(() -> ApiException.notFound("segment", id));
    String changes = jdbc.sql(SegmentSql.HISTORY_CHANGES).param("id", id).query(String.class).single();
    String inspections = jdbc.sql(SegmentSql.HISTORY_INSPECTIONS).param("id", id).query(String.class).single();
    String signoffs = jdbc.sql(SegmentSql.HISTORY_SIGNOFFS).param("id", id).query(String.class).single();
    ObjectNode doc = json.createObjectNode().put("segmentId", id).put("code", code);
    doc.putRawValue("changes", new RawValue(changes)); // JSON arrays aggregated by PostgreSQL
    doc.putRawValue("inspections", new RawValue(inspections));
    doc.putRawValue("signoffs", new RawValue(signoffs));
    return json.writeValueAsString(doc);
  }
}
