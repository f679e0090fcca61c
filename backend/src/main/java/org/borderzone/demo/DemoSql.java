package org.borderzone.demo;

/** SQL of the demo history ({@link DemoSeeder}): pillars, inspections, status changes and the disputed area. */
final class DemoSql {

  private DemoSql() {}

  /** The number of pillars (the history is seeded only once). */
  static final String PILLAR_COUNT = "select count(*) from pillar";

  /** The number of border segments (no border, no history). */
  static final String SEGMENT_COUNT = "select count(*) from border_segment";

  /** The segments in line order. */
  static final String SEGMENTS = "select id, seq from border_segment order by seq";

  /** Drops the import's status changes: the seeded history replaces them. */
  static final String CLEAR_STATUS_HISTORY = "delete from segment_status_change";

  /** One pillar at a fraction along its segment; returns its id and position. */
  static final String INSERT_PILLAR = """
      insert into pillar (number, seq, geom, segment_id, status, status_since, placed_on)
      select :number, :seq, st_lineinterpolatepoint(s.geom, :frac), s.id, :status, :since, :placed
      from border_segment s where s.id = :segId
      returning id, st_x(geom) as lon, st_y(geom) as lat
      """;

  /**
   * One joint inspection by the two countries of the border and the joint body ({@code :org}, who records it);
   * returns its id.
   */
  static final String INSERT_INSPECTION = """
      insert into inspection (inspected_on, organisations, outcome, minutes_ref, notes, recorded_by,
                              recorded_org, recorded_at)
      values (:on, (select array_agg(o.code order by o.kind, o.code) from organisation o
                    where o.code = :org or o.code in (select iso_a2 from country)),
              :outcome, :ref, :notes, 'commission', :org, :at)
      returning id
      """;

  /** Batch: one segment status change (JDBC {@code ?} parameters). */
  static final String BATCH_SEGMENT_STATUS_CHANGE = """
      insert into segment_status_change (segment_id, from_status, to_status, at, by_user, by_org, reason, inspection_id)
      values (?, ?, ?, ?, ?, ?, ?, ?)""";

  /** Batch: one pillar status change. */
  static final String BATCH_PILLAR_STATUS_CHANGE = """
      insert into pillar_status_change (pillar_id, from_status, to_status, at, by_user, reason, inspection_id)
      values (?, ?, ?, ?, ?, ?, ?)""";

  /** Batch: one segment covered by an inspection. */
  static final String BATCH_INSPECTION_SEGMENT =
      "insert into inspection_segment (inspection_id, segment_id) values (?, ?)";

  /** Batch: one finding, with the measured position and its offset from the pillar. */
  static final String BATCH_INSPECTION_FINDING = """
      insert into inspection_finding (inspection_id, pillar_id, condition, measured_geom, offset_m, notes)
      select x.insp, x.pid, x.cond, g, st_distance(g::geography, p.geom::geography), x.notes
      from (select ?::bigint insp, ?::int pid, ?::text cond, ?::float8 lon, ?::float8 lat, ?::text notes) x
      join pillar p on p.id = x.pid
      cross join lateral (select case when x.lon is null then null
                              else st_setsrid(st_makepoint(x.lon, x.lat), 4326) end as g) m
      on conflict (inspection_id, pillar_id) do nothing""";

  /** Batch: a segment's final status. */
  static final String BATCH_SEGMENT_STATUS =
      "update border_segment set status = ?, status_since = ?, version = ? where id = ?";

  /** Batch: a pillar's final status. */
  static final String BATCH_PILLAR_STATUS =
      "update pillar set status = ?, status_since = ?, last_inspected_at = ?, placed_on = ? where id = ?";

  /** The synthetic disputed area, 1.5 km around a disputed stretch; returns its id. */
  static final String INSERT_DISPUTED_AREA = """
      insert into disputed_area (name, geom, notes)
      select 'O''Alay / O''Ta Ngav area',
             st_multi(st_transform(st_buffer(st_transform(st_union(geom), 32648), 1500, 'quad_segs=8'), 4326)),
             'Synthetic outline for the demo: 1.5 km around the disputed stretch of the line. The real area is '
             || 'the unresolved O''Alay / O''Ta Ngav sector between Stung Treng and Attapeu.'
      from border_segment where seq between :a and :b
      returning id
      """;

  /** The segments that intersect the disputed area. */
  static final String INSERT_DISPUTED_AREA_SEGMENTS = """
      insert into disputed_area_segment (disputed_area_id, segment_id)
      select :id, s.id from border_segment s, disputed_area d
      where d.id = :id and st_intersects(s.geom, d.geom)
      """;
}
