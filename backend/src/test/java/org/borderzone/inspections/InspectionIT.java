package org.borderzone.inspections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/inspections} on the real database. Works on its own segments (20–26 places from the eastern
 * end, brought to a known status through the API) and its own pillars (created by {@link Fixtures}); offsets
 * are checked against geodesic distances computed here from the WGS 84 ellipsoid.
 */
class InspectionIT extends IntegrationTest {

  /** WGS 84 semi-major axis (m) and first eccentricity squared. */
  static final double A = 6_378_137.0;
  static final double F = 1 / 298.257223563;
  static final double E2 = F * (2 - F);

  /** Length (m) of the meridian arc between latitudes {@code lat1} and {@code lat2} (degrees), Simpson's rule. */
  static double meridianArc(double lat1, double lat2) {
    int n = 1000;
    double p1 = Math.toRadians(lat1);
    double h = (Math.toRadians(lat2) - p1) / n;
    Function<Double, Double> m = p -> A * (1 - E2) / Math.pow(1 - E2 * Math.sin(p) * Math.sin(p), 1.5);
    double sum = m.apply(p1) + m.apply(p1 + n * h);
    for (int i = 1; i < n; i++) {
      sum += (i % 2 == 1 ? 4 : 2) * m.apply(p1 + i * h);
    }
    return Math.abs(sum * h / 3);
  }

  /**
   * Length (m) of {@code dLon} degrees along the parallel at {@code lat}: N(φ)·cos φ·Δλ. Over 100 m the geodesic
   * is shorter than the parallel arc by far less than a millimetre.
   */
  static double parallelArc(double lat, double dLon) {
    double p = Math.toRadians(lat);
    double n = A / Math.sqrt(1 - E2 * Math.sin(p) * Math.sin(p));
    return n * Math.cos(p) * Math.toRadians(Math.abs(dLon));
  }

  @Test
  void theGeodesicFormulasOfThisTestGiveTheTextbookFigures() {
    // 0.001° of latitude at 14° N is 110.6 m; 0.001° of longitude there is 108.0 m.
    assertEquals(110.64, meridianArc(14.0, 14.001), 0.01);
    assertEquals(108.03, parallelArc(14.0, 0.001), 0.01);
    // One degree of latitude at the equator: 110 574 m.
    assertEquals(110_574.3, meridianArc(-0.5, 0.5), 0.5);
  }

  private int s1;
  private int s2;
  private int s3;

  @BeforeEach
  void segments() {
    s1 = Fixtures.segmentFromEast(jdbc, 21);
    s2 = Fixtures.segmentFromEast(jdbc, 20);
    s3 = Fixtures.segmentFromEast(jdbc, 22);
  }

  // ------------------------------------------------------------------ helpers

  private String status(int segment) {
    return jdbc.sql("select status from border_segment where id = :id").param("id", segment)
        .query(String.class).single();
  }

  private int version(int segment) {
    return jdbc.sql("select version from border_segment where id = :id").param("id", segment)
        .query(Integer.class).single();
  }

  private void setStatus(int segment, String to) {
    Response r = post("/api/segments/" + segment + "/status",
        "{\"status\":\"" + to + "\",\"reason\":\"test setup\",\"version\":" + version(segment) + "}");
    assertEquals(200, r.status(), r.body());
  }

  /** Brings a segment to {@code target} through the API (via DISPUTED, legal from and to anywhere). */
  private void bringTo(int segment, String target) {
    if (status(segment).equals(target)) {
      return;
    }
    if (!status(segment).equals("DISPUTED")) {
      setStatus(segment, "DISPUTED");
    }
    if (!target.equals("DISPUTED")) {
      setStatus(segment, target);
    }
  }

  private String pillarStatus(int id) {
    return jdbc.sql("select status from pillar where id = :id").param("id", id).query(String.class).single();
  }

  private static Map<String, Object> finding(int pillarId, String condition, Object measured) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("pillarId", pillarId);
    f.put("condition", condition);
    if (measured != null) {
      f.put("measured", measured);
    }
    return f;
  }

  private static Map<String, Object> inspection(String date, List<Integer> segmentIds, String segmentStatus,
      List<Map<String, Object>> findings) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("inspectedOn", date);
    b.put("organisations", List.of("KH", "LA"));
    b.put("segmentIds", segmentIds);
    b.put("outcome", "ISSUES_FOUND");
    b.put("minutesRef", "JBC/2024/M-17");
    b.put("notes", "joint field visit");
    if (segmentStatus != null) {
      b.put("segmentStatus", segmentStatus);
    }
    b.put("findings", findings);
    return b;
  }

  private Response postInspection(Object body) {
    return post("/api/inspections", body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  private static JsonNode findingOf(JsonNode inspection, int pillarId) {
    for (JsonNode f : inspection.get("findings")) {
      if (f.get("pillarId").asInt() == pillarId) {
        return f;
      }
    }
    throw new AssertionError("no finding for pillar " + pillarId + " in " + inspection);
  }

  /** Everything an inspection may write, as one comparable text. */
  private String snapshot() {
    return jdbc.sql("""
        select json_build_object(
          'inspection', (select count(*) from inspection),
          'inspection_segment', (select count(*) from inspection_segment),
          'inspection_finding', (select count(*) from inspection_finding),
          'segment_status_change', (select count(*) from segment_status_change),
          'pillar_status_change', (select count(*) from pillar_status_change),
          'audit_event', (select count(*) from audit_event),
          'segments', (select json_agg(json_build_object('id', id, 'status', status, 'version', version)
                                       order by id) from border_segment),
          'pillars', (select json_agg(json_build_object('id', id, 'status', status, 'since', status_since,
                                      'inspected', last_inspected_at, 'version', version) order by id) from pillar)
        )::text
        """).query(String.class).single();
  }

  // ------------------------------------------------------------------ recording

  @Test
  void recordsAnInspectionWithFindingsOffsetsAndStatusChanges() {
    bringTo(s1, "PENDING");
    bringTo(s2, "PENDING");
    int planned = Fixtures.pillar(jdbc, s1, 0.2, "PLANNED");
    int placed = Fixtures.pillar(jdbc, s1, 0.4, "PLACED");
    int displaced = Fixtures.pillar(jdbc, s1, 0.6, "VERIFIED");
    int missing = Fixtures.pillar(jdbc, s2, 0.3, "PLACED");
    int damaged = Fixtures.pillar(jdbc, s2, 0.5, "VERIFIED");
    int plannedMissing = Fixtures.pillar(jdbc, s2, 0.7, "PLANNED");
    double[] pPlaced = Fixtures.lonLat(jdbc, placed);
    double[] pDisplaced = Fixtures.lonLat(jdbc, displaced);
    double[] pDamaged = Fixtures.lonLat(jdbc, damaged);
    long auditBefore = Fixtures.count(jdbc, "audit_event");

    Response r = postInspection(inspection("2024-05-14", List.of(s2, s1), "SURVEYED", List.of(
        finding(planned, "GOOD", null),
        finding(placed, "good", List.of(pPlaced[0], pPlaced[1])),
        finding(displaced, "DISPLACED", List.of(pDisplaced[0], pDisplaced[1] + 0.001)),
        finding(missing, "MISSING", null),
        finding(damaged, "DAMAGED", List.of(pDamaged[0] + 0.001, pDamaged[1])),
        finding(plannedMissing, "MISSING", null))));

    assertEquals(201, r.status(), r.body());
    JsonNode body = r.json();
    long id = body.get("id").asLong();
    assertEquals("/api/inspections/" + id,
        r.raw().headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", "")).orElse(""));
    assertEquals("2024-05-14", body.get("inspectedOn").asString());
    assertEquals(List.of("KH", "LA"), JSON.convertValue(body.get("organisations"), List.class));
    assertEquals("ISSUES_FOUND", body.get("outcome").asString());
    assertEquals("JBC/2024/M-17", body.get("minutesRef").asString());
    assertEquals(DEFAULT_USER, body.get("recordedBy").asString());
    assertEquals("JBC", body.get("recordedOrg").asString());
    assertNotNull(body.get("recordedAt"));
    // Segments in order along the border (s1 lies west of s2), with their codes.
    assertEquals(List.of(s1, s2), JSON.convertValue(body.get("segmentIds"), List.class));
    List<String> codes = jdbc.sql("select code from border_segment where id in (:a, :b) order by seq")
        .param("a", s1).param("b", s2).query(String.class).list();
    assertEquals(codes, JSON.convertValue(body.get("segmentCodes"), List.class));
    assertEquals(6, body.get("findings").size());

    // Offsets: geodesic, from the agreed position, against the ellipsoid formulas of this test.
    assertEquals(0.0, findingOf(body, placed).get("offsetM").asDouble(), 0.01);
    double north = meridianArc(pDisplaced[1], pDisplaced[1] + 0.001);
    assertEquals(110.6, north, 0.1); // the border here is near 14° N
    assertEquals(north, findingOf(body, displaced).get("offsetM").asDouble(), 0.5);
    assertEquals(parallelArc(pDamaged[1], 0.001), findingOf(body, damaged).get("offsetM").asDouble(), 0.5);
    assertTrue(findingOf(body, planned).get("offsetM").isNull());
    assertEquals("DISPLACED", findingOf(body, displaced).get("condition").asString());
    assertEquals(pDisplaced[1] + 0.001, findingOf(body, displaced).get("measured").get(1).asDouble(), 1e-7);
    assertTrue(findingOf(body, planned).get("pillarNumber").asString().startsWith("P-9"));

    // Pillar statuses follow the conditions.
    assertEquals("PLACED", pillarStatus(planned));
    assertEquals("VERIFIED", pillarStatus(placed));
    assertEquals("DAMAGED", pillarStatus(displaced));
    assertEquals("MISSING", pillarStatus(missing));
    assertEquals("DAMAGED", pillarStatus(damaged));
    assertEquals("PLANNED", pillarStatus(plannedMissing));
    OffsetDateTime noon = OffsetDateTime.of(2024, 5, 14, 12, 0, 0, 0, ZoneOffset.ofHours(7));
    for (int p : List.of(planned, placed, displaced, missing, damaged, plannedMissing)) {
      OffsetDateTime at = jdbc.sql("select last_inspected_at from pillar where id = :id").param("id", p)
          .query(OffsetDateTime.class).single();
      assertTrue(noon.isEqual(at), p + " inspected at " + at);
    }
    assertEquals(5L, jdbc.sql("select count(*) from pillar_status_change where inspection_id = :id")
        .param("id", id).query(Long.class).single());
    assertEquals("GOOD:PLANNED>PLACED", jdbc.sql("""
        select reason || ':' || from_status || '>' || to_status from pillar_status_change
        where inspection_id = :id and pillar_id = :p
        """).param("id", id).param("p", planned).query(String.class).single());

    // Both segments moved to SURVEYED, linked to the inspection.
    assertEquals("SURVEYED", status(s1));
    assertEquals("SURVEYED", status(s2));
    assertEquals(List.of("PENDING>SURVEYED", "PENDING>SURVEYED"), jdbc.sql("""
        select from_status || '>' || to_status from segment_status_change where inspection_id = :id order by id
        """).param("id", id).query(String.class).list());

    // Audit: the inspection, two segments, six pillars (five status changes and one inspected-only).
    assertEquals(auditBefore + 1 + 2 + 6, Fixtures.count(jdbc, "audit_event"));
    assertEquals(1L, jdbc.sql("""
        select count(*) from audit_event where entity = 'inspection' and entity_id = :id and action = 'CREATE'
        """).param("id", String.valueOf(id)).query(Long.class).single());

    // Reads give back the same document; the pillars API shows the new status.
    Response one = get("/api/inspections/" + id);
    assertEquals(200, one.status(), one.body());
    assertEquals(body, one.json());
    JsonNode pillar = get("/api/pillars/" + planned).json().get("properties");
    assertEquals("PLACED", pillar.get("status").asString());
    assertFalse(pillar.get("lastInspectedAt").isNull());
  }

  @Test
  void aBackDatedInspectionDoesNotOverrideANewerOne() {
    int p = Fixtures.pillar(jdbc, s3, 0.5, "PLACED");
    Response newer = postInspection(inspection("2024-06-01", List.of(s3), null, List.of(finding(p, "GOOD", null))));
    assertEquals(201, newer.status(), newer.body());
    Response older = postInspection(inspection("2024-01-01", List.of(s3), null,
        List.of(finding(p, "DAMAGED", null))));
    assertEquals(201, older.status(), older.body());
    assertEquals("DAMAGED", findingOf(older.json(), p).get("condition").asString());
    assertEquals("VERIFIED", pillarStatus(p));
    OffsetDateTime at = jdbc.sql("select last_inspected_at from pillar where id = :id").param("id", p)
        .query(OffsetDateTime.class).single();
    assertTrue(OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.ofHours(7)).isEqual(at), at.toString());
  }

  // ------------------------------------------------------------------ all or nothing

  /** A request whose second finding is bad in one way; the first finding and the segment change are fine. */
  record Bad(String name, int status, String field, Function<InspectionIT, Object> body) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Object withSecondFinding(Object badFinding) {
    int good = Fixtures.pillar(jdbc, s1, 0.25, "PLACED");
    List<Map<String, Object>> findings = new ArrayList<>();
    findings.add(finding(good, "GOOD", null));
    @SuppressWarnings("unchecked")
    Map<String, Object> bad = (Map<String, Object>) badFinding;
    findings.add(bad);
    return inspection("2024-05-20", List.of(s1, s2), "SURVEYED", findings);
  }

  private double[] pillarAt(int segment) {
    return Fixtures.lonLat(jdbc, Fixtures.pillar(jdbc, segment, 0.75, "VERIFIED"));
  }

  private int lastPillar() {
    return jdbc.sql("select max(id) from pillar").query(Integer.class).single();
  }

  static Stream<Bad> badRequests() {
    return Stream.of(
        new Bad("unknown pillar", 422, "findings[1].pillarId",
            t -> t.withSecondFinding(finding(t.lastPillar() + 1000, "GOOD", null))),
        new Bad("NaN coordinate (as the string JSON allows)", 400, "findings[1].measured[1]", t -> {
          double[] p = t.pillarAt(t.s2);
          return t.withSecondFinding(finding(t.lastPillar(), "DISPLACED", List.of(p[0], "NaN")));
        }),
        new Bad("swapped lat/lon", 400, "findings[1].measured", t -> {
          double[] p = t.pillarAt(t.s2);
          return t.withSecondFinding(finding(t.lastPillar(), "DISPLACED", List.of(p[1], p[0])));
        }),
        new Bad("pillar not on the covered segments", 422, "findings[1].pillarId", t -> {
          t.pillarAt(t.s3);
          return t.withSecondFinding(finding(t.lastPillar(), "GOOD", null));
        }),
        new Bad("offset over 500 m", 422, "findings[1].measured", t -> {
          double[] p = t.pillarAt(t.s2);
          return t.withSecondFinding(finding(t.lastPillar(), "DISPLACED", List.of(p[0], p[1] + 0.005)));
        }),
        new Bad("illegal segment transition", 409, "segmentStatus", t -> {
          Map<String, Object> b = new LinkedHashMap<>(inspection("2024-05-20", List.of(t.s1, t.s2), "RATIFIED",
              List.of(finding(Fixtures.pillar(t.jdbc, t.s1, 0.25, "PLACED"), "GOOD", null))));
          return b;
        }),
        new Bad("NaN token (not JSON)", 400, null, t -> {
          int p = Fixtures.pillar(t.jdbc, t.s1, 0.25, "PLACED");
          return "{\"inspectedOn\":\"2024-05-20\",\"organisations\":[\"KH\"],\"segmentIds\":[" + t.s1
              + "],\"outcome\":\"SATISFACTORY\",\"findings\":[{\"pillarId\":" + p
              + ",\"condition\":\"DISPLACED\",\"measured\":[106.5,NaN]}]}";
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void oneBadPartStoresNothing(Bad bad) {
    bringTo(s1, "PENDING");
    bringTo(s2, "PENDING");
    Object body = bad.body().apply(this);
    String before = snapshot();

    Response r = postInspection(body);

    assertEquals(bad.status(), r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    if (bad.field() != null) {
      assertEquals(bad.field(), r.json().get("field").asString(), r.body());
    }
    assertEquals(before, snapshot());
    assertEquals("PENDING", status(s1));
    assertEquals("PENDING", status(s2));
  }

  @Test
  void anIllegalTransitionNamesTheSegment() {
    bringTo(s1, "PENDING");
    bringTo(s2, "SURVEYED");
    String code = jdbc.sql("select code from border_segment where id = :id").param("id", s1)
        .query(String.class).single();
    // SURVEYED → DEMARCATED is legal for s2 but PENDING → DEMARCATED is not for s1.
    Response r = postInspection(inspection("2024-05-21", List.of(s2, s1), "DEMARCATED", List.of()));
    assertEquals(409, r.status(), r.body());
    assertEquals("segmentStatus", r.json().get("field").asString());
    assertTrue(r.json().get("detail").asString().contains(code), r.body());
    assertEquals("SURVEYED", status(s2));
  }

  static Stream<Arguments> malformed() {
    String today = LocalDate.now(ZoneOffset.ofHours(14)).plusDays(2).toString();
    return Stream.of(
        Arguments.of("no inspectedOn", "\"inspectedOn\":null", 400, "inspectedOn"),
        Arguments.of("impossible date", "\"inspectedOn\":\"2024-02-30\"", 400, "inspectedOn"),
        Arguments.of("date in the future", "\"inspectedOn\":\"" + today + "\"", 400, "inspectedOn"),
        Arguments.of("no organisations", "\"organisations\":[]", 400, "organisations"),
        Arguments.of("unknown organisation", "\"organisations\":[\"KH\",\"TH\"]", 400, "organisations[1]"),
        Arguments.of("duplicate organisation", "\"organisations\":[\"LA\",\"la\"]", 400, "organisations[1]"),
        // more entries than there are organisations (a number that is data: the test database has VN and more)
        Arguments.of("more organisations than exist", "\"organisations\":["
            + String.join(",", java.util.Collections.nCopies(1000, "\"KH\"")) + "]", 400, "organisations"),
        Arguments.of("no segments", "\"segmentIds\":[]", 400, "segmentIds"),
        Arguments.of("unknown segment", "\"segmentIds\":[S1,999999]", 422, "segmentIds[1]"),
        Arguments.of("duplicate segment", "\"segmentIds\":[S1,S1]", 400, "segmentIds[1]"),
        Arguments.of("segment id as text", "\"segmentIds\":[S1,\"x\"]", 400, "segmentIds[1]"),
        Arguments.of("fractional segment id", "\"segmentIds\":[1.5]", 400, "segmentIds[0]"),
        Arguments.of("unknown outcome", "\"outcome\":\"GREAT\"", 400, "outcome"),
        Arguments.of("minutes reference too long", "\"minutesRef\":\"" + "m".repeat(201) + "\"", 400,
            "minutesRef"),
        Arguments.of("unknown segment status", "\"segmentStatus\":\"DONE\"", 400, "segmentStatus"),
        Arguments.of("findings not a list", "\"findings\":{}", 400, "findings"),
        Arguments.of("duplicate pillar", "\"findings\":[{\"pillarId\":P,\"condition\":\"GOOD\"},"
            + "{\"pillarId\":P,\"condition\":\"DAMAGED\"}]", 400, "findings[1].pillarId"),
        Arguments.of("unknown condition", "\"findings\":[{\"pillarId\":P,\"condition\":\"BROKEN\"}]", 400,
            "findings[0].condition"),
        Arguments.of("latitude out of range",
            "\"findings\":[{\"pillarId\":P,\"condition\":\"DISPLACED\",\"measured\":[106.5,95]}]", 400,
            "findings[0].measured[1]"),
        Arguments.of("measured position of a missing pillar",
            "\"findings\":[{\"pillarId\":P,\"condition\":\"MISSING\",\"measured\":[106.5,14.2]}]", 400,
            "findings[0].measured"),
        Arguments.of("too many findings", "\"findings\":[" + "{},".repeat(500) + "{}]", 400, "findings"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedRequestsNameTheField(String name, String override, int status, String field) {
    int p = Fixtures.pillar(jdbc, s1, 0.1, "PLACED");
    String o = override.replace("S1", String.valueOf(s1)).replace("P,", p + ",");
    String key = o.substring(1, o.indexOf('"', 1));
    Map<String, Object> base = inspection("2024-05-22", List.of(s1), null, List.of(finding(p, "GOOD", null)));
    base.remove(key);
    String json = JSON.writeValueAsString(base);
    json = json.substring(0, json.length() - 1) + "," + o + "}";
    String before = snapshot();

    Response r = postInspection(json);

    assertEquals(status, r.status(), r.body());
    assertEquals(field, r.json().get("field").asString(), r.body());
    assertEquals(before, snapshot());
  }

  @Test
  void malformedJsonAndWrongBodies() {
    String before = snapshot();
    assertEquals(400, postInspection("{\"inspectedOn\": ").status());
    Response r = postInspection("[1, 2]");
    assertEquals(400, r.status(), r.body());
    assertEquals("body", r.json().get("field").asString());
    assertEquals(415, post("/api/inspections", "text/plain", "hello").status());
    assertEquals(before, snapshot());
  }

  // ------------------------------------------------------------------ reading

  @Test
  void listFiltersBySegmentAndDateNewestFirst() {
    int a = Fixtures.segmentFromEast(jdbc, 25);
    int b = Fixtures.segmentFromEast(jdbc, 26);
    String window = "&from=2001-01-01&to=2001-12-31";
    long baseA = get("/api/inspections?segmentId=" + a + window).json().get("total").asLong();
    long baseFeb = get("/api/inspections?from=2001-02-10&to=2001-02-10").json().get("total").asLong();
    List<Long> ids = new ArrayList<>();
    for (Object[] i : new Object[][] {{"2001-01-10", List.of(a)}, {"2001-02-10", List.of(a, b)},
        {"2001-03-10", List.of(b)}, {"2001-04-10", List.of(a)}}) {
      @SuppressWarnings("unchecked")
      Response r = postInspection(inspection((String) i[0], (List<Integer>) i[1], null, List.of()));
      assertEquals(201, r.status(), r.body());
      ids.add(r.json().get("id").asLong());
    }

    JsonNode page = get("/api/inspections?segmentId=" + a + window).json();
    assertEquals(baseA + 3, page.get("total").asLong());
    assertEquals(0, page.get("page").asInt());
    assertEquals(50, page.get("size").asInt());
    List<Long> listed = new ArrayList<>();
    String previous = "9999-12-31";
    for (JsonNode item : page.get("items")) {
      listed.add(item.get("id").asLong());
      assertTrue(item.get("inspectedOn").asString().compareTo(previous) <= 0, "newest first: " + page);
      previous = item.get("inspectedOn").asString();
      assertTrue(JSON.convertValue(item.get("segmentIds"), List.class).contains(a));
    }
    assertEquals(List.of(ids.get(3), ids.get(1), ids.get(0)),
        listed.stream().filter(ids::contains).toList());
    assertFalse(listed.contains(ids.get(2)));

    JsonNode feb = get("/api/inspections?from=2001-02-10&to=2001-02-10").json();
    assertEquals(baseFeb + 1, feb.get("total").asLong());
    JsonNode only = get("/api/inspections?segmentId=" + b + "&from=2001-03-01&to=2001-03-31").json();
    assertTrue(only.get("total").asLong() >= 1);
    assertTrue(only.get("items").findValues("id").stream().map(JsonNode::asLong).toList().contains(ids.get(2)));

    JsonNode second = get("/api/inspections?segmentId=" + a + window + "&size=2&page=1").json();
    assertEquals(baseA + 3, second.get("total").asLong());
    assertEquals(Math.min(2, baseA + 3 - 2), second.get("items").size());
    assertEquals(2, second.get("size").asInt());
    assertEquals(1, second.get("page").asInt());
  }

  @Test
  void badListParametersAre400NamingThem() {
    Map<String, String> cases = Map.of(
        "?from=2001-02-01&to=2001-01-01", "from",
        "?from=2001-13-01", "from",
        "?to=yesterday", "to",
        "?size=501", "size",
        "?size=0", "size",
        "?page=-1", "page",
        "?segmentId=abc", "segmentId");
    cases.forEach((query, field) -> {
      Response r = get("/api/inspections" + query);
      assertEquals(400, r.status(), query + " " + r.body());
      assertEquals(field, r.json().get("field").asString(), query);
    });
    assertEquals(200, get("/api/inspections?size=500").status());
  }

  @Test
  void unknownInspectionIs404() {
    long unknown = jdbc.sql("select coalesce(max(id), 0) + 1000 from inspection").query(Long.class).single();
    Response r = get("/api/inspections/" + unknown);
    assertEquals(404, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(400, get("/api/inspections/abc").status());
  }
}
