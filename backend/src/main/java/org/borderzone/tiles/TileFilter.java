package org.borderzone.tiles;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.hotspots.GiStarWindow;
import org.borderzone.incidents.IncidentType;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;

/**
 * The filters of one tile request, checked before any work (400 naming the parameter). {@code key} names the
 * tile's content exactly (values after defaults) and goes into the cache key and the ETag; {@code query} is
 * the canonical query string of the given filters, for the TileJSON {@code tiles} template; {@code
 * timeDependent} says that the content moves with the clock (a default window "up to now"), so such a URL is
 * never cached for long.
 */
record TileFilter(String key, String query, boolean timeDependent, OffsetDateTime from, OffsetDateTime to,
    String types, Integer minSeverity, Double maxDistanceM, OffsetDateTime prevFrom, Double months,
    GiStarWindow.Request giStar) {

  /** The filter parameters each layer reads (others, {@code v} included, are ignored). */
  static final Map<TileLayer, List<String>> PARAMS = Map.of(
      TileLayer.SEGMENTS, List.of(),
      TileLayer.PILLARS, List.of(),
      TileLayer.INCIDENTS, List.of("from", "to", "type", "minSeverity"),
      TileLayer.HOT_SEGMENTS, List.of("from", "to", "type", "maxDistanceKm"),
      TileLayer.GISTAR, List.of("cellKm", "from", "to", "type", "bandKm", "fdr"));

  /** A month of the hot-segment rates: 30.4375 days (as {@code /api/segments/hot}). */
  static final double DAYS_PER_MONTH = 30.4375;

  static TileFilter parse(TileLayer layer, Map<String, String> raw, Actor viewer, Clock clock) {
    Map<String, String> given = new LinkedHashMap<>();
    for (String p : PARAMS.get(layer)) {
      String v = raw.get(p);
      if (v != null && !v.isBlank()) {
        given.put(p, v.strip());
      }
    }
    String query = query(given);
    return switch (layer) {
      case SEGMENTS, PILLARS -> new TileFilter("", "", false, null, null, null, null, null, null, null, null);
      case INCIDENTS -> incidents(given, query);
      case HOT_SEGMENTS -> hotSegments(given, clock);
      case GISTAR -> {
        GiStarWindow.Request r = GiStarWindow.parse(given.get("cellKm"), given.get("from"), given.get("to"),
            given.get("type"), given.get("bandKm"), given.get("fdr"), viewer);
        yield new TileFilter(r.key(), query, false, null, null, null, null, null, null, null, r);
      }
    };
  }

  private static TileFilter incidents(Map<String, String> p, String query) {
    OffsetDateTime from = instant(p.get("from"), "from");
    OffsetDateTime to = instant(p.get("to"), "to");
    if (from != null && to != null && from.isAfter(to)) {
      throw ApiException.badField("from", "error.date-order");
    }
    String types = types(p.get("type"));
    Integer minSeverity = null;
    if (p.containsKey("minSeverity")) {
      try {
        minSeverity = Integer.valueOf(p.get("minSeverity"));
      } catch (NumberFormatException e) {
        minSeverity = -1;
      }
      if (minSeverity < 1 || minSeverity > 5) {
        throw ApiException.badField("minSeverity", "error.integer-range", 1, 5);
      }
    }
    String key = "from=" + from + "&to=" + to + "&type=" + types + "&minSeverity=" + minSeverity;
    return new TileFilter(key, query, false, from, to, types, minSeverity, null, null, null, null);
  }

  private static TileFilter hotSegments(Map<String, String> p, Clock clock) {
    OffsetDateTime to = instant(p.get("to"), "to");
    OffsetDateTime from = instant(p.get("from"), "from");
    boolean moving = to == null;
    if (to == null) {
      // the 12 months up to now, to the next UTC midnight: one window (one cache entry) per day
      to = LocalDate.now(clock.withZone(ZoneOffset.UTC)).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
    if (from == null) {
      from = to.minusMonths(12);
    }
    if (!from.isBefore(to)) {
      throw ApiException.badField("from", "error.date-order");
    }
    String types = types(p.get("type"));
    double maxKm = 10.0;
    if (p.containsKey("maxDistanceKm")) {
      try {
        maxKm = Double.parseDouble(p.get("maxDistanceKm"));
      } catch (NumberFormatException e) {
        maxKm = Double.NaN;
      }
      if (!Double.isFinite(maxKm) || maxKm <= 0 || maxKm > 100) {
        throw ApiException.badField("maxDistanceKm", "error.range", 0, 100);
      }
    }
    Duration len = Duration.between(from, to);
    double months = len.toMillis() / (DAYS_PER_MONTH * 86_400_000.0);
    String key = "from=" + from + "&to=" + to + "&type=" + types + "&maxDistanceKm=" + maxKm;
    // the TileJSON template pins the window (a default "up to now" would move under a long-cached URL)
    Map<String, String> pinned = new LinkedHashMap<>(p);
    pinned.put("from", from.toString());
    pinned.put("to", to.toString());
    String query = query(pinned);
    return new TileFilter(key, query, moving, from, to, types, null, maxKm * 1000.0, from.minus(len), months, null);
  }

  /** Comma-separated incident types, checked and canonical (upper case, no repeats), or null for all. */
  static String types(String v) {
    if (v == null) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String part : v.split(",")) {
      IncidentType t = IncidentType.find(part);
      if (t == null) {
        throw ApiException.badField("type", "error.unknown-value", part.strip(), IncidentType.NAMES);
      }
      out.add(t.name());
    }
    return String.join(",", out);
  }

  /** An ISO 8601 instant or date (the start of that UTC day), as on {@code /api/incidents}; null if absent. */
  static OffsetDateTime instant(String v, String field) {
    if (v == null) {
      return null;
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      try {
        return OffsetDateTime.parse(v).withOffsetSameInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return Instant.parse(v).atOffset(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.time-format", v);
    }
  }

  /** The given filters as a query string, in the layer's parameter order, values URL-encoded. */
  private static String query(Map<String, String> given) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }
}
