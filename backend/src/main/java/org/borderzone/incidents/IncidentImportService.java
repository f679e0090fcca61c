package org.borderzone.incidents;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.DatabaseOutage;
import org.borderzone.system.StatementTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of incidents ({@code POST /api/incidents/import}). The body is first spooled to a file of this
 * server's {@link ImportSpool} (so a slow client never holds a database connection, and a job can run after
 * the request ends) while its records are counted. Up to {@link #SYNC_MAX_ROWS} records run in the request:
 * 201 with the new ids, or 422 listing every bad record. Larger files, or {@code ?async=true}, become a job:
 * 202 with its location, and the job's state and progress in {@code incident_import_job}. Either way the load
 * is all-or-nothing, one transaction, with one audit event per import; a job's DONE is written in that same
 * transaction.
 *
 * <p>Faults (docs/OPERATIONS.md): jobs run one at a time on one worker thread that no failure kills; a job
 * that fails records FAILED with the reason, retried while the database is unreachable. A watch thread keeps
 * the heartbeat of this server's queued and running jobs and marks FAILED the jobs that nobody runs any more
 * (this server's from before a crash or kill, at start; other servers' whose heartbeat stopped). On shutdown
 * (SIGTERM; this is a {@link SmartLifecycle} stopped together with the web server's graceful shutdown)
 * queued jobs are failed at once and the running one gets {@code borderzone.import.shutdown-grace} to finish;
 * then it is marked FAILED and its transaction cancelled.
 */
@Service
class IncidentImportService implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IncidentImportService.class);

  /** Imports with more records than this run as background jobs. */
  static final int SYNC_MAX_ROWS = 5000;

  /** Jobs waiting for the worker; beyond this an import is refused with 503. */
  static final int MAX_QUEUED = 100;

  /** How long recording FAILED is retried during a shutdown (the shutdown must not wait for the database). */
  private static final Duration SHUTDOWN_RETRY = Duration.ofSeconds(5);

  /**
   * The formats, chosen by Content-Type (docs/IMPORTS.md): {@code text/csv}, GeoJSON ({@code application/geo+json}
   * or {@code application/json}), KML 2.2 ({@code application/vnd.google-earth.kml+xml}) and GeoPackage
   * ({@code application/geopackage+sqlite3}).
   */
  enum Format {
    CSV(".csv"), GEOJSON(".geojson"), KML(".kml"), GPKG(".gpkg");

    final String suffix;

    Format(String suffix) {
      this.suffix = suffix;
    }
  }

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

  /** A queued job: what the worker needs, and what a shutdown needs to fail it without running it. */
  private record JobTask(UUID id, Path file, Format format, String table, Actor actor, IncidentImportService service)
      implements Runnable {
    @Override
    public void run() {
      service.runJob(this);
    }
  }

  /** The job on the worker now: whether a shutdown gave up on it, and its transaction's backend (to cancel). */
  private static final class Running {
    final UUID id;
    volatile boolean aborted;
    volatile int backendPid;
    volatile String xactStart;

    Running(UUID id) {
      this.id = id;
    }

    void check() {
      if (aborted) {
        throw new ImportJobs.Abandoned(id);
      }
    }
  }

  private final IncidentBulkLoader loader;
  private final ImportJobs jobs;
  private final ImportSpool spool;
  private final ImportProperties props;
  private final String instance;
  private final AuditLog audit;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final JsonMapper json;
  private final IncidentRules rules;
  /** The most records one import may hold, whatever its format ({@code borderzone.import.max-rows}). */
  private final long maxRows;
  /** This server's queued and running jobs: their heartbeat is kept, and no reaper touches them. */
  private final Set<UUID> live = ConcurrentHashMap.newKeySet();
  private volatile Running running;
  private volatile boolean accepting = true;
  /** Jobs being created: a place in the queue each, from {@link #reserve} until queued or rolled back. */
  private final AtomicInteger reserved = new AtomicInteger();
  private volatile boolean lifecycleRunning;
  /**
   * The worker and the heartbeat/reaper thread. New ones at every {@link #start}: a context can be stopped and
   * started again (Spring's test context pausing does exactly that), and a shut-down executor takes no work.
   */
  private volatile ThreadPoolExecutor executor = newWorker();
  private volatile ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(daemon("import-watch"));

  private static ThreadPoolExecutor newWorker() {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(MAX_QUEUED),
        daemon("incident-import"));
  }

  IncidentImportService(IncidentBulkLoader loader, ImportJobs jobs, ImportSpool spool, ImportProperties props,
      AuditLog audit, PlatformTransactionManager txm, JsonMapper json, StatementTimeouts timeouts,
      @Value("${server.port:8080}") int port, @Value("${borderzone.import.max-rows:2000000}") long maxRows) {
    this.maxRows = maxRows;
    this.timeouts = timeouts;
    this.loader = loader;
    this.jobs = jobs;
    this.spool = spool;
    this.props = props;
    this.instance = instanceId(props.instanceId(), port);
    this.audit = audit;
    this.tx = new TransactionTemplate(txm);
    this.json = json;
    this.rules = new IncidentRules(Clock.systemUTC());
  }

  /** The configured instance id, else host:port, else (random port) host:pid-N. */
  static String instanceId(String configured, int port) {
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host + ":" + (port > 0 ? Integer.toString(port) : "pid-" + ProcessHandle.current().pid());
  }

  String instance() {
    return instance;
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The body in a file of this server's {@link ImportSpool}, its records counted. Spooled before any
   * transaction starts (and before an idempotency key is looked up: the key's check needs the whole body).
   * Closing deletes the file unless a job took it over.
   */
  static final class Spool implements AutoCloseable {
    private final ImportSpool dir;
    private final Path file;
    private final Format format;
    private final long records;
    private final String table;
    private volatile boolean handedOver;

    private Spool(ImportSpool dir, Path file, Format format, long records, String table) {
      this.dir = dir;
      this.file = file;
      this.format = format;
      this.records = records;
      this.table = table;
    }

    @Override
    public void close() {
      if (!handedOver) {
        dir.delete(file);
      }
    }
  }

  /**
   * Copies {@code body} to a spool file, counting records on the way (a GeoPackage is then opened and checked:
   * its table, geometry type, SRS and row count, so a file that cannot be imported is refused in the request,
   * never as a job). More than {@code borderzone.import.max-rows} records: 422 before anything is validated.
   */
  Spool spool(InputStream body, Format format) throws IOException {
    return spool(body, format, null);
  }

  /** As {@link #spool(InputStream, Format)}, with the table of a GeoPackage (null: its only feature table). */
  Spool spool(InputStream body, Format format, String table) throws IOException {
    Path file = spool.newFile(format.suffix);
    try {
      long records;
      try (CountingOutput out = new CountingOutput(Files.newOutputStream(file), format)) {
        body.transferTo(out);
        records = out.records();
      }
      if (format == Format.GPKG) {
        try (var gpkg = org.borderzone.geo.GeoPackageReader.open(file, table,
            org.borderzone.geo.GeoPackageReader.Kind.POINT, maxRows)) {
          records = gpkg.count();
          table = gpkg.table();
        }
      }
      org.borderzone.system.Limits.check(format == Format.GPKG ? "table" : "body", "error.limit-import-rows", maxRows,
          records);
      return new Spool(spool, file, format, records, table);
    } catch (IOException | RuntimeException e) {
      spool.delete(file);
      throw e;
    }
  }

  /**
   * Imports a spooled body: in the request (joining the caller's transaction if there is one, e.g. the
   * idempotency key's), or, when {@code async} or large, as a job. A job's row is written in the caller's
   * transaction too, and the job is queued only once that transaction has committed: a request that rolls
   * back (its key's commit failed, say) leaves neither a job row nor a job, and a job never runs for it.
   */
  Outcome importSpool(Spool s, boolean async, Actor actor) {
    if (async || s.records > SYNC_MAX_ROWS) {
      return startJob(s, actor);
    }
    try {
      return run(UUID.randomUUID(), s.file, s.format, s.table, actor, true, IncidentBulkLoader.Progress.NONE, false,
          null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new job: a place in the queue is reserved first (503 when the queue is full or the server shuts
   * down: nothing is written), then the row is written (QUEUED, this instance, in the caller's transaction if
   * any) with the id already in {@link #live}, so no reaper takes it for nobody's, and the task is queued
   * after the commit. A shutdown waits for reservations to end before it drains the queue ({@link #drain}),
   * so a job whose row committed is either queued (and run, or failed by the drain) or failed here.
   */
  private Outcome startJob(Spool s, Actor actor) {
    reserve();
    UUID id = UUID.randomUUID();
    JobTask task = new JobTask(id, s.file, s.format, s.table, actor, this);
    live.add(id); // before the row exists: a reaper must never see it as nobody's
    try {
      jobs.create(id, s.format.name(), actor, (int) Math.min(Integer.MAX_VALUE, s.records), instance);
    } catch (RuntimeException e) {
      live.remove(id);
      reserved.decrementAndGet();
      throw e;
    }
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      enqueue(task, s, true); // the row is committed already
      return new Outcome(id, true, null, List.of());
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        enqueue(task, s, false);
      }

      @Override
      public void afterCompletion(int status) {
        if (status != STATUS_COMMITTED) {
          // Rolled back: no row, nothing to run. Unknown (the commit's answer was lost): if the row did commit,
          // it is this instance's and not live, so the next watch() marks it FAILED.
          live.remove(id);
          reserved.decrementAndGet();
        }
      }
    });
    return new Outcome(id, true, null, List.of());
  }

  /** A place in the queue for a job about to be created, or 503 (nothing written yet). */
  private void reserve() {
    int r = reserved.incrementAndGet();
    // Checked after the increment: drain() sets accepting=false before it reads reserved, so one of the two sees the other.
    if (!accepting) {
      reserved.decrementAndGet();
      throw unavailable("problem.shutting-down");
    }
    if (r + executor.getQueue().size() > MAX_QUEUED) {
      reserved.decrementAndGet();
      throw unavailable("problem.import-queue-full");
    }
  }

  /**
   * Queues a job whose row has committed. Refused by the executor (only when a shutdown did not wait for the
   * reservation, or the queue filled regardless): the job is marked FAILED; in the request ({@code refuse})
   * that is a 503, after the caller's commit it is logged, as the committed answer (the key's 202) stands and
   * the job reads FAILED with the reason.
   */
  private void enqueue(JobTask task, Spool s, boolean refuse) {
    try {
      executor.execute(task);
      s.handedOver = true;
    } catch (RejectedExecutionException e) {
      live.remove(task.id());
      jobs.failed(task.id(), 0, List.of(), 0, "not started: the server could not take more imports; nothing was"
          + " imported", SHUTDOWN_RETRY);
      if (refuse) {
        throw unavailable(accepting ? "problem.import-queue-full" : "problem.shutting-down");
      }
      log.warn("Import job {} was refused by the worker after its request committed; marked FAILED", task.id());
    } finally {
      reserved.decrementAndGet();
    }
  }

  private static ApiException unavailable(String code) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, code, List.of(), DatabaseOutage.RETRY_AFTER_SECONDS);
  }

  /** Runs one job to DONE or FAILED; never throws, whatever happens (the worker thread must survive). */
  private void runJob(JobTask task) {
    UUID id = task.id();
    Running r = new Running(id);
    running = r;
    long t0 = System.nanoTime();
    try {
      if (!jobs.started(id)) {
        log.info("Import job {} is no longer queued (failed by a shutdown or a reaper); not run", id);
        return;
      }
      IncidentBulkLoader.Progress progress = new IncidentBulkLoader.Progress() {
        int rows;

        @Override
        public void validated(int n) {
          r.check();
          rows = n;
          jobs.validated(id, n);
        }

        @Override
        public void loading(int loaded) {
          r.check();
          jobs.loading(id, rows, loaded);
        }
      };
      Outcome o = run(id, task.file(), task.format(), task.table(), task.actor(), false, progress, true, r);
      log.info("Import job {}: {} incidents in {} ms", id, o.result().imported(), (System.nanoTime() - t0) / 1_000_000);
    } catch (Refused e) {
      jobs.failed(id, e.result.rows(), e.result.problems(), e.result.problemCount(), "invalid records; nothing imported");
    } catch (ApiException e) {
      List<Problem> p = e.errors().stream().map(fe -> new Problem(0, true, fe.field(), fe.code(), fe.args())).toList();
      jobs.failed(id, 0, p, p.size(), "the file could not be read; nothing imported");
    } catch (Throwable e) {
      if (r.aborted) {
        log.info("Import job {} was given up by the shutdown (marked FAILED): {}", id, e.toString());
      } else if (e instanceof ImportJobs.Abandoned) {
        log.warn("Import job {} was failed while it ran (its heartbeat was stale); rolled back", id);
      } else if (DatabaseOutage.is(e)) {
        log.warn("Import job {}: the database became unreachable; rolled back: {}", id, e.toString());
        jobs.failed(id, 0, List.of(), 0, "the database became unreachable during the import; nothing was imported");
      } else {
        log.error("Import job {} failed", id, e);
        jobs.failed(id, 0, List.of(), 0, "internal error; nothing imported");
      }
      if (e instanceof Error err && !(e instanceof OutOfMemoryError) && !(e instanceof StackOverflowError)) {
        throw err;
      }
    } finally {
      running = null;
      live.remove(id);
      spool.delete(task.file());
    }
  }

  // ---- life cycle: heartbeat and reaping while running, draining on shutdown ----

  @Override
  public synchronized void start() {
    if (executor.isShutdown()) {
      executor = newWorker();
    }
    if (watch.isShutdown()) {
      watch = Executors.newSingleThreadScheduledExecutor(daemon("import-watch"));
    }
    accepting = true;
    lifecycleRunning = true;
    long every = Math.max(100, props.heartbeat().toMillis());
    // The first run, at once, fails what an earlier life of this instance left unfinished.
    watch.scheduleWithFixedDelay(this::watch, 0, every, TimeUnit.MILLISECONDS);
  }

  /** Heartbeat of this server's jobs, then the jobs nobody runs any more; never throws. */
  void watch() {
    try {
      jobs.heartbeat(List.copyOf(live));
    } catch (RuntimeException e) {
      log.debug("import heartbeat failed: {}", e.toString());
    }
    try {
      for (ImportJobs.Reaped j : jobs.reap(instance, List.copyOf(live), props.staleAfter())) {
        log.warn("Import job {} was interrupted and nobody runs it any more: now {} ({})", j.id(), j.state(),
            j.message());
      }
    } catch (RuntimeException e) {
      log.debug("looking for interrupted import jobs failed: {}", e.toString());
    }
  }

  @Override
  public void stop(Runnable callback) {
    accepting = false;
    Thread t = new Thread(() -> {
      try {
        drain();
      } finally {
        lifecycleRunning = false;
        callback.run();
      }
    }, "import-drain");
    t.start();
  }

  @Override
  public void stop() {
    accepting = false;
    try {
      drain();
    } finally {
      lifecycleRunning = false;
    }
  }

  /**
   * Waits (briefly) for the jobs being created to be queued or rolled back, fails the queued jobs, gives the
   * running one the grace period, then fails and cancels it.
   */
  private void drain() {
    long until = System.nanoTime() + SHUTDOWN_RETRY.toNanos();
    while (reserved.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<Runnable> queued = new ArrayList<>();
    executor.getQueue().drainTo(queued);
    executor.shutdown();
    for (Runnable q : queued) {
      JobTask t = (JobTask) q;
      jobs.failed(t.id(), 0, List.of(), 0, "not started: the server shut down before this import began;"
          + " nothing was imported", SHUTDOWN_RETRY);
      live.remove(t.id());
      spool.delete(t.file());
    }
    Running r = running;
    if (r != null) {
      log.info("Shutdown: waiting up to {} s for import job {} to finish", props.shutdownGrace().toSeconds(), r.id);
    }
    try {
      if (!executor.awaitTermination(props.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        r = running;
        if (r != null) {
          r.aborted = true;
          jobs.failed(r.id, 0, List.of(), 0, "interrupted: the server shut down before the import finished (grace"
              + " period " + props.shutdownGrace().toSeconds() + " s); nothing was imported", SHUTDOWN_RETRY);
          if (r.backendPid != 0) {
            jobs.cancel(r.backendPid, r.xactStart);
          }
          log.warn("Shutdown: import job {} did not finish within the grace period; marked FAILED", r.id);
        }
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("Shutdown: could not finish the import jobs cleanly: {}", e.toString());
    } finally {
      watch.shutdownNow();
    }
  }

  @Override
  public boolean isRunning() {
    return lifecycleRunning;
  }

  /** Stopped together with the web server's graceful shutdown (both drain in parallel). */
  @Override
  public int getPhase() {
    return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
  }

  /**
   * Validates and loads the spooled file in one transaction; throws {@link Refused} when records are bad.
   * For a job the transaction ends with its DONE ({@link ImportJobs#done}).
   */
  private Outcome run(UUID id, Path file, Format format, String table, Actor actor, boolean withIds,
      IncidentBulkLoader.Progress progress, boolean jobRowExists, Running running) throws IOException {
    Outcome outcome = tx.execute(status -> {
      timeouts.longWork();
      if (running != null) {
        jobs.backend((start, pid) -> {
          running.backendPid = pid;
          running.xactStart = start;
        });
      }
      try (InputStream in = Files.newInputStream(file);
           ImportSource source = switch (format) {
             case CSV -> new ImportSource.Csv(in, rules, actor);
             case GEOJSON -> new ImportSource.GeoJson(in, json, rules, actor);
             case KML -> new ImportSource.Kml(in, rules, actor, maxRows);
             case GPKG -> new ImportSource.GeoPackage(file, table, rules, actor, maxRows);
           }) {
        IncidentBulkLoader.Result r = loader.load(problems -> {
          ImportSource.Item item = source.next(problems);
          return item == null ? null
              : new IncidentBulkLoader.Staged(item.line(), item.incident(), actor.orgCode(), "REPORTED",
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
            .put("imported", r.imported())
            .put("ignoredColumns", String.join(",", source.ignoredColumns()))));
        if (jobRowExists) {
          jobs.done(id, r.rows(), r.imported()); // last: DONE commits with the rows, or neither does
        }
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
    private static final byte[] PLACEMARK = "<Placemark".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private final Format format;
    private final byte[] marker;
    private long newlines;
    private long features;
    private int match;
    private int last = -1;

    CountingOutput(OutputStream out, Format format) {
      super(new java.io.BufferedOutputStream(out, 1 << 16));
      this.format = format;
      this.marker = format == Format.KML ? PLACEMARK : FEATURE;
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
        match = b == marker[match] ? match + 1 : (b == marker[0] ? 1 : 0);
        if (match == marker.length) {
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
