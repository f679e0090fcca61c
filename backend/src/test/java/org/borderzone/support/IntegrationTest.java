package org.borderzone.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.flywaydb.core.Flyway;
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
 *
 * <p>Requests are sent with HTTP Basic as the demo user {@code admin} (ADMIN may do everything). To act as
 * someone else use {@link #as(String)} (e.g. {@code as("kh-viewer").get("/api/me")}), or {@link #anonymous()}
 * for no credentials at all. Every demo user's password is {@link #DEMO_PASSWORD}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"demo", "test"})
public abstract class IntegrationTest implements Requests {

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The password of every demo user (profile demo). */
  protected static final String DEMO_PASSWORD = "borderzone";
  /** The user of {@link #get}, {@link #post} and {@link #send}. */
  protected static final String DEFAULT_USER = "admin";

  @LocalServerPort
  protected int port;

  /** The server's own DataSource: the app role, which owns nothing (see {@link #owner()}). */
  @Autowired
  protected JdbcClient jdbc;

  @Autowired
  private Flyway flyway;

  @Autowired
  private org.springframework.security.crypto.password.PasswordEncoder passwordEncoder;

  /**
   * Creates (or re-enables, with this password) a user the demo does not have, e.g. a country's ADMIN; undo
   * with {@link #disableUser}.
   */
  protected void ensureUser(String username, String password, String displayName, String org, String role) {
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, org_code, role) values (:u, :d, :h, :o, :r)
        on conflict (username) do update set enabled = true, password_hash = excluded.password_hash
        """).param("u", username).param("d", displayName).param("h", passwordEncoder.encode(password))
        .param("o", org).param("r", role).update();
  }

  @Autowired
  private org.borderzone.system.Organisations organisations;

  /**
   * The third party of issue 12 (Vietnam at the eastern tri-point, as in the trilateral military meetings): the
   * organisation {@code VN} (a COUNTRY) and its users {@code vn-planner} (PLANNER), {@code vn-commission}
   * (COMMISSION) and {@code vn-viewer} (VIEWER), all with {@link #DEMO_PASSWORD}. Idempotent; the shared test
   * database keeps them, so every test must hold with VN present (it is a party that is sent nothing unless
   * something names it). Tests of the administrator's own "add an organisation" use another code.
   */
  protected void ensureThirdParty() {
    owner().sql("""
        insert into organisation (code, name, name_km, name_lo, kind, country_iso)
        values ('VN', 'Socialist Republic of Viet Nam', 'សាធារណរដ្ឋសង្គមនិយមវៀតណាម', 'ສາທາລະນະລັດສັງຄົມນິຍົມຫວຽດນາມ',
                'COUNTRY', 'VN')
        on conflict (code) do nothing
        """).update();
    organisations.reload();
    ensureUser("vn-planner", DEMO_PASSWORD, "Vietnamese planner", "VN", "PLANNER");
    ensureUser("vn-commission", DEMO_PASSWORD, "Vietnamese commission member", "VN", "COMMISSION");
    ensureUser("vn-viewer", DEMO_PASSWORD, "Vietnamese viewer", "VN", "VIEWER");
  }

  /** Disables a user made by {@link #ensureUser} (users are never deleted: the audit trail names them). */
  protected void disableUser(String username) {
    jdbc.sql("update app_user set enabled = false where username = :u").param("u", username).update();
  }

  /**
   * The schema owner's connection (the one Flyway migrates with), for fixtures that need more than the server
   * may do: creating or dropping scratch tables, ANALYZE, disabling a trigger in a benchmark.
   */
  protected JdbcClient owner() {
    return JdbcClient.create(flyway.getConfiguration().getDataSource());
  }

  /** An HTTP response with its body parsed as JSON where it is JSON. */
  public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  @Override
  public String url(String path) {
    return "http://localhost:" + port + path;
  }

  /** Sends a request as {@link #DEFAULT_USER}; subclasses may change the credentials by overriding {@link #decorate}. */
  @Override
  public Response send(HttpRequest.Builder builder) {
    return exchange(decorate(builder));
  }

  /** Adds HTTP Basic credentials of {@link #DEFAULT_USER}. */
  protected HttpRequest.Builder decorate(HttpRequest.Builder builder) {
    return basic(builder, DEFAULT_USER, DEMO_PASSWORD);
  }

  /** A client that sends every request as the demo user {@code username} (HTTP Basic). */
  protected Client as(String username) {
    return new Client(username, DEMO_PASSWORD);
  }

  /** A client that sends every request as {@code username} with {@code password}. */
  protected Client as(String username, String password) {
    return new Client(username, password);
  }

  /** A client that sends every request with {@code Authorization: Bearer secret} (a personal API token). */
  protected Requests withToken(String secret) {
    return new Requests() {
      @Override
      public String url(String path) {
        return IntegrationTest.this.url(path);
      }

      @Override
      public Response send(HttpRequest.Builder builder) {
        return exchange(builder.header("Authorization", "Bearer " + secret));
      }
    };
  }

  /** A client that sends no credentials. */
  protected Client anonymous() {
    return new Client(null, null);
  }

  protected static HttpRequest.Builder basic(HttpRequest.Builder builder, String username, String password) {
    if (username == null) {
      return builder;
    }
    String token = java.util.Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return builder.header("Authorization", "Basic " + token);
  }

  /** Requests as one user (or none); the same methods as the test itself. */
  public final class Client implements Requests {
    private final String username;
    private final String password;

    private Client(String username, String password) {
      this.username = username;
      this.password = password;
    }

    @Override
    public String url(String path) {
      return IntegrationTest.this.url(path);
    }

    @Override
    public Response send(HttpRequest.Builder builder) {
      return exchange(basic(builder, username, password));
    }
  }

  /** Sends a request exactly as built. */
  protected Response exchange(HttpRequest.Builder builder) {
    return exchange(CLIENT, builder);
  }

  /** Sends a request exactly as built with {@code client} (60 s timeout), the body read as text. */
  static Response exchange(HttpClient client, HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = client.send(builder.timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
