package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 3, item 4: a NATIONAL KH incident never reaches an LA user by any path that exists, over HTTP as the
 * real demo users {@code kh-planner} and {@code la-planner}: the list, the single read (404), the low-zoom
 * grid, hot segments, Gi* hot spots, DBSCAN clusters, kernel density, emerging hot spots and automatic patrol
 * planning. Direct paths must not contain the planted marker; aggregates must not move for LA while they do
 * move for KH (so no check is vacuous). Everything happens in 1991, a window no other test uses.
 */
class ReleasabilityLeakIT extends IntegrationTest {

  private static final String FROM = "1991-01-01T00:00:00Z";
  private static final String TO = "1992-01-01T00:00:00Z";
  private static final String WINDOW = "from=" + FROM + "&to=" + TO;

  private final LeakCheck.Fetch http = (actor, path) -> as(user(actor)).get(path).body();

  private static String user(org.borderzone.system.Actor actor) {
    return actor.orgCode().equals("KH") ? "kh-planner" : "la-planner";
  }

  private double[] spotNearLaPost() {
    return jdbc.sql("""
        select st_x(pt), st_y(pt) from (
          select st_lineinterpolatepoint(e.geom, 0.5) pt,
                 st_distance(e.geom::geography, b.geom::geography) d
          from network_edge e, patrol_base b
          where b.name = 'LA post 05 (synthetic)' and e.side = 'LA' and e.kind = 'track') s
        where d between 2000 and 5000 order by d limit 1
        """).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
  }

  /** SHARED background over the whole border in 1991, so that LA's analyses have data of their own. */
  private void background() {
    List<double[]> mids = jdbc.sql("""
        select st_x(st_lineinterpolatepoint(geom, 0.5)), st_y(st_lineinterpolatepoint(geom, 0.5))
        from border_segment order by seq
        """).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
    Random rnd = new Random(1991);
    for (int k = 0; k < 150; k++) {
      double[] m = mids.get(rnd.nextInt(mids.size()));
      LeakCheck.plant(jdbc, k % 2 == 0 ? "KH" : "LA", "SHARED", m[0] + (rnd.nextDouble() - 0.5) * 0.05,
          m[1] + (rnd.nextDouble() - 0.5) * 0.05, "1991-0" + (1 + rnd.nextInt(6)) + "-15T10:00:00Z", "SMUGGLING");
    }
  }

  private static double sum(String body, String property) {
    double s = 0;
    for (JsonNode f : JSON.readTree(body).path("features")) {
      s += f.path("properties").path(property).asDouble();
    }
    return s;
  }

  private static ToDoubleFunction<String> meta(String field) {
    return body -> JSON.readTree(body).path("metadata").path(field).asDouble();
  }

  @Test
  void nationalKhIncidentsReachNoLaUserByAnyPath() {
    background();
    double[] spot = spotNearLaPost();
    int laPost = jdbc.sql("select id from patrol_base where name = 'LA post 05 (synthetic)'").query(Integer.class).single();
    String route = "{\"mode\":\"auto\",\"profile\":\"foot\",\"baseId\":" + laPost
        + ",\"budgetKm\":40,\"window\":{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"}}";

    Map<String, ToDoubleFunction<String>> aggregates = new LinkedHashMap<>();
    aggregates.put("/api/incidents?size=1&" + WINDOW, body -> JSON.readTree(body).path("numberMatched").asDouble());
    aggregates.put("/api/incidents/grid?zoom=6&" + WINDOW, body -> sum(body, "count"));
    aggregates.put("/api/segments/hot?limit=1000&" + WINDOW, body -> sum(body, "count"));
    aggregates.put("/api/hotspots?" + WINDOW, meta("incidents"));
    aggregates.put("/api/hotspots/clusters?epsM=800&minPoints=5&" + WINDOW, meta("incidents"));
    aggregates.put("/api/hotspots/density?" + WINDOW, meta("integral"));
    aggregates.put("/api/hotspots/emerging?from=1991-01-01T00:00:00Z&to=1991-07-01T00:00:00Z",
        body -> sum(body, "count"));

    Map<String, double[]> before = new LinkedHashMap<>();
    aggregates.forEach((path, metric) -> before.put(path, new double[] {
        metric.applyAsDouble(as("kh-planner").get(path).body()), metric.applyAsDouble(as("la-planner").get(path).body())}));
    String laRouteBefore = stops(as("la-planner").post("/api/routes", route));

    List<LeakCheck.Planted> planted = new ArrayList<>();
    for (int k = 0; k < 30; k++) {
      planted.add(LeakCheck.plantNationalKh(jdbc, spot[0] + (k % 6) * 2e-4, spot[1] + (k / 6) * 2e-4,
          "1991-0" + (1 + k % 6) + "-10T08:00:00Z", "SMUGGLING"));
    }

    // Direct paths: the marker shows for the owner and never for LA.
    LeakCheck.Planted one = planted.get(0);
    LeakCheck.assertHiddenFromLa(http, "/api/incidents?size=1000&" + WINDOW, one);
    LeakCheck.assertHiddenFromLa(http, "/api/incidents?size=1000&type=SMUGGLING&bbox="
        + (spot[0] - 0.05) + "," + (spot[1] - 0.05) + "," + (spot[0] + 0.05) + "," + (spot[1] + 0.05) + "&" + WINDOW, one);
    assertThat(as("kh-planner").get("/api/incidents/" + one.id()).status()).isEqualTo(200);
    Response laRead = as("la-planner").get("/api/incidents/" + one.id());
    assertThat(laRead.status()).isEqualTo(404);
    assertThat(laRead.body()).doesNotContain(one.marker());

    // Aggregates: LA's figures do not move, KH's do.
    aggregates.forEach((path, metric) -> {
      double kh = metric.applyAsDouble(as("kh-planner").get(path).body());
      double la = metric.applyAsDouble(as("la-planner").get(path).body());
      assertThat(kh).as("KH sees its NATIONAL incidents in %s", path).isNotEqualTo(before.get(path)[0]);
      assertThat(la).as("LA's %s must not move with NATIONAL KH incidents", path).isEqualTo(before.get(path)[1]);
    });

    // Route planning: LA's automatic patrol is the same plan as before, and goes nowhere near the KH cluster.
    Response laRoute = as("la-planner").post("/api/routes", route);
    assertThat(stops(laRoute)).isEqualTo(laRouteBefore);
    assertThat(laRoute.body()).doesNotContain(one.marker());
  }

  /** The ordered target cells of a route answer (or its problem), to compare two plans. */
  private static String stops(Response r) {
    if (r.status() != 200) {
      return r.status() + " " + JSON.readTree(r.body()).path("field").asString();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode f : r.json().path("features")) {
      if ("stop".equals(f.path("properties").path("kind").asString())) {
        sb.append(f.path("properties").path("ref").asString()).append(' ');
      }
    }
    return sb.toString();
  }

  /** The audit trail is a path too: the JBC administrator sees SHARED incident events, not NATIONAL KH ones. */
  @Test
  void auditTrailKeepsNationalIncidentsToTheirOwner() {
    String national = "LEAKCHECK-audit-national-" + System.nanoTime();
    String shared = "LEAKCHECK-audit-shared-" + System.nanoTime();
    for (String[] c : new String[][] {{national, "NATIONAL"}, {shared, "SHARED"}}) {
      String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.1,14.2]},"
          + "\"properties\":{\"type\":\"SMUGGLING\",\"severity\":2,\"occurredAt\":\"1991-03-01T00:00:00Z\","
          + "\"releasability\":\"" + c[1] + "\",\"description\":\"" + c[0] + "\"}}";
      assertThat(as("kh-planner").post("/api/incidents", body).status()).isEqualTo(201);
    }
    String audit = as("admin").get("/api/audit?entity=incident&size=500").body();
    assertThat(audit.contains(shared)).as("control: a SHARED incident's audit event is visible").isTrue();
    assertThat(audit.contains(national)).as("a NATIONAL KH incident's audit event reached the JBC").isFalse();
  }
}
