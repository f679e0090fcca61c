package org.borderzone.pillars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.ApiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/pillars} on the real database, with pillars created on the 31st segment from the eastern end. */
class PillarIT extends IntegrationTest {

  private int segment;
  private int planned;
  private int damaged;

  @BeforeEach
  void pillars() {
    segment = Fixtures.segmentFromEast(jdbc, 30);
    planned = Fixtures.pillar(jdbc, segment, 0.25, "PLANNED");
    damaged = Fixtures.pillar(jdbc, segment, 0.75, "DAMAGED");
  }

  private static List<Integer> ids(JsonNode collection) {
    List<Integer> out = new ArrayList<>();
    collection.get("features").forEach(f -> out.add(f.get("id").asInt()));
    return out;
  }

  @Test
  void listsPillarsOfASegmentAsGeoJsonPoints() {
    Response r = get("/api/pillars?segmentId=" + segment);
    assertEquals(200, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/geo+json"), r.contentType());
    JsonNode fc = r.json();
    assertEquals("FeatureCollection", fc.get("type").asString());
    assertTrue(ids(fc).containsAll(List.of(planned, damaged)), fc.toString());
    String code = jdbc.sql("select code from border_segment where id = :id").param("id", segment)
        .query(String.class).single();
    for (JsonNode f : fc.get("features")) {
      assertEquals(segment, f.get("properties").get("segmentId").asInt());
      assertEquals(code, f.get("properties").get("segmentCode").asString());
      assertEquals("Point", f.get("geometry").get("type").asString());
    }
    assertEquals(fc.get("features").size(), fc.get("numberReturned").asInt());

    JsonNode f = get("/api/pillars/" + planned).json();
    assertEquals("Feature", f.get("type").asString());
    double[] ll = Fixtures.lonLat(jdbc, planned);
    assertEquals(ll[0], f.get("geometry").get("coordinates").get(0).asDouble(), 1e-7);
    assertEquals(ll[1], f.get("geometry").get("coordinates").get(1).asDouble(), 1e-7);
    JsonNode p = f.get("properties");
    assertEquals(planned, p.get("id").asInt());
    assertTrue(p.get("number").asString().matches("P-9[0-9]+"), p.toString());
    assertEquals("PLANNED", p.get("status").asString());
    assertFalse(p.get("statusSince").isNull());
    assertTrue(p.get("lastInspectedAt").isNull());
    // The pillar lies on its segment's line (within a centimetre).
    double d = jdbc.sql("""
        select st_distance(p.geom::geography, s.geom::geography) from pillar p join border_segment s
        on s.id = p.segment_id where p.id = :id""").param("id", planned).query(Double.class).single();
    assertTrue(d < 0.01, "distance " + d);
  }

  @Test
  void filtersByStatusAndBox() {
    JsonNode fc = get("/api/pillars?segmentId=" + segment + "&status=damaged").json();
    assertTrue(ids(fc).contains(damaged));
    assertFalse(ids(fc).contains(planned));
    fc.get("features").forEach(f -> assertEquals("DAMAGED", f.get("properties").get("status").asString()));

    double[] ll = Fixtures.lonLat(jdbc, planned);
    String box = String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", ll[0] - 1e-4, ll[1] - 1e-4, ll[0] + 1e-4,
        ll[1] + 1e-4);
    List<Integer> inBox = ids(get("/api/pillars?bbox=" + box).json());
    assertTrue(inBox.contains(planned), inBox.toString());
    assertFalse(inBox.contains(damaged), inBox.toString());
    // A box in the Gulf of Thailand holds no pillar.
    assertEquals(0, get("/api/pillars?bbox=102.0,10.0,102.1,10.1").json().get("features").size());
  }

  @Test
  void badParametersAndUnknownIds() {
    Response r = get("/api/pillars?status=LOST");
    assertEquals(400, r.status(), r.body());
    assertEquals("status", r.json().get("field").asString());
    r = get("/api/pillars?bbox=1,2,3");
    assertEquals(400, r.status(), r.body());
    assertEquals("bbox", r.json().get("field").asString());
    r = get("/api/pillars?segmentId=x");
    assertEquals(400, r.status(), r.body());
    assertEquals("segmentId", r.json().get("field").asString());
    int unknown = jdbc.sql("select max(id) + 1000 from pillar").query(Integer.class).single();
    r = get("/api/pillars/" + unknown);
    assertEquals(404, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  @Test
  void parsesStatusesLikeSegments() {
    assertEquals(PillarStatus.VERIFIED, PillarStatus.parse(" verified ", "status"));
    ApiException e = assertThrows(ApiException.class, () -> PillarStatus.parse("LOST", "status"));
    assertEquals("status", e.errors().get(0).field());
    assertThrows(ApiException.class, () -> PillarStatus.parse(" ", "status"));
  }
}
