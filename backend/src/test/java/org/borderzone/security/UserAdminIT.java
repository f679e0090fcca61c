package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * User management: create (with the password policy), disable (ends sessions, blocks login), reset a
 * password; every action audited without the hash or the password.
 */
class UserAdminIT extends IntegrationTest {

  static final String GOOD = "a-long-enough-secret";

  private static int seq;

  private static synchronized String newName() {
    return "it-user-" + System.nanoTime() % 1_000_000_000L + "-" + (++seq);
  }

  private long count() {
    return jdbc.sql("select count(*) from app_user").query(Long.class).single();
  }

  private JsonNode create(String username, String password) {
    Response r = post("/api/admin/users", """
        {"username": "%s", "displayName": "Test <b>user</b>", "org": "KH", "role": "VIEWER", "password": "%s"}
        """.formatted(username, password));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "short password                | ok-name-1  | short123456    | password",
      "password equals user name     | long-name-123 | long-name-123 | password",
      "password equals name, case    | long-name-124 | LONG-NAME-124 | password",
      "no password                   | ok-name-2  |                | password",
      "bad user name                 | Bad Name!  | " + GOOD + "   | username",
      "user name too short           | x          | " + GOOD + "   | username"})
  void refusedWithTheFieldNamedAndNothingStored(String what, String username, String password, String field) {
    long before = count();
    String pw = password == null ? "null" : "\"" + password + "\"";
    Response r = post("/api/admin/users", """
        {"username": "%s", "displayName": "X", "org": "LA", "role": "VIEWER", "password": %s}
        """.formatted(username, pw));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().path("field").asString()).isEqualTo(field);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void unknownOrgOrRoleIs400() {
    assertThat(post("/api/admin/users", "{\"username\":\"" + newName() + "\",\"displayName\":\"X\",\"org\":\"TH\","
        + "\"role\":\"VIEWER\",\"password\":\"" + GOOD + "\"}").json().path("field").asString()).isEqualTo("org");
    assertThat(post("/api/admin/users", "{\"username\":\"" + newName() + "\",\"displayName\":\"X\",\"org\":\"KH\","
        + "\"role\":\"ROOT\",\"password\":\"" + GOOD + "\"}").json().path("field").asString()).isEqualTo("role");
  }

  @Test
  void createdUserCanSignInAndTheAuditHoldsNoSecret() {
    String name = newName();
    JsonNode u = create(name, GOOD);
    assertThat(u.path("username").asString()).isEqualTo(name);
    assertThat(u.path("org").asString()).isEqualTo("KH");
    assertThat(u.path("enabled").asBoolean()).isTrue();
    assertThat(u.has("passwordHash")).isFalse();
    assertThat(as(name, GOOD).get("/api/me").json().path("role").asString()).isEqualTo("VIEWER");

    // the list shows it, escaped by JSON, never a hash
    Response list = get("/api/admin/users");
    assertThat(list.body()).contains(name).doesNotContain("$2a$").doesNotContain("password_hash");

    String hash = jdbc.sql("select password_hash from app_user where username = :u").param("u", name)
        .query(String.class).single();
    String audit = jdbc.sql("select after::text from audit_event where entity = 'user' and action = 'USER_CREATE'"
        + " and entity_id = :id").param("id", u.path("id").asString()).query(String.class).single();
    assertThat(audit).contains(name).doesNotContain(hash).doesNotContain(GOOD).doesNotContain("password_hash");
    String who = jdbc.sql("select username || '/' || org_code from audit_event where entity = 'user'"
        + " and entity_id = :id").param("id", u.path("id").asString()).query(String.class).single();
    assertThat(who).isEqualTo("admin/JBC");

    Response dup = post("/api/admin/users", "{\"username\":\"" + name + "\",\"displayName\":\"X\",\"org\":\"KH\","
        + "\"role\":\"VIEWER\",\"password\":\"" + GOOD + "\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().path("field").asString()).isEqualTo("username");
  }

  @Test
  void disablingEndsSessionsAndBlocksLogin() {
    String name = newName();
    long id = create(name, GOOD).path("id").asLong();
    BrowserSession browser = new BrowserSession(port);
    assertThat(browser.login(name, GOOD).status()).isEqualTo(302);
    assertThat(browser.get("/api/me").status()).isEqualTo(200);

    Response r = post("/api/admin/users/" + id + "/disable", "");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("enabled").asBoolean()).isFalse();
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
    assertThat(as(name, GOOD).get("/api/me").status()).isEqualTo(401);
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'user' and entity_id = :id"
        + " and action = 'USER_DISABLE'").param("id", String.valueOf(id)).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void adminCannotDisableThemself() {
    long adminId = jdbc.sql("select id from app_user where username = 'admin'").query(Long.class).single();
    Response r = post("/api/admin/users/" + adminId + "/disable", "");
    assertThat(r.status()).isEqualTo(409);
    assertThat(jdbc.sql("select enabled from app_user where id = :id").param("id", adminId)
        .query(Boolean.class).single()).isTrue();
  }

  @Test
  void passwordResetAppliesThePolicyAndReplacesTheOldPassword() {
    String name = newName();
    long id = create(name, GOOD).path("id").asLong();
    Response weak = post("/api/admin/users/" + id + "/password", "{\"password\":\"short\"}");
    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().path("field").asString()).isEqualTo("password");
    Response same = post("/api/admin/users/" + id + "/password", "{\"password\":\"" + name + "\"}");
    assertThat(same.status()).isEqualTo(400);

    String next = "another-long-secret-42";
    Response ok = post("/api/admin/users/" + id + "/password", "{\"password\":\"" + next + "\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(as(name, GOOD).get("/api/me").status()).isEqualTo(401);
    assertThat(as(name, next).get("/api/me").status()).isEqualTo(200);
    String audit = jdbc.sql("select before::text || after::text from audit_event where entity = 'user'"
        + " and action = 'USER_PASSWORD_RESET' and entity_id = :id").param("id", String.valueOf(id))
        .query(String.class).single();
    assertThat(audit).doesNotContain(next).doesNotContain("password_hash").doesNotContain("$2a$")
        .contains("password_changed_at");
  }
}
