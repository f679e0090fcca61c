package org.borderzone.hotspots;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Synthetic incidents written straight into the table (SQL, deterministic seeds) for the hotspot tests and
 * benchmarks. Each call tags its rows with a {@code source} so a run can delete exactly what it planted, and
 * uses its own year far from real and demo data, so other tests sharing the database do not disturb it.
 * Geometry is generated in UTM 48N inside the border zone (buffer of the border line) and stored in EPSG:4326.
 */
final class PlantedIncidents {

  /** The border zone as the service builds it (same buffer). */
  static final String ZONE = "(select ST_Buffer(ST_Union(ST_Transform(geom, 32648)), :zoneM, 'quad_segs=8') from border_line)";

  /** A point on the border line at fraction f of its length (UTM 48N). */
  static final String ON_LINE = "(select ST_LineInterpolatePoint(ST_Transform(geom, 32648), :f) from border_line order by id limit 1)";

  private static final String INSERT = """
      insert into incident (occurred_at, geom, type, severity, owner_org, releasability, created_by, source)
      select :t0 + (((d).path[1] * 7919) %% :days) * interval '1 day' + interval '12 hours',
             ST_Transform((d).geom, 4326), :type, 3, :owner, :releasability, 'test', :source
      from (select ST_Dump(ST_GeneratePoints(%s, :n, :seed)) as d) s
      """;

  private PlantedIncidents() {}

  static void delete(JdbcClient jdbc, String sourcePrefix) {
    jdbc.sql("delete from incident where source like :p").param("p", sourcePrefix + "%").update();
  }

  /** {@code n} points uniform in the zone, spread over {@code days} days from {@code t0} (ISO date). */
  static int background(JdbcClient jdbc, String source, String type, String t0, int days, int n, int seed) {
    return insert(jdbc, ZONE, source, type, t0, days, n, seed, "KH", "SHARED", 0, 0);
  }

  /** {@code n} points uniform in a disk of {@code radiusM} around the border point at fraction {@code f}. */
  static int cluster(JdbcClient jdbc, String source, String type, String t0, int days, double f, double radiusM,
      int n, int seed, String owner, String releasability) {
    return insert(jdbc, "ST_Buffer(" + ON_LINE + ", :radius)", source, type, t0, days, n, seed, owner,
        releasability, f, radiusM);
  }

  /** {@code n} points in a disk of {@code radiusM} around the UTM point (x, y). */
  static int disk(JdbcClient jdbc, String source, String type, String t0, int days, double x, double y,
      double radiusM, int n, int seed) {
    return disk(jdbc, source, type, t0, days, x, y, radiusM, n, seed, "KH", "SHARED");
  }

  /** As {@link #disk(JdbcClient, String, String, String, int, double, double, double, int, int)}, of an owner. */
  static int disk(JdbcClient jdbc, String source, String type, String t0, int days, double x, double y,
      double radiusM, int n, int seed, String owner, String releasability) {
    String sql = String.format(INSERT, "ST_Buffer(ST_SetSRID(ST_MakePoint(:x, :y), 32648), :radius)");
    return jdbc.sql(sql).param("t0", java.time.LocalDate.parse(t0).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
        .param("days", days).param("type", type).param("owner", owner).param("releasability", releasability)
        .param("source", source).param("n", n).param("seed", seed).param("x", x).param("y", y)
        .param("radius", radiusM).update();
  }

  /** The UTM 48N coordinates of the border point at fraction f. */
  static double[] onLine(JdbcClient jdbc, double f) {
    return jdbc.sql("select ST_X(p) as x, ST_Y(p) as y from (select " + ON_LINE + " as p) s").param("f", f)
        .query((rs, k) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).single();
  }

  private static int insert(JdbcClient jdbc, String where, String source, String type, String t0, int days, int n,
      int seed, String owner, String releasability, double f, double radius) {
    String sql = String.format(INSERT, where);
    JdbcClient.StatementSpec spec = jdbc.sql(sql)
        .param("t0", java.time.LocalDate.parse(t0).atStartOfDay().atOffset(java.time.ZoneOffset.UTC))
        .param("days", days).param("type", type).param("owner", owner).param("releasability", releasability)
        .param("source", source).param("n", n).param("seed", seed).param("zoneM", 10_000.0);
    if (where.contains(":f")) {
      spec = spec.param("f", f).param("radius", radius);
    }
    return spec.update();
  }
}
