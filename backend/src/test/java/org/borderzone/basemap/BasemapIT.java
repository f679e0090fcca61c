package org.borderzone.basemap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The map's supporting endpoints: base map layers, disputed areas, configuration and UI texts. */
class BasemapIT extends IntegrationTest {

  @Test
  void countriesAreCambodiaAndLaosWithLabelsOnTheirOwnSideAndCacheHeaders() {
    Response r = get("/api/basemap/countries");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/geo+json");
    assertThat(r.raw().headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400").contains("public");
    JsonNode fc = r.json();
    assertThat(fc.path("features")).hasSize(2);
    for (JsonNode f : fc.path("features")) {
      String iso = f.path("properties").path("isoA2").asString();
      assertThat(iso).isIn("KH", "LA");
      JsonNode label = f.path("properties").path("label");
      // the label lies inside its own country and within the border's neighbourhood (extent + 0.35°)
      Boolean inside = jdbc.sql("""
          select st_contains(geom, st_setsrid(st_makepoint(:lon, :lat), 4326)) from country where iso_a2 = :iso
          """).param("lon", label.get(0).asDouble()).param("lat", label.get(1).asDouble()).param("iso", iso)
          .query(Boolean.class).single();
      assertThat(inside).as("label of %s inside %s", label, iso).isTrue();
      assertThat(label.get(0).asDouble()).isBetween(105.2 - 0.36, 107.56 + 0.36);
      assertThat(label.get(1).asDouble()).isBetween(13.9 - 0.36, 14.7 + 0.36);
    }
  }

  /** The simplified outline stays within the tolerance (+ 2 m for 5-decimal rounding) of the stored one. */
  @ParameterizedTest
  @CsvSource({"0, 2", "50, 52", "500, 502"})
  void simplificationIsMetricAndWithinTolerance(int simplify, double maxHausdorffM) {
    JsonNode fc = get("/api/basemap/countries?simplify=" + simplify).json();
    for (JsonNode f : fc.path("features")) {
      String iso = f.path("properties").path("isoA2").asString();
      double hausdorff = jdbc.sql("""
          select st_hausdorffdistance(st_transform(c.geom, 32648),
                   st_transform(st_setsrid(st_geomfromgeojson(:g), 4326), 32648))
          from country c where c.iso_a2 = :iso
          """).param("g", f.path("geometry").toString()).param("iso", iso).query(Double.class).single();
      assertThat(hausdorff).as("%s at simplify=%d", iso, simplify).isLessThanOrEqualTo(maxHausdorffM);
    }
  }

  @Test
  void moreSimplificationGivesFewerVertices() {
    int v0 = vertices(get("/api/basemap/countries?simplify=0").body());
    int v50 = vertices(get("/api/basemap/countries").body());
    int v500 = vertices(get("/api/basemap/countries?simplify=500").body());
    int stored = jdbc.sql("select sum(st_npoints(geom))::int from country").query(Integer.class).single();
    assertThat(v0).isEqualTo(stored);
    assertThat(v50).isLessThan(v0);
    assertThat(v500).isLessThan(v50);
  }

  /** Number of positions in a FeatureCollection's geometries. */
  private static int vertices(String geojson) {
    int n = 0;
    for (JsonNode f : JSON.readTree(geojson).path("features")) {
      n += positions(f.path("geometry").path("coordinates"));
    }
    return n;
  }

  private static int positions(JsonNode coordinates) {
    if (coordinates.isArray() && coordinates.size() > 0 && coordinates.get(0).isNumber()) {
      return 1;
    }
    int n = 0;
    for (JsonNode c : coordinates) {
      n += positions(c);
    }
    return n;
  }

  @ParameterizedTest
  @CsvSource({"abc", "-1", "10001", "NaN", "Infinity"})
  void badSimplifyIsA400NamingTheField(String simplify) {
    Response r = get("/api/basemap/countries?simplify=" + simplify);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo("simplify");
  }

  @Test
  void placesAreTheGeoNamesExtract() {
    Response r = get("/api/basemap/places");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Cache-Control").orElse("")).contains("max-age=");
    JsonNode features = r.json().path("features");
    assertThat(features).hasSize(30);
    JsonNode pakse = features.get(0); // largest first
    assertThat(pakse.path("properties").path("name").asString()).isEqualTo("Pakse");
    assertThat(pakse.path("properties").path("country").asString()).isEqualTo("LA");
    assertThat(pakse.path("geometry").path("coordinates").get(0).asDouble()).isCloseTo(105.79898, within(1e-5));
    assertThat(pakse.path("geometry").path("coordinates").get(1).asDouble()).isCloseTo(15.12022, within(1e-5));
  }

  @Test
  void mekongCrossesTheBorderWhereTheDataSaysItDoes() {
    Response r = get("/api/basemap/mekong");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/geo+json");
    assertThat(r.raw().headers().firstValue("Cache-Control").orElse("")).contains("max-age=86400");
    JsonNode geometry = r.json().path("features").get(0).path("geometry");
    assertThat(geometry.path("type").asString()).isEqualTo("LineString");
    assertThat(geometry.path("coordinates")).hasSize(26);
    // data/PROVENANCE.md: the Mekong crosses the OSM boundary line at 105.98186 E, 13.92447 N
    Double metres = jdbc.sql("""
        select st_distance(st_intersection(b.geom, st_setsrid(st_geomfromgeojson(:g), 4326))::geography,
                           st_setsrid(st_makepoint(105.98186, 13.92447), 4326)::geography)
        from border_line b order by b.id limit 1
        """).param("g", geometry.toString()).query(Double.class).single();
    assertThat(metres).isLessThan(50.0);
  }

  @Test
  void disputedAreasCarryTheCodesOfTheSegmentsTheyTouch() {
    Integer id = jdbc.sql("""
        insert into disputed_area (name, geom, notes)
        select 'BasemapIT test area', st_multi(st_buffer(st_union(geom)::geography, 500)::geometry), 'test'
        from border_segment where seq between 10 and 12
        returning id
        """).query(Integer.class).single();
    try {
      jdbc.sql("""
          insert into disputed_area_segment (disputed_area_id, segment_id)
          select :id, s.id from border_segment s where s.seq between 10 and 12
          """).param("id", id).update();
      Response r = get("/api/disputed-areas");
      assertThat(r.status()).isEqualTo(200);
      JsonNode mine = null;
      for (JsonNode f : r.json().path("features")) {
        if (f.path("id").asInt() == id) {
          mine = f;
        }
      }
      assertThat(mine).isNotNull();
      assertThat(mine.path("properties").path("name").asString()).isEqualTo("BasemapIT test area");
      assertThat(mine.path("properties").path("segmentCodes").toString())
          .isEqualTo("[\"KH-LA-010\",\"KH-LA-011\",\"KH-LA-012\"]");
      assertThat(mine.path("geometry").path("type").asString()).isEqualTo("MultiPolygon");
      // the polygon as served covers segment 11 entirely (500 m buffer around 10..12)
      Boolean covers = jdbc.sql("""
          select st_covers(st_setsrid(st_geomfromgeojson(:g), 4326), geom) from border_segment where seq = 11
          """).param("g", mine.path("geometry").toString()).query(Boolean.class).single();
      assertThat(covers).isTrue();
    } finally {
      jdbc.sql("delete from disputed_area where id = :id").param("id", id).update();
    }
  }

  @Test
  void configHasTheBorderExtentAndTheStatuses() {
    Response r = get("/api/config");
    assertThat(r.status()).isEqualTo(200);
    JsonNode c = r.json();
    // data/PROVENANCE.md: bounding box of the OSM line 105.2052322, 13.9096752, 107.5565579, 14.6904224
    double[] expected = {105.2052322, 13.9096752, 107.5565579, 14.6904224};
    assertThat(c.path("extent")).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(c.path("extent").get(i).asDouble()).isCloseTo(expected[i], within(1e-6));
    }
    Set<String> codes = new HashSet<>();
    for (JsonNode s : c.path("statuses")) {
      codes.add(s.path("code").asString());
      assertThat(s.path("key").asString()).isEqualTo("status." + s.path("code").asString());
      assertThat(s.path("demarcated").asBoolean())
          .isEqualTo(Set.of("DEMARCATED", "RATIFIED").contains(s.path("code").asString()));
    }
    assertThat(codes).containsExactlyInAnyOrder("PENDING", "SURVEYED", "DEMARCATED", "RATIFIED", "DISPUTED");
    assertThat(c.path("pillarMinZoom").asInt()).isEqualTo(11);
    assertThat(c.has("tileUrl")).isFalse(); // offline by default
  }

  @Test
  void textsHaveEveryKeyOfTheBundleAndUnknownLanguagesFallBackToEnglish() throws Exception {
    Properties bundle = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/i18n/web.properties")) {
      bundle.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    Properties khmer = new Properties(); // Khmer answers in Khmer; xx (no bundle) in English
    try (InputStream in = getClass().getResourceAsStream("/i18n/web_km.properties")) {
      khmer.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(khmer.getProperty("status.DISPUTED")).isNotEqualTo(bundle.getProperty("status.DISPUTED"));
    for (String lang : new String[] {"en", "xx", "km"}) {
      Response r = get("/api/i18n?lang=" + lang);
      assertThat(r.status()).isEqualTo(200);
      JsonNode texts = r.json();
      Set<String> keys = new HashSet<>();
      texts.propertyNames().forEach(keys::add);
      assertThat(keys.remove("_format")).as("the formatting tables (docs/I18N.md)").isTrue();
      assertThat(keys).isEqualTo(bundle.stringPropertyNames());
      assertThat(texts.path("app.title").asString()).isEqualTo("Borderzone");
      Properties want = lang.equals("km") ? khmer : bundle;
      assertThat(texts.path("status.DISPUTED").asString()).isEqualTo(want.getProperty("status.DISPUTED"));
      assertThat(texts.path("attribution.osm").asString()).isEqualTo(want.getProperty("attribution.osm"));
    }
    assertThat(get("/api/i18n?lang=xx").raw().headers().firstValue("Content-Language")).hasValue("en");
    assertThat(get("/api/i18n?lang=km").raw().headers().firstValue("Content-Language")).hasValue("km");
  }

  @Test
  void aMalformedLanguageIsA400() {
    Response r = get("/api/i18n?lang=%3Cscript%3E");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("field").asString()).isEqualTo("lang");
  }
}
