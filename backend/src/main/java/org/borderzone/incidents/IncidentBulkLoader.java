package org.borderzone.incidents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Streams incidents into PostgreSQL: rows go with {@code COPY ... FROM STDIN} into a temporary staging table
 * of the current transaction, each with its location (nearest segment, distance, side, disputed flag) computed
 * on the way by {@link IncidentLocator} from the border as this transaction sees it; then one
 * {@code insert ... select} per chunk moves them into {@code incident} with the location filled, under the
 * transaction-local setting {@code borderzone.prelocated = on} so that the {@code incident_locate} trigger skips
 * them (V6__incident_prelocated.sql; rows without a location still go through it). All-or-nothing: the
 * caller's transaction commits everything or nothing. Validation runs while streaming; at the first invalid
 * record the COPY is abandoned and the rest of the file is only validated, so the report lists every problem.
 */
@Component
class IncidentBulkLoader {

  /** At most this many problems are reported; the count says how many more there were. */
  static final int MAX_REPORTED_PROBLEMS = 1000;

  /** A row as staged: a validated incident plus what the server decides (owner, status, author). */
  record Staged(int line, NewIncident incident, String ownerOrg, String status, String createdBy,
      OffsetDateTime reportedAt) {}

  /**
   * What a load did: rows read, rows stored, problems (capped) and their total, and the new incidents'
   * public ids in row order as a JSON array (small imports). No internal ids: a range of them would tell
   * how many other incidents were stored in between.
   */
  record Result(int rows, int imported, List<Problem> problems, int problemCount, String idsJson, int invalidRows) {
    boolean refused() {
      return problemCount > 0;
    }
  }

  /**
   * Told about progress every {@link #PROGRESS_EVERY} rows and when loading starts. A listener may throw to
   * abort the load (the caller's transaction then rolls back).
   */
  interface Progress {
    Progress NONE = new Progress() {};

    default void validated(int rows) {}

    /** {@code loaded} rows are in {@code incident}, inside the still uncommitted transaction. */
    default void loading(int loaded) {}
  }

  static final int PROGRESS_EVERY = 5000;

  /** Rows moved from staging into incident per statement (one transaction; chunks only report progress). */
  static final int CHUNK = 10_000;

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IncidentBulkLoader.class);

  private final DataSource dataSource;
  private final JdbcClient jdbc;

  IncidentBulkLoader(DataSource dataSource, JdbcClient jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  /** Supplies staged rows; returns null at the end. Problems go to {@code out}. */
  interface Rows {
    Staged next(List<Problem> out) throws IOException;
  }

  /**
   * Validates and loads every row, inside the caller's transaction. When any row has a problem nothing is
   * written (the caller must roll back on {@link Result#refused()}; the COPY has been abandoned).
   *
   * @param withIds whether to return the new public ids as a JSON array (small imports)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Result load(Rows rows, List<Problem> initialProblems, boolean withIds, Progress progress)
      throws IOException {
    long t0 = System.nanoTime();
    List<Problem> problems = new ArrayList<>(initialProblems);
    int problemCount = problems.size();
    jdbc.sql(IncidentSql.BULK_STAGING).update();
    // Read the border before the COPY starts: the connection can run nothing else while it copies.
    IncidentLocator locator = problemCount == 0 ? IncidentLocator.load(jdbc) : null;
    Connection con = DataSourceUtils.getConnection(dataSource);
    CopyIn copy;
    try {
      copy = con.unwrap(PGConnection.class).getCopyAPI().copyIn(IncidentSql.BULK_COPY);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start COPY", e);
    }
    boolean copying = problemCount == 0;
    if (!copying) {
      cancel(copy);
    }
    CopyBuffer buf = new CopyBuffer(copy, locator);
    int n = 0;
    int invalid = 0;
    List<Problem> rowProblems = new ArrayList<>();
    try {
      Staged s;
      while (true) {
        rowProblems.clear();
        s = rows.next(rowProblems);
        if (s == null) {
          break;
        }
        n++;
        if (!rowProblems.isEmpty() || s.incident() == null) {
          problemCount += Math.max(1, rowProblems.size());
          invalid++;
          for (Problem p : rowProblems) {
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
              problems.add(p);
            }
          }
          if (copying) {
            copying = false;
            cancel(copy);
          }
        } else if (copying) {
          buf.row(n, s);
        }
        if (n % PROGRESS_EVERY == 0) {
          progress.validated(n);
        }
      }
      progress.validated(n);
      if (!copying) {
        return new Result(n, 0, problems, problemCount, null, invalid);
      }
      buf.flush();
      copy.endCopy();
    } catch (SQLException e) {
      throw new IllegalStateException("COPY into the staging table failed", e);
    } finally {
      if (copy.isActive()) {
        cancel(copy);
      }
    }
    long t1 = System.nanoTime();
    progress.loading(0);
    jdbc.sql(IncidentSql.BULK_INDEX_STAGING).update();
    jdbc.sql(IncidentSql.BULK_ANALYZE_STAGING).update();
    // JIT compilation only costs here (measured), so it is off for this transaction. The rows carry their
    // location: the trigger skips them while this transaction-local setting is on (V6__incident_prelocated.sql).
    jdbc.sql(IncidentSql.BULK_JIT_OFF).update();
    jdbc.sql(IncidentSql.BULK_PRELOCATED_ON).query(String.class).single();
    int imported = 0;
    ArrayNode ids = withIds ? JsonNodeFactory.instance.arrayNode() : null; // small imports only
    for (int after = 0; after < n; after += CHUNK) {
      Chunk c = jdbc.sql(IncidentSql.BULK_MOVE).param("withIds", withIds).param("after", after)
          .param("upTo", after + CHUNK)
          .query((rs, i) -> new Chunk(rs.getInt("n"), rs.getString("ids")))
          .single();
      imported += c.n();
      if (ids != null && c.ids() != null) {
        ids.addAll((ArrayNode) JsonMapper.shared().readTree(c.ids()));
      }
      progress.loading(imported);
    }
    jdbc.sql(IncidentSql.BULK_PRELOCATED_OFF).query(String.class).single();
    log.info("Loaded {} incidents: read, validate, locate and stage {} ms (locating {} ms); insert {} ms", imported,
        (t1 - t0) / 1_000_000, buf.locateNanos / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    return new Result(n, imported, List.of(), 0, ids == null ? null : ids.toString(), 0);
  }

  private record Chunk(int n, String ids) {}

  private static void cancel(CopyIn copy) {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      // the transaction is rolled back anyway
    }
  }

  /** Encodes rows in PostgreSQL's COPY text format and writes them in 64 KiB chunks. */
  private static final class CopyBuffer {
    private final CopyIn copy;
    private final IncidentLocator locator;
    private final StringBuilder sb = new StringBuilder(1 << 17);
    long locateNanos;

    CopyBuffer(CopyIn copy, IncidentLocator locator) {
      this.copy = copy;
      this.locator = locator;
    }

    void row(int seq, Staged s) throws SQLException {
      NewIncident i = s.incident();
      sb.append(seq).append('\t').append(s.line()).append('\t');
      sb.append(i.occurredAt()).append('\t');
      value(s.reportedAt() == null ? null : s.reportedAt().toString());
      sb.append(i.lon()).append('\t').append(i.lat()).append('\t');
      sb.append(i.type().name()).append('\t').append(i.severity()).append('\t');
      value(i.description());
      value(i.source());
      sb.append(i.releasability()).append('\t').append(s.ownerOrg()).append('\t').append(s.status()).append('\t');
      text(s.createdBy());
      long l0 = System.nanoTime();
      IncidentLocator.Location loc = locator == null ? null : locator.locate(i.lon(), i.lat());
      locateNanos += System.nanoTime() - l0;
      if (loc == null) {
        sb.append("\t\\N\t\\N\t\\N\t\\N");
      } else {
        sb.append('\t').append(loc.segmentId()).append('\t').append(loc.distanceM()).append('\t');
        if (loc.side() == null) {
          sb.append("\\N");
        } else {
          sb.append(loc.side());
        }
        sb.append('\t').append(loc.disputed() ? 't' : 'f');
      }
      sb.append('\n');
      if (sb.length() >= 1 << 16) {
        flush();
      }
    }

    private void value(String v) {
      if (v == null) {
        sb.append("\\N");
      } else {
        text(v);
      }
      sb.append('\t');
    }

    private void text(String v) {
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          default -> sb.append(c);
        }
      }
    }

    void flush() throws SQLException {
      if (sb.length() > 0) {
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(b, 0, b.length);
        sb.setLength(0);
      }
    }
  }
}
