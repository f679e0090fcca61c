package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Incidents leave the server only under their public id (a UUIDv7, V10__incident_public_id.sql), never under
 * the internal sequence that every organisation's reports share: so LA, seeing two of its own reports, cannot
 * count the KH NATIONAL reports made between them. The id is generated on every kind of insert (API, bulk
 * import, the demo seeders, plain SQL).
 */
class PublicIncidentIdIT extends IntegrationTest {

  private static String feature(String source, String releasability) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.15,14.35]},"
        + "\"properties\":{\"type\":\"SMUGGLING\",\"severity\":2,\"occurredAt\":\"2026-02-01T10:00:00Z\","
        + "\"source\":\"" + source + "\",\"releasability\":\"" + releasability + "\"}}";
  }

  private long internalId(String publicId) {
    return jdbc.sql("select id from incident where public_id = cast(:p as uuid)").param("p", publicId)
        .query(Long.class).single();
  }

  /** {@code "id": <n>} or {@code "entityId": "<n>"} anywhere in a body. */
  private static boolean carries(String body, long internal) {
    return Pattern.compile("\"(id|entityId)\"\\s*:\\s*\"?" + internal + "\\b").matcher(body).find();
  }

  @Test
  void laCannotCountTheNationalReportsOfKhBetweenTwoOfItsOwn() {
    String source = "pubid-" + UUID.randomUUID();
    Response first = as("la-patrol").post("/api/incidents", feature(source, "NATIONAL"));
    for (int k = 0; k < 3; k++) {
      assertThat(as("kh-patrol").post("/api/incidents", feature(source + "-kh", "NATIONAL")).status()).isEqualTo(201);
    }
    Response second = as("la-patrol").post("/api/incidents", feature(source, "NATIONAL"));
    String a = first.json().get("id").asString();
    String b = second.json().get("id").asString();
    assertThat(UUID.fromString(a).version()).isEqualTo(7);
    assertThat(UUID.fromString(b).version()).isEqualTo(7);
    assertThat(first.json().get("properties").get("id").asString()).isEqualTo(a);
    long ia = internalId(a);
    long ib = internalId(b);
    assertThat(ib - ia).as("the internal sequence did count the KH reports").isGreaterThanOrEqualTo(4);

    Response status = as("la-planner").post("/api/incidents/" + b + "/status", "{\"status\":\"VERIFIED\",\"version\":0}");
    assertThat(status.status()).as(status.body()).isEqualTo(200);
    List<Response> seenByLa = List.of(first, second, status,
        as("la-viewer").get("/api/incidents/" + a),
        as("la-viewer").get("/api/incidents?source=" + source));
    for (Response r : seenByLa) {
      assertThat(carries(r.body(), ia) || carries(r.body(), ib)).as(r.body()).isFalse();
    }
    JsonNode list = as("la-viewer").get("/api/incidents?source=" + source).json();
    assertThat(list.get("features").findValuesAsString("id")).contains(a, b);
  }

  @Test
  void theAuditTrailNamesIncidentsByTheirPublicId() {
    String source = "pubid-audit-" + UUID.randomUUID();
    String id = as("kh-patrol").post("/api/incidents", feature(source, "SHARED")).json().get("id").asString();
    String after = jdbc.sql("select after::text from audit_event where entity = 'incident' and action = 'CREATE' "
        + "and entity_id = :id").param("id", id).query(String.class).single();
    JsonNode row = JSON.readTree(after);
    assertThat(row.get("id").asString()).isEqualTo(id);
    assertThat(row.has("public_id")).isFalse();
    assertThat(after).doesNotContain("\"id\": " + internalId(id));
    JsonNode items = get("/api/audit?entity=incident&size=100").json().get("items");
    assertThat(items.findValuesAsString("entityId")).contains(id);
  }

  @Test
  void anImportReportsThePublicIdsInRowOrder() {
    String source = "pubid-imp-" + UUID.randomUUID();
    String csv = "lon,lat,occurredAt,type,severity,source\n"
        + "106.1,14.3,2026-02-01T10:00:00Z,SMUGGLING,2," + source + "\n"
        + "106.2,14.4,2026-02-02T10:00:00Z,UXO,3," + source + "\n";
    Response r = as("kh-planner").post("/api/incidents/import", "text/csv", csv);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    List<String> ids = new java.util.ArrayList<>();
    r.json().get("ids").forEach(n -> ids.add(n.asString()));
    List<String> stored = jdbc.sql("select public_id::text from incident where source = :s order by id")
        .param("s", source).query(String.class).list();
    assertThat(ids).hasSize(2).isEqualTo(stored);
    assertThat(as("kh-viewer").get("/api/incidents/" + ids.get(1)).json().get("properties").get("type").asString())
        .isEqualTo("UXO");
    String audit = jdbc.sql("select after::text from audit_event where action = 'IMPORT' and entity_id = :j")
        .param("j", r.json().get("jobId").asString()).query(String.class).single();
    assertThat(audit).doesNotContain("firstId").doesNotContain("lastId");
  }

  @Test
  void everyIncidentHasItsOwnVersion7PublicId() {
    // the demo's bulk-loaded history, API reports, imports and SQL fixtures alike
    var stats = jdbc.sql("""
        select count(*) as n, count(distinct public_id) as distinct_ids,
               count(*) filter (where substr(public_id::text, 15, 1) <> '7') as not_v7
        from incident
        """).query().singleRow();
    assertThat(((Number) stats.get("n")).longValue()).isGreaterThan(20_000);
    assertThat(stats.get("distinct_ids")).isEqualTo(stats.get("n"));
    assertThat(((Number) stats.get("not_v7")).longValue()).isZero();
    // the first 48 bits are the time of the insert
    String id = as("kh-patrol").post("/api/incidents", feature("pubid-time", "SHARED")).json().get("id").asString();
    long ms = UUID.fromString(id).getMostSignificantBits() >>> 16;
    assertThat(Math.abs(ms - System.currentTimeMillis())).isLessThan(60_000);
  }
}
