package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * How a reported point was located (V18: accuracy, source, fix and device time) through {@code POST
 * /api/incidents}: stored and returned when valid; each invalid value refused naming its field with nothing
 * stored; a fix worse than {@code borderzone.report.max-accuracy-m} refused unless confirmed, and the
 * confirmation audited; the OGC API create takes the same member, imports leave the columns null.
 */
class ReportLocationIT extends IntegrationTest {

  private static String feature(String source, String location) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.2,14.4]},\"properties\":{"
        + "\"type\":\"ILLEGAL_CROSSING\",\"severity\":2,\"occurredAt\":\"" + Instant.now().minusSeconds(60)
        + "\",\"source\":\"" + source + "\"}" + (location == null ? "" : ",\"location\":" + location) + "}";
  }

  private long stored(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  private static List<String> fields(Response r) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : r.json().path("errors")) {
      out.add(e.get("field").asString());
    }
    return out;
  }

  @Test
  void aGpsFixIsStoredAndReturnedWithTheIncident() {
    String source = "loc-ok-" + UUID.randomUUID();
    OffsetDateTime fix = OffsetDateTime.now().minusSeconds(20).truncatedTo(ChronoUnit.MILLIS);
    OffsetDateTime device = OffsetDateTime.now().truncatedTo(ChronoUnit.MILLIS);
    Response r = as("kh-patrol").post("/api/incidents", feature(source, "{\"accuracy\":4.2,\"source\":\"gps\","
        + "\"fixTime\":\"" + fix + "\",\"deviceTime\":\"" + device + "\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode p = r.json().get("properties");
    assertThat(p.get("locationAccuracyM").asDouble()).isEqualTo(4.2);
    assertThat(p.get("locationSource").asString()).isEqualTo("gps");
    assertThat(OffsetDateTime.parse(p.get("fixTime").asString()).toInstant()).isEqualTo(fix.toInstant());
    assertThat(OffsetDateTime.parse(p.get("deviceTime").asString()).toInstant()).isEqualTo(device.toInstant());
    assertThat(p.get("photoCount").asInt()).isZero();
    var row = jdbc.sql("select location_accuracy_m, location_source, fix_time, device_time from incident"
        + " where source = :s").param("s", source).query().singleRow();
    assertThat(((Number) row.get("location_accuracy_m")).doubleValue()).isCloseTo(4.2, within(1e-9));
    assertThat(row.get("location_source")).isEqualTo("gps");
    // read back by someone else who may see it (SHARED? no: NATIONAL by default, so KH only)
    String id = r.json().get("id").asString();
    assertThat(as("kh-viewer").get("/api/incidents/" + id).json().get("properties").get("locationSource")
        .asString()).isEqualTo("gps");
    assertThat(as("la-viewer").get("/api/incidents/" + id).status()).isEqualTo(404);
  }

  @Test
  void withoutLocationTheColumnsStayNull() {
    String source = "loc-none-" + UUID.randomUUID();
    Response r = as("kh-patrol").post("/api/incidents", feature(source, null));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("properties").get("locationSource").isNull()).isTrue();
    assertThat(jdbc.sql("select count(*) from incident where source = :s and location_accuracy_m is null and"
        + " location_source is null and fix_time is null and device_time is null").param("s", source)
        .query(Long.class).single()).isEqualTo(1L);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "location.accuracy   | {\"accuracy\":0}",
      "location.accuracy   | {\"accuracy\":-3}",
      "location.accuracy   | {\"accuracy\":10000.5}",
      "location.accuracy   | {\"accuracy\":8,\"source\":\"manual\"}",
      "location.accuracy   | {\"accuracy\":8,\"source\":\"map\"}",
      "location.source     | {\"source\":\"satellite\"}",
      "location.source     | {\"source\":\"\"}",
      "location.fixTime    | {\"fixTime\":\"yesterday\"}",
      "location.fixTime    | {\"fixTime\":\"FUTURE\"}",
      "location.fixTime    | {\"fixTime\":\"OLD\"}",
      "location.deviceTime | {\"deviceTime\":\"FUTURE\"}",
      "location.deviceTime | {\"deviceTime\":\"OLD\"}",
      "location.deviceTime | {\"deviceTime\":\"\"}",
  })
  void eachInvalidValueIsRefusedNamingItsFieldAndNothingIsStored(String field, String location) {
    String source = "loc-bad-" + UUID.randomUUID();
    String loc = location.replace("FUTURE", Instant.now().plusSeconds(3600).toString())
        .replace("OLD", Instant.now().minus(40, ChronoUnit.DAYS).toString());
    long audits = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    Response r = as("kh-patrol").post("/api/incidents", feature(source, loc));
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(fields(r)).as(r.body()).containsExactly(field);
    assertThat(stored(source)).isZero();
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(audits);
  }

  @Test
  void aWrongJsonTypeIsABadRequestNamingThePath() {
    String source = "loc-type-" + UUID.randomUUID();
    Response r = as("kh-patrol").post("/api/incidents", feature(source, "{\"accuracy\":\"5\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("field").asString()).isEqualTo("location.accuracy");
    assertThat(stored(source)).isZero();
  }

  @Test
  void aFixWorseThanTheLimitIsRefusedUnlessConfirmedAndTheConfirmationIsAudited() {
    assertThat(anonymous().get("/api/config").json().get("report").get("maxAccuracyM").asDouble()).isEqualTo(100.0);
    String source = "loc-limit-" + UUID.randomUUID();
    Response refused = as("kh-patrol").post("/api/incidents", feature(source, "{\"accuracy\":150,\"source\":\"gps\"}"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(fields(refused)).containsExactly("location.accuracy");
    assertThat(refused.json().get("errors").get(0).get("message").asString()).contains("150").contains("100");
    assertThat(stored(source)).isZero();
    // exactly at the limit: accepted without a confirmation
    String atLimit = "loc-limit-eq-" + UUID.randomUUID();
    assertThat(as("kh-patrol").post("/api/incidents", feature(atLimit, "{\"accuracy\":100,\"source\":\"gps\"}"))
        .status()).isEqualTo(201);
    Response ok = as("kh-patrol").post("/api/incidents",
        feature(source, "{\"accuracy\":150,\"source\":\"gps\",\"accuracyConfirmed\":true}"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().get("properties").get("locationAccuracyM").asDouble()).isEqualTo(150.0);
    String id = ok.json().get("id").asString();
    var audit = jdbc.sql("select after->>'accuracyConfirmed', after->>'accuracyLimitM', after->>'location_accuracy_m',"
        + " username from audit_event where entity = 'incident' and entity_id = :id and action = 'CREATE'")
        .param("id", id).query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .single();
    assertThat(audit).containsExactly("true", "100", "150", "kh-patrol");
    // a confirmation of a fix within the limit is not worth a line in the trail
    Response within = as("kh-patrol").post("/api/incidents",
        feature("loc-limit-in-" + UUID.randomUUID(), "{\"accuracy\":6,\"source\":\"gps\",\"accuracyConfirmed\":true}"));
    assertThat(within.status()).isEqualTo(201);
    assertThat(jdbc.sql("select jsonb_exists(after, 'accuracyConfirmed') from audit_event where entity = 'incident' and entity_id ="
        + " :id").param("id", within.json().get("id").asString()).query(Boolean.class).single()).isFalse();
  }

  @Test
  void theOgcCreateTakesTheLocationAndImportsLeaveItNull() {
    String ogc = "loc-ogc-" + UUID.randomUUID();
    Response r = as("kh-patrol").post("/ogc/collections/incidents/items", "application/geo+json",
        feature(ogc, "{\"accuracy\":7.5,\"source\":\"gps\"}"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(jdbc.sql("select location_accuracy_m from incident where source = :s").param("s", ogc)
        .query(Double.class).single()).isEqualTo(7.5);
    Response bad = as("kh-patrol").post("/ogc/collections/incidents/items", "application/geo+json",
        feature(ogc, "{\"accuracy\":500,\"source\":\"gps\"}"));
    assertThat(bad.status()).as(bad.body()).isEqualTo(422);
    String imp = "loc-import-" + UUID.randomUUID();
    Response i = as("kh-planner").post("/api/incidents/import", "application/geo+json",
        "{\"type\":\"FeatureCollection\",\"features\":[" + feature(imp, "{\"accuracy\":3,\"source\":\"gps\"}") + "]}");
    assertThat(i.status()).as(i.body()).isEqualTo(201);
    assertThat(jdbc.sql("select count(*) from incident where source = :s and location_accuracy_m is null and"
        + " location_source is null").param("s", imp).query(Long.class).single()).isEqualTo(1L);
  }
}
