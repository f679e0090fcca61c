package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.borderzone.geo.GeoPackageReader;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Incident imports from KML 2.2 and GeoPackage, with files written by GDAL's ogr2ogr (an independent writer)
 * from one GeoJSON fixture, and the rows stored compared with the fixture (count, attributes, coordinates to
 * 1e-7°); a Shapefile made by ogr2ogr and converted to GeoPackage by ogr2ogr (the documented recipe); and
 * broken or hostile files, each a 4xx problem+json naming the field or record, with nothing stored.
 */
class GeoFormatsImportIT extends IntegrationTest {

  static final String KML = "application/vnd.google-earth.kml+xml";
  static final String GPKG = "application/geopackage+sqlite3";
  static final int N = 40;

  @TempDir
  static Path dir;

  record Fixture(double lon, double lat, String type, int severity, String occurredAt, String description) {}

  static final List<Fixture> FIXTURE = new ArrayList<>();

  @BeforeAll
  static void fixture() {
    java.util.Random rnd = new java.util.Random(9);
    for (int i = 0; i < N; i++) {
      FIXTURE.add(new Fixture(105.90 + rnd.nextInt(1_000_000) / 1e7, 13.85 + rnd.nextInt(1_000_000) / 1e7,
          IncidentType.values()[i % IncidentType.values().length].name(), 1 + i % 5,
          String.format(Locale.ROOT, "2025-%02d-%02dT%02d:%02d:07Z", 1 + i % 12, 1 + i % 28, i % 24, i % 60),
          i % 3 == 0 ? null : "no. " + i + " <b>&amp;</b> ព្រំដែន"));
    }
  }

  /** The fixture as GeoJSON, with {@code source} set to tell this test's rows apart. */
  static Path geojson(String source) throws IOException {
    StringBuilder sb = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < N; i++) {
      Fixture f = FIXTURE.get(i);
      var props = JSON.createObjectNode().put("type", f.type()).put("severity", f.severity())
          .put("occurredAt", f.occurredAt()).put("source", source);
      if (f.description() != null) {
        props.put("description", f.description());
      }
      var feature = JSON.createObjectNode().put("type", "Feature");
      feature.set("geometry", JSON.createObjectNode().put("type", "Point")
          .set("coordinates", JSON.createArrayNode().add(f.lon()).add(f.lat())));
      feature.set("properties", props);
      sb.append(i == 0 ? "" : ",").append(JSON.writeValueAsString(feature));
    }
    Path p = dir.resolve(source + ".geojson");
    Files.writeString(p, sb.append("]}").toString());
    return p;
  }

  static void ogr2ogr(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ogr2ogr"));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }

  Response upload(String path, String contentType, byte[] body) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  long stored(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  /** The stored rows equal the fixture: count, type, severity, time, description, position to 1e-7°. */
  void compare(String source, boolean descriptions) {
    record Row(double lon, double lat, String type, int severity, String occurredAt, String description) {}
    List<Row> rows = jdbc.sql("""
        select st_x(geom) x, st_y(geom) y, type, severity,
               to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') t, description
        from incident where source = :s order by occurred_at, st_x(geom)
        """).param("s", source).query((rs, n) -> new Row(rs.getDouble("x"), rs.getDouble("y"), rs.getString("type"),
        rs.getInt("severity"), rs.getString("t"), rs.getString("description"))).list();
    assertThat(rows).hasSize(N);
    List<Fixture> expected = FIXTURE.stream()
        .sorted(java.util.Comparator.comparing(Fixture::occurredAt).thenComparing(Fixture::lon)).toList();
    for (int i = 0; i < N; i++) {
      Fixture f = expected.get(i);
      Row r = rows.get(i);
      assertThat(r.lon()).as("lon of " + f).isCloseTo(f.lon(), org.assertj.core.data.Offset.offset(1e-7));
      assertThat(r.lat()).as("lat of " + f).isCloseTo(f.lat(), org.assertj.core.data.Offset.offset(1e-7));
      assertThat(r.type()).isEqualTo(f.type());
      assertThat(r.severity()).isEqualTo(f.severity());
      assertThat(r.occurredAt()).isEqualTo(f.occurredAt());
      if (descriptions) {
        assertThat(r.description()).isEqualTo(f.description());
      }
    }
  }

  @Test
  void kmlWrittenByOgr2ogrIsImportedExactly() throws Exception {
    String source = "kml-" + UUID.randomUUID();
    Path kml = dir.resolve(source + ".kml");
    ogr2ogr("-f", "KML", kml.toString(), geojson(source).toString());
    Response r = upload("/api/incidents/import", KML, Files.readAllBytes(kml));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().path("imported").asInt()).isEqualTo(N);
    compare(source, true);
    assertThat(jdbc.sql("select count(*) from incident_import_job where id = cast(:j as uuid) and format = 'KML'")
        .param("j", r.json().path("jobId").asString()).query(Long.class).single()).isEqualTo(1);
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'IMPORT' and entity_id = :j")
        .param("j", r.json().path("jobId").asString()).query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void geoPackageWrittenByOgr2ogrIsImportedExactlyInEachAcceptedSrs() throws Exception {
    for (String srs : List.of("EPSG:4326", "EPSG:32648", "EPSG:3857")) {
      String source = "gpkg-" + srs.replace(':', '-') + "-" + UUID.randomUUID();
      Path gpkg = dir.resolve(source + ".gpkg");
      ogr2ogr("-f", "GPKG", "-nln", "incidents", "-t_srs", srs, gpkg.toString(), geojson(source).toString());
      Response r = upload("/api/incidents/import", GPKG, Files.readAllBytes(gpkg));
      assertThat(r.status()).as(srs + " " + r.body()).isEqualTo(201);
      compare(source, true);
    }
  }

  /** The administrators' recipe (docs/IMPORTS.md): Shapefile → GeoPackage with ogr2ogr, then the import. */
  @Test
  void shapefileThroughOgr2ogrToGeoPackage() throws Exception {
    String source = "shp-" + UUID.randomUUID();
    Path shp = dir.resolve(source + "-shp");
    // a Shapefile as people have them: dates as text (DBF has no date-time), names cut to 10 characters
    ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-mapFieldType", "DateTime=String", "-nln", "incidents",
        shp.toString(),
        geojson(source).toString());
    Path gpkg = dir.resolve(source + ".gpkg");
    ogr2ogr("-f", "GPKG", gpkg.toString(), shp.resolve("incidents.shp").toString());
    Response r = upload("/api/incidents/import", GPKG, Files.readAllBytes(gpkg));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    compare(source, true);
  }

  void refused(Response r, int status, String field, String source) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).as(r.body()).isEqualTo(field);
    if (source != null) {
      assertThat(stored(source)).isZero();
    }
  }

  @Test
  void brokenAndHostileGeoPackagesAreRefusedAndNothingIsStored() throws Exception {
    String source = "gpkg-bad-" + UUID.randomUUID();
    Path gpkg = dir.resolve(source + ".gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "incidents", gpkg.toString(), geojson(source).toString());
    byte[] whole = Files.readAllBytes(gpkg);
    // truncated: the header survives, the tables do not
    refused(upload("/api/incidents/import", GPKG, Arrays.copyOf(whole, whole.length / 2)), 400, "body", source);
    refused(upload("/api/incidents/import", GPKG, Arrays.copyOf(whole, 50)), 400, "body", source);
    // not SQLite at all, and SQLite that is not a GeoPackage
    refused(upload("/api/incidents/import", GPKG, "hello".repeat(40).getBytes()), 400, "body", source);
    Path sqlite = dir.resolve(source + ".sqlite");
    ogr2ogr("-f", "SQLite", sqlite.toString(), geojson(source).toString());
    refused(upload("/api/incidents/import", GPKG, Files.readAllBytes(sqlite)), 400, "body", source);
    // two tables and no choice; then the choice
    Path two = dir.resolve(source + "-two.gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "a", two.toString(), geojson(source).toString());
    ogr2ogr("-f", "GPKG", "-update", "-nln", "b", two.toString(), geojson(source).toString());
    refused(upload("/api/incidents/import", GPKG, Files.readAllBytes(two)), 422, "table", source);
    refused(upload("/api/incidents/import?table=c", GPKG, Files.readAllBytes(two)), 422, "table", source);
    refused(upload("/api/incidents/import?table=a", "text/csv", "x".getBytes()), 400, "table", source);
    Response chosen = upload("/api/incidents/import?table=b", GPKG, Files.readAllBytes(two));
    assertThat(chosen.status()).as(chosen.body()).isEqualTo(201);
    assertThat(stored(source)).isEqualTo(N);
    jdbc.sql("delete from incident where source = :s").param("s", source).update();
    // a line table
    String lines = "lines-" + UUID.randomUUID();
    Path lineJson = dir.resolve(lines + ".geojson");
    Files.writeString(lineJson, """
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"type":"OTHER","severity":1,
         "occurredAt":"2025-01-01T00:00:00Z","source":"%s"},
         "geometry":{"type":"LineString","coordinates":[[105.9,13.9],[105.91,13.91]]}}]}""".formatted(lines));
    Path lineGpkg = dir.resolve(lines + ".gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "l", lineGpkg.toString(), lineJson.toString());
    refused(upload("/api/incidents/import", GPKG, Files.readAllBytes(lineGpkg)), 422, "geom", lines);
    // an SRS that is not accepted
    Path other = dir.resolve(source + "-4269.gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "incidents", "-t_srs", "EPSG:32647", other.toString(), geojson(source).toString());
    refused(upload("/api/incidents/import", GPKG, Files.readAllBytes(other)), 422, "srs", source);
    // out of the area of interest: a row problem naming the row and the geometry column
    Path far = dir.resolve(source + "-far.geojson");
    Files.writeString(far, Files.readString(geojson(source)).replaceFirst("\\[105\\.9", "[2.3"));
    Path farGpkg = dir.resolve(source + "-far.gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "incidents", farGpkg.toString(), far.toString());
    Response out = upload("/api/incidents/import", GPKG, Files.readAllBytes(farGpkg));
    refused(out, 422, "geom", source);
    assertThat(out.json().path("errors").get(0).path("line").asInt()).isEqualTo(1);
  }

  /** More rows than the limit are refused before any is read (checked here with a small limit). */
  @Test
  void rowCountOverTheLimitIsRefusedBeforeReading() throws Exception {
    String source = "gpkg-many-" + UUID.randomUUID();
    Path gpkg = dir.resolve(source + ".gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "incidents", gpkg.toString(), geojson(source).toString());
    try {
      GeoPackageReader.open(gpkg, null, GeoPackageReader.Kind.POINT, N - 1).close();
      throw new AssertionError("not refused");
    } catch (org.borderzone.system.ApiException e) {
      assertThat(e.status().value()).isEqualTo(422);
      assertThat(e.errors().get(0).field()).isEqualTo("table");
    }
    GeoPackageReader.open(gpkg, null, GeoPackageReader.Kind.POINT, N).close();
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.borderzone.patrol.GraphHolder graphs;

  /**
   * The patrol network from KML and GeoPackage written by ogr2ogr gives exactly the network the same lines give
   * as GeoJSON (edges, vertices, length, kinds); a point table is refused. The demo network is restored after.
   */
  @Test
  void networkFromKmlAndGeoPackageEqualsTheGeoJsonImport() throws Exception {
    String lines = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"kind":"track","name":"T"},"geometry":{"type":"LineString","coordinates":[[105.90,13.85],[105.92,13.85]]}},
          {"type":"Feature","properties":{"kind":"trail"},"geometry":{"type":"LineString","coordinates":[[105.91,13.83],[105.91,13.87]]}},
          {"type":"Feature","properties":{"kind":"road"},"geometry":{"type":"LineString","coordinates":[[105.92002,13.85],[105.93,13.84]]}},
          {"type":"Feature","properties":{"kind":"road"},"geometry":{"type":"LineString","coordinates":[[105.9500,13.9290],[105.9509,13.9365]]}}]}
        """;
    Path json = dir.resolve("network.geojson");
    Files.writeString(json, lines);
    Path kml = dir.resolve("network.kml");
    ogr2ogr("-f", "KML", kml.toString(), json.toString());
    Path gpkg = dir.resolve("network.gpkg");
    ogr2ogr("-f", "GPKG", "-nln", "roads", gpkg.toString(), json.toString());
    owner().sql("drop table if exists apidoc_test_edges").update();
    owner().sql("create table apidoc_test_edges as select * from network_edge").update();
    String stats = "select count(*) || '/' || round(sum(st_length(geom::geography))) || '/' || string_agg(kind, ',' order by"
        + " kind) from network_edge";
    try {
      Response g = post("/api/network/import", lines);
      assertThat(g.status()).as(g.body()).isEqualTo(201);
      String reference = jdbc.sql(stats).query(String.class).single();
      Response k = upload("/api/network/import", KML, Files.readAllBytes(kml));
      assertThat(k.status()).as(k.body()).isEqualTo(201);
      assertThat(k.json().path("edges").asInt()).isEqualTo(g.json().path("edges").asInt());
      assertThat(jdbc.sql(stats).query(String.class).single()).isEqualTo(reference);
      Response p = upload("/api/network/import", GPKG, Files.readAllBytes(gpkg));
      assertThat(p.status()).as(p.body()).isEqualTo(201);
      assertThat(jdbc.sql(stats).query(String.class).single()).isEqualTo(reference);
      // all or nothing: a point table, a bad kind, a truncated file change nothing
      Path points = dir.resolve("points.gpkg");
      ogr2ogr("-f", "GPKG", "-nln", "incidents", points.toString(), geojson("net-" + UUID.randomUUID()).toString());
      refused(upload("/api/network/import", GPKG, Files.readAllBytes(points)), 422, "geom", null);
      refused(upload("/api/network/import", KML, Files.readString(kml).replace(">road<", ">highway<").getBytes()), 400,
          "Placemark[2].properties.kind", null);
      byte[] whole = Files.readAllBytes(gpkg);
      refused(upload("/api/network/import", GPKG, Arrays.copyOf(whole, whole.length / 2)), 400, "body", null);
      assertThat(jdbc.sql(stats).query(String.class).single()).isEqualTo(reference);
      // only the joint body's administrators
      assertThat(as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/network/import")))
          .header("Content-Type", KML).POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(kml))))
          .status()).isEqualTo(403);
    } finally {
      jdbc.sql("delete from network_edge").update();
      jdbc.sql("insert into network_edge select * from apidoc_test_edges").update();
      owner().sql("drop table apidoc_test_edges").update();
      graphs.awaitRebuild();
      graphs.rebuildNow();
    }
  }

  static final String HEAD = "<?xml version=\"1.0\"?>\n";
  static final String KML_OPEN = "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>";

  static String placemark(String coordinates, String geometry, String source) {
    return "<Placemark><ExtendedData><Data name=\"type\"><value>OTHER</value></Data><Data name=\"severity\"><value>2"
        + "</value></Data><Data name=\"occurredAt\"><value>2025-02-03T04:05:06Z</value></Data><Data name=\"source\">"
        + "<value>" + source + "</value></Data></ExtendedData><" + geometry + "><coordinates>" + coordinates
        + "</coordinates></" + geometry + "></Placemark>";
  }

  @Test
  void brokenAndHostileKmlIsRefusedAndNothingIsStored() throws Exception {
    String source = "kml-bad-" + UUID.randomUUID();
    String good = placemark("105.95,13.9", "Point", source);
    // XXE: an external entity reading a local file
    Files.writeString(dir.resolve("secret.txt"), "secret");
    String xxe = HEAD + "<!DOCTYPE kml [<!ENTITY xxe SYSTEM \"file://" + dir.resolve("secret.txt") + "\">]>"
        + KML_OPEN + placemark("105.95,13.9", "Point", source + "&xxe;") + "</Document></kml>";
    refused(upload("/api/incidents/import", KML, xxe.getBytes()), 400, "body", source);
    // the billion laughs
    StringBuilder bomb = new StringBuilder(HEAD + "<!DOCTYPE kml [<!ENTITY a0 \"lol\">");
    for (int i = 1; i < 10; i++) {
      bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
    }
    bomb.append("]>").append(KML_OPEN).append(placemark("105.95,13.9", "Point", "&a9;")).append("</Document></kml>");
    refused(upload("/api/incidents/import", KML, bomb.toString().getBytes()), 400, "body", source);
    // deep nesting
    String deep = HEAD + KML_OPEN + "<Folder>".repeat(100) + good + "</Folder>".repeat(100) + "</Document></kml>";
    refused(upload("/api/incidents/import", KML, deep.getBytes()), 400, "body", source);
    // not KML, and malformed XML
    refused(upload("/api/incidents/import", KML, (HEAD + "<gpx/>").getBytes()), 400, "body", source);
    refused(upload("/api/incidents/import", KML, (HEAD + KML_OPEN + good).getBytes()), 400, "body", source);
    // a LineString, NaN and a point outside the area: row problems naming the record and the field
    Response line = upload("/api/incidents/import", KML, (HEAD + KML_OPEN + good
        + placemark("105.9,13.9 105.91,13.91", "LineString", source) + "</Document></kml>").getBytes());
    refused(line, 422, "LineString", source); // an import with bad records is 422, listing them
    assertThat(line.json().path("errors").get(0).path("line").asInt()).isEqualTo(2);
    Response nan = upload("/api/incidents/import", KML, (HEAD + KML_OPEN + good + good
        + placemark("NaN,13.9", "Point", source) + "</Document></kml>").getBytes());
    refused(nan, 422, "Point.coordinates", source);
    assertThat(nan.json().path("errors").get(0).path("line").asInt()).isEqualTo(3);
    Response far = upload("/api/incidents/import", KML, (HEAD + KML_OPEN
        + placemark("2.35,48.85", "Point", source) + good + "</Document></kml>").getBytes());
    refused(far, 422, "Point.coordinates", source);
    // and the good record alone is imported
    Response ok = upload("/api/incidents/import", KML, (HEAD + KML_OPEN + good + "</Document></kml>").getBytes());
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);
    assertThat(stored(source)).isEqualTo(1);
    JsonNode one = get("/api/incidents/" + ok.json().path("ids").get(0).asString()).json();
    assertThat(one.path("properties").path("type").asString()).isEqualTo("OTHER");
  }
}
