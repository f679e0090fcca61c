package org.borderzone.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database outage from every other failure, so that an outage is answered 503 with {@code Retry-After}
 * (the client may simply retry) rather than 500 (a bug) or 401 (a bad password). An outage is anything in the
 * cause chain that says the database cannot be reached or is going away: no pooled connection within the
 * pool's short connection timeout ({@link CannotGetJdbcConnectionException}, Hikari's
 * {@link SQLTransientConnectionException}), Spring's resource-failure translations, a refused TCP connection,
 * or a PostgreSQL SQL state of class 08 (connection exception), 57P01–57P03 (administrator or crash shutdown,
 * cannot connect now) or 53300 (too many connections). Used by {@code ProblemAdvice}, {@code
 * ProblemErrorController}, {@link DatabaseOutageFilter} and the security layer; the import jobs use it to
 * tell a lost database from a bad file.
 */
public final class DatabaseOutage {

  /** Seconds a client should wait before retrying: recovery after the database returns takes a few seconds. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  /** At most one log line per this many milliseconds during an outage (every request fails alike). */
  private static final long LOG_EVERY_MS = 10_000;
  private static final AtomicLong lastLog = new AtomicLong();
  private static final AtomicLong suppressed = new AtomicLong();

  private DatabaseOutage() {}

  /**
   * Logs an outage answered with 503: the first failure, then one line per 10 s with the number of failures
   * in between, so an outage under load does not flood the log.
   */
  public static void log(String where, Throwable e) {
    long now = System.currentTimeMillis();
    long last = lastLog.get();
    if (now - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, now)) {
      Throwable root = e;
      for (int i = 0; i < 32 && root.getCause() != null && root.getCause() != root; i++) {
        root = root.getCause();
      }
      LOG.warn("database unavailable, answered 503: {} ({} more since the last report): {}", where,
          suppressed.getAndSet(0), root.toString());
    } else {
      suppressed.incrementAndGet();
    }
  }

  /** Whether {@code e} or one of its causes says the database is unreachable. */
  public static boolean is(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof CannotGetJdbcConnectionException || t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessResourceException || t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException s && outageState(s.getSQLState())) {
        return true;
      }
      // The rollback after a broken connection fails too ("Connection is closed", no SQL state) and replaces
      // the exception that broke it; Spring keeps that one as the application exception.
      if (t instanceof TransactionSystemException tse && tse.getApplicationException() != null
          && tse.getApplicationException() != e && is(tse.getApplicationException())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** SQL states that mean "the database is not there (right now)". */
  static boolean outageState(String state) {
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03") || state.equals("53300"));
  }

  /** The 503 answered for an outage (the {@code Retry-After} header is added by whoever writes it). */
  public static ApiException unavailable() {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "problem.database-unavailable", List.of(),
        RETRY_AFTER_SECONDS);
  }
}
