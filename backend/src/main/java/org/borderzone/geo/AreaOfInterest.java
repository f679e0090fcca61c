package org.borderzone.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The area of interest: Cambodia and Laos grown by {@link #MARGIN_KM} — every position inside either country
 * or within 20 km of it (a report from just across the border or the Mekong is still ours; one from Hanoi,
 * Ubon Ratchathani or Yunnan is not). Positions outside it are refused with 422 ({@link Geo#position}).
 *
 * <p>Built once, in memory, from the same country outlines that {@code BorderLoader} stores in the
 * {@code country} table ({@code data/basemap/khm-lao-countries-osm.geojson}, 32,000 vertices). Rather than
 * buffering those outlines (slow, and only as exact as the projection it is done in), a position is tested
 * directly: inside an outline (JTS {@link IndexedPointInAreaLocator}), else within 20 km of one of the
 * outlines' edges found through an {@link STRtree} (first those of the outlines simplified by 330 m, the real
 * ones only when that is too close to call) — the distance measured in a plane tangent at the position itself, with the WGS 84 lengths of a degree there, so it agrees with PostGIS's geodesic
 * {@code ST_Distance} within metres ({@code AreaOfInterestIT}). Most positions are decided by the envelope
 * or the point-in-polygon index; either way a test costs about a microsecond, so bulk imports check every
 * row without a database round trip.
 */
public final class AreaOfInterest implements Area {

  private static final Logger log = LoggerFactory.getLogger(AreaOfInterest.class);

  /** How far outside the two countries a position may lie. */
  public static final double MARGIN_KM = 20;

  /** The country outlines on the classpath (the source of the {@code country} table). */
  static final String COUNTRIES = "data/basemap/khm-lao-countries-osm.geojson";

  /** Tolerance of the simplified outline (Douglas–Peucker, degrees) and its bound in km (a degree ≤ 111 km). */
  static final double COARSE_DEG = 0.003;
  static final double COARSE_KM = COARSE_DEG * 111.2;

  /** Cambodia and Laos with {@link #MARGIN_KM} around them. */
  public static final AreaOfInterest CAMBODIA_LAOS = load(COUNTRIES, MARGIN_KM);

  private final double marginKm;
  private final List<IndexedPointInAreaLocator> insides = new ArrayList<>();
  private final List<Envelope> insideBoxes = new ArrayList<>();
  /** Every edge of every ring as {@code double[]{lon1, lat1, lon2, lat2}}. */
  private final STRtree edges = new STRtree();
  /** The edges of the rings simplified by {@link #COARSE_DEG}: a seventh as many, for the first look. */
  private final STRtree coarse = new STRtree();
  private final Envelope outer;

  private AreaOfInterest(List<Polygon> polygons, double marginKm) {
    this.marginKm = marginKm;
    Envelope all = new Envelope();
    for (Polygon p : polygons) {
      IndexedPointInAreaLocator locator = new IndexedPointInAreaLocator(p);
      Envelope box = p.getEnvelopeInternal();
      locator.locate(new Coordinate(box.centre())); // builds the index now, not in the first request
      insides.add(locator);
      insideBoxes.add(box);
      all.expandToInclude(box);
      for (int r = 0; r <= p.getNumInteriorRing(); r++) {
        LineString ring = r == 0 ? p.getExteriorRing() : p.getInteriorRingN(r - 1);
        insertEdges(edges, ring.getCoordinates());
        insertEdges(coarse, DouglasPeuckerSimplifier.simplify(
            ring.getFactory().createLineString(ring.getCoordinates()), COARSE_DEG).getCoordinates());
      }
    }
    edges.build();
    coarse.build();
    double southmost = Math.min(Math.abs(all.getMinY()), Math.abs(all.getMaxY()));
    double northmost = Math.max(Math.abs(all.getMinY()), Math.abs(all.getMaxY()));
    all.expandBy(degLon(marginKm, northmost + 1), marginKm / kmPerDegLat(southmost) * 1.01);
    this.outer = all;
  }

  /** The bounding box of the area (with the margin): every accepted position lies in it. */
  public Extent extent() {
    return new Extent(outer.getMinX(), outer.getMinY(), outer.getMaxX(), outer.getMaxY());
  }

  /** True when {@code [lon, lat]} lies in Cambodia or Laos or within {@link #MARGIN_KM} of either. */
  @Override
  public boolean contains(double lon, double lat) {
    if (!Double.isFinite(lon) || !Double.isFinite(lat) || !outer.contains(lon, lat)) {
      return false;
    }
    Coordinate p = new Coordinate(lon, lat);
    for (int i = 0; i < insides.size(); i++) {
      if (insideBoxes.get(i).contains(p) && insides.get(i).locate(p) != Location.EXTERIOR) {
        return true;
      }
    }
    return nearAnEdge(lon, lat);
  }

  private static void insertEdges(STRtree tree, Coordinate[] c) {
    for (int i = 1; i < c.length; i++) {
      tree.insert(new Envelope(c[i - 1], c[i]), new double[] {c[i - 1].x, c[i - 1].y, c[i].x, c[i].y});
    }
  }

  /**
   * Within {@link #marginKm} of an outline edge. The simplified outline is within {@link #COARSE_KM} of the
   * real one, so its distance decides unless it falls within that of the margin; only then are the real
   * edges measured.
   */
  private boolean nearAnEdge(double lon, double lat) {
    double coarseKm = nearestKm(coarse, lon, lat, marginKm + COARSE_KM);
    if (coarseKm <= marginKm - COARSE_KM) {
      return true;
    }
    if (coarseKm > marginKm + COARSE_KM) {
      return false;
    }
    return nearestKm(edges, lon, lat, marginKm) <= marginKm;
  }

  /**
   * The distance (km) from the position to the nearest edge of {@code tree} within {@code radiusKm}, or
   * infinity; measured in the plane tangent at the position, with the WGS 84 lengths of a degree there.
   */
  private static double nearestKm(STRtree tree, double lon, double lat, double radiusKm) {
    double kx = kmPerDegLon(lat);
    double ky = kmPerDegLat(lat);
    double dLat = radiusKm / ky * 1.01;
    double dLon = degLon(radiusKm, Math.abs(lat) + dLat);
    double[] best = {Double.POSITIVE_INFINITY};
    tree.query(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat), item -> {
      double[] e = (double[]) item;
      best[0] = Math.min(best[0],
          segmentDistanceSq((e[0] - lon) * kx, (e[1] - lat) * ky, (e[2] - lon) * kx, (e[3] - lat) * ky));
    });
    return Math.sqrt(best[0]);
  }

  /** Squared distance from the origin to the segment (x1, y1)–(x2, y2). */
  private static double segmentDistanceSq(double x1, double y1, double x2, double y2) {
    double dx = x2 - x1;
    double dy = y2 - y1;
    double len = dx * dx + dy * dy;
    double t = len == 0 ? 0 : Math.max(0, Math.min(1, -(x1 * dx + y1 * dy) / len));
    double x = x1 + t * dx;
    double y = y1 + t * dy;
    return x * x + y * y;
  }

  /** Kilometres per degree of latitude on WGS 84 at latitude {@code lat} (degrees). */
  static double kmPerDegLat(double lat) {
    double f = Math.toRadians(lat);
    return 111.132954 - 0.559822 * Math.cos(2 * f) + 0.001175 * Math.cos(4 * f);
  }

  /** Kilometres per degree of longitude on WGS 84 at latitude {@code lat} (degrees). */
  static double kmPerDegLon(double lat) {
    double f = Math.toRadians(lat);
    return 111.412840 * Math.cos(f) - 0.093500 * Math.cos(3 * f) + 0.000118 * Math.cos(5 * f);
  }

  /** Degrees of longitude that {@code km} spans at least, anywhere up to latitude {@code maxAbsLat}. */
  private static double degLon(double km, double maxAbsLat) {
    return km / kmPerDegLon(Math.min(89, maxAbsLat)) * 1.01;
  }

  static AreaOfInterest load(String resource, double marginKm) {
    long t0 = System.nanoTime();
    List<Polygon> polygons = new ArrayList<>();
    GeometryFactory f = new GeometryFactory();
    try (InputStream in = AreaOfInterest.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing reference data " + resource);
      }
      JsonNode root = JsonMapper.builder().build().readTree(in);
      for (JsonNode feature : root.path("features")) {
        JsonNode g = feature.path("geometry");
        switch (g.path("type").asString("")) {
          case "Polygon" -> polygons.add(polygon(f, g.path("coordinates")));
          case "MultiPolygon" -> g.path("coordinates").forEach(p -> polygons.add(polygon(f, p)));
          default -> throw new IllegalStateException("not a (multi)polygon in " + resource);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AreaOfInterest aoi = new AreaOfInterest(polygons, marginKm);
    log.info("Area of interest: {} polygon(s) of {} and {} km around them, {} edges indexed, in {} ms",
        polygons.size(), resource, marginKm, aoi.edges.size(), (System.nanoTime() - t0) / 1_000_000);
    return aoi;
  }

  private static Polygon polygon(GeometryFactory f, JsonNode rings) {
    LinearRing shell = ring(f, rings.get(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) {
      holes[i - 1] = ring(f, rings.get(i));
    }
    return f.createPolygon(shell, holes);
  }

  private static LinearRing ring(GeometryFactory f, JsonNode positions) {
    Coordinate[] c = new Coordinate[positions.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = new Coordinate(positions.get(i).get(0).asDouble(), positions.get(i).get(1).asDouble());
    }
    return f.createLinearRing(c);
  }
}
