package org.borderzone.patrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.borderzone.patrol.graph.EdgeFilter;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Router;
import org.borderzone.patrol.graph.Side;
import org.borderzone.patrol.graph.TravelProfile;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Patrol routing on the demo network against the real PostGIS + pgRouting. */
class PatrolRoutingIT extends IntegrationTest {

  @Autowired
  GraphHolder graphs;

  @Autowired
  RouteService routes;

  private int baseId(String name) {
    return jdbc.sql("select id from patrol_base where name = :n").param("n", name).query(Integer.class).single();
  }

  private String pgrSql(String extraWhere, TravelProfile p) {
    return "select id, source, target, cost, cost as reverse_cost from (select id, source, target, " + p.sqlCost()
        + " as cost from network_edge where " + extraWhere + ") x where cost >= 0";
  }

  /** A patrol's {@code org} is a country of the organisation registry: an unknown code or the joint body is a 400. */
  @Test
  void aPatrolOrganisationMustBeACountryOfTheRegistry() {
    String body = """
        {"mode":"point-to-point","profile":"foot","start":[105.62,14.40],"end":[105.70,14.38],"org":"%s"}""";
    for (String org : List.of("XX", "JBC")) {
      Response r = as("admin").post("/api/routes", body.formatted(org));
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json().path("field").asString()).isEqualTo("org");
      assertThat(r.json().path("detail").asString()).contains("KH").contains("LA").doesNotContain("JBC,");
    }
  }

  /** The oracle: pgr_dijkstra (undirected, same costs) for 300 random pairs, per profile and for a national filter. */
  @Test
  void shortestPathsEqualPgrDijkstra() {
    Router r = graphs.awaitRebuild();
    RoadGraph g = r.graph();
    assertThat(g.edgeCount()).isGreaterThan(1000);
    record Case(EdgeFilter filter, String where, int pairs) {}
    List<Case> cases = List.of(
        new Case(EdgeFilter.joint(TravelProfile.FOOT), "true", 150),
        new Case(EdgeFilter.joint(TravelProfile.VEHICLE), "true", 100),
        new Case(EdgeFilter.national(TravelProfile.FOOT, Side.KH, 100),
            "side = 'KH' and border_distance_m >= 100 and not in_disputed", 100));
    Random rnd = new Random(42);
    int agree = 0;
    int total = 0;
    int reachable = 0;
    double maxRel = 0;
    for (Case c : cases) {
      String sql = pgrSql(c.where(), c.filter().profile());
      for (int k = 0; k < c.pairs(); k++) {
        int a = rnd.nextInt(g.nodeCount());
        int b = rnd.nextInt(g.nodeCount());
        double ours = r.nodeCost(a, b, c.filter());
        Double theirs = jdbc.sql("select max(agg_cost) from pgr_dijkstra(:sql, :a, :b, directed => false)")
            .param("sql", sql).param("a", g.nodeId(a)).param("b", g.nodeId(b)).query(Double.class).optional().orElse(null);
        if (a == b) {
          theirs = 0.0;
        }
        total++;
        if (theirs == null) {
          if (ours == Double.POSITIVE_INFINITY) {
            agree++;
          }
          continue;
        }
        reachable++;
        double rel = Math.abs(ours - theirs) / Math.max(1e-9, theirs);
        maxRel = Math.max(maxRel, theirs == 0 ? Math.abs(ours) : rel);
        if (theirs == 0 ? ours == 0 : rel <= 1e-6) {
          agree++;
        }
        // A* and plain Dijkstra agree as well.
        assertThat(r.nodeCostDijkstra(a, b, c.filter())).isCloseTo(ours, org.assertj.core.data.Offset.offset(1e-6 * (1 + ours)));
      }
    }
    System.out.printf("oracle: %d/%d pairs agree with pgr_dijkstra (%d reachable), max relative difference %.2e%n",
        agree, total, reachable, maxRel);
    assertThat(agree).isEqualTo(total);
    assertThat(reachable).isGreaterThan(total / 4);
  }

  /** National routes use only their own side's edges, keep the setback and never cross the line. */
  @Test
  void nationalRoutesStayOnTheirSide() {
    Router r = graphs.awaitRebuild();
    RoadGraph g = r.graph();
    Random rnd = new Random(7);
    EdgeFilter kh = EdgeFilter.national(TravelProfile.FOOT, Side.KH, 100);
    int checked = 0;
    for (int k = 0; k < 400 && checked < 40; k++) {
      int e1 = rnd.nextInt(g.edgeCount());
      int e2 = rnd.nextInt(g.edgeCount());
      if (!kh.allows(g, e1) || !kh.allows(g, e2)) {
        continue;
      }
      RoadGraph.Snap a = new RoadGraph.Snap(e1, 0.5, 0, 0, 0);
      RoadGraph.Snap b = new RoadGraph.Snap(e2, 0.25, 0, 0, 0);
      Router.Path p = r.route(a, b, kh);
      if (p == null) {
        continue;
      }
      checked++;
      for (Router.Piece piece : p.pieces()) {
        assertThat(g.edgeSide(piece.edge())).isEqualTo(Side.KH);
      }
      String wkt = lineWkt(p.coordinates(g));
      Boolean crosses = jdbc.sql("select st_intersects(st_geomfromtext(:w, 4326), geom) from border_line")
          .param("w", wkt).query(Boolean.class).single();
      assertThat(crosses).as("route %d touches the border line", k).isFalse();
      double dist = jdbc.sql("select st_distance(st_transform(st_geomfromtext(:w, 4326), 32648), st_transform(geom, 32648))"
          + " from border_line").param("w", wkt).query(Double.class).single();
      assertThat(dist).isGreaterThanOrEqualTo(99.0);
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
  }

  private static String lineWkt(List<double[]> cs) {
    StringBuilder sb = new StringBuilder("LINESTRING(");
    for (int i = 0; i < cs.size(); i++) {
      sb.append(i > 0 ? "," : "").append(cs.get(i)[0]).append(' ').append(cs.get(i)[1]);
    }
    if (cs.size() == 1) {
      sb.append(',').append(cs.get(0)[0]).append(' ').append(cs.get(0)[1]);
    }
    return sb.append(')').toString();
  }

  @Test
  void jointPatrolCrossesAtTheCheckpointNationalCannot() {
    int kh = baseId("Trapeang Kriel international checkpoint");
    String end = "[105.9509, 13.9365]"; // Nong Nok Khiene, on the Lao side
    Response joint = post("/api/routes", "{\"mode\":\"point-to-point\",\"profile\":\"foot\",\"baseId\":" + kh
        + ",\"end\":" + end + ",\"joint\":true}");
    assertThat(joint.status()).as(joint.body()).isEqualTo(200);
    JsonNode line = joint.json().get("features").get(0).get("geometry");
    Boolean crosses = jdbc.sql("select st_crosses(st_geomfromgeojson(:g), geom) from border_line")
        .param("g", line.toString()).query(Boolean.class).single();
    assertThat(crosses).isTrue();
    assertThat(joint.json().get("lengthM").asDouble()).isBetween(500.0, 3000.0);
    // It crosses only on a checkpoint crossing (road or ferry of side BOTH): every point where the route meets the
    // border line lies on such an edge.
    Integer offCheckpoint = jdbc.sql("""
        select count(*) from (select (st_dump(st_intersection(st_geomfromgeojson(:g), l.geom))).geom as p
                              from border_line l) x
        where not exists (select 1 from network_edge e where e.side = 'BOTH' and e.kind in ('road', 'ferry')
                          and st_dwithin(e.geom::geography, x.p::geography, 1))
        """).param("g", line.toString()).query(Integer.class).single();
    assertThat(offCheckpoint).isZero();
    // The meeting point: a stop with role "meeting" on the border line, at the crossing, naming the checkpoint base
    // nearest to it, between the start and the end in distance and time.
    JsonNode meeting = null;
    for (JsonNode f : joint.json().get("features")) {
      if (f.get("properties").path("role").asString("").equals("meeting")) {
        assertThat(meeting).as("one meeting point").isNull();
        meeting = f;
      }
    }
    assertThat(meeting).as(joint.body()).isNotNull();
    JsonNode mp = meeting.get("properties");
    assertThat(mp.get("order").asInt()).isEqualTo(1);
    assertThat(mp.get("ref").asString()).startsWith("checkpoint:");
    int checkpoint = Integer.parseInt(mp.get("ref").asString().substring("checkpoint:".length()));
    assertThat(jdbc.sql("select kind from patrol_base where id = :id").param("id", checkpoint).query(String.class).single())
        .isEqualTo("CHECKPOINT");
    double toLine = jdbc.sql("select st_distance(st_geomfromgeojson(:g)::geography, geom::geography) from border_line")
        .param("g", meeting.get("geometry").toString()).query(Double.class).single();
    assertThat(toLine).isLessThan(1.0);
    assertThat(mp.get("distanceM").asDouble()).isGreaterThan(0).isLessThan(joint.json().get("lengthM").asDouble());
    assertThat(mp.get("etaS").asLong()).isGreaterThan(0).isLessThan(joint.json().get("durationS").asLong());
    // ...and in GPX as a waypoint of type meeting.
    Response gpx = send(HttpRequest.newBuilder(URI.create(url("/api/routes")))
        .header("Content-Type", "application/json").header("Accept", RouteOutput.GPX_MEDIA)
        .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"point-to-point\",\"profile\":\"foot\",\"baseId\":" + kh
            + ",\"end\":" + end + ",\"joint\":true}")));
    assertThat(gpx.status()).as(gpx.body()).isEqualTo(200);
    assertThat(gpx.body()).containsPattern("(?s)<wpt [^>]*>(?:(?!</wpt>).)*<type>meeting</type>");

    Response national = post("/api/routes", "{\"mode\":\"point-to-point\",\"profile\":\"foot\",\"baseId\":" + kh
        + ",\"end\":[105.99, 14.05]}");
    assertThat(national.status()).as(national.body()).isEqualTo(422);
    assertThat(national.json().get("field").asString()).isEqualTo("end");
  }

  @Test
  void loopOrdersStopsAndUnreachableStopsAreNamed() {
    int post = baseId("KH post 05 (synthetic)");
    double[] p = jdbc.sql("select st_x(geom), st_y(geom) from patrol_base where id = :id").param("id", post)
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    // Three stops on the KH network near the post (points of KH edges 2–6 km away).
    List<double[]> stops = jdbc.sql("""
        select st_x(pt), st_y(pt) from (
          select st_lineinterpolatepoint(geom, 0.5) pt, st_distance(geom::geography, st_setsrid(st_makepoint(:x, :y), 4326)::geography) d
          from network_edge where side = 'KH' and kind = 'track') s
        where d between 2000 and 6000 order by d limit 3
        """).param("x", p[0]).param("y", p[1]).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
    assertThat(stops).hasSize(3);
    String stopsJson = stops.stream().map(s -> "[" + s[0] + "," + s[1] + "]").toList().toString();
    Response ok = post("/api/routes", "{\"mode\":\"loop\",\"profile\":\"foot\",\"baseId\":" + post + ",\"stops\":"
        + stopsJson + "}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    JsonNode fc = ok.json();
    double len = fc.get("lengthM").asDouble();
    assertThat(len).isGreaterThan(4000);
    List<JsonNode> stopFeatures = new ArrayList<>();
    fc.get("features").forEach(f -> {
      if (f.get("properties").get("kind").asString().equals("stop")) {
        stopFeatures.add(f);
      }
    });
    assertThat(stopFeatures).hasSize(5); // base, 3 stops, base
    assertThat(stopFeatures.get(4).get("properties").get("distanceM").asDouble()).isCloseTo(len,
        org.assertj.core.data.Offset.offset(1.0));
    assertThat(stopFeatures.get(4).get("properties").get("etaS").asDouble()).isGreaterThan(len / (5 / 3.6) - 1);

    Response tight = post("/api/routes", "{\"mode\":\"loop\",\"baseId\":" + post + ",\"stops\":" + stopsJson
        + ",\"budgetKm\":1}");
    assertThat(tight.status()).isEqualTo(422);
    assertThat(tight.json().get("field").asString()).isEqualTo("budgetKm");

    // stops[1] deep in Laos: no KH edge near it.
    String bad = "[[" + stops.get(0)[0] + "," + stops.get(0)[1] + "],[106.05, 14.15]]";
    Response unreachable = post("/api/routes", "{\"mode\":\"loop\",\"baseId\":" + post + ",\"stops\":" + bad + "}");
    assertThat(unreachable.status()).isEqualTo(422);
    assertThat(unreachable.json().get("field").asString()).isEqualTo("stops[1]");
  }

  @Test
  void badInputsNameTheField() {
    assertField(post("/api/routes", "{\"profile\":\"foot\"}"), 400, "mode");
    assertField(post("/api/routes", "{\"mode\":\"fly\"}"), 400, "mode");
    assertField(post("/api/routes", "{\"mode\":\"loop\",\"profile\":\"bike\",\"baseId\":1,\"stops\":[[106,14]]}"), 400,
        "profile");
    assertField(post("/api/routes", "{\"mode\":\"loop\",\"baseId\":1,\"stops\":[[106,14],[\"NaN\",14]]}"), 400,
        "stops[1][0]");
    assertField(post("/api/routes", "{\"mode\":\"point-to-point\",\"start\":[14.0,106.0],\"end\":[106,14]}"), 400,
        "start");
    assertField(post("/api/routes", "{\"mode\":\"auto\",\"baseId\":1}"), 400, "budgetKm");
    assertField(post("/api/routes", "{\"mode\":\"auto\",\"baseId\":1,\"budgetKm\":-3}"), 400, "budgetKm");
    assertField(post("/api/routes", "{\"mode\":\"teams\",\"baseId\":1,\"budgetKm\":10,\"teams\":99}"), 400, "teams");
    assertField(post("/api/routes", "{\"mode\":\"auto\",\"baseId\":99999,\"budgetKm\":10}"), 422, "baseId");
    assertField(post("/api/routes", "{\"mode\":\"auto\",\"baseId\":1,\"budgetKm\":10,\"window\":{\"from\":\"2026-02-01\",\"to\":\"2026-01-01\"}}"),
        400, "window.from");
  }

  private static void assertField(Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asString()).isEqualTo(field);
  }

  private void incidents(double lon, double lat, int n, String owner, String releasability) {
    for (int i = 0; i < n; i++) {
      jdbc.sql("""
          insert into incident (occurred_at, geom, type, severity, owner_org, releasability, created_by, source)
          values (now() - interval '2 days', st_setsrid(st_makepoint(:lon, :lat), 4326), 'SMUGGLING', 3, :o, :r,
                  'patrol-test', 'patrol-test')
          """).param("lon", lon + i * 1e-4).param("lat", lat).param("o", owner).param("r", releasability).update();
    }
  }

  /** An LA automatic plan targets the shared cluster and never the KH national one; the budget holds. */
  @Test
  void autoPatrolRespectsReleasabilityAndBudget() throws Exception {
    int laPost = baseId("LA post 05 (synthetic)");
    double[] p = jdbc.sql("select st_x(geom), st_y(geom) from patrol_base where id = :id").param("id", laPost)
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    // Two LA-side points on the LA network 2–5 km from the post: one gets KH NATIONAL incidents, one SHARED.
    // Dense enough to be Gi* hot spots at 95 % after FDR over the whole zone (the auto mode's targets).
    List<double[]> spots = jdbc.sql("""
        select st_x(pt), st_y(pt) from (
          select st_lineinterpolatepoint(geom, 0.5) pt, st_distance(geom::geography, st_setsrid(st_makepoint(:x, :y), 4326)::geography) d
          from network_edge where side = 'LA' and kind = 'track' and border_distance_m > 500) s
        where d between 2000 and 5000 order by d
        """).param("x", p[0]).param("y", p[1]).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
    double[] secret = spots.get(0);
    double[] shared = spots.stream().filter(s -> RoadGraph.haversine(s[0], s[1], secret[0], secret[1]) > 3000)
        .findFirst().orElseThrow();
    double[] shared2 = spots.stream().filter(s -> RoadGraph.haversine(s[0], s[1], secret[0], secret[1]) > 3000
        && RoadGraph.haversine(s[0], s[1], shared[0], shared[1]) > 3000).findFirst().orElseThrow();
    try {
      incidents(secret[0], secret[1], 40, "KH", "NATIONAL");
      incidents(shared[0], shared[1], 25, "LA", "SHARED");
      incidents(shared2[0], shared2[1], 20, "KH", "SHARED");
      RouteRequest req = RouteRequest.parse(org.borderzone.system.JsonBody.read("{\"mode\":\"auto\",\"profile\":\"foot\",\"baseId\":" + laPost
          + ",\"budgetKm\":30}", RouteRequest.Body.class), 25);
      RoutePlan plan = routes.plan(req, new Actor("la-x", Organisation.of("LA"), Role.PATROL));
      assertThat(plan.routes()).hasSize(1);
      RoutePlan.TeamRoute route = plan.routes().get(0);
      assertThat(route.lengthM()).isLessThanOrEqualTo(30_000);
      List<RoutePlan.Stop> cells = route.stops().stream().filter(s -> s.role().equals("cell")).toList();
      assertThat(cells).isNotEmpty();
      assertThat(cells).anySatisfy(s -> assertThat(RoadGraph.haversine(s.lon(), s.lat(), shared[0], shared[1])).isLessThan(1500));
      for (RoutePlan.Stop s : route.stops()) {
        assertThat(RoadGraph.haversine(s.lon(), s.lat(), secret[0], secret[1])).isGreaterThan(1000);
      }
      for (RoutePlan.Skipped s : plan.skipped()) {
        assertThat(RoadGraph.haversine(s.lon(), s.lat(), secret[0], secret[1])).isGreaterThan(1000);
      }
      // The same data seen by a KH user planning from the LA side is refused (not their organisation).
      try {
        routes.plan(req, new Actor("kh-x", Organisation.of("KH"), Role.PATROL));
        throw new AssertionError("a KH user planned an LA national patrol");
      } catch (ApiException e) {
        assertThat(e.errors().get(0).field()).isEqualTo("baseId");
      }
      // Too small a budget names budgetKm.
      RouteRequest tiny = RouteRequest.parse(org.borderzone.system.JsonBody.read("{\"mode\":\"auto\",\"baseId\":" + laPost
          + ",\"budgetKm\":0.5}", RouteRequest.Body.class), 25);
      try {
        routes.plan(tiny, new Actor("la-x", Organisation.of("LA"), Role.PATROL));
        throw new AssertionError("no 422");
      } catch (ApiException e) {
        assertThat(e.errors().get(0).field()).isEqualTo("budgetKm");
      }
      // Two teams from the post: no cell twice, each within budget.
      RoutePlan teams = routes.plan(RouteRequest.parse(org.borderzone.system.JsonBody.read("{\"mode\":\"teams\",\"baseId\":" + laPost
          + ",\"teams\":2,\"budgetKm\":20}", RouteRequest.Body.class), 25), new Actor("la-x", Organisation.of("LA"), Role.PATROL));
      List<String> seen = new ArrayList<>();
      for (RoutePlan.TeamRoute t : teams.routes()) {
        assertThat(t.lengthM()).isLessThanOrEqualTo(20_000);
        t.stops().stream().filter(s -> s.role().equals("cell")).forEach(s -> {
          assertThat(seen).doesNotContain(s.ref());
          seen.add(s.ref());
          // Gi* marks a dense cluster's neighbours hot too: every target lies around one of the two visible
          // clusters, none around the KH national one.
          double toShared = Math.min(RoadGraph.haversine(s.lon(), s.lat(), shared[0], shared[1]),
              RoadGraph.haversine(s.lon(), s.lat(), shared2[0], shared2[1]));
          assertThat(toShared).isLessThan(3500);
          assertThat(RoadGraph.haversine(s.lon(), s.lat(), secret[0], secret[1])).isGreaterThan(1000);
        });
      }
      assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
    } finally {
      jdbc.sql("delete from incident where source = 'patrol-test'").update();
    }
  }

  @Test
  void gpxValidatesAgainstTheGpx11Schema() throws Exception {
    int kh = baseId("Trapeang Kriel international checkpoint");
    Response r = send(HttpRequest.newBuilder(URI.create(url("/api/routes")))
        .header("Content-Type", "application/json").header("Accept", "application/gpx+xml")
        .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"point-to-point\",\"baseId\":" + kh
            + ",\"end\":[105.9509, 13.9365],\"joint\":true,\"name\":\"Crossing <test> & check\"}")));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/gpx+xml");
    var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(getClass().getResource("/xsd/gpx-1.1.xsd"));
    schema.newValidator().validate(new StreamSource(new StringReader(r.body())));
    assertThat(r.body()).contains("<trkseg>").contains("<wpt ").contains("Crossing &lt;test&gt; &amp; check");
  }

  @Test
  void plansAreSavedListedAndClosed() {
    int kh = baseId("Trapeang Kriel international checkpoint");
    Response route = post("/api/routes", "{\"mode\":\"point-to-point\",\"baseId\":" + kh
        + ",\"end\":[105.9509, 13.9365],\"joint\":true}");
    assertThat(route.status()).isEqualTo(200);
    Response saved = post("/api/patrol-plans", "{\"name\":\"Joint crossing walk\",\"route\":" + route.body() + "}");
    assertThat(saved.status()).as(saved.body()).isEqualTo(201);
    long id = saved.json().get("id").asLong();
    assertThat(saved.json().get("properties").get("joint").asBoolean()).isTrue();
    assertThat(saved.json().get("geometry").get("type").asString()).isEqualTo("MultiLineString");
    Response list = get("/api/patrol-plans");
    assertThat(list.body()).contains("Joint crossing walk");
    Response done = post("/api/patrol-plans/" + id + "/status", "{\"status\":\"DONE\"}");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().get("properties").get("status").asString()).isEqualTo("DONE");
    Response again = post("/api/patrol-plans/" + id + "/status", "{\"status\":\"CANCELLED\"}");
    assertThat(again.status()).isEqualTo(409);
    assertField(post("/api/patrol-plans", "{\"name\":\"x\",\"route\":{\"type\":\"Point\"}}"), 400, "route");
    Response cov = get("/api/patrol-plans/coverage?days=7");
    assertThat(cov.status()).isEqualTo(200);
    assertThat(cov.json().get("type").asString()).isEqualTo("FeatureCollection");
    assertField(get("/api/patrol-plans/coverage?days=0"), 400, "days");
  }

  @Test
  void basesAreValidatedAndAudited() {
    // A KH base is KH's national data: its planner keeps it (the JBC admin may not, see OwnershipMatrixIT).
    Client kh = as("kh-planner");
    long audits = jdbc.sql("select count(*) from audit_event where entity = 'patrol_base'").query(Long.class).single();
    Response wrongSide = kh.post("/api/bases", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.05,14.15]},"
        + "\"properties\":{\"name\":\"Test\",\"kind\":\"POST\",\"orgCode\":\"KH\"}}");
    assertField(wrongSide, 422, "geometry");
    assertField(kh.post("/api/bases", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.9,13.8]},"
        + "\"properties\":{\"name\":\"Test\",\"kind\":\"FORT\",\"orgCode\":\"KH\"}}"), 400, "properties.kind");
    Response ok = kh.post("/api/bases", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.9,13.8]},"
        + "\"properties\":{\"name\":\"Test post\",\"kind\":\"POST\",\"orgCode\":\"KH\"}}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(ok.json().get("properties").get("side").asString()).isEqualTo("KH");
    int id = ok.json().get("id").asInt();
    String put = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[105.91,13.8]},"
        + "\"properties\":{\"name\":\"Test post 2\",\"kind\":\"POST\",\"orgCode\":\"KH\",\"version\":%d}}";
    Response updated = kh.send(HttpRequest.newBuilder(URI.create(url("/api/bases/" + id)))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(put.formatted(0))));
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    Response stale = kh.send(HttpRequest.newBuilder(URI.create(url("/api/bases/" + id)))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(put.formatted(0))));
    assertThat(stale.status()).isEqualTo(409);
    Response deleted = kh.send(HttpRequest.newBuilder(URI.create(url("/api/bases/" + id))).DELETE());
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'patrol_base'").query(Long.class).single())
        .isEqualTo(audits + 3);
  }

  /** Import: noding at intersections and snapping, sides, all-or-nothing; the demo network is restored after. */
  @Test
  void networkImportNodesClassifiesAndIsAllOrNothing() {
    owner().sql("drop table if exists patrol_test_edges").update();
    owner().sql("create table patrol_test_edges as select * from network_edge").update();
    long before = jdbc.sql("select count(*) from network_edge").query(Long.class).single();
    try {
      // Bad feature 1: nothing stored.
      Response bad = post("/api/network/import", """
          {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"kind":"track"},"geometry":{"type":"LineString","coordinates":[[105.90,13.85],[105.92,13.85]]}},
            {"type":"Feature","properties":{"kind":"highway"},"geometry":{"type":"LineString","coordinates":[[105.90,13.85],[105.92,13.86]]}}]}
          """);
      assertField(bad, 400, "features[1].properties.kind");
      assertThat(jdbc.sql("select count(*) from network_edge").query(Long.class).single()).isEqualTo(before);
      /*
       *      (105.91,13.87)
       *            |  trail                a cross: the track is split where the trail crosses it;
       *  ----------+----------  track      the road ends 2 m short of the track's east end (snapped);
       *            |                        the crossing road over the border line is BOTH.
       *      (105.91,13.83)
       */
      Response ok = post("/api/network/import?snapM=5", """
          {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"kind":"track","name":"T"},"geometry":{"type":"LineString","coordinates":[[105.90,13.85],[105.92,13.85]]}},
            {"type":"Feature","properties":{"kind":"trail"},"geometry":{"type":"LineString","coordinates":[[105.91,13.83],[105.91,13.87]]}},
            {"type":"Feature","properties":{"kind":"road"},"geometry":{"type":"LineString","coordinates":[[105.92002,13.85],[105.93,13.84]]}},
            {"type":"Feature","properties":{"kind":"road"},"geometry":{"type":"LineString","coordinates":[[105.9500,13.9290],[105.9509,13.9365]]}}]}
          """);
      assertThat(ok.status()).as(ok.body()).isEqualTo(201);
      assertThat(ok.json().get("edges").asInt()).isEqualTo(6);
      assertThat(jdbc.sql("select count(*) from network_edge where kind = 'track'").query(Long.class).single()).isEqualTo(2);
      // The trail and the track share the crossing vertex; the road starts at the track's end vertex.
      assertThat(jdbc.sql("""
          select count(distinct v) from (select source v from network_edge union all select target from network_edge) x
          """).query(Long.class).single()).isEqualTo(8);
      assertThat(jdbc.sql("select side from network_edge where st_x(st_startpoint(geom)) between 105.949 and 105.952")
          .query(String.class).single()).isEqualTo("BOTH");
      assertThat(jdbc.sql("select count(*) from network_edge where side = 'KH'").query(Long.class).single()).isEqualTo(5);
      Router r = graphs.awaitRebuild();
      assertThat(r.graph().edgeCount()).isEqualTo(6);
    } finally {
      graphs.awaitRebuild();
      jdbc.sql("delete from network_edge").update();
      jdbc.sql("insert into network_edge select * from patrol_test_edges").update();
      owner().sql("drop table patrol_test_edges").update();
      graphs.rebuildNow();
    }
  }
}
