package org.borderzone.exchange;

import java.util.ArrayList;
import java.util.List;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Geo;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKTWriter;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The drawn area of a message: a GeoJSON Polygon or MultiPolygon, [lon, lat] inside the area of interest, valid
 * (OGC rules), at most {@link #MAX_VERTICES} positions (counted before anything is built) and at most
 * {@link #MAX_KM2} km² on the spheroid. Errors name {@code area} and the position at fault.
 */
final class MessageArea {

  static final int MAX_VERTICES = 1000;
  static final double MAX_KM2 = 10_000;

  private MessageArea() {}

  /** The area as WKT (EPSG:4326), checked. */
  static String check(JsonNode node, JdbcClient jdbc) {
    if (!node.isObject()) {
      throw ApiException.badField("area", "error.wrong-type", node.toString());
    }
    String type = node.path("type").asString("");
    JsonNode coords = node.get("coordinates");
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      throw ApiException.badField("area.type", "error.geometry-type", "Polygon or MultiPolygon", type);
    }
    if (coords == null || !coords.isArray() || coords.isEmpty()) {
      throw ApiException.badField("area.coordinates", "error.required");
    }
    boolean multi = type.equals("MultiPolygon");
    List<JsonNode> polys = new ArrayList<>();
    if (multi) {
      coords.forEach(polys::add);
    } else {
      polys.add(coords);
    }
    long vertices = 0;
    for (JsonNode poly : polys) {
      if (!poly.isArray()) {
        throw ApiException.badField("area.coordinates", "error.geometry-invalid", "a polygon is an array of rings");
      }
      for (JsonNode ring : poly) {
        vertices += ring.isArray() ? ring.size() : 0;
      }
    }
    Limits.check("area", "error.message.area-vertices", MAX_VERTICES, vertices);
    List<Polygon> polygons = new ArrayList<>();
    for (int p = 0; p < polys.size(); p++) {
      JsonNode poly = polys.get(p);
      String pf = multi ? "area.coordinates[" + p + "]" : "area.coordinates";
      if (poly.isEmpty()) {
        throw ApiException.badField(pf, "error.geometry-invalid", "a polygon needs an exterior ring");
      }
      LinearRing[] rings = new LinearRing[poly.size()];
      for (int r = 0; r < poly.size(); r++) {
        JsonNode ring = poly.get(r);
        String rf = pf + "[" + r + "]";
        if (!ring.isArray() || ring.size() < 4) {
          throw ApiException.badField(rf, "error.geometry-invalid", "needs at least 4 positions");
        }
        Coordinate[] cs = new Coordinate[ring.size()];
        for (int i = 0; i < ring.size(); i++) {
          cs[i] = Geo.position(ring.get(i), rf + "[" + i + "]", AreaOfInterest.CAMBODIA_LAOS);
        }
        if (!cs[0].equals2D(cs[cs.length - 1])) {
          throw ApiException.badField(rf, "error.geometry-invalid", "ring is not closed");
        }
        rings[r] = Geo.FACTORY.createLinearRing(cs);
      }
      polygons.add(Geo.FACTORY.createPolygon(rings[0], java.util.Arrays.copyOfRange(rings, 1, rings.length)));
    }
    Geometry g = multi ? Geo.FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new)) : polygons.get(0);
    Geo.requireValid(g, "area");
    String wkt = new WKTWriter().write(g);
    double km2 = jdbc.sql(MessageSql.AREA_KM2).param("wkt", wkt).query(Double.class).single();
    if (km2 > MAX_KM2) {
      throw Limits.over("area", "error.message.area-km2", MAX_KM2, Math.round(km2));
    }
    return wkt;
  }
}
