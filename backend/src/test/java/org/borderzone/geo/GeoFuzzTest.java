package org.borderzone.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.borderzone.support.JsonArbitraries;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonBody;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTWriter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzing of the geometry readers (no database): strict WKT ({@link Geo#wkt}) and GeoJSON geometries
 * ({@link Geo#geometry}) fail only with an {@link ApiException} naming the field, valid geometries round-trip,
 * and text after a WKT geometry is refused.
 */
class GeoFuzzTest {

  @Provide
  Arbitrary<Geometry> geometries() {
    Arbitrary<Double> lon = Arbitraries.doubles().between(104.0, 106.0).ofScale(6); // inside Cambodia and Laos (the area of interest)
    Arbitrary<Double> lat = Arbitraries.doubles().between(12.0, 14.0).ofScale(6);
    Arbitrary<Coordinate> c = Combinators.combine(lon, lat).as(Coordinate::new);
    Arbitrary<Geometry> point = c.map(Geo::point);
    Arbitrary<Geometry> line = c.list().ofMinSize(2).ofMaxSize(6).uniqueElements()
        .map(l -> Geo.FACTORY.createLineString(l.toArray(Coordinate[]::new)));
    Arbitrary<Geometry> box = Combinators.combine(c, Arbitraries.doubles().between(0.001, 0.3).ofScale(4)).as((o, d) ->
        Geo.FACTORY.createPolygon(new Coordinate[] {o, new Coordinate(o.x + d, o.y), new Coordinate(o.x + d, o.y + d),
            new Coordinate(o.x, o.y + d), o}));
    return Arbitraries.oneOf(point, line, box);
  }

  @Property
  void wktRoundTrips(@ForAll("geometries") Geometry g) {
    Geometry read = Geo.wkt(new WKTWriter().write(g), "wkt");
    assertThat(read.equalsExact(g)).as(g.toText()).isTrue();
  }

  @Property
  void textAfterTheGeometryIsRefused(@ForAll("geometries") Geometry g, @ForAll("junk") String junk) {
    ApiException e = catchThrowableOfType(ApiException.class, () -> Geo.wkt(new WKTWriter().write(g) + junk, "wkt"));
    assertThat(e).as(junk).isNotNull();
    assertThat(e.errors().get(0).field()).isEqualTo("wkt");
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("()x1 ,;.EMPTY").ofMinLength(1).ofMaxLength(10)
        .filter(s -> !s.isBlank());
  }

  @Provide
  Arbitrary<String> wktText() {
    Arbitrary<String> tokens = Arbitraries.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "GEOMETRYCOLLECTION",
        "EMPTY", "Z", "M", "ZM", "(", ")", "(", ")", ",", " ", "1", "-2.5", "106.1", "14", "NaN", "1e400", "x", ";",
        "SRID=4326", "\u0000").list().ofMaxSize(25).map(l -> String.join("", l));
    return Arbitraries.oneOf(tokens, Arbitraries.strings().ofMaxLength(40),
        geometries().map(g -> new WKTWriter().write(g)).flatMap(w -> Arbitraries.integers().between(0, w.length())
            .map(i -> w.substring(0, i))));
  }

  @Property
  void wktFailsOnlyNamingTheField(@ForAll("wktText") String text) {
    try {
      Geo.wkt(text, "wkt");
    } catch (ApiException e) {
      assertThat(e.errors()).isNotEmpty().allSatisfy(fe -> assertThat(fe.field()).startsWith("wkt"));
    }
  }

  /** Built once: mutations of a valid point, line and polygon, and random JSON. */
  private static final Arbitrary<String> HOSTILE_GEOMETRIES = Arbitraries.oneOf(
      JsonArbitraries.mutations("{\"type\":\"Point\",\"coordinates\":[106.1,14.2]}"),
      JsonArbitraries.mutations("{\"type\":\"LineString\",\"coordinates\":[[106.1,14.2],[106.2,14.3],[106.3,14.2]]}"),
      JsonArbitraries.mutations("{\"type\":\"Polygon\",\"coordinates\":[[[106.1,14.2],[106.2,14.2],[106.2,14.3],"
          + "[106.1,14.3],[106.1,14.2]]]}"),
      JsonArbitraries.values(3));

  @Provide
  Arbitrary<String> geoJsonGeometries() {
    return HOSTILE_GEOMETRIES;
  }

  private static String geoJson(Geometry g) {
    StringBuilder sb = new StringBuilder("{\"type\":\"").append(g.getGeometryType()).append("\",\"coordinates\":");
    java.util.function.Function<Coordinate[], String> pos = cs -> {
      StringBuilder p = new StringBuilder("[");
      for (int i = 0; i < cs.length; i++) {
        p.append(i > 0 ? "," : "").append('[').append(cs[i].x).append(',').append(cs[i].y).append(']');
      }
      return p.append(']').toString();
    };
    switch (g.getGeometryType()) {
      case "Point" -> sb.append('[').append(g.getCoordinate().x).append(',').append(g.getCoordinate().y).append(']');
      case "LineString" -> sb.append(pos.apply(g.getCoordinates()));
      default -> sb.append('[').append(pos.apply(g.getCoordinates())).append(']');
    }
    return sb.append('}').toString();
  }

  @Property
  void geoJsonGeometriesFailOnlyNamingTheField(@ForAll("geoJsonGeometries") String text,
      @ForAll("types") String type) {
    JsonNode node;
    try {
      node = JsonBody.MAPPER.readTree(text);
    } catch (JacksonException e) {
      return; // not JSON: the strict reader refuses it before any geometry is read
    }
    try {
      Geometry g = Geo.geometry(node, "geometry", type, AreaOfInterest.CAMBODIA_LAOS);
      assertThat(g.isValid()).isTrue();
      assertThat(g.getGeometryType()).isEqualTo(type);
    } catch (ApiException e) {
      assertThat(e.errors()).isNotEmpty().allSatisfy(fe -> assertThat(fe.field()).startsWith("geometry"));
    }
  }

  @Property
  void geoJsonGeometriesRoundTrip(@ForAll("geometries") Geometry g) {
    Geometry read = Geo.geometry(JsonBody.MAPPER.readTree(geoJson(g)), "geometry", g.getGeometryType(),
        AreaOfInterest.CAMBODIA_LAOS);
    assertThat(read.equalsExact(g)).isTrue();
  }

  @Provide
  Arbitrary<String> types() {
    return Arbitraries.of("Point", "LineString", "Polygon");
  }
}
