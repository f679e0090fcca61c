package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.Requests;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Organisations as data (issue 12, item 5; docs/EXCHANGE.md "Organisations"): the list every signed-in user reads,
 * the joint body's administrator adding and changing one (validation, 403 for a country's ADMIN, 409 for a taken
 * code, 422 for a second joint body, never a change of code), and the whole flow of a fourth organisation: create
 * it, create a user in it with the existing user admin (no code change), the user signs in and sees SHARED
 * incidents only.
 */
class OrganisationAdminIT extends IntegrationTest {

  private static final String KH_ADMIN = "orgs-kh-admin";
  private static final String KH_ADMIN_PASSWORD = "orgs-kh-admin-password";

  @Autowired
  private Organisations organisations;

  @BeforeEach
  void parties() {
    ensureThirdParty();
    ensureUser(KH_ADMIN, KH_ADMIN_PASSWORD, "KH admin (orgs)", "KH", "ADMIN");
  }

  static Response put(Requests who, String path, String json) {
    return who.send(HttpRequest.newBuilder(URI.create(who.url(path))).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static String code() {
    StringBuilder sb = new StringBuilder("ZO");
    Random r = new Random();
    for (int i = 0; i < 6; i++) {
      sb.append((char) ('A' + r.nextInt(26)));
    }
    return sb.toString();
  }

  private long orgCount() {
    return jdbc.sql("select count(*) from organisation").query(Long.class).single();
  }

  private long auditMax() {
    return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
  }

  private static JsonNode find(JsonNode list, String code) {
    for (JsonNode o : list) {
      if (o.path("code").asString().equals(code)) {
        return o;
      }
    }
    return null;
  }

  @Test
  void everySignedInUserReadsTheOrganisationsWithNamesInTheirLanguage() {
    for (String user : List.of("kh-viewer", "la-patrol", "vn-viewer", "commission")) {
      Response r = as(user).get("/api/organisations");
      assertThat(r.status()).as(user).isEqualTo(200);
      JsonNode list = r.json();
      assertThat(find(list, "KH").path("kind").asString()).isEqualTo("COUNTRY");
      assertThat(find(list, "KH").path("country").asString()).isEqualTo("KH");
      assertThat(find(list, "LA").path("kind").asString()).isEqualTo("COUNTRY");
      assertThat(find(list, "JBC").path("kind").asString()).isEqualTo("JOINT");
      assertThat(find(list, "JBC").path("country").asString("")).isEmpty();
      assertThat(find(list, "VN").path("name").asString()).isEqualTo("Socialist Republic of Viet Nam");
    }
    JsonNode km = as("kh-viewer").get("/api/organisations?lang=km").json();
    assertThat(find(km, "KH").path("name").asString()).isEqualTo("ព្រះរាជាណាចក្រកម្ពុជា");
    assertThat(find(km, "KH").path("names").path("en").asString()).isEqualTo("Kingdom of Cambodia");
    JsonNode lo = as("la-viewer").get("/api/organisations?lang=lo").json();
    assertThat(find(lo, "LA").path("name").asString()).isEqualTo("ສາທາລະນະລັດ ປະຊາທິປະໄຕ ປະຊາຊົນລາວ");
    assertThat(find(lo, "VN").path("name").asString()).isEqualTo("ສາທາລະນະລັດສັງຄົມນິຍົມຫວຽດນາມ");
    assertThat(anonymous().get("/api/organisations").status()).isEqualTo(401);
  }

  @Test
  void theServerActsAsTheRegistrysOneJointBody() {
    assertThat(organisations.jointBody()).contains(Actor.SYSTEM.org());
    assertThat(organisations.isJointBody(Actor.SYSTEM.org())).isTrue();
    assertThat(organisations.borderCountries()).containsExactly("KH", "LA");
  }

  @Test
  void badInputIsRefusedNamingTheFieldAndStoresNothing() {
    String fresh = code();
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"{\"name\":\"X\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400, "code"});
    cases.add(new Object[] {"{\"code\":\"vn2\",\"name\":\"X\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400, "code"});
    cases.add(new Object[] {"{\"code\":\"A\",\"name\":\"X\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400, "code"});
    cases.add(new Object[] {"{\"code\":\"ABCDEFGHIJK\",\"name\":\"X\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400,
        "code"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400, "name"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"" + "x".repeat(201)
        + "\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}", 400, "name"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"X\",\"kind\":\"STATE\",\"country\":\"ZZ\"}", 400,
        "kind"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"X\",\"kind\":\"COUNTRY\"}", 400, "country"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"X\",\"kind\":\"COUNTRY\",\"country\":\"ZZZ\"}",
        400, "country"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"X\",\"names\":{\"km\":1},\"kind\":\"COUNTRY\","
        + "\"country\":\"ZZ\"}", 400, "names.km"});
    cases.add(new Object[] {"{\"code\":\"KH\",\"name\":\"Again\",\"kind\":\"COUNTRY\",\"country\":\"KH\"}", 409, "code"});
    cases.add(new Object[] {"{\"code\":\"VN\",\"name\":\"Again\",\"kind\":\"COUNTRY\",\"country\":\"VN\"}", 409, "code"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"Second body\",\"kind\":\"JOINT\"}", 422, "kind"});
    cases.add(new Object[] {"{\"code\":\"" + fresh + "\",\"name\":\"X\",\"kind\":\"JOINT\",\"country\":\"ZZ\"}", 422,
        "country"});
    long count = orgCount();
    long audit = auditMax();
    for (Object[] c : cases) {
      Response r = post("/api/admin/organisations", (String) c[0]);
      assertThat(r.status()).as("%s -> %s", c[0], r.body()).isEqualTo(c[1]);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().path("errors").get(0).path("field").asString()).as(r.body()).isEqualTo(c[2]);
    }
    Response taken = post("/api/admin/organisations",
        "{\"code\":\"KH\",\"name\":\"Again\",\"kind\":\"COUNTRY\",\"country\":\"KH\"}");
    assertThat(taken.body()).contains("KH");
    Response joint = post("/api/admin/organisations", "{\"code\":\"" + fresh + "\",\"name\":\"B\",\"kind\":\"JOINT\"}");
    assertThat(joint.body()).contains("JBC");
    assertThat(orgCount()).isEqualTo(count);
    assertThat(auditMax()).isEqualTo(audit);
  }

  @Test
  void onlyTheJointBodysAdministratorManagesOrganisations() {
    String fresh = code();
    String body = "{\"code\":\"" + fresh + "\",\"name\":\"Not added\",\"kind\":\"COUNTRY\",\"country\":\"ZZ\"}";
    long count = orgCount();
    Response kh = as(KH_ADMIN, KH_ADMIN_PASSWORD).post("/api/admin/organisations", body);
    assertThat(kh.status()).as(kh.body()).isEqualTo(403);
    assertThat(kh.json().path("errors").get(0).path("field").asString()).isEqualTo("code");
    assertThat(kh.body()).contains("joint body");
    assertThat(put(as(KH_ADMIN, KH_ADMIN_PASSWORD), "/api/admin/organisations/KH", "{\"name\":\"Renamed\"}").status())
        .isEqualTo(403);
    for (String u : List.of("commission", "kh-commission", "vn-planner", "la-viewer")) {
      assertThat(as(u).post("/api/admin/organisations", body).status()).as(u).isEqualTo(403);
    }
    assertThat(orgCount()).isEqualTo(count);
    assertThat(jdbc.sql("select name from organisation where code = 'KH'").query(String.class).single())
        .isEqualTo("Kingdom of Cambodia");
  }

  @Test
  void changesNamesAndTheActiveFlagButNeverTheCode() {
    String c = code();
    assertThat(post("/api/admin/organisations", "{\"code\":\"" + c + "\",\"name\":\"Old name\",\"kind\":\"COUNTRY\","
        + "\"country\":\"ZZ\"}").status()).isEqualTo(201);
    Response renamed = put(this, "/api/admin/organisations/" + c,
        "{\"name\":\"New name\",\"names\":{\"km\":\"ឈ្មោះថ្មី\",\"lo\":\"ຊື່ໃໝ່\"}}");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.json().path("name").asString()).isEqualTo("New name");
    assertThat(find(as("kh-viewer").get("/api/organisations?lang=km").json(), c).path("name").asString())
        .isEqualTo("ឈ្មោះថ្មី");
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'organisation' and entity_id = :c"
        + " and action = 'ORG_UPDATE'").param("c", c).query(Long.class).single()).isEqualTo(1);

    for (String[] f : new String[][] {{"code", "ZZZZ"}, {"kind", "JOINT"}, {"country", "ZY"}}) {
      Response r = put(this, "/api/admin/organisations/" + c, "{\"" + f[0] + "\":\"" + f[1] + "\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo(f[0]);
    }
    // sent back as read: accepted (nothing changes)
    assertThat(put(this, "/api/admin/organisations/" + c, "{\"code\":\"" + c + "\",\"kind\":\"COUNTRY\","
        + "\"country\":\"ZZ\",\"name\":\"New name\"}").status()).isEqualTo(200);
    assertThat(put(this, "/api/admin/organisations/ZZNOSUCH", "{\"name\":\"x\"}").status()).isEqualTo(404);
    Response jbc = put(this, "/api/admin/organisations/JBC", "{\"active\":false}");
    assertThat(jbc.status()).isEqualTo(422);
    assertThat(jbc.json().path("errors").get(0).path("field").asString()).isEqualTo("active");

    // inactive: kept (users and audit rows name it), listed as inactive, takes no new users
    assertThat(put(this, "/api/admin/organisations/" + c, "{\"active\":false}").status()).isEqualTo(200);
    assertThat(find(get("/api/organisations").json(), c).path("active").asBoolean()).isFalse();
    Response user = post("/api/admin/users", "{\"username\":\"orgs-" + c.toLowerCase() + "\",\"displayName\":\"U\","
        + "\"org\":\"" + c + "\",\"role\":\"VIEWER\",\"password\":\"orgs-user-password-1\"}");
    assertThat(user.status()).as(user.body()).isEqualTo(422);
    assertThat(user.json().path("errors").get(0).path("field").asString()).isEqualTo("org");
    assertThat(put(this, "/api/admin/organisations/" + c, "{\"active\":true}").status()).isEqualTo(200);
    assertThat(jdbc.sql("select code from organisation where code = :c").param("c", c).query(String.class).single())
        .isEqualTo(c);
  }

  @Test
  void aFourthOrganisationEndToEndSeesSharedIncidentsOnly() {
    String c = code();
    long audit = auditMax();
    Response created = post("/api/admin/organisations", "{\"code\":\"" + c + "\",\"name\":\"Kingdom of Thailand\","
        + "\"names\":{\"km\":\"ព្រះរាជាណាចក្រថៃ\",\"lo\":\"ຣາຊະອານາຈັກໄທ\"},\"kind\":\"COUNTRY\",\"country\":\"TH\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().path("kind").asString()).isEqualTo("COUNTRY");
    assertThat(jdbc.sql("select after->>'createdBy' from audit_event where id > :a and action = 'ORG_CREATE'"
        + " and entity = 'organisation' and entity_id = :c").param("a", audit).param("c", c).query(String.class)
        .single()).isEqualTo("admin");
    // this instance knows it at once (reloaded after the commit): the existing user admin takes it, and the OGC
    // API offers it as a value of ownerOrg (queryables, prop=value), the sides staying the border's two countries
    assertThat(organisations.find(c)).isPresent();
    JsonNode q = get("/ogc/collections/incidents/queryables").json().path("properties");
    assertThat(q.path("ownerOrg").path("enum").toString()).contains("\"" + c + "\"").contains("\"VN\"")
        .contains("\"JBC\"");
    assertThat(q.path("side").path("enum").toString()).isEqualTo("[\"KH\",\"LA\"]");
    assertThat(get("/ogc/collections/network/queryables").json().path("properties").path("side").path("enum")
        .toString()).isEqualTo("[\"KH\",\"LA\",\"BOTH\"]");
    assertThat(get("/ogc/collections/incidents/items?limit=1&ownerOrg=" + c).status()).isEqualTo(200);
    assertThat(get("/ogc/collections/incidents/items?limit=1&ownerOrg=QQNOSUCH").status()).isEqualTo(400);
    String username = "orgs-" + c.toLowerCase();
    String password = "fourth-org-password-1";
    Response user = post("/api/admin/users", "{\"username\":\"" + username + "\",\"displayName\":\"Thai planner\","
        + "\"org\":\"" + c + "\",\"role\":\"PLANNER\",\"password\":\"" + password + "\"}");
    assertThat(user.status()).as(user.body()).isEqualTo(201);
    assertThat(user.json().path("org").asString()).isEqualTo(c);

    JsonNode me = as(username, password).get("/api/me").json();
    assertThat(me.path("org").asString()).isEqualTo(c);
    // one NATIONAL and one SHARED incident of each country in a window of its own
    List<String> nationalIds = new ArrayList<>();
    List<String> sharedIds = new ArrayList<>();
    for (String owner : List.of("KH", "LA")) {
      nationalIds.add(org.borderzone.support.LeakCheck.plant(jdbc, owner, "NATIONAL", 106.5, 14.2,
          "1984-03-10T08:00:00Z", "SMUGGLING").id().toString());
      sharedIds.add(org.borderzone.support.LeakCheck.plant(jdbc, owner, "SHARED", 106.5, 14.2,
          "1984-03-10T08:00:00Z", "SMUGGLING").id().toString());
    }
    JsonNode list = as(username, password).get("/api/incidents?size=1000&from=1984-01-01T00:00:00Z"
        + "&to=1985-01-01T00:00:00Z").json();
    List<String> seen = new ArrayList<>();
    list.path("features").forEach(f -> {
      seen.add(f.path("id").asString());
      assertThat(f.path("properties").path("releasability").asString()).isEqualTo("SHARED");
    });
    assertThat(seen).containsAll(sharedIds).doesNotContainAnyElementsOf(nationalIds);
    for (String id : nationalIds) {
      assertThat(as(username, password).get("/api/incidents/" + id).status()).isEqualTo(404);
    }
    // a planner of the new organisation changes nothing of KH's or LA's: their SHARED incident is theirs
    Response status = as(username, password).post("/api/incidents/" + sharedIds.get(0) + "/status",
        "{\"status\":\"VERIFIED\",\"version\":0}");
    assertThat(status.status()).as(status.body()).isEqualTo(403);
    disableUser(username);
  }
}
