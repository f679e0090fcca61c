package org.borderzone.patrol;

import org.borderzone.system.StatementTimeouts;
import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.system.Actor;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The deterministic demo patrol network and bases (demo profile; once, when {@code network_edge} is empty).
 * Everything is synthetic except the checkpoint names and their approximate positions (data/README.md):
 * <ul>
 *   <li>tracks at ~3 and ~6 km and a road at ~10 km from the border on each side: offset curves of the line
 *       (simplified to 1.5 km, UTM 48N), clipped to the country and kept ≥ 1.5 km from the real line,
 *       cut into ~3 km pieces; track connectors between the 3 and 6 km tracks every ~8 km, road spurs from the
 *       6 km track to the road every ~16 km;</li>
 *   <li>trails from the nearest 3 km track to each pillar, in two pieces: to 250 m from the pillar, then to
 *       20 m from it on the own side (the last piece is inside any setback: for joint patrols);</li>
 *   <li>bases: Trapeang Kriel (KH) and Nong Nok Khiene (LA) checkpoints near 105.95 E 13.93 N, Mekong crossing
 *       posts near 105.98 E 13.92 N (each moved to 300 m inside its own side), synthetic posts every ~40 km
 *       on the 6 km track of each side; roads from each base to its side's road and 3 km track; two
 *       crossings: the NR7 / Route 13 road between the checkpoints and a Mekong ferry (side BOTH).</li>
 * </ul>
 * The lines then go through the same noding and classification as an import.
 */
@Component
@Profile("demo")
public class DemoNetworkSeeder {

  private static final Logger log = LoggerFactory.getLogger(DemoNetworkSeeder.class);

  static final String SETUP = """
      create temp table dz_line on commit drop as
        select st_transform(geom, 32648) as full, st_simplifypreservetopology(st_transform(geom, 32648), 1500) as simple
        from border_line order by id limit 1;
      create temp table dz_side on commit drop as
        select c.iso_a2 as iso,
               st_difference(st_intersection(st_transform(c.geom, 32648), st_buffer(l.full, 15000)),
                             st_buffer(l.full, 1500)) as zone
        from country c, dz_line l;
      create temp table dz_lines on commit drop as
        with off as (
          select o.d, (st_dump(st_offsetcurve(l.simple, o.d, 'quad_segs=2 join=round'))).geom as g
          from dz_line l, (values (3000), (-3000), (6000), (-6000), (10000), (-10000)) o(d)),
        cl as (
          select abs(off.d) as dist, s.iso, (st_dump(st_intersection(off.g, s.zone))).geom as g
          from off join dz_side s on st_intersects(off.g, s.zone))
        select dist, iso, g from cl where st_geometrytype(g) = 'ST_LineString' and st_length(g) > 1000;
      create temp table dz_all on commit drop as
        select dist, iso, st_collect(g) as g from dz_lines group by dist, iso;
      """;

  static final String BASES = """
      insert into patrol_base (name, kind, org_code, side, geom, notes)
      select x.name, x.kind, x.org, x.org,
             st_transform(st_closestpoint(st_difference(s.zone_near, st_buffer(l.full, 300)),
                                          st_transform(st_setsrid(st_makepoint(x.lon, x.lat), 4326), 32648)), 4326),
             x.notes
      from (values
        ('Trapeang Kriel international checkpoint', 'CHECKPOINT', 'KH', 105.95, 13.93,
         'Real checkpoint on NR7; position approximate (synthetic demo network), moved 300 m inside KH.'),
        ('Nong Nok Khiene international checkpoint', 'CHECKPOINT', 'LA', 105.95, 13.93,
         'Real checkpoint on Route 13; position approximate (synthetic demo network), moved 300 m inside LA.'),
        ('Mekong crossing post (KH)', 'POST', 'KH', 105.98, 13.92,
         'Mekong crossing area; approximate position, synthetic post.'),
        ('Mekong crossing post (LA)', 'POST', 'LA', 105.98, 13.92,
         'Mekong crossing area; approximate position, synthetic post.')) x(name, kind, org, lon, lat, notes)
      cross join dz_line l
      join (select c.iso_a2, st_intersection(st_transform(c.geom, 32648), st_buffer(l2.full, 5000)) as zone_near
            from country c, dz_line l2) s on s.iso_a2 = x.org
      order by x.org, x.kind, x.name;
      insert into patrol_base (name, kind, org_code, side, geom, notes)
      select format('%s post %s (synthetic)', a.iso, lpad(k::text, 2, '0')), 'POST', a.iso, a.iso,
             st_transform(st_closestpoint(a.g, st_lineinterpolatepoint(l.full, (k - 0.5) * 40000 / st_length(l.full))), 4326),
             'Synthetic post on the demo 6 km track, one every ~40 km along the border.'
      from dz_line l, dz_all a, generate_series(1, 14) k
      where a.dist = 6000 and (k - 0.5) * 40000 < st_length(l.full)
      order by a.iso, k;
      """;

  static final String LINES = """
      with pieces as (
        select case when d.dist = 10000 then 'road' else 'track' end as kind,
               format('%s %s %s km (synthetic)', d.iso, case when d.dist = 10000 then 'road' else 'track' end, d.dist / 1000) as name,
               st_linesubstring(d.g, k::float8 / n, (k + 1)::float8 / n) as g
        from (select *, greatest(1, ceil(st_length(g) / 3000))::int as n from dz_lines) d, generate_series(0, d.n - 1) k
      ), six as (
        select l.iso, st_lineinterpolatepoint(l.g, (k + 0.5) / greatest(1, floor(st_length(l.g) / 8000))) as p, k
        from dz_lines l, generate_series(0, 400) k
        where l.dist = 6000 and k < greatest(1, floor(st_length(l.g) / 8000))
      ), connectors as (
        select 'track' as kind, format('%s connector (synthetic)', s.iso) as name,
               st_makeline(s.p, st_closestpoint(a.g, s.p)) as g
        from six s join dz_all a on a.iso = s.iso and a.dist = 3000
        union all
        select 'road', format('%s road spur (synthetic)', s.iso), st_makeline(s.p, st_closestpoint(a.g, s.p))
        from six s join dz_all a on a.iso = s.iso and a.dist = 10000 where s.k % 2 = 0
      ), pil as (
        select p.number, s.iso, st_transform(p.geom, 32648) as pp, st_closestpoint(a.g, st_transform(p.geom, 32648)) as q
        from pillar p cross join (select distinct iso from dz_lines) s
        join dz_all a on a.iso = s.iso and a.dist = 3000
      ), trails as (
        select 'trail' as kind, format('Trail to pillar %s (%s, synthetic)', number, iso) as name,
               st_makeline(q, st_lineinterpolatepoint(st_makeline(pp, q), 250 / st_distance(pp, q))) as g
        from pil where st_distance(pp, q) between 400 and 6000
        union all
        select 'trail', format('Trail to pillar %s, last stretch (%s, synthetic)', number, iso),
               st_makeline(st_lineinterpolatepoint(st_makeline(pp, q), 250 / st_distance(pp, q)),
                           st_lineinterpolatepoint(st_makeline(pp, q), 20 / st_distance(pp, q)))
        from pil where st_distance(pp, q) between 400 and 6000
      ), base_roads as (
        select 'road' as kind, format('Road to %s (synthetic)', b.name) as name,
               st_makeline(st_transform(b.geom, 32648), st_closestpoint(a.g, st_transform(b.geom, 32648))) as g
        from patrol_base b join dz_all a on a.iso = b.org_code and a.dist in (3000, 10000)
      ), crossings as (
        select 'road' as kind, 'NR7 / Route 13 crossing, Trapeang Kriel – Nong Nok Khiene (approximate)' as name,
               st_makeline(st_transform(k.geom, 32648), st_transform(l.geom, 32648)) as g
        from patrol_base k, patrol_base l
        where k.name = 'Trapeang Kriel international checkpoint' and l.name = 'Nong Nok Khiene international checkpoint'
        union all
        select 'ferry', 'Mekong crossing (approximate)', st_makeline(st_transform(k.geom, 32648), st_transform(l.geom, 32648))
        from patrol_base k, patrol_base l
        where k.name = 'Mekong crossing post (KH)' and l.name = 'Mekong crossing post (LA)'
      ), everything as (
        select kind, name, g, false as crossing from pieces
        union all select kind, name, g, false from connectors
        union all select kind, name, g, false from trails
        union all select kind, name, g, false from base_roads where st_length(g) between 1 and 15000
        union all select kind, name, g, true from crossings
      )
      select e.kind, e.name, st_astext(st_transform(e.g, 4326)) as wkt
      from everything e, dz_line l
      where st_length(e.g) > 1 and (e.crossing or not st_intersects(e.g, l.full))
      order by e.kind, e.name, st_astext(e.g)
      """;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final NetworkService network;
  private final AuditLog audit;

  DemoNetworkSeeder(JdbcClient jdbc, TransactionTemplate tx, NetworkService network, AuditLog audit,
      StatementTimeouts timeouts) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.tx = tx;
    this.network = network;
    this.audit = audit;
  }

  /**
   * Seeds the network and bases unless there is a network already or no border line (called by the demo
   * orchestrator, before {@link GraphHolder} builds the graph from it).
   */
  public void seed() {
    if (jdbc.sql("select count(*) from network_edge").query(Long.class).single() > 0
        || jdbc.sql("select count(*) from border_line").query(Long.class).single() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    tx.executeWithoutResult(s -> {
      timeouts.longWork();
      for (String stmt : SETUP.split(";\\s*\\n")) {
        if (!stmt.isBlank()) {
          jdbc.sql(stmt).update();
        }
      }
      if (jdbc.sql("select count(*) from patrol_base").query(Long.class).single() == 0) {
        for (String stmt : BASES.split(";\\s*\\n")) {
          if (!stmt.isBlank()) {
            jdbc.sql(stmt).update();
          }
        }
        audit.record(Actor.SYSTEM, "DEMO_SEED", "patrol_base", null, null,
            JsonNodeFactory.instance.objectNode()
                .put("bases", jdbc.sql("select count(*) from patrol_base").query(Long.class).single()).toString());
      }
      WKTReader wkt = new WKTReader();
      List<NetworkNoder.Line> lines = jdbc.sql(LINES).query((rs, n) -> {
        try {
          return new NetworkNoder.Line(Kind.parse(rs.getString("kind")), rs.getString("name"),
              wkt.read(rs.getString("wkt")).getCoordinates());
        } catch (ParseException e) {
          throw new IllegalStateException(e);
        }
      }).list();
      var result = network.replace(lines, 5, Actor.SYSTEM);
      log.info("Seeded the demo patrol network: {} lines, {} edges, {} km in {} ms", lines.size(), result.edges(),
          Math.round(result.lengthKm()), (System.nanoTime() - t0) / 1_000_000);
    });
  }
}
