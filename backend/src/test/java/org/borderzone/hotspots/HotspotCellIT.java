package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/hotspots/cell} (the hot-cell chart) on planted 1994 data (a year no other test uses): a flat
 * background of 200 TERRORISM reports a month over the zone, one 2 km hexagon whose shared cluster grows by 10 a
 * month (10 … 120: an intensifying hot spot) and, in the same hexagon, 60 Lao national reports a month from
 * January to June that only LA may count. Counts are checked against ST_HexagonGrid itself (SQL written here),
 * the trend against the emerging layer the chart explains and against S computed here from the z-scores.
 */
class HotspotCellIT extends IntegrationTest {

  static final String WINDOW = "from=1994-01-01&to=1994-12-31&type=TERRORISM";
  private static boolean planted;
  private static String cellId;

  @BeforeEach
  void plant() {
    synchronized (HotspotCellIT.class) {
      if (planted) {
        return;
      }
      PlantedIncidents.delete(jdbc, "test-cell-1994");
      double[] p = PlantedIncidents.onLine(jdbc, 0.45);
      HexLattice lat = new HexLattice(2000);
      int[] ij = lat.cellOf(p[0], p[1]);
      double x = lat.centreX(ij[0]);
      double y = lat.centreY(ij[0], ij[1]);
      for (int m = 1; m <= 12; m++) {
        String t0 = String.format("1994-%02d-01", m);
        PlantedIncidents.background(jdbc, "test-cell-1994-bg", "TERRORISM", t0, 28, 200, 7700 + m);
        PlantedIncidents.disk(jdbc, "test-cell-1994-c", "TERRORISM", t0, 28, x, y, 500, 10 * m, 7800 + m);
        if (m <= 6) {
          PlantedIncidents.disk(jdbc, "test-cell-1994-la", "TERRORISM", t0, 28, x, y, 500, 60, 7900 + m, "LA",
              "NATIONAL");
        }
      }
      cellId = ij[0] + "_" + ij[1];
      planted = true;
    }
  }

  /** Visible planted incidents per month in hexagon {@code id} of ST_HexagonGrid(2000), for {@code org}. */
  private long[] oracle(String id, String org) {
    long[] n = new long[12];
    Map<String, Long> m = new HashMap<>();
    jdbc.sql("""
        with p as (select occurred_at, ST_Transform(geom, 32648) as u from incident
                   where source like 'test-cell-1994%' and (releasability = 'SHARED' or owner_org = :org))
        select h.i || '_' || h.j as id, extract(month from p.occurred_at at time zone 'UTC')::int as month,
               count(*) as n
        from p cross join lateral ST_HexagonGrid(2000, p.u) h
        where ST_Intersects(h.geom, p.u)
        group by 1, 2""").param("org", org).query(rs -> {
          if (rs.getString("id").equals(id)) {
            n[rs.getInt("month") - 1] = rs.getLong("n");
          }
        });
    return n;
  }

  private JsonNode ok(Client c, String path) {
    Response r = c.get(path);
    assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
    return r.json();
  }

  private static long[] longs(JsonNode a) {
    long[] v = new long[a.size()];
    for (int k = 0; k < v.length; k++) {
      v[k] = a.get(k).asLong();
    }
    return v;
  }

  @ParameterizedTest(name = "{0}: the cell's series is the table's and the emerging layer's")
  @CsvSource({"kh-planner, KH", "la-planner, LA"})
  void seriesMatchesTheTableAndTheEmergingLayer(String user, String org) {
    JsonNode c = ok(as(user), "/api/hotspots/cell?cell=" + cellId + "&" + WINDOW);
    assertThat(c.path("cell").asString()).isEqualTo(cellId);
    assertThat(c.path("slices").size()).isEqualTo(12);
    assertThat(c.path("slices").get(0).asString()).isEqualTo("1994-01-01");
    long[] expected = oracle(cellId, org);
    assertThat(longs(c.path("counts"))).as(org).containsExactly(expected);
    assertThat(expected[11]).isGreaterThanOrEqualTo(120); // the cluster is in the cell, not split
    if (org.equals("LA")) {
      assertThat(expected[0]).isGreaterThanOrEqualTo(70); // LA also counts its own national reports
    } else {
      assertThat(expected[0]).isLessThan(40);
    }
    // the emerging layer says the same about this cell, for the same reader
    JsonNode fc = ok(as(user), "/api/hotspots/emerging?slice=month&cellKm=2&" + WINDOW);
    JsonNode cell = null;
    for (JsonNode f : fc.path("features")) {
      if (f.path("id").asString().equals(cellId)) {
        cell = f.path("properties");
      }
    }
    assertThat(cell).isNotNull();
    assertThat(c.path("category").asString()).isEqualTo(cell.path("category").asString());
    assertThat(c.path("total").asLong()).isEqualTo(cell.path("count").asLong());
    assertThat(c.path("trend").path("z").asDouble()).isCloseTo(cell.path("trendZ").asDouble(), within(1e-6));
    assertThat(c.path("trend").path("p").asDouble()).isCloseTo(cell.path("trendP").asDouble(), within(1e-6));
    for (int k = 0; k < 12; k++) {
      assertThat(c.path("z").get(k).asDouble()).isCloseTo(cell.path("z").get(k).asDouble(), within(1e-9));
      assertThat(c.path("bins").get(k).asInt()).isEqualTo(cell.path("bins").get(k).asInt());
    }
    // Mann–Kendall S counted here from the z-scores (ties closer than 1e-9 count as 0)
    long s = 0;
    for (int k = 0; k < 12; k++) {
      for (int l = k + 1; l < 12; l++) {
        double d = c.path("z").get(l).asDouble() - c.path("z").get(k).asDouble();
        s += d > 1e-9 ? 1 : d < -1e-9 ? -1 : 0;
      }
    }
    assertThat(c.path("trend").path("s").asLong()).isEqualTo(s);
    assertThat(c.path("trend").path("n").asInt()).isEqualTo(12);
  }

  @Test
  void aGrowingClusterIsASignificantUpwardTrendForKhAndNotForLa() {
    JsonNode kh = ok(as("kh-planner"), "/api/hotspots/cell?cell=" + cellId + "&" + WINDOW).path("trend");
    assertThat(kh.path("direction").asInt()).isEqualTo(1);
    assertThat(kh.path("significant").asBoolean()).isTrue();
    assertThat(kh.path("p").asDouble()).isLessThan(0.05);
    assertThat(kh.path("alpha").asDouble()).isEqualTo(0.05);
    assertThat(ok(as("kh-planner"), "/api/hotspots/cell?cell=" + cellId + "&" + WINDOW).path("category").asString())
        .isEqualTo("INTENSIFYING_HOT_SPOT");
    // LA's first half-year is dominated by its 60 national reports a month: no longer a clean rise
    JsonNode la = ok(as("la-planner"), "/api/hotspots/cell?cell=" + cellId + "&" + WINDOW).path("trend");
    assertThat(la.path("s").asLong()).isLessThan(kh.path("s").asLong());
  }

  @ParameterizedTest(name = "GET cell {0} -> {1} naming {2}")
  @CsvSource(delimiter = '|', value = {
      "cell=abc| 400| cell",
      "cell=| 400| cell",
      "cell=1_2_3| 400| cell",
      "cell=99999999999_1| 400| cell",
      "cell=0_0&from=1994-01-01&to=1994-12-31&type=TERRORISM| 404| cell",
      "cell=1_1&cellKm=0.1| 400| cellKm",
      "cell=1_1&slice=year| 400| slice",
      "cell=1_1&from=1994-01-01&to=1994-02-15| 400| slice",
      "cell=1_1&type=PIRACY| 400| type"})
  void badCellsAndWindowsAreRefusedNamingTheParameter(String query, int status, String field) {
    Response r = as("kh-planner").get("/api/hotspots/cell?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo(field);
  }
}
