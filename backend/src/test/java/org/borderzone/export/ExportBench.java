package org.borderzone.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.support.BenchReport;
import org.borderzone.support.ChildServer;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code make bench}: the size and time of a 100,000-incident export in every format ({@code bench.export.rows}),
 * through HTTP on the test server, each file checked by GDAL ({@code ogrinfo -so}: its feature count); then the
 * memory proof: a server in a JVM of its own with a small heap ({@code bench.export.xmx}, default 128 MB, with
 * {@code -XX:+ExitOnOutOfMemoryError}) exports 1,000,000 incidents ({@code bench.export.memory-rows}) in every
 * format; its peak resident memory ({@code VmHWM}) is read from /proc. Writes the {@code export} section of
 * docs/BENCHMARKS.md. The generated incidents are SHARED, dated in 2015 (no demo data there), and deleted after.
 */
class ExportBench extends IntegrationTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final String WINDOW = "from=2015-01-01&to=2016-01-01";

  @org.springframework.beans.factory.annotation.Autowired
  org.flywaydb.core.Flyway flyway;

  /** Runs {@code work} as the schema owner in one transaction without a statement timeout. */
  private void asOwner(java.util.function.Consumer<JdbcClient> work) {
    javax.sql.DataSource ds = flyway.getConfiguration().getDataSource();
    new TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds))
        .executeWithoutResult(s -> {
          JdbcClient tx = JdbcClient.create(ds);
          tx.sql("select set_config('statement_timeout', '0', true)").query(String.class).single();
          work.accept(tx);
        });
  }

  /** Replaces the generated incidents by {@code n} new ones, pre-located (the location trigger skips them). */
  private void generate(int n) {
    asOwner(tx -> {
      tx.sql("delete from incident where source = 'bench-export'").update();
      tx.sql("select set_config('borderzone.prelocated', 'on', true)").query(String.class).single();
      tx.sql("""
          insert into incident (occurred_at, geom, type, severity, description, source, owner_org, releasability,
                                created_by, nearest_segment_id, distance_to_border_m, side)
          select timestamptz '2015-01-01' + (g % 31536000) * interval '1 second',
                 st_setsrid(st_makepoint(105.5 + (g * 7919 % 100000) / 100000.0 * 2.0,
                                         13.6 + (g * 104729 % 100000) / 100000.0 * 1.5), 4326),
                 (array['SMUGGLING','ILLEGAL_LOGGING','ILLEGAL_CROSSING','UXO','OTHER'])[(1 + g % 5)::int],
                 1 + g % 5, 'bench incident ' || g || ' ខ្មែរ ລາວ', 'bench-export', 'KH', 'SHARED', 'bench',
                 (select min(id) from border_segment), (g % 10000)::float8, 'KH'
          from generate_series(1::bigint, :n) g
          """).param("n", n).update();
    });
    asOwner(tx -> tx.sql("analyze incident").update());
  }

  /** Downloads {@code url} into {@code file} (or only counts when file is null); returns bytes. */
  private static long download(String url, Path file) throws Exception {
    HttpRequest req = basic(HttpRequest.newBuilder(URI.create(url)), "admin", DEMO_PASSWORD)
        .timeout(Duration.ofMinutes(30)).GET().build();
    HttpResponse<InputStream> r = HTTP.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    try (InputStream in = r.body()) {
      if (file != null) {
        return Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      byte[] buf = new byte[1 << 16];
      long n = 0;
      for (int k; (k = in.read(buf)) > 0; ) {
        n += k;
      }
      return n;
    }
  }

  private static long featureCount(Path file) throws Exception {
    Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(Gdal.summary(file));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  @Test
  void exportSizesTimesAndMemory() throws Exception {
    int rows = Integer.getInteger("bench.export.rows", 100_000);
    int memoryRows = Integer.getInteger("bench.export.memory-rows", 1_000_000);
    int runs = Math.max(1, Integer.getInteger("bench.export.runs", 3));
    String xmx = System.getProperty("bench.export.xmx", "128m");
    String machine = BenchReport.machine(jdbc);
    Path dir = Files.createTempDirectory("export-bench");
    StringBuilder table = new StringBuilder("| format | size | median s | features/s | GDAL feature count |\n"
        + "|---|---:|---:|---:|---:|\n");
    try {
      generate(rows);
      for (String f : ExportIT.FORMATS) {
        double[] ms = new double[runs];
        long size = 0;
        Path file = dir.resolve("incidents." + f);
        for (int i = 0; i < runs; i++) {
          long t0 = System.nanoTime();
          size = download(url("/api/exports/incidents?f=" + f + "&" + WINDOW), file);
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        long count = featureCount(file);
        assertThat(count).as(f).isEqualTo(rows);
        double med = BenchReport.median(ms) / 1000;
        table.append(String.format(Locale.ROOT, "| %s | %.1f MB | %.2f | %,.0f | %,d |%n", f, size / 1e6, med,
            rows / med, count));
        Files.deleteIfExists(file);
      }

      generate(memoryRows);
      StringBuilder mem = new StringBuilder("| format | size | s | peak RSS of the child (VmHWM) |\n|---|---:|---:|---:|\n");
      int port = ChildServer.freePort();
      try (ChildServer child = ChildServer.start(port, System.getenv("SPRING_DATASOURCE_URL"), "export-bench",
          Duration.ofMinutes(5), List.of("-Xmx" + xmx), "--borderzone.limits.export.max-rows=" + memoryRows)) {
        for (String f : ExportIT.FORMATS) {
          AtomicLong peak = new AtomicLong();
          Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
              peak.accumulateAndGet(rssKb(child.pid()), Math::max);
              try {
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
            }
          });
          sampler.start();
          long t0 = System.nanoTime();
          long size = download(child.url("/api/exports/incidents?f=" + f + "&" + WINDOW), null);
          double s = (System.nanoTime() - t0) / 1e9;
          sampler.interrupt();
          sampler.join();
          assertThat(child.isAlive()).as("the child survived the " + f + " export").isTrue();
          mem.append(String.format(Locale.ROOT, "| %s | %.0f MB | %.1f | %.0f MB |%n", f, size / 1e6, s,
              hwmKb(child.pid()) / 1024.0));
        }
      }
      String report = String.format(Locale.ROOT, """
          ## Exports: size and time per format, and memory (ExportBench)

          %s

          %,d generated SHARED incidents (`GET /api/exports/incidents?f=…&from=2015-01-01&to=2016-01-01` as
          admin, through HTTP on the test server, the file written to disk; median of %d runs; every file read by
          GDAL `ogrinfo -so`, whose feature count is in the last column):

          %s
          Memory: a server in its own JVM with `-Xmx%s -XX:+ExitOnOutOfMemoryError` (a heap far smaller than any
          of these files) exports %,d incidents in every format, one after the other; it stays alive, and its
          peak resident set (heap, metaspace, code, threads, buffers) after each export is:

          %s
          `-Dbench.export.rows`, `-Dbench.export.memory-rows`, `-Dbench.export.xmx`, `-Dbench.export.runs`.
          """, machine, rows, runs, table, xmx, memoryRows, mem);
      System.out.println(report);
      BenchReport.write("export", report);
    } finally {
      asOwner(tx -> tx.sql("delete from incident where source = 'bench-export'").update());
      try (var files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
  }

  private static long rssKb(long pid) {
    return status(pid, "VmRSS:");
  }

  private static long hwmKb(long pid) {
    return status(pid, "VmHWM:");
  }

  private static long status(long pid, String key) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith(key)) {
          return Long.parseLong(l.replaceAll("\\D", ""));
        }
      }
    } catch (Exception e) {
      // the process is gone
    }
    return 0;
  }
}
