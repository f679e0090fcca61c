package org.borderzone.incidents;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.MonthWindow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Incidents per month and type for the Incidents panel's chart ({@code GET /api/incidents/monthly},
 * docs/CHARTS.md): one grouped read of the rollup, with the reader's releasability. Every requested type has a
 * series (zeros included), in the order of {@link IncidentType}; every month of the window has a value.
 */
@Component
class IncidentSeries {

  /** Default window: the last two years (24 months up to today). */
  static final int DEFAULT_MONTHS = 24;
  /** Longest window: 20 years of months (240 bars per type). */
  static final int MAX_MONTHS = 240;

  private final JdbcClient jdbc;
  private final Clock clock = Clock.systemUTC();

  IncidentSeries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One type's counts, one per month of {@link Monthly#months}. */
  record Series(String type, long[] counts, long total) {}

  /** The answer: the window (days, both inclusive), its months, one series per type, the totals per month. */
  record Monthly(String from, String to, List<String> months, List<String> types, List<String> statuses,
      List<Series> series, long[] totals, long total, String source) {}

  /** The parsed parameters. */
  record Query(MonthWindow window, List<String> types, List<String> statuses) {

    static Query parse(String from, String to, String type, String status, Clock clock) {
      MonthWindow w = MonthWindow.parse(from, to, DEFAULT_MONTHS, MAX_MONTHS, clock);
      return new Query(w, values(type, "type", IncidentType.NAMES,
              Arrays.stream(IncidentType.values()).map(Enum::name).toList()),
          values(status, "status", IncidentStatus.NAMES,
              Arrays.stream(IncidentStatus.values()).map(Enum::name).toList()));
    }

    /** A comma-separated list of names out of {@code all} (case-insensitive), in the order of {@code all}. */
    private static List<String> values(String text, String field, String names, List<String> all) {
      if (text == null || text.isBlank()) {
        return all;
      }
      Set<String> chosen = new LinkedHashSet<>();
      for (String v : text.split(",")) {
        String u = v.strip().toUpperCase(java.util.Locale.ROOT);
        if (!all.contains(u)) {
          throw ApiException.badField(field, "error.unknown-value", v.strip(), names);
        }
        chosen.add(u);
      }
      return all.stream().filter(chosen::contains).toList();
    }
  }

  Query parse(String from, String to, String type, String status) {
    return Query.parse(from, to, type, status, clock);
  }

  Monthly monthly(Query q, Actor reader) {
    List<YearMonth> months = q.window().months();
    Map<String, Integer> monthIndex = new HashMap<>();
    List<String> labels = new ArrayList<>(months.size());
    for (YearMonth m : months) {
      monthIndex.put(m.toString(), labels.size());
      labels.add(m.toString());
    }
    Map<String, long[]> byType = new java.util.LinkedHashMap<>();
    q.types().forEach(t -> byType.put(t, new long[months.size()]));
    Releasability.bind(jdbc.sql(IncidentSeriesSql.MONTHLY_BY_TYPE)
        .param("fromDay", q.window().fromDay()).param("toDay", q.window().toDay())
        .param("types", q.types()).param("statuses", q.statuses()), reader)
        .query(rs -> {
          Integer k = monthIndex.get(rs.getString("month"));
          long[] counts = byType.get(rs.getString("type"));
          if (k != null && counts != null) {
            counts[k] += rs.getLong("n");
          }
        });
    long[] totals = new long[months.size()];
    long total = 0;
    List<Series> series = new ArrayList<>();
    for (var e : byType.entrySet()) {
      long sum = 0;
      for (int k = 0; k < totals.length; k++) {
        totals[k] += e.getValue()[k];
        sum += e.getValue()[k];
      }
      total += sum;
      series.add(new Series(e.getKey(), e.getValue(), sum));
    }
    return new Monthly(q.window().fromDay().toString(), q.window().lastDay().toString(), labels, q.types(),
        q.statuses(), series, totals, total, "rollup");
  }
}
