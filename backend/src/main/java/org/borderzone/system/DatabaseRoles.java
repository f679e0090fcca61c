package org.borderzone.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Two database roles: the owner of the schema runs the Flyway migrations ({@code spring.flyway.user}, env
 * {@code BORDERZONE_DB_OWNER}), the server connects as a role that owns nothing ({@code spring.datasource.username})
 * and gets the privileges that migration V9 grants to it (placeholder {@code appRole}): with INSERT and SELECT
 * only on {@code audit_event}, the server's credentials can neither rewrite the audit trail nor disable its
 * trigger.
 *
 * <p>An external database may have one role only (SPRING_DATASOURCE_URL and credentials, nothing else). So that
 * it keeps working, a refused login of the <em>default</em> owner (BORDERZONE_DB_OWNER not set) falls back to the
 * datasource credentials: migrations then run as the app role, which owns the schema, and a warning says so.
 * With BORDERZONE_DB_OWNER set, a refused owner login stops the start.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseRoles {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);

  /** The owner credentials to migrate with, or none (null user: the app's DataSource). */
  @Bean
  FlywayConnectionDetails flywayConnectionDetails(FlywayProperties flyway, Environment env) {
    String url = env.getProperty("spring.datasource.url");
    String owner = flyway.getUser();
    String password = flyway.getPassword();
    String app = env.getProperty("spring.datasource.username");
    boolean explicit = env.containsProperty("BORDERZONE_DB_OWNER") || env.containsProperty("SPRING_FLYWAY_USER");
    if (owner != null && !owner.equals(app) && !explicit && url != null && !canLogIn(url, owner, password)) {
      log.warn("The owner role {} cannot log in to {}: migrations run as the server's role {}, which then owns the"
          + " schema (audit_event is protected by its triggers only). Set BORDERZONE_DB_OWNER and"
          + " BORDERZONE_DB_OWNER_PASSWORD for least privilege (docs/OPERATIONS.md).", owner, url, app);
      owner = null;
      password = null;
    } else if (owner != null && !owner.equals(app)) {
      log.info("Database roles: migrations as {}, the server as {}", owner, app);
    }
    String user = owner;
    String pw = password;
    return new FlywayConnectionDetails() {
      @Override
      public String getUsername() {
        return user;
      }

      @Override
      public String getPassword() {
        return pw;
      }

      @Override
      public String getJdbcUrl() {
        return flyway.getUrl();
      }
    };
  }

  /** The role the migration grants to: the server's own. */
  @Bean
  FlywayConfigurationCustomizer appRolePlaceholder(Environment env) {
    return configuration -> {
      Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
      placeholders.put("appRole", env.getRequiredProperty("spring.datasource.username"));
      configuration.placeholders(placeholders);
    };
  }

  /** True unless the server refuses the login itself (SQLState class 28: no such role, wrong password). */
  private static boolean canLogIn(String url, String user, String password) {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "10");
    try (Connection c = DriverManager.getConnection(url, p)) {
      return true;
    } catch (SQLException e) {
      // Anything else (database down, wrong URL) is left to Flyway, which reports it as it is.
      return e.getSQLState() == null || !e.getSQLState().startsWith("28");
    }
  }
}
