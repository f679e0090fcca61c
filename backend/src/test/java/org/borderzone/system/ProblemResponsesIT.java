package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every client mistake is a 4xx RFC 9457 problem+json that names the field, and nothing is stored.
 */
class ProblemResponsesIT extends IntegrationTest {

  private void assertProblem(Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("title").asString()).isNotBlank();
    assertThat(p.path("type").asString()).startsWith("https://");
    if (field != null) {
      assertThat(p.path("field").asString()).isEqualTo(field);
      assertThat(p.path("errors").get(0).path("field").asString()).isEqualTo(field);
      assertThat(p.path("detail").asString()).contains(field);
    }
  }

  @ParameterizedTest(name = "GET {0} -> {1} naming {2}")
  @CsvSource(delimiter = '|', value = {
      "/api/segments?bbox=200,10,201,11| 400| bbox",
      "/api/segments?bbox=106,15,105,14| 400| bbox",
      "/api/segments?bbox=NaN,10,105,11| 400| bbox",
      "/api/segments?bbox=1;2;3| 400| bbox",
      "/api/segments?status=FINISHED| 400| status",
      "/api/segments?sectorId=abc| 400| sectorId",
      "/api/segments/999999| 404| id",
      "/api/segments/abc| 400| id",
      "/api/segments/999999/history| 404| id",
      "/api/no-such-thing| 404| path"})
  void badQueries(String path, int status, String field) {
    assertProblem(get(path), status, field);
  }

  private int anySegment() {
    return jdbc.sql("select id from border_segment order by seq limit 1").query(Integer.class).single();
  }

  private long changes() {
    return jdbc.sql("select count(*) from segment_status_change").query(Long.class).single()
        + jdbc.sql("select count(*) from audit_event").query(Long.class).single();
  }

  @ParameterizedTest(name = "POST status {0}")
  @CsvSource(delimiter = '|', value = {
      "{\"status\": \"SURVEYED\", \"version\": | 400 | body",
      "{\"status\": 42, \"version\": 0} | 400 | status",
      "{\"status\": \"SURVEYED\", \"version\": \"x\"} | 400 | version",
      "{\"status\": \"SURVEYED\"} | 400 | version",
      "{\"status\": \"DONE\", \"version\": 0} | 400 | status",
      "[1, 2] | 400 | body",
      "'' | 400 | body"})
  void badStatusBodiesStoreNothing(String body, int status, String field) {
    long before = changes();
    Response r = post("/api/segments/" + anySegment() + "/status", body);
    assertProblem(r, status, field);
    assertThat(changes()).isEqualTo(before);
  }

  @Test
  void wrongContentTypeIs415() {
    Response r = post("/api/segments/" + anySegment() + "/status", "text/plain", "status=SURVEYED");
    assertProblem(r, 415, "Content-Type");
  }

  @Test
  void hugeBodyIs413AndStoresNothing() {
    long before = changes();
    String reason = "x".repeat(2 * 1024 * 1024);
    Response r = post("/api/segments/" + anySegment() + "/status",
        "{\"status\":\"DISPUTED\",\"version\":0,\"reason\":\"" + reason + "\"}");
    assertProblem(r, 413, "body");
    assertThat(changes()).isEqualTo(before);
  }

  @Test
  void tooLongReasonIs400() {
    long before = changes();
    Response r = post("/api/segments/" + anySegment() + "/status",
        "{\"status\":\"DISPUTED\",\"version\":0,\"reason\":\"" + "y".repeat(5000) + "\"}");
    assertProblem(r, 400, "reason");
    assertThat(changes()).isEqualTo(before);
  }

  @Test
  void healthIncludesTheDatabase() {
    JsonNode h = get("/actuator/health").json();
    assertThat(h.path("status").asString()).isEqualTo("UP");
    assertThat(h.path("components").path("db").path("status").asString()).isEqualTo("UP");
  }
}
