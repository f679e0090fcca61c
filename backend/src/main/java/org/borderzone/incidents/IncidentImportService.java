package org.borderzone.incidents;

import jakarta.annotation.PreDestroy;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of incidents ({@code POST /api/incidents/import}). The body is first spooled to a temporary file
 * (so a slow client never holds a database connection, and a job can run after the request ends) while its
 * records are counted. Up to {@link #SYNC_MAX_ROWS} records run in the request: 201 with the new ids, or 422
 * listing every bad record. Larger files, or {@code ?async=true}, become a job: 202 with its location, and
 * the job's state and progress in {@code incident_import_job}. Either way the load is all-or-nothing, one
 * transaction, with one audit event per import.
 */
@Service
class IncidentImportService {

  private static final Logger log = LoggerFactory.getLogger(IncidentImportService.class);

  /** Imports with more records than this run as background jobs. */
  static final int SYNC_MAX_ROWS = 5000;

  enum Format { CSV, GEOJSON }

  /** The outcome of a synchronous import, or the id of a started job. */
  record Outcome(UUID jobId, boolean async, IncidentBulkLoader.Result result, List<String> ignoredColumns) {}

  /** Thrown when an import is refused because records are invalid; nothing was stored. */
  static final class Refused extends RuntimeException {
    final IncidentBulkLoader.Result result;

    Refused(IncidentBulkLoader.Result result) {
      super("import refused: " + result.problemCount() + " problems", null, false, false);
      this.result = result;
    }
  }

  private final IncidentBulkLoader loader;
  private final ImportJobs jobs;
  private final AuditLog audit;
  private final TransactionTemplate tx;
  private final JsonMapper json;
  private final IncidentRules rules;
  private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
      new LinkedBlockingQueue<>(100), r -> {
        Thread t = new Thread(r, "incident-import");
        t.setDaemon(true);
        return t;
      });

  IncidentImportService(IncidentBulkLoader loader, ImportJobs jobs, AuditLog audit, PlatformTransactionManager txm,
      JsonMapper json) {
    this.loader = loader;
    this.jobs = jobs;
    this.audit = audit;
    this.tx = new TransactionTemplate(txm);
    this.json = json;
    this.rules = new IncidentRules(Clock.systemUTC());
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /**
   * The body in a temporary file, its records counted. Spooled before any transaction starts (and before
   * an idempotency key is looked up: the key's check needs the whole body). Closing deletes the file unless a
   * job took it over.
   */
  static final class Spool implements AutoCloseable {
    private final Path file;
    private final Format format;
    private final long records;
    private volatile boolean handedOver;

    private Spool(Path file, Format format, long records) {
      this.file = file;
      this.format = format;
      this.records = records;
    }

    @Override
    public void close() throws IOException {
      if (!handedOver) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Copies {@code body} to a spool file, counting records on the way. */
  Spool spool(InputStream body, Format format) throws IOException {
    Path file = Files.createTempFile("borderzone-import-", format == Format.CSV ? ".csv" : ".geojson");
    try (CountingOutput out = new CountingOutput(Files.newOutputStream(file), format)) {
      body.transferTo(out);
      return new Spool(file, format, out.records());
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * Imports a spooled body: in the request (joining the caller's transaction if there is one, e.g. the
   * idempotency key's) or, when {@code async} or large, as a job that starts once the caller's transaction
   * has committed (so it never runs for a request that was rolled back).
   */
  Outcome importSpool(Spool spool, boolean async, Actor actor) {
    Format format = spool.format;
    if (async || spool.records > SYNC_MAX_ROWS) {
      UUID id = jobs.create(format.name(), actor, (int) Math.min(Integer.MAX_VALUE, spool.records));
      Runnable start = () -> {
        executor.execute(() -> runJob(id, spool.file, format, actor));
        spool.handedOver = true;
      };
      if (TransactionSynchronizationManager.isSynchronizationActive()) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            start.run();
          }
        });
      } else {
        start.run();
      }
      return new Outcome(id, true, null, List.of());
    }
    try {
      return run(UUID.randomUUID(), spool.file, format, actor, true, IncidentBulkLoader.Progress.NONE, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void runJob(UUID id, Path file, Format format, Actor actor) {
    long t0 = System.nanoTime();
    try {
      jobs.started(id);
      IncidentBulkLoader.Progress progress = new IncidentBulkLoader.Progress() {
        int rows;

        @Override
        public void validated(int n) {
          rows = n;
          jobs.validated(id, n);
        }

        @Override
        public void loading(int imported) {
          jobs.loading(id, rows, imported);
        }
      };
      Outcome o = run(id, file, format, actor, false, progress, true);
      jobs.done(id, o.result().rows(), o.result().imported());
      log.info("Import job {}: {} incidents in {} ms", id, o.result().imported(), (System.nanoTime() - t0) / 1_000_000);
    } catch (Refused r) {
      jobs.failed(id, r.result.rows(), r.result.problems(), r.result.problemCount(), "invalid records; nothing imported");
    } catch (ApiException e) {
      List<Problem> p = e.errors().stream().map(fe -> new Problem(0, true, fe.field(), fe.code(), fe.args())).toList();
      jobs.failed(id, 0, p, p.size(), "the file could not be read; nothing imported");
    } catch (RuntimeException | IOException e) {
      log.error("Import job {} failed", id, e);
      jobs.failed(id, 0, List.of(), 0, "internal error; nothing imported");
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("cannot delete {}", file);
      }
    }
  }

  /** Validates and loads the spooled file in one transaction; throws {@link Refused} when records are bad. */
  private Outcome run(UUID id, Path file, Format format, Actor actor, boolean withIds,
      IncidentBulkLoader.Progress progress, boolean jobRowExists) throws IOException {
    Outcome outcome = tx.execute(status -> {
      try (InputStream in = Files.newInputStream(file);
           ImportSource source = format == Format.CSV ? new ImportSource.Csv(in, rules, actor)
               : new ImportSource.GeoJson(in, json, rules, actor)) {
        IncidentBulkLoader.Result r = loader.load(problems -> {
          ImportSource.Item item = source.next(problems);
          return item == null ? null
              : new IncidentBulkLoader.Staged(item.line(), item.incident(), actor.org(), "REPORTED",
                  actor.username(), null);
        }, source.headerProblems(), withIds, progress);
        if (r.refused()) {
          status.setRollbackOnly();
          return new Outcome(id, jobRowExists, r, source.ignoredColumns());
        }
        if (!jobRowExists) {
          jobs.recordDone(id, format.name(), actor, r.rows(), r.imported());
        }
        audit.record(actor, "IMPORT", "incident", id, null, json.writeValueAsString(json.createObjectNode()
            .put("jobId", id.toString()).put("format", format.name()).put("rows", r.rows())
            .put("imported", r.imported()).put("firstId", r.firstId()).put("lastId", r.lastId())
            .put("ignoredColumns", String.join(",", source.ignoredColumns()))));
        return new Outcome(id, jobRowExists, r, source.ignoredColumns());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    if (outcome.result().refused()) {
      throw new Refused(outcome.result());
    }
    return outcome;
  }

  /**
   * Copies the body to the spool file and counts records on the way: CSV lines after the header, or
   * occurrences of {@code "Feature"} in GeoJSON. An estimate only, to choose between request and job.
   */
  private static final class CountingOutput extends FilterOutputStream {
    private static final byte[] FEATURE = "\"Feature\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final Format format;
    private long newlines;
    private long features;
    private int match;
    private int last = -1;

    CountingOutput(OutputStream out, Format format) {
      super(new java.io.BufferedOutputStream(out, 1 << 16));
      this.format = format;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        count(b[i]);
      }
    }

    private void count(byte b) {
      if (format == Format.CSV) {
        if (b == '\n') {
          newlines++;
        }
      } else {
        match = b == FEATURE[match] ? match + 1 : (b == FEATURE[0] ? 1 : 0);
        if (match == FEATURE.length) {
          features++;
          match = 0;
        }
      }
      last = b;
    }

    long records() {
      return format == Format.CSV ? Math.max(0, newlines + (last != '\n' && last != -1 ? 1 : 0) - 1) : features;
    }
  }
}
