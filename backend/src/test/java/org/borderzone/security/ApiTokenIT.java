package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Personal API tokens (V14, {@link ApiTokens}, {@link BearerTokenFilter}): create → use → revoke → 401; a disabled
 * user's token is refused; a token never grants more than its user's row says at the time of the request (role
 * and organisation changes act at once); the secret appears in the creation answer and nowhere else (no later
 * answer, not the audit trail, not the database, not the log); bad input is a 400 naming the field.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiTokenIT extends IntegrationTest {

  static final String USER = "tok-user";
  static final String PASSWORD = "api-token-it-password";
  static final Pattern SECRET = Pattern.compile("^bzt_[A-Za-z0-9_-]{43}$");

  @BeforeEach
  void freshUser() {
    ensureUser(USER, PASSWORD, "Token user", "KH", "VIEWER");
    jdbc.sql("update app_user set role = 'VIEWER', org_code = 'KH' where username = :u").param("u", USER).update();
    jdbc.sql("update api_token set revoked_at = now(), revoked_by = 'test' where revoked_at is null and user_id ="
        + " (select id from app_user where username = :u)").param("u", USER).update();
  }

  private JsonNode create(String name) {
    Response r = as(USER, PASSWORD).post("/api/tokens", "{\"name\":\"" + name + "\",\"expiresInDays\":30}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.raw().headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    return r.json();
  }

  @Test
  void createUseRevokeThen401(CapturedOutput output) {
    JsonNode created = create("script one");
    String secret = created.get("token").asString();
    assertThat(secret).matches(SECRET);
    assertThat(created.get("prefix").asString()).isEqualTo(secret.substring(0, 10));
    assertThat(created.get("expiresAt").isNull()).isFalse();

    Response me = withToken(secret).get("/api/me");
    assertThat(me.status()).as(me.body()).isEqualTo(200);
    assertThat(me.json().get("username").asString()).isEqualTo(USER);
    assertThat(me.json().get("org").asString()).isEqualTo("KH");
    assertThat(me.raw().headers().allValues("Set-Cookie")).as("stateless: no session")
        .noneMatch(c -> c.startsWith("SESSION="));
    assertThat(jdbc.sql("select last_used_at is not null from api_token where id = :id")
        .param("id", created.get("id").asLong()).query(Boolean.class).single()).isTrue();

    // listed, never with the secret
    Response list = withToken(secret).get("/api/tokens");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains(created.get("prefix").asString()).doesNotContain(secret)
        .doesNotContain("\"token\"").doesNotContain("hash");

    // a write with the token needs no CSRF token (a browser never sends a Bearer header by itself)
    Response other = withToken(secret).post("/api/tokens", "{\"name\":\"made by a token\"}");
    assertThat(other.status()).as(other.body()).isEqualTo(201);
    String otherSecret = other.json().get("token").asString();

    Response revoke = withToken(secret).delete("/api/tokens/" + created.get("id").asLong());
    assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
    assertThat(revoke.json().get("revokedAt").isNull()).isFalse();
    assertThat(revoke.body()).doesNotContain(secret);

    Response after = withToken(secret).get("/api/me");
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.contentType()).startsWith("application/problem+json");
    assertThat(after.body()).doesNotContain(secret);
    assertThat(withToken(otherSecret).get("/api/me").status()).as("the other token still works").isEqualTo(200);

    // audited, without the secret; and the secret is nowhere else
    String audit = get("/api/audit?entity=api_token&size=50").body();
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'api_token' and action in"
        + " ('TOKEN_CREATE', 'TOKEN_REVOKE') and entity_id = :id").param("id", created.get("id").asString())
        .query(Long.class).single()).isEqualTo(2);
    assertThat(jdbc.sql("select count(*) from audit_event where coalesce(before::text, '') || coalesce(after::text, '')"
        + " like '%' || :s || '%' or coalesce(after::text, '') like '%token_hash%'").param("s", secret.substring(4))
        .query(Long.class).single()).isZero();
    assertThat(audit).doesNotContain(secret);
    assertThat(jdbc.sql("select count(*) from api_token t where (to_jsonb(t))::text like '%' || :s || '%'")
        .param("s", secret.substring(4)).query(Long.class).single()).as("only the hash is stored").isZero();
    assertThat(output.getAll()).doesNotContain(secret.substring(4)).doesNotContain(otherSecret.substring(4));
  }

  @Test
  void disabledUsersTokenIs401AndEnablingRestoresIt() {
    String secret = create("disable me").get("token").asString();
    assertThat(withToken(secret).get("/api/me").status()).isEqualTo(200);
    disableUser(USER);
    Response r = withToken(secret).get("/api/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    ensureUser(USER, PASSWORD, "Token user", "KH", "VIEWER");
    assertThat(withToken(secret).get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void aTokenNeverGrantsMoreThanItsUserHasNow() {
    String secret = create("roles").get("token").asString();
    // a VIEWER's token: no hotspots (PLANNER), no incident report, no user management
    assertThat(withToken(secret).get("/api/hotspots?from=1990-01-01&to=1990-02-01").status()).isEqualTo(403);
    assertThat(withToken(secret).post("/api/incidents", "{}").status()).isEqualTo(403);
    assertThat(withToken(secret).get("/api/admin/users").status()).isEqualTo(403);
    // the role is read from the user row on every request
    jdbc.sql("update app_user set role = 'PLANNER', org_code = 'LA' where username = :u").param("u", USER).update();
    assertThat(withToken(secret).get("/api/hotspots?from=1990-01-01&to=1990-02-01").status()).isEqualTo(200);
    assertThat(withToken(secret).get("/api/me").json().get("org").asString()).isEqualTo("LA");
    jdbc.sql("update app_user set role = 'VIEWER', org_code = 'KH' where username = :u").param("u", USER).update();
    assertThat(withToken(secret).get("/api/hotspots?from=1990-01-01&to=1990-02-01").status()).isEqualTo(403);
    assertThat(withToken(secret).get("/api/me").json().get("role").asString()).isEqualTo("VIEWER");
  }

  @Test
  void expiredUnknownAndMalformedTokensAre401() {
    JsonNode created = create("expire me");
    String secret = created.get("token").asString();
    jdbc.sql("update api_token set expires_at = now() - interval '1 second' where id = :id")
        .param("id", created.get("id").asLong()).update();
    assertThat(withToken(secret).get("/api/me").status()).isEqualTo(401);
    // one character changed, a token of the right shape that was never issued, garbage, empty
    char last = secret.charAt(secret.length() - 1);
    String flipped = secret.substring(0, secret.length() - 1) + (last == 'A' ? 'B' : 'A');
    for (String bad : new String[] {flipped, "bzt_" + "A".repeat(43), "not-a-token", "", "Basic abc"}) {
      Response r = withToken(bad).get("/api/incidents?size=1");
      assertThat(r.status()).as(bad).isEqualTo(401);
      assertThat(r.contentType()).as(bad).startsWith("application/problem+json");
    }
  }

  @Test
  void badInputNamesTheFieldAndStoresNothing() {
    long before = jdbc.sql("select count(*) from api_token").query(Long.class).single();
    Response noName = as(USER, PASSWORD).post("/api/tokens", "{\"expiresInDays\":3}");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.body()).contains("\"name\"");
    Response longName = as(USER, PASSWORD).post("/api/tokens", "{\"name\":\"" + "x".repeat(101) + "\"}");
    assertThat(longName.status()).isEqualTo(400);
    for (String days : new String[] {"0", "-1", "3651"}) {
      Response r = as(USER, PASSWORD).post("/api/tokens", "{\"name\":\"n\",\"expiresInDays\":" + days + "}");
      assertThat(r.status()).as(days).isEqualTo(400);
      assertThat(r.body()).contains("expiresInDays");
    }
    Response wrongType = as(USER, PASSWORD).post("/api/tokens", "{\"name\":\"n\",\"expiresInDays\":\"soon\"}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.body()).contains("expiresInDays");
    assertThat(jdbc.sql("select count(*) from api_token").query(Long.class).single()).isEqualTo(before);
  }

  @Test
  void liveTokensPerUserAreBounded() {
    for (int i = 0; i < ApiTokens.MAX_LIVE; i++) {
      create("bounded " + i);
    }
    Response r = as(USER, PASSWORD).post("/api/tokens", "{\"name\":\"one too many\"}");
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.body()).contains("\"name\"");
  }

  @Test
  void aUserSeesAndRevokesOnlyTheirOwnTokens() {
    JsonNode mine = create("mine");
    Response list = as("kh-viewer").get("/api/tokens");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).doesNotContain(mine.get("prefix").asString());
    Response r = as("kh-viewer").delete("/api/tokens/" + mine.get("id").asLong());
    assertThat(r.status()).isEqualTo(404);
    assertThat(withToken(mine.get("token").asString()).get("/api/me").status()).isEqualTo(200);
  }
}
