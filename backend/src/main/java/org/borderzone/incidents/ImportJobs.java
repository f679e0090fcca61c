package org.borderzone.incidents;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.borderzone.system.Actor;
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
 * transaction is still open. A job is visible only to callers of the organisation that ran it (its report
 * reveals counts of that organisation's incidents).
 */
@Component
class ImportJobs {

  /** Share of the progress bar for validating and staging; loading into incident takes the rest. */
  static final int VALIDATE_PERCENT = 20;

  static final String JSON = """
      select json_build_object(
        'id', j.id, 'state', j.state, 'format', j.format, 'rowsTotal', j.rows_total, 'rowsDone', j.rows_done,
        'percent', case j.state when 'DONE' then 100 when 'QUEUED' then 0
                     when 'VALIDATING' then least(%1$d, floor(%1$d.0 * j.rows_done / greatest(j.rows_total, 1)))
                     when 'LOADING' then %1$d + floor((100 - %1$d) * 1.0 * j.imported_count / greatest(j.rows_total, 1))
                     else least(100, floor(%1$d.0 * j.rows_done / greatest(j.rows_total, 1))) end,
        'importedCount', j.imported_count, 'errorCount', j.error_count,
        'errorsOmitted', greatest(0, j.error_count - jsonb_array_length(j.errors)), 'errors', j.errors,
        'message', j.message, 'createdBy', j.created_by, 'ownerOrg', j.owner_org, 'createdAt', j.created_at,
        'startedAt', j.started_at, 'finishedAt', j.finished_at)::text
      from incident_import_job j where j.id = :id and j.owner_org = :viewerOrg
      """.formatted(VALIDATE_PERCENT);

  private final JdbcClient jdbc;
  private final TransactionTemplate own;
  private final MessageSource messages;
  private final JsonMapper json;

  ImportJobs(JdbcClient jdbc, PlatformTransactionManager txm, MessageSource messages, JsonMapper json) {
    this.jdbc = jdbc;
    this.own = new TransactionTemplate(txm);
    this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.messages = messages;
    this.json = json;
  }

  /** A new job (committed at once). {@code state} is QUEUED for background jobs, DONE for finished ones. */
  UUID create(String format, Actor actor, Integer rowsEstimate) {
    UUID id = UUID.randomUUID();
    own.executeWithoutResult(s -> jdbc.sql("""
        insert into incident_import_job (id, state, format, rows_total, created_by, owner_org)
        values (:id, 'QUEUED', :format, :rows, :user, :org)
        """).param("id", id).param("format", format).param("rows", rowsEstimate)
        .param("user", actor.username()).param("org", actor.orgCode()).update());
    return id;
  }

  /** Records a finished synchronous import in the caller's transaction (with the incidents). */
  void recordDone(UUID id, String format, Actor actor, int rows, int imported) {
    jdbc.sql("""
        insert into incident_import_job (id, state, format, rows_total, rows_done, imported_count, created_by,
                                         owner_org, started_at, finished_at)
        values (:id, 'DONE', :format, :rows, :rows, :imported, :user, :org, now(), clock_timestamp())
        """).param("id", id).param("format", format).param("rows", rows).param("imported", imported)
        .param("user", actor.username()).param("org", actor.orgCode()).update();
  }

  void started(UUID id) {
    update("update incident_import_job set state = 'VALIDATING', started_at = clock_timestamp() where id = :id",
        id, 0);
  }

  void validated(UUID id, int rows) {
    update("""
        update incident_import_job set rows_done = :n, rows_total = greatest(rows_total, :n) where id = :id
        """, id, rows);
  }

  void loading(UUID id, int rows, int imported) {
    own.executeWithoutResult(s -> jdbc.sql("""
        update incident_import_job set state = 'LOADING', rows_total = :rows, rows_done = :rows,
               imported_count = :imported where id = :id
        """).param("id", id).param("rows", rows).param("imported", imported).update());
  }

  void done(UUID id, int rows, int imported) {
    own.executeWithoutResult(s -> jdbc.sql("""
        update incident_import_job set state = 'DONE', rows_total = :rows, rows_done = :rows,
               imported_count = :imported, finished_at = clock_timestamp() where id = :id
        """).param("id", id).param("rows", rows).param("imported", imported).update());
  }

  void failed(UUID id, int rows, List<Problem> problems, int problemCount, String message) {
    String errors = json.writeValueAsString(render(problems, Locale.ENGLISH));
    own.executeWithoutResult(s -> jdbc.sql("""
        update incident_import_job set state = 'FAILED', rows_done = :rows,
               rows_total = case when :rows > 0 then :rows else rows_total end, imported_count = 0,
               error_count = :count, errors = cast(:errors as jsonb), message = :message,
               finished_at = clock_timestamp() where id = :id
        """).param("id", id).param("rows", rows).param("count", problemCount).param("errors", errors)
        .param("message", message).update());
  }

  private void update(String sql, UUID id, int n) {
    own.executeWithoutResult(s -> jdbc.sql(sql).param("id", id).param("n", n).update());
  }

  /** The job as JSON, if it exists and the caller's organisation ran it. */
  Optional<String> find(UUID id, Actor actor) {
    return Releasability.bind(jdbc.sql(JSON).param("id", id), actor).query(String.class).optional();
  }

  /** Problems as {@code [{line, field, message}]} in the given locale. */
  ArrayNode render(List<Problem> problems, Locale locale) {
    ArrayNode a = json.createArrayNode();
    for (Problem p : problems) {
      ObjectNode o = a.addObject();
      o.put("line", p.line());
      o.put("field", p.field());
      o.put("message", messages.getMessage(p.code(), p.args(), p.code(), locale));
    }
    return a;
  }
}
