package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sliding window and the block period of {@link LoginThrottle}, on a clock the test moves. */
class LoginThrottleTest {

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  final MovableClock clock = new MovableClock();
  final LoginThrottle throttle = new LoginThrottle(
      new SecurityProperties.Throttle(3, 5, Duration.ofMinutes(15), Duration.ofMinutes(10)), clock);

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    throttle.failure("u", "10.0.0.1");
    throttle.failure("u", "10.0.0.1");
    clock.now = clock.now.plus(Duration.ofMinutes(16));
    throttle.failure("u", "10.0.0.1");
    assertThat(throttle.blockedFor("u", "10.0.0.1")).isZero();
  }

  @Test
  void theBlockEndsAfterItsPeriod() {
    for (int i = 0; i < 3; i++) {
      throttle.failure("u", "10.0.0.1");
    }
    assertThat(throttle.blockedFor("u", "10.0.0.9")).isEqualTo(Duration.ofMinutes(10));
    clock.now = clock.now.plus(Duration.ofMinutes(9));
    assertThat(throttle.blockedFor("U", "10.0.0.9")).isEqualTo(Duration.ofMinutes(1));
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(throttle.blockedFor("u", "10.0.0.9")).isZero();
  }

  @Test
  void perAddressCountsAcrossUsers() {
    for (int i = 0; i < 5; i++) {
      throttle.failure("user" + i, "10.0.0.2");
    }
    assertThat(throttle.blockedFor("someone-else", "10.0.0.2")).isPositive();
    assertThat(throttle.blockedFor("someone-else", "10.0.0.3")).isZero();
  }
}
