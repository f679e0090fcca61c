package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every cell of role × endpoint, from ONE list of endpoints ({@link #ENDPOINTS}): an allowed role gets
 * neither 401 nor 403 (and the expected status where the row names one), a denied role gets 403, an
 * anonymous caller gets 401 (unless the endpoint is public). Each demo user stands for their role and
 * organisation. {@link #everyApiEndpointIsInTheMatrix} fails when a controller under {@code /api} has no
 * row here, so a new endpoint is added to the matrix by one line.
 *
 * <p>Bodies of POST rows are chosen so that an allowed caller is refused by validation (400) or an unknown id
 * (404): the matrix changes nothing.
 */
class RoleMatrixIT extends IntegrationTest {

  /** The demo users, one or two per role (both countries and the JBC). */
  static final Map<String, String> USERS = new LinkedHashMap<>();

  static {
    USERS.put("admin", "ADMIN");
    USERS.put("commission", "COMMISSION");
    USERS.put("kh-commission", "COMMISSION");
    USERS.put("la-commission", "COMMISSION");
    USERS.put("kh-planner", "PLANNER");
    USERS.put("la-planner", "PLANNER");
    USERS.put("kh-patrol", "PATROL");
    USERS.put("la-patrol", "PATROL");
    USERS.put("kh-viewer", "VIEWER");
    USERS.put("la-viewer", "VIEWER");
  }

  static final String ANONYMOUS = "(anonymous)";

  static final Set<String> EVERYONE = Set.of("ADMIN", "COMMISSION", "PLANNER", "PATROL", "VIEWER");
  static final Set<String> COMMISSION = Set.of("ADMIN", "COMMISSION");
  static final Set<String> ADMIN = Set.of("ADMIN");
  static final Set<String> PLANNER = Set.of("ADMIN", "PLANNER");
  static final Set<String> PATROLLING = Set.of("ADMIN", "PLANNER", "PATROL");
  static final Set<String> MEETING_WRITERS = Set.of("ADMIN", "COMMISSION", "PLANNER");
  /** Who writes the exchange (issue 12): planners and commission members of the acting organisation. */
  static final Set<String> MESSAGE_WRITERS = Set.of("ADMIN", "COMMISSION", "PLANNER");
  /** Joint cases (issue 12): planners and commission members of a party write. */
  static final Set<String> CASE_WRITERS = Set.of("ADMIN", "COMMISSION", "PLANNER");

  /**
   * One endpoint: method, a concrete path (numbers stand for path variables), body, the roles allowed,
   * whether anonymous callers are allowed too, and the status an allowed caller gets (0: anything but
   * 401/403 and 5xx, for endpoints whose status depends on data or on features built elsewhere).
   */
  record Endpoint(String method, String path, String body, Set<String> allowed, boolean isPublic, int okStatus) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static Endpoint get(String path, Set<String> allowed, int ok) {
    return new Endpoint("GET", path, null, allowed, false, ok);
  }

  static Endpoint publicGet(String path, int ok) {
    return new Endpoint("GET", path, null, EVERYONE, true, ok);
  }

  static Endpoint post(String path, String body, Set<String> allowed, int ok) {
    return new Endpoint("POST", path, body, allowed, false, ok);
  }

  static Endpoint put(String path, String body, Set<String> allowed, int ok) {
    return new Endpoint("PUT", path, body, allowed, false, ok);
  }

  static Endpoint options(String path, Set<String> allowed, int ok) {
    return new Endpoint("OPTIONS", path, null, allowed, false, ok);
  }

  static Endpoint delete(String path, Set<String> allowed, int ok) {
    return new Endpoint("DELETE", path, null, allowed, false, ok);
  }

  /** THE list. One line per endpoint. */
  static final List<Endpoint> ENDPOINTS = List.of(
      get("/api/segments", EVERYONE, 200),
      get("/api/segments/1", EVERYONE, 200),
      get("/api/segments/1/history", EVERYONE, 200),
      post("/api/segments/1/status", "{}", COMMISSION, 400),
      get("/api/pillars", EVERYONE, 200),
      get("/api/pillars/1", EVERYONE, 200),
      get("/api/inspections", EVERYONE, 200),
      get("/api/inspections/1", EVERYONE, 200),
      post("/api/inspections", "{}", COMMISSION, 400),
      get("/api/progress", EVERYONE, 200),
      get("/api/progress/timeline", EVERYONE, 200),
      get("/api/progress/timeline?by=sector&from=2024-01&to=2024-12", EVERYONE, 200),
      get("/api/basemap/countries", EVERYONE, 200),
      get("/api/basemap/places", EVERYONE, 200),
      get("/api/basemap/mekong", EVERYONE, 200),
      get("/api/basemap/water", EVERYONE, 200),
      get("/api/disputed-areas", EVERYONE, 200),
      publicGet("/api/config", 200),
      // the map shell and the service worker (offline/ShellController), public like the static files
      publicGet("/", 200),
      publicGet("/index.html", 200),
      publicGet("/sw.js", 200),
      publicGet("/manifest.webmanifest", 200),
      publicGet("/api/i18n", 200),
      publicGet("/fonts/noto-20201225/NotoSansLao-Regular.ttf", 200),
      publicGet("/api/openapi.json", 200),
      publicGet("/api/openapi.json.yaml", 200),
      publicGet("/api/openapi.json/swagger-config", 200),
      publicGet("/api/docs", 302),
      publicGet("/api/docs/", 302),
      publicGet("/api/docs/index.html", 302),
      get("/api/me", EVERYONE, 200),
      get("/api/incidents?size=5", EVERYONE, 200),
      get("/api/incidents/grid?zoom=8", EVERYONE, 200),
      get("/api/incidents/monthly?from=2024-01&to=2024-12", EVERYONE, 200),
      get("/api/exchange/figures?year=2026", EVERYONE, 200),
      get("/api/exchange/figures.csv?from=2026-01&to=2026-06", EVERYONE, 200),
      get("/api/incidents/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      post("/api/incidents", "{}", PATROLLING, 400),
      post("/api/incidents/00000000-0000-7000-8000-000000000000/status", "{}", PLANNER, 0),
      post("/api/incidents/00000000-0000-7000-8000-000000000000/photos", "{}", PATROLLING, 415),
      get("/api/incidents/00000000-0000-7000-8000-000000000000/photos", EVERYONE, 404),
      get("/api/incidents/00000000-0000-7000-8000-000000000000/photos/1", EVERYONE, 404),
      get("/api/incidents/00000000-0000-7000-8000-000000000000/releases", EVERYONE, 404),
      get("/api/releases", EVERYONE, 200),
      get("/api/releases/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      post("/api/releases", "{}", PLANNER, 400),
      post("/api/releases/00000000-0000-7000-8000-000000000000/withdraw", "{\"reason\":\"x\"}", PLANNER, 404),
      post("/api/incidents/import", "{}", PLANNER, 0),
      get("/api/incidents/import/jobs/999999999", PLANNER, 404),
      get("/api/segments/hot", EVERYONE, 200),
      get("/api/network?bbox=105.9,13.85,106.0,13.95", EVERYONE, 200),
      post("/api/network/import", "{}", ADMIN, 400),
      get("/api/bases", EVERYONE, 200),
      get("/api/exports/segments?f=csv", EVERYONE, 200),
      get("/api/exports/pillars?f=kml", EVERYONE, 200),
      get("/api/exports/inspections?f=fgb", EVERYONE, 200),
      get("/api/exports/incidents?f=geojson&bbox=106,14,106.01,14.01", EVERYONE, 200),
      get("/api/exports/patrol-plans?f=gpkg", PATROLLING, 200),
      get("/api/bases/999999", EVERYONE, 404),
      post("/api/bases", "{}", PLANNER, 400),
      put("/api/bases/999999", "{}", PLANNER, 0),
      delete("/api/bases/999999", PLANNER, 404),
      post("/api/routes", "{}", PATROLLING, 400),
      get("/api/patrol-plans", PATROLLING, 200),
      get("/api/patrol-plans/999999", PATROLLING, 404),
      get("/api/patrol-plans/coverage?days=7", PATROLLING, 200),
      post("/api/patrol-plans", "{}", PLANNER, 0),
      post("/api/patrol-plans/999999/status", "{}", PATROLLING, 0),
      get("/api/hotspots?from=1990-01-01&to=1990-02-01", PLANNER, 200),
      get("/api/hotspots/clusters?from=1990-01-01&to=1990-02-01", PLANNER, 200),
      get("/api/hotspots/density?from=1990-01-01&to=1990-02-01", PLANNER, 200),
      get("/api/hotspots/emerging?from=1990-01-01&to=1990-07-01", PLANNER, 200),
      get("/api/hotspots/cell?cell=0_0&from=1990-01-01&to=1990-07-01", PLANNER, 404),
      get("/api/audit", COMMISSION, 200),
      get("/tiles/versions", EVERYONE, 200),
      get("/tiles/segments/6/50/29.mvt", EVERYONE, 200),
      get("/tiles/segments.json", EVERYONE, 200),
      get("/tiles/pillars/6/50/29.mvt", EVERYONE, 200),
      get("/tiles/pillars.json", EVERYONE, 200),
      get("/tiles/incidents/6/50/29.mvt", EVERYONE, 0),
      get("/tiles/incidents.json", EVERYONE, 200),
      get("/tiles/hot-segments/6/50/29.mvt", EVERYONE, 0),
      get("/tiles/hot-segments.json", EVERYONE, 200),
      get("/tiles/gistar/6/50/29.mvt?from=1990-01-01&to=1990-02-01", PLANNER, 0),
      get("/tiles/gistar.json?from=1990-01-01&to=1990-02-01", PLANNER, 200),
      get("/api/admin/users", ADMIN, 200),
      post("/api/admin/users", "{}", ADMIN, 400),
      post("/api/admin/users/999999/disable", "", ADMIN, 404),
      post("/api/admin/users/999999/password", "{}", ADMIN, 404),
      // organisations as data (docs/EXCHANGE.md "Organisations"): everyone reads, the joint body's ADMIN writes
      get("/api/organisations", EVERYONE, 200),
      post("/api/admin/organisations", "{}", ADMIN, 400),
      put("/api/admin/organisations/ZZNONE", "{}", ADMIN, 404),
      // OGC API - Features (docs/OGCAPI.md)
      get("/ogc", EVERYONE, 200),
      get("/ogc/", EVERYONE, 200),
      get("/ogc/conformance", EVERYONE, 200),
      get("/ogc/api", EVERYONE, 200),
      get("/ogc/collections", EVERYONE, 200),
      get("/ogc/collections/segments", EVERYONE, 200),
      get("/ogc/collections/incidents/items?limit=1", EVERYONE, 200),
      get("/ogc/collections/pillars/items/1", EVERYONE, 200),
      get("/ogc/collections/incidents/queryables", EVERYONE, 200),
      options("/ogc/collections/incidents/items", EVERYONE, 200),
      options("/ogc/collections/incidents/items/00000000-0000-7000-8000-000000000000", EVERYONE, 200),
      post("/ogc/collections/incidents/items", "{}", PATROLLING, 400),
      put("/ogc/collections/incidents/items/00000000-0000-7000-8000-000000000000", "{}", PLANNER, 400),
      delete("/ogc/collections/incidents/items/00000000-0000-7000-8000-000000000000", PATROLLING, 405),
      post("/ogc/collections/segments/items", "{}", Set.of(), 0),
      // liaison messages (docs/EXCHANGE.md): every reader their own organisation's, writers of the acting one
      get("/api/messages", EVERYONE, 200),
      get("/api/messages?box=sent&limit=5", EVERYONE, 200),
      get("/api/messages/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      get("/api/messages/threads/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      post("/api/messages", "{}", MESSAGE_WRITERS, 400),
      post("/api/messages/00000000-0000-7000-8000-000000000000/acknowledge", "{}", MESSAGE_WRITERS, 404),
      post("/api/messages/00000000-0000-7000-8000-000000000000/reply", "{}", MESSAGE_WRITERS, 404),
      post("/api/messages/00000000-0000-7000-8000-000000000000/close", "{}", MESSAGE_WRITERS, 404),
      get("/api/events", EVERYONE, 200), // a stream: only its status and type are read (streamCell)
      get("/api/tokens", EVERYONE, 200),
      put("/api/me/language", "{}", EVERYONE, 422),
      post("/api/tokens", "{}", EVERYONE, 400),
      delete("/api/tokens/999999", EVERYONE, 404),
      // joint cases (docs/EXCHANGE.md): reads for everyone (each sees its own organisation's cases)
      get("/api/cases", EVERYONE, 200),
      get("/api/cases/candidates?withinKm=1&hours=1", EVERYONE, 200),
      get("/api/cases/stats", EVERYONE, 200),
      get("/api/cases/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      post("/api/cases", "{}", CASE_WRITERS, 400),
      post("/api/cases/00000000-0000-7000-8000-000000000000/confirm", "{}", CASE_WRITERS, 404),
      post("/api/cases/00000000-0000-7000-8000-000000000000/reject", "{}", CASE_WRITERS, 404),
      post("/api/cases/00000000-0000-7000-8000-000000000000/close", "{\"reason\":\"x\"}", CASE_WRITERS, 404),
      post("/api/cases/00000000-0000-7000-8000-000000000000/incidents", "{}", CASE_WRITERS, 404),
      get("/api/admin/users/999999/tokens", ADMIN, 404),
      delete("/api/admin/users/999999/tokens/999999", ADMIN, 404),
      // meetings of the parties (issue 12, docs/EXCHANGE.md): planners and commission members write, all read theirs
      get("/api/meetings", EVERYONE, 200),
      post("/api/meetings", "{}", MEETING_WRITERS, 400),
      get("/api/meetings/00000000-0000-7000-8000-000000000000", EVERYONE, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/attendees", "{}", MEETING_WRITERS, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/agenda", "{}", MEETING_WRITERS, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/decisions", "{}", MEETING_WRITERS, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/actions", "{}", MEETING_WRITERS, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/held", "{}", MEETING_WRITERS, 404),
      put("/api/meetings/00000000-0000-7000-8000-000000000000/minutes", "{}", MEETING_WRITERS, 404),
      post("/api/meetings/00000000-0000-7000-8000-000000000000/minutes/sign", "{}", MEETING_WRITERS, 404),
      get("/api/meetings/00000000-0000-7000-8000-000000000000/minutes.pdf", EVERYONE, 404),
      get("/api/actions", EVERYONE, 200),
      post("/api/actions/00000000-0000-7000-8000-000000000000/done", "{}", MEETING_WRITERS, 404),
      post("/api/actions/00000000-0000-7000-8000-000000000000/cancel", "{}", MEETING_WRITERS, 404));

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      for (String user : USERS.keySet()) {
        cells.add(Arguments.of(e, user));
      }
      cells.add(Arguments.of(e, ANONYMOUS));
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void cell(Endpoint e, String user) {
    Client client = user.equals(ANONYMOUS) ? anonymous() : as(user);
    Response r = e.path().equals("/api/events") ? streamCell(user) : switch (e.method()) {
      case "GET" -> client.get(e.path());
      case "POST" -> client.post(e.path(), e.body());
      default -> client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(e.path())))
          .header("Content-Type", "application/json")
          .method(e.method(), e.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
              : java.net.http.HttpRequest.BodyPublishers.ofString(e.body())));
    };
    boolean allowed = user.equals(ANONYMOUS) ? e.isPublic() : e.allowed().contains(USERS.get(user));
    String body = r.body() == null ? "" : r.body();
    String what = e + " as " + user + " -> " + r.status() + " " + body.substring(0, Math.min(300, body.length()));
    if (allowed) {
      assertThat(r.status()).as(what).isNotIn(401, 403).isLessThan(500);
      if (e.okStatus() != 0) {
        assertThat(r.status()).as(what).isEqualTo(e.okStatus());
      }
    } else {
      assertThat(r.status()).as(what).isEqualTo(user.equals(ANONYMOUS) ? 401 : 403);
      assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    }
  }

  /**
   * The live stream never ends by itself: its status, type and (for a refusal) body are read, then the
   * connection is closed.
   */
  private Response streamCell(String user) {
    var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/events")))
        .header("Accept", "text/event-stream").timeout(java.time.Duration.ofSeconds(30)).GET();
    if (!user.equals(ANONYMOUS)) {
      basic(builder, user, DEMO_PASSWORD);
    }
    try {
      var r = java.net.http.HttpClient.newHttpClient().send(builder.build(),
          java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      String type = r.headers().firstValue("Content-Type").orElse("");
      String body;
      try (var in = r.body()) {
        body = r.statusCode() == 200 ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      if (r.statusCode() == 200) {
        assertThat(type).startsWith("text/event-stream");
      }
      return new Response(r.statusCode(), type, body, null);
    } catch (java.io.IOException ex) {
      throw new IllegalStateException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** Every handler under /api (method + path pattern) has a row in {@link #ENDPOINTS}. */
  @Test
  void everyApiEndpointIsInTheMatrix() {
    Set<String> inMatrix = new TreeSet<>();
    for (Endpoint e : ENDPOINTS) {
      inMatrix.add(e.method() + " " + e.path().replaceAll("\\?.*$", "").replaceAll("/([0-9]+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})(?=/|$)", "/{}")
          .replaceAll("^/api/exports/[a-z-]+$", "/api/exports/{}")); // a dataset name stands for {dataset}
      // /ogc: a collection id stands for {collectionId} too (the incidents' writes are literal paths)
      inMatrix.add(e.method() + " " + e.path().replaceAll("\\?.*$", "").replaceAll("/([0-9]+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})(?=/|$)", "/{}")
          .replaceAll("^/ogc/collections/[a-z-]+", "/ogc/collections/{}"));
      // an organisation code stands for {code}
      inMatrix.add(e.method() + " " + e.path().replaceAll("^/api/admin/organisations/[A-Z]{2,10}$",
          "/api/admin/organisations/{}"));
    }
    Set<String> missing = new TreeSet<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api") && !pattern.startsWith("/ogc")) {
          continue;
        }
        String norm = pattern.replaceAll("\\{[^}]+}", "{}");
        var methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
          missing.add("(any method) " + pattern);
        }
        for (var m : methods) {
          if (!inMatrix.contains(m.name() + " " + norm)) {
            missing.add(m.name() + " " + pattern);
          }
        }
      }
    }
    assertThat(missing).as("endpoints without a row in RoleMatrixIT.ENDPOINTS").isEmpty();
  }
}
