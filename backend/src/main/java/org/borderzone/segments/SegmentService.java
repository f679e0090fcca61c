package org.borderzone.segments;

import java.time.OffsetDateTime;
import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.borderzone.system.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Segment status changes: the transition rules, optimistic locking on {@code version}, the history row and
 * the audit event, all in one transaction. Other features (joint inspections) call
 * {@link #applyTransition} inside their own transaction, and {@link #sign} for a move to DEMARCATED or
 * RATIFIED, which needs the signatures of both countries.
 */
@Service
public class SegmentService {

  /** Reasons longer than this are refused. */
  static final int MAX_REASON = 2000;

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Organisations organisations;
  private final Ownership ownership;

  SegmentService(JdbcClient jdbc, AuditLog audit, Organisations organisations, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.organisations = organisations;
    this.ownership = ownership;
  }

  /** A request to move a segment to {@code status}; {@code version} is the version the client last saw. */
  public record StatusChange(String status, String reason, Integer version) {}

  /**
   * What a status request did: applied at once ({@code pending} false), or recorded as the first of the two
   * signatures a move to DEMARCATED or RATIFIED needs ({@code pending} true; the segment is unchanged and its
   * Feature lists the open signature under {@code pendingSignoffs}).
   */
  public record StatusOutcome(boolean pending, String feature) {}

  /**
   * Changes the status of segment {@code id}, or, for a move to DEMARCATED or RATIFIED, signs it for the
   * caller's country ({@link #sign}). Returns the segment as a GeoJSON Feature.
   */
  @Transactional
  public StatusOutcome changeStatus(int id, StatusChange req, Actor actor) {
    SegmentStatus to = SegmentStatus.parse(req.status(), "status");
    if (req.version() == null) {
      throw ApiException.badField("version", "error.required");
    }
    String reason = checkedReason(req.reason(), "reason");
    OffsetDateTime now = OffsetDateTime.now();
    boolean pending = false;
    if (SegmentStatus.NEEDS_SIGNOFF.contains(to)) {
      pending = !sign(id, to, req.version(), reason, null, actor, now, "id");
    } else {
      applyTransition(id, to, req.version(), reason, null, actor, now, "id");
    }
    return new StatusOutcome(pending, jdbc.sql(SegmentSql.ONE).param("id", id).query(String.class).single());
  }

  static String checkedReason(String reason, String field) {
    if (reason != null && reason.length() > MAX_REASON) {
      throw ApiException.badField(field, "error.too-long", MAX_REASON);
    }
    return reason == null || reason.isBlank() ? null : reason.strip();
  }

  /** The locked row: its status, version and the two countries it separates (its parties, V26), and its JSON. */
  private record Locked(SegmentStatus status, int version, List<Organisation> parties, String json) {}

  /**
   * Moves one segment from its current status to {@code to}, checking the transition and (when
   * {@code expectedVersion} is not null) the version. Must run inside a transaction: the row is locked,
   * updated, and the history and audit rows are written with it.
   *
   * Any sign-off still open for the segment lapses ({@code lapsed_at}): it was given for the state the
   * segment has just left. This method does not ask for signatures itself; callers that move a segment to
   * DEMARCATED or RATIFIED on behalf of a user go through {@link #sign}.
   *
   * @param field the request field that named this segment, for error messages (e.g. {@code segmentIds[2]})
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void applyTransition(int id, SegmentStatus to, Integer expectedVersion, String reason, Long inspectionId,
      Actor actor, OffsetDateTime at, String field) {
    Locked cur = lockChecked(id, to, expectedVersion, actor, field);
    int updated = jdbc.sql(SegmentSql.UPDATE_STATUS)
        .param("status", to.name()).param("at", at).param("id", id).param("version", cur.version())
        .update();
    if (updated != 1) {
      throw ApiException.conflict("version", "error.stale-version", cur.version(), "?");
    }
    jdbc.sql(SegmentSql.INSERT_CHANGE)
        .param("id", id).param("from", cur.status().name()).param("to", to.name()).param("at", at)
        .param("user", actor.username()).param("org", actor.orgCode()).param("reason", reason)
        .param("inspectionId", inspectionId)
        .update();
    String after = jdbc.sql(SegmentSql.AFTER_JSON).param("id", id).query(String.class).single();
    audit.record(actor, "STATUS_CHANGE", "segment", id, cur.json(), after);
    // Signatures still open for this segment were given for the state it has just left: they lapse.
    for (SignoffRow lapsed : jdbc.sql(SegmentSql.LAPSE_SIGNOFFS).param("id", id).param("at", at)
        .query(SignoffRow.class).list()) {
      audit.record(actor, "SIGNOFF_LAPSE", "signoff", lapsed.id(), null, lapsed.json());
    }
  }

  /** A segment_signoff row: its id and its JSON (for the audit trail). */
  record SignoffRow(long id, String toStatus, String orgCode, String signedBy, String reason, String json) {}

  /**
   * Signs the move of segment {@code id} to {@code to} (DEMARCATED or RATIFIED) for the caller's country and
   * applies it when the other country has already signed (DESIGN.md: two-party sign-off). Only a
   * {@code COMMISSION} member of one of the two countries the segment separates ({@code country_a},
   * {@code country_b}: data, V26) can sign: anyone else (the joint body, ADMIN, a third country) gets 403.
   * A second signature from the same country is a 409, as is a signature for another target than the one
   * the other country signed. The transition rules and {@code expectedVersion} are checked at each signature;
   * signing does not change the segment or its version, so both parties sign the version they saw. Both
   * signature rows get {@code applied_at} when the transition is applied, in the same transaction. Each
   * signature is audited (entity {@code signoff}).
   *
   * @return true when this signature applied the transition, false when it is waiting for the other country
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean sign(int id, SegmentStatus to, Integer expectedVersion, String reason, Long inspectionId,
      Actor actor, OffsetDateTime at, String field) {
    if (!SegmentStatus.NEEDS_SIGNOFF.contains(to)) {
      throw new IllegalArgumentException(to + " needs no sign-off");
    }
    if (actor.role() != Role.COMMISSION || !organisations.isCountry(actor.org())) {
      throw ApiException.forbidden("status", "error.signoff-not-party", to, actor.orgCode(), actor.role());
    }
    String side = actor.orgCode();
    lockChecked(id, to, expectedVersion, actor, field);
    List<SignoffRow> open = jdbc.sql(SegmentSql.OPEN_SIGNOFFS).param("id", id).query(SignoffRow.class).list();
    for (SignoffRow o : open) {
      if (!o.toStatus().equals(to.name())) {
        throw ApiException.conflict("status", "error.signoff-other-target", o.orgCode(), o.toStatus());
      }
      if (o.orgCode().equals(side)) {
        throw ApiException.conflict("status", "error.signoff-same-side", side, to, o.signedBy());
      }
    }
    SignoffRow mine = jdbc.sql(SegmentSql.INSERT_SIGNOFF)
        .param("id", id).param("to", to.name()).param("org", side).param("user", actor.username())
        .param("at", at).param("reason", reason).param("inspectionId", inspectionId)
        .query(SignoffRow.class).single();
    audit.record(actor, "SIGN", "signoff", mine.id(), null, mine.json());
    if (open.isEmpty()) {
      return false;
    }
    SignoffRow other = open.get(0);
    List<SignoffRow> applied = jdbc.sql(SegmentSql.APPLY_SIGNOFFS).param("id", id).param("to", to.name())
        .param("at", at).query(SignoffRow.class).list();
    for (SignoffRow a : applied) {
      audit.record(actor, "SIGNOFF_APPLY", "signoff", a.id(), null, a.json());
    }
    applyTransition(id, to, expectedVersion, jointReason(other, mine), inspectionId, actor, at, field);
    return true;
  }

  /**
   * The reason recorded in the history for a signed move: the common reason when both gave the same one (or
   * only one gave any), else both, each with its country ({@code KH: … / LA: …}).
   */
  private static String jointReason(SignoffRow first, SignoffRow second) {
    if (first.reason() == null || second.reason() == null || first.reason().equals(second.reason())) {
      return first.reason() != null ? first.reason() : second.reason();
    }
    StringBuilder sb = new StringBuilder();
    for (SignoffRow r : List.of(first, second)) {
      if (r.reason() != null) {
        sb.append(sb.length() > 0 ? " / " : "").append(r.orgCode()).append(": ").append(r.reason());
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /**
   * Locks the row and checks who may change it, the version and the transition; 404/422 for an unknown id, 403
   * when the actor is no commission member of the segment's countries (or of the joint body), 409 for the rest.
   */
  private Locked lockChecked(int id, SegmentStatus to, Integer expectedVersion, Actor actor, String field) {
    Locked cur = jdbc.sql(SegmentSql.LOCK).param("id", id)
        .query((rs, n) -> new Locked(SegmentStatus.valueOf(rs.getString("status")), rs.getInt("version"),
            List.of(Organisation.of(rs.getString("country_a")), Organisation.of(rs.getString("country_b"))),
            rs.getString("json")))
        .optional()
        .orElseThrow(() -> field.equals("id") ? ApiException.notFound("segment", id)
            : ApiException.unprocessable(field, "error.unknown-id", "segment", id));
    ownership.requireJointParty(actor, cur.parties(), field);
    if (expectedVersion != null && expectedVersion != cur.version()) {
      throw ApiException.conflict("version", "error.stale-version", expectedVersion, cur.version());
    }
    if (cur.status() == to) {
      throw ApiException.conflict("status", "error.same-status", to);
    }
    if (!cur.status().canMoveTo(to)) {
      throw ApiException.conflict("status", "error.illegal-transition", cur.status(), to);
    }
    return cur;
  }
}
