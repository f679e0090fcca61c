package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.Idempotency;
import org.junit.jupiter.api.Test;

/**
 * The offline outbox's client ids (V19, docs/OFFLINE.md): a report sent again with its client id, however late
 * (after the Idempotency-Key rows are gone), answers the stored incident and stores nothing; the same id with
 * another report is 409 naming {@code clientId}; ids are per user; a malformed id is 400; concurrent first
 * sends store once.
 */
class ClientIdIT extends IntegrationTest {

  private static String report(String source, String clientId, int severity) {
    return IncidentApiIT.feature(105.95, 13.93, "\"type\":\"SMUGGLING\",\"severity\":" + severity
        + ",\"occurredAt\":\"2026-03-01T10:00:00Z\",\"source\":\"" + source + "\",\"releasability\":\"SHARED\""
        + (clientId == null ? "" : ",\"clientId\":\"" + clientId + "\""));
  }

  private long rows(UUID clientId) {
    return jdbc.sql("select count(*) from incident where client_id = :c").param("c", clientId).query(Long.class)
        .single();
  }

  private Response postAs(String user, String body, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/api/incidents")))
        .header("Content-Type", "application/geo+json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header(Idempotency.HEADER, key);
    }
    return as(user).send(b);
  }

  @Test
  void theSameClientIdAnswersTheStoredIncidentAndStoresNothing() {
    UUID id = UUID.randomUUID();
    String body = report("cid-" + id, id.toString(), 3);
    Response first = postAs("kh-patrol", body, null);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    String incident = first.json().path("id").asString();
    // the same report again, spelled differently (member order, time zone): the same incident, 200
    String respelled = IncidentApiIT.feature(105.95, 13.93, "\"clientId\":\"" + id + "\",\"releasability\":\"SHARED\","
        + "\"source\":\"cid-" + id + "\",\"occurredAt\":\"2026-03-01T17:00:00+07:00\",\"severity\":3,\"type\":\"SMUGGLING\"");
    Response again = postAs("kh-patrol", respelled, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(incident);
    assertThat(again.raw().headers().firstValue("Location")).isEqualTo(first.raw().headers().firstValue("Location"));
    assertThat(rows(id)).isEqualTo(1);
    long audits = jdbc.sql("select count(*) from audit_event where entity = 'incident' and entity_id = :e")
        .param("e", incident).query(Long.class).single();
    assertThat(audits).as("a retry writes no audit event").isEqualTo(1);
  }

  @Test
  void aRetryAfterTheIdempotencyRetentionIsStillNotADuplicate() {
    UUID id = UUID.randomUUID();
    String body = report("cid-late-" + id, null, 3); // the id only in the Idempotency-Key, as the old form sent it
    String key = id.toString().replace("-", "");
    Response first = postAs("kh-patrol", body, key);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(rows(id)).isEqualTo(1);
    Response replay = postAs("kh-patrol", body, key);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.raw().headers().firstValue(Idempotency.REPLAYED)).contains("true");
    // the key's row has expired (retention 24 h): the incident's client id still catches the retry
    assertThat(jdbc.sql("delete from idempotency_key where idem_key = :k").param("k", key).update()).isEqualTo(1);
    Response late = postAs("kh-patrol", body, key);
    assertThat(late.status()).as(late.body()).isEqualTo(200);
    assertThat(late.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(rows(id)).isEqualTo(1);
  }

  @Test
  void theSameClientIdWithAnotherReportIsAConflictNamingClientId() {
    UUID id = UUID.randomUUID();
    assertThat(postAs("kh-patrol", report("cid-a-" + id, id.toString(), 3), null).status()).isEqualTo(201);
    Response other = postAs("kh-patrol", report("cid-a-" + id, id.toString(), 4), null);
    assertThat(other.status()).as(other.body()).isEqualTo(409);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.json().path("field").asString()).isEqualTo("clientId");
    assertThat(other.json().path("detail").asString()).contains("clientId").contains(id.toString());
    assertThat(rows(id)).isEqualTo(1);
    assertThat(jdbc.sql("select severity from incident where client_id = :c").param("c", id).query(Integer.class)
        .single()).isEqualTo(3);
  }

  @Test
  void clientIdsArePerUserAndMalformedOnesAreRefused() {
    UUID id = UUID.randomUUID();
    Response kh = postAs("kh-patrol", report("cid-u-" + id, id.toString(), 3), null);
    Response la = postAs("la-patrol", IncidentApiIT.feature(105.9, 14.3, "\"type\":\"SMUGGLING\",\"severity\":3,"
        + "\"occurredAt\":\"2026-03-01T10:00:00Z\",\"releasability\":\"NATIONAL\",\"clientId\":\"" + id + "\""), null);
    assertThat(kh.status()).isEqualTo(201);
    assertThat(la.status()).as("another user's id is not a retry of his: no 409, no leak").isEqualTo(201);
    assertThat(la.json().path("id").asString()).isNotEqualTo(kh.json().path("id").asString());
    assertThat(rows(id)).isEqualTo(2);

    String source = "cid-bad-" + UUID.randomUUID();
    Response bad = postAs("kh-patrol", report(source, "not-a-uuid", 3), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("field").asString()).isEqualTo("properties.clientId");
    assertThat(jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class)
        .single()).isZero();
  }

  @Test
  void concurrentFirstSendsOfOneClientIdStoreOnce() throws Exception {
    UUID id = UUID.randomUUID();
    String body = report("cid-c-" + id, id.toString(), 2);
    int n = 6;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Response> c = () -> {
          go.await();
          return postAs("kh-patrol", body, null);
        };
        futures.add(pool.submit(c));
      }
      go.countDown();
      List<Response> answers = new ArrayList<>();
      for (Future<Response> f : futures) {
        answers.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(answers).extracting(Response::status).containsOnly(201, 200);
      assertThat(answers.stream().filter(r -> r.status() == 201).count()).isEqualTo(1);
      assertThat(answers).extracting(r -> r.json().path("id").asString()).containsOnly(answers.get(0).json().path("id").asString());
      assertThat(rows(id)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
