package org.borderzone.hotspots;

import java.util.Arrays;
import org.borderzone.incidents.IncidentType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which incidents an analysis counts: occurred in [{@code from}, {@code to}) (UTC), of one of {@code types}, and
 * visible to {@code viewerOrg} (releasability). Query parameters: {@code from} and {@code to} are ISO 8601
 * dates (whole UTC days, both inclusive: {@code to=1990-12-31} includes that day) or date-times (exact);
 * {@code type} is one type or a comma-separated list; absent means all.
 */
record HotspotFilter(OffsetDateTime from, OffsetDateTime to, List<String> types, String viewerOrg) {

  /** The incident types of the domain model. */
  static final List<String> TYPES = Arrays.stream(IncidentType.values()).map(Enum::name).toList();

  static final OffsetDateTime MIN = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime MAX = OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  static HotspotFilter parse(String from, String to, String type, String viewerOrg) {
    OffsetDateTime f = from == null || from.isBlank() ? MIN : instant(from, "from", false);
    OffsetDateTime t = to == null || to.isBlank() ? MAX : instant(to, "to", true);
    if (!f.isBefore(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    return new HotspotFilter(f, t, types(type), viewerOrg);
  }

  /** Whether the caller bounded the window (else the data decide, e.g. for time slices). */
  boolean openStart() {
    return from.equals(MIN);
  }

  boolean openEnd() {
    return to.equals(MAX);
  }

  HotspotFilter withWindow(OffsetDateTime f, OffsetDateTime t) {
    return new HotspotFilter(f, t, types, viewerOrg);
  }

  /**
   * Whether the window is whole UTC days (both bounds at midnight, as the map sends them and as every date
   * parameter is read), so that the day rows of the rollup hold exactly its incidents.
   */
  boolean wholeDays() {
    return midnight(from) && midnight(to);
  }

  boolean wholeDaysFrom() {
    return midnight(from);
  }

  boolean wholeDaysTo() {
    return midnight(to);
  }

  private static boolean midnight(OffsetDateTime t) {
    OffsetDateTime u = t.withOffsetSameInstant(ZoneOffset.UTC);
    return u.toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
  }

  /**
   * Binds the {@link HotspotSql#ROLLUP_FILTER} parameters: the days [day of from, day of to), which is the
   * window itself when {@link #wholeDays()}, else the smallest day range holding it.
   */
  JdbcClient.StatementSpec bindRollup(JdbcClient.StatementSpec spec) {
    LocalDate f = from.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    OffsetDateTime last = to.withOffsetSameInstant(ZoneOffset.UTC).minus(1, ChronoUnit.MICROS);
    return spec.param("fromDay", f).param("toDay", last.toLocalDate().plusDays(1)).param("types", types)
        .param("viewerOrg", viewerOrg);
  }

  /** Binds the {@link HotspotSql#FILTER} parameters (and the zone envelope). */
  JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, ZoneGrid.Zone zone) {
    return spec.param("from", from).param("to", to).param("types", types).param("viewerOrg", viewerOrg)
        .param("minLon", zone.minLon()).param("minLat", zone.minLat())
        .param("maxLon", zone.maxLon()).param("maxLat", zone.maxLat());
  }

  /** Parses a bound; a date covers its whole UTC day (an upper bound then ends at the next midnight). */
  static OffsetDateTime instant(String text, String field, boolean upper) {
    String s = text.trim();
    try {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return (upper ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      OffsetDateTime t;
      try {
        t = OffsetDateTime.parse(s);
      } catch (DateTimeParseException e) {
        t = Instant.parse(s).atOffset(ZoneOffset.UTC);
      }
      t = t.withOffsetSameInstant(ZoneOffset.UTC);
      // an exact upper bound is inclusive: occurred_at < to + 1 µs (PostgreSQL's resolution)
      return upper ? t.truncatedTo(ChronoUnit.MICROS).plus(1, ChronoUnit.MICROS) : t;
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.datetime", text);
    }
  }

  static List<String> types(String type) {
    if (type == null || type.isBlank()) {
      return TYPES;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String part : type.split(",")) {
      String t = part.trim().toUpperCase(java.util.Locale.ROOT);
      if (!TYPES.contains(t)) {
        throw ApiException.badField("type", "error.unknown-value", part.trim(), String.join(", ", TYPES));
      }
      out.add(t);
    }
    return new ArrayList<>(out);
  }

  /** A number parameter within [min, max] (NaN refused), else 400 naming {@code field}. */
  static double range(Double v, double dflt, double min, double max, String field) {
    double x = v == null ? dflt : v;
    if (!(x >= min && x <= max)) {
      throw ApiException.badField(field, "error.range-got", min, max, v);
    }
    return x;
  }

  static int range(Integer v, int dflt, int min, int max, String field) {
    int x = v == null ? dflt : v;
    if (x < min || x > max) {
      throw ApiException.badField(field, "error.range-got", min, max, v);
    }
    return x;
  }
}
