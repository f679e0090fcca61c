package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Hotspot views on planted data in years nobody else uses (1990: uniform background plus three dense clusters
 * and one cluster the caller may not see; 1992: constructed monthly series for the emerging view).
 */
class HotspotIT extends IntegrationTest {

  static final String W1990 = "from=1990-01-01&to=1990-12-31&type=UXO";
  static final double[] CLUSTER_AT = {0.2, 0.5, 0.8};
  static final int BACKGROUND = 3000;
  static final int PER_CLUSTER = 150;
  private static boolean planted;

  @BeforeEach
  void plant() {
    synchronized (HotspotIT.class) {
      if (planted) {
        return;
      }
      PlantedIncidents.delete(jdbc, "test-hotspots");
      PlantedIncidents.background(jdbc, "test-hotspots-bg", "UXO", "1990-01-01", 364, BACKGROUND, 4242);
      for (int c = 0; c < CLUSTER_AT.length; c++) {
        PlantedIncidents.cluster(jdbc, "test-hotspots-c" + c, "UXO", "1990-01-01", 364, CLUSTER_AT[c], 1500,
            PER_CLUSTER, 100 + c, "KH", "SHARED");
      }
      // A dense cluster of national Lao reports: invisible to the (JBC) caller, so it must not show anywhere.
      PlantedIncidents.cluster(jdbc, "test-hotspots-hidden", "UXO", "1990-01-01", 364, 0.35, 1000, 200, 77, "LA",
          "NATIONAL");
      plantEmerging();
      planted = true;
    }
  }

  /**
   * 1992, monthly: each type gets the same 400 background points every month (so background series are flat);
   * UXO: a cluster of 60 in one cell every month (persistent); OTHER: 80 in one cell in December only (new);
   * DISASTER: 20, 30, …, 130 in one cell from January to December (intensifying).
   */
  private void plantEmerging() {
    for (String type : List.of("UXO", "OTHER", "DISASTER")) {
      for (int m = 1; m <= 12; m++) {
        String t0 = String.format("1992-%02d-01", m);
        PlantedIncidents.background(jdbc, "test-hotspots-em", type, t0, 28, 400, 9000 + type.length());
        double[] c = emergingCell(type);
        int n = switch (type) {
          case "UXO" -> 60;
          case "OTHER" -> m == 12 ? 80 : 0;
          default -> 20 + 10 * (m - 1);
        };
        if (n > 0) {
          PlantedIncidents.disk(jdbc, "test-hotspots-em", type, t0, 28, c[0], c[1], 400, n, 500 + m);
        }
      }
    }
  }

  /** The centre of the 2 km hexagon that holds the border point of each emerging scenario. */
  private double[] emergingCell(String type) {
    double f = switch (type) {
      case "UXO" -> 0.3;
      case "OTHER" -> 0.6;
      default -> 0.9;
    };
    double[] p = PlantedIncidents.onLine(jdbc, f);
    HexLattice lat = new HexLattice(2000);
    int[] ij = lat.cellOf(p[0], p[1]);
    return new double[] {lat.centreX(ij[0]), lat.centreY(ij[0], ij[1]), ij[0], ij[1]};
  }

  private JsonNode ok(String path) {
    Response r = get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** Planted (cluster) points per hexagon key "i_j", by ST_Intersects against ST_HexagonGrid itself. */
  private Map<String, Integer> plantedPerCell(String sourceLike) {
    Map<String, Integer> m = new HashMap<>();
    jdbc.sql("""
        with p as (select ST_Transform(geom, 32648) as u from incident where source like :s)
        select h.i, h.j, count(*) as n
        from p cross join lateral ST_HexagonGrid(2000, p.u) h
        where ST_Intersects(h.geom, p.u)
        group by h.i, h.j""").param("s", sourceLike).query(rs -> {
          m.put(rs.getInt("i") + "_" + rs.getInt("j"), rs.getInt("n"));
        });
    return m;
  }

  @Test
  void plantedClustersComeOutHotAndTheBackgroundStaysQuiet() {
    JsonNode fc = ok("/api/hotspots?cellKm=2&" + W1990);
    JsonNode meta = fc.path("metadata");
    int n = meta.path("n").asInt();
    assertThat(n).isBetween(900, 1100);
    assertThat(fc.path("features").size()).isEqualTo(n);
    // every visible planted incident lies inside the zone's cells; the hidden LA cluster is not counted
    assertThat(meta.path("incidents").asLong()).isEqualTo(BACKGROUND + 3L * PER_CLUSTER);
    assertThat(meta.path("fdr").asBoolean()).isTrue();
    assertThat(meta.path("bandKm").asDouble()).isCloseTo(2 * Math.sqrt(3), within(1e-3));
    assertThat(meta.path("mean").asDouble()).isCloseTo((BACKGROUND + 3.0 * PER_CLUSTER) / n, within(1e-6));

    Map<String, JsonNode> byId = new HashMap<>();
    fc.path("features").forEach(f -> byId.put(f.path("id").asString(), f.path("properties")));

    // the SQL arithmetic cell assignment agrees with ST_Intersects on ST_HexagonGrid, cell by cell
    Map<String, Integer> clusterCells = plantedPerCell("test-hotspots-c%");
    Map<String, Integer> visible = new HashMap<>(plantedPerCell("test-hotspots-bg"));
    clusterCells.forEach((k, v) -> visible.merge(k, v, Integer::sum));
    int compared = 0;
    for (var e : byId.entrySet()) {
      assertThat(e.getValue().path("count").asInt()).as("cell " + e.getKey())
          .isEqualTo(visible.getOrDefault(e.getKey(), 0));
      compared++;
    }
    assertThat(compared).isEqualTo(n);

    List<String> plantedCells = clusterCells.entrySet().stream().filter(e -> e.getValue() >= 20)
        .map(Map.Entry::getKey).toList();
    assertThat(plantedCells).hasSizeBetween(3, 12);
    long hot99 = plantedCells.stream().filter(id -> byId.get(id).path("bin").asInt() == 3).count();
    double recall = (double) hot99 / plantedCells.size();

    // background: cells with no planted point within the band (so no cluster in their neighbourhood)
    HexLattice lat = new HexLattice(2000);
    double band = meta.path("bandKm").asDouble() * 1000 + 1;
    List<double[]> plantedCentres = new ArrayList<>();
    for (String id : clusterCells.keySet()) {
      plantedCentres.add(centre(lat, id));
    }
    int background = 0;
    int significant = 0;
    for (var e : byId.entrySet()) {
      double[] c = centre(lat, e.getKey());
      boolean near = plantedCentres.stream().anyMatch(p -> Math.hypot(p[0] - c[0], p[1] - c[1]) <= band);
      if (!near) {
        background++;
        if (e.getValue().path("bin").asInt() != 0) {
          significant++;
        }
      }
    }
    double fpr = (double) significant / background;
    System.out.printf("[hotspots] planted cells %d, hot at 99%%: %d (recall %.3f); background cells %d, "
        + "significant %d (false-positive rate %.4f)%n", plantedCells.size(), hot99, recall, background,
        significant, fpr);
    assertThat(recall).isEqualTo(1.0);
    assertThat(fpr).isLessThan(0.05);
    assertThat(background).isGreaterThan(800);

    // the hidden national cluster: its cell holds only background
    double[] h = PlantedIncidents.onLine(jdbc, 0.35);
    int[] hc = lat.cellOf(h[0], h[1]);
    JsonNode hiddenCell = byId.get(hc[0] + "_" + hc[1]);
    assertThat(hiddenCell.path("count").asInt()).isLessThan(20);
    assertThat(hiddenCell.path("bin").asInt()).isNotEqualTo(3);

    // without FDR at least as many cells are significant
    JsonNode raw = ok("/api/hotspots?cellKm=2&fdr=false&" + W1990).path("metadata");
    assertThat(raw.path("fdr").asBoolean()).isFalse();
    int sigRaw = raw.path("n").asInt() - raw.path("bins").path("0").asInt();
    int sigFdr = n - meta.path("bins").path("0").asInt();
    assertThat(sigRaw).isGreaterThanOrEqualTo(sigFdr);
  }

  private static double[] centre(HexLattice lat, String id) {
    String[] p = id.split("_");
    int i = Integer.parseInt(p[0]);
    int j = Integer.parseInt(p[1]);
    return new double[] {lat.centreX(i), lat.centreY(i, j)};
  }

  @Test
  void hexagonsComeBackAsPolygonsInLonLat() {
    JsonNode f = ok("/api/hotspots?cellKm=5&" + W1990).path("features").get(0);
    assertThat(f.path("geometry").path("type").asString()).isEqualTo("Polygon");
    JsonNode ring = f.path("geometry").path("coordinates").get(0);
    assertThat(ring.size()).isEqualTo(7);
    double lon = ring.get(0).get(0).asDouble();
    double lat = ring.get(0).get(1).asDouble();
    assertThat(lon).isBetween(105.0, 108.5);
    assertThat(lat).isBetween(13.0, 15.5);
    for (String key : List.of("count", "z", "p", "q", "bin")) {
      assertThat(f.path("properties").has(key)).as(key).isTrue();
    }
  }

  @Test
  void dbscanFindsThePlantedClusters() {
    JsonNode fc = ok("/api/hotspots/clusters?epsM=500&minPoints=10&" + W1990);
    JsonNode features = fc.path("features");
    assertThat(features.size()).as(fc.toString()).isEqualTo(3);
    List<double[]> centres = new ArrayList<>();
    for (double f : CLUSTER_AT) {
      centres.add(PlantedIncidents.onLine(jdbc, f));
    }
    for (JsonNode f : features) {
      JsonNode p = f.path("properties");
      assertThat(p.path("count").asInt()).isBetween(PER_CLUSTER - 15, PER_CLUSTER + 10);
      assertThat(p.path("dominantType").asString()).isEqualTo("UXO");
      assertThat(f.path("geometry").path("type").asString()).isEqualTo("Polygon");
      double[] c = jdbc.sql("select ST_X(u) as x, ST_Y(u) as y from (select ST_Transform(ST_SetSRID("
          + "ST_MakePoint(:lon, :lat), 4326), 32648) as u) s")
          .param("lon", p.path("centroid").get(0).asDouble()).param("lat", p.path("centroid").get(1).asDouble())
          .query((rs, k) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).single();
      double nearest = centres.stream().mapToDouble(q -> Math.hypot(q[0] - c[0], q[1] - c[1])).min().orElseThrow();
      assertThat(nearest).as("hull centroid to planted centre, m").isLessThan(400);
      System.out.printf("[hotspots] DBSCAN cluster of %d (planted %d), centroid %.0f m from the planted centre%n",
          p.path("count").asInt(), PER_CLUSTER, nearest);
    }
    assertThat(fc.path("metadata").path("incidents").asInt()).isEqualTo(BACKGROUND + 3 * PER_CLUSTER);
  }

  @Test
  void densityIntegratesToTheNumberOfIncidents() {
    JsonNode fc = ok("/api/hotspots/density?bandwidthKm=3&cellKm=1&" + W1990);
    JsonNode meta = fc.path("metadata");
    int incidents = meta.path("incidents").asInt();
    assertThat(incidents).isEqualTo(BACKGROUND + 3 * PER_CLUSTER);
    double sum = 0;
    double max = 0;
    JsonNode top = null;
    for (JsonNode f : fc.path("features")) {
      double d = f.path("properties").path("density").asDouble();
      sum += d * 1.0; // cell area 1 km²
      if (d > max) {
        max = d;
        top = f;
      }
    }
    System.out.printf("[hotspots] density: Σ density × area = %.2f for %d incidents%n", sum, incidents);
    assertThat(sum).isCloseTo(incidents, within(incidents * 0.005));
    assertThat(meta.path("integral").asDouble()).isCloseTo(incidents, within(incidents * 0.005));
    // the peak sits on a planted cluster: about 150 points within 1.5 km under a 3 km kernel
    assertThat(max).isGreaterThan(5.0);
    JsonNode ring = top.path("geometry").path("coordinates").get(0);
    double[] c = jdbc.sql("select ST_X(u) as x, ST_Y(u) as y from (select ST_Transform(ST_SetSRID("
        + "ST_MakePoint(:lon, :lat), 4326), 32648) as u) s")
        .param("lon", ring.get(0).get(0).asDouble()).param("lat", ring.get(0).get(1).asDouble())
        .query((rs, k) -> new double[] {rs.getDouble("x"), rs.getDouble("y")}).single();
    double nearest = 1e12;
    for (double f : CLUSTER_AT) {
      double[] q = PlantedIncidents.onLine(jdbc, f);
      nearest = Math.min(nearest, Math.hypot(q[0] - c[0], q[1] - c[1]));
    }
    assertThat(nearest).isLessThan(2500);
  }

  @ParameterizedTest(name = "{0}: the planted cell is {1}")
  @CsvSource({"UXO, PERSISTENT_HOT_SPOT", "OTHER, NEW_HOT_SPOT", "DISASTER, INTENSIFYING_HOT_SPOT"})
  void emergingHotSpots(String type, String category) {
    JsonNode fc = ok("/api/hotspots/emerging?slice=month&cellKm=2&from=1992-01-01&to=1992-12-31&type=" + type);
    assertThat(fc.path("metadata").path("slices").size()).isEqualTo(12);
    double[] c = emergingCell(type);
    String id = (int) c[2] + "_" + (int) c[3];
    JsonNode cell = null;
    for (JsonNode f : fc.path("features")) {
      if (f.path("id").asString().equals(id)) {
        cell = f.path("properties");
      }
    }
    assertThat(cell).as("cell " + id).isNotNull();
    assertThat(cell.path("category").asString()).as(cell.toString()).isEqualTo(category);
    assertThat(cell.path("z").size()).isEqualTo(12);
    System.out.printf("[hotspots] emerging %s: %s, categories %s%n", type, cell.path("category").asString(),
        fc.path("metadata").path("categories"));
  }

  @ParameterizedTest(name = "GET {0} -> 400 naming {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/hotspots?cellKm=0.1| cellKm",
      "/api/hotspots?cellKm=51| cellKm",
      "/api/hotspots?cellKm=NaN| cellKm",
      "/api/hotspots?cellKm=abc| cellKm",
      "/api/hotspots?from=1990-05-01&to=1990-04-30| from",
      "/api/hotspots?from=yesterday| from",
      "/api/hotspots?to=1990-13-01| to",
      "/api/hotspots?type=UXO,PIRACY| type",
      "/api/hotspots?cellKm=2&bandKm=1| bandKm",
      "/api/hotspots?cellKm=0.5&bandKm=400| bandKm",
      "/api/hotspots/clusters?epsM=0| epsM",
      "/api/hotspots/clusters?minPoints=1| minPoints",
      "/api/hotspots/density?bandwidthKm=0.5&cellKm=1| bandwidthKm",
      "/api/hotspots/density?cellKm=0.01| cellKm",
      "/api/hotspots/emerging?slice=year| slice",
      "/api/hotspots/emerging?slice=month&from=1992-01-01&to=1992-02-15&type=UXO| slice"})
  void badParameters(String path, String field) {
    Response r = get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo(field);
  }
}
