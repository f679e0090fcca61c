package org.borderzone.incidents;

import java.util.ArrayList;
import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicMask;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bulk loader's fast path for {@code incident_location(geom)} (V3__incidents.sql), computed in Java for
 * every staged row from one snapshot of {@code border_segment}, {@code country_part} and {@code disputed_area}
 * read in the import's own transaction. It follows the SQL function step by step so that the results are the
 * same ({@code IncidentLocatorIT} compares them on thousands of points):
 * <ol>
 *   <li>the two segments nearest in the plane with longitude scaled by 0.9703 (the KNN index expression), by
 *       PostGIS's point-to-segment distance;</li>
 *   <li>of those, the one at the smaller geodesic distance (ties: the lower id). The distance is PostGIS's
 *       {@code ST_Distance(geography, geography)}: the closest point of the segment found on the sphere (great-circle
 *       edges, as liblwgeom's {@code edge_distance_to_point}), then the distance on the WGS 84 ellipsoid between the
 *       point and that closest point by Karney's geodesic inverse (GeographicLib, as PostGIS through PROJ);</li>
 *   <li>side: the lowest country code among the {@code country_part} pieces covering the point, else the country
 *       of the piece nearest in degrees;</li>
 *   <li>disputed: whether a {@code disputed_area} covers the point.</li>
 * </ol>
 * Immutable after loading; coordinates EPSG:4326 degrees, distances metres.
 */
final class IncidentLocator {

  /** The KNN index's longitude scale (cos 14°), as in {@code border_segment_knn_gix}. */
  static final double KNN_SCALE = 0.9703;

  /** PostGIS's sphere radius for WGS 84 geography: (2a + b) / 3. */
  private static final double WGS84_A = 6378137.0;
  private static final double WGS84_B = 6356752.314245179;
  private static final double SPHERE_R = (2 * WGS84_A + WGS84_B) / 3;

  /** A computed location: nearest segment, geodesic distance (m), side, disputed flag. */
  record Location(int segmentId, double distanceM, String side, boolean disputed) {}

  private final int[] segId;
  /** Per segment: lon,lat pairs (degrees). */
  private final double[][] segXy;
  /** Per segment: bounding box in the scaled plane: minX, minY, maxX, maxY. */
  private final double[][] segBox;
  private final STRtree parts = new STRtree();
  private final List<Part> partList = new ArrayList<>();
  private final List<double[]> partBox = new ArrayList<>();
  private final List<double[][]> partRings = new ArrayList<>();
  private final List<PreparedGeometry> disputed = new ArrayList<>();
  private final GeometryFactory gf = new GeometryFactory();
  private final ThreadLocal<double[]> boxD;

  private record Part(String iso, Geometry geom, PreparedGeometry prepared) {}

  private IncidentLocator(List<Integer> ids, List<double[]> xys) {
    int n = ids.size();
    segId = new int[n];
    segXy = new double[n][];
    segBox = new double[n][];
    boxD = ThreadLocal.withInitial(() -> new double[n]);
    for (int i = 0; i < n; i++) {
      segId[i] = ids.get(i);
      double[] c = xys.get(i);
      segXy[i] = c;
      double minX = Double.POSITIVE_INFINITY;
      double minY = Double.POSITIVE_INFINITY;
      double maxX = Double.NEGATIVE_INFINITY;
      double maxY = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c.length; k += 2) {
        double x = c[k] * KNN_SCALE;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, c[k + 1]);
        maxY = Math.max(maxY, c[k + 1]);
      }
      segBox[i] = new double[] {minX, minY, maxX, maxY};
    }
  }

  /** Reads the border facts in the caller's transaction. */
  static IncidentLocator load(JdbcClient jdbc) {
    List<Integer> ids = new ArrayList<>();
    List<double[]> xys = new ArrayList<>();
    WKBReader wkb = new WKBReader();
    jdbc.sql(IncidentSql.LOCATOR_SEGMENTS).query(rs -> {
      Coordinate[] cs = read(wkb, rs.getBytes("g")).getCoordinates();
      double[] xy = new double[cs.length * 2];
      for (int i = 0; i < cs.length; i++) {
        xy[2 * i] = cs[i].x;
        xy[2 * i + 1] = cs[i].y;
      }
      ids.add(rs.getInt("id"));
      xys.add(xy);
    });
    IncidentLocator l = new IncidentLocator(ids, xys);
    jdbc.sql(IncidentSql.LOCATOR_COUNTRY_PARTS).query(rs -> {
      Geometry g = read(wkb, rs.getBytes("g"));
      Part part = new Part(rs.getString("iso_a2"), g, PreparedGeometryFactory.prepare(g));
      l.parts.insert(g.getEnvelopeInternal(), part);
      l.partList.add(part);
      org.locationtech.jts.geom.Polygon poly = (org.locationtech.jts.geom.Polygon) g;
      double[][] rings = new double[1 + poly.getNumInteriorRing()][];
      for (int r = 0; r < rings.length; r++) {
        Coordinate[] cs = (r == 0 ? poly.getExteriorRing() : poly.getInteriorRingN(r - 1)).getCoordinates();
        rings[r] = new double[cs.length * 2];
        for (int k = 0; k < cs.length; k++) {
          rings[r][2 * k] = cs[k].x;
          rings[r][2 * k + 1] = cs[k].y;
        }
      }
      Envelope env = g.getEnvelopeInternal();
      l.partBox.add(new double[] {env.getMinX(), env.getMinY(), env.getMaxX(), env.getMaxY()});
      l.partRings.add(rings);
    });
    l.parts.build();
    jdbc.sql(IncidentSql.LOCATOR_DISPUTED).query(rs -> {
      l.disputed.add(PreparedGeometryFactory.prepare(read(wkb, rs.getBytes("g"))));
    });
    return l;
  }

  private static Geometry read(WKBReader wkb, byte[] b) {
    try {
      return wkb.read(b);
    } catch (ParseException e) {
      throw new IllegalStateException("bad border geometry", e);
    }
  }

  /** The location of ({@code lon}, {@code lat}), or null when there are no border segments (the trigger decides). */
  Location locate(double lon, double lat) {
    if (segId.length == 0) {
      return null;
    }
    // 1. The two nearest segments in the scaled plane.
    double px = lon * KNN_SCALE;
    double py = lat;
    // Box distances first (squared); the exact distance only for segments whose box is nearer than the second best.
    int n = segId.length;
    double[] boxD = this.boxD.get();
    int c1 = -1;
    int c2 = -1;
    for (int i = 0; i < n; i++) {
      double[] bx = segBox[i];
      double dx = Math.max(0, Math.max(bx[0] - px, px - bx[2]));
      double dy = Math.max(0, Math.max(bx[1] - py, py - bx[3]));
      double d = dx * dx + dy * dy;
      boxD[i] = d;
      if (c1 < 0 || d < boxD[c1]) {
        c2 = c1;
        c1 = i;
      } else if (c2 < 0 || d < boxD[c2]) {
        c2 = i;
      }
    }
    int b1 = -1;
    int b2 = -1;
    double d1 = Double.POSITIVE_INFINITY;
    double d2 = Double.POSITIVE_INFINITY;
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < n; i++) {
        boolean seed = i == c1 || i == c2;
        if (pass == 0 ? !seed : seed) {
          continue;
        }
        if (boxD[i] > d2 * d2) {
          continue;
        }
        double d = planar(px, py, segXy[i]);
        if (d < d1) {
          b2 = b1;
          d2 = d1;
          b1 = i;
          d1 = d;
        } else if (d < d2) {
          b2 = i;
          d2 = d;
        }
      }
    }
    // 2. The geodesic distance decides (ties: the lower id).
    int best = b1;
    double dist = geodesic(lon, lat, segXy[b1]);
    if (b2 >= 0) {
      double g2 = geodesic(lon, lat, segXy[b2]);
      if (g2 < dist || (g2 == dist && segId[b2] < segId[b1])) {
        best = b2;
        dist = g2;
      }
    }
    Point p = gf.createPoint(new Coordinate(lon, lat));
    return new Location(segId[best], dist, side(p), disputed(p));
  }

  private String side(Point p) {
    String side = null;
    @SuppressWarnings("unchecked")
    List<Part> hits = parts.query(p.getEnvelopeInternal());
    for (Part part : hits) {
      if (part.prepared().covers(p) && (side == null || part.iso().compareTo(side) < 0)) {
        side = part.iso();
      }
    }
    if (side != null) {
      return side;
    }
    // Not covered: the country of the nearest piece (planar degrees, as `order by geom <-> g`). Pieces are
    // visited nearest box first, and only while a box is nearer than the best distance found.
    double x = p.getX();
    double y = p.getY();
    int n = partList.size();
    double[] envD = new double[n];
    int first = -1;
    for (int i = 0; i < n; i++) {
      double[] b = partBox.get(i);
      double dx = Math.max(0, Math.max(b[0] - x, x - b[2]));
      double dy = Math.max(0, Math.max(b[1] - y, y - b[3]));
      envD[i] = dx * dx + dy * dy;
      if (first < 0 || envD[i] < envD[first]) {
        first = i;
      }
    }
    int best = -1;
    double bestD = Double.POSITIVE_INFINITY;
    for (int pass = 0; pass < 2 && first >= 0; pass++) {
      for (int i = 0; i < n; i++) {
        if ((pass == 0) != (i == first) || envD[i] > bestD) {
          continue;
        }
        double d = Double.POSITIVE_INFINITY;
        for (double[] ring : partRings.get(i)) {
          d = Math.min(d, squaredToRing(x, y, ring));
        }
        if (d < bestD) {
          bestD = d;
          best = i;
        }
      }
    }
    return best < 0 ? null : partList.get(best).iso();
  }

  /** Squared planar distance from (x, y) to a ring given as x,y pairs (the point is outside every piece). */
  private static double squaredToRing(double x, double y, double[] c) {
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k + 3 < c.length; k += 2) {
      double ax = c[k];
      double ay = c[k + 1];
      double dx = c[k + 2] - ax;
      double dy = c[k + 3] - ay;
      double len2 = dx * dx + dy * dy;
      double r = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      double qx = ax + r * dx - x;
      double qy = ay + r * dy - y;
      best = Math.min(best, qx * qx + qy * qy);
    }
    return best;
  }

  private boolean disputed(Point p) {
    for (PreparedGeometry d : disputed) {
      if (d.covers(p)) {
        return true;
      }
    }
    return false;
  }

  /** PostGIS's planar distance from a point to a linestring (lw_dist2d_pt_seg per segment), in the scaled plane. */
  private static double planar(double px, double py, double[] c) {
    double best = Double.POSITIVE_INFINITY;
    for (int k = 0; k + 3 < c.length; k += 2) {
      double ax = c[k] * KNN_SCALE;
      double ay = c[k + 1];
      double bx = c[k + 2] * KNN_SCALE;
      double by = c[k + 3];
      double d;
      if (ax == bx && ay == by) {
        d = Math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay));
      } else {
        double r = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
        if (r < 0) {
          d = Math.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay));
        } else if (r > 1) {
          d = Math.sqrt((px - bx) * (px - bx) + (py - by) * (py - by));
        } else {
          double qx = ax + r * (bx - ax);
          double qy = ay + r * (by - ay);
          d = Math.sqrt((px - qx) * (px - qx) + (py - qy) * (py - qy));
        }
      }
      if (d < best) {
        best = d;
      }
    }
    if (c.length == 2) {
      best = Math.sqrt((px - c[0] * KNN_SCALE) * (px - c[0] * KNN_SCALE) + (py - c[1]) * (py - c[1]));
    }
    return best;
  }

  /**
   * {@code ST_Distance(line::geography, point::geography)} as liblwgeom computes it: the closest point on the
   * sphere, then the ellipsoidal distance to it.
   */
  static double geodesic(double lon, double lat, double[] c) {
    double plat = Math.toRadians(lat);
    double plon = Math.toRadians(lon);
    double best = Double.POSITIVE_INFINITY;
    double nLat = 0;
    double nLon = 0;
    for (int k = 0; k + 3 < c.length; k += 2) {
      double slat = Math.toRadians(c[k + 1]);
      double slon = Math.toRadians(c[k]);
      double elat = Math.toRadians(c[k + 3]);
      double elon = Math.toRadians(c[k + 2]);
      double[] q = edgeClosest(slat, slon, elat, elon, plat, plon);
      double d = SPHERE_R * q[2];
      if (d < best) {
        best = d;
        nLat = q[0];
        nLon = q[1];
      }
    }
    if (best == 0) {
      return 0;
    }
    return Geodesic.WGS84.Inverse(lat, lon, Math.toDegrees(nLat), Math.toDegrees(nLon), GeodesicMask.DISTANCE).s12;
  }

  /** [lat, lon, sphere distance] of the point of the great-circle edge s–e closest to p (radians). */
  private static double[] edgeClosest(double slat, double slon, double elat, double elon, double plat, double plon) {
    if (slat == elat && slon == elon) {
      return new double[] {slat, slon, sphereDistance(slat, slon, plat, plon)};
    }
    double[] s = cart(slat, slon);
    double[] e = cart(elat, elon);
    double[] n = normalize(cross(s, e));
    double[] p = cart(plat, plon);
    double dp = dot(p, n);
    double[] k = normalize(new double[] {p[0] - n[0] * dp, p[1] - n[1] * dp, p[2] - n[2] * dp});
    double klat = Math.asin(k[2]);
    double klon = Math.atan2(k[1], k[0]);
    double dk = 1e9;
    if (inCone(s, e, k)) {
      dk = sphereDistance(plat, plon, klat, klon);
    }
    double ds = sphereDistance(plat, plon, slat, slon);
    double de = sphereDistance(plat, plon, elat, elon);
    double[] r = {klat, klon, dk};
    if (ds < r[2]) {
      r = new double[] {slat, slon, ds};
    }
    if (de < r[2]) {
      r = new double[] {elat, elon, de};
    }
    return r;
  }

  /** Whether k lies on the minor arc s–e (liblwgeom's cone test). */
  private static boolean inCone(double[] s, double[] e, double[] k) {
    double[] mid = normalize(new double[] {s[0] + e[0], s[1] + e[1], s[2] + e[2]});
    double min = dot(s, mid);
    double sim = dot(k, mid);
    return sim > min || Math.abs(sim - min) < 2e-16;
  }

  private static double sphereDistance(double lat1, double lon1, double lat2, double lon2) {
    double dLon = lon2 - lon1;
    double cosLat1 = Math.cos(lat1);
    double cosLat2 = Math.cos(lat2);
    double sinLat1 = Math.sin(lat1);
    double sinLat2 = Math.sin(lat2);
    double a1 = Math.pow(cosLat2 * Math.sin(dLon), 2);
    double a2 = Math.pow(cosLat1 * sinLat2 - sinLat1 * cosLat2 * Math.cos(dLon), 2);
    double b = sinLat1 * sinLat2 + cosLat1 * cosLat2 * Math.cos(dLon);
    return Math.atan2(Math.sqrt(a1 + a2), b);
  }

  private static double[] cart(double lat, double lon) {
    return new double[] {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
  }

  private static double[] cross(double[] a, double[] b) {
    return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  private static double[] normalize(double[] a) {
    double l = Math.sqrt(dot(a, a));
    return l == 0 ? a : new double[] {a[0] / l, a[1] / l, a[2] / l};
  }
}
