package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.borderzone.support.BrowserSession;
import org.borderzone.support.ChildServer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * {@code make chaos}: the longer versions of {@link FaultsIT} (whose four tests run first), bounded in count
 * and time, with traffic only to localhost and the database outages made by the {@code TcpProxy} in front of
 * the child server (the shared cluster is never stopped):
 * <ul>
 *   <li>{@code chaos.cycles} (default 5) crashes during imports at a random moment, alternating kill -9 and
 *       SIGTERM: after each restart every interrupted job is FAILED with nothing stored, or DONE with all rows;
 *   <li>outages under load: 16 clients (Basic and session reads, reports, health) while the database is stopped,
 *       crashed during an import, and partitioned ({@code chaos.outage-seconds}, default 5, each): no 500, no
 *       HTML, every 5xx a 503 problem+json with Retry-After, every acknowledged report stored;
 *   <li>{@code chaos.heavy} (default 30) concurrent heavy analytics requests with cheap requests alongside and
 *       a database outage in the middle: nothing but 2xx, 4xx and 503 problem+json.
 * </ul>
 * The figures go to the test output ("CHAOS").
 */
class FaultsChaos extends FaultsIT {

  private static final int CYCLES = Integer.getInteger("chaos.cycles", 5);
  private static final int HEAVY = Integer.getInteger("chaos.heavy", 30);
  private static final int OUTAGE_SECONDS = Integer.getInteger("chaos.outage-seconds", 5);
  private static final Map<String, Object> CHAOS = Collections.synchronizedMap(new TreeMap<>());

  @Test
  @Order(10)
  void crashesDuringImportsNeverLeaveAJobRunningOrHalfAnImport() throws Exception {
    Random random = new Random(Long.getLong("chaos.seed", 8L));
    Map<String, Integer> outcomes = new TreeMap<>();
    long worstSettleMs = 0;
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      ChildServer c = child();
      ChildClient planner = new ChildClient(c, "kh-planner", DEMO_PASSWORD);
      int rows = 10_000 + random.nextInt(30_000);
      String source = "chaos-crash-" + cycle + "-" + UUID.randomUUID();
      UUID job = startImport(planner, csv(rows, source), false);
      // The moment of the crash: at once, half-way through validation, while rows are inserted, or at random.
      switch (random.nextInt(4)) {
        case 0 -> { }
        case 1 -> awaitRowsDone(job, rows / 2, Duration.ofSeconds(60));
        case 2 -> awaitLoading(job, Duration.ofSeconds(120));
        default -> Thread.sleep(random.nextInt(6000));
      }
      boolean term = cycle % 2 == 0;
      Job before = job(job);
      if (term) {
        assertThat(c.terminate(Duration.ofSeconds(60))).as("exits after SIGTERM").isTrue();
      } else {
        c.kill();
      }
      resetChild();
      long stored = count(source);
      assertThat(stored).as("all or nothing (cycle %d)", cycle).isIn(0L, (long) rows);
      assertThat(job(job).imported()).isIn(0, rows);
      long t0 = System.nanoTime();
      child();
      Job after = awaitState(job, Duration.ofSeconds(30), "DONE", "FAILED");
      worstSettleMs = Math.max(worstSettleMs, (System.nanoTime() - t0) / 1_000_000);
      if (after.state().equals("DONE")) {
        assertThat(count(source)).isEqualTo(rows);
        assertThat(after.imported()).isEqualTo(rows);
      } else {
        assertThat(count(source)).isZero();
        assertThat(after.imported()).isZero();
        assertThat(after.message()).startsWith(term ? "interrupted: the server shut down" : "interrupted: the server");
      }
      outcomes.merge((term ? "SIGTERM" : "kill -9") + " in " + before.state() + " -> " + after.state(), 1,
          Integer::sum);
      assertThat(spoolFiles()).isEmpty();
    }
    CHAOS.put("crash cycles", CYCLES);
    CHAOS.put("crash outcomes", outcomes);
    CHAOS.put("crash restart-to-final-state max ms (incl. boot)", worstSettleMs);
    System.out.println("CHAOS " + CHAOS);
  }

  @Test
  @Order(11)
  void outagesUnderLoadAnswerOnly503AndLoseNoAcknowledgedReport() throws Exception {
    ChildServer c = child();
    ChildClient viewer = new ChildClient(c, "kh-viewer", DEMO_PASSWORD);
    ChildClient patrol = new ChildClient(c, "kh-patrol", DEMO_PASSWORD);
    ChildClient anonymous = new ChildClient(c, null, null);
    BrowserSession session = new BrowserSession(c.port());
    assertThat(session.login("kh-viewer", DEMO_PASSWORD).status()).isEqualTo(302);
    Traffic traffic = new Traffic();
    String run = UUID.randomUUID().toString();
    AtomicInteger seq = new AtomicInteger();
    List<Runnable> kinds = List.of(
        () -> traffic.record("read", () -> viewer.get("/api/segments")),
        () -> traffic.record("session", () -> session.get("/api/me")),
        () -> traffic.record("health", () -> anonymous.get("/actuator/health")),
        () -> {
          String source = "chaos-load-" + run + "-" + seq.incrementAndGet();
          Response r = traffic.record("write", () -> patrol.post("/api/incidents", report(source)));
          traffic.reports.put(source, r == null ? -1 : r.status());
        });
    ExecutorService clients = Executors.newFixedThreadPool(16);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Runnable kind = kinds.get(i % kinds.size());
      running.add(clients.submit(() -> {
        while (!stop.get()) {
          kind.run();
        }
      }));
    }
    try {
      Thread.sleep(2000);
      traffic.phase("stopped");
      proxy.stop();
      Thread.sleep(OUTAGE_SECONDS * 1000L);
      proxy.start();
      traffic.phase("after stop");
      Thread.sleep(3000);
      // A crash in the middle of an import, under the same load.
      UUID job = startImport(new ChildClient(c, "kh-planner", DEMO_PASSWORD), csv(30_000, "chaos-crash-" + run), false);
      awaitRowsDone(job, 5000, Duration.ofSeconds(60));
      traffic.phase("crashed");
      proxy.stop();
      Thread.sleep(OUTAGE_SECONDS * 1000L);
      proxy.start();
      traffic.phase("after crash");
      Job j = awaitState(job, Duration.ofSeconds(60), "FAILED", "DONE");
      assertThat(j.state().equals("FAILED") ? count("chaos-crash-" + run) : 30_000).isIn(0L, 30_000L);
      CHAOS.put("import during crash", j.state() + ": " + j.message());
      Thread.sleep(3000);
      traffic.phase("partitioned");
      proxy.freeze();
      Thread.sleep(OUTAGE_SECONDS * 1000L);
      proxy.start();
      traffic.phase("after partition");
      Thread.sleep(5000);
    } finally {
      stop.set(true);
      for (Future<?> f : running) {
        f.get(60, TimeUnit.SECONDS);
      }
      clients.shutdownNow();
      proxy.start();
    }
    CHAOS.put("load", traffic.summary());
    assertThat(traffic.bad).as("500s, HTML or 503 without problem+json/Retry-After").isEmpty();
    int acknowledged = 0;
    int storedAfter503 = 0;
    for (var e : traffic.reports.entrySet()) {
      long n = count(e.getKey());
      if (e.getValue() == 201) {
        acknowledged++;
        assertThat(n).as("acknowledged report %s", e.getKey()).isEqualTo(1);
      } else {
        assertThat(n).isIn(0L, 1L);
        storedAfter503 += (int) n;
      }
    }
    CHAOS.put("reports acknowledged (all stored once)", acknowledged);
    CHAOS.put("reports answered 503 but stored (a retry needs Idempotency-Key)", storedAfter503);
    System.out.println("CHAOS " + CHAOS);
  }

  @Test
  @Order(12)
  void heavyAnalyticsWithAnOutageInTheMiddleAnswerNo500() throws Exception {
    ChildServer c = child();
    ChildClient planner = new ChildClient(c, "kh-planner", DEMO_PASSWORD);
    ChildClient anonymous = new ChildClient(c, null, null);
    String[] heavy = {"/api/hotspots?cellKm=2", "/api/hotspots/clusters?epsM=1000&minPoints=10",
        "/api/hotspots/density?cellKm=2&bandwidthKm=5", "/api/hotspots/emerging?slice=month&cellKm=5"};
    Traffic traffic = new Traffic();
    ExecutorService pool = Executors.newFixedThreadPool(HEAVY + 2);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> cheap = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      cheap.add(pool.submit(() -> {
        while (!stop.get()) {
          traffic.record("cheap", () -> anonymous.get("/api/config"));
        }
      }));
    }
    traffic.phase("heavy");
    List<Future<?>> heavies = new ArrayList<>();
    for (int i = 0; i < HEAVY; i++) {
      String path = heavy[i % heavy.length];
      heavies.add(pool.submit(() -> traffic.record("heavy", () -> planner.get(path, 120))));
    }
    Thread.sleep(4000);
    traffic.phase("heavy, database stopped");
    proxy.stop();
    Thread.sleep(3000);
    proxy.start();
    traffic.phase("heavy, database back");
    for (Future<?> f : heavies) {
      f.get(5, TimeUnit.MINUTES);
    }
    stop.set(true);
    for (Future<?> f : cheap) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdownNow();
    CHAOS.put("heavy " + HEAVY, traffic.summary());
    assertThat(traffic.bad).as("500s, HTML or 503 without problem+json/Retry-After").isEmpty();
    assertThat(c.isAlive()).as("the server survived").isTrue();
    System.out.println("CHAOS " + CHAOS);
  }

  private static void resetChild() {
    FaultsIT.forgetChild();
  }

  private static String report(String source) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.0,14.0]},"
        + "\"properties\":{\"type\":\"SMUGGLING\",\"severity\":3,\"occurredAt\":\"2026-03-01T10:00:00Z\","
        + "\"source\":\"" + source + "\"}}";
  }

  /** Statuses and latencies per phase and kind; what should never be answered goes to {@link #bad}. */
  static final class Traffic {
    final List<String> bad = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> reports = new ConcurrentHashMap<>();
    private final Map<String, List<long[]>> byPhase = new ConcurrentHashMap<>();
    private volatile String phase = "normal";

    void phase(String name) {
      phase = name;
    }

    Response record(String kind, java.util.function.Supplier<Response> request) {
      String start = phase;
      long t0 = System.nanoTime();
      Response r;
      try {
        r = request.get();
      } catch (RuntimeException e) { // a timeout of the client (10 s; 120 s for heavy requests)
        long ms = (System.nanoTime() - t0) / 1_000_000;
        byPhase.computeIfAbsent(start + " " + kind, k -> Collections.synchronizedList(new ArrayList<>()))
            .add(new long[] {-1, ms});
        return null;
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      // A request that began in one phase and ended in the next is counted as "phase1 > phase2".
      String p = start.equals(phase) ? start : start + " > " + phase;
      byPhase.computeIfAbsent(p + " " + kind, k -> Collections.synchronizedList(new ArrayList<>()))
          .add(new long[] {r.status(), ms});
      boolean problem = r.contentType().startsWith("application/problem+json");
      // Health answers in the actuator's own format (DOWN with 503), the rest as problem+json with Retry-After.
      boolean health = kind.equals("health") && r.contentType().startsWith("application/vnd.spring-boot.actuator");
      if (r.status() >= 500 && (r.status() != 503 || !(problem || health)
          || !health && r.raw().headers().firstValue("Retry-After").isEmpty())
          || r.contentType().startsWith("text/html")) {
        bad.add(p + " " + kind + ": " + r.status() + " " + r.contentType() + " "
            + r.body().substring(0, Math.min(200, r.body().length())));
      }
      return r;
    }

    /** Per phase and kind: count, statuses, median and max latency (ms). */
    Map<String, String> summary() {
      Map<String, String> out = new TreeMap<>();
      byPhase.forEach((k, v) -> {
        List<long[]> copy;
        synchronized (v) {
          copy = new ArrayList<>(v);
        }
        Map<Long, Integer> statuses = new TreeMap<>();
        List<Long> ms = new ArrayList<>();
        for (long[] e : copy) {
          statuses.merge(e[0], 1, Integer::sum);
          ms.add(e[1]);
        }
        Collections.sort(ms);
        out.put(k, copy.size() + " " + statuses + " p50 " + ms.get(ms.size() / 2) + " ms, max " + ms.get(ms.size() - 1)
            + " ms");
      });
      return out;
    }
  }
}
