package org.borderzone.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deterministic large data set of {@code make data-large} (docs/BENCHMARKS.md): {@link #ROWS} incidents over
 * the ten years {@link #FIRST_YEAR}–{@link #FIRST_YEAR}+9 within 10 km of the border, 80 % spread along the whole
 * line and 20 % in {@link #CLUSTERS} planted clusters (2 km, as {@code hotspots/PlantedIncidents}: cluster c at
 * the fraction 0.05 + 0.1 c of the line), the even clusters growing over the years (emerging hot spots); and a
 * patrol network of {@link #EDGES} edges, a jittered lattice of about 400 m within 8 km of the border (every
 * tenth line a road, the rest tracks and trails). Everything comes from fixed seeds and the border geometry, so
 * two runs make the same bytes. {@link #VERSION} names the generator: change it when the output changes.
 */
public final class LargeData {

  /** The generator version, part of every row's {@code source} ({@code large-v1-c07}). */
  public static final String VERSION = "large-v1";
  public static final int ROWS = Integer.getInteger("large.rows", 1_000_000);
  public static final int EDGES = Integer.getInteger("large.edges", 100_000);
  public static final int FIRST_YEAR = 2016;
  public static final int YEARS = 10;
  /** Chunks of the import: one per half-year and country (two uploads a half-year, KH then LA). */
  public static final int CHUNKS = YEARS * 2 * 2;
  public static final int CLUSTERS = 10;

  static final String[] TYPES = {"SMUGGLING", "SMUGGLING", "SMUGGLING", "ILLEGAL_CROSSING", "ILLEGAL_CROSSING",
      "DRUG_TRAFFICKING", "ILLEGAL_LOGGING", "WILDLIFE_TRAFFICKING", "HUMAN_TRAFFICKING", "UXO", "OTHER"};

  /** The border as a polyline of lon/lat vertices with cumulative lengths (metres, locally flat). */
  public static final class Line {
    final double[] lon;
    final double[] lat;
    final double[] cum;

    Line(List<double[]> pts) {
      lon = new double[pts.size()];
      lat = new double[pts.size()];
      cum = new double[pts.size()];
      for (int i = 0; i < pts.size(); i++) {
        lon[i] = pts.get(i)[0];
        lat[i] = pts.get(i)[1];
        if (i > 0) {
          cum[i] = cum[i - 1] + metres(lon[i - 1], lat[i - 1], lon[i], lat[i]);
        }
      }
    }

    double length() {
      return cum[cum.length - 1];
    }

    /** The point at fraction f of the length and the unit normal there (in metres east, north). */
    public double[] at(double f) {
      double d = f * length();
      int lo = 0;
      int hi = cum.length - 1;
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (cum[mid] <= d) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double seg = cum[hi] - cum[lo];
      double t = seg == 0 ? 0 : (d - cum[lo]) / seg;
      double x = lon[lo] + t * (lon[hi] - lon[lo]);
      double y = lat[lo] + t * (lat[hi] - lat[lo]);
      double ex = (lon[hi] - lon[lo]) * mPerDegLon(y);
      double ny = (lat[hi] - lat[lo]) * M_PER_DEG_LAT;
      double n = Math.max(1e-9, Math.hypot(ex, ny));
      return new double[] {x, y, -ny / n, ex / n};
    }

    /** Distance (m, locally flat) from a point to the polyline. */
    double distance(double x, double y) {
      double best = Double.MAX_VALUE;
      double kx = mPerDegLon(y);
      for (int i = 1; i < lon.length; i++) {
        double ax = (lon[i - 1] - x) * kx;
        double ay = (lat[i - 1] - y) * M_PER_DEG_LAT;
        double bx = (lon[i] - x) * kx;
        double by = (lat[i] - y) * M_PER_DEG_LAT;
        double dx = bx - ax;
        double dy = by - ay;
        double l2 = dx * dx + dy * dy;
        double t = l2 == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / l2));
        double px = ax + t * dx;
        double py = ay + t * dy;
        best = Math.min(best, px * px + py * py);
      }
      return Math.sqrt(best);
    }
  }

  static final double M_PER_DEG_LAT = 110_600;

  static double mPerDegLon(double lat) {
    return 111_320 * Math.cos(Math.toRadians(lat));
  }

  static double metres(double x0, double y0, double x1, double y1) {
    return Math.hypot((x1 - x0) * mPerDegLon((y0 + y1) / 2), (y1 - y0) * M_PER_DEG_LAT);
  }

  /** The border line of the database (the reference border the server loaded). */
  public static Line border(JdbcClient jdbc) {
    List<double[]> pts = jdbc.sql("""
        select st_x(d.geom) as x, st_y(d.geom) as y
        from (select geom from border_line order by id limit 1) b, st_dumppoints(b.geom) d order by d.path
        """).query((rs, n) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).list();
    Line line = new Line(pts);
    if (pts.size() < 100 || line.length() < 300_000) {
      throw new IllegalStateException("the border line has " + pts.size() + " vertices and " + line.length()
          + " m: not the reference border");
    }
    return line;
  }

  /** The source tag of chunk {@code c}. */
  public static String source(int chunk) {
    return String.format(Locale.ROOT, "%s-c%02d", VERSION, chunk);
  }

  /** Rows in chunk {@code c} (the remainder goes to the first chunks). */
  public static int rowsIn(int chunk) {
    return ROWS / CHUNKS + (chunk < ROWS % CHUNKS ? 1 : 0);
  }

  /** The organisation whose planner uploads chunk {@code c}. */
  public static String orgOf(int chunk) {
    return chunk % 2 == 0 ? "KH" : "LA";
  }

  /** Chunk {@code c} as import CSV, rows in time order (one half-year). */
  public static String csv(Line line, int chunk) {
    Random rnd = new Random(20_26L * 1000 + chunk);
    int half = chunk / 2;
    int year = FIRST_YEAR + half / 2;
    int h = half % 2;
    long start = java.time.LocalDate.of(year, 1 + 6 * h, 1).atStartOfDay().toEpochSecond(java.time.ZoneOffset.UTC);
    long end = java.time.LocalDate.of(year, 1 + 6 * h, 1).plusMonths(6).atStartOfDay()
        .toEpochSecond(java.time.ZoneOffset.UTC);
    int n = rowsIn(chunk);
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = start + (long) (rnd.nextDouble() * (end - start));
    }
    java.util.Arrays.sort(times);
    double growth = (year - FIRST_YEAR) / (double) (YEARS - 1);
    StringBuilder sb = new StringBuilder(n * 110).append("lon,lat,time,type,severity,releasability,source\n");
    for (int i = 0; i < n; i++) {
      double x;
      double y;
      if (rnd.nextDouble() < 0.2) {
        int c = rnd.nextInt(CLUSTERS);
        // even clusters grow over the years (emerging), odd ones stay constant
        if (c % 2 == 0 && rnd.nextDouble() > 0.4 + 0.6 * growth) {
          c = c + 1;
        }
        double[] p = line.at(0.05 + 0.1 * c);
        double r = Math.min(2000, Math.abs(rnd.nextGaussian()) * 800);
        double a = rnd.nextDouble() * 2 * Math.PI;
        x = p[0] + r * Math.cos(a) / mPerDegLon(p[1]);
        y = p[1] + r * Math.sin(a) / M_PER_DEG_LAT;
      } else {
        double[] p = line.at(rnd.nextDouble());
        double off = (rnd.nextDouble() * 2 - 1) * 9_500;
        x = p[0] + off * p[2] / mPerDegLon(p[1]);
        y = p[1] + off * p[3] / M_PER_DEG_LAT;
      }
      String rel = rnd.nextDouble() < 0.75 ? "SHARED" : "NATIONAL";
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%s,%s,%d,%s,%s%n", x, y,
          java.time.Instant.ofEpochSecond(times[i]), TYPES[rnd.nextInt(TYPES.length)], 1 + rnd.nextInt(5), rel,
          source(chunk)));
    }
    return sb.toString();
  }

  /**
   * The network as the GeoJSON body of {@code POST /api/network/import}: a lattice over the border's bounding
   * box, vertices jittered by up to 30 % of the spacing, the edges whose both ends lie within 8 km of the line,
   * the spacing chosen so that close to {@link #EDGES} edges remain, then exactly {@link #EDGES} kept.
   */
  public static String network(Line line) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (int i = 0; i < line.lon.length; i++) {
      minX = Math.min(minX, line.lon[i]);
      maxX = Math.max(maxX, line.lon[i]);
      minY = Math.min(minY, line.lat[i]);
      maxY = Math.max(maxY, line.lat[i]);
    }
    double pad = 0.08;
    minX -= pad;
    minY -= pad;
    maxX += pad;
    maxY += pad;
    double midLat = (minY + maxY) / 2;
    double spacing = 400; // metres, adjusted below
    List<double[][]> edges = null;
    for (int iter = 0; iter < 3; iter++) {
      edges = lattice(line, minX, minY, maxX, maxY, midLat, spacing);
      if (edges.isEmpty()) {
        throw new IllegalStateException("no lattice edge within 8 km of the border at " + spacing + " m");
      }
      if (edges.size() >= EDGES && edges.size() < EDGES * 1.05) {
        break;
      }
      spacing *= Math.sqrt(edges.size() / (EDGES * 1.02));
    }
    StringBuilder sb = new StringBuilder(EDGES * 120).append("{\"type\":\"FeatureCollection\",\"features\":[");
    int n = Math.min(EDGES, edges.size());
    for (int i = 0; i < n; i++) {
      double[][] e = edges.get(i);
      String kind = e[2][0] == 0 ? "road" : e[2][0] == 1 ? "track" : "trail";
      sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"type\":\"Feature\",\"properties\":{\"kind\":\"%s\",\"name\":\"%s\"},\"geometry\":{\"type\":\"LineString\","
              + "\"coordinates\":[[%.6f,%.6f],[%.6f,%.6f]]}}", kind, VERSION, e[0][0], e[0][1], e[1][0], e[1][1]));
    }
    return sb.append("]}").toString();
  }

  private static List<double[][]> lattice(Line line, double minX, double minY, double maxX, double maxY,
      double midLat, double spacing) {
    double sx = spacing / mPerDegLon(midLat);
    double sy = spacing / M_PER_DEG_LAT;
    int nx = (int) Math.ceil((maxX - minX) / sx) + 1;
    int ny = (int) Math.ceil((maxY - minY) / sy) + 1;
    double[][] px = new double[nx][ny];
    double[][] py = new double[nx][ny];
    boolean[][] in = new boolean[nx][ny];
    Random rnd = new Random(100_000);
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        px[i][j] = minX + i * sx + (rnd.nextDouble() - 0.5) * 0.6 * sx;
        py[i][j] = minY + j * sy + (rnd.nextDouble() - 0.5) * 0.6 * sy;
      }
    }
    // the vertices within 8 km of the line (measured exactly, once per lattice)
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        in[i][j] = line.distance(px[i][j], py[i][j]) <= 8_000;
      }
    }
    List<double[][]> edges = new ArrayList<>();
    for (int i = 0; i < nx; i++) {
      for (int j = 0; j < ny; j++) {
        if (!in[i][j]) {
          continue;
        }
        if (i + 1 < nx && in[i + 1][j]) {
          edges.add(new double[][] {{px[i][j], py[i][j]}, {px[i + 1][j], py[i + 1][j]}, {j % 10 == 0 ? 0 : 1 + (i + j) % 2}});
        }
        if (j + 1 < ny && in[i][j + 1]) {
          edges.add(new double[][] {{px[i][j], py[i][j]}, {px[i][j + 1], py[i][j + 1]}, {i % 10 == 0 ? 0 : 1 + (i + j) % 2}});
        }
      }
    }
    return edges;
  }

  private LargeData() {}
}
