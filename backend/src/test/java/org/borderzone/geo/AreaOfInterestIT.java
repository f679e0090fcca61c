package org.borderzone.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The area of interest against PostGIS: every position within 20 km (geodesic, {@code ST_Distance} on
 * geography) of the {@code country} outlines is accepted, every one beyond {@link #OUTER_KM} refused; and
 * over HTTP a report from southern China is refused with 422 naming the field while reports from Cambodia
 * and Laos (also western Laos, outside the old rectangle) are stored.
 */
class AreaOfInterestIT extends IntegrationTest {

  /** Beyond this a position must be refused: the margin, plus 100 m for the local plane against the geodesic. */
  static final double OUTER_KM = AreaOfInterest.MARGIN_KM + 0.1;

  private record Probe(double lon, double lat, double km) {}

  /** Geodesic distance (km) from each point to the nearer country, 0 inside; 999 beyond 0.3°. */
  private List<Probe> distances(double[] lon, double[] lat) {
    return jdbc.sql("""
        select p.lon, p.lat,
               coalesce((select min(st_distance(c.geom::geography, p.g::geography)) / 1000 from country_part c
                         where st_dwithin(c.geom, p.g, 0.3)), 999) as km
        from (select lon, lat, st_setsrid(st_point(lon, lat), 4326) g
              from unnest(cast(:lon as float8[]), cast(:lat as float8[])) as u(lon, lat)) p
        """).param("lon", lon).param("lat", lat)
        .query((rs, n) -> new Probe(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3))).list();
  }

  @Test
  void agreesWithPostgisOnTheMargin() {
    // points scattered around the outlines: boundary vertices moved by up to 0.4° in each direction
    List<double[]> vertices = jdbc.sql("""
        select st_x(d.geom), st_y(d.geom)
        from country c, st_dumppoints(st_boundary(c.geom)) d
        where d.path[array_length(d.path, 1)] % 7 = 0
        """).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).list();
    Random random = new Random(20);
    int n = 6000;
    double[] lon = new double[n];
    double[] lat = new double[n];
    for (int i = 0; i < n; i++) {
      double[] v = vertices.get(random.nextInt(vertices.size()));
      lon[i] = v[0] + (random.nextDouble() - 0.5) * 0.8;
      lat[i] = v[1] + (random.nextDouble() - 0.5) * 0.8;
    }
    double acceptedMax = 0;
    double refusedMin = Double.MAX_VALUE;
    int inMargin = 0;
    List<String> wrong = new ArrayList<>();
    for (Probe p : distances(lon, lat)) {
      boolean in = AreaOfInterest.CAMBODIA_LAOS.contains(p.lon(), p.lat());
      if (p.km() <= AreaOfInterest.MARGIN_KM && !in || p.km() > OUTER_KM && in) {
        wrong.add(p.toString());
      }
      if (in) {
        acceptedMax = Math.max(acceptedMax, p.km());
      } else {
        refusedMin = Math.min(refusedMin, p.km());
      }
      if (p.km() > 0 && p.km() <= AreaOfInterest.MARGIN_KM) {
        inMargin++;
      }
    }
    System.out.printf("area of interest vs PostGIS on %d points (%d within the margin outside the countries): "
        + "accepted up to %.2f km, refused from %.2f km%n", n, inMargin, acceptedMax, refusedMin);
    assertThat(wrong).isEmpty();
    assertThat(inMargin).as("the probe reaches into the margin").isGreaterThan(500);
    assertThat(refusedMin).isGreaterThan(AreaOfInterest.MARGIN_KM);
    assertThat(acceptedMax).isLessThanOrEqualTo(OUTER_KM);
  }

  @Test
  void southernChinaIsOutsideBothCountriesAndBeyondTheMargin() {
    // the two Chinese places of the HTTP test below, measured in PostGIS
    List<Probe> china = distances(new double[] {101.5, 103.93}, new double[] {21.8, 22.52});
    assertThat(china).allSatisfy(p -> assertThat(p.km()).isGreaterThan(AreaOfInterest.MARGIN_KM));
    assertThat(jdbc.sql("select count(*) from country where st_covers(geom, st_setsrid(st_point(101.5, 21.8), 4326))")
        .query(Long.class).single()).isZero();
  }

  private static String feature(double lon, double lat, String source) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]},"
        + "\"properties\":{\"type\":\"SMUGGLING\",\"severity\":2,\"occurredAt\":\"2026-02-01T10:00:00Z\","
        + "\"source\":\"" + source + "\",\"releasability\":\"SHARED\"}}";
  }

  private long countBySource(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  @Test
  void reportsOutsideTheAreaAre422NamingTheFieldAndInsideAreStored() {
    String source = "aoi-" + UUID.randomUUID();
    // Yunnan (lon 101.5 was outside the old rectangle already), Hekou in Yunnan and Hanoi (both inside it)
    for (double[] p : new double[][] {{101.5, 21.8}, {103.93, 22.52}, {105.85, 21.03}}) {
      Response r = as("kh-patrol").post("/api/incidents", feature(p[0], p[1], source));
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().path("field").asString()).isEqualTo("geometry.coordinates");
      assertThat(r.json().path("detail").asString()).contains("area of interest");
    }
    assertThat(countBySource(source)).isZero();
    // Phnom Penh, Siem Reap (KH); Vientiane, Huay Xai in western Laos (LA); Nong Khai, across the Mekong
    for (double[] p : new double[][] {{104.92, 11.56}, {103.86, 13.36}, {102.60, 17.97}, {100.42, 20.27},
        {102.74, 17.87}}) {
      Response r = as("kh-patrol").post("/api/incidents", feature(p[0], p[1], source));
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    assertThat(countBySource(source)).isEqualTo(5);
  }

  @Test
  void anImportWithARowInChinaIsRefusedNamingTheLine() {
    String source = "aoi-imp-" + UUID.randomUUID();
    String csv = "lon,lat,occurredAt,type,severity,source\n"
        + "104.92,11.56,2026-02-01T10:00:00Z,SMUGGLING,2," + source + "\n"
        + "101.5,21.8,2026-02-01T10:00:00Z,SMUGGLING,2," + source + "\n"
        + "100.42,20.27,2026-02-01T10:00:00Z,SMUGGLING,2," + source + "\n";
    Response r = as("kh-planner").post("/api/incidents/import", "text/csv", csv);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    JsonNode errors = r.json().path("errors");
    assertThat(errors.size()).isEqualTo(1);
    assertThat(errors.get(0).path("line").asInt()).isEqualTo(3);
    assertThat(errors.get(0).path("field").asString()).isEqualTo("lon,lat");
    assertThat(countBySource(source)).isZero();
  }
}
