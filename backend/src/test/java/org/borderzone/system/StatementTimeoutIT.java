package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A statement that runs into its {@code statement_timeout} becomes 503 problem+json with Retry-After, never a
 * 500 — here the analytics pool's timeout is 1 ms, so the border zone's buffer (~0.4 s) cannot finish — and
 * the main pool (map reads, health) is untouched by it.
 */
@TestPropertySource(properties = {
    "borderzone.limits.timeout.analytics=1ms",
    "spring.datasource.hikari.maximum-pool-size=4"})
class StatementTimeoutIT extends IntegrationTest {

  @Test
  void aTimeoutIs503ProblemWithRetryAfter() {
    for (String path : new String[] {"/api/hotspots?cellKm=2", "/api/hotspots/density", "/api/hotspots/clusters"}) {
      Response r = get(path);
      assertThat(r.status()).as(path + " " + r.body()).isEqualTo(503);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().path("type").asString()).endsWith("/timeout");
      assertThat(r.json().path("field").asString()).isEqualTo("request");
      assertThat(r.raw().headers().firstValue("Retry-After")).isPresent();
    }
    assertThat(get("/api/segments?bbox=105,14,106,15").status()).isEqualTo(200);
    assertThat(get("/actuator/health").status()).isEqualTo(200);
  }
}
