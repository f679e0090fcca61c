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
    Duration len = Duration.between(from, to);
    double months = len.toMillis() / (DAYS_PER_MONTH * 86_400_000.0);
    return Releasability.bind(jdbc.sql(IncidentSql.HOT_SEGMENTS), who)
        .param("from", from).param("to", to).param("prevFrom", from.minus(len))
        .param("months", months).param("types", types).param("limit", limit)
        .param("maxDistanceM", maxDistanceKm * 1000.0)
        .query(String.class).single();
  }
}
