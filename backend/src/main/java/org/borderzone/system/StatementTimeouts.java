package org.borderzone.system;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Statement timeouts per request class, so that no statement runs forever ({@code statement_timeout} was 0):
 * every connection of the main pool starts with {@code borderzone.limits.timeout.read} (map reads and writes
 * take milliseconds), the analytics pool has its own ({@link AnalyticsPool}), and long work — imports, the
 * network import, first-start seeding — raises it for its own transaction only ({@link #longWork}, i.e.
 * {@code SET LOCAL}, which ends with the transaction and so never leaks into the pool).
 */
@Configuration(proxyBeanMethods = false)
public class StatementTimeouts {

  private final JdbcClient jdbc;
  private final Duration longWork;

  StatementTimeouts(JdbcClient jdbc, Limits limits) {
    this.jdbc = jdbc;
    this.longWork = limits.timeout().longWork();
  }

  /** Raises the statement timeout of the current (main pool) transaction to {@code timeout.long-work}. */
  public void longWork() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      throw new IllegalStateException("longWork() must run inside a transaction (SET LOCAL)");
    }
    jdbc.sql(SystemSql.LONG_WORK_TIMEOUT).param("ms", longWork.toMillis() + "ms")
        .query(String.class).single();
  }

  /**
   * Gives every new connection of the main pool the read timeout and custom plans (unless connection-init-sql is
   * set). Custom plans: the JDBC driver prepares a statement on the server from its 5th execution and PostgreSQL
   * then settles on a generic plan, which cannot fold the optional filters ({@code :p is null or …}) and so
   * neither uses the bbox index nor parallel workers: the incident count of a 1-year bbox at 1M rows took
   * 0.44-0.52 s generic against 0.10-0.16 s custom (docs/SCALING.md); planning costs well under a millisecond.
   */
  @Bean
  static BeanPostProcessor mainPoolStatementTimeout(Environment env) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof HikariDataSource ds && ds.getConnectionInitSql() == null) {
          Duration read = Binder.get(env).bind("borderzone.limits.timeout.read", Duration.class)
              .orElse(Duration.ofSeconds(5));
          ds.setConnectionInitSql("set statement_timeout = " + read.toMillis()
              + "; set plan_cache_mode = force_custom_plan");
        }
        return bean;
      }
    };
  }
}
