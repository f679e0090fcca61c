package org.borderzone.geo;

import java.util.ArrayList;
import java.util.List;
import org.borderzone.system.ApiException;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.io.WKTWriter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;
import tools.jackson.databind.JsonNode;

/**
 * The one place for geometry input: the {@link GeometryFactory} (EPSG:4326, lon/lat degrees, floating
 * precision) and the parsing and validation of GeoJSON positions and geometries from request bodies. Every
 * failure is an {@link ApiException} naming the JSON field, e.g. {@code geometry.coordinates[1]}.
 */
public final class Geo {

  /** WGS 84 longitude/latitude, EPSG:4326. */
  public static final int SRID = 4326;

  public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), SRID);

  private Geo() {}

  /**
   * Parses a GeoJSON position {@code [lon, lat]} (degrees, WGS 84). Refuses non-numbers, NaN/Infinity and
   * out-of-range values. When the area of interest is given and the position lies outside it but its
   * swapped reading {@code [lat, lon]} lies inside, the error says the order looks swapped.
   */
  public static Coordinate position(JsonNode node, String field, Area areaOfInterest) {
    if (node == null || node.isNull() || !node.isArray() || node.size() < 2 || node.size() > 3) {
      throw ApiException.badField(field, "error.position");
    }
    double lon = number(node.get(0), field + "[0]");
    double lat = number(node.get(1), field + "[1]");
    boolean outside = areaOfInterest != null && !areaOfInterest.contains(lon, lat);
    if (outside && areaOfInterest.contains(lat, lon)) {
      throw ApiException.badField(field, "error.latlon-swapped", lon, lat);
    }
    if (lon < -180 || lon > 180) {
      throw ApiException.badField(field + "[0]", "error.lon-range", lon);
    }
    if (lat < -90 || lat > 90) {
      throw ApiException.badField(field + "[1]", "error.lat-range", lat);
    }
    if (outside) {
      throw ApiException.unprocessable(field, "error.outside-area", lon, lat);
    }
    return new Coordinate(lon, lat);
  }

  private static double number(JsonNode n, String field) {
    if (n == null || !(n.isNumber() || n.isString())) {
      throw ApiException.badField(field, "error.wrong-type", n == null ? "null" : n.toString());
    }
    double v;
    if (n.isNumber()) {
      v = n.asDouble();
    } else {
      // Jackson reads the JSON tokens NaN/Infinity only as strings; refuse them explicitly.
      try {
        v = Double.parseDouble(n.asString());
      } catch (NumberFormatException e) {
        throw ApiException.badField(field, "error.wrong-type", n.asString());
      }
      if (Double.isFinite(v)) {
        throw ApiException.badField(field, "error.wrong-type", n.asString());
      }
    }
    if (!Double.isFinite(v)) {
      throw ApiException.badField(field, "error.not-finite", n.toString());
    }
    return v;
  }

  public static Point point(Coordinate c) {
    return FACTORY.createPoint(c);
  }

  /**
   * Parses a GeoJSON geometry object of the expected type ({@code Point}, {@code LineString} or
   * {@code Polygon}) and checks it is valid (OGC rules: no self-intersection, closed rings).
   */
  public static Geometry geometry(JsonNode node, String field, String expectedType, Area aoi) {
    if (node == null || !node.isObject()) {
      throw ApiException.badField(field, "error.required");
    }
    String type = node.path("type").asString("");
    if (!expectedType.equals(type)) {
      throw ApiException.badField(field + ".type", "error.geometry-type", expectedType, type);
    }
    JsonNode coords = node.get("coordinates");
    String cf = field + ".coordinates";
    if (coords == null || !coords.isArray()) {
      throw ApiException.badField(cf, "error.required");
    }
    Geometry g = switch (type) {
      case "Point" -> FACTORY.createPoint(position(coords, cf, aoi));
      case "LineString" -> lineString(coords, cf, aoi);
      case "Polygon" -> polygon(coords, cf, aoi);
      default -> throw ApiException.badField(field + ".type", "error.geometry-type", expectedType, type);
    };
    requireValid(g, field);
    return g;
  }

  private static Coordinate[] positions(JsonNode arr, String field, Area aoi, int min) {
    if (!arr.isArray() || arr.size() < min) {
      throw ApiException.badField(field, "error.geometry-invalid", "needs at least " + min + " positions");
    }
    List<Coordinate> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(position(arr.get(i), field + "[" + i + "]", aoi));
    }
    return out.toArray(Coordinate[]::new);
  }

  private static LineString lineString(JsonNode coords, String field, Area aoi) {
    return FACTORY.createLineString(positions(coords, field, aoi, 2));
  }

  private static Polygon polygon(JsonNode coords, String field, Area aoi) {
    if (coords.isEmpty()) {
      throw ApiException.badField(field, "error.geometry-invalid", "a polygon needs an exterior ring");
    }
    var rings = new org.locationtech.jts.geom.LinearRing[coords.size()];
    for (int r = 0; r < coords.size(); r++) {
      Coordinate[] ring = positions(coords.get(r), field + "[" + r + "]", aoi, 4);
      if (!ring[0].equals2D(ring[ring.length - 1])) {
        throw ApiException.badField(field + "[" + r + "]", "error.geometry-invalid", "ring is not closed");
      }
      rings[r] = FACTORY.createLinearRing(ring);
    }
    var holes = java.util.Arrays.copyOfRange(rings, 1, rings.length);
    return FACTORY.createPolygon(rings[0], holes);
  }

  private static final java.util.regex.Pattern WKT_EMPTY = java.util.regex.Pattern.compile(
      "\\s*[A-Za-z]+(\\s+(Z|M|ZM))?\\s+EMPTY\\s*", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * Parses well-known text strictly: JTS reads one geometry and ignores whatever follows it, so the text after
   * the geometry (its closing parenthesis, or the word EMPTY) must be blank. Errors name {@code field}; the
   * message says at which character the text went wrong.
   */
  public static Geometry wkt(String text, String field) {
    if (text == null || text.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    Geometry g;
    try {
      g = new WKTReader(FACTORY).read(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw ApiException.badField(field, "error.wkt", e.getMessage());
    }
    int end = wktEnd(text);
    if (end < 0 && !WKT_EMPTY.matcher(text).matches()) {
      throw ApiException.badField(field, "error.wkt", "unbalanced parentheses");
    }
    if (end >= 0 && !text.substring(end).isBlank()) {
      int at = end;
      while (Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      throw ApiException.badField(field, "error.wkt-trailing", String.valueOf(at + 1));
    }
    return g;
  }

  /** The index after the parenthesis that closes the first one, or -1 when there is none or it never closes. */
  private static int wktEnd(String text) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
        if (depth < 0) {
          return -1;
        }
      }
    }
    return -1;
  }

  /** Throws a 400 naming the field and the JTS reason (e.g. "Self-intersection at (105.5 14.2)"). */
  public static void requireValid(Geometry g, String field) {
    IsValidOp op = new IsValidOp(g);
    if (!op.isValid()) {
      TopologyValidationError err = op.getValidationError();
      String where = err.getCoordinate() == null ? ""
          : " at " + WKTWriter.toPoint(err.getCoordinate());
      throw ApiException.badField(field, "error.geometry-invalid", err.getMessage() + where);
    }
  }
}
