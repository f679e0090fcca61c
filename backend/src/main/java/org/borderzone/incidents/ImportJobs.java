package org.borderzone.incidents;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.borderzone.i18n.Formats;
import org.borderzone.system.Actor;
import org.borderzone.system.DatabaseOutage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code incident_import_job} table: state and progress of imports, readable by any server instance.
 * Progress is written in its own short transactions (REQUIRES_NEW), so it is visible while the import's
 * transaction is still open; it counts rows as {@code loaded_count}, never as {@code imported_count}: the
 * import's own transaction writes DONE and {@code imported_count} last, so a job reads DONE exactly when its
 * rows are committed (V8__import_job_heartbeat.sql). Every other state change is conditional on the job not
 * being finished yet, so whoever comes second (a crashed import's DONE, a reaper's FAILED) changes nothing.
 * Jobs carry the instance that runs them and a heartbeat: {@link #reap} marks FAILED the jobs of dead
 * instances. A job is visible only to callers of the organisation that ran it (its report reveals counts of
 * that organisation's incidents).
 */
@Component
class ImportJobs {

  /** Share of the progress bar for validating and staging; loading into incident takes the rest. */
  static final int VALIDATE_PERCENT = 20;

  private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate own;
  private final TransactionTemplate joined;
  private final MessageSource messages;
  private final JsonMapper json;
  private final Duration failRetryFor;

  ImportJobs(JdbcClient jdbc, PlatformTransactionManager txm, MessageSource messages, JsonMapper json,
      ImportProperties props) {
    this.failRetryFor = props.failRetryFor();
    this.jdbc = jdbc;
    this.own = new TransactionTemplate(txm);
    this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.joined = new TransactionTemplate(txm);
    this.messages = messages;
    this.json = json;
  }

  /**
   * A new QUEUED job of {@code instance}, in the caller's transaction if there is one (the idempotency key's:
   * the job and the key's 202 commit together, or neither does), else committed at once.
   */
  void create(UUID id, String format, Actor actor, Integer rowsEstimate, String instance) {
    joined.executeWithoutResult(s -> jdbc.sql(IncidentSql.IMPORT_JOB_CREATE)
        .param("id", id).param("format", format).param("rows", rowsEstimate)
        .param("user", actor.username()).param("org", actor.orgCode()).param("instance", instance).update());
  }

  /** Records a finished synchronous import in the caller's transaction (with the incidents). */
  void recordDone(UUID id, String format, Actor actor, int rows, int imported) {
    jdbc.sql(IncidentSql.IMPORT_JOB_RECORD_DONE)
        .param("id", id).param("format", format).param("rows", rows).param("imported", imported)
        .param("user", actor.username()).param("org", actor.orgCode()).update();
  }

  /** QUEUED → VALIDATING; false when the job was failed meanwhile (by a shutdown or a reaper). */
  boolean started(UUID id) {
    return own.execute(s -> jdbc.sql(IncidentSql.IMPORT_JOB_START).param("id", id).update()) == 1;
  }

  void validated(UUID id, int rows) {
    progress(IncidentSql.IMPORT_JOB_VALIDATED, id, rows, 0);
  }

  /** LOADING with {@code loaded} rows inserted by the still open import transaction (not imported yet). */
  void loading(UUID id, int rows, int loaded) {
    progress(IncidentSql.IMPORT_JOB_LOADING, id, rows, loaded);
  }

  /**
   * DONE, in the import's own transaction, as its last statement (so that the job row is locked only at the
   * very end, and the progress updates of the same import, on another connection, never wait for it).
   *
   * @throws Abandoned when the job is no longer running (failed by a shutdown or a reaper): the caller's
   *     transaction must roll back, as FAILED said nothing was imported
   */
  void done(UUID id, int rows, int imported) {
    int n = jdbc.sql(IncidentSql.IMPORT_JOB_DONE)
        .param("id", id).param("rows", rows).param("imported", imported).update();
    if (n != 1) {
      throw new Abandoned(id);
    }
  }

  /**
   * FAILED, unless the job is already finished. Retried with backoff while the database is unreachable
   * ({@code failRetryFor}), so the reason is recorded once it is back; never throws. False when it could not
   * be recorded: the job's heartbeat stops and {@link #reap} fails it later.
   */
  boolean failed(UUID id, int rows, List<Problem> problems, int problemCount, String message) {
    return failed(id, rows, problems, problemCount, message, failRetryFor);
  }

  /** {@link #failed(UUID, int, List, int, String)}, retried for at most {@code retryFor}. */
  boolean failed(UUID id, int rows, List<Problem> problems, int problemCount, String message, Duration retryFor) {
    String errors = json.writeValueAsString(render(problems, Locale.ENGLISH));
    return retried("record FAILED for import job " + id, retryFor, () -> own.executeWithoutResult(s ->
        jdbc.sql(IncidentSql.IMPORT_JOB_FAILED)
        .param("id", id).param("rows", rows).param("count", problemCount).param("errors", errors)
        .param("message", message).update()));
  }

  /** Refreshes the heartbeat of these jobs (this instance's queued and running ones). */
  void heartbeat(Collection<UUID> ids) {
    if (!ids.isEmpty()) {
      own.executeWithoutResult(s -> jdbc.sql(IncidentSql.IMPORT_JOB_HEARTBEAT).param("ids", join(ids)).update());
    }
  }

  /** Tells {@code to} the backend process id and transaction start of the current transaction. */
  void backend(java.util.function.ObjIntConsumer<String> to) {
    jdbc.sql(IncidentSql.IMPORT_BACKEND).query(rs -> {
      to.accept(rs.getString(2), rs.getInt(1));
    });
  }

  /**
   * Cancels the statement running in that backend, if it is still in that transaction (a backend that has
   * moved on to other work is left alone).
   */
  void cancel(int pid, String xactStart) {
    try {
      jdbc.sql(IncidentSql.IMPORT_CANCEL_BACKEND)
          .param("pid", pid).param("start", xactStart).query(Boolean.class).list();
    } catch (RuntimeException e) {
      log.warn("cannot cancel the import transaction of backend {}: {}", pid, e.toString());
    }
  }

  /** What {@link #reap} did to one job. */
  record Reaped(UUID id, String state, String message) {}

  /**
   * Finishes the unfinished jobs nobody runs any more: those of this instance that it does not have queued or
   * running ({@code live}: left by an earlier life of this instance, killed or crashed), and those of any
   * instance whose heartbeat is older than {@code staleAfter} (a dead instance). Normally they become FAILED
   * with the reason; a job whose import did commit (its IMPORT audit event exists, written in the same
   * transaction; only jobs from before V8, whose DONE came in a transaction of its own) becomes DONE.
   * Locked rows are skipped, so concurrent reapers on several instances never wait for each other.
   */
  List<Reaped> reap(String instance, Collection<UUID> live, Duration staleAfter) {
    return own.execute(s -> jdbc.sql(IncidentSql.IMPORT_JOB_REAP)
        .param("instance", instance).param("live", join(live)).param("stale", staleAfter.toMillis() / 1000.0)
        .param("ownMessage", "interrupted: the server running this import stopped (crash, kill or restart) before"
            + " it finished; nothing was imported")
        .param("staleMessage", "interrupted: the server running this import stopped answering; nothing was imported")
        .query((rs, n) -> new Reaped(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list());
  }

  /** The job's import was given up because its state changed under it (see {@link #done}). */
  static final class Abandoned extends RuntimeException {
    Abandoned(UUID id) {
      super("import job " + id + " is no longer running (failed by a shutdown or by a reaper)", null, false, false);
    }
  }

  /**
   * Runs {@code write} until it succeeds, waiting 0.25 s, 0.5 s, 1 s … (at most 5 s) between attempts, for at
   * most {@code retryFor}; false when it never succeeded or the thread was interrupted.
   */
  private static boolean retried(String what, Duration retryFor, Runnable write) {
    long deadline = System.nanoTime() + retryFor.toNanos();
    long wait = 250;
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        if (attempt > 1) {
          log.info("{}: succeeded at attempt {}", what, attempt);
        }
        return true;
      } catch (RuntimeException e) {
        if (System.nanoTime() + wait * 1_000_000 > deadline) {
          log.error("{}: gave up after {} attempts; the job's heartbeat stops and a reaper fails it", what,
              attempt, e);
          return false;
        }
        log.warn("{}: attempt {} failed ({}); retrying in {} ms", what, attempt,
            DatabaseOutage.is(e) ? "database unreachable" : e.toString(), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
        wait = Math.min(5000, wait * 2);
      }
    }
  }

  private static String join(Collection<UUID> ids) {
    return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
  }

  /** A progress update; throws {@link Abandoned} when the job is no longer running, which aborts the import. */
  private void progress(String sql, UUID id, int n, int loaded) {
    int changed = own.execute(s -> jdbc.sql(sql).param("id", id).param("n", n).param("loaded", loaded).update());
    if (changed != 1) {
      throw new Abandoned(id);
    }
  }

  /** The job as JSON, if it exists and the caller's organisation ran it. */
  Optional<String> find(UUID id, Actor actor) {
    return Releasability.bind(jdbc.sql(IncidentSql.IMPORT_JOB_JSON).param("id", id), actor).query(String.class)
        .optional();
  }

  /** Problems as {@code [{line, field, message}]} in the given locale. */
  ArrayNode render(List<Problem> problems, Locale locale) {
    ArrayNode a = json.createArrayNode();
    for (Problem p : problems) {
      ObjectNode o = a.addObject();
      o.put("line", p.line());
      o.put("field", p.field());
      o.put("message", messages.getMessage(p.code(), Formats.of(locale).args(p.args()), p.code(), locale));
    }
    return a;
  }
}
