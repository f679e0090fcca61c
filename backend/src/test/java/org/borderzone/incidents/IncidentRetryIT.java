package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.borderzone.system.Actor;
import org.borderzone.system.Idempotency;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Safe retries with {@code Idempotency-Key}: a client whose connection drops (after sending, while the answer
 * comes back, or in the middle of the body) retries with the same key until it gets its answer, and every
 * report is stored exactly once; concurrent requests with one key store once; the same key with another
 * request is 409; keys are per user; only successes are kept; old keys are cleaned up.
 */
class IncidentRetryIT extends IntegrationTest {

  @Autowired
  Idempotency idempotency;

  @Autowired
  ScheduledTaskHolder scheduled;

  @Autowired
  IncidentImportService imports;

  @Autowired
  ImportSpool spoolDir;

  @Autowired
  PlatformTransactionManager txm;

  private static String report(String source) {
    return IncidentApiIT.feature(105.95, 13.93, IncidentApiIT.props(source));
  }

  private long countBySource(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  private Response postWithKey(Client client, String path, String contentType, String key, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
        .header(Idempotency.HEADER, key).POST(HttpRequest.BodyPublishers.ofString(body));
    return client == null ? send(b) : client.send(b);
  }

  private Response postWithKey(String key, String body) {
    return postWithKey(null, "/api/incidents", "application/geo+json", key, body);
  }

  private static boolean replayed(Response r) {
    return r.raw().headers().firstValue(Idempotency.REPLAYED).map("true"::equals).orElse(false);
  }

  /** How a first attempt goes wrong on the wire. */
  private enum Drop {
    /** The whole request sent, the socket closed (FIN) before anything is read. */
    AFTER_SEND,
    /** The whole request sent, the socket reset (RST, linger 0) at once. */
    RESET_AFTER_SEND,
    /** The response cut after its first bytes, as by a proxy that fails, then reset. */
    CUT_RESPONSE,
    /** Half of the body sent, then closed: the server never gets a complete request. */
    HALF_BODY
  }

  /** Sends the report over a raw socket and drops the connection as {@code drop} says. */
  private void sendAndDrop(String key, String body, Drop drop) throws IOException {
    byte[] payload = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST /api/incidents HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
        + "Authorization: Basic " + Base64.getEncoder().encodeToString(
            (DEFAULT_USER + ":" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n"
        + "Content-Type: application/geo+json\r\n"
        + (key == null ? "" : Idempotency.HEADER + ": " + key + "\r\n")
        + "Content-Length: " + payload.length + "\r\nConnection: close\r\n\r\n";
    Socket s = new Socket("localhost", port);
    try {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(payload, 0, drop == Drop.HALF_BODY ? payload.length / 2 : payload.length);
      out.flush();
      if (drop == Drop.CUT_RESPONSE) {
        InputStream in = s.getInputStream();
        byte[] first = new byte[12];
        int n = in.readNBytes(first, 0, first.length);
        assertThat(new String(first, 0, n, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1");
      }
      if (drop == Drop.RESET_AFTER_SEND || drop == Drop.CUT_RESPONSE) {
        s.setSoLinger(true, 0);
      }
    } finally {
      s.close();
    }
  }

  @Test
  void aClientThatLosesConnectionsAndRetriesStoresEveryReportExactlyOnce() throws Exception {
    String run = "retry-" + UUID.randomUUID();
    Drop[] drops = Drop.values();
    int reports = 20;
    int replays = 0;
    for (int i = 0; i < reports; i++) {
      String source = run + "-" + i;
      String key = UUID.randomUUID().toString();
      String body = report(source);
      // One or two broken attempts, then retries until an answer arrives.
      sendAndDrop(key, body, drops[i % drops.length]);
      if (i % 3 == 0) {
        sendAndDrop(key, body, drops[(i + 1) % drops.length]);
      }
      Response r = postWithKey(key, body);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      assertThat(r.json().path("properties").path("source").asString()).isEqualTo(source);
      replays += replayed(r) ? 1 : 0;
      // And once more, as a client that is unsure whether it got the answer: the same answer, nothing stored.
      Response again = postWithKey(key, body);
      assertThat(again.status()).isEqualTo(201);
      assertThat(replayed(again)).isTrue();
      assertThat(again.body()).isEqualTo(r.body());
      assertThat(again.raw().headers().firstValue("Location")).isEqualTo(r.raw().headers().firstValue("Location"));
      assertThat(again.contentType()).isEqualTo(r.contentType());
    }
    List<Long> counts = jdbc.sql("""
        select count(i.id) from generate_series(0, :n - 1) g
        left join incident i on i.source = :run || '-' || g group by g order by g
        """).param("n", reports).param("run", run).query(Long.class).list();
    assertThat(counts).hasSize(reports).containsOnly(1L);
    // The broken attempts did reach the server: some retries were answered from the stored result.
    LoggerFactory.getLogger(IncidentRetryIT.class).info("{} reports, {} first retries answered from a stored result",
        reports, replays);
    assertThat(replays).isPositive();
  }

  /** The same drop without a key stores the report twice: what the key prevents is real. */
  @Test
  void withoutAKeyTheSameRetryStoresTwice() throws Exception {
    String source = "retry-nokey-" + UUID.randomUUID();
    sendAndDrop(null, report(source), Drop.AFTER_SEND);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (countBySource(source) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(countBySource(source)).isEqualTo(1);
    assertThat(post("/api/incidents", report(source)).status()).isEqualTo(201);
    assertThat(countBySource(source)).isEqualTo(2);
  }

  @Test
  void concurrentRequestsWithOneKeyStoreOnceAndAllGetTheSameAnswer() throws Exception {
    String source = "retry-concurrent-" + UUID.randomUUID();
    String key = "concurrent-" + UUID.randomUUID();
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Response> c = () -> {
          go.await();
          return postWithKey(key, report(source));
        };
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<Response> answers = new ArrayList<>();
      for (Future<Response> f : futures) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(201));
      assertThat(answers).extracting(Response::body).containsOnly(answers.get(0).body());
      assertThat(answers.stream().filter(r -> !replayed(r)).count()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(countBySource(source)).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from idempotency_key where idem_key = :k").param("k", key)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherRequestIs409AndStoresNothing() {
    String key = UUID.randomUUID().toString();
    String first = "retry-first-" + UUID.randomUUID();
    String second = "retry-second-" + UUID.randomUUID();
    assertThat(postWithKey(key, report(first)).status()).isEqualTo(201);
    Response other = postWithKey(key, report(second));
    assertThat(other.status()).as(other.body()).isEqualTo(409);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.json().path("field").asString()).isEqualTo(Idempotency.HEADER);
    assertThat(countBySource(second)).isZero();
    // Whitespace is a different body too (the hash is over the bytes), and another endpoint another request.
    assertThat(postWithKey(key, report(first) + " ").status()).isEqualTo(409);
    Response elsewhere = postWithKey(null, "/api/incidents/import", "text/csv", key,
        "lon,lat,time,type,severity,source\n105.95,13.93,2025-12-01T10:00:00Z,UXO,2," + second + "\n");
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(409);
    assertThat(countBySource(first)).isEqualTo(1);
    assertThat(countBySource(second)).isZero();
  }

  @Test
  void keysAreScopedPerUser() {
    String key = "shared-" + UUID.randomUUID();
    String kh = "retry-kh-" + UUID.randomUUID();
    String la = "retry-la-" + UUID.randomUUID();
    Response a = postWithKey(as("kh-planner"), "/api/incidents", "application/geo+json", key,
        IncidentApiIT.feature(105.97, 13.53, IncidentApiIT.props(kh)));
    Response b = postWithKey(as("la-planner"), "/api/incidents", "application/geo+json", key,
        IncidentApiIT.feature(105.80, 15.12, IncidentApiIT.props(la)));
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    assertThat(b.status()).as(b.body()).isEqualTo(201);
    assertThat(replayed(b)).isFalse();
    assertThat(countBySource(kh)).isEqualTo(1);
    assertThat(countBySource(la)).isEqualTo(1);
    // The same body from a third user with the key is not a replay of anyone else's either.
    Response c = postWithKey(as("kh-patrol"), "/api/incidents", "application/geo+json", key,
        IncidentApiIT.feature(105.97, 13.53, IncidentApiIT.props(kh)));
    assertThat(c.status()).isEqualTo(201);
    assertThat(replayed(c)).isFalse();
    assertThat(countBySource(kh)).isEqualTo(2);
    Response retry = postWithKey(as("kh-planner"), "/api/incidents", "application/geo+json", key,
        IncidentApiIT.feature(105.97, 13.53, IncidentApiIT.props(kh)));
    assertThat(replayed(retry)).isTrue();
    assertThat(retry.body()).isEqualTo(a.body());
    assertThat(countBySource(kh)).isEqualTo(2);
  }

  @Test
  void badKeysAre400NamingTheHeaderAndStoreNothing() {
    String source = "retry-badkey-" + UUID.randomUUID();
    for (String bad : new String[] {"has space", "x".repeat(129), "ümlaut", "semi;colon", "\"\""}) {
      Response r = postWithKey(bad, report(source));
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().path("field").asString()).isEqualTo(Idempotency.HEADER);
    }
    Response two = send(HttpRequest.newBuilder(URI.create(url("/api/incidents")))
        .header("Content-Type", "application/geo+json").header(Idempotency.HEADER, "a").header(Idempotency.HEADER, "b")
        .POST(HttpRequest.BodyPublishers.ofString(report(source))));
    assertThat(two.status()).isEqualTo(400);
    assertThat(two.json().path("field").asString()).isEqualTo(Idempotency.HEADER);
    assertThat(countBySource(source)).isZero();
    // The longest key and a quoted (Structured Field) key are fine.
    assertThat(postWithKey(UUID.randomUUID() + "k".repeat(92), report(source)).status())
        .isEqualTo(201);
    assertThat(postWithKey("\"" + UUID.randomUUID() + "\"", report(source)).status()).isEqualTo(201);
  }

  /** A refused request keeps no key: the corrected request with the same key is stored. */
  @Test
  void onlySuccessesAreKept() {
    String key = UUID.randomUUID().toString();
    String source = "retry-fixed-" + UUID.randomUUID();
    Response bad = postWithKey(key, report(source).replace("\"severity\":3", "\"severity\":9"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(jdbc.sql("select count(*) from idempotency_key where idem_key = :k").param("k", key)
        .query(Long.class).single()).isZero();
    Response ok = postWithKey(key, report(source));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(replayed(ok)).isFalse();
    assertThat(countBySource(source)).isEqualTo(1);
  }

  @Test
  void importsWithAKeyAreStoredOnce() throws Exception {
    String source = "retry-import-" + UUID.randomUUID();
    String csv = "lon,lat,time,type,severity,source\n105.95,13.93,2025-12-01T10:00:00Z,UXO,2," + source
        + "\n106.5,14.5,2025-12-02T10:00:00Z,SMUGGLING,3," + source + "\n";
    String key = UUID.randomUUID().toString();
    Response first = postWithKey(null, "/api/incidents/import", "text/csv", key, csv);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    Response again = postWithKey(null, "/api/incidents/import", "text/csv", key, csv);
    assertThat(again.status()).isEqualTo(201);
    assertThat(replayed(again)).isTrue();
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(again.raw().headers().firstValue("Location")).isEqualTo(first.raw().headers().firstValue("Location"));
    assertThat(countBySource(source)).isEqualTo(2);

    // A background job: the retry answers the same 202 and job; the job runs once.
    String asyncSource = "retry-import-async-" + UUID.randomUUID();
    String asyncCsv = csv.replace(source, asyncSource);
    String asyncKey = UUID.randomUUID().toString();
    Response job = postWithKey(null, "/api/incidents/import?async=true", "text/csv", asyncKey, asyncCsv);
    assertThat(job.status()).as(job.body()).isEqualTo(202);
    Response jobAgain = postWithKey(null, "/api/incidents/import?async=true", "text/csv", asyncKey, asyncCsv);
    assertThat(jobAgain.status()).isEqualTo(202);
    assertThat(replayed(jobAgain)).isTrue();
    assertThat(jobAgain.json().path("id").asString()).isEqualTo(job.json().path("id").asString()).isNotEmpty();
    String location = job.raw().headers().firstValue("Location").orElseThrow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonNode state;
    do {
      Thread.sleep(100);
      state = get(URI.create(location).getPath()).json();
    } while (!state.path("state").asString().equals("DONE") && System.nanoTime() < deadline);
    assertThat(state.path("state").asString()).as(state.toString()).isEqualTo("DONE");
    assertThat(countBySource(asyncSource)).isEqualTo(2);
    // Without async=true it is another request.
    assertThat(postWithKey(null, "/api/incidents/import", "text/csv", asyncKey, asyncCsv).status()).isEqualTo(409);
  }

  /**
   * A background import whose request rolls back (as when the key's commit fails) leaves no job row, so no
   * QUEUED job waits for a reaper, and runs nothing; the same import committed is queued after the commit
   * and runs to DONE, once.
   */
  @Test
  void aJobWhoseRequestRollsBackLeavesNoJobRowAndRunsNothing() throws Exception {
    String source = "retry-rollback-" + UUID.randomUUID();
    String csv = "lon,lat,time,type,severity,source\n105.95,13.93,2025-12-01T10:00:00Z,UXO,2," + source + "\n";
    Actor actor = LeakCheck.KH;
    TransactionTemplate tx = new TransactionTemplate(txm);
    UUID rolledBack;
    try (IncidentImportService.Spool spool = imports.spool(
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), IncidentImportService.Format.CSV)) {
      rolledBack = tx.execute(status -> {
        UUID id = imports.importSpool(spool, true, actor).jobId();
        assertThat(jobState(id)).as("the row is written in the caller's transaction").containsExactly("QUEUED");
        status.setRollbackOnly();
        return id;
      });
    }
    assertThat(jobState(rolledBack)).isEmpty();
    try (var files = Files.list(spoolDir.dir())) {
      assertThat(files.toList()).as("the spool file is deleted, as no job took it").isEmpty();
    }

    UUID committed;
    try (IncidentImportService.Spool spool = imports.spool(
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), IncidentImportService.Format.CSV)) {
      committed = tx.execute(status -> imports.importSpool(spool, true, actor).jobId());
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!jobState(committed).equals(List.of("DONE")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(jobState(committed)).containsExactly("DONE");
    assertThat(jobState(rolledBack)).isEmpty();
    assertThat(countBySource(source)).as("only the committed job imported").isEqualTo(1);
  }

  private List<String> jobState(UUID id) {
    return jdbc.sql("select state from incident_import_job where id = :id").param("id", id).query(String.class).list();
  }

  @Test
  void keysOlderThanTheRetentionAreCleanedUpNewerOnesKept() {
    String old = UUID.randomUUID().toString();
    String young = UUID.randomUUID().toString();
    assertThat(postWithKey(old, report("retry-old-" + UUID.randomUUID())).status()).isEqualTo(201);
    assertThat(postWithKey(young, report("retry-young-" + UUID.randomUUID())).status()).isEqualTo(201);
    jdbc.sql("update idempotency_key set created_at = now() - interval '24 hours 1 minute' where idem_key = :k")
        .param("k", old).update();
    jdbc.sql("update idempotency_key set created_at = now() - interval '23 hours 59 minutes' where idem_key = :k")
        .param("k", young).update();
    assertThat(idempotency.cleanup()).isPositive();
    assertThat(jdbc.sql("select idem_key from idempotency_key where idem_key in (:a, :b)").param("a", old)
        .param("b", young).query(String.class).list()).containsExactly(young);
    // And the cleanup is scheduled.
    assertThat(scheduled.getScheduledTasks()).extracting(t -> t.getTask().toString())
        .contains(Idempotency.class.getName() + ".cleanup");
  }
}
