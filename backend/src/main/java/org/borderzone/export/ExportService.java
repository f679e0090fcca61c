package org.borderzone.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.Limits;
import org.borderzone.system.Overloaded;
import org.borderzone.system.StatementTimeouts;
import org.locationtech.jts.geom.Envelope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one export: admitted ({@link ExportLimits#concurrent} at once, else 503), then in one read-only
 * REPEATABLE READ transaction (one snapshot, so the count, the extent and the rows agree) with the long-work
 * statement timeout: the count and extent (422 over {@link ExportLimits#maxRows}, before anything is written),
 * then the rows through a cursor ({@link ExportLimits#fetchSize} per round trip) into the format's writer. The
 * writer is only created, and the response only committed, after the count passed.
 */
@Service
@EnableConfigurationProperties(ExportLimits.class)
class ExportService {

  /** Creates the writer (and opens the output) once the export is known to go ahead. */
  interface Output {
    FeatureWriter open(Envelope extent) throws IOException;
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate snapshot;
  private final StatementTimeouts timeouts;
  private final ExportLimits limits;
  private final Semaphore running;

  ExportService(JdbcClient jdbc, PlatformTransactionManager txm, StatementTimeouts timeouts, ExportLimits limits) {
    this.jdbc = jdbc;
    this.timeouts = timeouts;
    this.limits = limits;
    this.snapshot = new TransactionTemplate(txm);
    this.snapshot.setReadOnly(true);
    this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.running = new Semaphore(Math.max(1, limits.concurrent()), true);
  }

  /** Exports {@code dataset} as the caller sees it; returns the number of features written. */
  long export(Dataset d, ExportFilter filter, ExportFormat format, Actor actor, Output output) {
    if (!running.tryAcquire()) {
      throw new Overloaded(10);
    }
    try {
      return snapshot.execute(status -> {
        timeouts.longWork();
        record Count(long n, Envelope extent) {}
        Count c = Releasability.bind(filter.bind(jdbc.sql(d.count)), actor).query((rs, i) -> new Count(rs.getLong("n"),
            rs.getObject("x0") == null ? null
                : new Envelope(rs.getDouble("x0"), rs.getDouble("x1"), rs.getDouble("y0"), rs.getDouble("y1"))))
            .single();
        Limits.check("bbox", "error.limit-export-rows", limits.maxRows(), c.n());
        try {
          FeatureWriter w = output.open(c.extent());
          w.start(d, c.n());
          long[] written = {0};
          List<Dataset.Column> cols = d.columns;
          Object[] values = new Object[cols.size()];
          Releasability.bind(filter.bind(jdbc.sql(d.select(format.geometry))), actor)
              .withFetchSize(limits.fetchSize())
              .query((ResultSet rs) -> {
                for (int i = 0; i < values.length; i++) {
                  values[i] = value(rs, cols.get(i));
                }
                Object g = format.geometry == ExportFormat.Geometry.WKB ? rs.getBytes("g") : rs.getString("g");
                try {
                  w.feature(values, g);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                written[0]++;
              });
          w.finish();
          return written[0];
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } finally {
      running.release();
    }
  }

  static Object value(ResultSet rs, Dataset.Column c) throws SQLException {
    return switch (c.type()) {
      case TEXT -> rs.getString(c.sql());
      case INTEGER -> {
        long v = rs.getLong(c.sql());
        yield rs.wasNull() ? null : v;
      }
      case REAL -> {
        double v = rs.getDouble(c.sql());
        yield rs.wasNull() ? null : v;
      }
      case BOOLEAN -> {
        boolean v = rs.getBoolean(c.sql());
        yield rs.wasNull() ? null : v;
      }
      case DATETIME -> {
        OffsetDateTime t = rs.getObject(c.sql(), OffsetDateTime.class);
        yield t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t);
      }
      case DATE -> {
        LocalDate v = rs.getObject(c.sql(), LocalDate.class);
        yield v == null ? null : v.toString();
      }
    };
  }
}
