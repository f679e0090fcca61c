package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.BrowserSession;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Repeated failed logins per user name and per client address end in 429 problem+json (HTTP Basic) or the
 * login page with status 429 (form), even with the right password, while other users are unaffected by a
 * per-user block. All test requests come from 127.0.0.1, so each test clears the counters afterwards.
 */
class LoginThrottleIT extends IntegrationTest {

  @Autowired
  LoginThrottle throttle;

  @BeforeEach
  @AfterEach
  void forget() {
    throttle.clear();
  }

  @Test
  void blocksAUserAfterTheLimitEvenWithTheRightPassword() {
    int limit = throttle.limits().perUser();
    for (int i = 0; i < limit; i++) {
      assertThat(as("kh-patrol", "wrong-" + i).get("/api/me").status()).isEqualTo(401);
    }
    Response blocked = as("kh-patrol").get("/api/me");
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.contentType()).startsWith("application/problem+json");
    assertThat(blocked.json().path("field").asString()).isEqualTo("username");
    assertThat(blocked.raw().headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L))
        .isBetween(1L, throttle.limits().block().toSeconds());
    // user names are matched case-insensitively, and the form login is blocked too
    assertThat(as("KH-Patrol").get("/api/me").status()).isEqualTo(429);
    BrowserSession browser = new BrowserSession(port);
    Response form = browser.login("kh-patrol", "borderzone");
    assertThat(form.status()).isEqualTo(429);
    assertThat(form.body()).contains("Too many failed sign-in attempts");
    // another user from the same address still gets in
    assertThat(as("la-patrol").get("/api/me").status()).isEqualTo(200);
  }

  @Test
  void blocksAnAddressAfterTheLimitAcrossUserNames() {
    int limit = throttle.limits().perAddress();
    for (int i = 0; i < limit; i++) {
      assertThat(as("guess-" + i, "wrong").get("/api/me").status()).isEqualTo(401);
    }
    Response blocked = as("la-viewer").get("/api/me");
    assertThat(blocked.status()).isEqualTo(429);
    // requests without a login attempt are not affected
    assertThat(anonymous().get("/actuator/health").status()).isEqualTo(200);
  }

  @Test
  void aSuccessfulLoginResetsTheUserCounter() {
    int limit = throttle.limits().perUser();
    for (int i = 0; i < limit - 1; i++) {
      as("la-planner", "wrong").get("/api/me");
    }
    assertThat(as("la-planner").get("/api/me").status()).isEqualTo(200);
    for (int i = 0; i < limit - 1; i++) {
      as("la-planner", "wrong").get("/api/me");
    }
    assertThat(as("la-planner").get("/api/me").status()).isEqualTo(200);
  }
}
