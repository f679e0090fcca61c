package org.borderzone.pillars;

/** SQL of the pillars feature. GeoJSON is produced inside PostgreSQL and passed through as text. */
final class PillarSql {

  private PillarSql() {}

  /** One pillar as a GeoJSON Feature (RFC 7946, Point [lon, lat], 7 decimals ≈ 1 cm). */
  static final String FEATURE = """
      json_build_object(
        'type', 'Feature',
        'id', p.id,
        'geometry', st_asgeojson(p.geom, 7)::json,
        'properties', json_build_object(
          'id', p.id, 'number', p.number, 'segmentId', p.segment_id, 'segmentCode', s.code,
          'status', p.status, 'statusSince', p.status_since, 'lastInspectedAt', p.last_inspected_at))
      """;

  /** All pillars matching the optional filters, in order along the border (west to east). */
  static final String COLLECTION = """
      select json_build_object('type', 'FeatureCollection',
               'numberReturned', count(*),
               'features', coalesce(json_agg(f order by seq), '[]'::json))::text
      from (
        select p.seq, %s as f
        from pillar p join border_segment s on s.id = p.segment_id
        where (cast(:minLon as float8) is null
               or p.geom && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))
          and (cast(:status as text) is null or p.status = :status)
          and (cast(:segmentId as int) is null or p.segment_id = :segmentId)
      ) x
      """.formatted(FEATURE);

  static final String ONE = """
      select (%s)::text from pillar p join border_segment s on s.id = p.segment_id where p.id = :id
      """.formatted(FEATURE);

  static final String LOCK = """
      select p.status, p.last_inspected_at, (to_jsonb(p) - 'geom')::text as json
      from pillar p where p.id = :id for update
      """;

  /**
   * Sets the status (its {@code status_since} only when it changes) and moves {@code last_inspected_at}
   * forward, never back.
   */
  static final String UPDATE = """
      update pillar set
        status_since = case when status = :status then status_since else :at end,
        status = :status,
        last_inspected_at = case when cast(:inspectedAt as timestamptz) is null then last_inspected_at
                                 else greatest(last_inspected_at, cast(:inspectedAt as timestamptz)) end,
        version = version + 1
      where id = :id
      """;

  static final String INSERT_CHANGE = """
      insert into pillar_status_change (pillar_id, from_status, to_status, at, by_user, reason, inspection_id)
      values (:id, :from, :to, :at, :user, :reason, :inspectionId)
      """;

  static final String AFTER_JSON = "select (to_jsonb(p) - 'geom')::text from pillar p where p.id = :id";
}
