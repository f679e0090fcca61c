package org.borderzone.incidents;

import java.time.Duration;
import java.time.OffsetDateTime;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The hot-segment ranking behind {@link HotSegmentController} ({@link IncidentSql#HOT_SEGMENTS}). */
@Component
class HotSegments {

  /** A month of the rates: 30.4375 days. */
  static final double DAYS_PER_MONTH = 30.4375;

  private final JdbcClient jdbc;

  HotSegments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The ranking for a window [from, to) and the same length before it, as the given caller sees it. */
  String hot(OffsetDateTime from, OffsetDateTime to, String types, int limit, double maxDistanceKm, Actor who) {
    return hot(from, to, types, limit, maxDistanceKm, who, true);
  }

  /**
   * As {@link #hot(OffsetDateTime, OffsetDateTime, String, int, double, Actor)}; from the rollup (V13) when
   * {@code rollup} and it holds the same answer: the three bounds at UTC midnight and a whole number of km.
   */
  String hot(OffsetDateTime from, OffsetDateTime to, String types, int limit, double maxDistanceKm, Actor who,
      boolean rollup) {
    Duration len = Duration.between(from, to);
    double months = len.toMillis() / (DAYS_PER_MONTH * 86_400_000.0);
    OffsetDateTime prevFrom = from.minus(len);
    boolean fromRollup = rollup && midnight(from) && midnight(to) && midnight(prevFrom)
        && maxDistanceKm == Math.rint(maxDistanceKm);
    JdbcClient.StatementSpec spec = jdbc.sql(fromRollup ? IncidentSql.HOT_SEGMENTS_ROLLUP : IncidentSql.HOT_SEGMENTS);
    if (fromRollup) {
      spec = spec.param("fromDay", day(from)).param("toDay", day(to)).param("prevFromDay", day(prevFrom))
          .param("maxKm", (int) maxDistanceKm);
    }
    return Releasability.bind(spec, who)
        .param("from", from).param("to", to).param("prevFrom", prevFrom)
        .param("months", months).param("types", types).param("limit", limit)
        .param("maxDistanceM", maxDistanceKm * 1000.0)
        .query(String.class).single();
  }

  private static boolean midnight(OffsetDateTime t) {
    return t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
  }

  private static java.time.LocalDate day(OffsetDateTime t) {
    return t.withOffsetSameInstant(java.time.ZoneOffset.UTC).toLocalDate();
  }
}
