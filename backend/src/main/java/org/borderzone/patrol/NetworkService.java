package org.borderzone.patrol;

import org.borderzone.system.Limits;
import org.borderzone.system.StatementTimeouts;
import java.util.ArrayList;
import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.geo.Extent;
import org.borderzone.geo.Geo;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The patrol network: import (validate, node, classify, store, audit — all or nothing) and read. After a
 * successful import the in-memory graph is rebuilt in the background; the old graph serves until then.
 */
@Service
class NetworkService {

  static final int MAX_FEATURES = 500_000;
  static final int MAX_ERRORS = 100;
  static final double MAX_SNAP_M = 100;

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final AuditLog audit;
  private final GraphHolder graphs;

  NetworkService(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, AuditLog audit, GraphHolder graphs,
      StatementTimeouts timeouts) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.template = template;
    this.tx = tx;
    this.audit = audit;
    this.graphs = graphs;
  }

  /** Result of an import: counts, for the response and the audit event. */
  record ImportResult(int features, int edges, int vertices, double lengthKm, double snapM) {
    String json() {
      return JsonNodeFactory.instance.objectNode().put("features", features).put("edges", edges)
          .put("vertices", vertices).put("lengthKm", Math.round(lengthKm * 1000) / 1000.0).put("snapM", snapM)
          .toString();
    }
  }

  /** Parses and validates a GeoJSON FeatureCollection of LineStrings; every bad feature is reported by path. */
  static List<NetworkNoder.Line> parse(JsonNode body) {
    if (body == null || !body.isObject() || !"FeatureCollection".equals(body.path("type").asString(""))) {
      throw ApiException.badField("type", "error.feature-collection");
    }
    JsonNode features = body.get("features");
    if (features == null || !features.isArray() || features.isEmpty()) {
      throw ApiException.badField("features", "error.empty");
    }
    if (features.size() > MAX_FEATURES) {
      throw ApiException.badField("features", "error.too-many", MAX_FEATURES);
    }
    List<NetworkNoder.Line> lines = new ArrayList<>(features.size());
    List<ApiException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < features.size() && errors.size() < MAX_ERRORS; i++) {
      String f = "features[" + i + "]";
      JsonNode feat = features.get(i);
      try {
        if (!feat.isObject() || !"Feature".equals(feat.path("type").asString(""))) {
          throw ApiException.badField(f + ".type", "error.feature");
        }
        Geometry g = Geo.geometry(feat.get("geometry"), f + ".geometry", "LineString", Extent.AREA_OF_INTEREST);
        JsonNode props = feat.path("properties");
        JsonNode kindNode = props.get("kind");
        if (kindNode == null || kindNode.isNull()) {
          throw ApiException.badField(f + ".properties.kind", "error.required");
        }
        Kind kind = kindNode.isString() ? Kind.parse(kindNode.asString()) : null;
        if (kind == null) {
          throw ApiException.badField(f + ".properties.kind", "error.unknown-value", kindNode.toString(),
              "road, track, trail, ferry");
        }
        JsonNode nameNode = props.get("name");
        String name = null;
        if (nameNode != null && !nameNode.isNull()) {
          if (!nameNode.isString()) {
            throw ApiException.badField(f + ".properties.name", "error.wrong-type", nameNode.toString());
          }
          name = nameNode.asString().strip();
          if (name.length() > 200) {
            throw ApiException.badField(f + ".properties.name", "error.too-long", 200);
          }
        }
        lines.add(new NetworkNoder.Line(kind, name, g.getCoordinates()));
      } catch (ApiException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors);
    }
    return lines;
  }

  /** Replaces the whole network by the given lines, noded with tolerance {@code snapM} metres. */
  ImportResult replace(List<NetworkNoder.Line> lines, double snapM, Actor actor) {
    if (!(snapM >= 0 && snapM <= MAX_SNAP_M)) {
      throw ApiException.badField("snapM", "error.range", 0, MAX_SNAP_M);
    }
    List<NetworkNoder.Edge> edges = NetworkNoder.node(lines, snapM);
    ImportResult result = tx.execute(s -> {
      timeouts.longWork();
      jdbc.sql("delete from network_edge").update();
      List<Object[]> rows = new ArrayList<>(edges.size());
      for (NetworkNoder.Edge e : edges) {
        rows.add(new Object[] {e.source(), e.target(), e.kind().wire(), e.name(), wkt(e.coords())});
      }
      template.batchUpdate(PatrolSql.INSERT_EDGE, rows);
      for (String sql : PatrolSql.CLASSIFY_EDGES) {
        jdbc.sql(sql).update();
      }
      var stats = jdbc.sql("select count(*) as n, count(distinct source) + 0 as s, coalesce(sum(length_m), 0) as len,"
          + " (select count(*) from (select source from network_edge union select target from network_edge) v) as v"
          + " from network_edge")
          .query((rs, n) -> new ImportResult(lines.size(), rs.getInt("n"), rs.getInt("v"), rs.getDouble("len") / 1000,
              snapM)).single();
      audit.record(actor, "NETWORK_IMPORT", "network", null, null, stats.json());
      return stats;
    });
    graphs.rebuildAsync();
    return result;
  }

  static String wkt(Coordinate[] cs) {
    StringBuilder sb = new StringBuilder("LINESTRING(");
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(cs[i].x).append(' ').append(cs[i].y);
    }
    return sb.append(')').toString();
  }

  /** The edges in {@code box} (all without one), at most {@code limits.network-edges} (else 422 {@code bbox}). */
  String geoJson(Extent box, long maxEdges) {
    long n = jdbc.sql(PatrolSql.NETWORK_COUNT)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .query(Long.class).single();
    Limits.check("bbox", "error.limit-network-edges", maxEdges, n);
    return jdbc.sql(PatrolSql.NETWORK_COLLECTION)
        .param("minLon", box == null ? null : box.minLon())
        .param("minLat", box == null ? null : box.minLat())
        .param("maxLon", box == null ? null : box.maxLon())
        .param("maxLat", box == null ? null : box.maxLat())
        .query(String.class).single();
  }
}
