package org.borderzone.incidents;

/**
 * SQL of the incidents feature. GeoJSON is produced inside PostgreSQL and passed through as text. Every
 * statement that reads incidents carries {@link Releasability#PREDICATE} for the alias {@code i}; every one that
 * shows them reads {@link Releasability#SEEN} (the incidents with what a release withholds already null).
 */
final class IncidentSql {

  private IncidentSql() {}

  /**
   * One incident as a GeoJSON Feature (RFC 7946, [lon, lat], 7 decimals ≈ 1 cm). Its {@code id} is the
   * public id (V10__incident_public_id.sql): the internal sequence never leaves the server. Over
   * {@link Releasability#SEEN} {@code i}: withheld fields are null, a withheld photo count too, and
   * {@code release} says, for the recipient only, who released it when and what is withheld.
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
          'locationAccuracyM', i.location_accuracy_m, 'locationSource', i.location_source,
          'fixTime', i.fix_time, 'deviceTime', i.device_time,
          'photoCount', case when not 'photos' = any(i.withheld)
                             then (select count(*) from incident_photo p where p.incident_id = i.id) end,
          'createdBy', i.created_by, 'version', i.version,
          'release', case when i.released_by is not null
                          then json_build_object('by', i.released_by, 'at', i.released_at, 'withheld', i.withheld) end))
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

  static final String COUNT = "select count(*) from " + Releasability.SEEN + " i " + FILTER;

  /** One page, newest first; the features as a JSON array text. */
  static final String PAGE = """
      select coalesce(json_agg(f order by occurred_at desc, id desc), '[]'::json)::text
      from (
        select i.occurred_at, i.id, %s as f
        from %s i
        %s
        order by i.occurred_at desc, i.id desc
        limit :limit offset :offset
      ) x
      """.formatted(FEATURE, Releasability.SEEN, FILTER);

  /**
   * Incidents aggregated on a square grid of {@code :cell} degrees (for the map at low zoom): one row per
   * non-empty cell, largest first, at the mean position of its incidents, with {@code n}, {@code max_sev} and
   * the most frequent type {@code dom} (ties: the first type in sort order, as {@code mode()} chose). Same filters
   * and releasability as the list. Counted per cell and type first, hashed (at most cells × 11 rows), then per
   * cell, so that no sort of every matching row is needed ({@code mode() within group} sorted all 1M rows of a 10-year
   * grid and spilled ~60 MB to disk; docs/SCALING.md). Rows, not one JSON value: the answer is streamed
   * ({@code IncidentRepository.grid}).
   */
  static final String GRID = """
      select sum(t.n) as n, sum(t.sx) / sum(t.n) as x, sum(t.sy) / sum(t.n) as y, max(t.ms) as max_sev,
             (%1$s)[16 - max(t.n * 16 + 16 - array_position(%1$s, t.type)) %% 16] as dom
      from (
        select floor(st_x(i.geom) / :cell) as cx, floor(st_y(i.geom) / :cell) as cy, i.type, count(*) as n,
               sum(st_x(i.geom)) as sx, sum(st_y(i.geom)) as sy, max(i.severity) as ms
        from %3$s i
        %2$s
        group by 1, 2, 3
      ) t
      group by t.cx, t.cy
      order by n desc
      """.formatted(typesInOrder(), FILTER, Releasability.SEEN);

  /**
   * The incident types in sort order as an SQL array: the grid's dominant type is the largest count, ties to the
   * first in this order, packed as n·16 + (16 − position) so that a plain max() (hashable, unlike mode() or an
   * ordered array_agg, which force a sort of every row) finds it. The names differ before any '_' decides, so
   * this order is the same in every collation.
   */
  private static String typesInOrder() {
    return java.util.Arrays.stream(IncidentType.values()).map(Enum::name).sorted()
        .map(t -> "'" + t + "'").collect(java.util.stream.Collectors.joining(",", "array[", "]"));
  }

  /** One incident by its public id, if visible to the caller. */
  static final String ONE = "select (" + FEATURE + ")::text from " + Releasability.SEEN
      + " i where i.public_id = :publicId and "
      + Releasability.PREDICATE;

  static final String INSERT = """
      insert into incident (occurred_at, geom, type, severity, description, source, owner_org, releasability,
                            created_by, location_accuracy_m, location_source, fix_time, device_time, client_id,
                            client_hash)
      values (:occurredAt, st_setsrid(st_makepoint(:lon, :lat), 4326), :type, :severity, :description, :source,
              :ownerOrg, :releasability, :createdBy, cast(:accuracyM as float8), cast(:locationSource as text),
              cast(:fixTime as timestamptz), cast(:deviceTime as timestamptz), :clientId, :clientHash)
      on conflict (created_by, client_id) where client_id is not null do nothing
      returning id, public_id
      """;

  /** The incident a user reported under a client id (V19), with the hash of the report. */
  static final String BY_CLIENT_ID = """
      select public_id, client_hash from incident where created_by = :createdBy and client_id = :clientId
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

  /** Rating, ranking and the FeatureCollection of the hot segments, after their {@code counts}. */
  private static final String HOT_SEGMENTS_RANKED = """
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
      """;
  /**
   * Hot segments ({@code GET /api/segments/hot}): per segment the visible incidents of the window and of the
   * window before it, rated per km and month, ranked; a FeatureCollection of the segment lines.
   */
  static final String HOT_SEGMENTS = "with counts as (" + """
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
      """.formatted(Releasability.PREDICATE) + HOT_SEGMENTS_RANKED;

  /**
   * {@link #HOT_SEGMENTS} from the rollup (V13), for windows of whole UTC days and a whole number of km
   * ({@code :maxKm}): the same counts, since a rollup row's day, segment, status and {@code dist_km} =
   * ceil(distance / 1 km) decide exactly what the raw filter decides.
   */
  static final String HOT_SEGMENTS_ROLLUP = "with counts as (" + """
        select r.segment_id as sid,
               coalesce(sum(r.n) filter (where r.day >= :fromDay and r.day < :toDay), 0) as n,
               coalesce(sum(r.n) filter (where r.day >= :prevFromDay and r.day < :fromDay), 0) as prev
        from %s r
        where %s
          and r.day >= :prevFromDay and r.day < :toDay
          and r.segment_id <> 0
          and r.dist_km between 0 and :maxKm
          and r.status <> 'DISMISSED'
          and (cast(:types as text) is null or r.type = any(string_to_array(:types, ',')))
        group by r.segment_id
      ),
      """.formatted(Releasability.ROLLUP, Releasability.rollupPredicate("r")) + HOT_SEGMENTS_RANKED;



  /** The audited after-image with the status change's {@code reason} added. */
  /** A create's audit JSON with the confirmation of a fix worse than the limit, and that limit (metres). */
  static final String WITH_ACCURACY_CONFIRMED = """
      select (cast(:after as jsonb) || jsonb_build_object('accuracyConfirmed', true,
              'accuracyLimitM', cast(:limit as float8)))::text
      """;

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
              limit 1) as left_side, country_a, country_b
      from (select seq, country_a, country_b, st_startpoint(geom) a, st_endpoint(geom) b, st_lineinterpolatepoint(geom, 0.5) m,
                   greatest(st_distance(st_startpoint(geom), st_endpoint(geom)), 1e-9) d
            from border_segment) s
      order by seq
      """;

  /** Lets the location trigger work again for the rest of the transaction. */
  static final String BULK_PRELOCATED_OFF = "select set_config('borderzone.prelocated', 'off', true)";

  /** Makes the location trigger skip the copied rows, which carry their location (V6__incident_prelocated.sql). */
  static final String BULK_PRELOCATED_ON = "select set_config('borderzone.prelocated', 'on', true)";

  /** The transaction's start, the {@code reported_at} of every imported row (what {@code now()} would give). */
  static final String BULK_NOW = "select now()";

  /**
   * The COPY of validated, located rows straight into {@code incident} (PostgreSQL text format; the point as
   * hex EWKB, the public id generated by the loader so that no per-row default runs and the ids are known).
   */
  static final String BULK_COPY = """
      copy incident (public_id, occurred_at, reported_at, geom, type, severity, status, description, source, owner_org,
                     releasability, created_by, nearest_segment_id, distance_to_border_m, side, in_disputed_area)
      from stdin (format text)
      """;

  /**
   * An import job as JSON, for its owner organisation only, with its progress percentage (validating and
   * staging take the first {@link ImportJobs#VALIDATE_PERCENT}).
   */
  static final String IMPORT_JOB_JSON = """
      select json_build_object(
        'id', j.id, 'state', j.state, 'format', j.format, 'rowsTotal', j.rows_total, 'rowsDone', j.rows_done,
        'percent', case j.state when 'DONE' then 100 when 'QUEUED' then 0
                     when 'VALIDATING' then least(%1$d, floor(%1$d.0 * j.rows_done / greatest(j.rows_total, 1)))
                     when 'LOADING' then least(99, %1$d + floor((100 - %1$d) * 1.0 * j.loaded_count / greatest(j.rows_total, 1)))
                     else least(100, floor(%1$d.0 * j.rows_done / greatest(j.rows_total, 1))) end,
        'importedCount', j.imported_count, 'errorCount', j.error_count,
        'errorsOmitted', greatest(0, j.error_count - jsonb_array_length(j.errors)), 'errors', j.errors,
        'message', j.message, 'createdBy', j.created_by, 'ownerOrg', j.owner_org, 'createdAt', j.created_at,
        'startedAt', j.started_at, 'finishedAt', j.finished_at)::text
      from incident_import_job j where j.id = :id and j.owner_org = :viewerOrg
      """.formatted(ImportJobs.VALIDATE_PERCENT);

  /** A new QUEUED job, with its first heartbeat. */
  static final String IMPORT_JOB_CREATE = """
      insert into incident_import_job (id, state, format, rows_total, created_by, owner_org, instance_id,
                                       heartbeat_at)
      values (:id, 'QUEUED', :format, :rows, :user, :org, :instance, now())
      """;

  /** A synchronous import, recorded as DONE. */
  static final String IMPORT_JOB_RECORD_DONE = """
      insert into incident_import_job (id, state, format, rows_total, rows_done, imported_count, created_by,
                                       owner_org, started_at, finished_at)
      values (:id, 'DONE', :format, :rows, :rows, :imported, :user, :org, now(), clock_timestamp())
      """;

  /** QUEUED → VALIDATING; no row when the job was failed meanwhile. */
  static final String IMPORT_JOB_START = """
      update incident_import_job set state = 'VALIDATING', started_at = clock_timestamp(), heartbeat_at = now()
      where id = :id and state = 'QUEUED'
      """;

  /** Progress of validating and staging. */
  static final String IMPORT_JOB_VALIDATED = """
      update incident_import_job set rows_done = :n, rows_total = greatest(rows_total, :n)
      where id = :id and state = 'VALIDATING'
      """;

  /** Progress of loading: rows inserted by the still open import transaction. */
  static final String IMPORT_JOB_LOADING = """
      update incident_import_job set state = 'LOADING', rows_total = greatest(rows_total, :n), rows_done = :n,
        loaded_count = :loaded
      where id = :id and state in ('VALIDATING', 'LOADING')
      """;

  /** DONE, as the import transaction's last statement; no row when the job no longer runs. */
  static final String IMPORT_JOB_DONE = """
      update incident_import_job set state = 'DONE', rows_total = :rows, rows_done = :rows, loaded_count = :imported,
             imported_count = :imported, finished_at = clock_timestamp()
      where id = :id and state in ('VALIDATING', 'LOADING')
      """;

  /** FAILED with the problems, unless the job is already finished. */
  static final String IMPORT_JOB_FAILED = """
      update incident_import_job set state = 'FAILED', rows_done = greatest(rows_done, :rows),
             rows_total = case when :rows > 0 then :rows else rows_total end, imported_count = 0,
             error_count = :count, errors = cast(:errors as jsonb), message = :message,
             finished_at = clock_timestamp()
      where id = :id and state in ('QUEUED', 'VALIDATING', 'LOADING')
      """;

  /** Refreshes the heartbeat of the jobs in {@code :ids} (comma-separated) that still run. */
  static final String IMPORT_JOB_HEARTBEAT = """
      update incident_import_job set heartbeat_at = now()
      where id = any(cast(string_to_array(:ids, ',') as uuid[])) and state in ('QUEUED', 'VALIDATING', 'LOADING')
      """;

  /** The backend process id and transaction start of the current transaction. */
  static final String IMPORT_BACKEND = "select pg_backend_pid(), now()::text";

  /** Cancels the statement of that backend, if it is still in that transaction. */
  static final String IMPORT_CANCEL_BACKEND = """
      select pg_cancel_backend(pid) from pg_stat_activity
      where pid = :pid and xact_start = cast(:start as timestamptz)
      """;

  /** Finishes the unfinished jobs nobody runs any more: FAILED, or DONE when their IMPORT audit event exists. */
  static final String IMPORT_JOB_REAP = """
      with victims as (
        select j.id, j.instance_id = :instance as own, j.heartbeat_at,
               (select e.after from audit_event e
                where e.entity = 'incident' and e.action = 'IMPORT' and e.entity_id = j.id::text limit 1) as committed
        from incident_import_job j
        where j.state in ('QUEUED', 'VALIDATING', 'LOADING')
          and not (j.id = any(cast(string_to_array(:live, ',') as uuid[])))
          and (j.instance_id = :instance or j.heartbeat_at is null
               or j.heartbeat_at < now() - make_interval(secs => :stale))
        for update of j skip locked)
      update incident_import_job j set
        state = case when v.committed is null then 'FAILED' else 'DONE' end,
        imported_count = coalesce((v.committed ->> 'imported')::integer, 0),
        rows_done = coalesce((v.committed ->> 'rows')::integer, j.rows_done),
        message = case when v.committed is not null then null
                       when v.own then :ownMessage
                       else :staleMessage || coalesce(' (last heartbeat ' || to_char(v.heartbeat_at at time zone 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')', '') end,
        finished_at = clock_timestamp()
      from victims v where j.id = v.id
      returning j.id, j.state, j.message
      """;

  /**
   * The facts of an incident a replace (OGC API Part 4 PUT) may not change, with its status, version and owner;
   * the row locked, only if visible to the caller (else 404).
   */
  static final String LOCK_FACTS = "select i.status, i.version, i.owner_org, i.type, i.severity, i.occurred_at,"
      + " i.description, i.source, i.releasability, st_x(i.geom) as lon, st_y(i.geom) as lat from incident i"
      + " where i.public_id = :publicId and " + Releasability.PREDICATE + " for update";
}
