package org.borderzone.segments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/segments/{id}/status} over HTTP on the real database: every pair of the transition table
 * ({@link SegmentStatusTransitionsTest#TABLE}), optimistic locking, errors, and the history and audit rows.
 * Uses the last two segments at the eastern end; each case first brings its segment to the starting status
 * through the API (via DISPUTED, which is legal from and to anywhere), so demo statuses do not matter.
 */
class SegmentStatusIT extends IntegrationTest {

  private int segment;

  @BeforeEach
  void pick() {
    segment = Fixtures.segmentFromEast(jdbc, 0);
  }

  private Response change(int id, String status, Object version, String reason) {
    String body = "{\"status\":" + (status == null ? "null" : "\"" + status + "\"")
        + ",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"")
        + ",\"version\":" + (version instanceof String s ? "\"" + s + "\"" : String.valueOf(version)) + "}";
    if ("DEMARCATED".equals(status) || "RATIFIED".equals(status)) {
      // two-party sign-off (issue 3): a KH and then an LA commission member sign the same move
      Response first = as("kh-commission").post("/api/segments/" + id + "/status", body);
      return first.status() != 202 ? first : as("la-commission").post("/api/segments/" + id + "/status", body);
    }
    return post("/api/segments/" + id + "/status", body);
  }

  private JsonNode props(int id) {
    Response r = get("/api/segments/" + id);
    assertEquals(200, r.status(), r.body());
    return r.json().get("properties");
  }

  private int version(int id) {
    return props(id).get("version").asInt();
  }

  private String status(int id) {
    return props(id).get("status").asString();
  }

  /** Brings segment {@code id} to {@code target} through the API: directly to DISPUTED, else via DISPUTED. */
  private void bringTo(int id, String target) {
    if (status(id).equals(target)) {
      return;
    }
    if (!status(id).equals("DISPUTED")) {
      Response r = change(id, "DISPUTED", version(id), "test setup");
      assertEquals(200, r.status(), r.body());
    }
    if (!target.equals("DISPUTED")) {
      Response r = change(id, target, version(id), "test setup");
      assertEquals(200, r.status(), r.body());
    }
    assertEquals(target, status(id));
  }

  private long historyRows(int id) {
    return jdbc.sql("select count(*) from segment_status_change where segment_id = :id").param("id", id)
        .query(Long.class).single();
  }

  private long auditRows(int id) {
    return jdbc.sql("select count(*) from audit_event where entity = 'segment' and entity_id = :id")
        .param("id", String.valueOf(id)).query(Long.class).single();
  }

  @ParameterizedTest(name = "{0} → {1}: legal {2}")
  @CsvSource(textBlock = SegmentStatusTransitionsTest.TABLE)
  void everyTransitionThroughTheApi(String from, String to, boolean legal) {
    bringTo(segment, from);
    int v = version(segment);
    long history = historyRows(segment);
    long audit = auditRows(segment);

    Response r = change(segment, to, v, "matrix " + from + " to " + to);

    if (legal) {
      assertEquals(200, r.status(), r.body());
      JsonNode p = r.json().get("properties");
      assertEquals(to, p.get("status").asString());
      assertEquals(v + 1, p.get("version").asInt());
      assertEquals(history + 1, historyRows(segment));
      assertEquals(audit + 1, auditRows(segment));
      JsonNode last = jdbc.sql("""
          select json_build_object('from', from_status, 'to', to_status, 'reason', reason, 'by', by_user)::text
          from segment_status_change where segment_id = :id order by id desc limit 1
          """).param("id", segment).query(String.class).optional().map(JSON::readTree).orElseThrow();
      assertEquals(from, last.get("from").asString());
      assertEquals(to, last.get("to").asString());
      assertEquals("matrix " + from + " to " + to, last.get("reason").asString());
      String action = jdbc.sql("""
          select action from audit_event where entity = 'segment' and entity_id = :id order by id desc limit 1
          """).param("id", String.valueOf(segment)).query(String.class).single();
      assertEquals("STATUS_CHANGE", action);
    } else {
      assertEquals(409, r.status(), r.body());
      assertEquals("status", r.json().get("field").asString());
      assertEquals(from, status(segment));
      assertEquals(v, version(segment));
      assertEquals(history, historyRows(segment));
      assertEquals(audit, auditRows(segment));
    }
  }

  @Test
  void staleVersionIsAConflictAndChangesNothing() {
    bringTo(segment, "PENDING");
    int v = version(segment);
    long history = historyRows(segment);
    Response r = change(segment, "SURVEYED", v - 1, null);
    assertEquals(409, r.status(), r.body());
    assertEquals("version", r.json().get("field").asString());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals("PENDING", status(segment));
    assertEquals(history, historyRows(segment));
  }

  @Test
  void unknownSegmentIs404() {
    int unknown = jdbc.sql("select coalesce(max(id), 0) + 1000 from border_segment").query(Integer.class).single();
    Response r = change(unknown, "DISPUTED", 0, null);
    assertEquals(404, r.status(), r.body());
  }

  @Test
  void unknownOrMissingStatusIs400NamingStatus() {
    int v = version(segment);
    Response r = change(segment, "FINISHED", v, null);
    assertEquals(400, r.status(), r.body());
    assertEquals("status", r.json().get("field").asString());
    r = change(segment, null, v, null);
    assertEquals(400, r.status(), r.body());
    assertEquals("status", r.json().get("field").asString());
    assertEquals(v, version(segment));
  }

  @Test
  void missingOrWronglyTypedVersionIs400NamingVersion() {
    Response r = change(segment, "DISPUTED", null, null);
    assertEquals(400, r.status(), r.body());
    assertEquals("version", r.json().get("field").asString());
    r = change(segment, "DISPUTED", "seven", null);
    assertEquals(400, r.status(), r.body());
    assertEquals("version", r.json().get("field").asString());
  }

  @Test
  void malformedJsonIs400() {
    long history = historyRows(segment);
    Response r = post("/api/segments/" + segment + "/status", "{\"status\": \"DISPUTED\", \"version\": ");
    assertEquals(400, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(history, historyRows(segment));
  }

  @Test
  void twoConcurrentChangesWithTheSameVersion() throws Exception {
    int seg = Fixtures.segmentFromEast(jdbc, 1);
    bringTo(seg, "PENDING");
    int v = version(seg);
    long history = historyRows(seg);
    long audit = auditRows(seg);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Response>> futures = new ArrayList<>();
      for (String target : List.of("SURVEYED", "DISPUTED")) {
        futures.add(pool.submit(() -> {
          start.await();
          return change(seg, target, v, "race " + target);
        }));
      }
      start.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Response> f : futures) {
        codes.add(f.get(60, TimeUnit.SECONDS).status());
      }
      Collections.sort(codes);
      assertEquals(List.of(200, 409), codes);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(history + 1, historyRows(seg));
    assertEquals(audit + 1, auditRows(seg));
    assertEquals(v + 1, version(seg));
  }
}
