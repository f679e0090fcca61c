package org.borderzone.segments;

import org.borderzone.geo.Extent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.borderzone.system.ApiException;
import org.borderzone.system.LayerVersions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/** The segment reads behind {@link SegmentController}: GeoJSON and history built by PostGIS ({@link SegmentSql}). */
@Component
class SegmentQueries {

  /** One cached answer of {@code GET /api/segments}: the layer version it was built at, the body, its ETag. */
  record Versioned(long version, String body, String etag) {}

  /** Answers kept per distinct query (the map asks for all segments; a bbox or filter adds an entry). */
  static final int CACHED_QUERIES = 16;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final LayerVersions versions;
  private final Map<String, Versioned> cache = new LinkedHashMap<>(32, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Versioned> eldest) {
      return size() > CACHED_QUERIES;
    }
  };

  SegmentQueries(JdbcClient jdbc, JsonMapper json, LayerVersions versions) {
    this.jdbc = jdbc;
    this.json = json;
    this.versions = versions;
  }

  /**
   * {@link #list} from memory: the document is rebuilt only when the segments layer version (V11: bumped by the
   * triggers on border_segment, segment_status_change and segment_signoff in the writing transaction) differs
   * from the cached one, so a request costs one primary-key lookup and a copy, and a status change is visible
   * at once, on every instance. The segments carry no releasability: one copy serves every reader. The ETag is
   * the version and the query, so an unchanged layer answers 304 to If-None-Match.
   */
  Versioned listCached(String bbox, String status, Integer sectorId) {
    Extent box = Extent.parseBbox(bbox, "bbox");
    String st = status == null ? null : SegmentStatus.parse(status, "status").name();
    String key = (box == null ? "" : box.minLon() + "," + box.minLat() + "," + box.maxLon() + "," + box.maxLat())
        + "|" + (st == null ? "" : st) + "|" + (sectorId == null ? "" : sectorId);
    long now = versions.of("segments");
    synchronized (cache) {
      Versioned hit = cache.get(key);
      if (hit != null && hit.version() == now) {
        return hit;
      }
    }
    Versioned fresh = jdbc.sql(SegmentSql.COLLECTION_VERSIONED)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .param("status", st)
        .param("sectorId", sectorId)
        .query((rs, n) -> {
          long v = rs.getLong("v");
          return new Versioned(v, rs.getString("body"), "W/\"segments-" + v + "-" + Integer.toHexString(key.hashCode()) + "\"");
        }).single();
    synchronized (cache) {
      Versioned cur = cache.get(key);
      if (cur == null || cur.version() < fresh.version()) {
        cache.put(key, fresh);
      }
    }
    return fresh;
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
