package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are a database outage (503 with Retry-After) and which are not. */
class DatabaseOutageTest {

  @Test
  void connectionFailuresAreOutages() {
    assertThat(DatabaseOutage.is(new CannotGetJdbcConnectionException("no connection",
        new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
    assertThat(DatabaseOutage.is(new CannotCreateTransactionException("could not open",
        new SQLTransientConnectionException("timeout")))).isTrue();
    assertThat(DatabaseOutage.is(new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE))).isTrue();
    assertThat(DatabaseOutage.is(new TransactionSystemException("rollback failed",
        new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST)))).isTrue();
    TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
        new SQLException("Connection is closed"));
    assertThat(DatabaseOutage.is(rollbackFailed)).as("without the application exception").isFalse();
    rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException("I/O",
        new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE)));
    assertThat(DatabaseOutage.is(rollbackFailed)).as("a rollback that failed after the connection broke").isTrue();
    assertThat(DatabaseOutage.is(new SQLException("terminating connection due to administrator command", "57P01")))
        .isTrue();
    assertThat(DatabaseOutage.is(new SQLException("the database system is starting up", "57P03"))).isTrue();
    assertThat(DatabaseOutage.is(new SQLException("too many clients", "53300"))).isTrue();
    assertThat(DatabaseOutage.is(new IllegalStateException("COPY failed", new ConnectException("refused")))).isTrue();
    assertThat(DatabaseOutage.is(new InternalAuthenticationServiceException("lookup failed",
        new CannotGetJdbcConnectionException("no connection")))).isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(DatabaseOutage.is(new SQLException("canceling statement due to statement timeout", "57014")))
        .isFalse();
    assertThat(DatabaseOutage.is(new QueryTimeoutException("timeout"))).isFalse();
    assertThat(DatabaseOutage.is(new DataIntegrityViolationException("dup", new SQLException("dup", "23505"))))
        .isFalse();
    assertThat(DatabaseOutage.is(new BadCredentialsException("wrong password"))).isFalse();
    assertThat(DatabaseOutage.is(new IllegalStateException("bug"))).isFalse();
    assertThat(DatabaseOutage.is(null)).isFalse();
  }
}
