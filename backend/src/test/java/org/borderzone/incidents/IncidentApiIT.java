package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * POST/GET /api/incidents and status changes over HTTP (as today's single JBC user). Fixtures carry their own
 * {@code source} so counts never depend on what other tests stored.
 */
class IncidentApiIT extends IntegrationTest {

  static String feature(double lon, double lat, String props) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]},"
        + "\"properties\":{" + props + "}}";
  }

  static String props(String source) {
    return "\"type\":\"SMUGGLING\",\"severity\":3,\"occurredAt\":\"2026-03-01T10:00:00Z\",\"source\":\"" + source
        + "\",\"releasability\":\"SHARED\"";
  }

  private long countBySource(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  /**
   * A point 1 km from the midpoint of a border segment, perpendicular to it in UTM 48N, where the border is
   * straight enough that the brute-force distance to the whole line (every segment, geography) is 1000 m ± 2.
   * The API must agree with the brute force: same nearest segment, same distance (± 0.5 m), ≈ 1000 m (± 5),
   * and the side of the country polygon that covers the point.
   */
  @Test
  void createComputesNearestSegmentDistanceAndSideInTheDatabase() {
    Map<String, Object> known = jdbc.sql("""
        with c as (
          select id, st_lineinterpolatepoint(g, 0.5) m, st_startpoint(g) a, st_endpoint(g) b
          from (select id, st_transform(geom, 32648) g from border_segment where seq between 100 and 200) s
        ), p as (
          select id, st_transform(st_translate(m, -(st_y(b) - st_y(a)) / st_distance(a, b) * 1000,
                                                 (st_x(b) - st_x(a)) / st_distance(a, b) * 1000), 4326) pt
          from c
        ), d as (
          select p.id, p.pt, x.id as nearest, x.d
          from p cross join lateral (select s.id, st_distance(s.geom::geography, p.pt::geography) d
                                     from border_segment s order by 2 limit 1) x
        )
        select id, nearest, d, st_x(pt) lon, st_y(pt) lat,
               (select c.iso_a2 from country c where st_covers(c.geom, pt)) side
        from d where abs(d - 1000) < 2 order by abs(d - 1000), id limit 1
        """).query().singleRow();
    String source = "api-create-" + UUID.randomUUID();
    double lon = ((Number) known.get("lon")).doubleValue();
    double lat = ((Number) known.get("lat")).doubleValue();
    Response r = post("/api/incidents", feature(lon, lat, props(source)));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.contentType()).startsWith("application/geo+json");
    JsonNode f = r.json();
    String id = f.get("id").asString();
    assertThat(UUID.fromString(id).version()).isEqualTo(7);
    assertThat(r.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/api/incidents/" + id));
    JsonNode p = f.get("properties");
    assertThat(p.get("nearestSegmentId").asInt()).isEqualTo(((Number) known.get("nearest")).intValue());
    assertThat(p.get("distanceToBorderM").asDouble()).isCloseTo(1000.0, within(5.0))
        .isCloseTo(((Number) known.get("d")).doubleValue(), within(0.5));
    assertThat(known.get("side")).as("the test point lies inside one of the two countries").isNotNull();
    assertThat(p.get("side").asString()).isEqualTo(known.get("side"));
    assertThat(p.get("ownerOrg").asString()).isEqualTo("JBC");
    assertThat(p.get("status").asString()).isEqualTo("REPORTED");
    assertThat(p.get("version").asInt()).isZero();
    // Read back, and the audit event of the create.
    assertThat(get("/api/incidents/" + id).json().get("properties").get("source").asString()).isEqualTo(source);
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'incident' and entity_id = :id and action = 'CREATE'")
        .param("id", id).query(Long.class).single()).isEqualTo(1L);
  }

  /** A point inside the disputed area is flagged; one on the other side of the country line gets that side. */
  @Test
  void disputedAreaFlagAndSideFollowThePolygons() {
    Map<String, Object> inside = jdbc.sql("""
        select st_x(p) lon, st_y(p) lat, (select c.iso_a2 from country c where st_covers(c.geom, p)) side
        from (select st_pointonsurface(geom) p from disputed_area order by id limit 1) x
        """).query().singleRow();
    Response r = post("/api/incidents", feature(((Number) inside.get("lon")).doubleValue(),
        ((Number) inside.get("lat")).doubleValue(), props("api-disputed-" + UUID.randomUUID())));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("properties").get("inDisputedArea").asBoolean()).isTrue();
    // Stung Treng town (KH, ~13.53 N 105.97 E) and Pakse (LA, ~15.12 N 105.80 E) are deep inside their countries.
    JsonNode kh = post("/api/incidents", feature(105.97, 13.53, props("api-side"))).json().get("properties");
    JsonNode la = post("/api/incidents", feature(105.80, 15.12, props("api-side"))).json().get("properties");
    assertThat(kh.get("side").asString()).isEqualTo("KH");
    assertThat(la.get("side").asString()).isEqualTo("LA");
    assertThat(kh.get("inDisputedArea").asBoolean()).isFalse();
    // West of the western tri-point (Thailand, in neither country): the nearest country, the nearest segment.
    JsonNode th = post("/api/incidents", feature(105.05, 14.30, props("api-side"))).json().get("properties");
    Map<String, Object> truth = jdbc.sql("""
        select (select c.iso_a2 from country c order by st_distance(c.geom, p) limit 1) side,
               (select s.code from border_segment s order by st_distance(s.geom::geography, p::geography) limit 1) code,
               (select count(*) from country c where st_covers(c.geom, p)) covering
        from (select st_setsrid(st_makepoint(105.05, 14.30), 4326) p) x
        """).query().singleRow();
    assertThat(((Number) truth.get("covering")).intValue()).isZero();
    assertThat(th.get("side").asString()).isEqualTo(truth.get("side"));
    assertThat(th.get("nearestSegmentCode").asString()).isEqualTo(truth.get("code"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      NaN longitude       | 400 | geometry.coordinates[0] | {"type":"Feature","geometry":{"type":"Point","coordinates":["NaN",14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      swapped lat/lon     | 400 | geometry.coordinates    | {"type":"Feature","geometry":{"type":"Point","coordinates":[14.0,106.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      outside area        | 422 | geometry.coordinates    | {"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      latitude range      | 400 | geometry.coordinates[1] | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,95.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      severity 0          | 400 | properties.severity     | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":0,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      severity 6          | 400 | properties.severity     | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":6,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      severity as text    | 400 | properties.severity     | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":"3","occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      severity fraction   | 400 | properties.severity     | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":2.5,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      unknown type        | 400 | properties.type         | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"PIRACY","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      type not a string   | 400 | properties.type         | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":7,"severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      future time         | 422 | properties.occurredAt   | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2099-01-01T00:00:00Z","source":"@S"}}
      time not ISO        | 400 | properties.occurredAt   | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"01/02/2026","source":"@S"}}
      missing time        | 400 | properties.occurredAt   | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"source":"@S"}}
      missing geometry    | 400 | geometry                | {"type":"Feature","properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      polygon geometry    | 400 | geometry.type           | {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[106,14],[106.1,14],[106.1,14.1],[106,14]]]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      bad releasability   | 400 | properties.releasability| {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","releasability":"PUBLIC","source":"@S"}}
      other ownerOrg      | 422 | properties.ownerOrg     | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","ownerOrg":"LA","source":"@S"}}
      not a feature       | 400 | type                    | {"type":"FeatureCollection","geometry":{"type":"Point","coordinates":[106.0,14.0]},"properties":{"type":"SMUGGLING","severity":3,"occurredAt":"2026-01-01T00:00:00Z","source":"@S"}}
      properties missing  | 400 | properties              | {"type":"Feature","geometry":{"type":"Point","coordinates":[106.0,14.0]},"source":"@S"}
      malformed JSON      | 400 | body                    | {"type":"Feature","geometry":
      """)
  void badInputIsRefusedNamingTheFieldAndNothingIsStored(String name, int status, String field, String body) {
    String source = "api-bad-" + UUID.randomUUID();
    Response r = post("/api/incidents", body.replace("@S", source));
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("errors").findValuesAsString("field")).as(r.body()).contains(field);
    assertThat(countBySource(source)).isZero();
  }

  @Test
  void descriptionAndSourceLimitsAndHugeBodies() {
    String source = "api-long-" + UUID.randomUUID();
    String longText = "x".repeat(4001);
    Response r = post("/api/incidents", feature(106.0, 14.0, props(source) + ",\"description\":\"" + longText + "\""));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("field").asString()).isEqualTo("properties.description");
    Response ok = post("/api/incidents", feature(106.0, 14.0, props(source) + ",\"description\":\"" + "y".repeat(4000) + "\""));
    assertThat(ok.status()).isEqualTo(201);
    Response longSource = post("/api/incidents", feature(106.0, 14.0,
        "\"type\":\"OTHER\",\"severity\":1,\"occurredAt\":\"2026-01-01\",\"source\":\"" + "s".repeat(201) + "\""));
    assertThat(longSource.status()).isEqualTo(400);
    assertThat(longSource.json().get("field").asString()).isEqualTo("properties.source");
    // Over the 1 MiB JSON limit: 413 before anything is parsed.
    String huge = feature(106.0, 14.0, props(source) + ",\"description\":\"" + "z".repeat(1_100_000) + "\"");
    Response tooLarge = post("/api/incidents", huge);
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(countBySource(source)).isEqualTo(1);
  }

  @Test
  void ownerOrgInTheBodyEqualToTheCallersIsAcceptedAndReleasabilityDefaultsToNational() {
    String source = "api-owner-" + UUID.randomUUID();
    Response r = post("/api/incidents", feature(106.0, 14.0,
        "\"type\":\"UXO\",\"severity\":2,\"occurredAt\":\"2026-01-01T08:00:00+07:00\",\"ownerOrg\":\"JBC\",\"source\":\"" + source + "\""));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode p = r.json().get("properties");
    assertThat(p.get("ownerOrg").asString()).isEqualTo("JBC");
    assertThat(p.get("releasability").asString()).isEqualTo("NATIONAL");
    assertThat(p.get("occurredAt").asString()).startsWith("2026-01-01T01:00:00");
  }

  @Test
  void listFiltersByBboxTimeTypeStatusSeverityAndPagesWithTotals() {
    String source = "api-list-" + UUID.randomUUID();
    // 7 incidents: 5 inside a small box near 106.5/14.5, 2 outside it; various types, severities and times.
    String[][] rows = {
        {"106.51", "14.51", "SMUGGLING", "1", "2025-01-10T00:00:00Z"},
        {"106.52", "14.52", "SMUGGLING", "2", "2025-02-10T00:00:00Z"},
        {"106.53", "14.53", "DRUG_TRAFFICKING", "3", "2025-03-10T00:00:00Z"},
        {"106.54", "14.54", "UXO", "4", "2025-04-10T00:00:00Z"},
        {"106.55", "14.55", "SMUGGLING", "5", "2025-05-10T00:00:00Z"},
        {"105.50", "14.10", "SMUGGLING", "5", "2025-03-15T00:00:00Z"},
        {"107.20", "14.45", "UXO", "1", "2025-03-15T00:00:00Z"}};
    for (String[] r : rows) {
      Response c = post("/api/incidents", feature(Double.parseDouble(r[0]), Double.parseDouble(r[1]),
          "\"type\":\"" + r[2] + "\",\"severity\":" + r[3] + ",\"occurredAt\":\"" + r[4] + "\",\"source\":\"" + source
              + "\",\"releasability\":\"SHARED\""));
      assertThat(c.status()).as(c.body()).isEqualTo(201);
    }
    String base = "/api/incidents?source=" + source;
    assertThat(matched(base)).isEqualTo(7);
    assertThat(matched(base + "&bbox=106.5,14.5,106.6,14.6")).isEqualTo(5);
    assertThat(matched(base + "&from=2025-02-01&to=2025-04-01")).isEqualTo(4);
    assertThat(matched(base + "&type=SMUGGLING")).isEqualTo(4);
    assertThat(matched(base + "&type=uxo,drug_trafficking")).isEqualTo(3);
    assertThat(matched(base + "&severity=5")).isEqualTo(2);
    assertThat(matched(base + "&severity=1,2&bbox=106.5,14.5,106.6,14.6")).isEqualTo(2);
    assertThat(matched(base + "&minSeverity=4")).isEqualTo(3);
    assertThat(matched(base + "&status=REPORTED")).isEqualTo(7);
    assertThat(matched(base + "&status=CLOSED")).isZero();
    // Paging: 7 in pages of 3 → 3, 3, 1; newest first; links.
    JsonNode p0 = get(base + "&size=3&page=0").json();
    JsonNode p2 = get(base + "&size=3&page=2").json();
    assertThat(p0.get("numberMatched").asInt()).isEqualTo(7);
    assertThat(p0.get("numberReturned").asInt()).isEqualTo(3);
    assertThat(p0.get("features").size()).isEqualTo(3);
    assertThat(p0.get("features").get(0).get("properties").get("occurredAt").asString()).startsWith("2025-05-10");
    assertThat(p0.get("links").findValuesAsString("rel")).containsExactly("self", "next");
    assertThat(p2.get("numberReturned").asInt()).isEqualTo(1);
    assertThat(p2.get("features").size()).isEqualTo(1);
    assertThat(p2.get("links").findValuesAsString("rel")).containsExactly("self", "prev");
    JsonNode beyond = get(base + "&size=3&page=9").json();
    assertThat(beyond.get("numberReturned").asInt()).isZero();
    assertThat(beyond.get("features").size()).isZero();
  }

  @Test
  void gridAggregatesTheSameFilteredIncidentsPerCell() {
    String source = "api-grid-" + UUID.randomUUID();
    // 3 incidents in one 0.1-degree cell, 1 in another.
    double[][] pts = {{106.51, 14.51}, {106.52, 14.52}, {106.53, 14.53}, {106.71, 14.31}};
    for (double[] p : pts) {
      assertThat(post("/api/incidents", feature(p[0], p[1], props(source))).status()).isEqualTo(201);
    }
    JsonNode g = get("/api/incidents/grid?cellDeg=0.1&source=" + source).json();
    assertThat(g.get("numberMatched").asInt()).isEqualTo(4);
    assertThat(g.get("numberReturned").asInt()).isEqualTo(2);
    JsonNode top = g.get("features").get(0);
    assertThat(top.get("properties").get("count").asInt()).isEqualTo(3);
    assertThat(top.get("properties").get("dominantType").asString()).isEqualTo("SMUGGLING");
    assertThat(top.get("geometry").get("coordinates").get(0).asDouble()).isCloseTo(106.52, within(1e-6));
    assertThat(get("/api/incidents/grid?zoom=6&source=" + source).json().get("numberMatched").asInt()).isEqualTo(4);
    assertThat(get("/api/incidents/grid?zoom=30").status()).isEqualTo(400);
    assertThat(get("/api/incidents/grid?cellDeg=0").json().get("field").asString()).isEqualTo("cellDeg");
  }

  private int matched(String path) {
    Response r = get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("numberMatched").asInt();
  }

  @ParameterizedTest
  @CsvSource({"'bbox=1,2,3', bbox", "from=yesterday, from", "type=PIRACY, type", "status=OPEN, status",
      "severity=9, severity", "size=1001, size", "size=0, size", "page=-1, page", "from=2025-02-01&to=2025-01-01, from",
      "minSeverity=0, minSeverity", "page=abc, page"})
  void badQueryParametersAre400NamingTheParameter(String query, String field) {
    Response r = get("/api/incidents?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().get("field").asString()).isEqualTo(field);
  }

  @Test
  void unknownIncidentIs404AndANumberIsNoId() {
    assertThat(get("/api/incidents/" + UUID.randomUUID()).status()).isEqualTo(404);
    // the internal sequence is no way in: a number is not an incident id at all
    long internal = jdbc.sql("select max(id) from incident").query(Long.class).single();
    Response r = get("/api/incidents/" + internal);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("field").asString()).isEqualTo("id");
  }

  @Test
  void statusTransitionsFollowTheRulesWithOptimisticLockingAndAudit() {
    String source = "api-status-" + UUID.randomUUID();
    String id = post("/api/incidents", feature(106.2, 14.4, props(source))).json().get("id").asString();
    String path = "/api/incidents/" + id + "/status";
    // REPORTED → CLOSED is not allowed.
    Response illegal = post(path, "{\"status\":\"CLOSED\",\"version\":0}");
    assertThat(illegal.status()).isEqualTo(409);
    assertThat(illegal.json().get("field").asString()).isEqualTo("status");
    Response verified = post(path, "{\"status\":\"VERIFIED\",\"version\":0,\"reason\":\"patrol confirmed\"}");
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(verified.json().get("properties").get("status").asString()).isEqualTo("VERIFIED");
    assertThat(verified.json().get("properties").get("version").asInt()).isEqualTo(1);
    // Stale version.
    Response stale = post(path, "{\"status\":\"CLOSED\",\"version\":0}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("field").asString()).isEqualTo("version");
    assertThat(post(path, "{\"status\":\"CLOSED\",\"version\":1}").status()).isEqualTo(200);
    // CLOSED is final.
    assertThat(post(path, "{\"status\":\"DISMISSED\",\"version\":2}").status()).isEqualTo(409);
    assertThat(post(path, "{\"status\":\"LOST\",\"version\":2}").status()).isEqualTo(400);
    assertThat(post(path, "{\"status\":\"DISMISSED\"}").json().get("field").asString()).isEqualTo("version");
    assertThat(post("/api/incidents/" + UUID.randomUUID() + "/status", "{\"status\":\"VERIFIED\",\"version\":0}")
        .status()).isEqualTo(404);
    // Two audited changes with before and after.
    var audits = jdbc.sql("""
        select before->>'status' || '>' || (after->>'status') from audit_event
        where entity = 'incident' and entity_id = :id and action = 'STATUS_CHANGE' order by id
        """).param("id", id).query(String.class).list();
    assertThat(audits).containsExactly("REPORTED>VERIFIED", "VERIFIED>CLOSED");
    assertThat(jdbc.sql("select after->>'reason' from audit_event where entity = 'incident' and entity_id = :id "
        + "and action = 'STATUS_CHANGE' order by id limit 1").param("id", id)
        .query(String.class).single()).isEqualTo("patrol confirmed");
  }

  @Test
  void movingAnIncidentInSqlRecomputesItsLocation() {
    String id = post("/api/incidents", feature(106.0, 14.0, props("api-move"))).json().get("id").asString();
    jdbc.sql("update incident set geom = st_setsrid(st_makepoint(107.55, 14.69), 4326) where public_id = cast(:id as uuid)")
        .param("id", id).update();
    JsonNode p = get("/api/incidents/" + id).json().get("properties");
    assertThat(p.get("nearestSegmentCode").asString()).isEqualTo("KH-LA-561");
  }
}
