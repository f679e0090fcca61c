package org.borderzone.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.borderzone.BorderzoneApplication;
import org.borderzone.live.SseClient.Sse;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two server instances on one database (issue 11, item 4): the test's own server is instance A; B is a second
 * Spring Boot application context started here, same main class and profiles, its own random port (demo
 * seeding is idempotent: it finds the data there). An incident posted to A reaches a stream on B through
 * LISTEN/NOTIFY; an LA stream on B never gets a KH national one; with B's listener connection terminated
 * (pg_terminate_backend), an incident committed during the gap still arrives after B's reconnect sweep; and B's
 * cap on open streams answers 503.
 */
class LiveTwoInstancesIT extends IntegrationTest {

  static ConfigurableApplicationContext b;
  static int bPort;

  @BeforeAll
  static void startInstanceB() {
    b = new SpringApplicationBuilder(BorderzoneApplication.class)
        .profiles("demo", "test")
        // arguments, not default properties: application.yml's own values would win over those
        .run("--server.port=0", "--spring.main.banner-mode=off", "--borderzone.import.instance-id=live-b",
            "--borderzone.live.max-streams=3",
            // a long first back-off, so that the gap after the terminated connection is certain
            "--borderzone.live.reconnect-min=1500ms");
    bPort = b.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  @AfterAll
  static void stopInstanceB() {
    if (b != null) {
      b.close();
    }
  }

  static SseClient onB(String user) throws InterruptedException {
    SseClient s = SseClient.open("http://localhost:" + bPort + "/api/events", user, DEMO_PASSWORD);
    assertThat(s.status()).as(user + " on B").isEqualTo(200);
    assertThat(s.next(e -> true, Duration.ofSeconds(10))).as("ready").isNotNull();
    return s;
  }

  String reportOnA(String releasability) {
    Response r = as("kh-patrol").post("/api/incidents",
        LiveEventsIT.incident(105.95, 13.93, releasability, "live-ab-" + java.util.UUID.randomUUID()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  static Sse event(SseClient s, String id, Duration within) throws InterruptedException {
    return s.next(x -> id.equals(x.json().path("entityId").asString()), within);
  }

  void waitUntilNoStreamsOnB() throws InterruptedException {
    LiveHub hub = b.getBean(LiveHub.class);
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (hub.size() > 0 && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    assertThat(hub.size()).isZero();
  }

  @Test
  void anIncidentPostedToAReachesBAndLaOnBNeverGetsAKhNationalOne() throws Exception {
    try (SseClient kh = onB("kh-planner"); SseClient la = onB("la-viewer")) {
      long t0 = System.nanoTime();
      String national = reportOnA("NATIONAL");
      String shared = reportOnA("SHARED");
      Sse e = event(kh, national, LiveEventsIT.LIVE);
      assertThat(e).as("A's report on B's stream within 2 s").isNotNull();
      System.out.printf("live: report on A -> event on B in %d ms%n", (e.atNanos() - t0) / 1_000_000);
      assertThat(event(kh, shared, LiveEventsIT.LIVE)).isNotNull();
      assertThat(event(la, shared, LiveEventsIT.LIVE)).as("the shared one reaches LA on B").isNotNull();
      Thread.sleep(300);
      assertThat(la.seen()).noneMatch(x -> x.data() != null && x.data().contains(national));
    }
    waitUntilNoStreamsOnB();
  }

  @Test
  void eventsCommittedWhileTheListenerIsDisconnectedArriveAfterTheReconnectSweep() throws Exception {
    LiveListener listener = b.getBean(LiveListener.class);
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!listener.listening() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    long reconnects = listener.reconnects();
    int pid = listener.backendPid();
    try (SseClient kh = onB("kh-viewer")) {
      assertThat(jdbc.sql("select pg_terminate_backend(:pid)").param("pid", pid).query(Boolean.class).single())
          .isTrue();
      end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (listener.listening() && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertThat(listener.listening()).as("B's listener noticed the terminated connection").isFalse();
      String during = reportOnA("SHARED");
      assertThat(listener.listening()).as("committed during the gap (first back-off 1.5 s)").isFalse();
      assertThat(b.getBean(LiveListener.class).health().getStatus().getCode()).isEqualTo("RECONNECTING");
      Sse e = event(kh, during, Duration.ofSeconds(10));
      assertThat(e).as("the gap's event after the reconnect sweep").isNotNull();
      assertThat(listener.reconnects()).isEqualTo(reconnects + 1);
      assertThat(listener.backendPid()).isNotEqualTo(pid);
      // and live again afterwards
      String after = reportOnA("SHARED");
      assertThat(event(kh, after, LiveEventsIT.LIVE)).isNotNull();
    }
    waitUntilNoStreamsOnB();
  }

  @Test
  void bHoldsAtMostMaxStreamsAndAnswers503Beyond() throws Exception {
    waitUntilNoStreamsOnB();
    List<SseClient> open = new ArrayList<>();
    try {
      for (String user : List.of("kh-viewer", "la-viewer", "commission")) {
        open.add(onB(user));
      }
      try (SseClient fourth = SseClient.open("http://localhost:" + bPort + "/api/events", "kh-planner", DEMO_PASSWORD)) {
        assertThat(fourth.status()).isEqualTo(503);
        assertThat(fourth.header("Retry-After")).isNotNull();
        assertThat(fourth.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fourth.errorBody()).contains("borderzone.live.max-streams");
      }
    } finally {
      open.forEach(SseClient::close);
    }
    waitUntilNoStreamsOnB();
  }
}
