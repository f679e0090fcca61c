package org.borderzone.patrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server decides what it computes: a saved plan is planned again from its request, so a client cannot
 * forge its jointness (and thereby show a national plan to the other side), its length, duration, stops or
 * covered cells; and the audit trail of a plan is readable exactly by those who may read the plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanForgeryIT extends IntegrationTest {

  static final String KH_ADMIN = "own-kh-auditor";
  static final String KH_ADMIN_PASSWORD = "plan-forgery-kh-auditor";

  @BeforeAll
  void createKhAdmin() {
    ensureUser(KH_ADMIN, KH_ADMIN_PASSWORD, "KH auditor", "KH", "ADMIN");
  }

  @AfterAll
  void disableKhAdmin() {
    disableUser(KH_ADMIN);
  }

  /** A national KH route answer of kh-planner: from a KH post to a KH track point 2–6 km away. */
  private JsonNode khNationalRoute() {
    int post = jdbc.sql("select id from patrol_base where name = 'KH post 05 (synthetic)'").query(Integer.class).single();
    double[] end = jdbc.sql("""
        select st_x(pt), st_y(pt) from (
          select st_lineinterpolatepoint(e.geom, 0.5) pt, st_distance(e.geom::geography, b.geom::geography) d
          from network_edge e, patrol_base b where b.id = :id and e.side = 'KH' and e.kind = 'track') s
        where d between 2000 and 6000 order by d limit 1
        """).param("id", post).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    Response r = as("kh-planner").post("/api/routes", "{\"mode\":\"point-to-point\",\"profile\":\"foot\",\"baseId\":"
        + post + ",\"end\":[" + end[0] + "," + end[1] + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("joint").asBoolean()).isFalse();
    assertThat(r.json().get("request").get("baseId").asInt()).isEqualTo(post);
    return r.json();
  }

  /** Every forgeable part of the answer changed: jointness, lengths, durations, stop markup, an invented cell. */
  private static ObjectNode forged(JsonNode honest) {
    ObjectNode fc = (ObjectNode) honest.deepCopy();
    fc.put("joint", true);
    fc.put("lengthM", -1e9);
    fc.put("durationS", -1);
    for (JsonNode f : fc.get("features")) {
      ObjectNode p = (ObjectNode) f.get("properties");
      if (p.get("kind").asString().equals("route")) {
        p.put("lengthM", -1e9);
        p.put("durationS", 1e12);
        ((ObjectNode) f.get("geometry")).putArray("coordinates").addArray().add(106.0).add(14.0);
        ((ArrayNode) f.get("geometry").get("coordinates")).addArray().add(106.1).add(14.1);
      } else {
        p.put("role", "<img src=x onerror=alert(1)>");
        p.put("ref", "<script>alert(1)</script>");
        p.put("onclick", "steal()");
      }
    }
    ObjectNode fake = ((ArrayNode) fc.get("features")).addObject();
    fake.put("type", "Feature");
    fake.putObject("geometry").put("type", "Point").putArray("coordinates").add(106.2).add(14.4);
    fake.putObject("properties").put("kind", "stop").put("role", "cell").put("cellId", "forged-cell")
        .put("ref", "forged-cell");
    return fc;
  }

  @Test
  void forgedJointnessLengthsAndStopsAreNotStored() {
    JsonNode honest = khNationalRoute();
    String name = "forged-" + UUID.randomUUID();
    Response saved = as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", name).set("route", forged(honest)).toString());
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    JsonNode p = saved.json().get("properties");
    long id = p.get("id").asLong();

    // What the server computed, not what the client sent.
    assertThat(p.get("joint").asBoolean()).isFalse();
    assertThat(p.get("ownerOrg").asString()).isEqualTo("KH");
    assertThat(p.get("lengthM").asDouble()).isCloseTo(honest.get("lengthM").asDouble(), within(0.2)).isPositive();
    assertThat(p.get("durationS").asDouble()).isCloseTo(honest.get("durationS").asDouble(), within(1.0));
    assertThat(p.get("stops").toString()).doesNotContain("<script>", "onerror", "onclick", "forged-cell");
    assertThat(p.get("coveredCells").toString()).doesNotContain("forged-cell");
    List<String> roles = new ArrayList<>();
    p.get("stops").forEach(s -> roles.add(s.get("properties").get("role").asString()));
    assertThat(roles).containsExactly("base", "end");
    var row = jdbc.sql("select joint, length_m, st_astext(route_geom) as g, route::text as route from patrol_plan"
        + " where id = :id").param("id", id).query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getDouble(2),
            rs.getString(3), rs.getString(4)}).single();
    assertThat((Boolean) row[0]).isFalse();
    assertThat((Double) row[1]).isCloseTo(honest.get("lengthM").asDouble(), within(0.2));
    assertThat((String) row[2]).doesNotContain("106 14,106.1 14.1");
    assertThat((String) row[3]).doesNotContain("<script>", "onclick", "forged-cell", "-1000000000");
    // Stored length agrees with the stored geometry (geodesic), so neither can be forged apart.
    double geodesic = jdbc.sql("select st_length(route_geom::geography) from patrol_plan where id = :id")
        .param("id", id).query(Double.class).single();
    assertThat((Double) row[1]).isCloseTo(geodesic, within(Math.max(5.0, geodesic * 0.01)));

    // National KH data never becomes readable to LA, whatever the body claimed.
    assertThat(as("la-planner").get("/api/patrol-plans/" + id).status()).isEqualTo(404);
    assertThat(as("la-patrol").get("/api/patrol-plans").body()).doesNotContain(name);
    assertThat(as("kh-patrol").get("/api/patrol-plans/" + id).status()).isEqualTo(200);
  }

  @Test
  void theRequestItselfIsValidatedUnderRouteRequest() {
    JsonNode honest = khNationalRoute();
    ObjectNode noRequest = (ObjectNode) honest.deepCopy();
    noRequest.remove("request");
    assertField(as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", "x").set("route", noRequest).toString()), 400, "route.request");
    ObjectNode badMode = (ObjectNode) honest.deepCopy();
    ((ObjectNode) badMode.get("request")).put("mode", "teleport");
    assertField(as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", "x").set("route", badMode).toString()), 400, "route.request.mode");
    ObjectNode unknownBase = (ObjectNode) honest.deepCopy();
    ((ObjectNode) unknownBase.get("request")).put("baseId", 99999999);
    assertField(as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", "x").set("route", unknownBase).toString()), 422, "route.request.baseId");
    // The other country may not save (own) a KH national plan, nor may the joint body's administrator.
    for (String user : List.of("la-planner", "admin")) {
      Response r = as(user).post("/api/patrol-plans",
          JSON.createObjectNode().put("name", "x").set("route", honest).toString());
      assertThat(r.status()).as(user + ": " + r.body()).isEqualTo(403);
      assertThat(r.json().get("field").asString()).isEqualTo("route.request");
    }
  }

  @Test
  void aPlansAuditTrailIsReadableExactlyByThoseWhoMayReadThePlan() {
    String name = "audited-" + UUID.randomUUID();
    Response saved = as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", name).set("route", khNationalRoute()).toString());
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    String id = saved.json().get("properties").get("id").asString();
    assertThat(as("kh-planner").post("/api/patrol-plans/" + id + "/status", "{\"status\":\"DONE\"}").status())
        .isEqualTo(200);
    // The events exist (2: create, status) ...
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'patrol_plan' and entity_id = :id")
        .param("id", id).query(Long.class).single()).isEqualTo(2);
    // ... the JBC administrator cannot read the plan, so not its events either, filtered or not ...
    assertThat(as("admin").get("/api/patrol-plans/" + id).status()).isEqualTo(404);
    assertThat(auditIds("admin", null, "entity=patrol_plan&size=500")).doesNotContain(id);
    assertThat(as("admin").get("/api/audit?size=500").body()).doesNotContain(name);
    assertThat(as("admin").get("/api/audit?user=kh-planner&size=500").body()).doesNotContain(name);
    // ... a KH administrator can read both.
    assertThat(as(KH_ADMIN, KH_ADMIN_PASSWORD).get("/api/patrol-plans/" + id).status()).isEqualTo(200);
    assertThat(auditIds(KH_ADMIN, KH_ADMIN_PASSWORD, "entity=patrol_plan&size=500")).contains(id);

    // A joint plan is readable by everyone, and so are its events.
    int kh = jdbc.sql("select id from patrol_base where name = 'Trapeang Kriel international checkpoint'")
        .query(Integer.class).single();
    Response joint = as("kh-planner").post("/api/routes",
        "{\"mode\":\"point-to-point\",\"baseId\":" + kh + ",\"end\":[105.9509, 13.9365],\"joint\":true}");
    Response jointSaved = as("kh-planner").post("/api/patrol-plans",
        JSON.createObjectNode().put("name", name + "-joint").set("route", joint.json()).toString());
    assertThat(jointSaved.status()).as(jointSaved.body()).isEqualTo(201);
    String jointId = jointSaved.json().get("properties").get("id").asString();
    assertThat(as("admin").get("/api/patrol-plans/" + jointId).status()).isEqualTo(200);
    assertThat(auditIds("admin", null, "entity=patrol_plan&size=500")).contains(jointId);
  }

  private List<String> auditIds(String user, String password, String query) {
    Response r = password == null ? as(user).get("/api/audit?" + query) : as(user, password).get("/api/audit?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get("items").forEach(i -> ids.add(i.get("entityId").asString()));
    return ids;
  }

  private static void assertField(Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asString()).as(r.body()).isEqualTo(field);
  }
}
