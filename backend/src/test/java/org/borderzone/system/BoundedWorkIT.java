package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Bounded work with the shipped limits (docs/LIMITS.md): the runaway requests are refused with 422
 * before they run, naming the parameter; and a storm of 30 heavy analyses at once neither answers 5xx (the
 * admission queues them; only a 503 with Retry-After would be allowed, when the queue is full) nor slows the
 * cheap map reads, health and {@code /api/me}, which keep the main pool to themselves.
 */
class BoundedWorkIT extends IntegrationTest {

  @Autowired
  AnalyticsPool analytics;

  private static boolean warm;

  /** The first analysis of a context builds the border zone (~0.5 s, seconds on a busy machine): not timed. */
  @BeforeEach
  void warmTheZone() {
    if (!warm) {
      assertThat(get("/api/hotspots?cellKm=5").status()).isEqualTo(200);
      warm = true;
    }
  }

  @ParameterizedTest(name = "GET {0} -> 422 naming {1}")
  @CsvSource(delimiter = '|', value = {
      // 67 s and 143 MB before: 1.16 million grid cells
      "/api/hotspots/density?cellKm=0.2&bandwidthKm=20| cellKm",
      // fits the grid, but every incident's kernel covers ~12,000 cells: about 10^8 evaluations or more
      "/api/hotspots/density?cellKm=0.8&bandwidthKm=50| bandwidthKm",
      // 172 MB before
      "/api/incidents/grid?cellDeg=0.0001| cellDeg",
      "/api/incidents/grid?zoom=22| zoom",
      // over 9 minutes before, ignoring pg_cancel_backend
      "/api/hotspots/clusters?epsM=20000&minPoints=2| epsM",
      "/api/hotspots/emerging?slice=week&cellKm=0.5&from=2024-01-01&to=2025-12-31| cellKm",
      "/api/hotspots?cellKm=0.5&bandKm=20| bandKm"})
  void runawayRequestsAreRefusedBeforeTheyRun(String path, String field) {
    long t0 = System.nanoTime();
    Response r = get(path);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo(field);
    assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
    assertThat(r.json().path("detail").asString()).containsPattern("at most [0-9,]+").contains(field + ":");
    assertThat(ms).as("refused before the work").isLessThan(3_000);
    System.out.printf("[bounded] %s -> 422 in %d ms, %d bytes: %s%n", path, ms, r.body().length(),
        r.json().path("detail").asString());
  }

  @Test
  void plansArePaged() {
    JsonNode page = get("/api/patrol-plans?size=5").json();
    assertThat(page.path("size").asInt()).isEqualTo(5);
    assertThat(page.path("numberMatched").asLong()).isGreaterThanOrEqualTo(page.path("numberReturned").asLong());
    assertThat(page.path("features").size()).isLessThanOrEqualTo(5);
    assertThat(get("/api/patrol-plans?size=201").json().path("field").asString()).isEqualTo("size");
    assertThat(get("/api/patrol-plans?page=-1").json().path("field").asString()).isEqualTo("page");
  }

  /** What one heavy request answered. */
  record Heavy(String path, int status, String contentType, boolean retryAfter, long bytes, long ms) {}

  static final List<String> HEAVY = List.of(
      "/api/hotspots/emerging?slice=month&cellKm=0.5&from=2024-01-01&to=2025-12-31",
      "/api/hotspots/density?bandwidthKm=20&cellKm=1",
      "/api/hotspots/clusters?epsM=1000&minPoints=5&from=2024-01-01&to=2025-12-31",
      "/api/hotspots?cellKm=0.5");

  static final List<String> CHEAP = List.of("/api/segments?bbox=105.5,14,106,14.5", "/actuator/health", "/api/me");

  /**
   * Every request of the storm goes through one signed-in session, as the map's do (HTTP Basic would hash
   * the password with BCrypt on every request, which is not what is measured here).
   */
  @Test
  void thirtyHeavyRequestsNeither5xxNorSlowTheCheapOnes() throws Exception {
    BrowserSession browser = new BrowserSession(port);
    assertThat(browser.login(DEFAULT_USER, DEMO_PASSWORD).status()).isEqualTo(302);
    session = "SESSION=" + browser.cookie("SESSION");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (String path : HEAVY) { // warm the zone and the grids, so that the storm measures the steady state
      assertThat(fetch(client, path).status()).as(path).isEqualTo(200);
    }
    List<Long> idle = new ArrayList<>();
    for (int k = 0; k < 15; k++) {
      idle.add(fetch(client, CHEAP.get(k % CHEAP.size())).ms());
    }
    Collections.sort(idle);
    resetPeaks();
    int n = 30;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Heavy>> futures = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      String path = HEAVY.get(k % HEAVY.size());
      futures.add(pool.submit(() -> {
        go.await();
        return fetch(client, path);
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    List<Long> cheap = new ArrayList<>();
    java.util.Map<String, List<Long>> byPath = new java.util.TreeMap<>();
    int maxRunning = 0;
    int maxWaiting = 0;
    int k = 0;
    while (futures.stream().anyMatch(f -> !f.isDone())) {
      maxRunning = Math.max(maxRunning, analytics.running());
      maxWaiting = Math.max(maxWaiting, analytics.waiting());
      Heavy c = fetch(client, CHEAP.get(k++ % CHEAP.size()));
      assertThat(c.status()).as(c.path()).isEqualTo(200);
      cheap.add(c.ms());
      byPath.computeIfAbsent(c.path(), x -> new ArrayList<>()).add(c.ms());
      Thread.sleep(50);
    }
    long wall = (System.nanoTime() - t0) / 1_000_000;
    List<Heavy> heavy = new ArrayList<>();
    for (Future<Heavy> f : futures) {
      heavy.add(f.get());
    }
    pool.shutdown();
    long peakHeap = peakHeapBytes();

    int ok = 0;
    int busy = 0;
    for (Heavy h : heavy) {
      if (h.status() == 200) {
        ok++;
      } else {
        // the only 5xx allowed: the admission's 503 problem with Retry-After (queue full or waited too long)
        assertThat(h.status()).as(h.path()).isEqualTo(503);
        assertThat(h.contentType()).startsWith("application/problem+json");
        assertThat(h.retryAfter()).isTrue();
        busy++;
      }
    }
    List<Long> heavyMs = heavy.stream().map(Heavy::ms).sorted().toList();
    Collections.sort(cheap);
    long p50 = cheap.get(cheap.size() / 2);
    long p95 = cheap.get((int) Math.ceil(cheap.size() * 0.95) - 1);
    System.out.printf("[storm] %d heavy in %d ms wall: %d x 200, %d x 503; heavy ms min %d median %d max %d; "
            + "%d MB answered; analytics running max %d, waiting max %d; cheap n=%d p50 %d ms p95 %d ms max %d ms; "
            + "peak heap %d MB of %d MB%n",
        n, wall, ok, busy, heavyMs.get(0), heavyMs.get(n / 2), heavyMs.get(n - 1),
        heavy.stream().mapToLong(Heavy::bytes).sum() >> 20, maxRunning, maxWaiting, cheap.size(), p50, p95,
        cheap.get(cheap.size() - 1), peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("[storm] cheap before the storm: p50 %d ms, max %d ms; during, per path: %s%n",
        idle.get(idle.size() / 2), idle.get(idle.size() - 1), byPath);
    assertThat(maxRunning).as("analyses at once").isLessThanOrEqualTo(4);
    assertThat(ok).as("the queue lets every analysis through in the end").isEqualTo(n);
    assertThat(cheap.size()).isGreaterThanOrEqualTo(5);
    assertThat(p95).as("cheap requests p95 (ms) during the storm").isLessThan(1_000);
  }

  private String session;

  private Heavy fetch(HttpClient client, String path) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", session)
          .header("Accept", "application/json").header("Sec-Fetch-Mode", "cors")
          .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      long bytes;
      try (InputStream in = r.body()) {
        bytes = in.transferTo(OutputStream.nullOutputStream());
      }
      return new Heavy(path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Retry-After").isPresent(), bytes, (System.nanoTime() - t0) / 1_000_000);
    } catch (Exception e) {
      throw new IllegalStateException(path, e);
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
