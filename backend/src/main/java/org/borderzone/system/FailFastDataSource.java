package org.borderzone.system;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection pool with a breaker in front: once getting a connection has failed because the database is
 * unreachable (after the pool's connection timeout), further requests fail at once for {@link #HOLD} instead
 * of each waiting the timeout again, unless the pool has an idle connection. One request at a time then tries
 * for real, so the server notices within about a second when the database is back. Without it, a request
 * that needs the database several times (session row, user lookup, its own query, session save) waited the
 * timeout each time during an outage, 4 s and more, and every waiting request held a server thread. A
 * HikariDataSource itself (configured as Boot configured the original, copied before it ever started), so
 * that whatever inspects the pool's type or settings (Flyway's derived owner connection, metrics) still works.
 */
public class FailFastDataSource extends HikariDataSource {

  static final Duration HOLD = Duration.ofSeconds(1);

  /** {@link System#nanoTime()} until which connections are refused at once; 0 when the database is fine. */
  private final AtomicLong refuseUntil = new AtomicLong();

  /** A pool configured like {@code configured} (which is never started). */
  FailFastDataSource(HikariDataSource configured) {
    configured.copyStateTo(this);
  }

  @Override
  public Connection getConnection() throws SQLException {
    long until = refuseUntil.get();
    if (until != 0) {
      long now = System.nanoTime();
      // While refusing, the first caller after the hold gets to try (and extends the hold for the others).
      boolean mayTry = now - until >= 0 && refuseUntil.compareAndSet(until, now + HOLD.toNanos()
          + getConnectionTimeout() * 1_000_000);
      if (!mayTry && idle() == 0) {
        throw new SQLTransientConnectionException("database unreachable: a connection attempt failed less than "
            + HOLD.toMillis() + " ms ago", "08001");
      }
    }
    try {
      Connection c = super.getConnection();
      refuseUntil.set(0);
      return c;
    } catch (SQLException e) {
      if (DatabaseOutage.is(e)) {
        refuseUntil.set(System.nanoTime() + HOLD.toNanos());
      }
      throw e;
    }
  }

  private int idle() {
    HikariPoolMXBean mx = getHikariPoolMXBean();
    return mx == null ? 0 : mx.getIdleConnections();
  }

  /** Puts the breaker in front of every Hikari pool of the application. */
  @Configuration(proxyBeanMethods = false)
  static class Wrapping {
    @Bean
    static BeanPostProcessor failFastDataSources() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String name) {
          return bean instanceof HikariDataSource h && !(bean instanceof FailFastDataSource)
              ? new FailFastDataSource(h) : bean;
        }
      };
    }
  }
}
