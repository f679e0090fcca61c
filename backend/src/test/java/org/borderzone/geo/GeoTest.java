package org.borderzone.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.borderzone.system.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import tools.jackson.databind.json.JsonMapper;

/** Geometry input: WKT out for what is accepted, the offending field for what is refused. */
class GeoTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Geometry parse(String geojson, String type) {
    return Geo.geometry(JSON.readTree(geojson), "geometry", type, AreaOfInterest.CAMBODIA_LAOS);
  }

  private static ApiException refused(String geojson, String type) {
    try {
      parse(geojson, type);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("accepted " + geojson);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"type\":\"Point\",\"coordinates\":[106.5,14.2]} | Point | POINT (106.5 14.2)",
      "{\"type\":\"LineString\",\"coordinates\":[[106,14],[106.1,14.1]]} | LineString | LINESTRING (106 14, 106.1 14.1)",
      "{\"type\":\"Polygon\",\"coordinates\":[[[106,14],[106.1,14],[106.1,14.1],[106,14]]]} | Polygon | POLYGON ((106 14, 106.1 14, 106.1 14.1, 106 14))"})
  void acceptsValidGeometry(String geojson, String type, String wkt) {
    Geometry g = parse(geojson, type);
    assertThat(g.toText()).isEqualTo(wkt);
    assertThat(g.getSRID()).isEqualTo(4326);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @CsvSource(delimiter = '|', value = {
      // bow-tie: self-intersection
      "{\"type\":\"Polygon\",\"coordinates\":[[[106,14],[106.1,14.1],[106.1,14],[106,14.1],[106,14]]]} | Polygon | geometry",
      "{\"type\":\"Polygon\",\"coordinates\":[[[106,14],[106.1,14],[106.1,14.1],[106,14.05]]]} | Polygon | geometry.coordinates[0]",
      "{\"type\":\"Point\",\"coordinates\":[\"NaN\",14]} | Point | geometry.coordinates[0]",
      "{\"type\":\"Point\",\"coordinates\":[190,14]} | Point | geometry.coordinates[0]",
      "{\"type\":\"Point\",\"coordinates\":[106,95]} | Point | geometry.coordinates[1]",
      "{\"type\":\"Point\",\"coordinates\":[14.2,106.5]} | Point | geometry.coordinates",
      "{\"type\":\"Point\",\"coordinates\":[2.35,48.85]} | Point | geometry.coordinates",
      "{\"type\":\"Point\",\"coordinates\":[106]} | Point | geometry.coordinates",
      "{\"type\":\"LineString\",\"coordinates\":[[106,14]]} | LineString | geometry.coordinates",
      "{\"type\":\"Point\",\"coordinates\":[106,14]} | LineString | geometry.type"})
  void refusesBadGeometryNamingTheField(String geojson, String type, String field) {
    ApiException e = refused(geojson, type);
    assertThat(e.errors().get(0).field()).isEqualTo(field);
    assertThat(e.status().is4xxClientError()).isTrue();
  }

  @Test
  void swappedLatLonIsSaidToBeSwapped() {
    ApiException e = refused("{\"type\":\"Point\",\"coordinates\":[14.2,106.5]}", "Point");
    assertThat(e.errors().get(0).code()).isEqualTo("error.latlon-swapped");
    ApiException outside = refused("{\"type\":\"Point\",\"coordinates\":[2.35,48.85]}", "Point");
    assertThat(outside.errors().get(0).code()).isEqualTo("error.outside-area");
    assertThat(outside.status().value()).isEqualTo(422);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"105,13,108,15 | true", "105,13,104,15 | false", "-181,0,1,1 | false",
      "a,b,c,d | false", "1,2,3 | false", "1,2,3,Infinity | false", "-180,-90,180,90 | true"})
  void bboxParsing(String text, boolean ok) {
    if (ok) {
      assertThat(Extent.parseBbox(text, "bbox")).isNotNull();
    } else {
      assertThatThrownBy(() -> Extent.parseBbox(text, "bbox")).isInstanceOf(ApiException.class);
    }
  }
}
