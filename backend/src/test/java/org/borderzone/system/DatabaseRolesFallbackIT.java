package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.mock.env.MockEnvironment;

/**
 * Which credentials the migrations use (against the test database, whose owner role exists): the owner's when
 * it can log in; the server's own (null user: Flyway takes the app DataSource) when the default owner is
 * refused; the owner's, refused or not, once BORDERZONE_DB_OWNER says so explicitly (the start then fails).
 */
class DatabaseRolesFallbackIT {

  private static final String URL = System.getenv().getOrDefault("SPRING_DATASOURCE_URL",
      "jdbc:postgresql://localhost:5433/borderzone");

  private static FlywayConnectionDetails decide(String owner, String password, boolean explicit) {
    FlywayProperties flyway = new FlywayProperties();
    flyway.setUser(owner);
    flyway.setPassword(password);
    MockEnvironment env = new MockEnvironment().withProperty("spring.datasource.url", URL)
        .withProperty("spring.datasource.username", "borderzone");
    if (explicit) {
      env.setProperty("BORDERZONE_DB_OWNER", owner);
    }
    return new DatabaseRoles().flywayConnectionDetails(flyway, env);
  }

  @Test
  void theOwnerWhenItCanLogIn() {
    FlywayConnectionDetails d = decide("borderzone_owner", "borderzone_owner", false);
    assertThat(d.getUsername()).isEqualTo("borderzone_owner");
    assertThat(d.getPassword()).isEqualTo("borderzone_owner");
  }

  @Test
  void theServersCredentialsWhenTheDefaultOwnerIsRefused() {
    assertThat(decide("borderzone_owner", "not-the-password", false).getUsername()).isNull();
    assertThat(decide("no_such_role_here", "x", false).getUsername()).isNull();
  }

  @Test
  void anExplicitOwnerIsNeverReplaced() {
    assertThat(decide("no_such_role_here", "x", true).getUsername()).isEqualTo("no_such_role_here");
  }
}
