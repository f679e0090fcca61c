package org.borderzone.incidents;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/segments/hot}: border segments ranked by incident rate — incidents per km of border per
 * month — in a time window, with the change against the previous window of equal length. Counts only
 * incidents the caller may see ({@link Releasability}), within {@code maxDistanceKm} of the border (default
 * 10 km, the border zone), not DISMISSED, attributed to their nearest segment (computed on write).
 *
 * <p>Parameters: {@code from}, {@code to} (ISO 8601, {@code to} exclusive; default the 12 months up to
 * now), {@code type} (comma-separated), {@code limit} (1–561, default 20), {@code maxDistanceKm} (0–100].
 * A month is 30.4375 days. The answer is a FeatureCollection of the segment lines (so a list can zoom the
 * map) with {@code rank}, {@code count}, {@code ratePerKmMonth}, {@code previousCount},
 * {@code previousRate}, {@code change} (rate difference) and {@code changePct} (null when the previous rate
 * was 0).
 */
@RestController
class HotSegmentController {

  static final double DAYS_PER_MONTH = 30.4375;

  static final String SQL = """
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

  private final JdbcClient jdbc;
  private final CurrentActor actor;

  HotSegmentController(JdbcClient jdbc, CurrentActor actor) {
    this.jdbc = jdbc;
    this.actor = actor;
  }

  @GetMapping(path = "/api/segments/hot", produces = {GeoJsonMedia.GEO_JSON, MediaType.APPLICATION_JSON_VALUE})
  String hot(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(required = false) String type, @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Double maxDistanceKm) {
    IncidentQuery q = IncidentQuery.parse(null, from, to, type, null, null, null, null, 0, 1);
    OffsetDateTime t = q.to() != null ? q.to() : OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    OffsetDateTime f = q.from() != null ? q.from() : t.minusMonths(12);
    if (!f.isBefore(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    int lim = limit == null ? 20 : limit;
    if (lim < 1 || lim > 10_000) {
      throw ApiException.badField("limit", "error.range", 1, 10_000);
    }
    double maxKm = maxDistanceKm == null ? 10.0 : maxDistanceKm;
    if (!Double.isFinite(maxKm) || maxKm <= 0 || maxKm > 100) {
      throw ApiException.badField("maxDistanceKm", "error.range", 0, 100);
    }
    return hot(f, t, q.types() == null ? null : String.join(",", q.types()), lim, maxKm, actor.get());
  }

  /** The ranking for a window [from, to) and the same length before it, as the given caller sees it. */
  String hot(OffsetDateTime from, OffsetDateTime to, String types, int limit, double maxDistanceKm, Actor who) {
    Duration len = Duration.between(from, to);
    double months = len.toMillis() / (DAYS_PER_MONTH * 86_400_000.0);
    return Releasability.bind(jdbc.sql(SQL), who)
        .param("from", from).param("to", to).param("prevFrom", from.minus(len))
        .param("months", months).param("types", types).param("limit", limit)
        .param("maxDistanceM", maxDistanceKm * 1000.0)
        .query(String.class).single();
  }
}
