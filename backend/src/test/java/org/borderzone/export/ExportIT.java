package org.borderzone.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import tools.jackson.databind.JsonNode;

/**
 * Exports read back by GDAL, an independent reader, and compared with the database through SQL written here
 * (not the server's statements): every dataset × format, the releasability of every dataset × format for a Lao
 * user, the KML against the OGC KML 2.2 schema, the CSV injection rule and hostile filters.
 */
class ExportIT extends IntegrationTest {

  static final List<String> DATASETS = List.of("incidents", "segments", "pillars", "inspections", "patrol-plans");
  static final List<String> FORMATS = List.of("geojson", "csv", "kml", "gpkg", "fgb");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Where incidents are exported: the border's east part in the last 120 days of the data (a few hundred). */
  static final String BBOX = "105.5,13.5,107.7,15.2";

  @TempDir
  Path dir;

  String window;
  OffsetDateTime from;
  OffsetDateTime to;

  @BeforeEach
  void plans() {
    to = jdbc.sql("select max(occurred_at) from incident where source is distinct from 'bench-export'")
        .query(OffsetDateTime.class).single().plusSeconds(1);
    from = to.minusDays(120);
    window = "&from=" + enc(from.toString()) + "&to=" + enc(to.toString());
    // One national plan per country and a joint one (the demo saves none), with route lines.
    for (String[] p : new String[][] {{"export-kh", "KH", "false"}, {"export-la", "LA", "false"},
        {"export-joint", "KH", "true"}}) {
      owner().sql("""
          insert into patrol_plan (name, owner_org, created_by, mode, profile, route_geom, length_m, duration_s, joint)
          select :name, :org, 'export-test', 'loop', 'foot',
                 st_multi(st_setsrid(st_makeline(st_makepoint(106.0, 14.0), st_makepoint(106.1, 14.1)), 4326)),
                 15000, 3600, :joint
          where not exists (select 1 from patrol_plan where name = :name)
          """).param("name", p[0]).param("org", p[1]).param("joint", Boolean.parseBoolean(p[2])).update();
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The export's filters per dataset (incidents and inspections: a window; plans: all of the test's). */
  String filters(String dataset) {
    return switch (dataset) {
      case "incidents" -> "bbox=" + BBOX + window;
      case "segments" -> "bbox=105.5,13.5,107.0,15.0&status=PENDING,SURVEYED,DEMARCATED,RATIFIED,DISPUTED";
      case "pillars" -> "bbox=105.5,13.5,107.0,15.0";
      case "inspections" -> "from=2000-01-01";
      default -> "status=PLANNED";
    };
  }

  /** What {@code org} may see of the dataset with {@link #filters}: id → status (or type), by SQL of its own. */
  Map<String, String> expected(String dataset, String org) {
    String sql = switch (dataset) {
      case "incidents" -> """
          select public_id::text as id, type as v from incident
          where (releasability = 'SHARED' or owner_org = :org or id in (select r.incident_id from incident_release r where r.to_org = :org and r.withdrawn_at is null)) and occurred_at >= :from and occurred_at < :to
            and st_intersects(geom, st_makeenvelope(105.5, 13.5, 107.7, 15.2, 4326))
          """;
      case "segments" -> """
          select id::text, status as v from border_segment
          where st_intersects(geom, st_makeenvelope(105.5, 13.5, 107.0, 15.0, 4326)) and :org is not null
          """;
      case "pillars" -> """
          select id::text, status as v from pillar
          where st_intersects(geom, st_makeenvelope(105.5, 13.5, 107.0, 15.0, 4326)) and :org is not null
          """;
      case "inspections" -> "select id::text, outcome as v from inspection where :org is not null";
      default -> "select id::text, status as v from patrol_plan where (owner_org = :org or joint) and status = 'PLANNED'";
    };
    Map<String, String> m = new HashMap<>();
    jdbc.sql(sql).param("org", org).param("from", from).param("to", to)
        .query(rs -> {
          m.put(rs.getString("id"), rs.getString("v"));
        });
    return m;
  }

  static String valueColumn(String dataset) {
    return switch (dataset) {
      case "incidents" -> "type";
      case "inspections" -> "outcome";
      default -> "status";
    };
  }

  HttpResponse<byte[]> download(String user, String path) throws IOException, InterruptedException {
    return HTTP.send(basic(HttpRequest.newBuilder(URI.create(url(path))), user, DEMO_PASSWORD)
        .timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Downloads an export and returns what GDAL reads of it. */
  JsonNode exportAndRead(String user, String dataset, String format) throws Exception {
    HttpResponse<byte[]> r = download(user, "/api/exports/" + dataset + "?f=" + format + "&" + filters(dataset));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    String media = switch (format) {
      case "geojson" -> "application/geo+json";
      case "csv" -> "text/csv";
      case "kml" -> "application/vnd.google-earth.kml+xml";
      case "gpkg" -> "application/geopackage+sqlite3";
      default -> "application/flatgeobuf";
    };
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(media);
    String ext = format;
    assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
        .matches("attachment; filename=\"" + dataset + "-\\d{4}-\\d{2}-\\d{2}\\." + ext + "\"");
    Path file = dir.resolve(dataset + "-" + user + "." + ext);
    Files.write(file, r.body());
    return Gdal.read(file);
  }

  /**
   * The feature's id as GDAL read it: the {@code id} attribute, or (GeoJSON, where GDAL takes a string feature
   * {@code id} equal to the attribute as the feature's own id) the feature's {@code id}.
   */
  static String idOf(JsonNode f) {
    JsonNode p = f.get("properties");
    return p.has("id") ? p.get("id").asString() : f.get("id").asString();
  }

  static Stream<Arguments> datasetsAndFormats() {
    return DATASETS.stream().flatMap(d -> FORMATS.stream().map(f -> Arguments.of(d, f)));
  }

  /**
   * GDAL reads back exactly the features the database holds for a Cambodian planner (count, ids, and the status
   * or type of each), and the point positions agree to 1e-7°.
   */
  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("datasetsAndFormats")
  void gdalReadsBackWhatTheDatabaseHolds(String dataset, String format) throws Exception {
    JsonNode fc = exportAndRead("kh-planner", dataset, format);
    Map<String, String> expected = expected(dataset, "KH");
    assertThat(expected).as("the test's filter selects something").isNotEmpty();
    Map<String, String> got = new HashMap<>();
    for (JsonNode f : fc.get("features")) {
      JsonNode p = f.get("properties");
      String id = idOf(f);
      assertThat(got.put(id, p.get(valueColumn(dataset)).asString())).as("id " + id + " once").isNull();
      if (f.get("geometry") != null && !f.get("geometry").isNull()) {
        assertThat(f.get("geometry").get("type").asString()).isIn("Point", "LineString", "MultiLineString");
      } else {
        assertThat(dataset).as("only an inspection may lack a geometry").isEqualTo("inspections");
      }
    }
    assertThat(got).isEqualTo(expected);
    if (dataset.equals("pillars")) {
      for (JsonNode f : fc.get("features")) {
        double[] xy = jdbc.sql("select st_x(geom), st_y(geom) from pillar where id = :id")
            .param("id", Integer.parseInt(idOf(f)))
            .query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        JsonNode c = f.get("geometry").get("coordinates");
        assertThat(c.get(0).asDouble()).isCloseTo(xy[0], org.assertj.core.data.Offset.offset(1.1e-7));
        assertThat(c.get(1).asDouble()).isCloseTo(xy[1], org.assertj.core.data.Offset.offset(1.1e-7));
      }
    }
  }

  /** Typed attributes survive: severity, distance, times and booleans of incidents in GeoPackage and FlatGeobuf. */
  @ParameterizedTest
  @MethodSource("binaryFormats")
  void typedAttributesSurvive(String format) throws Exception {
    JsonNode fc = exportAndRead("kh-planner", "incidents", format);
    int checked = 0;
    for (JsonNode f : fc.get("features")) {
      JsonNode p = f.get("properties");
      Map<String, Object> row = jdbc.sql("""
          select severity, round(distance_to_border_m::numeric, 1)::float8 as d, in_disputed_area, occurred_at,
                 owner_org, releasability
          from incident where public_id = cast(:id as uuid)
          """).param("id", idOf(f)).query().singleRow();
      assertThat(p.get("severity").asInt()).isEqualTo(((Number) row.get("severity")).intValue());
      if (row.get("d") != null) {
        assertThat(p.get("distanceToBorderM").asDouble()).isEqualTo((Double) row.get("d"));
      }
      assertThat(p.get("ownerOrg").asString()).isEqualTo(row.get("owner_org"));
      assertThat(p.get("releasability").asString()).isEqualTo(row.get("releasability"));
      assertThat(OffsetDateTime.parse(p.get("occurredAt").asString().replace(' ', 'T')
          .replaceAll("\\+00$", "Z").replaceAll("([0-9])$", "$1Z")).toInstant())
          .isEqualTo(((java.sql.Timestamp) row.get("occurred_at")).toInstant());
      if (++checked == 50) {
        break;
      }
    }
    assertThat(checked).isPositive();
  }

  static Stream<String> binaryFormats() {
    return Stream.of("gpkg", "fgb");
  }

  /**
   * A Lao user never receives a Cambodian national incident or a Cambodian national plan, in any dataset or
   * format, while the scope of the export does hold such rows (so the test can fail).
   */
  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("datasetsAndFormats")
  void laoUsersGetNoCambodianNationalData(String dataset, String format) throws Exception {
    String user = dataset.equals("patrol-plans") ? "la-planner" : "la-viewer";
    JsonNode fc = exportAndRead(user, dataset, format);
    Set<String> ids = new HashSet<>();
    fc.get("features").forEach(f -> ids.add(idOf(f)));
    assertThat(ids).isEqualTo(expected(dataset, "LA").keySet());
    if (dataset.equals("incidents")) {
      long national = jdbc.sql("""
          select count(*) from incident where owner_org = 'KH' and releasability = 'NATIONAL'
            and occurred_at >= :from and occurred_at < :to
            and st_intersects(geom, st_makeenvelope(105.5, 13.5, 107.7, 15.2, 4326))
          """).param("from", from).param("to", to).query(Long.class).single();
      assertThat(national).as("KH NATIONAL incidents in scope").isPositive();
      long leaked = jdbc.sql("""
          select count(*) from incident where owner_org = 'KH' and releasability = 'NATIONAL'
            and public_id::text in (:ids)
            and id not in (select r.incident_id from incident_release r where r.to_org = 'LA' and r.withdrawn_at is null)
          """).param("ids", ids.isEmpty() ? List.of("-") : List.copyOf(ids)).query(Long.class).single();
      assertThat(leaked).isZero();
    }
    if (dataset.equals("patrol-plans")) {
      String kh = jdbc.sql("select id::text from patrol_plan where name = 'export-kh'").query(String.class).single();
      String joint = jdbc.sql("select id::text from patrol_plan where name = 'export-joint'").query(String.class).single();
      assertThat(ids).doesNotContain(kh).contains(joint);
    }
  }

  /** Patrol plans are exported to planners and patrols only, like their reads. */
  @Test
  void plansAreForPatrolRoles() throws Exception {
    assertThat(download("kh-viewer", "/api/exports/patrol-plans?f=csv").statusCode()).isEqualTo(403);
    assertThat(download("kh-commission", "/api/exports/patrol-plans?f=csv").statusCode()).isEqualTo(403);
    assertThat(download("kh-patrol", "/api/exports/patrol-plans?f=csv").statusCode()).isEqualTo(200);
    assertThat(download("kh-viewer", "/api/exports/PATROL-PLANS?f=csv").statusCode()).isEqualTo(404);
    assertThat(anonymous().get("/api/exports/segments").status()).isEqualTo(401);
  }

  /** Every dataset's KML validates against the OGC KML 2.2 schema (ogckml22.xsd from the ogc-schemas jar). */
  @ParameterizedTest
  @MethodSource("datasets")
  void kmlIsValidKml22(String dataset) throws Exception {
    HttpResponse<byte[]> r = download("kh-planner", "/api/exports/" + dataset + "?f=kml&" + filters(dataset));
    assertThat(r.statusCode()).isEqualTo(200);
    Validator v = kmlSchema().newValidator();
    v.validate(new StreamSource(new java.io.ByteArrayInputStream(r.body())));
    String kml = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(kml).contains("<Style id=").contains("<styleUrl>#");
  }

  static Stream<String> datasets() {
    return DATASETS.stream();
  }

  /** The OGC schema; its import of OASIS xAL (an http URL) is resolved inside the same jar, never fetched. */
  static javax.xml.validation.Schema kmlSchema() throws Exception {
    SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    sf.setResourceResolver(new LSResourceResolver() {
      @Override
      public LSInput resolveResource(String type, String ns, String publicId, String systemId, String baseUri) {
        String path = systemId.startsWith("http://docs.oasis-open.org/election/external/")
            ? "/oasis/election/external/" + systemId.substring(systemId.lastIndexOf('/') + 1)
            : systemId.contains("/") ? null : "/ogc/kml/2.2.0/" + systemId;
        if (path == null) {
          throw new IllegalStateException("schema outside the jar: " + systemId);
        }
        InputStream in = ExportIT.class.getResourceAsStream(path);
        org.w3c.dom.ls.DOMImplementationLS ls;
        try {
          ls = (org.w3c.dom.ls.DOMImplementationLS) org.w3c.dom.bootstrap.DOMImplementationRegistry.newInstance()
              .getDOMImplementation("LS");
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        LSInput input = ls.createLSInput();
        input.setByteStream(in);
        input.setSystemId(systemId);
        return input;
      }
    });
    sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    return sf.newSchema(new StreamSource(ExportIT.class.getResource("/ogc/kml/2.2.0/ogckml22.xsd").toString()));
  }

  /**
   * A text cell starting with = + - @ (or a tab) is prefixed with an apostrophe in the CSV, and only in the
   * CSV; quotes, commas and line breaks are quoted per RFC 4180; the file starts with a BOM unless bom=false.
   */
  @Test
  void csvNeutralisesFormulasAndQuotes() throws Exception {
    String source = "export-csv-" + System.nanoTime();
    String description = "=HYPERLINK(\"http://x\",\"a, b\")\nline 2 ខ្មែរ ລາວ";
    String body = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.01,14.01]},"
        + "\"properties\":{\"type\":\"SMUGGLING\",\"severity\":2,\"occurredAt\":\"" + from.plusDays(1)
        + "\",\"source\":\"" + source + "\",\"description\":" + JSON.writeValueAsString(description)
        + ",\"releasability\":\"SHARED\"}}";
    Response created = as("kh-planner").post("/api/incidents", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asString();
    String path = "/api/exports/incidents?f=csv&bbox=106.0,14.0,106.02,14.02" + window;
    byte[] csv = download("kh-planner", path).body();
    assertThat(csv[0] & 0xFF).isEqualTo(0xEF);
    assertThat(csv[1] & 0xFF).isEqualTo(0xBB);
    String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
    assertThat(text).startsWith("id,type,severity,status,occurredAt").contains("\r\n");
    assertThat(text).contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\nline 2 ខ្មែរ ລາວ\",");
    byte[] plain = download("kh-planner", path + "&bom=false").body();
    assertThat(new String(plain, 0, 2, StandardCharsets.UTF_8)).isEqualTo("id");
    Path file = dir.resolve("inj.csv");
    Files.write(file, csv);
    JsonNode fc = Gdal.read(file);
    JsonNode row = null;
    for (JsonNode f : fc.get("features")) {
      if (idOf(f).equals(id)) {
        row = f.get("properties");
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.get("description").asString()).isEqualTo("'" + description);
    // GeoJSON carries the text as it is
    JsonNode gj = JSON.readTree(download("kh-planner", path.replace("f=csv", "f=geojson")).body());
    boolean found = false;
    for (JsonNode f : gj.get("features")) {
      if (f.get("id").asString().equals(id)) {
        found = true;
        assertThat(f.get("properties").get("description").asString()).isEqualTo(description);
      }
    }
    assertThat(found).isTrue();
  }

  @Test
  void neutraliseRule() {
    for (String s : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
      assertThat(CsvExport.neutralise(s)).isEqualTo("'" + s);
    }
    for (String s : List.of("1", "a=b", " =x", "", "'=x")) {
      assertThat(CsvExport.neutralise(s)).isEqualTo(s);
    }
  }

  /** Hostile filters: 4xx problem+json naming the parameter, never a 5xx. */
  @ParameterizedTest
  @MethodSource("hostile")
  void hostileFiltersAreRefusedNamingTheParameter(String query, int status, String field) {
    Response r = get("/api/exports/" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(r.json().get("field").asString()).isEqualTo(field);
    }
  }

  static Stream<Arguments> hostile() {
    return Stream.of(
        Arguments.of("incidents?f=xlsx", 400, "f"),
        Arguments.of("incidents?f=csv&f=kml", 400, "f"),
        Arguments.of("incidents?bbox=1,2,3", 400, "bbox"),
        Arguments.of("incidents?bbox=NaN,1,2,3", 400, "bbox"),
        Arguments.of("incidents?bbox=107,14,105,15", 400, "bbox"),
        Arguments.of("incidents?bbox=-200,14,105,15", 400, "bbox"),
        Arguments.of("incidents?from=yesterday", 400, "from"),
        Arguments.of("incidents?from=2026-02-01&to=2026-01-01", 400, "from"),
        Arguments.of("incidents?to=99999-01-01", 400, "to"),
        Arguments.of("incidents?type=SMUGGLING,NOPE", 400, "type"),
        Arguments.of("incidents?type=" + "A".repeat(600), 400, "type"),
        Arguments.of("incidents?status=RATIFIED", 400, "status"),
        Arguments.of("incidents?minSeverity=9", 400, "minSeverity"),
        Arguments.of("incidents?minSeverity=x", 400, "minSeverity"),
        Arguments.of("incidents?sql=1;drop%20table%20incident", 400, "sql"),
        Arguments.of("incidents?bom=maybe&f=csv", 400, "bom"),
        Arguments.of("segments?type=SMUGGLING", 400, "type"),
        Arguments.of("segments?from=2026-01-01", 400, "from"),
        Arguments.of("pillars?status=RATIFIED", 400, "status"),
        Arguments.of("inspections?status=PASSED", 400, "status"),
        Arguments.of("incidents?f=html", 406, null),
        Arguments.of("..%2F..%2Fetc%2Fpasswd", 400, "path"),
        Arguments.of("users", 404, null));
  }
}
