package org.borderzone.export;

import org.borderzone.incidents.Releasability;
import org.borderzone.patrol.PlanVisibility;

/**
 * SQL of the exports. One row per exported feature, the attribute columns named as {@link Dataset} lists them
 * and the geometry as {@code g}, encoded as the format needs ({@link #geometry}: GeoJSON text, WKT or WKB; the
 * expression is one of three server constants, never request input). Each dataset has the same visibility as
 * its {@code /api} read: incidents carry {@link Releasability#PREDICATE} and are read from {@link Releasability#SEEN}
 * (what a release withholds is null), plans {@link PlanVisibility#PREDICATE};
 * segments, pillars and inspections are joint data every reader sees. Every filter is optional (a null parameter
 * switches it off); lists are comma-joined text of values already checked in Java.
 */
final class ExportSql {

  private ExportSql() {}

  /**
   * A dataset's statement ({@code %s} where its geometry column goes) with the geometry encoded for the format
   * as column {@code g}.
   */
  static String select(String statement, String geometryColumn, ExportFormat.Geometry encoding) {
    String g = switch (encoding) {
      case GEOJSON -> "st_asgeojson(" + geometryColumn + ", 7)";
      case WKT -> "st_astext(" + geometryColumn + ")";
      case WKB -> "st_asbinary(" + geometryColumn + ")";
    };
    return statement.formatted(g);
  }

  private static final String BBOX = """
      (cast(:minLon as float8) is null or %s && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))
      """;

  /** Visible incidents; the same filters as the map's ({@code GET /api/incidents}). */
  static final String INCIDENTS_FROM = """
      from %s i
      where %s
        and %s
        and (cast(:from as timestamptz) is null or i.occurred_at >= :from)
        and (cast(:to as timestamptz) is null or i.occurred_at < :to)
        and (cast(:types as text) is null or i.type = any(string_to_array(:types, ',')))
        and (cast(:statuses as text) is null or i.status = any(string_to_array(:statuses, ',')))
        and (cast(:minSeverity as int) is null or i.severity >= :minSeverity)
      """.formatted(Releasability.SEEN, Releasability.PREDICATE, BBOX.formatted("i.geom"));

  static final String INCIDENTS = """
      select i.public_id::text as id, i.type, i.severity, i.status, i.occurred_at,
               i.reported_at, i.description, i.source, i.owner_org, i.releasability,
               (select s.code from border_segment s where s.id = i.nearest_segment_id) as segment_code,
               round(i.distance_to_border_m::numeric, 1)::float8 as distance_to_border_m, i.side,
               i.in_disputed_area, %%s as g
      %s
      order by i.id
      """.formatted(INCIDENTS_FROM);

  /** Segments with their demarcation status. */
  static final String SEGMENTS_FROM = """
      from border_segment s join sector sc on sc.id = s.sector_id
      where %s
        and (cast(:statuses as text) is null or s.status = any(string_to_array(:statuses, ',')))
      """.formatted(BBOX.formatted("s.geom"));

  static final String SEGMENTS = """
      select s.id, s.code, s.seq, sc.code as sector_code, sc.name as sector_name,
               round(s.length_m::numeric, 1)::float8 as length_m, s.status, s.status_since, s.version, s.notes,
             %%s as g
      %s
      order by s.seq
      """.formatted(SEGMENTS_FROM);

  static final String PILLARS_FROM = """
      from pillar p join border_segment s on s.id = p.segment_id
      where %s
        and (cast(:statuses as text) is null or p.status = any(string_to_array(:statuses, ',')))
      """.formatted(BBOX.formatted("p.geom"));

  static final String PILLARS = """
      select p.id, p.number, p.seq, s.code as segment_code, p.status, p.status_since, p.last_inspected_at,
             %%s as g
      %s
      order by p.seq, p.id
      """.formatted(PILLARS_FROM);

  /**
   * Joint inspections, drawn as the lines of the segments they covered (a MultiLineString; none when they
   * covered none). {@code from} inclusive, {@code to} exclusive, compared with the inspection date.
   */
  static final String INSPECTIONS_FROM = """
      from inspection n
      left join lateral (
        select st_multi(st_collect(s.geom order by s.seq)) as geom, string_agg(s.code, ',' order by s.seq) as codes
        from inspection_segment xs join border_segment s on s.id = xs.segment_id where xs.inspection_id = n.id
      ) cov on true
      where %s
        and (cast(:from as timestamptz) is null or n.inspected_on >= cast(cast(:from as timestamptz) at time zone 'UTC' as date))
        and (cast(:to as timestamptz) is null or n.inspected_on < cast(cast(:to as timestamptz) at time zone 'UTC' as date))
      """.formatted(BBOX.formatted("cov.geom"));

  static final String INSPECTIONS = """
      select n.id, n.inspected_on, array_to_string(n.organisations, ',') as organisations, n.outcome,
               n.minutes_ref, n.notes, n.recorded_by, n.recorded_org, n.recorded_at, cov.codes as segment_codes,
               (select count(*) from inspection_finding f where f.inspection_id = n.id)::int as findings,
             %%s as g
      %s
      order by n.id
      """.formatted(INSPECTIONS_FROM);

  /** Saved patrol plans the caller may read; the window applies to the creation time. */
  static final String PLANS_FROM = """
      from patrol_plan p
      where %s
        and %s
        and (cast(:from as timestamptz) is null or p.created_at >= :from)
        and (cast(:to as timestamptz) is null or p.created_at < :to)
        and (cast(:statuses as text) is null or p.status = any(string_to_array(:statuses, ',')))
      """.formatted(PlanVisibility.PREDICATE, BBOX.formatted("p.route_geom"));

  static final String PLANS = """
      select p.id, p.name, p.owner_org, p.created_by, p.created_at, p.mode, p.profile, p.joint, p.status,
               round(p.length_m::numeric, 1)::float8 as length_m, round(p.duration_s::numeric)::float8 as duration_s,
             p.planned_for, %%s as g
      %s
      order by p.id
      """.formatted(PLANS_FROM);

  /** The number of features and their extent (FlatGeobuf's header declares both before the first feature). */
  private static final String COUNT = """
      select count(*) as n, st_xmin(st_extent(%1$s)) as x0, st_ymin(st_extent(%1$s)) as y0,
             st_xmax(st_extent(%1$s)) as x1, st_ymax(st_extent(%1$s)) as y1
      """;

  static final String INCIDENTS_COUNT = COUNT.formatted("i.geom") + INCIDENTS_FROM;
  static final String SEGMENTS_COUNT = COUNT.formatted("s.geom") + SEGMENTS_FROM;
  static final String PILLARS_COUNT = COUNT.formatted("p.geom") + PILLARS_FROM;
  static final String INSPECTIONS_COUNT = COUNT.formatted("cov.geom") + INSPECTIONS_FROM;
  static final String PLANS_COUNT = COUNT.formatted("p.route_geom") + PLANS_FROM;
}
