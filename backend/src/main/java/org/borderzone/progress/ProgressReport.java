package org.borderzone.progress;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.segments.SegmentStatus;
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

  ProgressReport(JdbcClient jdbc) {
    this.jdbc = jdbc;
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

  record Month(String month, OffsetDateTime at, Map<String, Double> km, double percentDemarcated) {}

  record Timeline(List<Month> months) {}

  Timeline timeline() {
    Map<String, Month> months = new LinkedHashMap<>();
    Map<String, double[]> totals = new LinkedHashMap<>();
    jdbc.sql(ProgressSql.TIMELINE).query(rs -> {
      String m = rs.getString("month");
      OffsetDateTime at = rs.getObject("at", OffsetDateTime.class);
      Month month = months.computeIfAbsent(m, k -> new Month(k, at, zeroes(), 0));
      double km = rs.getDouble("km");
      month.km().put(rs.getString("status"), km);
      double[] t = totals.computeIfAbsent(m, k -> new double[2]);
      t[0] += km;
      if (SegmentStatus.valueOf(rs.getString("status")).demarcated()) {
        t[1] += km;
      }
    });
    List<Month> out = new ArrayList<>();
    months.forEach((m, month) -> {
      double[] t = totals.get(m);
      Map<String, Double> rounded = new LinkedHashMap<>();
      month.km().forEach((k, v) -> rounded.put(k, km(v)));
      out.add(new Month(m, month.at(), rounded, pct(t[1], t[0])));
    });
    return new Timeline(out);
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
