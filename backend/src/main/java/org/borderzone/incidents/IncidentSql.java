package org.borderzone.incidents;

/**
 * SQL of the incidents feature. GeoJSON is produced inside PostgreSQL and passed through as text. Every
 * statement that reads incidents carries {@link Releasability#PREDICATE} for the alias {@code i}.
 */
final class IncidentSql {

  private IncidentSql() {}

  /**
   * One incident as a GeoJSON Feature (RFC 7946, [lon, lat], 7 decimals ≈ 1 cm). Its {@code id} is the
   * public id (V10__incident_public_id.sql): the internal sequence never leaves the server.
   */
  static final String FEATURE = """
      json_build_object(
        'type', 'Feature',
        'id', i.public_id,
        'geometry', st_asgeojson(i.geom, 7)::json,
        'properties', json_build_object(
          'id', i.public_id, 'type', i.type, 'severity', i.severity, 'status', i.status,
          'occurredAt', i.occurred_at, 'reportedAt', i.reported_at,
          'description', i.description, 'source', i.source,
          'ownerOrg', i.owner_org, 'releasability', i.releasability,
          'nearestSegmentId', i.nearest_segment_id,
          'nearestSegmentCode', (select s.code from border_segment s where s.id = i.nearest_segment_id),
          'distanceToBorderM', round(i.distance_to_border_m::numeric, 1),
          'side', i.side, 'inDisputedArea', i.in_disputed_area,
          'createdBy', i.created_by, 'version', i.version))
      """;

  /**
   * The filters of GET /api/incidents; every one is optional (a null parameter switches it off). Lists
   * (types, statuses, severities) are bound as comma-joined text of values already checked in Java.
   */
  static final String FILTER = """
      where %s
        and (cast(:minLon as float8) is null
             or i.geom && st_makeenvelope(:minLon, :minLat, :maxLon, :maxLat, 4326))
        and (cast(:from as timestamptz) is null or i.occurred_at >= :from)
        and (cast(:to as timestamptz) is null or i.occurred_at < :to)
        and (cast(:types as text) is null or i.type = any(string_to_array(:types, ',')))
        and (cast(:statuses as text) is null or i.status = any(string_to_array(:statuses, ',')))
        and (cast(:severities as text) is null
             or i.severity = any(cast(string_to_array(:severities, ',') as int[])))
        and (cast(:minSeverity as int) is null or i.severity >= :minSeverity)
        and (cast(:source as text) is null or i.source = :source)
      """.formatted(Releasability.PREDICATE);

  static final String COUNT = "select count(*) from incident i " + FILTER;

  /** One page, newest first; the features as a JSON array text. */
  static final String PAGE = """
      select coalesce(json_agg(f order by occurred_at desc, id desc), '[]'::json)::text
      from (
        select i.occurred_at, i.id, %s as f
        from incident i
        %s
        order by i.occurred_at desc, i.id desc
        limit :limit offset :offset
      ) x
      """.formatted(FEATURE, FILTER);

  /**
   * Incidents aggregated on a square grid of {@code :cell} degrees (for the map at low zoom): one row per
   * non-empty cell, largest first, at the mean position of its incidents, with {@code n}, {@code max_sev} and
   * the most frequent type {@code dom}. Same filters and releasability as the list. Rows, not one JSON value:
   * the answer is streamed ({@code IncidentRepository.grid}).
   */
  static final String GRID = """
      select count(*) as n, avg(st_x(i.geom)) as x, avg(st_y(i.geom)) as y, max(i.severity) as max_sev,
             mode() within group (order by i.type) as dom
      from incident i
      %s
      group by floor(st_x(i.geom) / :cell), floor(st_y(i.geom) / :cell)
      order by n desc
      """.formatted(FILTER);

  /** One incident by its public id, if visible to the caller. */
  static final String ONE = "select (" + FEATURE + ")::text from incident i where i.public_id = :publicId and "
      + Releasability.PREDICATE;

  static final String INSERT = """
      insert into incident (occurred_at, geom, type, severity, description, source, owner_org, releasability,
                            created_by)
      values (:occurredAt, st_setsrid(st_makepoint(:lon, :lat), 4326), :type, :severity, :description, :source,
              :ownerOrg, :releasability, :createdBy)
      returning id, public_id
      """;

  /**
   * The row as audit JSON: without the geometry, plus its position as [lon, lat], and with the public id as
   * {@code id} (the audit trail leaves the server too).
   */
  static final String ROW_JSON = """
      select (to_jsonb(i) - 'geom' - 'id' - 'public_id'
              || jsonb_build_object('id', i.public_id, 'lon', st_x(i.geom), 'lat', st_y(i.geom)))::text
      from incident i where i.id = :id
      """;

  /** The row (by public id) locked for a status change, only if visible to the caller (else 404). */
  static final String LOCK = "select i.id, i.status, i.version, i.owner_org from incident i where i.public_id = :publicId and "
      + Releasability.PREDICATE + " for update";

  static final String UPDATE_STATUS = """
      update incident set status = :status, version = version + 1 where id = :id and version = :version
      """;

  /**
   * Hot segments ({@code GET /api/segments/hot}): per segment the visible incidents of the window and of the
   * window before it, rated per km and month, ranked; a FeatureCollection of the segment lines.
   */
  static final String HOT_SEGMENTS = """
      with counts as (
        select i.nearest_segment_id as sid,
               count(*) filter (where i.occurred_at >= :from and i.occurred_at < :to) as n,
               count(*) filter (where i.occurred_at >= :prevFrom and i.occurred_at < :from) as prev
        from incident i
        where %s
          and i.occurred_at >= :prevFrom and i.occurred_at < :to
          and i.nearest_segment_id is not null
          and i.distance_to_border_m <= :maxDistanceM
          and i.status <> 'DISMISSED'
          and (cast(:types as text) is null or i.type = any(string_to_array(:types, ',')))
        group by i.nearest_segment_id
      ),
      rated as (
        select s.id, s.code, s.geom, s.length_m, sc.name as sector_name, c.n, c.prev,
               c.n / (s.length_m / 1000.0) / :months as rate,
               c.prev / (s.length_m / 1000.0) / :months as prev_rate
        from counts c join border_segment s on s.id = c.sid join sector sc on sc.id = s.sector_id
        where c.n > 0
      ),
      ranked as (
        select r.*, row_number() over (order by r.rate desc, r.n desc, r.id) as rank from rated r
      )
      select json_build_object(
        'type', 'FeatureCollection',
        'window', json_build_object('from', cast(:from as timestamptz), 'to', cast(:to as timestamptz),
                                    'previousFrom', cast(:prevFrom as timestamptz), 'months', round(cast(:months as numeric), 3),
                                    'maxDistanceKm', :maxDistanceM / 1000.0),
        'numberReturned', count(*),
        'features', coalesce(json_agg(json_build_object(
          'type', 'Feature', 'id', x.id,
          'bbox', json_build_array(st_xmin(x.geom), st_ymin(x.geom), st_xmax(x.geom), st_ymax(x.geom)),
          'geometry', st_asgeojson(x.geom, 6)::json,
          'properties', json_build_object(
            'rank', x.rank, 'segmentId', x.id, 'code', x.code, 'sectorName', x.sector_name,
            'lengthKm', round((x.length_m / 1000.0)::numeric, 3),
            'count', x.n, 'ratePerKmMonth', round(x.rate::numeric, 4),
            'previousCount', x.prev, 'previousRate', round(x.prev_rate::numeric, 4),
            'change', round((x.rate - x.prev_rate)::numeric, 4),
            'changePct', case when x.prev_rate > 0
                              then round((100 * (x.rate - x.prev_rate) / x.prev_rate)::numeric, 1) end))
          order by x.rank), '[]'::json))::text
      from (select * from ranked where rank <= :limit) x
      """.formatted(Releasability.PREDICATE);

  /** The audited after-image with the status change's {@code reason} added. */
  static final String WITH_REASON = "select (cast(:after as jsonb) || jsonb_build_object('reason', cast(:reason as text)))::text";

  /** The border segments as WKB, for the in-memory locator. */
  static final String LOCATOR_SEGMENTS = "select id, st_asbinary(geom) as g from border_segment order by id";

  /** The country parts as WKB, for the in-memory locator. */
  static final String LOCATOR_COUNTRY_PARTS = "select iso_a2, st_asbinary(geom) as g from country_part";

  /** The disputed areas as WKB, for the in-memory locator. */
  static final String LOCATOR_DISPUTED = "select st_asbinary(geom) as g from disputed_area";

  /** Whether any incident exists (the demo seeds only an empty table). */
  static final String ANY_INCIDENT = "select exists (select 1 from incident)";

  /** The number of border segments (no border, no demo incidents). */
  static final String SEGMENT_COUNT = "select count(*) from border_segment";

  /** Each border segment as a straight piece with the country on its left, for the demo generator. */
  static final String DEMO_SEGMENTS = """
      select st_x(a) x0, st_y(a) y0, st_x(b) x1, st_y(b) y1,
             (select p.iso_a2 from country_part p
              where st_covers(p.geom, st_translate(m, -(st_y(b) - st_y(a)) / d * 0.003, (st_x(b) - st_x(a)) / d * 0.003))
              limit 1) as left_side
      from (select seq, st_startpoint(geom) a, st_endpoint(geom) b, st_lineinterpolatepoint(geom, 0.5) m,
                   greatest(st_distance(st_startpoint(geom), st_endpoint(geom)), 1e-9) d
            from border_segment) s
      order by seq
      """;
}
