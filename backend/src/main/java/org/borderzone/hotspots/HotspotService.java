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
import org.borderzone.system.AnalyticsPool;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonOut;
import org.borderzone.system.Limits;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Getis-Ord Gi* hot spots and emerging hot spots on the hexagon grid of the border zone. PostgreSQL counts the
 * incidents per cell in one grouped scan ({@link HotspotSql#HEX_COUNTS}); the neighbour sums, z, p, FDR and
 * bins run here over the n cells ({@link GiStar}, {@link Fdr}), which costs milliseconds for thousands of cells.
 * Everything runs admitted on the analytics pool ({@link AnalyticsPool}); the cells, slices and neighbour
 * pairs a request needs are checked against {@link Limits} before the query; answers are streamed ({@link
 * JsonOut}).
 */
@Service
class HotspotService {

  /** Cells whose band holds more than this many neighbours on average are refused (cost grows as n·k). */
  static final int MAX_MEAN_NEIGHBOURS = 2000;
  static final int MIN_SLICES = 4;
  static final int MAX_SLICES = 520;

  private final JdbcClient jdbc;
  private final ZoneGrid grid;
  private final AnalyticsPool pool;
  private final Limits limits;

  HotspotService(AnalyticsPool pool, ZoneGrid grid, Limits limits) {
    this.jdbc = pool.jdbc();
    this.grid = grid;
    this.pool = pool;
    this.limits = limits;
  }

  /**
   * Runs {@code work} admitted, in a read-only transaction on the analytics pool (whose connections have the
   * analytics statement timeout and JIT off: the planner's cost of ST_Transform over many rows triggers JIT,
   * whose compile time, ~0.7 s, exceeds the whole query).
   */
  <T> T analytic(Supplier<T> work) {
    return pool.read(j -> work.get());
  }

  /** Runs {@code work} (queries, Java computation and the writing of the answer) admitted. */
  <T> T admitted(Supplier<T> work) {
    return pool.admit(work);
  }

  JdbcClient analyticsJdbc() {
    return jdbc;
  }

  Limits limits() {
    return limits;
  }

  /**
   * The hexagons of edge {@code cellKm} over the zone, refused (422 {@code cellKm}) before they are built when
   * the zone holds more than {@code limits.cells} of them (estimate: zone area / hexagon area).
   */
  ZoneGrid.HexCells cells(ZoneGrid.Zone zone, double cellKm) {
    Limits.check("cellKm", "error.limit-cells", limits.cells(), estimatedCells(zone, cellKm));
    return grid.hexCells(zone, cellKm * 1000.0);
  }

  static long estimatedCells(ZoneGrid.Zone zone, double cellKm) {
    return (long) Math.ceil(zone.areaM2() / new HexLattice(cellKm * 1000.0).area());
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
    return band(cells, bandKm, Long.MAX_VALUE);
  }

  /** Metres as km for a message: whole metres rounded up (or down), at most 3 decimals, no trailing zeros. */
  private static String km(double metres, boolean up) {
    return java.math.BigDecimal.valueOf((up ? Math.ceil(metres) : Math.floor(metres)) / 1000.0)
        .setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  /** As {@link #band(ZoneGrid.HexCells, Double)}, refusing (422 {@code bandKm}) more than {@code maxPairs}. */
  static Band band(ZoneGrid.HexCells cells, Double bandKm, long maxPairs) {
    double spacing = cells.lattice().spacing();
    double dflt = cells.size() < 2 ? spacing : Neighbours.maxNearestNeighbour(cells.x(), cells.y(), spacing * 1.01);
    double band;
    if (bandKm == null) {
      band = dflt * (1 + 1e-9);
    } else {
      band = bandKm * 1000.0;
      if (band < dflt * (1 - 1e-9)) {
        throw ApiException.badField("bandKm", "error.band-too-small", km(dflt, true));
      }
      double maxBand = Math.sqrt(MAX_MEAN_NEIGHBOURS * cells.lattice().area() / Math.PI);
      if (band > maxBand) {
        throw ApiException.badField("bandKm", "error.range-got", km(dflt, true),
            km(maxBand, false), bandKm);
      }
      // the neighbour lists cost n · k ints: estimate k from the band's circle before building them
      double meanNeighbours = Math.PI * band * band / cells.lattice().area();
      Limits.check("bandKm", "error.limit-neighbour-pairs", maxPairs, (long) Math.ceil(cells.size() * meanNeighbours));
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

  /** Where the counts per cell come from. */
  enum Source {
    /** The rollup when it holds the same answer ({@link #rollupColumn}), else the raw rows. */
    AUTO,
    /** Always the raw rows (the tests compare both). */
    RAW
  }

  /**
   * The rollup column of hexagons of edge {@code cellKm}, when the rollup gives the same counts as the raw rows
   * for this window (the hexagon size is one it keeps and the window is whole UTC days); else null.
   */
  static String rollupColumn(double cellKm, boolean wholeDays, Source source) {
    return source == Source.AUTO && wholeDays ? HotspotSql.ROLLUP_HEX_COLUMNS.get(cellKm * 1000.0) : null;
  }

  /** Gi* for one window: the computation without the GeoJSON (used by the benchmark and the tests too). */
  Optional<GiResult> giStar(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr) {
    return giStar(filter, cellKm, bandKm, fdr, Source.AUTO);
  }

  Optional<GiResult> giStar(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr, Source source) {
    return admitted(() -> giStarAdmitted(filter, cellKm, bandKm, fdr, source));
  }

  private Optional<GiResult> giStarAdmitted(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr,
      Source source) {
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    ZoneGrid.HexCells cells = cells(zone.get(), cellKm);
    Band band = band(cells, bandKm, limits.neighbourPairs());
    double[] counts = new double[cells.size()];
    long[] outside = {0};
    String column = rollupColumn(cellKm, filter.wholeDays(), source);
    analytic(() -> {
      JdbcClient.StatementSpec spec = column != null
          ? filter.bindRollup(jdbc.sql(HotspotSql.rollupHexCounts(column)))
          : filter.bind(jdbc.sql(HotspotSql.HEX_COUNTS), zone.get()).param("a", cellKm * 1000.0);
      spec.query(rs -> {
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

  /** Gi* for one window, written to {@code out} as a FeatureCollection with a {@code metadata} member. */
  void hotspots(HotspotFilter filter, double cellKm, Double bandKm, boolean fdr, JsonOut out) {
    admitted(() -> {
      Optional<GiResult> run = giStarAdmitted(filter, cellKm, bandKm, fdr, Source.AUTO);
      if (run.isEmpty()) {
        writeEmpty(out);
        return null;
      }
      writeHotspots(run.get(), filter, fdr, out.start());
      return null;
    });
  }

  private void writeHotspots(GiResult r, HotspotFilter filter, boolean fdr, JsonGenerator g) {
    ZoneGrid.HexCells c = r.cells();
    g.writeStartObject();
    g.writeStringProperty("type", "FeatureCollection");
    g.writeName("features");
    g.writeStartArray();
    int[] binCounts = new int[7];
    for (int k = 0; k < c.size(); k++) {
      binCounts[r.bins()[k] + 3]++;
      JsonOut.startFeature(g, c.id(k), c.geometry()[k]);
      g.writeNumberProperty("count", (long) r.counts()[k]);
      JsonOut.number(g, "z", r.z()[k], 6);
      JsonOut.probability(g, "p", r.p()[k]);
      if (fdr) {
        JsonOut.probability(g, "q", r.q()[k]);
      }
      g.writeNumberProperty("bin", r.bins()[k]);
      g.writeNumberProperty("neighbours", r.band().neighbours()[k].length);
      JsonOut.endFeature(g);
    }
    g.writeEndArray();
    g.writeName("metadata");
    g.writeStartObject();
    cellMeta(g, c, filter);
    double meanNb = 0;
    for (int[] nb : r.band().neighbours()) {
      meanNb += nb.length;
    }
    meanNb /= Math.max(1, c.size());
    JsonOut.number(g, "bandKm", r.band().bandM() / 1000.0, 4);
    g.writeBooleanProperty("bandDefault", r.band().isDefault());
    JsonOut.number(g, "defaultBandKm", r.band().defaultBandM() / 1000.0, 4);
    g.writeStringProperty("weights", "binary fixed distance band between cell centres, cell itself included (Gi*)");
    JsonOut.number(g, "meanNeighbours", meanNb, 3);
    g.writeNumberProperty("incidents", (long) r.stats().total());
    g.writeNumberProperty("incidentsOutsideZone", r.incidentsOutside());
    JsonOut.number(g, "mean", r.stats().mean(), 9);
    JsonOut.number(g, "s", r.stats().s(), 9);
    g.writeBooleanProperty("fdr", fdr);
    g.writeName("thresholds");
    g.writeStartObject();
    JsonOut.probability(g, "p90", r.thresholds()[0]);
    JsonOut.probability(g, "p95", r.thresholds()[1]);
    JsonOut.probability(g, "p99", r.thresholds()[2]);
    g.writeEndObject();
    g.writeName("bins");
    g.writeStartObject();
    for (int k = -3; k <= 3; k++) {
      g.writeNumberProperty(Integer.toString(k), binCounts[k + 3]);
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  private void cellMeta(JsonGenerator g, ZoneGrid.HexCells c, HotspotFilter filter) {
    double a = c.lattice().a();
    g.writeNumberProperty("n", c.size());
    JsonOut.number(g, "cellKm", a / 1000.0, 4);
    g.writeStringProperty("cellKmIs", "hexagon edge (ST_HexagonGrid size); across flats = sqrt(3) x edge");
    JsonOut.number(g, "acrossFlatsKm", c.lattice().spacing() / 1000.0, 4);
    JsonOut.number(g, "cellAreaKm2", c.lattice().area() / 1e6, 4);
    JsonOut.number(g, "zoneKm", grid.zoneKm(), 3);
    g.writeStringProperty("crs", "EPSG:32648 (grid, distances), EPSG:4326 (output)");
    g.writeStringProperty("from", filter.openStart() ? null : filter.from().toString());
    g.writeStringProperty("to", filter.openEnd() ? null : filter.to().toString());
    g.writeName("types");
    g.writeStartArray();
    for (String t : filter.types()) {
      g.writeString(t);
    }
    g.writeEndArray();
  }

  /** The answer when no border is loaded. */
  static void writeEmpty(JsonOut out) {
    out.start().writeTree(emptyCollection());
  }

  /** No features, no incidents: what every analysis answers before a border exists. */
  static ObjectNode emptyCollection() {
    ObjectNode fc = JsonMapper.shared().createObjectNode().put("type", "FeatureCollection");
    fc.putArray("features");
    fc.putObject("metadata").put("n", 0).put("incidents", 0);
    return fc;
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

  /** Emerging hot spots written to {@code out}; cells × slices are checked before the counts are queried. */
  void emerging(HotspotFilter filter, Slice slice, double cellKm, boolean fdr, JsonOut out) {
    emerging(filter, slice, cellKm, fdr, out, Source.AUTO);
  }

  void emerging(HotspotFilter filter, Slice slice, double cellKm, boolean fdr, JsonOut out, Source source) {
    admitted(() -> {
      emergingAdmitted(filter, slice, cellKm, fdr, out, source);
      return null;
    });
  }

  private void emergingAdmitted(HotspotFilter filter, Slice slice, double cellKm, boolean fdr, JsonOut out,
      Source source) {
    Optional<EmergingRun> run = emergingRun(filter, slice, cellKm, fdr, source);
    if (run.isEmpty()) {
      writeEmpty(out);
      return;
    }
    EmergingRun r = run.get();
    writeEmerging(r.cells(), r.starts(), slice, r.trends(), r.counts(), r.filter(), fdr, out.start());
  }

  /**
   * One emerging run: the hexagons, the slice starts, the counts per slice and cell, and per cell its z-scores,
   * bins, Mann–Kendall trend and category; {@code filter} is the window actually used (the data's span where
   * the caller left a bound open). Empty when no border is loaded or, for an open window, no incident matches.
   */
  record EmergingRun(ZoneGrid.HexCells cells, List<LocalDate> starts, double[][] counts, List<CellTrend> trends,
      HotspotFilter filter) {}

  /** Must run admitted. Bounds (slices, cells × slices, cells) are checked before the counts are queried. */
  private Optional<EmergingRun> emergingRun(HotspotFilter filter, Slice slice, double cellKm, boolean fdr,
      Source source) {
    Optional<ZoneGrid.Zone> zone = grid.zone();
    if (zone.isEmpty()) {
      return Optional.empty();
    }
    HotspotFilter f = filter;
    if (filter.openStart() || filter.openEnd()) {
      OffsetDateTime[] range = analytic(() -> filter.bind(jdbc.sql(HotspotSql.TIME_RANGE), zone.get())
          .query((rs, n) -> new OffsetDateTime[] {rs.getObject("t0", OffsetDateTime.class),
              rs.getObject("t1", OffsetDateTime.class)}).single());
      if (range[0] == null) {
        return Optional.empty();
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
    Limits.check("cellKm", "error.limit-cell-slices", limits.cellSlices(),
        estimatedCells(zone.get(), cellKm) * starts.size());
    ZoneGrid.HexCells cells = cells(zone.get(), cellKm);
    Band band = band(cells, null);
    int t = starts.size();
    double[][] counts = new double[t][cells.size()];
    HotspotFilter bound = f;
    // A window the data opened (first to last incident) holds the same rows as its whole days: the rollup's days
    // from the first incident's day to the last one's are then the same set.
    boolean wholeDays = f.wholeDays() || (filter.openStart() || filter.openEnd())
        && (filter.openStart() || filter.wholeDaysFrom()) && (filter.openEnd() || filter.wholeDaysTo());
    String column = rollupColumn(cellKm, wholeDays, source);
    analytic(() -> {
      JdbcClient.StatementSpec spec = column != null
          ? bound.bindRollup(jdbc.sql(HotspotSql.rollupSliceHexCounts(column)))
          : bound.bind(jdbc.sql(HotspotSql.SLICE_HEX_COUNTS), zone.get()).param("a", cellKm * 1000.0);
      spec.param("unit", slice.name().toLowerCase(java.util.Locale.ROOT)).query(rs -> {
            Integer s = sliceIndex.get(rs.getObject("slice", LocalDate.class));
            int idx = cells.indexOfKey(rs.getLong("k"));
            if (s != null && idx >= 0) {
              counts[s][idx] += rs.getLong("n");
            }
          });
      return null;
    });
    return Optional.of(new EmergingRun(cells, starts, counts, trends(counts, band, fdr), f));
  }

  // ----------------------------------------------------------------------------------------- one cell's trend

  /** A cell id as the Gi* and emerging answers write it ({@code i_j}, lattice indices). */
  private static final java.util.regex.Pattern CELL_ID = java.util.regex.Pattern.compile("(-?\\d{1,9})_(-?\\d{1,9})");

  /** The Mann–Kendall test of one cell's z-scores, as the emerging view uses it. */
  record Trend(String of, int n, long s, double z, double p, double tau, int direction, boolean significant,
      double alpha) {}

  /**
   * One cell's series (the hot-cell chart, docs/CHARTS.md): per slice its count, Gi* z (null where undefined)
   * and bin, the Mann–Kendall trend of the z-scores and the emerging category; the same run as {@link
   * #emerging}, so the cell says exactly what the emerging layer says about it.
   */
  record CellSeries(String cell, double cellKm, String slice, List<String> slices, long[] counts, Double[] z,
      int[] bins, long total, String category, Trend trend, String from, String to, List<String> types) {}

  /** 400 {@code cell} unless {@code id} is {@code i_j} with integer lattice indices. */
  static long cellKey(String id) {
    java.util.regex.Matcher m = id == null ? null : CELL_ID.matcher(id.strip());
    if (m == null || !m.matches()) {
      throw ApiException.badField("cell", "error.cell-id", id == null ? "" : id.strip());
    }
    long i = Long.parseLong(m.group(1));
    long j = Long.parseLong(m.group(2));
    if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE || j < Integer.MIN_VALUE || j > Integer.MAX_VALUE) {
      throw ApiException.badField("cell", "error.cell-id", id.strip());
    }
    return ZoneGrid.HexCells.key((int) i, (int) j);
  }

  /** 404 when the cell is not one of the zone's hexagons of {@code cellKm}. */
  CellSeries cellSeries(String cellId, HotspotFilter filter, Slice slice, double cellKm, boolean fdr) {
    long key = cellKey(cellId);
    return admitted(() -> {
      Optional<EmergingRun> run = emergingRun(filter, slice, cellKm, fdr, Source.AUTO);
      int idx = run.map(r -> r.cells().indexOfKey(key)).orElse(-1);
      if (idx < 0) {
        throw new ApiException(org.springframework.http.HttpStatus.NOT_FOUND, "problem.not-found",
            List.of(new ApiException.FieldError("cell", "error.cell-outside", cellId.strip(), cellKm)));
      }
      EmergingRun r = run.get();
      int t = r.starts().size();
      long[] counts = new long[t];
      long total = 0;
      for (int s = 0; s < t; s++) {
        counts[s] = (long) r.counts()[s][idx];
        total += counts[s];
      }
      CellTrend tr = r.trends().get(idx);
      Double[] z = new Double[t];
      for (int s = 0; s < t; s++) {
        z[s] = Double.isFinite(tr.z()[s]) ? Math.round(tr.z()[s] * 1000.0) / 1000.0 : null;
      }
      MannKendall.Result mk = tr.mk();
      int direction = mk.trend(EmergingClassifier.TREND_ALPHA);
      Trend trend = new Trend("z", mk.n(), mk.s(), mk.z(), mk.p(), mk.tau(), direction, direction != 0,
          EmergingClassifier.TREND_ALPHA);
      return new CellSeries(r.cells().id(idx), r.cells().lattice().a() / 1000.0,
          slice.name().toLowerCase(java.util.Locale.ROOT), r.starts().stream().map(LocalDate::toString).toList(),
          counts, z, tr.bins(), total, tr.category().name(), trend, r.filter().from().toString(),
          r.filter().to().toString(), r.filter().types());
    });
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

  private void writeEmerging(ZoneGrid.HexCells c, List<LocalDate> starts, Slice slice, List<CellTrend> trends,
      double[][] counts, HotspotFilter f, boolean fdr, JsonGenerator g) {
    g.writeStartObject();
    g.writeStringProperty("type", "FeatureCollection");
    g.writeName("features");
    g.writeStartArray();
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
      JsonOut.startFeature(g, c.id(k), c.geometry()[k]);
      g.writeStringProperty("category", tr.category().name());
      g.writeNumberProperty("count", cellTotal);
      JsonOut.number(g, "trendZ", tr.mk().z(), 6);
      JsonOut.probability(g, "trendP", tr.mk().p());
      JsonOut.number(g, "tau", tr.mk().tau(), 6);
      g.writeName("z");
      g.writeStartArray();
      for (double z : tr.z()) {
        JsonOut.number(g, z, 3);
      }
      g.writeEndArray();
      g.writeName("bins");
      g.writeStartArray();
      for (int b : tr.bins()) {
        g.writeNumber(b);
      }
      g.writeEndArray();
      JsonOut.endFeature(g);
    }
    g.writeEndArray();
    g.writeName("metadata");
    g.writeStartObject();
    cellMeta(g, c, f);
    g.writeStringProperty("slice", slice.name().toLowerCase(java.util.Locale.ROOT));
    g.writeName("slices");
    g.writeStartArray();
    for (LocalDate d : starts) {
      g.writeString(d.toString());
    }
    g.writeEndArray();
    g.writeNumberProperty("incidents", total);
    g.writeBooleanProperty("fdr", fdr);
    g.writeNumberProperty("trendAlpha", EmergingClassifier.TREND_ALPHA);
    g.writeName("categories");
    g.writeStartObject();
    for (var e : tally.entrySet()) {
      g.writeNumberProperty(e.getKey().name(), e.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeEndObject();
  }
}
