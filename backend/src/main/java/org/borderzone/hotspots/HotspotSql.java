package org.borderzone.hotspots;

import org.borderzone.incidents.Releasability;

/**
 * SQL of the hotspot views. All metric work is in UTM zone 48N (EPSG:32648, metres); geometries leave in
 * EPSG:4326 as GeoJSON text. Every incident query carries the same {@link #FILTER}: time window, types and
 * releasability ({@link #VISIBLE}); points are the stored {@code i.utm} (V12). Gi* and emerging read the rollup
 * {@code incident_rollup} (V13) instead when it holds the same answer ({@link #ROLLUP_FILTER}).
 */
final class HotspotSql {

  private HotspotSql() {}

  /**
   * Releasability: the caller sees SHARED incidents, those of their own organisation and those released to it.
   * The one releasability predicate of the incidents feature (binds {@code :viewerOrg}).
   */
  static final String VISIBLE = Releasability.PREDICATE;

  /**
   * from inclusive, to exclusive; types never empty; releasability. No spatial prefilter: the time window is the
   * selective condition (rows in time order, V12), and every cell and zone test runs on the stored UTM point
   * {@code i.utm} (V12), never on a per-row ST_Transform.
   */
  static final String FILTER = """
      i.occurred_at >= :from and i.occurred_at < :to and i.type in (:types)
        and\s""" + VISIBLE;

  /**
   * The same filter on the rollup {@code incident_rollup r} (V13): whole UTC days [:fromDay, :toDay), types,
   * releasability with the same rule on the rollup's owner_org and releasability columns.
   */
  static final String ROLLUP_FILTER = """
      r.day >= :fromDay and r.day < :toDay and r.type in (:types)
        and\s""" + Releasability.rollupPredicate("r");

  /** The rollup as the reader sees it (released incidents included for their recipient), alias {@code r}. */
  static final String ROLLUP = Releasability.ROLLUP + " r";

  /** Changes whenever the border line is re-imported (then cached zones and grids are rebuilt). */
  static final String BORDER_SIGNATURE =
      "select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(length_m), 0) from border_line";

  /**
   * The border zone: the border line(s) buffered by :zoneM metres on both sides, in UTM 48N, as EWKB, with
   * its envelope in EPSG:4326.
   */
  static final String ZONE = """
      select ST_AsEWKB(z) as ewkb, ST_XMin(e) as min_lon, ST_YMin(e) as min_lat,
             ST_XMax(e) as max_lon, ST_YMax(e) as max_lat, ST_Area(z) as area_m2,
             ST_XMin(z) as min_x, ST_YMin(z) as min_y, ST_XMax(z) as max_x, ST_YMax(z) as max_y
      from (select ST_Buffer(ST_Union(ST_Transform(geom, 32648)), :zoneM, 'quad_segs=8') as z from border_line) s,
           lateral (select ST_Envelope(ST_Transform(s.z, 4326)) as e) b
      where z is not null
      """;

  /** The hexagons of {@code ST_HexagonGrid(:a)} that intersect the zone, with their geometry as GeoJSON. */
  static final String HEX_CELLS = """
      with z as materialized (select ST_GeomFromEWKB(:zone) as g)
      select h.i, h.j, ST_AsGeoJSON(ST_Transform(h.geom, 4326), 6) as geometry
      from z, ST_HexagonGrid(:a, z.g) as h
      where ST_Intersects(h.geom, z.g)
      order by h.i, h.j
      """;

  /**
   * The hexagon cell key of the stored UTM point {@code i.utm} on the lattice of {@code ST_HexagonGrid(:a)} (see
   * {@link HexLattice}): the centres are two rectangular lattices, even columns at (3a·m, √3a·j) and odd
   * columns at (3a·m + 1.5a, √3a·(j + ½)); the nearest of the two rounded candidates wins. The key is
   * i·2³² + (j + 2³¹). Pure float8 arithmetic; the database function {@code incident_hex_key(x, y, a)} of the
   * rollup (V13) is the same expression, operation for operation, so both give identical keys.
   */
  private static final String HEX_KEY = """
      case when (ST_X(i.utm) - 3 * :a * round(ST_X(i.utm) / (3 * :a))) ^ 2
                + (ST_Y(i.utm) - sqrt(3) * :a * round(ST_Y(i.utm) / (sqrt(3) * :a))) ^ 2
             <= (ST_X(i.utm) - 3 * :a * round((ST_X(i.utm) - 1.5 * :a) / (3 * :a)) - 1.5 * :a) ^ 2
                + (ST_Y(i.utm) - sqrt(3) * :a * round((ST_Y(i.utm) - sqrt(3) / 2 * :a) / (sqrt(3) * :a)) - sqrt(3) / 2 * :a) ^ 2
           then (2 * round(ST_X(i.utm) / (3 * :a))::bigint) * 4294967296
                + round(ST_Y(i.utm) / (sqrt(3) * :a))::bigint + 2147483648
           else (2 * round((ST_X(i.utm) - 1.5 * :a) / (3 * :a))::bigint + 1) * 4294967296
                + round((ST_Y(i.utm) - sqrt(3) / 2 * :a) / (sqrt(3) * :a))::bigint + 2147483648
      end""";

  /** Incidents per hexagon: one grouped scan. */
  static final String HEX_COUNTS = "select " + HEX_KEY + """
       as k, count(*) as n
      from incident i
      where\s""" + FILTER + """

      group by 1
      """;

  /**
   * {@link #HEX_COUNTS} from the rollup, for the hexagon sizes it keeps: {@code column} is {@code hex1} (1 km edge)
   * or {@code hex2} (2 km), chosen by server code ({@link #ROLLUP_HEX_COLUMNS}).
   */
  static String rollupHexCounts(String column) {
    return "select r." + column + " as k, sum(r.n) as n from " + ROLLUP + " where " + ROLLUP_FILTER
        + " group by 1";
  }

  /** Per time slice (:unit) and hexagon from the rollup; as {@link #rollupHexCounts}. */
  static String rollupSliceHexCounts(String column) {
    return "select (date_trunc(:unit, r.day))::date as slice, r." + column + " as k, sum(r.n) as n"
        + " from " + ROLLUP + " where " + ROLLUP_FILTER + " group by 1, 2";
  }

  /** Hexagon edge in metres → the rollup column holding that hexagon's key (V13). */
  static final java.util.Map<Double, String> ROLLUP_HEX_COLUMNS = java.util.Map.of(1000.0, "hex1", 2000.0, "hex2");

  /** Incidents per time slice (:unit = 'month' or 'week', UTC) and hexagon. */
  static final String SLICE_HEX_COUNTS = "select (date_trunc(:unit, i.occurred_at at time zone 'UTC'))::date as slice, "
      + HEX_KEY + """
       as k, count(*) as n
      from incident i
      where\s""" + FILTER + """

      group by 1, 2
      """;

  /** First and last occurrence under the filter (the default window of the emerging view). */
  static final String TIME_RANGE = "select min(i.occurred_at) as t0, max(i.occurred_at) as t1 from incident i where "
      + FILTER;

  /** UTM coordinates of the filtered incidents inside the zone (kernel density input). */
  static final String POINTS_IN_ZONE = """
      with z as materialized (select ST_GeomFromEWKB(:zone) as g)
      select ST_X(i.utm) as x, ST_Y(i.utm) as y
      from z, incident i
      where ST_Intersects(z.g, i.utm) and\s""" + FILTER;

  /** How many incidents {@link #POINTS_IN_ZONE} would return (the kernel's work is checked first). */
  static final String POINTS_IN_ZONE_COUNT = """
      with z as materialized (select ST_GeomFromEWKB(:zone) as g)
      select count(*)
      from z, incident i
      where ST_Intersects(z.g, i.utm) and\s""" + FILTER;

  /**
   * How many incidents {@link #POINTS_IN_ZONE} would return, counting at most {@code :cap}: the scan stops at the
   * cap, so refusing an over-limit DBSCAN costs a bounded scan, not a count of the whole window (a 10-year window
   * at 1M rows: a full count took 4.3 s, the ST_Intersects with the zone per row; docs/SCALING.md).
   */
  static final String POINTS_IN_ZONE_COUNT_UP_TO = """
      with z as materialized (select ST_GeomFromEWKB(:zone) as g)
      select count(*) from (
        select 1 from z, incident i
        where ST_Intersects(z.g, i.utm) and\s""" + FILTER + """

        limit :cap) s
      """;

  /** Square density cells (i, j) of side :s metres (lower-left corner at i·s, j·s) as GeoJSON polygons. */
  static final String SQUARE_CELLS = """
      select c.ord, c.i, c.j, ST_AsGeoJSON(ST_Transform(ST_MakeEnvelope(c.i * :s, c.j * :s, (c.i + 1) * :s, (c.j + 1) * :s,
               32648), 4326), 6) as geometry
      from unnest(:is, :js) with ordinality as c(i, j, ord)
      order by c.ord
      """;

  /**
   * DBSCAN (ST_ClusterDBSCAN in UTM, eps in metres) over the filtered incidents inside the zone, as one
   * FeatureCollection of convex hulls, largest cluster first, with the noise count in the metadata.
   */
  static final String CLUSTERS = """
      with z as materialized (select ST_GeomFromEWKB(:zone) as g),
      pts as materialized (
        select i.type, i.occurred_at, i.utm as u, ST_ClusterDBSCAN(i.utm, :eps, :minPoints) over () as cid
        from z, incident i
        where ST_Intersects(z.g, i.utm) and\s""" + FILTER + """
      ),
      c as (
        select cid, count(*) as n, min(occurred_at) as t0, max(occurred_at) as t1,
               ST_ConvexHull(ST_Collect(u)) as hull
        from pts where cid is not null group by cid
      ),
      ct as (select cid, type, count(*) as k from pts where cid is not null group by cid, type),
      ty as (
        select cid, json_object_agg(type, k order by k desc, type) as types,
               (array_agg(type order by k desc, type))[1] as dominant
        from ct group by cid
      ),
      ranked as (
        select row_number() over (order by c.n desc, c.t0, c.cid) as rank, c.*, ty.types, ty.dominant
        from c join ty using (cid)
      )
      select json_build_object(
        'type', 'FeatureCollection',
        'features', coalesce((select json_agg(json_build_object(
            'type', 'Feature', 'id', r.rank,
            'geometry', ST_AsGeoJSON(ST_Transform(r.hull, 4326), 6)::json,
            'properties', json_build_object('count', r.n, 'dominantType', r.dominant, 'types', r.types,
               'from', r.t0, 'to', r.t1, 'areaKm2', round((ST_Area(r.hull) / 1e6)::numeric, 4),
               'centroid', json_build_array(round(ST_X(ST_Transform(ST_Centroid(r.hull), 4326))::numeric, 6),
                                            round(ST_Y(ST_Transform(ST_Centroid(r.hull), 4326))::numeric, 6))))
            order by r.rank) from ranked r), '[]'::json),
        'metadata', json_build_object('epsM', :eps, 'minPoints', :minPoints,
            'incidents', (select count(*) from pts), 'clusters', (select count(*) from c),
            'noise', (select count(*) from pts where cid is null), 'crs', 'EPSG:32648 (clustering), EPSG:4326 (output)')
      )::text
      """;

  /** UTM 48N cell centres back to EPSG:4326 lon/lat, in input order. */
  static final String UTM_TO_LON_LAT = """
      select st_x(p), st_y(p) from (
        select ord, st_transform(st_setsrid(st_makepoint(x, y), 32648), 4326) as p
        from unnest(cast(:xs as float8[]), cast(:ys as float8[])) with ordinality as c(x, y, ord)) t
      order by ord
      """;
}
