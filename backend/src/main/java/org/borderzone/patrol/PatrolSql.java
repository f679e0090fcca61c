package org.borderzone.patrol;

/** The SQL of the patrol feature, as named text. All geometry EPSG:4326; metric work in UTM 48N (EPSG:32648). */
final class PatrolSql {

  private PatrolSql() {}

  static final String INSERT_EDGE = """
      insert into network_edge (source, target, kind, name, geom, length_m)
      values (?, ?, ?, ?, st_geomfromtext(?, 4326), 0)
      """;

  /**
   * Per edge, once after an import (several statements, run in order): geodesic length; side (BOTH when it
   * crosses the border line, else the country holding its middle point, null outside both — one statement per
   * country so that PostGIS reuses the prepared polygon); distance from the line (UTM 48N metres) for the
   * setback; whether it touches a disputed area.
   */
  static final String[] CLASSIFY_EDGES = {
      "update network_edge set length_m = st_length(geom::geography), side = null",
      """
      update network_edge e set side = 'KH'
      where st_intersects((select geom from country where iso_a2 = 'KH'), st_lineinterpolatepoint(e.geom, 0.5))
      """,
      """
      update network_edge e set side = 'LA'
      where side is null
        and st_intersects((select geom from country where iso_a2 = 'LA'), st_lineinterpolatepoint(e.geom, 0.5))
      """,
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
}
