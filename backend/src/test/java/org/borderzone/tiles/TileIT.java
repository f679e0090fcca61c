package org.borderzone.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.borderzone.e2e.BrowserPark;
import org.borderzone.incidents.IncidentType;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import tools.jackson.databind.JsonNode;

/**
 * The vector tiles against the database (docs/TILES.md): every tile is decoded with an independent MVT reader
 * (sebasbaumh mapbox-vector-tile-java) and its features, attributes and geometries are compared with PostGIS
 * queries written here, independently of {@link TileSql}: which rows meet the tile (ST_Intersects with the
 * buffered ST_TileEnvelope in EPSG:3857), what their columns hold, and where each lies in tile units.
 * Releasability: a NATIONAL KH incident never reaches an LA reader, in points, cell counts, hot segments or
 * Gi* cells, and KH and LA never share a cached tile.
 */
class TileIT extends IntegrationTest {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  static final GeometryFactory GF = new GeometryFactory();
  static final double BUFFER = 64.0 / 4096;

  record Tile(int status, Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    Map<String, List<Geometry>> layers() {
      return decode(body);
    }
  }

  /** GET as {@code user} (demo password), binary body, optional header pairs. */
  Tile fetch(String user, String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60)).GET()
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + DEMO_PASSWORD).getBytes()));
    for (int k = 0; k < headers.length; k += 2) {
      b.header(headers[k], headers[k + 1]);
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Tile(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The MVT layers of a tile: geometries in tile units, each with its attribute map as user data. */
  static Map<String, List<Geometry>> decode(byte[] mvt) {
    try {
      JtsMvt t = MvtReader.loadMvt(new ByteArrayInputStream(mvt), GF, new TagKeyValueMapConverter(false, "@fid"),
          MvtReader.RING_CLASSIFIER_V2_1);
      Map<String, List<Geometry>> out = new TreeMap<>();
      for (JtsLayer l : t.getLayers()) {
        assertThat(l.getExtent()).isEqualTo(4096);
        out.put(l.getName(), new ArrayList<>(l.getGeometries()));
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The attributes of a feature; {@code @fid} is the MVT feature id, present only when the tile sets one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> attrs(Geometry g) {
    Map<String, Object> m = new TreeMap<>((Map<String, Object>) g.getUserData());
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }

  /** The XYZ tile holding [lon, lat] at zoom z. */
  static int[] tileOf(double lon, double lat, int z) {
    double n = 1L << z;
    int x = (int) Math.floor((lon + 180) / 360 * n);
    double r = Math.toRadians(lat);
    int y = (int) Math.floor((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * n);
    return new int[] {x, y};
  }

  static void assertInsideBuffer(Geometry g) {
    for (Coordinate c : g.getCoordinates()) {
      assertThat(c.x).as("x of %s", g).isBetween(-64.0, 4096.0 + 64);
      assertThat(c.y).as("y of %s", g).isBetween(-64.0, 4096.0 + 64);
    }
  }

  /** The ids (as text) of {@code table} rows whose geometry meets the buffered tile, by PostGIS directly. */
  List<String> idsMeetingTile(String idColumn, String table, String where, int z, int x, int y, String org) {
    return jdbc.sql("select " + idColumn + "::text from " + table + " t where st_intersects(st_transform(t.geom, 3857),"
        + " st_tileenvelope(:z, :x, :y, margin => :m)) " + where + " order by 1")
        .param("z", z).param("x", x).param("y", y).param("m", BUFFER).param("org", org == null ? "" : org)
        .query(String.class).list();
  }

  /**
   * The points of {@code table} in the tile as PostGIS places them, independently: their Web Mercator position
   * in tile units (x right, y down, rounded to the integer grid of the MVT), kept within the 64-unit buffer.
   */
  Map<String, String> pointsInTile(String idColumn, String table, String where, int z, int x, int y, String org) {
    Map<String, String> out = new TreeMap<>();
    jdbc.sql("""
        with e as (select st_tileenvelope(:z, :x, :y) e)
        select id, px, py from (
          select %s::text as id, round((st_x(q) - st_xmin(e)) / (st_xmax(e) - st_xmin(e)) * 4096)::int px,
                 round((st_ymax(e) - st_y(q)) / (st_ymax(e) - st_ymin(e)) * 4096)::int py
          from e, %s t, lateral st_transform(t.geom, 3857) q
          where true %s) s
        where px between -64 and 4160 and py between -64 and 4160
        """.formatted(idColumn, table, where))
        .param("z", z).param("x", x).param("y", y).param("org", org == null ? "" : org)
        .query(rs -> {
          out.put(rs.getString(1), rs.getInt(2) + " " + rs.getInt(3));
        });
    return out;
  }

  static Map<String, String> points(List<Geometry> features, String key) {
    Map<String, String> out = new TreeMap<>();
    for (Geometry g : features) {
      out.put(String.valueOf(attrs(g).get(key)), (int) g.getCoordinate().x + " " + (int) g.getCoordinate().y);
    }
    return out;
  }

  static List<String> ids(List<Geometry> features, String key) {
    return features.stream().map(g -> String.valueOf(attrs(g).get(key))).sorted().toList();
  }

  /** A time attribute of a tile as epoch seconds (null when absent). */
  static Long epoch(Object iso) {
    return iso == null ? null : java.time.Instant.parse(iso.toString()).getEpochSecond();
  }

  /** A timestamptz column as whole epoch seconds, in SQL. */
  static String epochSql(String col) {
    return "floor(extract(epoch from " + col + "))::bigint as " + col;
  }

  static Long num(Object v) {
    return v == null ? null : ((Number) v).longValue();
  }

  @Test
  void segmentTilesHoldExactlyTheSegmentsMeetingTheTileWithTheirColumns() {
    Map<String, Object> s = jdbc.sql("select st_x(st_centroid(geom)) as lon, st_y(st_centroid(geom)) as lat from border_segment order by id limit 1 offset 200")
        .query().singleRow();
    for (int z : new int[] {6, 10, 14}) {
      int[] t = tileOf(((Number) s.get("lon")).doubleValue(), ((Number) s.get("lat")).doubleValue(), z);
      Tile tile = fetch("kh-viewer", "/tiles/segments/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
      assertThat(tile.status()).isEqualTo(200);
      assertThat(tile.header("Content-Type")).isEqualTo("application/vnd.mapbox-vector-tile");
      Map<String, List<Geometry>> layers = tile.layers();
      assertThat(layers.keySet()).containsExactly("segments");
      List<Geometry> f = layers.get("segments");
      assertThat(ids(f, "id")).as("z%d", z).isEqualTo(idsMeetingTile("id", "border_segment", "", z, t[0], t[1], null));
      for (Geometry g : f) {
        Map<String, Object> a = attrs(g);
        assertThat(a.keySet()).containsExactlyInAnyOrder("@fid", "id", "code", "seq", "sectorId", "status",
            "statusSince", "lengthM", "version");
        assertThat(((Number) a.get("@fid")).longValue()).isEqualTo(((Number) a.get("id")).longValue());
        Map<String, Object> row = jdbc.sql("select code, seq, sector_id, status, " + epochSql("status_since") + ", length_m, version from border_segment where id = :id")
            .param("id", ((Number) a.get("id")).intValue()).query().singleRow();
        assertThat(a.get("code")).isEqualTo(row.get("code"));
        assertThat(((Number) a.get("seq")).intValue()).isEqualTo(row.get("seq"));
        assertThat(((Number) a.get("sectorId")).intValue()).isEqualTo(row.get("sector_id"));
        assertThat(a.get("status")).isEqualTo(row.get("status"));
        assertThat(((Number) a.get("lengthM")).doubleValue()).isEqualTo(((Number) row.get("length_m")).doubleValue());
        assertThat(((Number) a.get("version")).intValue()).isEqualTo(row.get("version"));
        assertThat(epoch(a.get("statusSince"))).isEqualTo(num(row.get("status_since")));
        assertThat(g.getGeometryType()).isIn("LineString", "MultiLineString");
        assertInsideBuffer(g);
      }
    }
  }

  @Test
  void pillarTilesHoldExactlyThePillarsMeetingTheTile() {
    Map<String, Object> p = jdbc.sql("select st_x(geom) lon, st_y(geom) lat from pillar order by id limit 1 offset 10")
        .query().singleRow();
    for (int z : new int[] {8, 13}) {
      int[] t = tileOf(((Number) p.get("lon")).doubleValue(), ((Number) p.get("lat")).doubleValue(), z);
      Tile tile = fetch("la-viewer", "/tiles/pillars/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
      assertThat(tile.status()).isEqualTo(200);
      List<Geometry> f = tile.layers().get("pillars");
      Map<String, String> expected = pointsInTile("id", "pillar", "", z, t[0], t[1], null);
      assertThat(expected).isNotEmpty();
      assertThat(points(f, "id")).isEqualTo(expected);
      for (Geometry g : f) {
        Map<String, Object> a = attrs(g);
        Map<String, Object> row = jdbc.sql("select number, segment_id, status, " + epochSql("status_since") + ", " + epochSql("last_inspected_at") + " from pillar where id = :id")
            .param("id", ((Number) a.get("id")).intValue()).query().singleRow();
        assertThat(a.get("number")).isEqualTo(row.get("number"));
        assertThat(((Number) a.get("segmentId")).intValue()).isEqualTo(row.get("segment_id"));
        assertThat(a.get("status")).isEqualTo(row.get("status"));
        assertThat(epoch(a.get("statusSince"))).isEqualTo(num(row.get("status_since")));
        assertThat(epoch(a.get("lastInspectedAt"))).isEqualTo(num(row.get("last_inspected_at")));
        assertThat(g.getGeometryType()).isEqualTo("Point");
        assertInsideBuffer(g);
      }
    }
  }

  /** The z12+ tile of the densest spot of the demo incidents. */
  int[] densestTile(int z) {
    Map<String, Object> c = jdbc.sql("""
        select avg(st_x(geom)) lon, avg(st_y(geom)) lat from (
          select geom, count(*) over (partition by round(st_x(geom)::numeric, 1), round(st_y(geom)::numeric, 1)) n
          from incident) s
        where n = (select max(n) from (select count(*) n from incident group by round(st_x(geom)::numeric, 1), round(st_y(geom)::numeric, 1)) m)
        """).query().singleRow();
    return tileOf(((Number) c.get("lon")).doubleValue(), ((Number) c.get("lat")).doubleValue(), z);
  }

  static final String VISIBLE_TO_ORG = "and (t.releasability = 'SHARED' or t.owner_org = :org or t.id in "
      + "(select r.incident_id from incident_release r where r.to_org = :org and r.withdrawn_at is null))";

  @Test
  void incidentPointTilesHoldTheVisibleIncidentsOfTheTileWithTheirColumns() {
    int z = 12;
    int[] t = densestTile(z);
    for (String[] reader : new String[][] {{"kh-viewer", "KH"}, {"la-viewer", "LA"}, {"admin", "JBC"}}) {
      Tile tile = fetch(reader[0], "/tiles/incidents/" + z + "/" + t[0] + "/" + t[1] + ".mvt");
      assertThat(tile.status()).isEqualTo(200);
      List<Geometry> f = tile.layers().get("incidents");
      Map<String, String> expected = pointsInTile("public_id", "incident", VISIBLE_TO_ORG, z, t[0], t[1], reader[1]);
      assertThat(expected).as("the densest tile holds incidents").hasSizeGreaterThan(5);
      Map<String, String> got = points(f, "id");
      assertThat(got.keySet()).as(reader[0]).isEqualTo(expected.keySet());
      assertThat(got).as(reader[0] + ": positions in tile units").isEqualTo(expected);
      for (Geometry g : f) {
        Map<String, Object> a = attrs(g);
        assertThat(a.keySet()).containsExactlyInAnyOrder("id", "type", "severity", "status", "occurredAt",
            "releasability", "ownerOrg");
        Map<String, Object> row = jdbc.sql("select type, severity, status, " + epochSql("occurred_at") + ", releasability, owner_org from incident where public_id = cast(:id as uuid)")
            .param("id", a.get("id")).query().singleRow();
        assertThat(a.get("type")).isEqualTo(row.get("type"));
        assertThat(((Number) a.get("severity")).intValue()).isEqualTo(((Number) row.get("severity")).intValue());
        assertThat(a.get("status")).isEqualTo(row.get("status"));
        assertThat(a.get("releasability")).isEqualTo(row.get("releasability"));
        assertThat(a.get("ownerOrg")).isEqualTo(row.get("owner_org"));
        assertThat(epoch(a.get("occurredAt"))).isEqualTo(num(row.get("occurred_at")));
        assertThat(g.getGeometryType()).isEqualTo("Point");
        assertInsideBuffer(g);
      }
    }
  }

  /**
   * Below z 12, cells: per cell of 256 units the count and the count per type equal an independent grouping
   * of the visible incidents by their ST_Transform'ed position in the tile; the sum is the tile's count.
   */
  @Test
  void incidentCellTilesCountTheVisibleIncidentsPerCellAndType() {
    for (int z : new int[] {7, 10}) {
      int[] t = densestTile(z);
      Tile tile = fetch("la-viewer", "/tiles/incidents/" + z + "/" + t[0] + "/" + t[1] + ".mvt?from=2024-01-01");
      assertThat(tile.status()).isEqualTo(200);
      assertThat(tile.layers().keySet()).containsExactly("incident_cells");
      Map<String, Map<String, Integer>> got = new TreeMap<>();
      for (Geometry g : tile.layers().get("incident_cells")) {
        Coordinate c = g.getCoordinate();
        String cell = (int) Math.floor(c.x / 256) + "/" + (int) Math.floor(c.y / 256);
        assertThat(c.x % 256).isEqualTo(128.0);
        Map<String, Integer> counts = new TreeMap<>();
        attrs(g).forEach((k, v) -> counts.put(k, ((Number) v).intValue()));
        assertThat(counts).doesNotContainKey("@fid");
        got.put(cell, counts);
      }
      Map<String, Map<String, Integer>> expected = new TreeMap<>();
      jdbc.sql("""
          with e as (select st_tileenvelope(:z, :x, :y) e),
          p as (
            select floor((st_x(q) - st_xmin(e)) / ((st_xmax(e) - st_xmin(e)) / 16))::int cx,
                   floor((st_ymax(e) - st_y(q)) / ((st_ymax(e) - st_ymin(e)) / 16))::int cy, type, severity
            from e, incident i, lateral st_transform(i.geom, 3857) q
            where (i.releasability = 'SHARED' or i.owner_org = 'LA' or i.id in (select r.incident_id from incident_release r where r.to_org = 'LA' and r.withdrawn_at is null)) and i.occurred_at >= '2024-01-01T00:00:00Z'
              and st_x(q) >= st_xmin(e) and st_x(q) < st_xmax(e) and st_y(q) > st_ymin(e) and st_y(q) <= st_ymax(e))
          select cx || '/' || cy as cell, type, count(*) n, max(max(severity)) over (partition by cx, cy) ms
          from p group by cx, cy, type
          """).param("z", z).param("x", t[0]).param("y", t[1]).query(rs -> {
            Map<String, Integer> m = expected.computeIfAbsent(rs.getString("cell"), k -> new TreeMap<>());
            m.put(rs.getString("type"), rs.getInt("n"));
            m.merge("count", rs.getInt("n"), Integer::sum);
            m.put("maxSeverity", rs.getInt("ms"));
          });
      assertThat(expected).as("z%d has cells", z).isNotEmpty();
      assertThat(got).as("z%d", z).isEqualTo(expected);
    }
  }

  @Test
  void aTileWithoutFeaturesIs204AndBadCoordinatesAre400NamingThem() {
    assertThat(fetch("kh-viewer", "/tiles/segments/10/0/0.mvt").status()).isEqualTo(204);
    assertThat(fetch("kh-viewer", "/tiles/incidents/14/0/0.mvt").status()).isEqualTo(204);
    String[][] bad = {
        {"/tiles/segments/17/0/0.mvt", "z"}, {"/tiles/segments/-1/0/0.mvt", "z"}, {"/tiles/segments/a/0/0.mvt", "z"},
        {"/tiles/segments/3/8/0.mvt", "x"}, {"/tiles/segments/3/-1/0.mvt", "x"}, {"/tiles/segments/3/0/8.mvt", "y"},
        {"/tiles/segments/3/0/1e3.mvt", "y"}, {"/tiles/segments/99999999999/0/0.mvt", "z"},
        {"/tiles/incidents/3/0/0.mvt?type=NOPE", "type"}, {"/tiles/incidents/3/0/0.mvt?from=yesterday", "from"},
        {"/tiles/incidents/3/0/0.mvt?from=2025-01-02&to=2025-01-01", "from"},
        {"/tiles/incidents/3/0/0.mvt?minSeverity=9", "minSeverity"},
        {"/tiles/hot-segments/3/0/0.mvt?maxDistanceKm=0", "maxDistanceKm"},
        {"/tiles/gistar/3/0/0.mvt?cellKm=0.1", "cellKm"}, {"/tiles/gistar/3/0/0.mvt?fdr=maybe", "fdr"},
        {"/tiles/gistar/3/0/0.mvt?bandKm=x", "bandKm"}, {"/tiles/incidents.json?type=NOPE", "type"}};
    for (String[] b : bad) {
      Response r = as("kh-planner").get(b[0]);
      assertThat(r.status()).as(b[0]).isEqualTo(400);
      assertThat(r.contentType()).as(b[0]).startsWith("application/problem+json");
      assertThat(r.json().path("errors").get(0).path("field").asString()).as(b[0]).isEqualTo(b[1]);
    }
    Response unknown = as("kh-viewer").get("/tiles/roads/3/0/0.mvt");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("layer");
    assertThat(anonymous().get("/tiles/segments/3/0/0.mvt").status()).isEqualTo(401);
    assertThat(as("kh-viewer").get("/tiles/gistar/3/0/0.mvt").status()).isEqualTo(403);
  }

  long version(String layer) {
    return get("/tiles/versions").json().path("layers").path(layer).asLong();
  }

  @Test
  void etagsRevalidateAndAWriteChangesTheEtagAndTheTileJsonUrl() {
    int[] t = tileOf(105.9, 14.0, 6);
    String path = "/tiles/segments/6/" + t[0] + "/" + t[1] + ".mvt";
    long v = version("segments");
    JsonNode tj = get("/tiles/segments.json").json();
    assertThat(tj.path("tiles").get(0).asString()).endsWith(path.replace("6/" + t[0] + "/" + t[1], "{z}/{x}/{y}") + "?v=" + v);
    Tile first = fetch("kh-viewer", path + "?v=" + v);
    assertThat(first.status()).isEqualTo(200);
    String etag = first.header("ETag");
    assertThat(etag).startsWith("W/\"segments-" + v + "-");
    assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
    assertThat(fetch("kh-viewer", path).header("Cache-Control")).isEqualTo("private, max-age=30");
    assertThat(fetch("kh-viewer", path + "?v=" + (v - 1)).header("Cache-Control")).isEqualTo("private, max-age=30");
    // the same ETag for another reader of the same class; revalidation is 304 without a body
    Tile again = fetch("la-viewer", path + "?v=" + v, "If-None-Match", etag);
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(fetch("kh-viewer", path + "?v=" + v, "If-None-Match", etag.substring(2)).status())
        .as("the strong form of the same tag").isEqualTo(304);
    assertThat(fetch("kh-viewer", path + "?v=" + v, "If-None-Match", "\"other\"").status()).isEqualTo(200);
    // a write bumps the version: new ETag, new TileJSON URL, the old ETag no longer matches
    int id = jdbc.sql("select id from border_segment order by id limit 1").query(Integer.class).single();
    jdbc.sql("update border_segment set notes = notes where id = :id").param("id", id).update();
    long v2 = version("segments");
    assertThat(v2).isGreaterThan(v);
    assertThat(get("/tiles/segments.json").json().path("tiles").get(0).asString()).endsWith("?v=" + v2);
    Tile after = fetch("kh-viewer", path + "?v=" + v2, "If-None-Match", etag);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.header("ETag")).isNotEqualTo(etag).startsWith("W/\"segments-" + v2 + "-");
  }

  /** TileJSON 3.0.0: the schema's required keys with their types, and what the map and QGIS read. */
  @Test
  void aPerOrganisationTileIsCachedForLongOnlyUnderTheReadersOwnOrganisation() {
    int[] t = tileOf(105.9, 14.0, 9);
    long v = version("incidents");
    String path = "/tiles/incidents/9/" + t[0] + "/" + t[1] + ".mvt?from=2000-01-01&to=2030-01-01&v=" + v;
    Tile own = fetch("la-planner", path + "&vis=LA");
    assertThat(own.status()).isIn(200, 204);
    assertThat(own.header("Cache-Control")).isEqualTo("private, max-age=31536000, immutable");
    // Tomcat adds accept-encoding (the answer may be gzipped) and writes the names in lower case
    assertThat(own.header("Vary").toLowerCase(java.util.Locale.ROOT).split("\\s*,\\s*"))
        .contains("cookie", "authorization");
    // another organisation's URL (what a shared browser may hold in its cache) is never made long-lived for LA
    assertThat(fetch("la-planner", path + "&vis=KH").header("Cache-Control")).isEqualTo("private, max-age=30");
    assertThat(fetch("la-planner", path).header("Cache-Control")).isEqualTo("private, max-age=30");
    // the TileJSON template names the reader's organisation
    assertThat(as("la-planner").get("/tiles/incidents.json").json().path("tiles").get(0).asString()).contains("&vis=LA");
    assertThat(as("kh-planner").get("/tiles/incidents.json").json().path("tiles").get(0).asString()).contains("&vis=KH");
  }

  @Test
  void tileJsonHasTheRequiredKeysOfTheSchema() {
    for (String layer : new String[] {"segments", "pillars", "incidents", "hot-segments", "gistar"}) {
      Response r = as("kh-planner").get("/tiles/" + layer + ".json" + (layer.equals("incidents") ? "?type=UXO,smuggling&from=2024-01-01" : ""));
      assertThat(r.status()).as(layer).isEqualTo(200);
      JsonNode d = r.json();
      assertThat(d.path("tilejson").asString()).isEqualTo("3.0.0");
      assertThat(d.path("tiles").isArray()).isTrue();
      assertThat(d.path("tiles").size()).isEqualTo(1);
      String url = d.path("tiles").get(0).asString();
      assertThat(URI.create(url.replace("{", "%7B").replace("}", "%7D")).isAbsolute()).as(url).isTrue();
      assertThat(url).startsWith("http://localhost:" + port + "/tiles/" + layer + "/{z}/{x}/{y}.mvt?v=" + version(layer));
      assertThat(d.path("vector_layers").isArray()).isTrue();
      assertThat(d.path("vector_layers").size()).isPositive();
      for (JsonNode vl : d.path("vector_layers")) {
        assertThat(vl.path("id").isString()).isTrue();
        assertThat(vl.path("fields").isObject()).isTrue();
        vl.path("fields").properties().forEach(e -> assertThat(e.getValue().isString()).isTrue());
      }
      assertThat(d.path("minzoom").asInt()).isBetween(0, 30);
      assertThat(d.path("maxzoom").asInt()).isBetween(d.path("minzoom").asInt(), 30);
      assertThat(d.path("bounds").size()).isEqualTo(4);
      assertThat(d.path("bounds").get(0).asDouble()).isBetween(95.0, 110.0);
      assertThat(d.path("bounds").get(1).asDouble()).isLessThan(d.path("bounds").get(3).asDouble());
      assertThat(d.path("center").size()).isEqualTo(3);
      if (layer.equals("incidents")) {
        assertThat(url).endsWith("&from=2024-01-01&type=UXO%2Csmuggling");
        assertThat(d.path("vector_layers").get(0).path("id").asString()).isEqualTo("incidents");
        assertThat(d.path("vector_layers").get(1).path("id").asString()).isEqualTo("incident_cells");
        assertThat(d.path("vector_layers").get(1).path("fields").has(IncidentType.UXO.name())).isTrue();
      }
      if (layer.equals("hot-segments")) {
        assertThat(url).contains("&from=").contains("&to=");
      }
    }
  }

  @Test
  void theServerCacheIsSharedWithinAnOrganisationAndNeverAcrossOrganisations() {
    // the counters are the server's: no open map of a browser test may fetch tiles meanwhile (live updates)
    BrowserPark.park();
    int[] t = densestTile(13);
    String path = "/tiles/incidents/13/" + t[0] + "/" + t[1] + ".mvt?from=2019-01-01&cacheTest=" + System.nanoTime();
    LeakCheck.Planted p = plantInTile(13, t, "KH", "NATIONAL");
    JsonNode before = get("/tiles/versions").json().path("cache");
    Tile kh = fetch("kh-viewer", path);
    Tile kh2 = fetch("kh-planner", path);
    JsonNode mid = get("/tiles/versions").json().path("cache");
    assertThat(mid.path("hits").asLong() - before.path("hits").asLong()).as("the second KH reader hits").isEqualTo(1);
    assertThat(kh2.body()).isEqualTo(kh.body());
    assertThat(kh2.header("ETag")).isEqualTo(kh.header("ETag"));
    Tile la = fetch("la-viewer", path);
    JsonNode after = get("/tiles/versions").json().path("cache");
    assertThat(after.path("misses").asLong() - mid.path("misses").asLong()).as("LA misses").isEqualTo(1);
    assertThat(la.header("ETag")).isNotEqualTo(kh.header("ETag"));
    assertThat(ids(kh.layers().get("incidents"), "id")).contains(p.id().toString());
    assertThat(ids(la.layers().get("incidents"), "id")).doesNotContain(p.id().toString());
  }

  /** A planted incident in the middle of tile z/x/y; returns it (its public id). */
  LeakCheck.Planted plantInTile(int z, int[] t, String owner, String rel) {
    Map<String, Object> c = jdbc.sql("select st_x(p) lon, st_y(p) lat from (select st_transform(st_centroid(st_tileenvelope(:z, :x, :y)), 4326) p) s")
        .param("z", z).param("x", t[0]).param("y", t[1]).query().singleRow();
    return LeakCheck.plant(jdbc, owner, rel, ((Number) c.get("lon")).doubleValue(), ((Number) c.get("lat")).doubleValue(),
        "2019-06-15T00:00:00Z", "TERRORISM");
  }

  static int sum(Tile t, String layer, String key) {
    if (t.status() == 204) {
      return 0;
    }
    return t.layers().getOrDefault(layer, List.of()).stream()
        .mapToInt(g -> attrs(g).get(key) == null ? 0 : ((Number) attrs(g).get(key)).intValue()).sum();
  }

  /** Incident points and cells: LA never sees the NATIONAL KH incident, nor counts it; KH does (the control). */
  @Test
  void incidentTilesNeverCarryWhatTheReaderMayNotSee() {
    int[] t12 = densestTile(12);
    String w = "?from=2019-06-01&to=2019-07-01&type=TERRORISM";
    String cellPath = "/tiles/incidents/8/" + (t12[0] >> 4) + "/" + (t12[1] >> 4) + ".mvt" + w;
    int khBefore = sum(fetch("kh-viewer", cellPath), "incident_cells", "count");
    int laBefore = sum(fetch("la-viewer", cellPath), "incident_cells", "count");
    LeakCheck.Planted p = plantInTile(12, t12, "KH", "NATIONAL");
    String pointPath = "/tiles/incidents/12/" + t12[0] + "/" + t12[1] + ".mvt" + w;
    Tile kh = fetch("kh-viewer", pointPath);
    Tile la = fetch("la-viewer", pointPath);
    assertThat(ids(kh.layers().get("incidents"), "id")).contains(p.id().toString());
    assertThat(la.status() == 204 || !ids(la.layers().get("incidents"), "id").contains(p.id().toString())).isTrue();
    assertThat(new String(la.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(p.id().toString());
    assertThat(sum(fetch("kh-viewer", cellPath), "incident_cells", "count")).isEqualTo(khBefore + 1);
    assertThat(sum(fetch("kh-viewer", cellPath), "incident_cells", "TERRORISM")).isEqualTo(khBefore + 1);
    assertThat(sum(fetch("la-viewer", cellPath), "incident_cells", "count")).isEqualTo(laBefore);
    assertThat(sum(fetch("la-viewer", cellPath), "incident_cells", "TERRORISM")).isEqualTo(laBefore);
  }

  /**
   * Hot segments: the tile's counts per segment equal an independent count for the reader, and a NATIONAL KH
   * incident moves KH's count of its segment, never LA's.
   */
  @Test
  void hotSegmentTilesCountPerSegmentAsTheReaderMaySee() {
    int[] t12 = densestTile(12);
    int z = 9;
    int[] t = {t12[0] >> 3, t12[1] >> 3};
    String w = "?from=2019-06-01&to=2019-07-01&type=TERRORISM";
    String path = "/tiles/hot-segments/" + z + "/" + t[0] + "/" + t[1] + ".mvt" + w;
    LeakCheck.Planted shared = plantInTile(12, t12, "LA", "SHARED");
    Integer seg = jdbc.sql("select nearest_segment_id from incident where public_id = :id").param("id", shared.id())
        .query(Integer.class).single();
    Map<Integer, Integer> laBefore = counts(fetch("la-viewer", path));
    Map<Integer, Integer> khBefore = counts(fetch("kh-viewer", path));
    assertThat(laBefore).containsKey(seg);
    plantInTile(12, t12, "KH", "NATIONAL");
    Map<Integer, Integer> la = counts(fetch("la-viewer", path));
    Map<Integer, Integer> kh = counts(fetch("kh-viewer", path));
    assertThat(la).isEqualTo(laBefore);
    assertThat(kh.get(seg)).isEqualTo(khBefore.get(seg) + 1);
    for (String[] reader : new String[][] {{"la", "LA"}, {"kh", "KH"}}) {
      Map<Integer, Integer> expected = new HashMap<>();
      jdbc.sql("""
          select s.id, count(*) n from border_segment s join incident i on i.nearest_segment_id = s.id
          where st_intersects(st_transform(s.geom, 3857), st_tileenvelope(:z, :x, :y, margin => :m))
            and i.occurred_at >= '2019-06-01T00:00:00Z' and i.occurred_at < '2019-07-01T00:00:00Z' and i.type = 'TERRORISM'
            and i.status <> 'DISMISSED' and i.distance_to_border_m <= 10000
            and (i.releasability = 'SHARED' or i.owner_org = :org or i.id in (select r.incident_id from incident_release r where r.to_org = :org and r.withdrawn_at is null))
          group by s.id
          """).param("z", z).param("x", t[0]).param("y", t[1]).param("m", BUFFER).param("org", reader[1])
          .query(rs -> {
            expected.put(rs.getInt(1), rs.getInt(2));
          });
      assertThat(reader[0].equals("la") ? la : kh).as(reader[0]).isEqualTo(expected);
    }
  }

  static Map<Integer, Integer> counts(Tile t) {
    Map<Integer, Integer> out = new TreeMap<>();
    if (t.status() == 204) {
      return out;
    }
    for (Geometry g : t.layers().get("hot_segments")) {
      Map<String, Object> a = attrs(g);
      assertThat(a).containsKeys("id", "code", "count", "ratePerKmMonth", "previousCount", "previousRate", "change");
      out.put(((Number) a.get("id")).intValue(), ((Number) a.get("count")).intValue());
    }
    return out;
  }

  /**
   * Gi* cells: the tile's cells are those of {@code /api/hotspots} (same window) meeting the tile, with the same
   * count, z and bin; a NATIONAL KH incident changes KH's cell count and never LA's.
   */
  @Test
  void giStarTilesAreTheHotspotCellsOfTheWindowAsTheReaderSeesThem() {
    int[] t12 = densestTile(12);
    String w = "from=2019-06-01&to=2019-06-30&type=TERRORISM&cellKm=5";
    LeakCheck.Planted shared = plantInTile(12, t12, "LA", "SHARED");
    int z = 9;
    int[] t = {t12[0] >> 3, t12[1] >> 3};
    String path = "/tiles/gistar/" + z + "/" + t[0] + "/" + t[1] + ".mvt?" + w;
    Tile la = fetch("la-planner", path);
    assertThat(la.status()).isEqualTo(200);
    JsonNode fc = as("la-planner").get("/api/hotspots?" + w).json();
    Map<String, JsonNode> byId = new HashMap<>();
    List<String> geoms = new ArrayList<>();
    List<String> gids = new ArrayList<>();
    for (JsonNode f : fc.path("features")) {
      byId.put(f.path("id").asString(), f.path("properties"));
      gids.add(f.path("id").asString());
      geoms.add(f.path("geometry").toString());
    }
    List<String> expected = jdbc.sql("""
        select id from unnest(cast(:ids as text[]), cast(:g as text[])) c(id, g)
        where st_intersects(st_transform(st_geomfromgeojson(g), 3857), st_tileenvelope(:z, :x, :y, margin => :m))
        order by id
        """).param("ids", gids.toArray(String[]::new)).param("g", geoms.toArray(String[]::new))
        .param("z", z).param("x", t[0]).param("y", t[1]).param("m", BUFFER).query(String.class).list();
    List<Geometry> cells = la.layers().get("gistar");
    assertThat(ids(cells, "id")).isEqualTo(expected);
    int laCount = 0;
    String hotCell = null;
    for (Geometry g : cells) {
      Map<String, Object> a = attrs(g);
      JsonNode p = byId.get((String) a.get("id"));
      assertThat(((Number) a.get("count")).intValue()).isEqualTo(p.path("count").asInt());
      assertThat(((Number) a.get("bin")).intValue()).isEqualTo(p.path("bin").asInt());
      assertThat(((Number) a.get("z")).doubleValue()).isCloseTo(p.path("z").asDouble(), org.assertj.core.data.Offset.offset(1e-5));
      assertThat(g.getGeometryType()).isIn("Polygon", "MultiPolygon");
      assertInsideBuffer(g);
      if (((Number) a.get("count")).intValue() > 0) {
        hotCell = (String) a.get("id");
        laCount += ((Number) a.get("count")).intValue();
      }
    }
    assertThat(hotCell).as("the planted SHARED incident is counted").isNotNull();
    plantInTile(12, t12, "KH", "NATIONAL");
    assertThat(sum(fetch("la-planner", path), "gistar", "count")).isEqualTo(laCount);
    int khNow = sum(fetch("kh-planner", path), "gistar", "count");
    assertThat(khNow).isGreaterThan(laCount);
    assertThat(shared.id()).isNotNull();
  }
}
