package org.borderzone.segments;

/** SQL of the segments feature. GeoJSON is produced inside PostgreSQL and passed through as text. */
final class SegmentSql {

  private SegmentSql() {}

  /** One segment as a GeoJSON Feature (RFC 7946, [lon, lat], 7 decimals ≈ 1 cm). */
  static final String FEATURE = """
      json_build_object(
        'type', 'Feature',
        'id', s.id,
        'geometry', st_asgeojson(s.geom, 7)::json,
        'properties', json_build_object(
          'id', s.id, 'code', s.code, 'seq', s.seq, 'parties', json_build_array(s.country_a, s.country_b),
          'sectorId', s.sector_id, 'sectorCode', sc.code, 'sectorName', sc.name,
          'lengthM', round(s.length_m::numeric, 1),
          'status', s.status, 'statusSince', s.status_since, 'version', s.version, 'notes', s.notes,
          'pendingSignoffs', (select json_agg(json_build_object('toStatus', so.to_status, 'org', so.org_code,
                                 'signedBy', so.signed_by, 'signedAt', so.signed_at) order by so.signed_at)
                              from segment_signoff so where so.segment_id = s.id and so.applied_at is null
                                and so.lapsed_at is null)))
      """;

  static final String COLLECTION = """
      select json_build_object('type', 'FeatureCollection',
               'numberReturned', count(*),
               'features', coalesce(json_agg(f order by seq), '[]'::json))::text
      from (
        select s.seq, %s as f
        from border_segment s join sector sc on sc.id = s.sector_id
        where (cast(:minLon as float8) is null
               or s.geom && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))
          and (cast(:status as text) is null or s.status = :status)
          and (cast(:sectorId as int) is null or s.sector_id = :sectorId)
      ) x
      """.formatted(FEATURE);

  /**
   * {@link #COLLECTION} with the segments layer version (V11) read in the same statement, so in the same snapshot:
   * the version names exactly this document, the key of the in-memory copy and of its ETag.
   */
  static final String COLLECTION_VERSIONED = "select (select l.version from layer_version l where l.layer = 'segments') as v, ("
      + COLLECTION + ") as body";

  static final String ONE = """
      select (%s)::text from border_segment s join sector sc on sc.id = s.sector_id where s.id = :id
      """.formatted(FEATURE);

  static final String LOCK = """
      select s.status, s.version, s.code, s.country_a, s.country_b, to_jsonb(s) - 'geom' as json
      from border_segment s where s.id = :id for update
      """;

  static final String UPDATE_STATUS = """
      update border_segment set status = :status, status_since = :at, version = version + 1
      where id = :id and version = :version
      """;

  static final String INSERT_CHANGE = """
      insert into segment_status_change (segment_id, from_status, to_status, at, by_user, by_org, reason, inspection_id)
      values (:id, :from, :to, :at, :user, :org, :reason, :inspectionId)
      """;

  static final String AFTER_JSON = "select (to_jsonb(s) - 'geom')::text from border_segment s where s.id = :id";

  static final String HISTORY_CHANGES = """
      select coalesce(json_agg(json_build_object(
               'id', c.id, 'from', c.from_status, 'to', c.to_status, 'at', c.at, 'by', c.by_user,
               'org', c.by_org, 'reason', c.reason, 'inspectionId', c.inspection_id) order by c.at, c.id), '[]'::json)::text
      from segment_status_change c where c.segment_id = :id
      """;

  static final String HISTORY_INSPECTIONS = """
      select coalesce(json_agg(json_build_object(
               'id', i.id, 'inspectedOn', i.inspected_on, 'organisations', i.organisations,
               'outcome', i.outcome, 'minutesRef', i.minutes_ref, 'notes', i.notes,
               'findings', (select count(*) from inspection_finding f join pillar p on p.id = f.pillar_id
                            where f.inspection_id = i.id and p.segment_id = :id))
               order by i.inspected_on, i.id), '[]'::json)::text
      from inspection i join inspection_segment x on x.inspection_id = i.id
      where x.segment_id = :id
      """;

  private static final String SIGNOFF_RETURNING = """
      returning id, to_status, org_code, signed_by, reason,
        json_build_object('id', id, 'segmentId', segment_id, 'toStatus', to_status, 'org', org_code,
          'signedBy', signed_by, 'signedAt', signed_at, 'reason', reason, 'inspectionId', inspection_id,
          'appliedAt', applied_at, 'lapsedAt', lapsed_at)::text as json
      """;

  /** Open (neither applied nor lapsed) signatures of a segment; call with the segment row locked. */
  static final String OPEN_SIGNOFFS = """
      select id, to_status, org_code, signed_by, reason, null as json from segment_signoff
      where segment_id = :id and applied_at is null and lapsed_at is null order by signed_at, id
      """;

  static final String INSERT_SIGNOFF = """
      insert into segment_signoff (segment_id, to_status, org_code, signed_by, signed_at, reason, inspection_id)
      values (:id, :to, :org, :user, :at, :reason, :inspectionId)
      """ + SIGNOFF_RETURNING;

  static final String APPLY_SIGNOFFS = """
      update segment_signoff set applied_at = :at
      where segment_id = :id and to_status = :to and applied_at is null and lapsed_at is null
      """ + SIGNOFF_RETURNING;

  static final String LAPSE_SIGNOFFS = """
      update segment_signoff set lapsed_at = :at
      where segment_id = :id and applied_at is null and lapsed_at is null
      """ + SIGNOFF_RETURNING;

  /** Every signature of a segment (open, applied, lapsed), oldest first, for the history. */
  static final String HISTORY_SIGNOFFS = """
      select coalesce(json_agg(json_build_object(
               'id', so.id, 'toStatus', so.to_status, 'org', so.org_code, 'signedBy', so.signed_by,
               'signedAt', so.signed_at, 'reason', so.reason, 'inspectionId', so.inspection_id,
               'appliedAt', so.applied_at, 'lapsedAt', so.lapsed_at,
               'state', case when so.applied_at is not null then 'APPLIED'
                             when so.lapsed_at is not null then 'LAPSED' else 'PENDING' end)
               order by so.signed_at, so.id), '[]'::json)::text
      from segment_signoff so where so.segment_id = :id
      """;

  /** A segment's code (404 when there is none). */
  static final String CODE = "select code from border_segment where id = :id";
}
