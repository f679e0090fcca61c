package org.borderzone.patrol;

import org.borderzone.system.Limits;
import org.borderzone.system.StatementTimeouts;
import java.util.ArrayList;
import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Extent;
import org.borderzone.geo.Geo;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Ownership;
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
  private final Ownership ownership;

  NetworkService(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, AuditLog audit, GraphHolder graphs,
      StatementTimeouts timeouts, Ownership ownership) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.template = template;
    this.tx = tx;
    this.audit = audit;
    this.graphs = graphs;
    this.ownership = ownership;
  }

  /** Result of an import: counts, for the response and the audit event. */
  record ImportResult(int features, int edges, int vertices, double lengthKm, double snapM) {
    String json() {
      return JsonNodeFactory.instance.objectNode().put("features", features).put("edges", edges)
          .put("vertices", vertices).put("lengthKm", Math.round(lengthKm * 1000) / 1000.0).put("snapM", snapM)
          .toString();
    }
  }

  /** The body of {@code POST /api/network/import}: a GeoJSON FeatureCollection of LineStrings. */
  record NetworkBody(String type, List<NetworkFeature> features) {}

  record NetworkFeature(String type, JsonNode geometry, NetworkProps properties) {}

  record NetworkProps(String kind, String name) {}

  /** Validates a FeatureCollection of LineStrings; every bad feature is reported by path (at most 100). */
  static List<NetworkNoder.Line> parse(NetworkBody body) {
    if (body == null || !"FeatureCollection".equals(body.type())) {
      throw ApiException.badField("type", "error.feature-collection");
    }
    List<NetworkFeature> features = body.features();
    if (features == null || features.isEmpty()) {
      throw ApiException.badField("features", "error.empty");
    }
    if (features.size() > MAX_FEATURES) {
      throw ApiException.badField("features", "error.too-many", MAX_FEATURES);
    }
    List<NetworkNoder.Line> lines = new ArrayList<>(features.size());
    List<ApiException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < features.size() && errors.size() < MAX_ERRORS; i++) {
      String f = "features[" + i + "]";
      NetworkFeature feat = features.get(i);
      try {
        if (feat == null || !"Feature".equals(feat.type())) {
          throw ApiException.badField(f + ".type", "error.feature");
        }
        Geometry g = Geo.geometry(feat.geometry(), f + ".geometry", "LineString", AreaOfInterest.CAMBODIA_LAOS);
        NetworkProps props = feat.properties() == null ? new NetworkProps(null, null) : feat.properties();
        if (props.kind() == null) {
          throw ApiException.badField(f + ".properties.kind", "error.required");
        }
        Kind kind = Kind.parse(props.kind());
        if (kind == null) {
          throw ApiException.badField(f + ".properties.kind", "error.unknown-value", props.kind(),
              "road, track, trail, ferry");
        }
        String name = null;
        if (props.name() != null) {
          name = props.name().strip();
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

  /**
   * {@code POST /api/network/import}: the network of every side at once, so only an administrator of the joint
   * body may replace it (403 before the body is read), then {@link #parse} and {@link #replace}.
   */
  ImportResult importNetwork(NetworkBody body, double snapM, Actor actor) {
    ownership.requireJointBodyAdmin(actor, "network");
    return replace(parse(body), snapM, actor);
  }

  /** Replaces the whole network by the given lines, noded with tolerance {@code snapM} metres. */
  ImportResult replace(List<NetworkNoder.Line> lines, double snapM, Actor actor) {
    if (!(snapM >= 0 && snapM <= MAX_SNAP_M)) {
      throw ApiException.badField("snapM", "error.range", 0, MAX_SNAP_M);
    }
    List<NetworkNoder.Edge> edges = NetworkNoder.node(lines, snapM);
    ImportResult result = tx.execute(s -> {
      timeouts.longWork();
      jdbc.sql(PatrolSql.DELETE_NETWORK).update();
      List<Object[]> rows = new ArrayList<>(edges.size());
      for (NetworkNoder.Edge e : edges) {
        rows.add(new Object[] {e.source(), e.target(), e.kind().wire(), e.name(), wkt(e.coords())});
      }
      template.batchUpdate(PatrolSql.INSERT_EDGE, rows);
      for (String sql : PatrolSql.CLASSIFY_EDGES) {
        jdbc.sql(sql).update();
      }
      var stats = jdbc.sql(PatrolSql.NETWORK_STATS)
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
