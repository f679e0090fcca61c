package org.borderzone.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixtures written straight into the database, independent of whatever the demo seeder stored.
 * Pillars created here are numbered {@code P-9…} (the demo's are {@code P-001}…{@code P-145}), placed on the
 * segment's line (so they lie on the border), and their {@code seq} skips one after the largest, so that no
 * fixture is ever the successor in {@code seq} of another pillar (the demo checks that consecutive pillars run
 * west to east).
 */
public final class Fixtures {

  private Fixtures() {}

  /**
   * The id of the segment {@code k} places from the eastern end of the border (k = 0 is the last segment).
   * Each test class picks its own {@code k}s so that classes never share segments.
   */
  public static int segmentFromEast(JdbcClient jdbc, int k) {
    return jdbc.sql("select id from border_segment order by seq desc offset :k limit 1").param("k", k)
        .query(Integer.class).single();
  }

  /**
   * Creates a pillar with {@code status} on segment {@code segmentId}, at {@code fraction} (0..1) of the
   * segment's length, and returns its id.
   */
  public static int pillar(JdbcClient jdbc, int segmentId, double fraction, String status) {
    return jdbc.sql("""
        insert into pillar (number, seq, geom, segment_id, status)
        select 'P-' || (900000 + n.seq), n.seq, st_lineinterpolatepoint(s.geom, :fraction), s.id, :status
        from border_segment s, (select coalesce(max(seq), 0) + 2 as seq from pillar) n
        where s.id = :segmentId
        returning id
        """).param("fraction", fraction).param("status", status).param("segmentId", segmentId)
        .query(Integer.class).single();
  }

  /** Longitude and latitude (degrees) of pillar {@code id}. */
  public static double[] lonLat(JdbcClient jdbc, int pillarId) {
    return jdbc.sql("select st_x(geom) as x, st_y(geom) as y from pillar where id = :id").param("id", pillarId)
        .query((rs, n) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).single();
  }

  /** {@code select count(*) from <table>} for a table name written in the test itself. */
  public static long count(JdbcClient jdbc, String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }
}
