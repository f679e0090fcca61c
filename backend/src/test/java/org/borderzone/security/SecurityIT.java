package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Authentication end to end: HTTP Basic, the sign-in form with a session cookie kept in PostgreSQL, CSRF on
 * session requests, logout, the problem responses and the security headers.
 */
class SecurityIT extends IntegrationTest {

  static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
      + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  private int surveyedOrPendingSegment() {
    return jdbc.sql("select id from border_segment where status in ('PENDING', 'SURVEYED') order by seq desc limit 1")
        .query(Integer.class).single();
  }

  @Test
  void securityHeadersOnPagesAndApi() {
    for (Response r : new Response[] {anonymous().get("/login"), get("/api/segments/1"), anonymous().get("/api/me")}) {
      var h = r.raw().headers();
      assertThat(h.firstValue("Content-Security-Policy")).hasValue(CSP);
      assertThat(h.firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(h.firstValue("Referrer-Policy")).hasValue("same-origin");
      assertThat(h.firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void cspAddsTheOriginOfAnOnlineTileLayer() {
    assertThat(SecurityConfig.csp(CSP, "https://{s}.tile.example.org/{z}/{x}/{y}.png"))
        .contains("img-src 'self' https://*.tile.example.org data:");
    assertThat(SecurityConfig.csp(CSP, "http://tiles.local:8081/{z}/{x}/{y}.png"))
        .contains("img-src 'self' http://tiles.local:8081 data:");
    assertThat(SecurityConfig.csp(CSP, "")).isEqualTo(CSP);
    assertThat(SecurityConfig.csp(CSP, "javascript:alert(1)")).isEqualTo(CSP);
    assertThat(SecurityConfig.csp(CSP, "https://x.org; script-src *")).isEqualTo(CSP);
  }

  @Test
  void anonymousApiIs401ProblemWithBasicChallengeOnlyForNonBrowsers() {
    Response r = anonymous().get("/api/segments");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo("Authorization");
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    // a script in a browser (fetch) gets no challenge, so the browser never shows its own prompt
    Response fromScript = anonymous().send(HttpRequest.newBuilder(URI.create(url("/api/me")))
        .header("Sec-Fetch-Mode", "cors").GET());
    assertThat(fromScript.status()).isEqualTo(401);
    assertThat(fromScript.raw().headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void wrongPasswordAndUnknownUserAre401() {
    assertThat(as("kh-viewer", "not-the-password").get("/api/me").status()).isEqualTo(401);
    assertThat(as("nobody-here", "borderzone").get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void meTellsWhoIsCalling() {
    JsonNode me = as("la-commission").get("/api/me").json();
    assertThat(me.path("username").asString()).isEqualTo("la-commission");
    assertThat(me.path("org").asString()).isEqualTo("LA");
    assertThat(me.path("role").asString()).isEqualTo("COMMISSION");
    assertThat(me.path("displayName").asString()).isNotBlank();
    assertThat(me.has("password")).isFalse();
  }

  @Test
  void pageNavigationWithoutLoginGoesToTheLoginPage() {
    Response r = anonymous().send(HttpRequest.newBuilder(URI.create(url("/ogc")))
        .header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate").GET());
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.raw().headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/login"));
    // the map shell, the admin page, the login page, styles and health are public
    for (String p : new String[] {"/login", "/admin.html", "/css/login.css", "/js/admin.js", "/actuator/health"}) {
      assertThat(anonymous().get(p).status()).as(p).isEqualTo(200);
    }
  }

  @Test
  void loginPageIsEscapedAndHasNoInlineScript() {
    Response r = anonymous().get("/login?error&username=%3Cscript%3Ealert(1)%3C/script%3E");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("name=\"_csrf\"").contains("Wrong user name or password")
        .doesNotContain("<script").doesNotContain(" style=").doesNotContain("onload=");
  }

  @Test
  void formLoginKeepsTheSessionInPostgresAndCsrfGuardsWrites() {
    BrowserSession browser = new BrowserSession(port);
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
    Response login = browser.login("kh-commission", "borderzone");
    assertThat(login.status()).as(login.body()).isEqualTo(302);
    assertThat(login.raw().headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/"));
    String session = browser.cookie("SESSION");
    assertThat(session).isNotNull();
    assertThat(login.raw().headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("SESSION=").contains("HttpOnly"));

    JsonNode me = browser.get("/api/me").json();
    assertThat(me.path("username").asString()).isEqualTo("kh-commission");
    assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'kh-commission'")
        .query(Long.class).single()).isPositive();
    assertThat(browser.cookie("XSRF-TOKEN")).isNotBlank();

    int segment = surveyedOrPendingSegment();
    long before = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    Response noToken = browser.post("/api/segments/" + segment + "/status", "{\"status\":\"DISPUTED\",\"version\":0}", false);
    assertThat(noToken.status()).as(noToken.body()).isEqualTo(403);
    assertThat(noToken.json().path("field").asString()).isEqualTo("X-XSRF-TOKEN");
    assertThat(jdbc.sql("select count(*) from audit_event").query(Long.class).single()).isEqualTo(before);

    Response withToken = browser.post("/api/segments/" + segment + "/status", "{}", true);
    assertThat(withToken.status()).as(withToken.body()).isEqualTo(400);

    Response out = browser.logout();
    assertThat(out.status()).isEqualTo(204);
    assertThat(browser.get("/api/me").status()).isEqualTo(401);
  }

  @Test
  void loginWithoutCsrfTokenIs403AndWrongPasswordGoesBackToTheForm() {
    BrowserSession browser = new BrowserSession(port);
    Response noToken = browser.postForm("/login", "username=kh-viewer&password=borderzone");
    assertThat(noToken.status()).isEqualTo(403);
    Response wrong = browser.login("kh-viewer", "wrong-password");
    assertThat(wrong.status()).isEqualTo(302);
    assertThat(wrong.raw().headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith("/login?error"));
  }

  private long sessionsCreatedSince(long epochMillis) {
    return jdbc.sql("select count(*) from spring_session where creation_time >= :t").param("t", epochMillis)
        .query(Long.class).single();
  }

  @Test
  void onlyASuccessfulLoginCreatesASession() {
    long t0 = System.currentTimeMillis() - 1000;
    long before = sessionsCreatedSince(t0);
    BrowserSession browser = new BrowserSession(port);
    Response page = browser.get("/login", "text/html");
    assertThat(page.status()).isEqualTo(200);
    Response wrong = browser.login("kh-viewer", "wrong-password");
    assertThat(wrong.status()).isEqualTo(302);
    Response unknown = browser.login("no-such-user", "wrong-password");
    assertThat(unknown.status()).isEqualTo(302);
    Response errorPage = browser.get("/login?error", "text/html");
    assertThat(errorPage.body()).contains("role=\"alert\"");
    for (Response r : new Response[] {page, wrong, unknown, errorPage}) {
      assertThat(r.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("SESSION="));
    }
    assertThat(browser.cookie("SESSION")).isNull();
    assertThat(sessionsCreatedSince(t0)).isEqualTo(before);

    Response ok = browser.login("kh-viewer", DEMO_PASSWORD);
    assertThat(ok.status()).isEqualTo(302);
    assertThat(browser.cookie("SESSION")).isNotNull();
    assertThat(sessionsCreatedSince(t0)).isEqualTo(before + 1);
    browser.logout();
  }

  @Test
  void basicRequestsNeedNoCsrfTokenAndCreateNoSession() {
    long sessions = jdbc.sql("select count(*) from spring_session where principal_name = 'la-viewer'")
        .query(Long.class).single();
    Response r = as("la-viewer").get("/api/me");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("SESSION="));
    assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'la-viewer'")
        .query(Long.class).single()).isEqualTo(sessions);
    // a write with Basic credentials and no CSRF token reaches validation (commission may write)
    assertThat(as("commission").post("/api/segments/1/status", "{}").status()).isEqualTo(400);
  }

  @Test
  void healthShowsOnlyTheStatusToAnyoneButAdmins() {
    for (Client who : new Client[] {anonymous(), as("kh-viewer"), as("la-planner"), as("commission")}) {
      Response r = who.get("/actuator/health");
      assertThat(r.status()).isEqualTo(200);
      JsonNode h = r.json();
      assertThat(h.path("status").asString()).isEqualTo("UP");
      assertThat(h.propertyNames()).as(r.body()).contains("status").isSubsetOf("status", "groups");
      assertThat(r.body()).doesNotContain("diskSpace").doesNotContain("path").doesNotContain("PostgreSQL");
    }
    JsonNode admin = get("/actuator/health").json();
    assertThat(admin.path("components").path("db").path("status").asString()).isEqualTo("UP");
    assertThat(admin.path("components").path("db").path("details").path("database").asString())
        .isEqualTo("PostgreSQL");
    assertThat(admin.path("components").path("diskSpace").path("details").path("path").asString()).isNotBlank();
  }

  @Test
  void passwordsAreStoredAsBcrypt() {
    String hash = jdbc.sql("select password_hash from app_user where username = 'admin'").query(String.class).single();
    assertThat(hash).startsWith("{bcrypt}$2a$10$").doesNotContain("borderzone");
  }

  @Test
  void demoUsersExistWithTheirOrganisationsAndRoles() {
    var rows = jdbc.sql("select username || ':' || org_code || ':' || role from app_user where username in "
        + "('admin','commission','kh-commission','la-commission','kh-planner','la-planner','kh-patrol','la-patrol',"
        + "'kh-viewer','la-viewer') order by username").query(String.class).list();
    assertThat(rows).containsExactly("admin:JBC:ADMIN", "commission:JBC:COMMISSION", "kh-commission:KH:COMMISSION",
        "kh-patrol:KH:PATROL", "kh-planner:KH:PLANNER", "kh-viewer:KH:VIEWER", "la-commission:LA:COMMISSION",
        "la-patrol:LA:PATROL", "la-planner:LA:PLANNER", "la-viewer:LA:VIEWER");
  }
}
