package org.borderzone.basemap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The offline base map's rivers and lakes (GET /api/basemap/water, data/basemap): valid GeoJSON whose every
 * feature lies within the extraction buffer of the border line, checked by PostGIS against the line the server
 * imported (an oracle independent of the extraction, which ran in GDAL); sent compressed and long cached.
 */
class BasemapWaterIT extends IntegrationTest {

  /** The extraction buffer (scripts/basemap-extract.sh) plus 1 km for the simplification and 5-decimal rounding. */
  private static final double WITHIN_M = 76_000;

  @Test
  void riversAndLakesAreValidGeoJsonWithinTheBufferOfTheBorder() {
    Response r = get("/api/basemap/water");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/geo+json");
    JsonNode fc = r.json();
    assertThat(fc.path("type").asString()).isEqualTo("FeatureCollection");
    assertThat(fc.path("features").size()).as("rivers near the border").isGreaterThanOrEqualTo(3);
    int rivers = 0;
    for (JsonNode f : fc.path("features")) {
      JsonNode p = f.path("properties");
      assertThat(p.path("license").asString()).isEqualTo("Public domain (Natural Earth)");
      String type = f.path("geometry").path("type").asString();
      assertThat(type).isIn("LineString", "MultiLineString", "Polygon", "MultiPolygon");
      if (type.endsWith("LineString")) {
        rivers++;
      }
      // PostGIS reads it, finds it valid, and every vertex within the buffer of the imported line
      Boolean ok = jdbc.sql("""
          with g as (select st_setsrid(st_geomfromgeojson(:g), 4326) as geom),
               v as (select (st_dumppoints(g.geom)).geom as p from g)
          select (select st_isvalid(geom) and not st_isempty(geom) from g)
             and (select bool_and(st_dwithin(v.p::geography, b.geom::geography, :m)) from v, border_line b)
          """).param("g", f.path("geometry").toString()).param("m", WITHIN_M).query(Boolean.class).single();
      assertThat(ok).as("%s %s valid and within %s m of the border", type, p.path("name").asString(), WITHIN_M)
          .isTrue();
    }
    assertThat(rivers).isGreaterThanOrEqualTo(3);
    // the Mekong is there and crosses the border (it does, near 105.98 E 13.92 N)
    JsonNode mekong = null;
    for (JsonNode f : fc.path("features")) {
      if ("Mekong".equals(f.path("properties").path("name").asString())) {
        mekong = f;
      }
    }
    assertThat(mekong).as("the Mekong").isNotNull();
    Boolean crosses = jdbc.sql("""
        select bool_or(st_intersects(st_setsrid(st_geomfromgeojson(:g), 4326), b.geom)) from border_line b""")
        .param("g", mekong.path("geometry").toString()).query(Boolean.class).single();
    assertThat(crosses).isTrue();
  }

  @Test
  void sentCompressedAndCachedForAMonth() throws IOException, InterruptedException {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        java.net.URI.create(url("/api/basemap/water")))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("kh-patrol:" + DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("max-age=2592000").contains("public");
    byte[] plain;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      plain = in.readAllBytes();
    }
    assertThat(r.body().length).as("compressed").isLessThan(plain.length / 2);
    assertThat(JSON.readTree(plain).path("features").size()).isPositive();
  }
}
