package org.borderzone.incidents;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes of single incidents: create (validated by {@link IncidentRules}, owner from the caller, location
 * computed by the database trigger) and status changes (rules in {@link IncidentStatus}, optimistic lock on
 * {@code version}), each with its audit event in the same transaction.
 */
@Service
class IncidentService {

  /** A request to move an incident to {@code status}; {@code version} is the version the client last saw. */
  record StatusChange(String status, Integer version, String reason) {}

  /** The stored incident: its public id and GeoJSON Feature text. */
  record Created(UUID id, String feature) {}

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final IncidentRepository repository;
  private final Ownership ownership;
  private final IncidentRules rules = new IncidentRules(Clock.systemUTC());

  IncidentService(JdbcClient jdbc, AuditLog audit, IncidentRepository repository, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.repository = repository;
    this.ownership = ownership;
  }

  @Transactional
  public Created create(IncidentRules.IncidentFeature body, Actor actor) {
    List<Problem> problems = new ArrayList<>();
    NewIncident n = rules.feature(body, "", actor, problems);
    if (!problems.isEmpty() || n == null) {
      throw Problem.toException(problems.isEmpty() ? List.of(IncidentRules.bad("body", "error.feature-expected"))
          : problems);
    }
    record Ids(long id, UUID publicId) {}
    Ids ids = jdbc.sql(IncidentSql.INSERT)
        .param("occurredAt", n.occurredAt())
        .param("lon", n.lon())
        .param("lat", n.lat())
        .param("type", n.type().name())
        .param("severity", n.severity())
        .param("description", n.description())
        .param("source", n.source())
        .param("ownerOrg", actor.orgCode())
        .param("releasability", n.releasability())
        .param("createdBy", actor.username())
        .query((rs, row) -> new Ids(rs.getLong("id"), rs.getObject("public_id", UUID.class))).single();
    String after = jdbc.sql(IncidentSql.ROW_JSON).param("id", ids.id()).query(String.class).single();
    audit.record(actor, "CREATE", "incident", ids.publicId(), null, after);
    return new Created(ids.publicId(), repository.findFeature(ids.publicId(), actor).orElseThrow());
  }

  /**
   * Moves the incident with public id {@code publicId} to a new status; 404 when the caller cannot see it,
   * 403 when it belongs to another organisation (even SHARED), 409 on stale version.
   */
  @Transactional
  public String changeStatus(UUID publicId, StatusChange req, Actor actor) {
    if (req == null || req.status() == null || req.status().isBlank()) {
      throw ApiException.badField("status", "error.required");
    }
    IncidentStatus to = IncidentStatus.find(req.status());
    if (to == null) {
      throw ApiException.badField("status", "error.unknown-value", req.status(), IncidentStatus.NAMES);
    }
    if (req.version() == null) {
      throw ApiException.badField("version", "error.required");
    }
    if (req.reason() != null && req.reason().length() > IncidentRules.MAX_DESCRIPTION) {
      throw ApiException.badField("reason", "error.too-long", IncidentRules.MAX_DESCRIPTION);
    }
    record Locked(long id, IncidentStatus status, int version, Organisation owner) {}
    Locked cur = Releasability.bind(jdbc.sql(IncidentSql.LOCK).param("publicId", publicId), actor)
        .query((rs, i) -> new Locked(rs.getLong(1), IncidentStatus.valueOf(rs.getString(2)), rs.getInt(3),
            Organisation.of(rs.getString(4))))
        .optional().orElseThrow(() -> ApiException.notFound("incident", publicId));
    // Readable is not changeable: a SHARED incident's status is its owner organisation's to change.
    ownership.requireCanChangeIncident(actor, cur.owner());
    long id = cur.id();
    if (req.version() != cur.version()) {
      throw ApiException.conflict("version", "error.stale-version-incident", req.version(), cur.version());
    }
    if (!cur.status().canMoveTo(to)) {
      throw ApiException.conflict("status", "error.illegal-incident-transition", cur.status(), to);
    }
    String before = jdbc.sql(IncidentSql.ROW_JSON).param("id", id).query(String.class).single();
    jdbc.sql(IncidentSql.UPDATE_STATUS).param("status", to.name()).param("id", id).param("version", cur.version())
        .update();
    String after = jdbc.sql(IncidentSql.ROW_JSON).param("id", id).query(String.class).single();
    String reason = req.reason() == null || req.reason().isBlank() ? null : req.reason().strip();
    if (reason != null) {
      after = jdbc.sql(IncidentSql.WITH_REASON)
          .param("after", after).param("reason", reason).query(String.class).single();
    }
    audit.record(actor, "STATUS_CHANGE", "incident", publicId, before, after);
    return repository.findFeature(publicId, actor).orElseThrow();
  }
}
