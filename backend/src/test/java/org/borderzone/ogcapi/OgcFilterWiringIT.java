package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The wiring of CQL2 into the items (the parser's own end-to-end test is Cql2FilterIT): the filter classes
 * QGIS needs are listed; every queryable the schema publishes is accepted by the parser; a filter selects what
 * PostGIS selects, combined with bbox and datetime, in every filter-crs, and the next links keep it;
 * releasability holds under a filter.
 */
class OgcFilterWiringIT extends IntegrationTest {

  private Set<String> ids(String collection, String query) {
    Set<String> out = new TreeSet<>();
    String next = url("/ogc/collections/" + collection + "/items?limit=50&" + query);
    while (next != null) {
      Response r = send(HttpRequest.newBuilder(URI.create(next)).GET());
      assertThat(r.status()).as(next + " -> " + r.body()).isEqualTo(200);
      JsonNode page = r.json();
      page.get("features").forEach(f -> out.add(f.path("id").asString()));
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.path("rel").asString().equals("next")) {
          next = l.path("href").asString();
        }
      }
    }
    return out;
  }

  private static String f(String cql) {
    return "filter=" + URLEncoder.encode(cql, StandardCharsets.UTF_8) + "&filter-lang=cql2-text";
  }

  private Set<String> oracle(String sql) {
    return new TreeSet<>(jdbc.sql(sql).query(String.class).list());
  }

  @Test
  void conformanceListsWhatQgisNeedsForFilters() {
    List<String> classes = new ArrayList<>();
    get("/ogc/conformance").json().get("conformsTo").forEach(c -> classes.add(c.asString()));
    assertThat(classes).contains("http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2");
  }

  @Test
  void everyPublishedQueryableIsAcceptedByTheParser() {
    for (String c : List.of("segments", "pillars", "inspections", "incidents", "disputed-areas", "patrol-bases",
        "network")) {
      JsonNode props = get("/ogc/collections/" + c + "/queryables").json().get("properties");
      props.properties().forEach(e -> {
        Response r = get("/ogc/collections/" + c + "/items?limit=1&" + f(e.getKey() + " IS NULL OR " + e.getKey()
            + " IS NOT NULL"));
        assertThat(r.status()).as(c + "." + e.getKey() + " -> " + r.body()).isEqualTo(200);
      });
    }
  }

  @Test
  void filtersSelectWhatPostgisSelects() {
    assertThat(ids("segments", f("status = 'DISPUTED' OR lengthM < 200")))
        .isEqualTo(oracle("select id::text from border_segment where status = 'DISPUTED' or length_m < 199.95"))
        .isNotEmpty();
    String poly = "POLYGON((105.8 14.0, 106.9 14.0, 106.9 14.6, 105.8 14.6, 105.8 14.0))";
    Set<String> inPoly = oracle("select id::text from pillar where st_intersects(geom, st_geomfromtext('" + poly
        + "', 4326))");
    assertThat(inPoly).isNotEmpty();
    assertThat(ids("pillars", f("S_INTERSECTS(geometry, " + poly + ")"))).isEqualTo(inPoly);
    // the same polygon lat-first with filter-crs EPSG:4326
    String latFirst = "POLYGON((14.0 105.8, 14.0 106.9, 14.6 106.9, 14.6 105.8, 14.0 105.8))";
    assertThat(ids("pillars", f("S_INTERSECTS(geometry, " + latFirst + ")") + "&filter-crs=" + OgcSupport.EPSG4326))
        .isEqualTo(inPoly);
    // combined with bbox and datetime, paging through next links that carry the filter
    assertThat(ids("incidents", f("type IN ('SMUGGLING', 'UXO') AND severity >= 3")
        + "&bbox=105.5,13.5,107.5,15.0&datetime=2024-01-01T00:00:00Z/..")).isEqualTo(oracle(
        "select public_id::text from incident where (releasability = 'SHARED' or owner_org = 'JBC')"
            + " and type in ('SMUGGLING', 'UXO') and severity >= 3"
            + " and st_intersects(geom, st_makeenvelope(105.5, 13.5, 107.5, 15.0, 4326))"
            + " and occurred_at >= '2024-01-01T00:00:00Z'")).isNotEmpty();
  }

  @Test
  void releasabilityHoldsUnderAFilter() {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, "KH", "NATIONAL", 106.1, 14.2, "2003-04-05T06:07:08Z", "UXO");
    try {
      String q = "/ogc/collections/incidents/items?" + f("source = '" + p.marker() + "'");
      assertThat(as("kh-planner").get(q).json().path("numberMatched").asLong()).isEqualTo(1);
      assertThat(as("la-planner").get(q).json().path("numberMatched").asLong()).isZero();
      String like = "/ogc/collections/incidents/items?" + f("source LIKE 'LEAKCHECK-%' AND occurredAt ="
          + " TIMESTAMP('2003-04-05T06:07:08Z')");
      assertThat(as("la-planner").get(like).body()).doesNotContain(p.marker());
    } finally {
      owner().sql("delete from incident where public_id = :id").param("id", p.id()).update();
    }
  }
}
