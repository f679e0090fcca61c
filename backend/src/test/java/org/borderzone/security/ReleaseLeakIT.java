package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.borderzone.export.Gdal;
import org.borderzone.live.SseClient;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.borderzone.system.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, item 2: explicit releases on every read path, over HTTP as the demo users and the third party VN. A KH
 * NATIONAL incident with a unique marker in its description and source is released to LA with description,
 * source and photos withheld: LA sees the incident (the control) and never the marker on any path (list, single,
 * the source filter, OGC API items JSON/HTML/CQL2, the exports GeoJSON/CSV/KML/GeoPackage/FlatGeobuf read back by
 * GDAL, tiles, photos, the audit trail, the live stream); VN sees nothing of it; after the withdrawal LA sees
 * nothing but the audit record of the release. Everything happens in 1984, a window no other test uses, and every
 * release a test makes is withdrawn after it, so the shared test database keeps the old visibility for the others.
 */
class ReleaseLeakIT extends IntegrationTest {

  private static final String W = "from=1984-01-01T00:00:00Z&to=1985-01-01T00:00:00Z";
  private static final String OGC_W = "datetime=1984-01-01T00:00:00Z/1985-01-01T00:00:00Z";
  private static final double LON = 106.31;
  private static final double LAT = 14.33;
  private static final HttpClient BYTES = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Duration LIVE = Duration.ofSeconds(10);

  private final List<UUID> made = new ArrayList<>();
  private final LeakCheck.Fetch http = (actor, path) -> as(user(actor)).get(path).body();

  private static String user(Actor actor) {
    return actor.orgCode().toLowerCase() + "-planner";
  }

  /** An LA administrator (the demo has none): reads every audit entity its rules let LA see. */
  private static final String LA_ADMIN = "release-la-admin";

  @BeforeEach
  void thirdParty() {
    ensureThirdParty();
    ensureUser(LA_ADMIN, DEMO_PASSWORD, "LA admin", "LA", "ADMIN");
  }

  @AfterEach
  void withdrawAll() {
    made.forEach(id -> LeakCheck.withdraw(jdbc, id));
  }

  private UUID release(LeakCheck.Planted p, String to, String... withheld) {
    UUID id = LeakCheck.release(jdbc, p, "KH", to, withheld);
    made.add(id);
    return id;
  }

  private LeakCheck.Planted plant() {
    LeakCheck.Planted p = LeakCheck.plantNationalKh(jdbc, LON + Math.random() * 0.01, LAT + Math.random() * 0.01,
        "1984-05-" + (10 + (int) (Math.random() * 10)) + "T08:00:00Z", "SMUGGLING");
    jdbc.sql("""
        insert into incident_photo (incident_id, n, media_type, bytes, sha256, owner_org, created_by)
        select i.id, 1, 'image/png', decode('89504e470d0a1a0a', 'hex'), sha256(decode('89504e470d0a1a0a', 'hex')), 'KH', 'leakcheck'
        from incident i where i.public_id = :id
        """).param("id", p.id()).update();
    return p;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The paths that show incident rows as text (each must show the incident to a reader who may see it). */
  private static List<String> textPaths(LeakCheck.Planted p) {
    return List.of(
        "/api/incidents?size=1000&" + W,
        "/api/incidents/" + p.id(),
        "/ogc/collections/incidents/items?limit=1000&" + OGC_W,
        "/ogc/collections/incidents/items/" + p.id(),
        "/ogc/collections/incidents/items/" + p.id() + "?f=html",
        "/ogc/collections/incidents/items?limit=1000&f=html&" + OGC_W,
        "/api/exports/incidents?f=geojson&" + W,
        "/api/exports/incidents?f=csv&" + W,
        "/api/exports/incidents?f=kml&" + W);
  }

  /** A binary export read back by GDAL (as GeoJSON text), as {@code user}. */
  private String gdal(String user, String format) {
    try {
      HttpResponse<byte[]> r = BYTES.send(basic(HttpRequest.newBuilder(URI.create(url("/api/exports/incidents?f="
          + format + "&" + W))), user, DEMO_PASSWORD).timeout(Duration.ofSeconds(120)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      String raw = new String(r.body(), StandardCharsets.ISO_8859_1);
      Path f = Files.createTempFile("release-leak-", "." + format);
      try {
        Files.write(f, r.body());
        return raw + "\n" + Gdal.read(f).toString();
      } finally {
        Files.deleteIfExists(f);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The z12 point tile holding the incident, raw bytes as text (MVT keeps strings as they are). */
  private String tile(String user, LeakCheck.Planted p) {
    double[] ll = jdbc.sql("select st_x(geom), st_y(geom) from incident where public_id = :id").param("id", p.id())
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    int z = 12;
    int x = (int) Math.floor((ll[0] + 180) / 360 * (1 << z));
    double r = Math.toRadians(ll[1]);
    int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * (1 << z));
    try {
      HttpResponse<byte[]> t = BYTES.send(basic(HttpRequest.newBuilder(URI.create(url("/tiles/incidents/" + z + "/"
          + x + "/" + y + ".mvt?from=1984-01-01&to=1985-01-01"))), user, DEMO_PASSWORD).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(t.statusCode()).isIn(200, 204);
      return new String(t.body(), StandardCharsets.ISO_8859_1);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code actor} sees nothing of incident {@code id} on {@code path}: a 404 where the path names it (the problem
   * repeats the id asked for), else the id is absent from the answer.
   */
  private void assertNoIncident(Actor actor, String path, String id, String what) {
    if (path.contains(id)) {
      assertThat(as(user(actor)).get(path).status()).as("%s on %s (%s)", actor.orgCode(), path, what).isEqualTo(404);
    } else {
      LeakCheck.assertAbsent(http, actor, path, id, what);
    }
  }

  @Test
  void withheldFieldsReachTheRecipientOnNoPathAndWithdrawalHidesEverything() throws Exception {
    LeakCheck.Planted p = plant();
    String id = p.id().toString();
    String monthlyLaBefore = as("la-planner").get("/api/incidents/monthly?from=1984-01&to=1984-12").body();
    // before any release: LA and VN see nothing (the old rule still holds)
    for (String path : textPaths(p)) {
      LeakCheck.assertHiddenFromLa(http, path, p);
      assertNoIncident(LeakCheck.LA, path, id, "an unreleased NATIONAL incident");
    }

    try (SseClient laLive = SseClient.open(url("/api/events"), "la-planner", DEMO_PASSWORD);
        SseClient vnLive = SseClient.open(url("/api/events"), "vn-planner", DEMO_PASSWORD)) {
      laLive.next(e -> "ready".equals(e.kind()), LIVE);
      vnLive.next(e -> "ready".equals(e.kind()), LIVE);
      Response posted = as("kh-planner").post("/api/releases", "{\"incident\":\"" + id + "\",\"to\":[\"LA\"],"
          + "\"withheld\":[\"description\",\"source\",\"photos\"],\"reason\":\"joint patrol planning\"}");
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      UUID rel = UUID.fromString(posted.json().get(0).path("id").asString());
      made.add(rel);

      // live: the recipient is told to refresh (a 'release' event), the third party is not
      SseClient.Sse released = laLive.next(e -> rel.toString().equals(e.json().path("entityId").asString()), LIVE);
      assertThat(released).as("LA gets the release event").isNotNull();
      assertThat(released.json().path("kind").asString()).isEqualTo("release");
      assertThat(released.data()).doesNotContain(p.marker());

      // every text path: LA sees the incident, never the marker; VN sees nothing
      for (String path : textPaths(p)) {
        LeakCheck.assertWithheld(http, LeakCheck.LA, path, p);
        assertNoIncident(LeakCheck.VN, path, id, "an incident not released to VN");
      }
      // the popup's data: who released it, what is withheld; the withheld fields are null, the photo count too
      JsonNode f = as("la-planner").get("/api/incidents/" + id).json().path("properties");
      assertThat(f.path("description").isNull()).isTrue();
      assertThat(f.path("source").isNull()).isTrue();
      assertThat(f.path("photoCount").isNull()).isTrue();
      assertThat(f.path("createdBy").asString()).isEqualTo("leakcheck");
      assertThat(f.path("release").path("by").asString()).isEqualTo("KH");
      assertThat(f.path("release").path("withheld").toString()).contains("description", "source", "photos");
      assertThat(as("kh-planner").get("/api/incidents/" + id).json().path("properties").path("release").isNull())
          .as("the owner sees no release block").isTrue();

      // filtering on a withheld field is no oracle (list and OGC API, equality and CQL2)
      String bySource = "/api/incidents?size=1000&source=" + enc(p.marker()) + "&" + W;
      LeakCheck.assertShows(http, LeakCheck.KH, bySource, id, "the owner");
      LeakCheck.assertAbsent(http, LeakCheck.LA, bySource, id, "a filter on a withheld source");
      String ogcSource = "/ogc/collections/incidents/items?source=" + enc(p.marker());
      LeakCheck.assertShows(http, LeakCheck.KH, ogcSource, id, "the owner");
      LeakCheck.assertAbsent(http, LeakCheck.LA, ogcSource, id, "a filter on a withheld source");
      String cql = "/ogc/collections/incidents/items?filter-lang=cql2-text&filter="
          + enc("source LIKE '" + p.marker() + "%'");
      LeakCheck.assertShows(http, LeakCheck.KH, cql, id, "the owner");
      LeakCheck.assertAbsent(http, LeakCheck.LA, cql, id, "CQL2 on a withheld source");

      // binary exports, read back by GDAL
      for (String format : List.of("gpkg", "fgb")) {
        assertThat(gdal("kh-planner", format)).contains(p.marker());
        String la = gdal("la-planner", format);
        assertThat(la).as("LA's " + format + " holds the incident").contains(id).doesNotContain(p.marker());
        assertThat(gdal("vn-planner", format)).doesNotContain(id);
      }

      // tiles: the point shows for LA (the tile version moved), never for VN
      assertThat(tile("la-planner", p)).contains(id);
      assertThat(tile("vn-planner", p)).doesNotContain(id);

      // photos withheld: 404 on the list and the photo, for the owner 200
      assertThat(as("kh-planner").get("/api/incidents/" + id + "/photos/1").status()).isEqualTo(200);
      assertThat(as("la-planner").get("/api/incidents/" + id + "/photos").status()).isEqualTo(404);
      assertThat(as("la-planner").get("/api/incidents/" + id + "/photos/1").status()).isEqualTo(404);
      assertThat(as("vn-planner").get("/api/incidents/" + id + "/photos/1").status()).isEqualTo(404);

      // aggregates from the rollup count it for LA now
      assertThat(as("la-planner").get("/api/incidents/monthly?from=1984-01&to=1984-12").body())
          .isNotEqualTo(monthlyLaBefore);

      // live: a change of the incident reaches LA (it may read it now) but not VN; ids only
      assertThat(as("kh-planner").post("/api/incidents/" + id + "/status",
          "{\"status\":\"VERIFIED\",\"version\":0}").status()).isEqualTo(200);
      SseClient.Sse changed = laLive.next(e -> id.equals(e.json().path("entityId").asString()), LIVE);
      assertThat(changed).as("LA gets the incident's change").isNotNull();
      assertThat(changed.data()).doesNotContain(p.marker());

      // the audit trail: LA's commission sees the release record, never the incident's own events
      String audit = as("la-commission").get("/api/audit?entity=incident_release&size=500").body();
      assertThat(audit).contains(rel.toString()).doesNotContain(p.marker());
      assertThat(as(LA_ADMIN).get("/api/audit?size=500").body()).contains(rel.toString()).doesNotContain(p.marker());
      assertThat(jdbc.sql("select count(*) from audit_event where entity = 'incident' and entity_id = :id")
          .param("id", id).query(Long.class).single()).as("control: the incident has audit events").isPositive();
      assertThat(as(LA_ADMIN).get("/api/audit?entity=incident&size=500").body()).doesNotContain(id);
      assertThat(as("admin").get("/api/audit?entity=incident_release&size=500").body())
          .as("the joint body is no party of this release").doesNotContain(rel.toString());

      // withdrawal: the recipient is told at once, and the incident is gone from every path
      Response w = as("kh-planner").post("/api/releases/" + rel + "/withdraw", "{\"reason\":\"no longer needed\"}");
      assertThat(w.status()).as(w.body()).isEqualTo(200);
      assertThat(w.json().path("state").asString()).isEqualTo("WITHDRAWN");
      SseClient.Sse withdrawn = laLive.next(e -> rel.toString().equals(e.json().path("entityId").asString())
          && "withdrawn".equals(e.json().path("action").asString()), LIVE);
      assertThat(withdrawn).as("LA gets the withdrawal event").isNotNull();
      assertThat(vnLive.next(e -> id.equals(e.json().path("entityId").asString())
          || rel.toString().equals(e.json().path("entityId").asString()), Duration.ofSeconds(2)))
          .as("VN is sent nothing of it").isNull();
    }
    for (String path : textPaths(p)) {
      LeakCheck.assertShows(http, LeakCheck.KH, path, p.marker(), "the owner");
      assertNoIncident(LeakCheck.LA, path, id, "a withdrawn release");
    }
    assertThat(as("la-planner").get("/api/incidents/" + id).status()).isEqualTo(404);
    for (String format : List.of("gpkg", "fgb")) {
      assertThat(gdal("la-planner", format)).doesNotContain(id);
    }
    assertThat(tile("la-planner", p)).doesNotContain(id);
    assertThat(as("la-planner").get("/api/incidents/monthly?from=1984-01&to=1984-12").body())
        .isEqualTo(monthlyLaBefore);
    // what LA keeps: the audit record of the release (ids, parties, withheld list, times), no content
    String audit = as("la-commission").get("/api/audit?entity=incident_release&size=500").body();
    assertThat(audit).contains(id).contains("WITHDRAW").doesNotContain(p.marker());
    assertThat(as(LA_ADMIN).get("/api/audit?entity=incident&size=500").body()).doesNotContain(id);
    assertThat(as("vn-commission").get("/api/audit?entity=incident_release&size=500").body()).doesNotContain(id);
  }

  @Test
  void aReleaseThatWithholdsNothingShowsTheIncidentWhole() {
    LeakCheck.Planted p = plant();
    release(p, "LA");
    for (String path : textPaths(p)) {
      LeakCheck.assertShows(http, LeakCheck.LA, path, p.marker(), "a whole release");
    }
    JsonNode f = as("la-planner").get("/api/incidents/" + p.id()).json().path("properties");
    assertThat(f.path("photoCount").asInt()).isEqualTo(1);
    assertThat(f.path("release").path("withheld").size()).isZero();
    assertThat(as("la-planner").get("/api/incidents/" + p.id() + "/photos/1").status()).isEqualTo(200);
  }

  @Test
  void reporterAndLocationDetailAreWithheldToo() {
    LeakCheck.Planted p = plant();
    jdbc.sql("update incident set location_accuracy_m = 12.5, location_source = 'gps' where public_id = :id")
        .param("id", p.id()).update();
    release(p, "LA", "reporter", "location_detail");
    JsonNode f = as("la-planner").get("/api/incidents/" + p.id()).json().path("properties");
    assertThat(f.path("description").asString()).isEqualTo(p.marker());
    assertThat(f.path("createdBy").isNull()).isTrue();
    assertThat(f.path("locationAccuracyM").isNull()).isTrue();
    assertThat(f.path("locationSource").isNull()).isTrue();
    String photos = as("la-planner").get("/api/incidents/" + p.id() + "/photos").body();
    assertThat(photos).contains("\"n\"").doesNotContain("leakcheck");
    String ogc = as("la-planner").get("/ogc/collections/incidents/items/" + p.id()).body();
    assertThat(ogc).contains(p.marker()).doesNotContain("\"leakcheck\"");
    JsonNode kh = as("kh-planner").get("/api/incidents/" + p.id()).json().path("properties");
    assertThat(kh.path("createdBy").asString()).isEqualTo("leakcheck");
    assertThat(kh.path("locationAccuracyM").asDouble()).isEqualTo(12.5);
  }

  @Test
  void releasedToTheThirdPartyOnlyLaStillSeesNothing() {
    LeakCheck.Planted p = plant();
    String id = p.id().toString();
    UUID toVn = release(p, "VN", "source");
    for (String path : textPaths(p)) {
      LeakCheck.assertShows(http, LeakCheck.VN, path, id, "the recipient");
      assertNoIncident(LeakCheck.LA, path, id, "an incident released to VN only");
    }
    assertThat(as("la-planner").get("/api/incidents/" + id).status()).isEqualTo(404);
    assertThat(as("la-planner").get("/api/incidents/" + id + "/releases").status()).isEqualTo(404);
    assertThat(tile("la-planner", p)).doesNotContain(id);
    assertThat(gdal("la-planner", "gpkg")).doesNotContain(id);
    assertThat(as("la-planner").get("/api/releases?size=500").body()).doesNotContain(toVn.toString());

    // released to both: each recipient sees its own release only, never to whom else
    UUID toLa = release(p, "LA");
    String laView = as("la-planner").get("/api/incidents/" + id + "/releases").body();
    assertThat(laView).contains(toLa.toString()).doesNotContain(toVn.toString()).doesNotContain("\"VN\"");
    String vnView = as("vn-planner").get("/api/incidents/" + id + "/releases").body();
    assertThat(vnView).contains(toVn.toString()).doesNotContain(toLa.toString());
    assertThat(as("kh-planner").get("/api/incidents/" + id + "/releases").body())
        .contains(toLa.toString(), toVn.toString());
    assertThat(as("la-planner").get("/api/releases?size=500").body()).contains(toLa.toString())
        .doesNotContain(toVn.toString());
    // LA (whole release) sees the source VN's release withholds: each release masks for its own recipient only
    assertThat(as("la-planner").get("/api/incidents/" + id).body()).contains(p.marker());
    JsonNode vn = as("vn-planner").get("/api/incidents/" + id).json().path("properties");
    assertThat(vn.path("source").isNull()).isTrue();
    assertThat(vn.path("description").asString()).isEqualTo(p.marker());
  }
}
