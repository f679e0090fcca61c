package org.borderzone.hotspots;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Getis-Ord Gi* hot spots and emerging hot spots on the hexagon grid of the border zone. PostgreSQL counts the
 * incidents per cell in one grouped scan ({@link HotspotSql#HEX_COUNTS}); the neighbour sums, z, p, FDR and
 * bins run here over the n cells ({@link GiStar}, {@link Fdr}), which costs milliseconds for thousands of cells.
 */
@Service
class HotspotService {

  /** Cells whose band holds more than this many neighbours on average are refused (cost grows as n·k). */
  static final int MAX_MEAN_NEIGHBOURS = 2000;
  static final int MIN_SLICES = 4;
  static final int MAX_SLICES = 520;

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final TransactionTemplate tx;

  HotspotService(JdbcClient jdbc, ZoneGrid grid, PlatformTransactionManager txm) {
    this.jdbc = jdbc;
    this.grid = grid;
    this.tx = new TransactionTemplate(txm);
    this.tx.setReadOnly(true);
  }

  /**
   * Runs {@code work} in a read-only transaction with JIT compilation off: the planner's cost of ST_Transform
   * over many rows triggers JIT, whose compile time (~0.7 s) exceeds the whole query.
   */
  <T> T analytic(Supplier<T> work) {
    return tx.execute(status -> {
      jdbc.sql("set local jit = off").update();
      return work.get();
    });
  }

  /** The border zone (for callers that bind {@link HotspotSql} themselves, e.g. the benchmark). */
  ZoneGrid.Zone zone() {
    return grid.zone().orElseThrow();
  }

  /** Neighbour lists and the band actually used (metres). */
  record Band(int[][] neighbours, double bandM, double defaultBandM, boolean isDefault) {}

  /**
   * Fixed distance band: by default the smallest distance at which every cell has at least one neighbour (as
   * ArcGIS does for a fixed distance band; on the regular lattice that is the centre spacing √3·a, so each
   * cell sees its 6 touching hexagons plus itself). A requested band below that is refused.
   */
  static Band band(ZoneGrid.HexCells cells, Double bandKm) {
    double spacing = cells.lattice().spacing();
    double dflt = cells.size() < 2 ? spacing : Neighbours.maxNearestNeighbour(cells.x(), cells.y(), spacing * 1.01);
    double band;
    if (bandKm == null) {
      band = dflt * (1 + 1e-9);
    } else {
      band = bandKm * 1000.0;
      if (band < dflt * (1 - 1e-9)) {
        throw ApiException.badField("bandKm", "error.band-too-small", Json.num(Math.ceil(dflt) / 1000.0, 3));
      }
      double maxBand = Math.sqrt(MAX_MEAN_NEIGHBOURS * cells.lattice().area() / Math.PI);
      if (band > maxBand) {
        throw ApiException.badField("bandKm", "error.range-got", Json.num(Math.ceil(dflt) / 1000.0, 3),
            Json.num(Math.floor(maxBand) / 1000.0, 3), bandKm);
      }
    }
    return new Band(Neighbours.within(cells.x(), cells.y(), band), band, dflt, bandKm == null);
  }

  /** The result of one Gi* run over the cells. */
  record GiResult(ZoneGrid.HexCells cells, double[] counts, double[] z, double[] p, double[] q, int[] bins,
      double[] thresholds, GiStar.Stats stats, Band band, boolean fdr, long incidentsOutside) {}

  static GiResult compute(ZoneGrid.HexCells cells, double[] counts, Band band, boolean fdr, long outside) {
    GiStar.Stats st = GiStar.stats(counts);
    double[] z = GiStar.z(counts, band.neighbours(), st);
    double[] p = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      p[k] = Normal.twoSidedP(z[k]);
    }
    double[] t = Fdr.thresholds(p, fdr);
    int[] bins = new int[z.length];
    for (int k = 0; k < z.length; k++) {
      bins[k] = Fdr.bin(z[k], p[k], t, fdr);
    }
    return new GiResult(cells, counts, z, p, Fdr.adjusted(p), bins, t, st, band, fdr, outside);
  }

  /** Gi* for one window: the computation without the GeoJSON (used by the benchmark and the tests too). */
  Optional<GiResult> giStar(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr) {
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    ZoneGrid.HexCells cells = grid.hexCells(zone.get(), cellKm * 1000.0);
    Band band = band(cells, bandKm);
    double[] counts = new double[cells.size()];
    long[] outside = {0};
    analytic(() -> {
      filter.bind(jdbc.sql(HotspotSql.HEX_COUNTS), zone.get()).param("a", cellKm * 1000.0).query(rs -> {
        int idx = cells.indexOfKey(rs.getLong("k"));
        if (idx >= 0) {
          counts[idx] += rs.getLong("n");
        } else {
          outside[0] += rs.getLong("n");
        }
      });
      return null;
    });
    return Optional.of(compute(cells, counts, band, fdr, outside[0]));
  }

  String hotspots(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr) {
    Optional<GiResult> run = giStar(filter, cellKm, bandKm, fdr);
    if (run.isEmpty()) {
      return emptyCollection();
    }
    GiResult r = run.get();
    ZoneGrid.HexCells c = r.cells();
    StringBuilder b = new StringBuilder(c.size() * 320 + 1024);
    b.append("{\"type\":\"FeatureCollection\",\"features\":[");
    int[] binCounts = new int[7];
    for (int k = 0; k < c.size(); k++) {
      binCounts[r.bins()[k] + 3]++;
      if (k > 0) {
        b.append(',');
      }
      b.append("{\"type\":\"Feature\",\"id\":").append(Json.str(c.id(k)))
          .append(",\"geometry\":").append(c.geometry()[k])
          .append(",\"properties\":{\"count\":").append((long) r.counts()[k])
          .append(",\"z\":").append(Json.num(r.z()[k], 6))
          .append(",\"p\":").append(Json.p(r.p()[k]));
      if (fdr) {
        b.append(",\"q\":").append(Json.p(r.q()[k]));
      }
      b.append(",\"bin\":").append(r.bins()[k])
          .append(",\"neighbours\":").append(r.band().neighbours()[k].length).append("}}");
    }
    b.append("],\"metadata\":{");
    cellMeta(b, c, filter);
    double meanNb = 0;
    for (int[] nb : r.band().neighbours()) {
      meanNb += nb.length;
    }
    meanNb /= Math.max(1, c.size());
    b.append(",\"bandKm\":").append(Json.num(r.band().bandM() / 1000.0, 4))
        .append(",\"bandDefault\":").append(r.band().isDefault())
        .append(",\"defaultBandKm\":").append(Json.num(r.band().defaultBandM() / 1000.0, 4))
        .append(",\"weights\":\"binary fixed distance band between cell centres, cell itself included (Gi*)\"")
        .append(",\"meanNeighbours\":").append(Json.num(meanNb, 3))
        .append(",\"incidents\":").append((long) r.stats().total())
        .append(",\"incidentsOutsideZone\":").append(r.incidentsOutside())
        .append(",\"mean\":").append(Json.num(r.stats().mean(), 9))
        .append(",\"s\":").append(Json.num(r.stats().s(), 9))
        .append(",\"fdr\":").append(fdr)
        .append(",\"thresholds\":{\"p90\":").append(Json.p(r.thresholds()[0]))
        .append(",\"p95\":").append(Json.p(r.thresholds()[1]))
        .append(",\"p99\":").append(Json.p(r.thresholds()[2])).append('}')
        .append(",\"bins\":{");
    for (int k = -3; k <= 3; k++) {
      b.append(k == -3 ? "" : ",").append('"').append(k).append("\":").append(binCounts[k + 3]);
    }
    b.append("}}}");
    return b.toString();
  }

  private void cellMeta(StringBuilder b, ZoneGrid.HexCells c, HotspotFilter filter) {
    double a = c.lattice().a();
    b.append("\"n\":").append(c.size())
        .append(",\"cellKm\":").append(Json.num(a / 1000.0, 4))
        .append(",\"cellKmIs\":\"hexagon edge (ST_HexagonGrid size); across flats = sqrt(3) x edge\"")
        .append(",\"acrossFlatsKm\":").append(Json.num(c.lattice().spacing() / 1000.0, 4))
        .append(",\"cellAreaKm2\":").append(Json.num(c.lattice().area() / 1e6, 4))
        .append(",\"zoneKm\":").append(Json.num(grid.zoneKm(), 3))
        .append(",\"crs\":\"EPSG:32648 (grid, distances), EPSG:4326 (output)\"")
        .append(",\"from\":").append(filter.openStart() ? "null" : Json.str(filter.from().toString()))
        .append(",\"to\":").append(filter.openEnd() ? "null" : Json.str(filter.to().toString()))
        .append(",\"types\":[");
    for (int k = 0; k < filter.types().size(); k++) {
      b.append(k == 0 ? "" : ",").append(Json.str(filter.types().get(k)));
    }
    b.append(']');
  }

  static String emptyCollection() {
    return "{\"type\":\"FeatureCollection\",\"features\":[],\"metadata\":{\"n\":0,\"incidents\":0}}";
  }

  // ------------------------------------------------------------------------------------------- emerging

  enum Slice {
    MONTH, WEEK;

    LocalDate start(LocalDate d) {
      return this == MONTH ? d.withDayOfMonth(1) : d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    LocalDate next(LocalDate d) {
      return this == MONTH ? d.plusMonths(1) : d.plusWeeks(1);
    }

    static Slice parse(String s) {
      if (s == null || s.isBlank()) {
        return MONTH;
      }
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "month" -> MONTH;
        case "week" -> WEEK;
        default -> throw ApiException.badField("slice", "error.unknown-value", s, "month, week");
      };
    }
  }

  /** One cell's space-time result. */
  record CellTrend(double[] z, int[] bins, MannKendall.Result mk, EmergingClassifier.Category category) {}

  String emerging(HotspotFilter filter, Slice slice, double cellKm, boolean fdr) {
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return emptyCollection();
    }
    HotspotFilter f = filter;
    if (filter.openStart() || filter.openEnd()) {
      OffsetDateTime[] range = analytic(() -> filter.bind(jdbc.sql(HotspotSql.TIME_RANGE), zone.get())
          .query((rs, n) -> new OffsetDateTime[] {rs.getObject("t0", OffsetDateTime.class),
              rs.getObject("t1", OffsetDateTime.class)}).single());
      if (range[0] == null) {
        return emptyCollection();
      }
      f = filter.withWindow(filter.openStart() ? range[0] : filter.from(),
          filter.openEnd() ? range[1].plus(1, ChronoUnit.MICROS) : filter.to());
    }
    LocalDate first = slice.start(f.from().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
    LocalDate last = slice.start(f.to().minus(1, ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
    List<LocalDate> starts = new ArrayList<>();
    Map<LocalDate, Integer> sliceIndex = new HashMap<>();
    for (LocalDate d = first; !d.isAfter(last); d = slice.next(d)) {
      sliceIndex.put(d, starts.size());
      starts.add(d);
      if (starts.size() > MAX_SLICES) {
        break;
      }
    }
    if (starts.size() > MAX_SLICES) {
      throw ApiException.badField("slice", "error.too-many-slices", "> " + MAX_SLICES, MAX_SLICES);
    }
    if (starts.size() < MIN_SLICES) {
      throw ApiException.badField("slice", "error.too-few-slices", starts.size(), MIN_SLICES);
    }
    ZoneGrid.HexCells cells = grid.hexCells(zone.get(), cellKm * 1000.0);
    Band band = band(cells, null);
    int t = starts.size();
    double[][] counts = new double[t][cells.size()];
    HotspotFilter bound = f;
    analytic(() -> {
      bound.bind(jdbc.sql(HotspotSql.SLICE_HEX_COUNTS), zone.get()).param("a", cellKm * 1000.0)
          .param("unit", slice.name().toLowerCase(java.util.Locale.ROOT)).query(rs -> {
            Integer s = sliceIndex.get(rs.getObject("slice", LocalDate.class));
            int idx = cells.indexOfKey(rs.getLong("k"));
            if (s != null && idx >= 0) {
              counts[s][idx] += rs.getLong("n");
            }
          });
      return null;
    });
    List<CellTrend> trends = trends(counts, band, fdr);
    return emergingJson(cells, starts, slice, trends, counts, f, fdr);
  }

  /** Gi* per slice, then per cell the Mann–Kendall trend of its z-scores and the category. */
  static List<CellTrend> trends(double[][] counts, Band band, boolean fdr) {
    int t = counts.length;
    int n = t == 0 ? 0 : counts[0].length;
    double[][] z = new double[t][];
    int[][] bins = new int[t][];
    for (int s = 0; s < t; s++) {
      GiResult r = compute(null, counts[s], band, fdr, 0);
      z[s] = r.z();
      bins[s] = r.bins();
    }
    List<CellTrend> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      double[] zs = new double[t];
      int[] bs = new int[t];
      for (int s = 0; s < t; s++) {
        zs[s] = z[s][k];
        bs[s] = bins[s][k];
      }
      MannKendall.Result mk = MannKendall.test(zs);
      out.add(new CellTrend(zs, bs, mk,
          EmergingClassifier.classify(bs, mk.trend(EmergingClassifier.TREND_ALPHA))));
    }
    return out;
  }

  private String emergingJson(ZoneGrid.HexCells c, List<LocalDate> starts, Slice slice, List<CellTrend> trends,
      double[][] counts, HotspotFilter f, boolean fdr) {
    StringBuilder b = new StringBuilder(c.size() * (400 + starts.size() * 12));
    b.append("{\"type\":\"FeatureCollection\",\"features\":[");
    Map<EmergingClassifier.Category, Integer> tally = new java.util.EnumMap<>(EmergingClassifier.Category.class);
    long total = 0;
    for (int k = 0; k < c.size(); k++) {
      CellTrend tr = trends.get(k);
      tally.merge(tr.category(), 1, Integer::sum);
      long cellTotal = 0;
      for (double[] slc : counts) {
        cellTotal += (long) slc[k];
      }
      total += cellTotal;
      if (k > 0) {
        b.append(',');
      }
      b.append("{\"type\":\"Feature\",\"id\":").append(Json.str(c.id(k)))
          .append(",\"geometry\":").append(c.geometry()[k])
          .append(",\"properties\":{\"category\":\"").append(tr.category().name()).append('"')
          .append(",\"count\":").append(cellTotal)
          .append(",\"trendZ\":").append(Json.num(tr.mk().z(), 6))
          .append(",\"trendP\":").append(Json.p(tr.mk().p()))
          .append(",\"tau\":").append(Json.num(tr.mk().tau(), 6))
          .append(",\"z\":[");
      for (int s = 0; s < tr.z().length; s++) {
        b.append(s == 0 ? "" : ",").append(Json.num(tr.z()[s], 3));
      }
      b.append("],\"bins\":[");
      for (int s = 0; s < tr.bins().length; s++) {
        b.append(s == 0 ? "" : ",").append(tr.bins()[s]);
      }
      b.append("]}}");
    }
    b.append("],\"metadata\":{");
    cellMeta(b, c, f);
    b.append(",\"slice\":\"").append(slice.name().toLowerCase(java.util.Locale.ROOT)).append('"')
        .append(",\"slices\":[");
    for (int s = 0; s < starts.size(); s++) {
      b.append(s == 0 ? "" : ",").append('"').append(starts.get(s)).append('"');
    }
    b.append("],\"incidents\":").append(total)
        .append(",\"fdr\":").append(fdr)
        .append(",\"trendAlpha\":").append(EmergingClassifier.TREND_ALPHA)
        .append(",\"categories\":{");
    boolean firstCat = true;
    for (var e : tally.entrySet()) {
      b.append(firstCat ? "" : ",").append('"').append(e.getKey().name()).append("\":").append(e.getValue());
      firstCat = false;
    }
    b.append("}}}");
    return b.toString();
  }
}
