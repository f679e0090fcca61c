package org.borderzone.inspections;

/**
 * SQL of the joint-inspections feature. Findings travel to PostgreSQL as one JSON array read with
 * {@code jsonb_to_recordset}; offsets are geodesic distances on the WGS 84 spheroid ({@code geography}), in
 * metres, from the pillar's agreed position.
 */
final class InspectionSql {

  private InspectionSql() {}

  /** One inspection as the JSON document of the API. Offsets are rounded to the centimetre. */
  static final String ITEM = """
      json_build_object(
        'id', i.id, 'inspectedOn', i.inspected_on, 'organisations', i.organisations, 'outcome', i.outcome,
        'minutesRef', i.minutes_ref, 'notes', i.notes,
        'recordedBy', i.recorded_by, 'recordedOrg', i.recorded_org, 'recordedAt', i.recorded_at,
        'segmentIds', (select coalesce(json_agg(s.id order by s.seq), '[]'::json)
                       from inspection_segment x join border_segment s on s.id = x.segment_id
                       where x.inspection_id = i.id),
        'segmentCodes', (select coalesce(json_agg(s.code order by s.seq), '[]'::json)
                         from inspection_segment x join border_segment s on s.id = x.segment_id
                         where x.inspection_id = i.id),
        'findings', (select coalesce(json_agg(json_build_object(
                              'pillarId', f.pillar_id, 'pillarNumber', p.number, 'condition', f.condition,
                              'measured', case when f.measured_geom is null then null
                                          else json_build_array(round(st_x(f.measured_geom)::numeric, 7),
                                                                round(st_y(f.measured_geom)::numeric, 7)) end,
                              'offsetM', round(f.offset_m::numeric, 2), 'notes', f.notes) order by p.seq, f.id),
                            '[]'::json)
                     from inspection_finding f join pillar p on p.id = f.pillar_id
                     where f.inspection_id = i.id))
      """;

  static final String ONE = "select (" + ITEM + ")::text from inspection i where i.id = :id";

  private static final String FILTER = """
      where (cast(:segmentId as int) is null
             or exists (select 1 from inspection_segment x where x.inspection_id = i.id and x.segment_id = :segmentId))
        and (cast(:from as date) is null or i.inspected_on >= cast(:from as date))
        and (cast(:to as date) is null or i.inspected_on <= cast(:to as date))
      """;

  static final String COUNT = "select count(*) from inspection i " + FILTER;

  /** One page, newest first (by inspection date, then by id). */
  static final String PAGE = """
      select coalesce(json_agg(item order by inspected_on desc, id desc), '[]'::json)::text
      from (select i.inspected_on, i.id, %s as item
            from inspection i
            %s
            order by i.inspected_on desc, i.id desc
            limit :limit offset :offset) x
      """.formatted(ITEM, FILTER);

  /** Locks the covered segments in id order (the order every writer uses, so writers never deadlock). */
  static final String LOCK_SEGMENTS = """
      select id, code, status, country_a, country_b from border_segment where id in (:ids) order by id for update
      """;

  /** Locks the inspected pillars in id order. */
  static final String LOCK_PILLARS = """
      select id, number, segment_id, status, last_inspected_at from pillar where id in (:ids) order by id for update
      """;

  /** Geodesic offsets (m) of the measured positions from the agreed ones, for the findings that have one. */
  static final String OFFSETS = """
      select f.i, st_distance(p.geom::geography, st_setsrid(st_makepoint(f.lon, f.lat), 4326)::geography) as offset_m
      from jsonb_to_recordset(cast(:findings as jsonb)) as f(i int, pillar_id int, lon float8, lat float8)
      join pillar p on p.id = f.pillar_id
      where f.lon is not null
      """;

  static final String INSERT = """
      insert into inspection (inspected_on, organisations, outcome, minutes_ref, notes, recorded_by, recorded_org)
      values (:inspectedOn, string_to_array(:organisations, ','), :outcome, :minutesRef, :notes, :recordedBy,
              :recordedOrg)
      returning id
      """;

  static final String INSERT_SEGMENTS = """
      insert into inspection_segment (inspection_id, segment_id)
      select :inspectionId, id from border_segment where id in (:ids)
      """;

  static final String INSERT_FINDINGS = """
      insert into inspection_finding (inspection_id, pillar_id, condition, measured_geom, offset_m, notes)
      select :inspectionId, f.pillar_id, f.condition, m.g, st_distance(p.geom::geography, m.g::geography), f.notes
      from jsonb_to_recordset(cast(:findings as jsonb))
             as f(i int, pillar_id int, condition text, lon float8, lat float8, notes text)
      join pillar p on p.id = f.pillar_id
      left join lateral (select st_setsrid(st_makepoint(f.lon, f.lat), 4326) as g where f.lon is not null) m on true
      order by f.i
      """;
}
