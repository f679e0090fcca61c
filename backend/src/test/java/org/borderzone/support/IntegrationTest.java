package org.borderzone.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of every test that needs the server: one Spring context (same configuration everywhere, so it boots
 * once per run) on a random port, on the real PostGIS database that {@code make test} provisions
 * (SPRING_DATASOURCE_URL). There is no fallback: without the database the tests fail, they never skip.
 * The demo profile is active, so the database holds the real border and the deterministic demo history.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public abstract class IntegrationTest {

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @LocalServerPort
  protected int port;

  @Autowired
  protected JdbcClient jdbc;

  /** An HTTP response with its body parsed as JSON where it is JSON. */
  public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  protected String url(String path) {
    return "http://localhost:" + port + path;
  }

  protected Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
  }

  protected Response get(String path, String accept) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).GET());
  }

  protected Response post(String path, String jsonBody) {
    return post(path, "application/json", jsonBody);
  }

  protected Response post(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Sends a request; subclasses (security) may add credentials by overriding {@link #decorate}. */
  protected Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = CLIENT.send(decorate(builder).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  protected HttpRequest.Builder decorate(HttpRequest.Builder builder) {
    return builder;
  }
}
