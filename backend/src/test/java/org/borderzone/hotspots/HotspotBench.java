package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.function.Supplier;
import org.borderzone.support.BenchReport;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Gi* at scale (issue 4 item 8; DESIGN target: Gi* over 1M incidents on a 2 km hex grid under 2 s and at most
 * 3× one plain count-per-cell scan of the same rows). Loads {@code bench.hotspot.rows} (default 100,000)
 * generated incidents (fixed seeds: 80 % uniform over the border zone, 20 % in ten 2 km clusters) into a window
 * of their own (1980, type SMUGGLING, source bench-hotspots), then times after warm-up, median of
 * {@code bench.runs}:
 *
 * <ul>
 *   <li>scan: the plain count-per-cell scan alone — the same grouped SQL over the same rows, hex grid and
 *       filter ({@link HotspotSql#HEX_COUNTS}), nothing else;
 *   <li>Gi*: the whole analysis in the service (zone and grid from cache, the count scan, neighbour sums, z,
 *       p, FDR, bins);
 *   <li>HTTP: GET /api/hotspots end to end, GeoJSON of every cell included.
 * </ul>
 *
 * Run with {@code make bench}; never part of {@code make test}.
 */
class HotspotBench extends IntegrationTest {

  static final String SOURCE = "bench-hotspots";
  static final String FROM = "1980-01-01";
  static final String TO = "1980-12-31";
  static final String TYPE = "SMUGGLING";

  @Autowired
  HotspotService service;

  @Test
  void giStarAgainstOneCountScan() throws Exception {
    int rows = Integer.getInteger("bench.hotspot.rows", 100_000);
    int runs = Math.max(5, Integer.getInteger("bench.runs", 7));
    String machine = BenchReport.machine(jdbc);

    long t0 = System.nanoTime();
    PlantedIncidents.delete(jdbc, SOURCE);
    int clustered = rows / 5;
    int background = rows - clustered;
    PlantedIncidents.background(jdbc, SOURCE, TYPE, FROM, 365, background, 1980);
    for (int c = 0; c < 10; c++) {
      int n = clustered / 10 + (c < clustered % 10 ? 1 : 0);
      PlantedIncidents.cluster(jdbc, SOURCE, TYPE, FROM, 365, 0.05 + 0.1 * c, 2000, n, 1990 + c, "KH", "SHARED");
    }
    owner().sql("analyze incident").update();
    double loadS = (System.nanoTime() - t0) / 1e9;
    long loaded = jdbc.sql("select count(*) from incident where source = :s").param("s", SOURCE)
        .query(Long.class).single();
    assertThat(loaded).isEqualTo(rows);

    HotspotFilter filter = HotspotFilter.parse(FROM, TO, TYPE, "JBC");
    double cellKm = 2.0;
    Supplier<Object> scan = () -> service.analytic(() -> {
      long[] sum = {0};
      filter.bind(jdbc.sql(HotspotSql.HEX_COUNTS), service.zone()).param("a", cellKm * 1000.0)
          .query(rs -> {
            sum[0] += rs.getLong("n");
          });
      return sum[0];
    });
    Supplier<Object> gi = () -> service.giStar(filter, cellKm, null, true).orElseThrow();
    String path = "/api/hotspots?cellKm=2&from=" + FROM + "&to=" + TO + "&type=" + TYPE;
    Supplier<Object> http = () -> {
      Response r = get(path);
      assertThat(r.status()).isEqualTo(200);
      return r.body().length();
    };

    // warm-up: caches (zone, grid), JIT of the JVM, PostgreSQL buffers
    for (int k = 0; k < 2; k++) {
      scan.get();
      gi.get();
      http.get();
    }
    double[] scanMs = new double[runs];
    double[] giMs = new double[runs];
    double[] httpMs = new double[runs];
    for (int k = 0; k < runs; k++) { // interleaved, so load changes hit all three alike
      scanMs[k] = time(scan);
      giMs[k] = time(gi);
      httpMs[k] = time(http);
    }
    HotspotService.GiResult r = service.giStar(filter, cellKm, null, true).orElseThrow();
    long counted = (long) r.stats().total();
    int hot = 0;
    for (int b : r.bins()) {
      if (b == 3) {
        hot++;
      }
    }
    double scanMed = BenchReport.median(scanMs);
    double giMed = BenchReport.median(giMs);
    double httpMed = BenchReport.median(httpMs);
    String md = String.format(Locale.ROOT, """
        ## Hotspots: Gi* against one count-per-cell scan

        %s

        %,d generated incidents (80 %% uniform over the border zone, 20 %% in ten clusters of 2 km radius; fixed
        seeds; window 1980, type %s) loaded in %.1f s; %,d of them in the %d cells of the 2 km hexagon grid (edge 2 km)
        of the 10 km border zone; %d cells hot at 99 %% after FDR. Median of %d runs after 2 warm-up runs, interleaved.

        | what | median ms | min ms | max ms | × scan |
        |---|---:|---:|---:|---:|
        | plain count-per-cell scan (the grouped SQL alone, same rows, grid and filter) | %.1f | %.1f | %.1f | 1.00 |
        | Gi* in the service (scan + neighbour sums, z, p, FDR, bins) | %.1f | %.1f | %.1f | %.2f |
        | GET /api/hotspots end to end (GeoJSON of all cells) | %.1f | %.1f | %.1f | %.2f |

        Target (DESIGN.md, at 1M incidents): Gi* under 2 s and at most 3× the scan. Here at %,d rows: Gi*/scan =
        **%.2f**, HTTP/scan = **%.2f**. Rows: `-Dbench.hotspot.rows` (`make bench BENCH_ARGS=-Dbench.hotspot.rows=1000000`).
        """, machine, rows, TYPE, loadS, counted, r.cells().size(), hot, runs,
        scanMed, min(scanMs), max(scanMs),
        giMed, min(giMs), max(giMs), giMed / scanMed,
        httpMed, min(httpMs), max(httpMs), httpMed / scanMed,
        rows, giMed / scanMed, httpMed / scanMed);
    System.out.println(md);
    BenchReport.write("hotspots", md);
    assertThat(counted).isGreaterThan(rows * 9L / 10);
  }

  private static double time(Supplier<Object> work) {
    long t = System.nanoTime();
    Object o = work.get();
    double ms = (System.nanoTime() - t) / 1e6;
    if (o == null) {
      throw new IllegalStateException();
    }
    return ms;
  }

  private static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElse(0);
  }

  private static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElse(0);
  }
}
