package org.borderzone.pillars;

import java.time.OffsetDateTime;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pillar status changes. Other features (joint inspections) call {@link #applyStatus} inside their own
 * transaction: the pillar row, its {@code pillar_status_change} row and the audit event commit or roll back
 * with the caller's work.
 */
@Service
public class PillarService {

  private final JdbcClient jdbc;
  private final AuditLog audit;

  PillarService(JdbcClient jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /**
   * Sets pillar {@code id} to status {@code to} and, when {@code inspectedAt} is given, moves its
   * {@code last_inspected_at} forward to it (never back). A status change writes a
   * {@code pillar_status_change} row (time: now) and an audit event {@code STATUS_CHANGE}; an inspection that
   * leaves the status as it was writes an audit event {@code INSPECTED} only. Locks the row.
   *
   * @return whether the status changed
   * @throws IllegalStateException when the pillar does not exist (callers check ids first and name the field)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean applyStatus(int id, PillarStatus to, OffsetDateTime inspectedAt, String reason, Long inspectionId,
      Actor actor) {
    record Locked(PillarStatus status, String json) {}
    Locked cur = jdbc.sql(PillarSql.LOCK).param("id", id)
        .query((rs, n) -> new Locked(PillarStatus.valueOf(rs.getString("status")), rs.getString("json")))
        .optional()
        .orElseThrow(() -> new IllegalStateException("no pillar " + id));
    boolean changed = cur.status() != to;
    if (!changed && inspectedAt == null) {
      return false;
    }
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(PillarSql.UPDATE)
        .param("status", to.name()).param("at", now).param("inspectedAt", inspectedAt).param("id", id)
        .update();
    if (changed) {
      jdbc.sql(PillarSql.INSERT_CHANGE)
          .param("id", id).param("from", cur.status().name()).param("to", to.name()).param("at", now)
          .param("user", actor.username()).param("reason", reason).param("inspectionId", inspectionId)
          .update();
    }
    String after = jdbc.sql(PillarSql.AFTER_JSON).param("id", id).query(String.class).single();
    audit.record(actor, changed ? "STATUS_CHANGE" : "INSPECTED", "pillar", id, cur.json(), after);
    return changed;
  }
}
