package org.borderzone.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import tools.jackson.databind.JsonNode;

/**
 * The language of answers end to end (docs/I18N.md): {@code ?lang}, the stored language, the {@code bz_lang}
 * cookie and {@code Accept-Language} in that order, for problem+json, {@code /api/i18n} and the login page;
 * {@code PUT /api/me/language} stored, audited, in the session at once, and its refusals (422 naming
 * {@code language}, nothing stored).
 */
class LanguagesIT extends IntegrationTest {

  static final String USER = "lang-user";
  static final String PASSWORD = "languages-it-password";
  static final String KM_422 = bundle("km", "problem.unprocessable.title");
  static final String LO_422 = bundle("lo", "problem.unprocessable.title");

  /** A text as the Khmer or Lao bundle has it, checked to be in that script (not left in English). */
  static String bundle(String lang, String key) {
    Properties p = new Properties();
    try (var in = LanguagesIT.class.getResourceAsStream("/messages_" + lang + ".properties")) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String text = p.getProperty(key);
    assertThat(text).as(lang + " " + key).containsPattern(lang.equals("km") ? "[\u1780-\u17FF]" : "[\u0E80-\u0EFF]");
    return text;
  }

  @Autowired
  MessageSource messages;

  @BeforeEach
  void freshUser() {
    ensureUser(USER, PASSWORD, "Language tester", "KH", "VIEWER");
    jdbc.sql("update app_user set language = null where username = :u").param("u", USER).update();
  }

  private Response put(String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return as(USER, PASSWORD).send(b);
  }

  private String stored() {
    return jdbc.sql("select coalesce(language, '(none)') from app_user where username = :u").param("u", USER)
        .query(String.class).single();
  }

  @Test
  void problemsAreInTheLanguageOfLangCookieOrAcceptLanguage() {
    Response km = put("/api/me/language?lang=km", "{\"language\":\"fr\"}");
    assertThat(km.status()).isEqualTo(422);
    assertThat(km.contentType()).startsWith("application/problem+json");
    assertThat(km.json().path("title").asString()).isEqualTo(KM_422);
    assertThat(km.json().path("field").asString()).isEqualTo("language");
    assertThat(km.json().path("detail").asString()).isEqualTo(
        "language: " + bundle("km", "error.language-unsupported").replace("{0}", "en, km, lo"));
    Response lo = put("/api/me/language", "{\"language\":\"fr\"}", "Cookie", "bz_lang=lo");
    assertThat(lo.json().path("title").asString()).isEqualTo(LO_422);
    Response accept = put("/api/me/language", "{\"language\":\"fr\"}", "Accept-Language", "de-DE, km;q=0.7, lo;q=0.5");
    assertThat(accept.json().path("title").asString()).isEqualTo(KM_422);
    Response english = put("/api/me/language", "{\"language\":\"fr\"}", "Accept-Language", "de-DE");
    assertThat(english.json().path("title").asString()).isEqualTo("Unprocessable input");
    assertThat(stored()).isEqualTo("(none)");
  }

  @Test
  void numbersInProblemDetailsAreFormattedByIcu() {
    // 413 before the body is read: the limit as a number, grouped the Lao way (ICU: '.' groups)
    Response lo = anonymous().send(HttpRequest.newBuilder(URI.create(url("/api/incidents?lang=lo")))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(1_100_000) + "\"}")));
    assertThat(lo.status()).isEqualTo(413);
    assertThat(lo.json().path("title").asString()).isEqualTo(bundle("lo", "problem.too-large.title"));
    assertThat(lo.json().path("detail").asString())
        .isEqualTo("body: " + bundle("lo", "error.body-too-large").replace("{0}", "1.048.576"));
  }

  @Test
  void theStoredLanguageIsValidatedAuditedAndWinsOverTheCookie() {
    long auditBefore = jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
    for (String bad : new String[] {"{\"language\":\"KM\"}", "{\"language\":\"km-KH\"}", "{\"language\":\"\"}",
        "{\"language\":null}", "{}", "{\"language\":\"" + "k".repeat(5000) + "\"}"}) {
      Response r = put("/api/me/language", bad);
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.json().path("field").asString()).as(bad).isEqualTo("language");
    }
    Response wrongType = put("/api/me/language", "{\"language\":7}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().path("field").asString()).isEqualTo("language");
    assertThat(stored()).isEqualTo("(none)");
    assertThat(jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single())
        .isEqualTo(auditBefore);

    Response ok = put("/api/me/language", "{\"language\":\"km\"}");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("language").asString()).isEqualTo("km");
    assertThat(stored()).isEqualTo("km");
    assertThat(jdbc.sql("select action || ' ' || (after ->> 'language') from audit_event where id > :id"
        + " and entity = 'user' order by id desc limit 1").param("id", auditBefore).query(String.class).single())
        .isEqualTo("USER_LANGUAGE km");
    assertThat(as(USER, PASSWORD).get("/api/me").json().path("language").asString()).isEqualTo("km");

    // stored beats the cookie and Accept-Language; ?lang beats the stored language
    Response cookie = put("/api/me/language", "{\"language\":\"xx\"}", "Cookie", "bz_lang=lo",
        "Accept-Language", "lo");
    assertThat(cookie.json().path("title").asString()).isEqualTo(KM_422);
    Response query = put("/api/me/language?lang=lo", "{\"language\":\"xx\"}");
    assertThat(query.json().path("title").asString()).isEqualTo(LO_422);
    assertThat(as(USER, PASSWORD).get("/api/i18n").json().path("_format").path("language").asString())
        .isEqualTo("km");
  }

  @Test
  void aSessionSeesItsNewLanguageAtOnce() {
    BrowserSession s = new BrowserSession(port);
    assertThat(s.login(USER, PASSWORD).status()).isEqualTo(302);
    assertThat(s.get("/api/me").json().path("language").isMissingNode()).isTrue();
    Response r = s.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me/language"))
        .header("Content-Type", "application/json").header("Sec-Fetch-Mode", "cors")
        .header("X-XSRF-TOKEN", String.valueOf(s.cookie("XSRF-TOKEN")))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"language\":\"lo\"}")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(s.get("/api/me").json().path("language").asString()).isEqualTo("lo");
    Response texts = s.get("/api/i18n");
    assertThat(texts.raw().headers().firstValue("Content-Language")).hasValue("lo");
    assertThat(texts.json().path("lang.switch").asString()).isEqualTo("ພາສາ");
    assertThat(texts.raw().headers().firstValue("Cache-Control").orElse("")).contains("private");
  }

  @Test
  void textsAndFormatsFollowTheRequestsLanguage() {
    Response accept = anonymous().send(HttpRequest.newBuilder(URI.create(url("/api/i18n")))
        .header("Accept-Language", "lo-LA,en;q=0.5"));
    assertThat(accept.raw().headers().firstValue("Content-Language")).hasValue("lo");
    JsonNode format = accept.json().path("_format");
    assertThat(format.path("decimal").asString()).isEqualTo(",");
    assertThat(format.path("months").get(11).asString()).isEqualTo("ທັນວາ");
    assertThat(format.path("patterns").path("mediumDate").asString()).isEqualTo("d MMM y");
    Response cookie = anonymous().send(HttpRequest.newBuilder(URI.create(url("/api/i18n")))
        .header("Cookie", "bz_lang=km").header("Accept-Language", "lo"));
    assertThat(cookie.json().path("lang.switch").asString()).isEqualTo("ភាសា");
    assertThat(cookie.json().path("_format").path("nativeDigits").asString()).isEqualTo("០១២៣៤៥៦៧៨៩");
  }

  @Test
  void theLoginPageSwitchesAndRemembersTheDevicesLanguage() {
    Response page = anonymous().send(HttpRequest.newBuilder(URI.create(url("/login?lang=km")))
        .header("Accept", "text/html"));
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("<html lang=\"km\">").contains("id=\"lang-switch\"")
        .contains("href=\"/login?lang=lo\"").contains("/css/i18n.css");
    assertThat(page.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("bz_lang=km;"));
    Response again = anonymous().send(HttpRequest.newBuilder(URI.create(url("/login")))
        .header("Accept", "text/html").header("Cookie", "bz_lang=lo"));
    assertThat(again.body()).contains("<html lang=\"lo\">");
  }

  @Test
  void aKeyMissingFromKhmerOrLaoIsEnglishNeverItsName() throws Exception {
    Properties base = new Properties();
    try (var in = getClass().getResourceAsStream("/messages.properties")) {
      base.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    for (String lang : new String[] {"km", "lo"}) {
      Properties own = new Properties();
      try (var in = getClass().getResourceAsStream("/messages_" + lang + ".properties")) {
        own.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
      for (String key : base.stringPropertyNames()) {
        String text = messages.getMessage(key, null, Locale.forLanguageTag(lang));
        assertThat(text).as(lang + " " + key).isEqualTo(own.getProperty(key, base.getProperty(key)));
      }
    }
  }
}
