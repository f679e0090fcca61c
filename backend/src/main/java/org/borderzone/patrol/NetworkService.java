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
   * One line of a KML or GeoPackage import, checked like a GeoJSON feature: positions (text pairs, as read) into
   * a GeoJSON LineString for {@link Geo#geometry}, {@code kind} and {@code name}. {@code f} is the record's
   * path ({@code Placemark[3]}, {@code rows[3]}); problems go to {@code errors}.
   */
  static NetworkNoder.Line line(String f, String geometryType, List<String[]> positions, String kind, String name,
      List<ApiException.FieldError> errors) {
    try {
      if (!"LineString".equalsIgnoreCase(geometryType)) {
        throw ApiException.badField(f + ".geometry", "error.geometry-type", "LineString",
            geometryType == null ? "none" : geometryType);
      }
      var coords = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < positions.size(); i++) {
        String[] p = positions.get(i);
        if (p.length < 2 || p.length > 3) {
          throw ApiException.badField(f + ".geometry.coordinates[" + i + "]", "error.position");
        }
        var pos = JsonNodeFactory.instance.arrayNode();
        for (int k = 0; k < 2; k++) {
          try {
            pos.add(Double.parseDouble(p[k].strip()));
          } catch (NumberFormatException e) {
            throw ApiException.badField(f + ".geometry.coordinates[" + i + "][" + k + "]", "error.wrong-type", p[k]);
          }
        }
        coords.add(pos);
      }
      JsonNode g = JsonNodeFactory.instance.objectNode().put("type", "LineString").set("coordinates", coords);
      return check(f, g, new NetworkProps(kind, name));
    } catch (ApiException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  /** A feature's geometry and properties, checked; the one rule for every format. */
  private static NetworkNoder.Line check(String f, JsonNode geometry, NetworkProps p) {
    Geometry g = Geo.geometry(geometry, f + ".geometry", "LineString", AreaOfInterest.CAMBODIA_LAOS);
    NetworkProps props = p == null ? new NetworkProps(null, null) : p;
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
    return new NetworkNoder.Line(kind, name, g.getCoordinates());
  }

  /** KML 2.2: Placemarks with a LineString; {@code kind} from ExtendedData, {@code name} from name or ExtendedData. */
  static List<NetworkNoder.Line> parseKml(java.io.InputStream body) {
    List<NetworkNoder.Line> lines = new ArrayList<>();
    List<ApiException.FieldError> errors = new ArrayList<>();
    try (var kml = new org.borderzone.geo.KmlReader(body, MAX_FEATURES)) {
      org.borderzone.geo.KmlReader.Placemark p;
      while ((p = kml.next()) != null && errors.size() < MAX_ERRORS) {
        String name = p.data().getOrDefault("name", p.name());
        NetworkNoder.Line l = line("Placemark[" + (p.number() - 1) + "]", p.geometryType(),
            org.borderzone.geo.KmlReader.tuples(p.coordinates()), p.data().get("kind"), name, errors);
        if (l != null) {
          lines.add(l);
        }
      }
    }
    return finish(lines, errors);
  }

  /** One line table of a GeoPackage: columns {@code kind} and {@code name}, any SRS the reader accepts. */
  static List<NetworkNoder.Line> parseGeoPackage(java.nio.file.Path file, String table) throws java.io.IOException {
    List<NetworkNoder.Line> lines = new ArrayList<>();
    List<ApiException.FieldError> errors = new ArrayList<>();
    try (var gpkg = org.borderzone.geo.GeoPackageReader.open(file, table, org.borderzone.geo.GeoPackageReader.Kind.LINE,
        MAX_FEATURES)) {
      org.borderzone.geo.GeoPackageReader.Row r;
      while ((r = gpkg.next()) != null && errors.size() < MAX_ERRORS) {
        List<String[]> positions = new ArrayList<>();
        if (r.positions() != null) {
          for (double[] d : r.positions()) {
            positions.add(new String[] {Double.toString(d[0]), Double.toString(d[1])});
          }
        }
        NetworkNoder.Line l = line("rows[" + (r.number() - 1) + "]", r.positions() == null ? r.geometryType() == null
            ? null : r.geometryType() : r.geometryType(), positions, r.attributes().get("kind"),
            r.attributes().get("name"), errors);
        if (l != null) {
          lines.add(l);
        }
      }
    }
    return finish(lines, errors);
  }

  private static List<NetworkNoder.Line> finish(List<NetworkNoder.Line> lines, List<ApiException.FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors);
    }
    if (lines.isEmpty()) {
      throw ApiException.badField("features", "error.empty");
    }
    return lines;
  }

  /** A KML or GeoPackage import: the same admin check first, then the same replacement. */
  ImportResult importLines(java.util.function.Supplier<List<NetworkNoder.Line>> parse, double snapM, Actor actor) {
    ownership.requireJointBodyAdmin(actor, "network");
    return replace(parse.get(), snapM, actor);
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
      jdbc.sql(PatrolSql.CLEAR_EDGE_SIDES).update();
      for (String iso : jdbc.sql(PatrolSql.SIDE_COUNTRIES).query(String.class).list()) {
        jdbc.sql(PatrolSql.CLASSIFY_EDGE_SIDE).param("iso", iso).update();
      }
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
