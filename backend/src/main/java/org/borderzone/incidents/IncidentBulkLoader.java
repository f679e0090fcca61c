package org.borderzone.incidents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.security.SecureRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Streams incidents into PostgreSQL: rows go with one {@code COPY incident ... FROM STDIN} straight into the
 * table, each with its location (nearest segment, distance, side, disputed flag) computed on the way by
 * {@link IncidentLocator} from the border as this transaction sees it, and its public id (UUIDv7) made here, under
 * the transaction-local setting {@code borderzone.prelocated = on} so that the {@code incident_locate} trigger
 * skips them (V6__incident_prelocated.sql; rows without a location still go through it). No staging table, no
 * second pass: the rows are written once, while the file is read (docs/INCIDENTS.md, "Bulk import").
 * All-or-nothing: the caller's transaction commits everything or nothing. Validation runs while streaming; at
 * the first invalid record the COPY is abandoned (which aborts the transaction: nothing can be committed) and the
 * rest of the file is only validated, so the report lists every problem.
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
    // Read the border and the clock before the COPY starts: the connection can run nothing else while it copies.
    IncidentLocator locator = problemCount == 0 ? IncidentLocator.load(jdbc) : null;
    String now = jdbc.sql(IncidentSql.BULK_NOW).query(OffsetDateTime.class).single().toString();
    jdbc.sql(IncidentSql.BULK_PRELOCATED_ON).query(String.class).single();
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
    CopyBuffer buf = new CopyBuffer(copy, locator, now);
    ArrayNode ids = withIds ? JsonNodeFactory.instance.arrayNode() : null; // small imports only
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
          UUID id = buf.row(s);
          if (ids != null) {
            ids.add(id.toString());
          }
        }
        if (n % PROGRESS_EVERY == 0) {
          if (copying) {
            progress.loading(n); // validated, and sent into the still uncommitted transaction
          } else {
            progress.validated(n);
          }
        }
      }
      if (!copying) {
        progress.validated(n);
        return new Result(n, 0, problems, problemCount, null, invalid);
      }
      buf.flush();
      long copied = copy.endCopy();
      if (copied != n) {
        throw new IllegalStateException("COPY stored " + copied + " rows of " + n);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("COPY into incident failed", e);
    } finally {
      if (copy.isActive()) {
        cancel(copy);
      }
    }
    jdbc.sql(IncidentSql.BULK_PRELOCATED_OFF).query(String.class).single();
    progress.loading(n);
    log.info("Loaded {} incidents in {} ms: read, validate, locate ({} ms) and COPY into incident", n,
        (System.nanoTime() - t0) / 1_000_000, buf.locateNanos / 1_000_000);
    return new Result(n, n, List.of(), 0, ids == null ? null : ids.toString(), 0);
  }

  private static void cancel(CopyIn copy) {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException e) {
      // the transaction is rolled back anyway
    }
  }

  /**
   * Encodes rows in PostgreSQL's COPY text format and writes them in 64 KiB chunks: the point as hex EWKB (what
   * the geometry type reads fastest), the public id as a UUIDv7 with the same layout as {@code uuid_v7()}
   * (V10__incident_public_id.sql: 48 bits of Unix milliseconds, version 7, 74 random bits from a
   * {@link SecureRandom}, drawn in blocks).
   */
  private static final class CopyBuffer {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final CopyIn copy;
    private final IncidentLocator locator;
    private final String now;
    private final StringBuilder sb = new StringBuilder(1 << 17);
    private final byte[] random = new byte[10 * 4096];
    private int randomAt = random.length;
    long locateNanos;

    CopyBuffer(CopyIn copy, IncidentLocator locator, String now) {
      this.copy = copy;
      this.locator = locator;
      this.now = now;
    }

    UUID row(Staged s) throws SQLException {
      NewIncident i = s.incident();
      UUID id = uuidV7();
      sb.append(id).append('\t');
      sb.append(i.occurredAt()).append('\t');
      sb.append(s.reportedAt() == null ? now : s.reportedAt().toString()).append('\t');
      point(i.lon(), i.lat());
      sb.append('\t').append(i.type().name()).append('\t').append(i.severity()).append('\t');
      text(s.status());
      sb.append('\t');
      value(i.description());
      value(i.source());
      sb.append(s.ownerOrg()).append('\t').append(i.releasability()).append('\t');
      text(s.createdBy());
      long l0 = System.nanoTime();
      IncidentLocator.Location loc = locator == null ? null : locator.locate(i.lon(), i.lat());
      locateNanos += System.nanoTime() - l0;
      if (loc == null) {
        sb.append("\t\\N\t\\N\t\\N\tf");
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
      return id;
    }

    /** EWKB, little endian: byte order, type Point with the SRID flag, SRID 4326, x, y. */
    private void point(double lon, double lat) {
      sb.append("0101000020E6100000");
      hexLong(Double.doubleToRawLongBits(lon));
      hexLong(Double.doubleToRawLongBits(lat));
    }

    private void hexLong(long v) {
      for (int k = 0; k < 8; k++) {
        int b = (int) (v >>> (8 * k)) & 0xff;
        sb.append(HEX[b >>> 4]).append(HEX[b & 0xf]);
      }
    }

    private UUID uuidV7() {
      if (randomAt == random.length) {
        RANDOM.nextBytes(random);
        randomAt = 0;
      }
      long r1 = 0;
      for (int k = 0; k < 2; k++) {
        r1 = (r1 << 8) | (random[randomAt++] & 0xff);
      }
      long r2 = 0;
      for (int k = 0; k < 8; k++) {
        r2 = (r2 << 8) | (random[randomAt++] & 0xff);
      }
      long ms = System.currentTimeMillis();
      long msb = (ms << 16) | 0x7000L | (r1 & 0x0fffL);
      long lsb = (r2 & 0x3fffffffffffffffL) | 0x8000000000000000L;
      return new UUID(msb, lsb);
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
