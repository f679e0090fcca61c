package org.borderzone.support;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.support.IntegrationTest.Response;

/**
 * A browser-like client for tests of the cookie session: keeps cookies ({@code SESSION}, {@code XSRF-TOKEN}),
 * does not follow redirects, signs in through the form at {@code /login} and sends the CSRF header the way
 * the map's scripts do. Use it to check any path as seen through a session (e.g. releasability leaks via
 * the map rather than via HTTP Basic).
 */
public final class BrowserSession {

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  public BrowserSession(int port) {
    this.base = "http://localhost:" + port;
    this.client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** Loads the sign-in page and posts the form; returns the answer to the POST (302 to / on success). */
  public Response login(String username, String password) {
    Response page = get("/login", "text/html");
    Matcher m = CSRF_FIELD.matcher(page.body());
    String token = m.find() ? m.group(1) : "";
    return postForm("/login", "username=" + enc(username) + "&password=" + enc(password) + "&_csrf=" + enc(token));
  }

  public Response postForm(String path, String form) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /** A script's GET (like fetch from the map). */
  public Response get(String path) {
    return get(path, "application/json");
  }

  public Response get(String path, String accept) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET();
    if (!accept.contains("text/html")) {
      b.header("Sec-Fetch-Mode", "cors");
    }
    return send(b);
  }

  /** A script's POST of JSON; with {@code csrf} the X-XSRF-TOKEN header carries the cookie's token. */
  public Response post(String path, String json, boolean csrf) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .header("Sec-Fetch-Mode", "cors")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (csrf && cookie("XSRF-TOKEN") != null) {
      b.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
    }
    return send(b);
  }

  /** Signs out the way the map does (POST /logout with the CSRF header). */
  public Response logout() {
    return send(HttpRequest.newBuilder(URI.create(base + "/logout")).header("Sec-Fetch-Mode", "cors")
        .header("X-XSRF-TOKEN", String.valueOf(cookie("XSRF-TOKEN")))
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** The value of a cookie the server set, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  public Response send(HttpRequest.Builder builder) {
    return IntegrationTest.exchange(client, builder);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
