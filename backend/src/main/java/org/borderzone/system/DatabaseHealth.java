package org.borderzone.system;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code db} component of {@code /actuator/health}, in place of Spring Boot's (its bean name makes Boot's
 * own indicator back off). Boot's waits for a pooled connection as long as the pool's connection timeout and
 * then for the validation query, so with the database gone health itself hung; this one answers within
 * {@code borderzone.health.db-timeout} (default 500 ms) whatever the database does: DOWN (and so HTTP 503) when
 * no valid connection was had in time. The probe runs on its own thread and is shared by concurrent health
 * requests, so a storm of probes during an outage holds at most one thread and one connection attempt.
 */
@Component("dbHealthIndicator")
class DatabaseHealth implements HealthIndicator {

  private final DataSource dataSource;
  private final Duration timeout;
  private final ExecutorService probes = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "db-health");
    t.setDaemon(true);
    return t;
  });
  private CompletableFuture<Health> inFlight;

  DatabaseHealth(DataSource dataSource, @Value("${borderzone.health.db-timeout:500ms}") Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
  }

  @Override
  public Health health() {
    CompletableFuture<Health> probe;
    synchronized (this) {
      if (inFlight == null || inFlight.isDone()) {
        inFlight = CompletableFuture.supplyAsync(this::probe, probes);
      }
      probe = inFlight;
    }
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Health.down().withDetail("error", "no database connection within " + timeout.toMillis() + " ms").build();
    } catch (ExecutionException e) {
      return Health.down(e.getCause()).build();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down().withDetail("error", "interrupted").build();
    }
  }

  private Health probe() {
    long t0 = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      boolean valid = c.isValid(1);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return (valid ? Health.up() : Health.down().withDetail("error", "connection not valid"))
          .withDetail("database", c.getMetaData().getDatabaseProductName()).withDetail("ms", ms).build();
    } catch (Exception e) {
      return Health.down().withDetail("error", DatabaseOutage.is(e) ? "database unreachable" : e.getClass().getSimpleName())
          .build();
    }
  }

  @jakarta.annotation.PreDestroy
  void stop() {
    probes.shutdownNow();
  }
}
