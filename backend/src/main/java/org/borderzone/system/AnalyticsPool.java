package org.borderzone.system;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The heavy analytics' own database pool and admission, so that they can never starve map reads, health and
 * writes of the main pool (30 concurrent DBSCAN runs once held all 20 main connections for two minutes).
 *
 * <p>{@link #admit} lets at most {@code borderzone.limits.analytics.pool} computations run at once (the
 * pool has exactly that many connections, so an admitted run never waits for one), fair in arrival order;
 * at most {@code queue} wait, each at most {@code queue-wait}; anyone else gets 503 with Retry-After at once. The
 * admission covers the Java work and the writing of the answer too, which bounds the memory of concurrent
 * analyses. Every connection of this pool has {@code statement_timeout} = {@code timeout.analytics} and JIT
 * off (the planner's cost of ST_Transform over many rows triggers JIT, whose compile time exceeds the query) and
 * {@code plan_cache_mode = force_custom_plan}: the JDBC driver prepares a statement on the server after 5
 * executions and PostgreSQL then tries a generic plan, which for these scans plans no parallel workers and
 * sorts instead of hashing (Gi* over 10 years at 1M rows: 2.7-3.6 s generic, 1.3-1.9 s custom; planning costs
 * under a millisecond; docs/SCALING.md).
 *
 * <p>The pool is deliberately not a Spring bean: a second DataSource or transaction manager bean would make
 * the auto-configured main ones back off.
 */
@Component
public class AnalyticsPool implements DisposableBean {

  private final HikariDataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate readOnly;
  private final Semaphore permits;
  private final Limits.Analytics config;
  private final ThreadLocal<Integer> depth = ThreadLocal.withInitial(() -> 0);

  AnalyticsPool(Limits limits, @Value("${spring.datasource.url}") String url,
      @Value("${spring.datasource.username:}") String username,
      @Value("${spring.datasource.password:}") String password) {
    this.config = limits.analytics();
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("analytics");
    hc.setJdbcUrl(url);
    hc.setUsername(username);
    hc.setPassword(password);
    hc.setMaximumPoolSize(config.pool());
    hc.setMinimumIdle(0);
    hc.setConnectionTimeout(config.connectionTimeout().toMillis());
    hc.setConnectionInitSql("set statement_timeout = " + limits.timeout().analytics().toMillis()
        + "; set jit = off; set plan_cache_mode = force_custom_plan");
    this.dataSource = new HikariDataSource(hc);
    this.jdbc = JdbcClient.create(dataSource);
    this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.readOnly.setReadOnly(true);
    this.permits = new Semaphore(config.pool(), true);
  }

  /**
   * Runs {@code work} once admitted (re-entrant: nested calls of the same thread share the admission), else
   * throws {@link Overloaded} (503, Retry-After).
   */
  public <T> T admit(Supplier<T> work) {
    if (depth.get() > 0) {
      return nested(work);
    }
    if (permits.getQueueLength() >= config.queue()) {
      throw new Overloaded(retryAfterSeconds());
    }
    boolean in;
    try {
      in = permits.tryAcquire(config.queueWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Overloaded(retryAfterSeconds());
    }
    if (!in) {
      throw new Overloaded(retryAfterSeconds());
    }
    try {
      return nested(work);
    } finally {
      permits.release();
    }
  }

  private <T> T nested(Supplier<T> work) {
    depth.set(depth.get() + 1);
    try {
      return work.get();
    } finally {
      depth.set(depth.get() - 1);
    }
  }

  /** Runs {@code work} in a read-only transaction on the analytics pool (admitted first). */
  public <T> T read(Function<JdbcClient, T> work) {
    return admit(() -> readOnly.execute(status -> work.apply(jdbc)));
  }

  /**
   * The analytics pool's client: inside {@link #read} it runs on the transaction's connection; outside, each
   * statement borrows a connection of this pool (callers must be admitted).
   */
  public JdbcClient jdbc() {
    return jdbc;
  }

  /** Computations running now and waiting (for the figures of the storm test and the docs). */
  public int running() {
    return config.pool() - permits.availablePermits();
  }

  public int waiting() {
    return permits.getQueueLength();
  }

  private long retryAfterSeconds() {
    return Math.max(1, config.queueWait().toSeconds() / 3);
  }

  @Override
  public void destroy() {
    dataSource.close();
  }
}
