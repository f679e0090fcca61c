package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/releases} (docs/EXCHANGE.md "Releases"): the rules of a release and a withdrawal, each refusal a
 * problem naming the field with nothing stored, the audit of both, the lists and the parties' view. Incidents of
 * 1986, a window no other test uses; every release made here is withdrawn at the end of its test.
 */
class ReleaseApiIT extends IntegrationTest {

  private LeakCheck.Planted plant(String owner, String releasability) {
    return LeakCheck.plant(jdbc, owner, releasability, 106.25, 14.35, "1986-04-01T00:00:00Z", "OTHER");
  }

  private static String body(Object incident, String to, String withheld, String reason) {
    return "{\"incident\":\"" + incident + "\",\"to\":" + to + ",\"withheld\":" + withheld
        + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
  }

  private long releases(UUID incident) {
    return jdbc.sql("select count(*) from incident_release x join incident i on i.id = x.incident_id"
        + " where i.public_id = :id").param("id", incident).query(Long.class).single();
  }

  private void refused(String user, String json, int status, String field, UUID incident) {
    Response r = as(user).post("/api/releases", json);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.body()).contains("\"" + field + "\"");
    if (incident != null) {
      assertThat(releases(incident)).as("nothing stored").isZero();
    }
  }

  @Test
  void badReleasesAreRefusedNamingTheField() {
    ensureThirdParty();
    LeakCheck.Planted p = plant("KH", "NATIONAL");
    LeakCheck.Planted shared = plant("KH", "SHARED");
    refused("kh-planner", body(shared.id(), "[\"LA\"]", "[]", "r"), 409, "incident", shared.id());
    refused("kh-planner", body(p.id(), "[\"XX\"]", "[]", "r"), 400, "to", p.id());
    refused("kh-planner", body(p.id(), "[\"KH\"]", "[]", "r"), 422, "to", p.id());
    refused("kh-planner", body(p.id(), "[\"LA\",\"la\"]", "[]", "r"), 400, "to", p.id());
    refused("kh-planner", body(p.id(), "[]", "[]", "r"), 400, "to", p.id());
    refused("kh-planner", body(p.id(), "[\"LA\"]", "[\"type\"]", "r"), 400, "withheld", p.id());
    refused("kh-planner", body(p.id(), "[\"LA\"]", "[]", null), 400, "reason", p.id());
    refused("kh-planner", body(p.id(), "[\"LA\"]", "[]", "x".repeat(2001)), 400, "reason", p.id());
    refused("kh-planner", body("not-a-uuid", "[\"LA\"]", "[]", "r"), 400, "incident", null);
    refused("kh-planner", "{\"incident\":\"" + p.id() + "\",\"to\":[\"LA\"],\"reason\":\"r\",\"extra\":1}", 400,
        "extra", p.id());
    refused("kh-planner", "{\"incident\":\"" + p.id() + "\",\"to\":\"LA\",\"reason\":\"r\"}", 400, "to", p.id());
    // another organisation's NATIONAL incident is not even found; a viewer may not release at all
    refused("la-planner", body(p.id(), "[\"VN\"]", "[]", "r"), 404, "id", p.id());
    assertThat(as("kh-viewer").post("/api/releases", body(p.id(), "[\"LA\"]", "[]", "r")).status()).isEqualTo(403);

    // a good one, then the same party again: 409 naming to
    Response ok = as("kh-planner").post("/api/releases", body(p.id(), "[\"LA\",\"vn\"]", "[\"source\"]", "patrol"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().size()).isEqualTo(2);
    refused("kh-planner", body(p.id(), "[\"LA\"]", "[]", "again"), 409, "to", null);
    assertThat(releases(p.id())).isEqualTo(2);
    for (JsonNode r : ok.json()) {
      LeakCheck.withdraw(jdbc, UUID.fromString(r.path("id").asString()));
    }
  }

  @Test
  void withdrawalIsTheOwnersAndHappensOnce() {
    LeakCheck.Planted p = plant("KH", "NATIONAL");
    Response ok = as("kh-planner").post("/api/releases", body(p.id(), "[\"LA\"]", "[\"description\"]", "joint op"));
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    JsonNode rel = ok.json().get(0);
    String id = rel.path("id").asString();
    assertThat(rel.path("incident").asString()).isEqualTo(p.id().toString());
    assertThat(rel.path("to").asString()).isEqualTo("LA");
    assertThat(rel.path("releasedOrg").asString()).isEqualTo("KH");
    assertThat(rel.path("state").asString()).isEqualTo("OPEN");
    assertThat(rel.toString()).doesNotContain(p.marker());
    long audits = jdbc.sql("select count(*) from audit_event where entity = 'incident_release' and entity_id = :id")
        .param("id", id).query(Long.class).single();
    assertThat(audits).isEqualTo(1);

    // the recipient reads it but may not withdraw it; a third party does not find it
    assertThat(as("la-planner").get("/api/releases/" + id).status()).isEqualTo(200);
    assertThat(as("la-planner").get("/api/releases?size=500").body()).contains(id);
    assertThat(as("admin").get("/api/releases/" + id).status()).isEqualTo(404);
    Response laTry = as("la-planner").post("/api/releases/" + id + "/withdraw", "{\"reason\":\"mine?\"}");
    assertThat(laTry.status()).isEqualTo(403);
    assertThat(as("kh-planner").post("/api/releases/" + id + "/withdraw", "{}").status()).isEqualTo(400);

    Response w = as("kh-planner").post("/api/releases/" + id + "/withdraw", "{\"reason\":\"done\"}");
    assertThat(w.status()).as(w.body()).isEqualTo(200);
    assertThat(w.json().path("state").asString()).isEqualTo("WITHDRAWN");
    assertThat(w.json().path("withdrawnBy").asString()).isEqualTo("kh-planner");
    Response again = as("kh-planner").post("/api/releases/" + id + "/withdraw", "{\"reason\":\"twice\"}");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body()).contains("\"state\"");
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'incident_release' and entity_id = :id")
        .param("id", id).query(Long.class).single()).isEqualTo(2);
    // after the withdrawal: the incident is gone for LA, the release record stays in LA's list; a new release may
    // be made to the same party
    assertThat(as("la-planner").get("/api/incidents/" + p.id()).status()).isEqualTo(404);
    assertThat(as("la-planner").get("/api/releases/" + id).json().path("state").asString()).isEqualTo("WITHDRAWN");
    Response anew = as("kh-planner").post("/api/releases", body(p.id(), "[\"LA\"]", "[]", "again"));
    assertThat(anew.status()).as(anew.body()).isEqualTo(201);
    LeakCheck.withdraw(jdbc, UUID.fromString(anew.json().get(0).path("id").asString()));
  }

  @Test
  void listsArePagedAndBounded() {
    Response page = as("kh-planner").get("/api/releases?page=0&size=1");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().path("items").size()).isLessThanOrEqualTo(1);
    assertThat(as("kh-planner").get("/api/releases?size=501").status()).isEqualTo(400);
    assertThat(as("kh-planner").get("/api/releases?page=-1").status()).isEqualTo(400);
    assertThat(as("kh-planner").get("/api/organisations").body()).contains("\"KH\"", "\"LA\"", "\"JBC\"");
  }
}
