package org.borderzone.patrol;

/** The SQL of the patrol feature, as named text. All geometry EPSG:4326; metric work in UTM 48N (EPSG:32648). */
final class PatrolSql {

  private PatrolSql() {}

  static final String INSERT_EDGE = """
      insert into network_edge (source, target, kind, name, geom, length_m)
      values (?, ?, ?, ?, st_geomfromtext(?, 4326), 0)
      """;

  /**
   * Per edge, once after an import (run in order): geodesic length and no side; then {@link #CLASSIFY_EDGE_SIDE}
   * once per country of the border (table {@code country}, by code: one statement per country so that PostGIS
   * reuses the prepared polygon); then these: BOTH when it crosses the border line, the distance from the line
   * (UTM 48N metres) for the setback, whether it touches a disputed area.
   */
  static final String CLEAR_EDGE_SIDES = "update network_edge set length_m = st_length(geom::geography), side = null";

  /** The countries of the border whose outlines give an edge its side, in order. */
  static final String SIDE_COUNTRIES = "select iso_a2 from country order by iso_a2";

  /** The side of the edges whose middle point lies in country {@code :iso} (and that have none yet). */
  static final String CLASSIFY_EDGE_SIDE = """
      update network_edge e set side = :iso
      where side is null
        and st_intersects((select geom from country where iso_a2 = :iso), st_lineinterpolatepoint(e.geom, 0.5))
      """;

  static final String[] CLASSIFY_EDGES = {
      """
      update network_edge e set side = 'BOTH'
      where st_crosses(e.geom, (select geom from border_line order by id limit 1))
      """,
      """
      update network_edge e set border_distance_m = st_distance(st_transform(e.geom, 32648), l.utm)
      from (select st_transform(geom, 32648) as utm from border_line order by id limit 1) l
      """,
      """
      update network_edge e set in_disputed = exists (select 1 from disputed_area d where st_intersects(d.geom, e.geom))
      """};

  static final String NETWORK_COLLECTION = """
      select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', e.id,
        'geometry', st_asgeojson(e.geom, 6)::json,
        'properties', json_build_object('id', e.id, 'kind', e.kind, 'name', e.name, 'side', e.side,
          'lengthM', round(e.length_m::numeric, 1), 'source', e.source, 'target', e.target,
          'borderDistanceM', round(e.border_distance_m::numeric, 1), 'inDisputedArea', e.in_disputed))
        order by e.id), '[]'::json))::text
      from network_edge e
      where cast(:minLon as float8) is null
         or e.geom && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)
      """;

  /** How many edges {@link #NETWORK_COLLECTION} would return (checked against the limit first). */
  static final String NETWORK_COUNT = """
      select count(*) from network_edge e
      where cast(:minLon as float8) is null
         or e.geom && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326)
      """;

  static final String LOAD_EDGES = """
      select id, source, target, kind, side, length_m, cost_factor, coalesce(border_distance_m, 1e9) as bd,
             in_disputed, st_asbinary(geom) as wkb
      from network_edge where source is not null and target is not null
      """;

  static final String BASE_JSON = """
      json_build_object('type', 'Feature', 'id', b.id, 'geometry', st_asgeojson(b.geom, 6)::json,
        'properties', json_build_object('id', b.id, 'name', b.name, 'kind', b.kind, 'orgCode', b.org_code,
          'side', b.side, 'notes', b.notes, 'version', b.version))
      """;

  static final String BASES = "select json_build_object('type', 'FeatureCollection', 'features', "
      + "coalesce(json_agg(" + BASE_JSON + " order by b.id), '[]'::json))::text from patrol_base b";

  static final String BASE_ONE = "select " + BASE_JSON + "::text from patrol_base b where b.id = :id";

  /** The side of a point: the country that holds it (null outside both). */
  static final String SIDE_OF_POINT = """
      select (select c.iso_a2 from country c where st_intersects(c.geom, st_setsrid(st_makepoint(:lon, :lat), 4326))
              limit 1)
      """;

  /** A saved plan: everything computed by the server ({@code PlanService.create}). */
  static final String INSERT_PLAN = """
      insert into patrol_plan (name, base_id, owner_org, created_by, mode, profile, stops, covered_cells,
                               route_geom, length_m, duration_s, status, joint, route)
      values (:name, :baseId, :org, :user, :mode, :profile, cast(:stops as jsonb), cast(:cells as jsonb),
              st_multi(st_collect(cast(:lines as geometry[]))), :len, :dur, :status, :joint, cast(:route as jsonb))
      returning id
      """;

  /** A new base; returns its id. */
  static final String BASE_INSERT = """
      insert into patrol_base (name, kind, org_code, side, geom, notes)
      values (:name, :kind, :org, :side, st_setsrid(st_makepoint(:lon, :lat), 4326), :notes) returning id
      """;

  /** Every field of a base, its version incremented. */
  static final String BASE_UPDATE = """
      update patrol_base set name = :name, kind = :kind, org_code = :org, side = :side,
        geom = st_setsrid(st_makepoint(:lon, :lat), 4326), notes = :notes, version = version + 1 where id = :id
      """;

  /** How many plans start at a base (which then cannot be deleted). */
  static final String BASE_PLANS = "select count(*) from patrol_plan where base_id = :id";

  /** Deletes a base. */
  static final String BASE_DELETE = "delete from patrol_base where id = :id";

  /** A base's version and owner, the row locked for a change. */
  static final String BASE_LOCK = "select version, org_code from patrol_base where id = :id for update";

  /** Where a crossing edge meets the border line (lon, lat, fraction along the edge) and the nearest CHECKPOINT base within :maxM. */
  static final String CROSSING_POINT = """
      select st_x(x.p) as lon, st_y(x.p) as lat, st_linelocatepoint(x.g, x.p) as f,
             (select b.id from patrol_base b
              where b.kind = 'CHECKPOINT' and st_dwithin(b.geom::geography, x.p::geography, :maxM)
              order by b.geom <-> x.p limit 1) as base
      from (select e.geom as g, st_geometryn(st_intersection(e.geom, l.geom), 1) as p
            from network_edge e, (select geom from border_line order by id limit 1) l
            where e.id = :id) x
      where x.p is not null and st_geometrytype(x.p) = 'ST_Point'
      """;

  /** The first CHECKPOINT base within :maxM of a route line (WKT) that is not already a stop (:exclude). */
  static final String PASSED_CHECKPOINT = """
      select b.id, st_x(b.geom) as lon, st_y(b.geom) as lat, st_linelocatepoint(l.g, b.geom) as f
      from patrol_base b, (select st_geomfromtext(:wkt, 4326) as g) l
      where b.kind = 'CHECKPOINT' and st_dwithin(b.geom::geography, l.g::geography, :maxM)
        and not (('base:' || b.id) = any (string_to_array(:exclude, ',')))
      order by 4, b.id limit 1
      """;

  /** A patrol base's name, owner and position (route planning). */
  static final String BASE_POSITION =
      "select id, name, org_code, st_x(geom) as lon, st_y(geom) as lat from patrol_base where id = :id";

  /** One plan as a GeoJSON Feature, if the caller may read it. */
  static final String PLAN_ONE =
      "select " + PlanService.PLAN_JSON + "::text from patrol_plan p where p.id = :id and " + PlanService.VISIBLE;

  /**
   * One page of plans as a FeatureCollection; a template of {@code %1$s} the read rule, {@code %2$s} the plan
   * JSON.
   */
  static final String PLAN_PAGE = """
      select json_build_object('type', 'FeatureCollection',
        'numberMatched', (select count(*) from patrol_plan p where %1$s),
        'numberReturned', count(*), 'page', cast(:page as int), 'size', cast(:size as int),
        'features', coalesce(json_agg(f order by created_at desc, id desc), '[]'::json))::text
      from (select p.created_at, p.id, %2$s as f from patrol_plan p where %1$s
            order by p.created_at desc, p.id desc limit :size offset :offset) x
      """;

  /** A plan's status and owner, locked for a status change. */
  static final String PLAN_LOCK = "select status, owner_org from patrol_plan where id = :id for update";

  /** A plan's new status. */
  static final String PLAN_SET_STATUS = "update patrol_plan set status = :s, version = version + 1 where id = :id";

  /** Whether a readable PLANNED or DONE plan covered the cell; a template of {@code %s} the read rule. */
  static final String PLAN_COVERS_CELL = """
      select exists (select 1 from patrol_plan p
        where %s and p.status in ('PLANNED', 'DONE') and p.created_at >= :from
          and (p.covered_cells @> jsonb_build_array(cast(:id as text))
               or st_dwithin(p.route_geom::geography, st_setsrid(st_makepoint(:lon, :lat), 4326)::geography, 1000)))
      """;

  /** Empties the network before an import replaces it. */
  static final String DELETE_NETWORK = "delete from network_edge";

  /** The imported network's edge and node counts and total length. */
  static final String NETWORK_STATS =
      "select count(*) as n, count(distinct source) + 0 as s, coalesce(sum(length_m), 0) as len,"
          + " (select count(*) from (select source from network_edge union select target from network_edge) v) as v"
          + " from network_edge";

  /**
   * Demo network, step 1 (several statements, split at {@code ;}): the border line and the side zones in UTM
   * 48N, and the offset lines each side.
   */
  static final String DEMO_NETWORK_SETUP = """
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

  /**
   * Demo network, step 2 (several statements): the checkpoints, the Mekong posts and a synthetic post every
   * ~40 km.
   */
  static final String DEMO_NETWORK_BASES = """
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

  /**
   * Demo network, step 3: the lines (tracks, roads, connectors, trails to pillars, base roads, the two
   * crossings) as WKT.
   */
  static final String DEMO_NETWORK_LINES = """
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

  /** The number of network edges (the demo seeds only an empty network). */
  static final String EDGE_COUNT = "select count(*) from network_edge";

  /** The number of border lines (no line, no demo network). */
  static final String BORDER_LINE_COUNT = "select count(*) from border_line";

  /** The number of patrol bases. */
  static final String BASE_COUNT = "select count(*) from patrol_base";
}
