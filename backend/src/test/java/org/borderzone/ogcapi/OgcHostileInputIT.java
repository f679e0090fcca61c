package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile input at {@code /ogc}: each request is refused with a 4xx problem+json naming the parameter, never a
 * 5xx, and nothing is stored (the writes are covered by the ownership matrix and the QGIS sequence).
 */
class OgcHostileInputIT extends IntegrationTest {

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource(delimiter = ' ', value = {
      "/ogc/collections/pillars/items?bbox=106,14,105,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=105,15,106,14 400 bbox",
      "/ogc/collections/pillars/items?bbox=NaN,14,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=Infinity,14,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=105,14,106,15,16 400 bbox",
      "/ogc/collections/pillars/items?bbox=105,14,106 400 bbox",
      "/ogc/collections/pillars/items?bbox=-181,14,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=105,-91,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=105,14,0,106,15,-1 400 bbox",
      "/ogc/collections/pillars/items?bbox=1e400,14,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=0x10,14,106,15 400 bbox",
      "/ogc/collections/pillars/items?bbox=14,105,15,106&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326x 400 bbox-crs",
      "/ogc/collections/pillars/items?bbox=1,1,2,2&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857 200 -",
      "/ogc/collections/pillars/items?bbox=-3e7,1,2,2&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857 400 bbox",
      "/ogc/collections/pillars/items?datetime=garbage 400 datetime",
      "/ogc/collections/pillars/items?datetime=2024-13-01T00:00:00Z 400 datetime",
      "/ogc/collections/pillars/items?datetime=2024-02-30 400 datetime",
      "/ogc/collections/pillars/items?datetime=2024-01-01T00:00:00 400 datetime",
      "/ogc/collections/pillars/items?datetime=2025-01-01T00:00:00Z/2024-01-01T00:00:00Z 400 datetime",
      "/ogc/collections/pillars/items?datetime=a/b/c 400 datetime",
      "/ogc/collections/network/items?datetime=2024-01-01T00:00:00Z 400 datetime",
      "/ogc/collections/pillars/items?limit=1000000000000 422 limit",
      "/ogc/collections/pillars/items?limit=99999999999999999999999999 422 limit",
      "/ogc/collections/pillars/items?limit=0 400 limit",
      "/ogc/collections/pillars/items?limit=-5 400 limit",
      "/ogc/collections/pillars/items?limit=1.5 400 limit",
      "/ogc/collections/pillars/items?limit=ten 400 limit",
      "/ogc/collections/pillars/items?limit=10&limit=20 400 limit",
      "/ogc/collections/pillars/items?crs=EPSG:4326 400 crs",
      "/ogc/collections/pillars/items?crs=http://www.opengis.net/def/crs/EPSG/0/2000 400 crs",
      "/ogc/collections/pillars/items?filter-crs=urn:x 400 filter-crs",
      "/ogc/collections/pillars/items?filter-lang=cql2-json 400 filter-lang",
      "/ogc/collections/pillars/items/1?crs=x 400 crs",
      "/ogc/collections/pillars/items?f=xml 400 f",
      "/ogc/collections/pillars/items?nosuch=1 400 nosuch",
      "/ogc/collections/pillars/items?geom=1 400 geom",
      "/ogc/collections/pillars/items?status=planned;drop%20table%20pillar 400 status",
      "/ogc/collections/pillars/items?segmentId=1%20or%201=1 400 segmentId",
      "/ogc/collections/incidents/items?severity=abc 400 severity",
      "/ogc/collections/incidents/items?inDisputedArea=yes 400 inDisputedArea",
      "/ogc/collections/pillars/items?cursor=AAAA 400 cursor",
      "/ogc/collections/pillars/items?cursor=azpkcm9wIHRhYmxl 400 cursor",
      "/ogc/collections/incidents/items?cursor=azox 400 cursor",
      "/ogc/collections/nosuch 404 collectionId",
      "/ogc/collections/nosuch/items 404 collectionId",
      "/ogc/collections/pillars.json/items 404 collectionId",
      "/ogc/collections/Pillars/items 404 collectionId",
      "/ogc/collections/pillars/items/abc 404 featureId",
      "/ogc/collections/pillars/items/1.0 404 featureId",
      "/ogc/collections/pillars/items/999999999999999999999 404 featureId",
      "/ogc/collections/incidents/items/1 404 featureId",
      "/ogc/collections/incidents/items/00000000-0000-7000-8000-000000000000 404 featureId",
      "/ogc/collections/pillars/items/..%2F..%2Fconformance 400 -",
      "/ogc/collections/%2e%2e/items 400 -",
      "/ogc/collections/pillars/queryables?x=1 400 x",
      "/ogc?foo=1 400 foo"})
  void refusedNamingTheParameter(String path, int status, String field) {
    Response r = get(path);
    assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(status);
    if (status >= 400) {
      assertThat(r.contentType()).as(path).startsWith("application/problem+json");
      if (!field.equals("-")) {
        assertThat(r.json().path("field").asString()).as(path).isEqualTo(field);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ' ', value = {
      "filter=nosuch%3D1 400",
      "filter=status%3D'PLACED'%20OR%20pg_sleep(10) 400",
      "filter=number%3D1 400",
      "filter=S_INTERSECTS(geometry,POINT(1%20NaN)) 400",
      "filter=status%3D'PLACED';drop%20table%20pillar 400",
      "filter= 400",
      "filter=status%3D'x'&filter-lang=cql-text 400"})
  void badFiltersAreRefusedNamingFilter(String query, int status) {
    Response r = get("/ogc/collections/pillars/items?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isIn("filter", "filter-lang");
  }

  @org.junit.jupiter.api.Test
  void deepAndHugeFiltersAreRefusedBeforeWork() {
    String deep = "(".repeat(5_000) + "status='PLACED'" + ")".repeat(5_000);
    Response d = get("/ogc/collections/pillars/items?filter=" + java.net.URLEncoder.encode(deep,
        java.nio.charset.StandardCharsets.UTF_8));
    assertThat(d.status()).as(d.body()).isBetween(400, 499);
    assertThat(d.contentType()).startsWith("application/problem+json");
    String huge = "status='" + "x".repeat(100_000) + "'";
    Response h = get("/ogc/collections/pillars/items?filter=" + huge);
    assertThat(h.status()).isBetween(400, 499);
    assertThat(h.contentType()).startsWith("application/problem+json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ' ', value = {
      "Content-Crs:<http://www.opengis.net/def/crs/EPSG/0/9999> 400 Content-Crs",
      "Content-Crs:junk 400 Content-Crs"})
  void createRefusesUnknownContentCrs(String header, int status, String field) {
    String[] h = header.split(":", 2);
    Response r = as("kh-patrol").send(HttpRequest.newBuilder(URI.create(url("/ogc/collections/incidents/items")))
        .header("Content-Type", "application/geo+json").header(h[0], h[1])
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
            + "\"coordinates\":[106.2,14.4]},\"properties\":{\"occurredAt\":\"2002-03-01T00:00:00Z\","
            + "\"type\":\"OTHER\",\"severity\":1}}")));
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.json().path("field").asString()).isEqualTo(field);
  }
}
