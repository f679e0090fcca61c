package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The assertions of the OGC's executable test suite for Part 1 and Part 2 (ets-ogcapi-features10, which is not
 * served here), ported: every link of every response resolves with the media type it claims; every response
 * validates against our OpenAPI 3.0 document (Atlassian's swagger-request-validator); paging visits every feature
 * once and numberMatched equals the PostGIS count; bbox (in each CRS) and datetime select exactly what an
 * independent PostGIS query selects; HTML pages are well-formed, without scripts. As the demo admin (JBC),
 * who sees SHARED incidents and the JBC's own.
 */
class OgcConformanceIT extends IntegrationTest {

  /** Crawls from the landing page (depth 3, JSON and HTML), checking links, media types and the OpenAPI. */
  @Test
  void everyLinkResolvesWithItsMediaTypeAndEveryAnswerValidates() {
    String oas = get("/ogc/api").body();
    OpenApiInteractionValidator validator = OgcSupport.validator(oas);
    record Visit(String href, String type, int depth) {}
    Deque<Visit> todo = new ArrayDeque<>();
    todo.add(new Visit(url("/ogc"), "application/json", 0));
    todo.add(new Visit(url("/ogc?f=html"), "text/html", 0));
    Set<String> done = new HashSet<>();
    List<String> problems = new ArrayList<>();
    int htmlPages = 0;
    while (!todo.isEmpty() && done.size() < 400) {
      Visit v = todo.poll();
      if (!done.add(v.type() + " " + v.href())) {
        continue;
      }
      assertThat(v.href()).as("absolute").startsWith("http://localhost:" + port + "/ogc");
      Response r = send(HttpRequest.newBuilder(URI.create(v.href())).header("Accept", v.type()).GET());
      String what = v.type() + " " + v.href();
      assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(200);
      MediaType claimed = MediaType.parseMediaType(v.type());
      MediaType got = MediaType.parseMediaType(r.contentType());
      assertThat(got.isCompatibleWith(claimed) && got.getSubtype().equals(claimed.getSubtype()))
          .as(what + " answered " + r.contentType()).isTrue();
      problems.addAll(OgcSupport.validate(validator, "GET", v.href(), r).stream().map(m -> what + ": " + m).toList());
      List<String[]> links = new ArrayList<>();
      if (got.getSubtype().equals("html")) {
        htmlPages++;
        links.addAll(OgcSupport.strictHtml(r.body()));
      } else if (!got.getSubtype().contains("openapi") && !got.getSubtype().equals("schema+json")) {
        JsonNode doc = r.json();
        collect(doc.get("links"), links);
        if (doc.has("collections")) {
          doc.get("collections").forEach(c -> collect(c.get("links"), links));
        }
      }
      for (String[] l : links) {
        boolean html = l[1].equals("text/html");
        // an HTML page's own links to features pages are followed, the id anchors of a table are sampled
        if (v.depth() < 3 && !(html && v.depth() >= 2 && l[0].contains("/items/"))) {
          todo.add(new Visit(l[0], l[1], v.depth() + 1));
        }
      }
    }
    assertThat(done.size()).as("the crawl reached the items of every collection").isGreaterThan(40);
    assertThat(htmlPages).isGreaterThan(10);
    assertThat(problems).as("answers that do not validate against /ogc/api").isEmpty();
  }

  private static void collect(JsonNode links, List<String[]> out) {
    if (links == null) {
      return;
    }
    for (JsonNode l : links) {
      String type = l.path("type").asString("application/json");
      out.add(new String[] {l.path("href").asString(), type});
    }
  }

  /** Items in other CRSs, the item, the errors: each validates too. */
  @Test
  void answersInEveryCrsAndErrorsValidate() {
    OpenApiInteractionValidator validator = OgcSupport.validator(get("/ogc/api").body());
    List<String> problems = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (String crs : List.of(OgcSupport.CRS84, OgcSupport.EPSG4326, OgcSupport.EPSG32648, OgcSupport.EPSG3857)) {
      for (String c : List.of("segments", "pillars", "inspections", "incidents", "disputed-areas", "patrol-bases",
          "network")) {
        paths.add("/ogc/collections/" + c + "/items?limit=3&crs=" + crs);
        paths.add("/ogc/collections/" + c + "/items/1?crs=" + crs);
      }
    }
    paths.add("/ogc/collections/pillars/items?bbox=1,2,3");
    paths.add("/ogc/collections/pillars/items/999999999");
    for (String p : paths) {
      Response r = get(p, "application/geo+json");
      if (p.contains("/incidents/items/1?")) {
        assertThat(r.status()).isEqualTo(404);
      }
      problems.addAll(OgcSupport.validate(validator, "GET", url(p), r).stream().map(m -> p + ": " + m).toList());
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void crsAnswersCarryContentCrsAndTransformedCoordinates() {
    for (String crs : List.of(OgcSupport.CRS84, OgcSupport.EPSG4326, OgcSupport.EPSG32648, OgcSupport.EPSG3857)) {
      Response r = get("/ogc/collections/pillars/items/1?crs=" + crs);
      assertThat(r.raw().headers().firstValue("Content-Crs").orElse("")).isEqualTo("<" + crs + ">");
      JsonNode xy = r.json().at("/geometry/coordinates");
      int srid = crs.equals(OgcSupport.CRS84) || crs.equals(OgcSupport.EPSG4326) ? 4326
          : Integer.parseInt(crs.substring(crs.lastIndexOf('/') + 1));
      double[] oracle = jdbc.sql("select st_x(g), st_y(g) from (select st_transform(geom, :s) g from pillar"
          + " where id = 1) t").param("s", srid).query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2)})
          .single();
      boolean flip = crs.equals(OgcSupport.EPSG4326);
      double tol = srid == 4326 ? 1e-7 : 0.01;
      assertThat(xy.get(0).asDouble()).isCloseTo(flip ? oracle[1] : oracle[0], org.assertj.core.data.Offset.offset(tol));
      assertThat(xy.get(1).asDouble()).isCloseTo(flip ? oracle[0] : oracle[1], org.assertj.core.data.Offset.offset(tol));
      assertThat(r.body()).doesNotContain("\"crs\"");
    }
  }

  /** Paging: every feature exactly once, numberMatched the PostGIS count, for several page sizes. */
  @ParameterizedTest
  @CsvSource({"pillars,13,select id::text from pillar", "segments,100,select id::text from border_segment",
      "inspections,50,select id::text from inspection", "patrol-bases,5,select id::text from patrol_base",
      "incidents,10000,select public_id::text from incident where releasability = 'SHARED' or owner_org = 'JBC'"})
  void pagingVisitsEveryFeatureOnce(String collection, int limit, String oracleSql) {
    Set<String> oracle = new TreeSet<>(jdbc.sql(oracleSql).query(String.class).list());
    List<String> seen = new ArrayList<>();
    String next = url("/ogc/collections/" + collection + "/items?limit=" + limit);
    while (next != null) {
      JsonNode page = send(HttpRequest.newBuilder(URI.create(next)).GET()).json();
      assertThat(page.path("numberMatched").asLong()).isEqualTo(oracle.size());
      page.get("features").forEach(f -> seen.add(f.path("id").asString()));
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.path("rel").asString().equals("next")) {
          next = l.path("href").asString();
        }
      }
    }
    assertThat(new LinkedHashSet<>(seen)).hasSize(seen.size());
    assertThat(new TreeSet<>(seen)).isEqualTo(oracle);
  }

  /** bbox in each CRS selects what PostGIS selects, written independently of the server's SQL. */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "pillars; 105.8,14.0,106.9,14.6; ; select id::text from pillar where st_intersects(geom, st_makeenvelope(105.8,14.0,106.9,14.6,4326))",
      "segments; 105.8,14.0,106.9,14.6; ; select id::text from border_segment where st_intersects(geom, st_makeenvelope(105.8,14.0,106.9,14.6,4326))",
      "segments; 14.0,105.8,14.6,106.9; http://www.opengis.net/def/crs/EPSG/0/4326; select id::text from border_segment where st_intersects(geom, st_makeenvelope(105.8,14.0,106.9,14.6,4326))",
      "network; 560000,1540000,640000,1620000; http://www.opengis.net/def/crs/EPSG/0/32648; select id::text from network_edge where st_intersects(st_transform(geom, 32648), st_makeenvelope(560000,1540000,640000,1620000,32648))",
      "pillars; 11800000,1560000,11900000,1640000; http://www.opengis.net/def/crs/EPSG/0/3857; select id::text from pillar where st_intersects(st_transform(geom, 3857), st_makeenvelope(11800000,1560000,11900000,1640000,3857))",
      "incidents; 106.0,14.0,-100,106.5,14.5,100; ; select public_id::text from incident where (releasability = 'SHARED' or owner_org = 'JBC') and st_intersects(geom, st_makeenvelope(106.0,14.0,106.5,14.5,4326))"})
  void bboxSelectsWhatPostgisSelects(String collection, String bbox, String bboxCrs, String oracleSql) {
    String q = "bbox=" + bbox + (bboxCrs == null ? "" : "&bbox-crs=" + bboxCrs);
    assertSame(collection, q, oracleSql);
  }

  /** datetime: instants, closed and open intervals (both spellings), dates; timestamps and dates. */
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "incidents; 2024-01-01T00:00:00Z/2024-06-30T23:59:59Z; occurred_at >= '2024-01-01T00:00:00Z' and occurred_at <= '2024-06-30T23:59:59Z'",
      "incidents; ../2024-01-01T00:00:00Z; occurred_at <= '2024-01-01T00:00:00Z'",
      "incidents; 2025-03-01T00:00:00Z/..; occurred_at >= '2025-03-01T00:00:00Z'",
      "incidents; /2024-06-01T00:00:00Z; occurred_at <= '2024-06-01T00:00:00Z'",
      "incidents; 0000-01-01T00:00:00Z/2024-06-01T00:00:00Z; occurred_at <= '2024-06-01T00:00:00Z'",
      "incidents; 2025-03-01T00:00:00Z/9999-12-31T00:00:00Z; occurred_at >= '2025-03-01T00:00:00Z'",
      "incidents; 2024-02-01/2024-02-29; occurred_at >= '2024-02-01T00:00:00Z' and occurred_at < '2024-03-01T00:00:00Z'",
      "incidents; 2024-04-13T02:47:00Z; occurred_at = '2024-04-13T02:47:00Z'",
      "incidents; 2024-04-13T09:47:00+07:00; occurred_at = '2024-04-13T02:47:00Z'"})
  void datetimeSelectsWhatPostgisSelects(String collection, String datetime, String condition) {
    assertSame(collection, "datetime=" + datetime.replace("+", "%2B"), "select public_id::text from incident where"
        + " (releasability = 'SHARED' or owner_org = 'JBC') and " + condition);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "2024-01-01/2024-12-31; inspected_on between '2024-01-01' and '2024-12-31'",
      "2024-05-10T12:00:00Z/2024-09-01T00:00:00Z; inspected_on between '2024-05-10' and '2024-09-01'",
      "../2023-06-30T00:00:00Z; inspected_on <= '2023-06-30'"})
  void datetimeOnDates(String datetime, String condition) {
    assertSame("inspections", "datetime=" + datetime, "select id::text from inspection where " + condition);
  }

  @Test
  void simpleQueryablesSelectWhatPostgisSelects() {
    assertSame("segments", "status=DISPUTED", "select id::text from border_segment where status = 'DISPUTED'");
    assertSame("incidents", "type=SMUGGLING&severity=5", "select public_id::text from incident where"
        + " (releasability = 'SHARED' or owner_org = 'JBC') and type = 'SMUGGLING' and severity = 5");
    assertSame("network", "kind=ferry&inDisputedArea=false",
        "select id::text from network_edge where kind = 'ferry' and not in_disputed");
  }

  private void assertSame(String collection, String query, String oracleSql) {
    Set<String> oracle = new TreeSet<>(jdbc.sql(oracleSql).query(String.class).list());
    Response r = get("/ogc/collections/" + collection + "/items?limit=10000&" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode page = r.json();
    assertThat(page.path("numberMatched").asLong()).as(query).isEqualTo(oracle.size());
    Set<String> got = new TreeSet<>();
    // more than one page when other tests added incidents: follow next to the end, as a client does
    for (int pages = 0; ; pages++) {
      assertThat(pages).as("pages of " + query).isLessThan(100);
      page.get("features").forEach(f -> got.add(f.path("id").asString()));
      String next = null;
      for (JsonNode link : page.path("links")) {
        if ("next".equals(link.path("rel").asString())) {
          next = link.path("href").asString();
        }
      }
      if (next == null) {
        break;
      }
      Response nr = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(next)).GET());
      assertThat(nr.status()).as(nr.body()).isEqualTo(200);
      page = nr.json();
    }
    assertThat(got).as(query).isEqualTo(oracle);
    assertThat(oracle).as("the fixture selects something: " + query).isNotEmpty();
  }

  @Test
  void collectionExtentIsWhatPostgisSays() {
    JsonNode c = get("/ogc/collections/pillars").json();
    double[] e = jdbc.sql("select st_xmin(x), st_ymin(x), st_xmax(x), st_ymax(x) from (select st_extent(geom) x"
        + " from pillar) t").query((rs, i) -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3),
        rs.getDouble(4)}).single();
    JsonNode b = c.at("/extent/spatial/bbox/0");
    for (int i = 0; i < 4; i++) {
      assertThat(b.get(i).asDouble()).isCloseTo(e[i], org.assertj.core.data.Offset.offset(2e-7));
    }
    assertThat(b.get(0).asDouble()).isLessThanOrEqualTo(e[0]);
    assertThat(b.get(2).asDouble()).isGreaterThanOrEqualTo(e[2]);
    String t0 = jdbc.sql("select to_char(min(status_since) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        + " from pillar").query(String.class).single();
    assertThat(c.at("/extent/temporal/interval/0/0").asString()).isEqualTo(t0);
  }

  @Test
  void forwardedHeadersMakeTheLinks() {
    Response r = send(HttpRequest.newBuilder(URI.create(url("/ogc"))).header("X-Forwarded-Proto", "https")
        .header("X-Forwarded-Host", "gis.example.org").header("X-Forwarded-Port", "443")
        .header("X-Forwarded-Prefix", "/bz").GET());
    for (JsonNode l : r.json().get("links")) {
      assertThat(l.path("href").asString()).startsWith("https://gis.example.org/bz/ogc");
    }
  }

  @Test
  void htmlIsChosenByAcceptOrF() {
    String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    assertThat(get("/ogc/collections", browser).contentType()).startsWith("text/html");
    assertThat(get("/ogc/collections?f=json", browser).contentType()).startsWith("application/json");
    assertThat(get("/ogc/collections", "application/json").contentType()).startsWith("application/json");
    assertThat(get("/ogc/collections", "*/*").contentType()).startsWith("application/json");
    Response items = get("/ogc/collections/incidents/items?f=html&limit=50");
    assertThat(items.contentType()).startsWith("text/html");
    OgcSupport.strictHtml(items.body());
  }
}
