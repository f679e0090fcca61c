package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.borderzone.live.SseClient;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.borderzone.system.Actor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three parties (issue 12, item 5): with the third party VN present (IntegrationTest#ensureThirdParty), a VN user
 * sees the SHARED incidents of KH and LA and none of their NATIONAL ones by any main read path (the list, one
 * incident, OGC items, exports, vector tiles, the grid, hot segments, hot spots, the live stream), and cannot
 * sign off a KH–LA segment: VN is not a party of that border (OwnershipMatrixIT#thirdPartyCell covers the other
 * writes). The same LeakCheck as ReleasabilityLeakIT, with {@code vn-planner} in the outsider's seat; the KH
 * planner is the control that each path does show the planted incident. Everything happens in 1983.
 */
class ThreePartyIT extends IntegrationTest {

  private static final String FROM = "1983-01-01T00:00:00Z";
  private static final String TO = "1984-01-01T00:00:00Z";
  private static final String WINDOW = "from=" + FROM + "&to=" + TO;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** KH's planner is the owner (the control); LeakCheck's LA seat is taken by the third party. */
  private final LeakCheck.Fetch http = (actor, path) -> body(user(actor), path);

  private static String user(Actor actor) {
    return actor.orgCode().equals("KH") ? "kh-planner" : "vn-planner";
  }

  @BeforeEach
  void thirdParty() {
    ensureThirdParty();
  }

  /** The body as text; binary bodies (vector tiles) as ISO-8859-1, so that the ids they hold can be searched. */
  private String body(String user, String path) {
    try {
      HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + DEMO_PASSWORD)
              .getBytes(StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).as("%s as %s", path, user).isEqualTo(200);
      boolean binary = r.headers().firstValue("Content-Type").orElse("").contains("mapbox-vector-tile");
      return new String(r.body(), binary ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int[] tileOf(double lon, double lat, int z) {
    double n = 1L << z;
    int x = (int) Math.floor((lon + 180) / 360 * n);
    double r = Math.toRadians(lat);
    int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
    return new int[] {x, y};
  }

  private static double sum(String body, String property) {
    double s = 0;
    for (JsonNode f : JSON.readTree(body).path("features")) {
      s += f.path("properties").path(property).asDouble();
    }
    return s;
  }

  @Test
  void vnSeesSharedIncidentsAndNoNationalOneOfKhOrLaByAnyPath() throws Exception {
    // a spot ~300 m off the middle of a segment: in the border zone, so hot segments and hot spots count it
    double[] spot = jdbc.sql("""
        select st_x(m) + 0.003, st_y(m) from (select st_lineinterpolatepoint(geom, 0.5) m from border_segment
                                                order by seq offset 100 limit 1) s
        """).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    final double LON = spot[0];
    final double LAT = spot[1];
    long lastEvent = jdbc.sql("select coalesce(max(id), 0) from event").query(Long.class).single();
    LeakCheck.Planted khShared = LeakCheck.plant(jdbc, "KH", "SHARED", LON, LAT - 2e-4, "1983-05-10T08:00:00Z",
        "SMUGGLING");
    LeakCheck.Planted laShared = LeakCheck.plant(jdbc, "LA", "SHARED", LON, LAT - 4e-4, "1983-05-11T08:00:00Z",
        "SMUGGLING");
    Map<String, ToDoubleFunction<String>> aggregates = new LinkedHashMap<>();
    aggregates.put("/api/incidents?size=1&" + WINDOW, b -> JSON.readTree(b).path("numberMatched").asDouble());
    aggregates.put("/api/incidents/grid?zoom=6&" + WINDOW, b -> sum(b, "count"));
    aggregates.put("/api/segments/hot?limit=1000&" + WINDOW, b -> sum(b, "count"));
    aggregates.put("/api/hotspots?" + WINDOW, b -> JSON.readTree(b).path("metadata").path("incidents").asDouble());
    Map<String, double[]> before = new LinkedHashMap<>();
    aggregates.forEach((p, m) -> before.put(p, new double[] {m.applyAsDouble(body("kh-planner", p)),
        m.applyAsDouble(body("vn-planner", p))}));
    assertThat(before.get("/api/incidents?size=1&" + WINDOW)[1]).as("VN counts the SHARED ones").isGreaterThanOrEqualTo(2);

    List<LeakCheck.Planted> national = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      national.add(LeakCheck.plant(jdbc, "KH", "NATIONAL", LON + k * 2e-4, LAT, "1983-0" + (1 + k) + "-10T08:00:00Z",
          "SMUGGLING"));
    }
    LeakCheck.Planted laNational = LeakCheck.plant(jdbc, "LA", "NATIONAL", LON, LAT + 2e-4, "1983-04-10T08:00:00Z",
        "SMUGGLING");

    int[] t = tileOf(LON, LAT, 12);
    LeakCheck.Planted one = national.get(0);
    List<String> direct = List.of("/api/incidents?size=1000&" + WINDOW,
        "/ogc/collections/incidents/items?limit=1000&datetime=" + FROM + "/" + TO,
        "/api/exports/incidents?f=geojson&" + WINDOW,
        "/api/exports/incidents?f=csv&" + WINDOW);
    for (String path : direct) {
      LeakCheck.assertHiddenFromLa(http, path, one);
      String vn = body("vn-planner", path);
      assertThat(vn).as("VN sees the SHARED incidents of both countries on %s", path)
          .contains(khShared.marker()).contains(laShared.marker()).doesNotContain(laNational.marker());
    }
    // a vector tile holds ids, not texts: the id of the NATIONAL incident is there for KH only
    String tile = "/tiles/incidents/12/" + t[0] + "/" + t[1] + ".mvt?" + WINDOW;
    assertThat(body("kh-planner", tile)).contains(one.id().toString());
    assertThat(body("vn-planner", tile)).doesNotContain(one.id().toString()).doesNotContain(laNational.id().toString())
        .contains(khShared.id().toString());
    for (LeakCheck.Planted p : List.of(one, laNational)) {
      assertThat(as("vn-planner").get("/api/incidents/" + p.id()).status()).isEqualTo(404);
      Response ogc = as("vn-planner").get("/ogc/collections/incidents/items/" + p.id());
      assertThat(ogc.status()).isEqualTo(404);
      assertThat(ogc.body()).doesNotContain(p.marker());
    }
    assertThat(as("vn-planner").get("/api/incidents/" + khShared.id()).status()).isEqualTo(200);

    aggregates.forEach((p, m) -> {
      double kh = m.applyAsDouble(body("kh-planner", p));
      double vn = m.applyAsDouble(body("vn-planner", p));
      assertThat(kh).as("KH sees its NATIONAL incidents in %s", p).isNotEqualTo(before.get(p)[0]);
      assertThat(vn).as("VN's %s must not move with NATIONAL KH and LA incidents", p).isEqualTo(before.get(p)[1]);
    });

    // the live stream, replayed from before the planting: the SHARED ones reach VN, the NATIONAL ones never
    try (SseClient s = SseClient.open(url("/api/events?lastEventId=" + lastEvent), "vn-viewer", DEMO_PASSWORD);
        SseClient kh = SseClient.open(url("/api/events?lastEventId=" + lastEvent), "kh-viewer", DEMO_PASSWORD)) {
      assertThat(s.status()).isEqualTo(200);
      assertThat(kh.next(x -> one.id().toString().equals(x.json().path("entityId").asString()),
          Duration.ofSeconds(10))).as("KH replays its national incident").isNotNull();
      assertThat(s.next(x -> laShared.id().toString().equals(x.json().path("entityId").asString()),
          Duration.ofSeconds(10))).as("the SHARED LA incident reaches VN").isNotNull();
      assertThat(s.seen()).as("no event of a national incident, not even its id")
          .noneMatch(x -> x.data() != null && (x.data().contains(one.id().toString())
              || x.data().contains(laNational.id().toString())));
    }
  }

  @Test
  void vnIsNoPartyOfAKhLaSegment() {
    int id = jdbc.sql("select id from border_segment where status = 'SURVEYED' order by seq limit 1")
        .query(Integer.class).optional()
        .orElseGet(() -> jdbc.sql("select id from border_segment order by seq desc offset 40 limit 1")
            .query(Integer.class).single());
    JsonNode seg = as("vn-commission").get("/api/segments/" + id).json();
    assertThat(seg.path("properties").path("parties").toString()).isEqualTo("[\"KH\",\"LA\"]");
    long signoffs = jdbc.sql("select count(*) from segment_signoff").query(Long.class).single();
    for (String to : List.of("DEMARCATED", "RATIFIED", "SURVEYED")) {
      Response r = as("vn-commission").post("/api/segments/" + id + "/status",
          "{\"status\":\"" + to + "\",\"version\":" + seg.path("properties").path("version").asInt() + "}");
      assertThat(r.status()).as(r.body()).isEqualTo(403);
    }
    assertThat(jdbc.sql("select count(*) from segment_signoff").query(Long.class).single()).isEqualTo(signoffs);
    // and the schema says so too: a signature is given by one of the segment's two countries (V26)
    assertThatThrownBy(() -> jdbc.sql("insert into segment_signoff (segment_id, to_status, org_code, signed_by)"
        + " values (:s, 'RATIFIED', 'VN', 'vn-commission')").param("s", id).update())
        .hasMessageContaining("no party of segment");
  }
}
