package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * The registry is per instance ({@link Organisations}): an organisation added through another instance is known
 * here once this instance's copy is older than the TTL. A second registry over the same database stands for the
 * other instance; its clock is moved by hand, so the test waits for nothing.
 */
class OrganisationsTtlIT extends IntegrationTest {

  /** A clock that moves only when told. */
  static final class HandClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void anotherInstanceSeesANewOrganisationWithinTheTtl() {
    HandClock clock = new HandClock();
    Organisations other = new Organisations(jdbc, Duration.ofSeconds(30), clock);
    String code = "ZT" + Long.toString(System.nanoTime() % 1_000_000_000L, 26).toUpperCase()
        .replaceAll("[^A-Z]", "Q");
    code = code.substring(0, Math.min(10, code.length()));
    assertThat(other.find(code)).isEmpty(); // loaded now, without it

    Response r = post("/api/admin/organisations", "{\"code\":\"" + code + "\",\"name\":\"TTL test\","
        + "\"kind\":\"COUNTRY\",\"country\":\"ZT\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);

    clock.advance(Duration.ofSeconds(29));
    assertThat(other.find(code)).as("still the old copy within the TTL").isEmpty();
    clock.advance(Duration.ofSeconds(2));
    assertThat(other.find(code)).as("read again after the TTL").isPresent();
    assertThat(other.isCountry(Organisation.of(code))).isTrue();
  }
}
