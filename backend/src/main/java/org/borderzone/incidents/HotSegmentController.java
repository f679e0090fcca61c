package org.borderzone.incidents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.GeoJsonMedia;
import org.springframework.http.MediaType;
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


  private final HotSegments segments;
  private final CurrentActor actor;

  HotSegmentController(HotSegments segments, CurrentActor actor) {
    this.segments = segments;
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
    return segments.hot(from, to, types, limit, maxDistanceKm, who);
  }
}
