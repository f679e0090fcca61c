package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 3, item 6: SQL-injection and XSS payloads in text fields are stored and returned literally (every value
 * is a bound parameter; the map inserts text with textContent), and in query parameters they are refused with a
 * 400 naming the parameter — never a 500, never a changed query.
 */
class InjectionIT extends IntegrationTest {

  static final String[] PAYLOADS = {
      "'; drop table incident; --",
      "' or '1'='1",
      "<img src=x onerror=alert(1)>",
      "<script>alert('x')</script>",
      "\"); select pg_sleep(5); --",
      "${jndi:ldap://127.0.0.1/a}",
      "Robert'); DELETE FROM audit_event;--"};

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void payloadsInIncidentTextFieldsAreStoredAndReturnedLiterally() {
    long incidents = jdbc.sql("select count(*) from incident").query(Long.class).single();
    for (String payload : PAYLOADS) {
      ObjectNode props = JSON.createObjectNode()
          .put("type", "SMUGGLING").put("severity", 2).put("occurredAt", "2026-01-05T10:00:00Z")
          .put("releasability", "SHARED").put("description", payload).put("source", payload);
      ObjectNode feature = JSON.createObjectNode().put("type", "Feature");
      feature.putObject("geometry").put("type", "Point").putArray("coordinates").add(106.1).add(14.2);
      feature.set("properties", props);
      Response r = as("kh-patrol").post("/api/incidents", feature.toString());
      assertThat(r.status()).as(payload).isEqualTo(201);
      String id = r.json().path("id").asString();
      JsonNode back = as("kh-viewer").get("/api/incidents/" + id).json().path("properties");
      assertThat(back.path("description").asString()).isEqualTo(payload);
      assertThat(back.path("source").asString()).isEqualTo(payload);
      String stored = jdbc.sql("select description from incident where public_id = cast(:id as uuid)").param("id", id)
          .query(String.class).single();
      assertThat(stored).isEqualTo(payload);
    }
    assertThat(jdbc.sql("select count(*) from incident").query(Long.class).single())
        .isEqualTo(incidents + PAYLOADS.length);
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isPositive();
  }

  @Test
  void payloadsInInspectionAndStatusTextsAreStoredLiterally() {
    int segment = jdbc.sql("select id from border_segment where status = 'RATIFIED' order by seq limit 1 offset 40")
        .query(Integer.class).single();
    String payload = PAYLOADS[0] + " " + PAYLOADS[2];
    ObjectNode body = JSON.createObjectNode().put("inspectedOn", "2026-03-01").put("outcome", "SATISFACTORY")
        .put("minutesRef", PAYLOADS[1]).put("notes", payload);
    body.putArray("organisations").add("KH").add("LA");
    body.putArray("segmentIds").add(segment);
    Response r = as("commission").post("/api/inspections", body.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    long id = r.json().path("id").asLong();
    JsonNode back = get("/api/inspections/" + id).json();
    assertThat(back.path("notes").asString()).isEqualTo(payload);
    assertThat(back.path("minutesRef").asString()).isEqualTo(PAYLOADS[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"type", "status", "severity", "from", "to", "bbox"})
  void payloadsInIncidentQueryParametersAre400NamingTheParameter(String param) {
    for (String payload : PAYLOADS) {
      Response r = as("kh-viewer").get("/api/incidents?" + param + "=" + q(payload));
      assertThat(r.status()).as(param + "=" + payload).isEqualTo(400);
      assertThat(r.json().path("field").asString()).isEqualTo(param);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/segments?status=", "/api/segments?bbox=", "/api/pillars?status=",
      "/api/inspections?from=", "/api/hotspots?type=", "/api/hotspots?cellKm=", "/api/segments/hot?from=",
      "/api/audit?from="})
  void payloadsInOtherParametersAre400(String prefix) {
    String param = prefix.substring(prefix.indexOf('?') + 1, prefix.length() - 1);
    for (String payload : PAYLOADS) {
      Response r = get(prefix + q(payload));
      assertThat(r.status()).as(prefix + payload).isEqualTo(400);
      assertThat(r.json().path("field").asString()).isEqualTo(param);
    }
    assertThat(jdbc.sql("select count(*) from border_segment").query(Long.class).single()).isEqualTo(561L);
  }

  @Test
  void payloadsAsPathIdsAre400Or404() {
    for (String payload : PAYLOADS) {
      Response r = get("/api/segments/" + q(payload));
      assertThat(r.status()).as(payload).isIn(400, 404);
      assertThat(r.contentType()).as(payload + " -> " + r.body()).startsWith("application/problem+json");
    }
  }
}
