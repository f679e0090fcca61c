package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The limits that the demo data cannot reach with the shipped values (the zone has ~14,000 hexagons at the
 * smallest cell, the demo ~2,250 network edges and ~40,000 incidents), checked with lowered limits in a
 * context of their own: each is refused with 422 before it runs, naming the parameter, the limit and the need.
 */
@TestPropertySource(properties = {
    "borderzone.limits.cells=5000",
    "borderzone.limits.cluster-points=1000",
    "borderzone.limits.network-edges=100",
    "borderzone.limits.export.max-rows=100",
    "spring.datasource.hikari.maximum-pool-size=4"})
class LimitsIT extends IntegrationTest {

  @ParameterizedTest(name = "GET {0} -> 422 naming {1}")
  @CsvSource(delimiter = '|', value = {
      "/api/hotspots?cellKm=0.5| cellKm| cells",
      "/api/hotspots/emerging?cellKm=0.5&from=2024-01-01&to=2024-12-31| cellKm| cells",
      "/api/hotspots/density?cellKm=0.5| cellKm| cells",
      "/api/incidents/grid?cellDeg=0.05| cellDeg| cells",
      "/api/incidents/grid?zoom=10| zoom| cells",
      "/api/hotspots/clusters?epsM=500| from| incidents",
      "/api/network| bbox| network edges",
      "/api/exports/incidents?f=csv| bbox| features",
      "/api/exports/pillars?f=gpkg| bbox| features"})
  void overALimitIs422NamingTheParameter(String path, String field, String what) {
    long t0 = System.nanoTime();
    Response r = get(path);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("field").asString()).isEqualTo(field);
    assertThat(p.path("type").asString()).endsWith("/over-limit");
    assertThat(p.path("detail").asString()).containsPattern("at most [0-9,]+ .*" + what + ".*[0-9,]+");
    System.out.printf("[limits] %s -> 422 in %d ms: %s%n", path, ms, p.path("detail").asString());
  }

  @Test
  void withinTheLimitsTheSameViewsAnswer() {
    assertThat(get("/api/hotspots?cellKm=2").status()).isEqualTo(200);
    assertThat(get("/api/incidents/grid?cellDeg=0.05&bbox=105,14,106,15").status()).isEqualTo(200);
    Response net = get("/api/network?bbox=105.9,13.9,105.95,13.95");
    assertThat(net.status()).as(net.body()).isEqualTo(200);
    assertThat(net.json().path("features").size()).isBetween(0, 100);
  }
}
