package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The bulk loader's fast path ({@link IncidentLocator}) against the trigger's {@code incident_location()} on the
 * same points: the same nearest segment, the distance within 0.01 m, the same side and disputed flag. Points:
 * uniform over the border region and beyond (Thailand, Viet Nam, outside both outlines), near the border line,
 * near and on its vertices, and inside the disputed areas. Then end to end: an import stores exactly what the
 * trigger computes, and nobody can forge a location.
 */
class IncidentLocatorIT extends IntegrationTest {

  /** One test point with its category and the trigger's answer. */
  private record Case(String kind, double lon, double lat, Integer segment, Double distance, String side,
      boolean disputed, boolean covered) {}

  private static final String POINTS = """
      with seg as (select st_collect(geom) as g from border_segment),
      ext as (select st_xmin(g) - 0.6 as x0, st_ymin(g) - 0.6 as y0, st_xmax(g) + 0.6 as x1, st_ymax(g) + 0.6 as y1
              from seg),
      line as (select st_linemerge(g) as g from seg),
      verts as (select (st_dumppoints(geom)).geom as v from border_segment),
      pts as (
        select 'uniform' as kind, x0 + random() * (x1 - x0) as lon, y0 + random() * (y1 - y0) as lat
        from ext, generate_series(1, 1500)
        union all
        select 'near-border', st_x(p) + (random() - 0.5) * 0.004, st_y(p) + (random() - 0.5) * 0.004
        from (select st_lineinterpolatepoint(st_geometryn(l.g, 1 + (random() * (st_numgeometries(l.g) - 1))::int),
                                             random()) as p
              from line l, generate_series(1, 1200)) x
        union all
        select 'near-vertex', st_x(v) + (random() - 0.5) * 0.00004, st_y(v) + (random() - 0.5) * 0.00004
        from (select v from verts order by random() limit 500) x
        union all
        select 'on-vertex', st_x(v), st_y(v) from (select v from verts order by random() limit 200) x
        union all
        select 'disputed', st_x(p), st_y(p)
        from (select (st_dump(st_generatepoints(d.geom, 250, 7))).geom as p from disputed_area d) x
        union all
        select 'disputed-edge', st_x(v) + (random() - 0.5) * 0.0002, st_y(v) + (random() - 0.5) * 0.0002
        from (select (st_dumppoints(d.geom)).geom as v from disputed_area d) x)
      select p.kind, p.lon, p.lat, l.segment_id, l.distance_m, l.side, l.disputed,
             exists (select 1 from country_part c where st_covers(c.geom, st_setsrid(st_makepoint(p.lon, p.lat), 4326)))
               as covered
      from pts p, lateral incident_location(st_setsrid(st_makepoint(p.lon, p.lat), 4326)) l
      """;

  @Test
  void fastPathEqualsTheTrigger() {
    jdbc.sql("select setseed(0.42)::text").query(String.class).single();
    List<Case> cases = jdbc.sql(POINTS).query((rs, n) -> new Case(rs.getString("kind"), rs.getDouble("lon"),
        rs.getDouble("lat"), (Integer) rs.getObject("segment_id"), (Double) rs.getObject("distance_m"),
        rs.getString("side"), rs.getBoolean("disputed"), rs.getBoolean("covered"))).list();
    IncidentLocator locator = IncidentLocator.load(jdbc);
    int segmentDiff = 0;
    int sideDiff = 0;
    int disputedDiff = 0;
    int distanceDiff = 0;
    double maxDiff = 0;
    List<String> examples = new ArrayList<>();
    for (Case c : cases) {
      IncidentLocator.Location l = locator.locate(c.lon(), c.lat());
      String where = String.format(Locale.ROOT, "%s POINT(%.9f %.9f)", c.kind(), c.lon(), c.lat());
      if (l.segmentId() != c.segment()) {
        segmentDiff++;
        examples.add(where + " segment " + l.segmentId() + " vs " + c.segment());
      } else {
        double d = Math.abs(l.distanceM() - c.distance());
        maxDiff = Math.max(maxDiff, d);
        if (d > 0.01) {
          distanceDiff++;
          examples.add(where + " distance " + l.distanceM() + " vs " + c.distance());
        }
      }
      if (!c.side().equals(l.side())) {
        sideDiff++;
        examples.add(where + " side " + l.side() + " vs " + c.side());
      }
      if (c.disputed() != l.disputed()) {
        disputedDiff++;
        examples.add(where + " disputed " + l.disputed() + " vs " + c.disputed());
      }
    }
    long outside = cases.stream().filter(c -> !c.covered()).count();
    long disputed = cases.stream().filter(Case::disputed).count();
    System.out.printf(Locale.ROOT, "locator equivalence: %d points (%d outside both outlines, %d disputed): segment "
        + "mismatches %d, distance > 0.01 m %d (max difference %.3e m), side %d, disputed %d%n", cases.size(), outside,
        disputed, segmentDiff, distanceDiff, maxDiff, sideDiff, disputedDiff);
    examples.stream().limit(20).forEach(System.out::println);
    assertThat(cases).hasSizeGreaterThan(3500);
    assertThat(outside).as("points outside both outlines").isGreaterThan(100);
    assertThat(disputed).as("points in disputed areas").isGreaterThan(200);
    assertThat(cases.stream().filter(c -> c.distance() < 1).count()).as("points within 1 m of the line").isGreaterThan(100);
    assertThat(examples).isEmpty();
  }

  @Test
  void importStoresWhatTheTriggerComputesAndNobodyForgesALocation() {
    String source = "locator-it-" + System.nanoTime();
    jdbc.sql("select setseed(0.7)::text").query(String.class).single();
    List<double[]> pts = jdbc.sql("""
        select st_x(p) + (random() - 0.5) * 0.01 as lon, st_y(p) + (random() - 0.5) * 0.01 as lat
        from (select st_lineinterpolatepoint(st_geometryn(st_linemerge(st_collect(s.geom)), 1), k / 400.0) as p
              from border_segment s, generate_series(0, 399) k group by k) x
        """).query((rs, n) -> new double[] {rs.getDouble("lon"), rs.getDouble("lat")}).list();
    StringBuilder csv = new StringBuilder("lon,lat,time,type,severity,source\n");
    for (double[] p : pts) {
      csv.append(String.format(Locale.ROOT, "%.8f,%.8f,2025-03-01T10:00:00Z,SMUGGLING,2,%s%n", p[0], p[1], source));
    }
    Response r = post("/api/incidents/import", "text/csv", csv.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    Integer differing = jdbc.sql("""
        select count(*) from incident i, lateral incident_location(i.geom) l
        where i.source = :s and (i.nearest_segment_id is distinct from l.segment_id
          or abs(i.distance_to_border_m - l.distance_m) > 0.01 or i.side is distinct from l.side
          or i.in_disputed_area is distinct from l.disputed)
        """).param("s", source).query(Integer.class).single();
    assertThat(jdbc.sql("select count(*) from incident where source = :s and nearest_segment_id is not null")
        .param("s", source).query(Integer.class).single()).isEqualTo(pts.size());
    assertThat(differing).isZero();

    // A hand-written insert that sends location columns is recomputed by the trigger (no setting: no bypass).
    Long id = jdbc.sql("""
        insert into incident (occurred_at, geom, type, severity, owner_org, releasability, created_by,
                              nearest_segment_id, distance_to_border_m, side, in_disputed_area)
        values (now(), st_setsrid(st_makepoint(105.95, 13.93), 4326), 'OTHER', 1, 'KH', 'NATIONAL', 'it',
                (select max(id) from border_segment), 123456, 'LA', true)
        returning id
        """).query(Long.class).single();
    assertThat(located(id)).isEqualTo(expected(id)).doesNotContain("123456");
    // Moving the point recomputes as well.
    jdbc.sql("update incident set geom = st_setsrid(st_makepoint(106.5, 14.2), 4326) where id = :id").param("id", id)
        .update();
    assertThat(located(id)).isEqualTo(expected(id));
    jdbc.sql("delete from incident where id = :id or source = :s").param("id", id).param("s", source).update();
  }

  private String located(long id) {
    return jdbc.sql("select concat_ws(' ', nearest_segment_id, round(distance_to_border_m::numeric, 2), side, "
        + "in_disputed_area) from incident where id = :id").param("id", id).query(String.class).single();
  }

  private String expected(long id) {
    return jdbc.sql("select concat_ws(' ', l.segment_id, round(l.distance_m::numeric, 2), l.side, l.disputed) "
        + "from incident i, lateral incident_location(i.geom) l where i.id = :id").param("id", id)
        .query(String.class).single();
  }
}
