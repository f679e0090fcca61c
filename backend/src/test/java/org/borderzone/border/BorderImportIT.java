package org.borderzone.border;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real border as imported: ~1 km segments whose geodesic lengths add up to the source line, coded west
 * to east from the Thai to the Vietnamese tri-point, grouped into the four province-pair sectors.
 */
class BorderImportIT extends IntegrationTest {

  /** PROVENANCE.md: the OSM line is 561.06 km on WGS 84 (pyproj Geod), 2,609 vertices. */
  static final double SOURCE_LENGTH_KM = 561.06;

  @Test
  void segmentLengthsSumToTheSourceLineWithinOneThousandth() {
    double sumM = jdbc.sql("select sum(length_m) from border_segment").query(Double.class).single();
    double lineM = jdbc.sql("select length_m from border_line").query(Double.class).single();
    assertThat(sumM / 1000).isCloseTo(SOURCE_LENGTH_KM, within(SOURCE_LENGTH_KM * 0.001));
    assertThat(Math.abs(sumM - lineM) / lineM).isLessThan(0.001);
    // Independent of our stored lengths: PostGIS recomputes the source line on the spheroid.
    double recomputed = jdbc.sql("select sum(st_length(geom::geography)) from border_segment")
        .query(Double.class).single();
    assertThat(recomputed).isCloseTo(sumM, within(1.0));
    int vertices = jdbc.sql("select st_npoints(geom) from border_line").query(Integer.class).single();
    assertThat(vertices).isEqualTo(2609);
  }

  @Test
  void segmentsAreAboutOneKilometreAndCodedWestToEast() {
    List<Double> lengths = jdbc.sql("select length_m from border_segment order by seq").query(Double.class).list();
    assertThat(lengths).hasSize(561);
    assertThat(lengths).allSatisfy(l -> assertThat(l).isBetween(995.0, 1005.0));
    List<String> codes = jdbc.sql("select code from border_segment order by seq").query(String.class).list();
    assertThat(codes.get(0)).isEqualTo("KH-LA-001");
    assertThat(codes.get(560)).isEqualTo("KH-LA-561");
    // West end at the Thai tri-point, east end at the Vietnamese tri-point (PROVENANCE.md).
    double[] west = jdbc.sql("select st_x(st_startpoint(geom)), st_y(st_startpoint(geom)) from border_segment where seq = 1")
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    double[] east = jdbc.sql("select st_x(st_endpoint(geom)), st_y(st_endpoint(geom)) from border_segment where seq = 561")
        .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    assertThat(west[0]).isCloseTo(105.206471, within(1e-6));
    assertThat(west[1]).isCloseTo(14.343339, within(1e-6));
    assertThat(east[0]).isCloseTo(107.5565579, within(1e-6));
    assertThat(east[1]).isCloseTo(14.6860878, within(1e-6));
  }

  @Test
  void adjacentSegmentsShareTheirEndPoints() {
    Double maxGapM = jdbc.sql("""
        select max(st_distance(st_endpoint(a.geom)::geography, st_startpoint(b.geom)::geography))
        from border_segment a join border_segment b on b.seq = a.seq + 1
        """).query(Double.class).single();
    assertThat(maxGapM).isLessThan(0.01);
  }

  @Test
  void sectorsFollowTheProvincePairsFromWestToEast() {
    List<String> names = jdbc.sql("select name from sector order by ordinal").query(String.class).list();
    assertThat(names).containsExactly("Preah Vihear – Champasak", "Stung Treng – Champasak",
        "Stung Treng – Attapeu", "Ratanakiri – Attapeu");
    // Each sector is one contiguous run of segments.
    Integer breaks = jdbc.sql("""
        select count(*) from border_segment a join border_segment b on b.seq = a.seq + 1
        where a.sector_id <> b.sector_id
        """).query(Integer.class).single();
    assertThat(breaks).isEqualTo(3);
  }

  @Test
  void countryOutlinesMeetTheLine() {
    // The line is a run of the Laos ring: every vertex within 1 m of Laos and within 11 m of Cambodia.
    double toLaos = jdbc.sql("""
        select st_distance(st_boundary(c.geom)::geography, st_pointn(l.geom, 1300)::geography)
        from country c, border_line l where c.iso_a2 = 'LA'
        """).query(Double.class).single();
    assertThat(toLaos).isLessThan(1.0);
  }

  @Test
  void segmentsEndpointServesGeoJsonInLonLatOrder() {
    Response r = get("/api/segments");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/geo+json");
    JsonNode fc = r.json();
    assertThat(fc.path("type").asString()).isEqualTo("FeatureCollection");
    assertThat(fc.path("features").size()).isEqualTo(561);
    JsonNode first = fc.path("features").get(0);
    assertThat(first.path("properties").path("code").asString()).isEqualTo("KH-LA-001");
    double lon = first.path("geometry").path("coordinates").get(0).get(0).asDouble();
    assertThat(lon).isCloseTo(105.206471, within(1e-6));
    // bbox filter: only segments touching a box around the Mekong crossing (105.98 E, 13.92 N).
    JsonNode some = get("/api/segments?bbox=105.9,13.85,106.05,14.0").json();
    assertThat(some.path("features").size()).isBetween(5, 40);
  }
}
