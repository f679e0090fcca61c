package org.borderzone.segments;

import java.time.OffsetDateTime;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Segment status changes: the transition rules, optimistic locking on {@code version}, the history row and
 * the audit event, all in one transaction. Other features (joint inspections) call
 * {@link #applyTransition} inside their own transaction.
 */
@Service
public class SegmentService {

  /** Reasons longer than this are refused. */
  static final int MAX_REASON = 2000;

  private final JdbcClient jdbc;
  private final AuditLog audit;

  SegmentService(JdbcClient jdbc, AuditLog audit) {
    this.jdbc = jdbc;
    this.audit = audit;
  }

  /** A request to move a segment to {@code status}; {@code version} is the version the client last saw. */
  public record StatusChange(String status, String reason, Integer version) {}

  /** Changes the status of segment {@code id} and returns the updated segment as a GeoJSON Feature. */
  @Transactional
  public String changeStatus(int id, StatusChange req, Actor actor) {
    SegmentStatus to = SegmentStatus.parse(req.status(), "status");
    if (req.version() == null) {
      throw ApiException.badField("version", "error.required");
    }
    String reason = checkedReason(req.reason(), "reason");
    applyTransition(id, to, req.version(), reason, null, actor, OffsetDateTime.now(), "id");
    return jdbc.sql(SegmentSql.ONE).param("id", id).query(String.class).single();
  }

  static String checkedReason(String reason, String field) {
    if (reason != null && reason.length() > MAX_REASON) {
      throw ApiException.badField(field, "error.too-long", MAX_REASON);
    }
    return reason == null || reason.isBlank() ? null : reason.strip();
  }

  private record Locked(SegmentStatus status, int version, String json) {}

  /**
   * Moves one segment from its current status to {@code to}, checking the transition and (when
   * {@code expectedVersion} is not null) the version. Must run inside a transaction: the row is locked,
   * updated, and the history and audit rows are written with it.
   *
   * @param field the request field that named this segment, for error messages (e.g. {@code segmentIds[2]})
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void applyTransition(int id, SegmentStatus to, Integer expectedVersion, String reason, Long inspectionId,
      Actor actor, OffsetDateTime at, String field) {
    Locked cur = jdbc.sql(SegmentSql.LOCK).param("id", id)
        .query((rs, n) -> new Locked(SegmentStatus.valueOf(rs.getString("status")), rs.getInt("version"),
            rs.getString("json")))
        .optional()
        .orElseThrow(() -> field.equals("id") ? ApiException.notFound("segment", id)
            : ApiException.unprocessable(field, "error.unknown-id", "segment", id));
    if (expectedVersion != null && expectedVersion != cur.version()) {
      throw ApiException.conflict("version", "error.stale-version", expectedVersion, cur.version());
    }
    if (cur.status() == to) {
      throw ApiException.conflict("status", "error.same-status", to);
    }
    if (!cur.status().canMoveTo(to)) {
      throw ApiException.conflict("status", "error.illegal-transition", cur.status(), to);
    }
    int updated = jdbc.sql(SegmentSql.UPDATE_STATUS)
        .param("status", to.name()).param("at", at).param("id", id).param("version", cur.version())
        .update();
    if (updated != 1) {
      throw ApiException.conflict("version", "error.stale-version", cur.version(), "?");
    }
    jdbc.sql(SegmentSql.INSERT_CHANGE)
        .param("id", id).param("from", cur.status().name()).param("to", to.name()).param("at", at)
        .param("user", actor.username()).param("org", actor.org()).param("reason", reason)
        .param("inspectionId", inspectionId)
        .update();
    String after = jdbc.sql(SegmentSql.AFTER_JSON).param("id", id).query(String.class).single();
    audit.record(actor, "STATUS_CHANGE", "segment", id, cur.json(), after);
  }
}
