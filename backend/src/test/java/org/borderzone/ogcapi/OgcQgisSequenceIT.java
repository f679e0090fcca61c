package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays what QGIS's OGC API – Features provider sends (qgis/QGIS src/providers/wfs/oapif/, reference section
 * 1.1) and reads each answer the way QGIS does: with HTTP Basic sent unprompted on every request (OPTIONS
 * included), as a user whose password has Khmer letters (UTF-8, as current QGIS encodes it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcQgisSequenceIT extends IntegrationTest {

  static final String USER = "ogc-qgis-kh";
  static final String PASSWORD = "ពាក្យសម្ងាត់-QGIS-២០២៦";

  Client qgis;

  @BeforeAll
  void user() {
    ensureUser(USER, PASSWORD, "QGIS (KH planner)", "KH", "PLANNER");
    qgis = as(USER, PASSWORD);
  }

  @AfterAll
  void disable() {
    disableUser(USER);
  }

  private Response fetch(String absoluteUrl, String accept) {
    Response r = qgis.send(HttpRequest.newBuilder(URI.create(absoluteUrl)).header("Accept", accept).GET());
    assertThat(r.status()).as("GET " + absoluteUrl + " -> " + r.body()).isEqualTo(200);
    return r;
  }

  private static String href(JsonNode links, String rel, String preferredType) {
    String any = null;
    for (JsonNode l : links) {
      if (rel.equals(l.path("rel").asString())) {
        assertThat(l.path("href").asString()).as("absolute " + rel).startsWith("http://");
        if (preferredType == null || preferredType.equals(l.path("type").asString())) {
          return l.path("href").asString();
        }
        any = l.path("href").asString();
      }
    }
    return any;
  }

  @Test
  void qgisOpensEditsAndPagesTheLayers() {
    // 1. landing page (both with and without the trailing slash), JSON asked for
    for (String landingUrl : List.of(url("/ogc"), url("/ogc/"))) {
      Response landing = fetch(landingUrl, "application/json");
      assertThat(landing.contentType()).startsWith("application/json");
      JsonNode links = landing.json().get("links");
      assertThat(href(links, "service-desc", "application/vnd.oai.openapi+json;version=3.0")).isNotNull();
      assertThat(href(links, "data", null)).isNotNull();
      assertThat(href(links, "conformance", null)).isNotNull();
      assertThat(href(links, "service-doc", "text/html")).isNotNull();
    }
    JsonNode links = fetch(url("/ogc"), "application/json").json().get("links");
    String data = href(links, "data", null).replaceAll("\\?f=json$", "");

    // 2. the API document: limit's default and maximum size QGIS's pages; literal items paths give the
    //    simple queryables
    Response api = fetch(href(links, "service-desc", "application/vnd.oai.openapi+json;version=3.0"),
        "application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json");
    assertThat(api.contentType()).startsWith("application/vnd.oai.openapi+json");
    JsonNode oas = api.json();
    assertThat(oas.path("openapi").asString()).startsWith("3.0");
    JsonNode limit = oas.at("/components/parameters/limit/schema");
    assertThat(limit.path("default").asInt()).isEqualTo(10);
    assertThat(limit.path("maximum").asInt()).isEqualTo(10_000);
    int pageSize = Math.min(Math.max(1000, limit.path("default").asInt()), limit.path("maximum").asInt());
    assertThat(pageSize).isEqualTo(1000);
    JsonNode itemsOp = oas.at("/paths/~1collections~1incidents~1items/get/parameters");
    List<String> simple = new ArrayList<>();
    for (JsonNode p : itemsOp) {
      if ("query".equals(p.path("in").asString()) && "form".equals(p.path("style").asString())
          && !p.path("explode").asBoolean(true)) {
        simple.add(p.path("name").asString());
      }
    }
    assertThat(simple).contains("type", "status", "severity");
    assertThat(oas.at("/info/contact").isObject()).isTrue();

    // 3. conformance: Part 2 enabled by its class
    JsonNode conf = fetch(href(links, "conformance", null), "application/json").json();
    List<String> classes = new ArrayList<>();
    conf.get("conformsTo").forEach(c -> classes.add(c.asString()));
    assertThat(classes).contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core");

    // 4. collections and each collection as {data}/{id}: ids without dots, extent, storageCrs, crs
    JsonNode collections = fetch(data, "application/json").json().get("collections");
    Set<String> ids = new HashSet<>();
    for (JsonNode c : collections) {
      String id = c.path("id").asString();
      ids.add(id);
      assertThat(id).matches("[a-z0-9_-]+");
      JsonNode one = fetch(data + "/" + id, "application/json").json();
      assertThat(one.path("id").asString()).isEqualTo(id);
      assertThat(one.path("storageCrs").asString()).isEqualTo(OgcSupport.CRS84);
      assertThat(one.at("/extent/spatial/bbox/0").size()).isIn(4, 6);
      assertThat(one.path("crs").toString()).contains(OgcSupport.EPSG4326);
    }
    assertThat(ids).containsExactlyInAnyOrder("segments", "pillars", "inspections", "incidents", "disputed-areas",
        "patrol-bases", "network");

    // 5. sample page, count, then the next chain (with a bbox) verbatim until absent
    String items = data + "/pillars/items";
    JsonNode sample = fetch(items + "?limit=10", "application/geo+json, application/json").json();
    assertThat(sample.path("numberMatched").isIntegralNumber()).isTrue();
    assertThat(sample.path("numberReturned").asInt()).isEqualTo(10);
    assertThat(sample.at("/features/0/id").isString()).isTrue();
    long count = fetch(items + "?limit=1", "application/geo+json, application/json").json().path("numberMatched")
        .asLong();
    assertThat(count).isEqualTo(jdbc.sql("select count(*) from pillar").query(Long.class).single());

    String bbox = "105.5,13.9,107.0,15.0";
    long expected = jdbc.sql("select count(*) from pillar where st_intersects(geom,"
        + " st_makeenvelope(105.5, 13.9, 107.0, 15.0, 4326))").query(Long.class).single();
    assertThat(expected).as("the fixture: several pages").isGreaterThan(30);
    assertThat(follow(items + "?limit=7&bbox=" + bbox, expected)).hasSize((int) expected);
    // QGIS with a lat-first layer CRS swaps the axes and says so
    assertThat(follow(items + "?limit=9&bbox=13.9,105.5,15.0,107.0&bbox-crs=" + OgcSupport.EPSG4326, expected))
        .hasSize((int) expected);

    // 6. edit detection
    Response opt = qgis.send(HttpRequest.newBuilder(URI.create(data + "/incidents/items"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(opt.status()).isEqualTo(200);
    assertThat(opt.raw().headers().firstValue("Allow").orElse("")).contains("POST").doesNotContain("DELETE");
    Response optItem = qgis.send(HttpRequest.newBuilder(URI.create(data + "/incidents/items/unknown_id"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(optItem.raw().headers().firstValue("Allow").orElse("")).contains("PUT").doesNotContain("DELETE")
        .doesNotContain("PATCH");
    Response optRead = qgis.send(HttpRequest.newBuilder(URI.create(data + "/segments/items"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(optRead.raw().headers().firstValue("Allow").orElse("")).doesNotContain("POST");

    // 7. create (QGIS omits id and bbox; Content-Crs with lat-first axes when the layer is EPSG:4326)
    String source = "qgis-" + java.util.UUID.randomUUID();
    Response created = qgis.send(HttpRequest.newBuilder(URI.create(data + "/incidents/items"))
        .header("Content-Type", "application/geo+json").header("Content-Crs", "<" + OgcSupport.EPSG4326 + ">")
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
            + "\"coordinates\":[14.4,106.2]},\"properties\":{\"occurredAt\":\"2002-03-01T00:00:00Z\",\"type\":"
            + "\"SMUGGLING\",\"severity\":2,\"source\":\"" + source + "\",\"description\":null,\"status\":null}}")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String location = created.raw().headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("http://").contains("/items/");
    assertThat(created.raw().headers().firstValue("Content-Crs").orElse("")).isEqualTo("<" + OgcSupport.CRS84 + ">");
    String newId = location.substring(location.indexOf("/items/") + "/items/".length());
    assertThat(created.json().path("id").asString()).isEqualTo(newId);
    JsonNode stored = fetch(location, "application/geo+json, application/json").json();
    assertThat(stored.at("/geometry/coordinates/0").asDouble()).isEqualTo(106.2);
    assertThat(stored.at("/geometry/coordinates/1").asDouble()).isEqualTo(14.4);
    assertThat(stored.at("/properties/ownerOrg").asString()).isEqualTo("KH");
    assertThat(jdbc.sql("select count(*) from audit_event where entity = 'incident' and entity_id = :id"
        + " and action = 'CREATE'").param("id", newId).query(Long.class).single()).isEqualTo(1);

    // 8. replace: QGIS sends the whole feature back with the changed attribute; the stored feature comes back
    ObjectNode edit = (ObjectNode) stored.deepCopy();
    edit.remove("links");
    ((ObjectNode) edit.get("properties")).put("status", "VERIFIED");
    Response put = qgis.send(HttpRequest.newBuilder(URI.create(location))
        .header("Content-Type", "application/geo+json").PUT(HttpRequest.BodyPublishers.ofString(edit.toString())));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.json().at("/properties/status").asString()).isEqualTo("VERIFIED");
    assertThat(put.json().at("/properties/version").asInt()).isEqualTo(1);
    assertThat(fetch(location, "application/geo+json").json().at("/properties/status").asString()).isEqualTo("VERIFIED");
    // a fact cannot be edited: 409 naming it, nothing stored
    ObjectNode move = (ObjectNode) put.json().deepCopy();
    ((ObjectNode) move.get("properties")).put("severity", 5);
    Response refused = qgis.send(HttpRequest.newBuilder(URI.create(location))
        .header("Content-Type", "application/geo+json").PUT(HttpRequest.BodyPublishers.ofString(move.toString())));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().path("field").asString()).isEqualTo("properties.severity");

    // 9. delete: refused with the reason and the methods that do work
    Response del = qgis.send(HttpRequest.newBuilder(URI.create(location)).DELETE());
    assertThat(del.status()).isEqualTo(405);
    assertThat(del.contentType()).startsWith("application/problem+json");
    assertThat(del.raw().headers().firstValue("Allow").orElse("")).contains("GET").doesNotContain("DELETE");
    assertThat(fetch(location, "application/geo+json").status()).isEqualTo(200);
  }

  /** Follows next links verbatim from {@code first}; every feature once, numberMatched constant. */
  private List<String> follow(String first, long expected) {
    List<String> seen = new ArrayList<>();
    String next = first;
    int pages = 0;
    while (next != null) {
      JsonNode page = fetch(next, "application/geo+json, application/json").json();
      assertThat(page.path("numberMatched").asLong()).isEqualTo(expected);
      assertThat(page.path("numberReturned").asInt()).isEqualTo(page.get("features").size());
      page.get("features").forEach(f -> seen.add(f.path("id").asString()));
      String n = href(page.get("links"), "next", "application/geo+json");
      if (n != null) {
        assertThat(page.get("features").size()).as("a page with a next link is not empty").isPositive();
      }
      next = n;
      assertThat(++pages).isLessThan(1000);
    }
    assertThat(new HashSet<>(seen)).as("no feature twice").hasSize(seen.size());
    return seen;
  }
}
