package org.borderzone.progress;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.segments.SegmentStatus;
import org.borderzone.system.MonthWindow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far demarcation has come, in km and % per status, per sector and over time ({@link ProgressController}).
 * Figures are rounded to 0.01 km and 0.1 % for display; sums are computed before rounding.
 */
@Component
class ProgressReport {

  private static final List<String> PILLAR_STATUSES = List.of("PLANNED", "PLACED", "VERIFIED", "DAMAGED", "MISSING");

  private final JdbcClient jdbc;
  private final Target target;

  ProgressReport(JdbcClient jdbc, @Value("${borderzone.progress.target-percent:100}") double targetPercent,
      @Value("${borderzone.progress.target-month:}") String targetMonth) {
    this.jdbc = jdbc;
    if (!(targetPercent > 0 && targetPercent <= 100)) {
      throw new IllegalArgumentException("borderzone.progress.target-percent must be in (0, 100]: " + targetPercent);
    }
    String month = targetMonth == null || targetMonth.isBlank() ? null : java.time.YearMonth.parse(targetMonth.strip()).toString();
    this.target = new Target(targetPercent, month);
  }

  record StatusTotal(String status, double km, double percent, long segments) {}

  record SectorProgress(int id, String code, String name, double totalKm, double demarcatedKm,
      double percentDemarcated, Map<String, Double> km) {}

  record Pillars(long total, Map<String, Long> byStatus) {}

  record Progress(double totalKm, double demarcatedKm, double percentDemarcated, long segments,
      List<StatusTotal> byStatus, List<SectorProgress> sectors, Pillars pillars) {}

  Progress progress() {
    Map<String, double[]> raw = new LinkedHashMap<>();
    for (SegmentStatus s : SegmentStatus.values()) {
      raw.put(s.name(), new double[2]);
    }
    jdbc.sql(ProgressSql.BY_STATUS).query(rs -> {
      double[] v = raw.get(rs.getString("status"));
      v[0] = rs.getDouble("km");
      v[1] = rs.getLong("segments");
    });
    double total = raw.values().stream().mapToDouble(v -> v[0]).sum();
    double demarcated = raw.get("DEMARCATED")[0] + raw.get("RATIFIED")[0];
    long segments = raw.values().stream().mapToLong(v -> (long) v[1]).sum();
    List<StatusTotal> byStatus = new ArrayList<>();
    raw.forEach((st, v) -> byStatus.add(new StatusTotal(st, km(v[0]), pct(v[0], total), (long) v[1])));

    Map<Integer, SectorAcc> sectors = new LinkedHashMap<>();
    jdbc.sql(ProgressSql.BY_SECTOR).query(rs -> {
      int id = rs.getInt("id");
      String code = rs.getString("code");
      String name = rs.getString("name");
      SectorAcc acc = sectors.computeIfAbsent(id, k -> new SectorAcc(k, code, name));
      acc.add(rs.getString("status"), rs.getDouble("km"));
    });

    Map<String, Long> pillars = new LinkedHashMap<>();
    PILLAR_STATUSES.forEach(p -> pillars.put(p, 0L));
    jdbc.sql(ProgressSql.PILLARS).query(rs -> {
      pillars.put(rs.getString("status"), rs.getLong("n"));
    });
    long pillarTotal = pillars.values().stream().mapToLong(Long::longValue).sum();

    return new Progress(km(total), km(demarcated), pct(demarcated, total), segments, byStatus,
        sectors.values().stream().map(SectorAcc::toProgress).toList(), new Pillars(pillarTotal, pillars));
  }

  /**
   * One month end: km per status and % demarcated border-wide, and (when asked for) the same per sector in the
   * order of {@link Timeline#sectors}.
   */
  record Month(String month, OffsetDateTime at, Map<String, Double> km, double percentDemarcated,
      List<SectorMonth> sectors) {}

  /** One sector at one month end. */
  record SectorMonth(int id, Map<String, Double> km, double demarcatedKm, double percentDemarcated) {}

  /** A sector of the per-sector timeline: its length today. */
  record Sector(int id, String code, String name, double totalKm) {}

  /**
   * The programme's target drawn on the per-sector chart: {@code percent} demarcated, by {@code month}
   * ({@code YYYY-MM}, or null when no date is set); {@code borderzone.progress.target-*}.
   */
  record Target(double percent, String month) {}

  record Timeline(List<Month> months, List<Sector> sectors, Target target) {}

  /** Longest window of the timeline (20 years of months), 422 {@code from} beyond. */
  static final int MAX_MONTHS = 240;

  /**
   * Month ends in {@code window} (clipped to the recorded history and the current month); with {@code bySector}
   * each month also carries its sectors. One replay of the history grouped by month × sector × status: the
   * border-wide figures are the sums of the sectors' (before rounding).
   */
  Timeline timeline(MonthWindow window, boolean bySector) {
    List<Sector> sectors = new ArrayList<>();
    Map<Integer, Integer> sectorIndex = new LinkedHashMap<>();
    jdbc.sql(ProgressSql.SECTORS).query(rs -> {
      sectorIndex.put(rs.getInt("id"), sectors.size());
      sectors.add(new Sector(rs.getInt("id"), rs.getString("code"), rs.getString("name"), km(rs.getDouble("km"))));
    });
    Map<String, OffsetDateTime> at = new LinkedHashMap<>();
    Map<String, Map<String, Double>> border = new LinkedHashMap<>();
    Map<String, List<Map<String, Double>>> perSector = new LinkedHashMap<>();
    jdbc.sql(ProgressSql.TIMELINE)
        .param("fromMonth", window.months().get(0).atDay(1).atStartOfDay())
        .param("toMonth", window.months().get(window.months().size() - 1).atDay(1).atStartOfDay())
        .query(rs -> {
          String m = rs.getString("month");
          OffsetDateTime end = rs.getObject("at", OffsetDateTime.class);
          at.putIfAbsent(m, end);
          String status = rs.getString("status");
          double km = rs.getDouble("km");
          border.computeIfAbsent(m, k -> zeroes()).merge(status, km, Double::sum);
          List<Map<String, Double>> sc = perSector.computeIfAbsent(m, k -> {
            List<Map<String, Double>> l = new ArrayList<>();
            sectors.forEach(x -> l.add(zeroes()));
            return l;
          });
          Integer idx = sectorIndex.get(rs.getInt("sector_id"));
          if (idx != null) {
            sc.get(idx).merge(status, km, Double::sum);
          }
        });
    List<Month> out = new ArrayList<>();
    border.forEach((m, km) -> {
      List<SectorMonth> sm = null;
      if (bySector) {
        sm = new ArrayList<>();
        List<Map<String, Double>> sc = perSector.get(m);
        for (int k = 0; k < sectors.size(); k++) {
          Map<String, Double> v = sc.get(k);
          double dem = demarcated(v);
          sm.add(new SectorMonth(sectors.get(k).id(), rounded(v), km(dem), pct(dem, sum(v))));
        }
      }
      out.add(new Month(m, at.get(m), rounded(km), pct(demarcated(km), sum(km)), sm));
    });
    return new Timeline(out, bySector ? sectors : null, bySector ? target : null);
  }

  private static double sum(Map<String, Double> km) {
    return km.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  private static double demarcated(Map<String, Double> km) {
    double d = 0;
    for (var e : km.entrySet()) {
      if (SegmentStatus.valueOf(e.getKey()).demarcated()) {
        d += e.getValue();
      }
    }
    return d;
  }

  private static Map<String, Double> rounded(Map<String, Double> km) {
    Map<String, Double> r = new LinkedHashMap<>();
    km.forEach((k, v) -> r.put(k, km(v)));
    return r;
  }

  private static Map<String, Double> zeroes() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (SegmentStatus s : SegmentStatus.values()) {
      m.put(s.name(), 0.0);
    }
    return m;
  }

  private static final class SectorAcc {
    final int id;
    final String code;
    final String name;
    final Map<String, Double> km = zeroes();

    SectorAcc(int id, String code, String name) {
      this.id = id;
      this.code = code;
      this.name = name;
    }

    void add(String status, double value) {
      km.put(status, value);
    }

    SectorProgress toProgress() {
      double total = km.values().stream().mapToDouble(Double::doubleValue).sum();
      double dem = km.get("DEMARCATED") + km.get("RATIFIED");
      Map<String, Double> rounded = new LinkedHashMap<>();
      km.forEach((k, v) -> rounded.put(k, km(v)));
      return new SectorProgress(id, code, name, km(total), km(dem), pct(dem, total), rounded);
    }
  }

  static double km(double v) {
    return Math.round(v * 100.0) / 100.0;
  }

  static double pct(double part, double whole) {
    return whole <= 0 ? 0 : Math.round(part / whole * 1000.0) / 10.0;
  }
}
