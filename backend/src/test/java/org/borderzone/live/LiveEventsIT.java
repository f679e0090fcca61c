package org.borderzone.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.borderzone.live.SseClient.Sse;
import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Live updates over a real HTTP client reading the stream (docs/LIVE.md): a report reaches another user's
 * stream within 2 s, releasability per subscriber (an LA stream never gets a KH national incident, not even its
 * id, and does get a shared one), Last-Event-ID replay, a reset for a gap that cannot be replayed, heartbeats,
 * the per-user cap, one event per import, and the triggers of the joint data.
 */
class LiveEventsIT extends IntegrationTest {

  static final Duration LIVE = Duration.ofSeconds(2);

  @Autowired
  LiveHub hub;

  @Autowired
  LiveListener listener;

  @Autowired
  PlatformTransactionManager tx;

  @Autowired
  LiveStreams streams;

  SseClient stream(String user, String... headers) {
    SseClient s = SseClient.open(url("/api/events"), user, DEMO_PASSWORD, headers);
    assertThat(s.status()).as(user + " stream").isEqualTo(200);
    return s;
  }

  /** The stream's first event: ready (or reset), with the newest id. */
  static Sse ready(SseClient s) throws InterruptedException {
    Sse r = s.next(e -> true, Duration.ofSeconds(10));
    assertThat(r).as("ready").isNotNull();
    return r;
  }

  static String incident(double lon, double lat, String releasability, String source) {
    return """
        {"type":"Feature","geometry":{"type":"Point","coordinates":[%s,%s]},
         "properties":{"type":"SMUGGLING","severity":2,"occurredAt":"%s","releasability":"%s","source":"%s"}}
        """.formatted(lon, lat, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
        releasability, source);
  }

  String report(String user, String releasability) {
    Response r = as(user).post("/api/incidents", incident(105.95, 13.93, releasability, "live-" + UUID.randomUUID()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  @Test
  void aReportReachesAnotherUsersStreamWithinTwoSeconds() throws Exception {
    try (SseClient planner = stream("kh-planner")) {
      assertThat(planner.header("Content-Type")).startsWith("text/event-stream");
      assertThat(planner.header("Cache-Control")).contains("no-store");
      assertThat(planner.header("X-Accel-Buffering")).isEqualTo("no");
      Sse ready = ready(planner);
      assertThat(ready.kind()).isEqualTo("ready");
      assertThat(Long.parseLong(ready.id())).isEqualTo(ready.json().get("id").asLong());
      long t0 = System.nanoTime();
      String id = report("kh-patrol", "NATIONAL");
      Sse e = planner.next(x -> id.equals(x.json().path("entityId").asString()), LIVE);
      assertThat(e).as("the report's event on kh-planner's stream within 2 s").isNotNull();
      System.out.printf("live: report -> event on another stream in %d ms%n", (e.atNanos() - t0) / 1_000_000);
      JsonNode j = e.json();
      assertThat(j.get("kind").asString()).isEqualTo("incident");
      assertThat(j.get("action").asString()).isEqualTo("created");
      assertThat(j.get("layers").get(0).asString()).isEqualTo("incidents");
      assertThat(Long.parseLong(e.id())).isGreaterThan(Long.parseLong(ready.id()));
      // what leaves is the payload only: never the owner or the releasability
      assertThat(j.has("originator")).isFalse();
      assertThat(j.has("releasability")).isFalse();
    }
  }

  /** An LA map session (cookie) never receives a KH national incident and does receive a KH shared one. */
  @Test
  void anLaSessionNeverReceivesAKhNationalIncident() throws Exception {
    BrowserSession la = new BrowserSession(port);
    assertThat(la.login("la-viewer", DEMO_PASSWORD).status()).isEqualTo(302);
    try (SseClient laStream = SseClient.open(url("/api/events"), null, null, "Cookie", "SESSION=" + la.cookie("SESSION"));
        SseClient kh = stream("kh-viewer")) {
      assertThat(laStream.status()).isEqualTo(200);
      ready(laStream);
      ready(kh);
      String national = report("kh-patrol", "NATIONAL");
      String shared = report("kh-patrol", "SHARED");
      Sse got = laStream.next(x -> shared.equals(x.json().path("entityId").asString()), LIVE);
      assertThat(got).as("the shared incident reaches LA").isNotNull();
      assertThat(kh.next(x -> shared.equals(x.json().path("entityId").asString()), LIVE)).isNotNull();
      Thread.sleep(300);
      assertThat(laStream.seen()).as("no event of the national incident, not even its id")
          .noneMatch(x -> x.data() != null && x.data().contains(national));
      assertThat(kh.seen()).anyMatch(x -> x.data() != null && x.data().contains(national));
    }
  }

  @Test
  void lastEventIdReplaysWhatWasMissedFilteredForTheReader() throws Exception {
    long after;
    try (SseClient s = stream("la-planner")) {
      after = Long.parseLong(ready(s).id());
    }
    String shared1 = report("kh-patrol", "SHARED");
    String national = report("kh-patrol", "NATIONAL");
    String shared2 = report("kh-planner", "SHARED");
    try (SseClient s = stream("la-planner", "Last-Event-ID", Long.toString(after))) {
      List<String> got = new ArrayList<>();
      Sse e;
      while ((e = s.next(x -> true, Duration.ofSeconds(5))) != null && !"ready".equals(e.kind())) {
        got.add(e.json().path("entityId").asString());
      }
      assertThat(e).as("ready after the replay").isNotNull();
      assertThat(got).containsSubsequence(shared1, shared2).doesNotContain(national);
    }
    // the query parameter does the same (a client that cannot set the header)
    try (SseClient s = SseClient.open(url("/api/events?lastEventId=" + after), "kh-viewer", DEMO_PASSWORD)) {
      assertThat(s.next(x -> national.equals(x.json().path("entityId").asString()), Duration.ofSeconds(5)))
          .as("KH replays its national incident").isNotNull();
    }
  }

  @Test
  void aGapThatCannotBeReplayedIsAResetAndABadIdIs400() throws Exception {
    long hi = jdbc.sql("select coalesce(max(id), 0) from event").query(Long.class).single();
    try (SseClient s = stream("kh-viewer", "Last-Event-ID", Long.toString(hi + 1_000_000))) {
      Sse e = s.next(x -> true, Duration.ofSeconds(5));
      assertThat(e.kind()).isEqualTo("reset");
      assertThat(Long.parseLong(e.id())).isGreaterThanOrEqualTo(hi);
    }
    try (SseClient s = SseClient.open(url("/api/events"), "kh-viewer", DEMO_PASSWORD, "Last-Event-ID", "12abc")) {
      assertThat(s.status()).isEqualTo(400);
      assertThat(s.header("Content-Type")).startsWith("application/problem+json");
      assertThat(s.errorBody()).contains("\"field\":\"Last-Event-ID\"");
    }
  }

  /** Heartbeats arrive; and a personal API token (Authorization: Bearer) opens a stream as well. */
  @Test
  void heartbeatsArriveOnAStreamOpenedWithAnApiToken() throws Exception {
    Response t = as("kh-viewer").post("/api/tokens", "{\"name\":\"live-" + UUID.randomUUID() + "\",\"expiresInDays\":1}");
    assertThat(t.status()).as(t.body()).isEqualTo(201);
    String secret = t.json().get("token").asString();
    try (SseClient s = SseClient.open(url("/api/events"), null, null, "Authorization", "Bearer " + secret)) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(s.nextHeartbeat(Duration.ofSeconds(5))).as("a ':' comment (test profile: every 1 s)").isNotNull();
    }
    Response revoke = as("kh-viewer").delete("/api/tokens/" + t.json().get("id").asLong());
    assertThat(revoke.status()).isLessThan(300);
  }

  @Test
  void aUserHasAtMostMaxStreamsPerUserAndAnotherUserIsNotHeldUp() throws Exception {
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        open.add(stream("la-patrol"));
      }
      try (SseClient ninth = SseClient.open(url("/api/events"), "la-patrol", DEMO_PASSWORD)) {
        assertThat(ninth.status()).isEqualTo(429);
        assertThat(ninth.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ninth.errorBody()).contains("borderzone.live.max-streams-per-user").contains("8");
      }
      try (SseClient other = stream("la-viewer")) {
        assertThat(ready(other)).isNotNull();
      }
    } finally {
      open.forEach(SseClient::close);
    }
    // closed streams are noticed at the next heartbeat and no longer count
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hub.all().stream().anyMatch(s -> s.actor.username().equals("la-patrol")) && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    try (SseClient again = stream("la-patrol")) {
      assertThat(ready(again)).isNotNull();
    }
  }

  /** An import of three rows is ONE event (kind import), never one per row; KH sees it, LA only if shared. */
  @Test
  void anImportIsOneEvent() throws Exception {
    String source = "live-imp-" + UUID.randomUUID();
    String csv = "lon,lat,occurredAt,type,severity,source,releasability\n"
        + "105.95,13.93,2025-12-01 08:00:00,UXO,2," + source + ",NATIONAL\n"
        + "105.96,13.94,2025-12-01 09:00:00,UXO,2," + source + ",NATIONAL\n"
        + "105.97,13.95,2025-12-01 10:00:00,UXO,2," + source + ",NATIONAL\n";
    try (SseClient kh = stream("kh-viewer"); SseClient la = stream("la-viewer")) {
      long before = Long.parseLong(ready(kh).id());
      ready(la);
      Response r = as("kh-planner").post("/api/incidents/import", "text/csv", csv);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      Sse e = kh.next(x -> "import".equals(x.kind()), LIVE);
      assertThat(e).as("the import's event").isNotNull();
      assertThat(e.json().has("entityId")).as("an import names no incident").isFalse();
      List<Map<String, Object>> rows = jdbc.sql("select kind, action, originator, releasability from event where id > :b")
          .param("b", before).query().listOfRows();
      assertThat(rows.stream().filter(m -> m.get("kind").equals("import") || m.get("kind").equals("incident")))
          .as("one event for three rows").hasSize(1);
      Thread.sleep(300);
      assertThat(la.seen()).as("a national import is not LA's").noneMatch(x -> "import".equals(x.kind()));
    }
  }

  /** The triggers of the joint data write one event per change, in the change's transaction (rolled back here). */
  @Test
  void jointDataChangesWriteEvents() {
    new TransactionTemplate(tx).executeWithoutResult(status -> {
      long before = jdbc.sql("select coalesce(max(id), 0) from event").query(Long.class).single();
      int seg = jdbc.sql("select min(id) from border_segment").query(Integer.class).single();
      int pillar = jdbc.sql("select min(id) from pillar").query(Integer.class).single();
      jdbc.sql("insert into segment_status_change (segment_id, from_status, to_status, by_user, by_org) "
          + "values (:s, 'PENDING', 'SURVEYED', 'test', 'KH')").param("s", seg).update();
      jdbc.sql("insert into segment_signoff (segment_id, to_status, org_code, signed_by) values (:s, 'RATIFIED', 'LA', 't')")
          .param("s", seg).update();
      long insp = jdbc.sql("insert into inspection (inspected_on, organisations, outcome, recorded_by, recorded_org) "
          + "values (current_date, array['KH','LA'], 'SATISFACTORY', 't', 'JBC') returning id").query(Long.class).single();
      jdbc.sql("insert into pillar_status_change (pillar_id, from_status, to_status, by_user) values (:p, 'PLACED', 'DAMAGED', 't')")
          .param("p", pillar).update();
      List<String> got = jdbc.sql("select kind || ':' || entity_id || ':' || action || ':' || array_to_string(layers, ',') "
          + "from event where id > :b order by id").param("b", before).query(String.class).list();
      assertThat(got).containsExactly("segment:" + seg + ":status:segments", "signoff:" + seg + ":signed:segments",
          "inspection:" + insp + ":created:inspections,segments", "pillar:" + pillar + ":status:pillars");
      status.setRollbackOnly();
    });
  }

  /** Retention: an event older than borderzone.live.retention (7 days) goes, a recent one stays (rolled back). */
  @Test
  void theRetentionDeletesOldEvents() {
    new TransactionTemplate(tx).executeWithoutResult(status -> {
      long old = jdbc.sql("insert into event (kind, action, created_at) values ('segment', 'bulk', now() - interval '8 days') "
          + "returning id").query(Long.class).single();
      long recent = jdbc.sql("insert into event (kind, action, created_at) values ('segment', 'bulk', now() - interval '6 days') "
          + "returning id").query(Long.class).single();
      assertThat(streams.cleanup()).isGreaterThanOrEqualTo(1);
      assertThat(jdbc.sql("select id from event where id in (:a, :b)").param("a", old).param("b", recent)
          .query(Long.class).list()).containsExactly(recent);
      status.setRollbackOnly();
    });
  }

  @Test
  void theListenerIsHealthy() {
    assertThat(listener.listening()).isTrue();
    assertThat(listener.health().getStatus().getCode()).isEqualTo("UP");
    Response h = get("/actuator/health");
    assertThat(h.json().path("components").path("live").path("status").asString()).isEqualTo("UP");
  }
}
