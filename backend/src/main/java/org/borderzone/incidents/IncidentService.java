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

  /**
   * The stored incident: its public id and GeoJSON Feature text; {@code existing} when a report with the same
   * client id was stored before (a retry: nothing was written now).
   */
  record Created(UUID id, String feature, boolean existing) {}

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final IncidentRepository repository;
  private final Ownership ownership;
  private final ReportProperties report;
  private final IncidentRules rules = new IncidentRules(Clock.systemUTC());

  IncidentService(JdbcClient jdbc, AuditLog audit, IncidentRepository repository, Ownership ownership,
      ReportProperties report) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.repository = repository;
    this.ownership = ownership;
    this.report = report;
  }

  @Transactional
  public Created create(IncidentRules.IncidentFeature body, Actor actor) {
    return create(body, actor, null);
  }

  /**
   * Stores one report. With a client id ({@link IncidentRules#clientId}: the body's {@code clientId}, else a
   * UUID {@code Idempotency-Key}) a report is stored once per creating user, however late its retry comes (the
   * Idempotency-Key rows last 24 h, the incident's client id as long as the incident): the same id with the same
   * report answers the stored incident ({@code existing}), with another report 409 naming {@code clientId}.
   * Two concurrent first sends serialise on the unique index; the second finds the first's row.
   */
  @Transactional
  public Created create(IncidentRules.IncidentFeature body, Actor actor, String idempotencyKey) {
    List<Problem> problems = new ArrayList<>();
    NewIncident n = rules.feature(body, "", actor, problems);
    IncidentRules.ReportLocation loc = rules.location(body == null ? null : body.location(), report.maxAccuracyM(),
        problems);
    UUID clientId = IncidentRules.clientId(body, idempotencyKey, problems);
    if (!problems.isEmpty() || n == null || loc == null) {
      throw Problem.toException(problems.isEmpty() ? List.of(IncidentRules.bad("body", "error.feature-expected"))
          : problems);
    }
    byte[] hash = clientId == null ? null : contentHash(n);
    if (clientId != null) {
      Created earlier = earlier(clientId, hash, actor);
      if (earlier != null) {
        return earlier;
      }
    }
    record Ids(long id, UUID publicId) {}
    java.util.Optional<Ids> inserted = jdbc.sql(IncidentSql.INSERT)
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
        .param("accuracyM", loc.accuracyM())
        .param("locationSource", loc.source())
        .param("fixTime", loc.fixTime())
        .param("deviceTime", loc.deviceTime())
        .param("clientId", clientId)
        .param("clientHash", hash)
        .query((rs, row) -> new Ids(rs.getLong("id"), rs.getObject("public_id", UUID.class))).optional();
    if (inserted.isEmpty()) { // a concurrent send of the same client id committed first
      Created earlier = earlier(clientId, hash, actor);
      if (earlier == null) {
        throw new IllegalStateException("client id " + clientId + " conflicted but is not stored");
      }
      return earlier;
    }
    Ids ids = inserted.get();
    String after = jdbc.sql(IncidentSql.ROW_JSON).param("id", ids.id()).query(String.class).single();
    if (loc.confirmedOverLimit()) {
      // the reporter saw the warning and sent the fix anyway: the trail says so, with the limit of the day
      after = jdbc.sql(IncidentSql.WITH_ACCURACY_CONFIRMED).param("after", after)
          .param("limit", report.maxAccuracyM()).query(String.class).single();
    }
    audit.record(actor, "CREATE", "incident", ids.publicId(), null, after);
    return new Created(ids.publicId(), repository.findFeature(ids.publicId(), actor).orElseThrow(), false);
  }

  /** The caller's incident with this client id (same report: it; another report: 409), or null. */
  private Created earlier(UUID clientId, byte[] hash, Actor actor) {
    record Stored(UUID publicId, byte[] hash) {}
    Stored s = jdbc.sql(IncidentSql.BY_CLIENT_ID).param("createdBy", actor.username()).param("clientId", clientId)
        .query((rs, row) -> new Stored(rs.getObject(1, UUID.class), rs.getBytes(2))).optional().orElse(null);
    if (s == null) {
      return null;
    }
    if (!java.util.Arrays.equals(s.hash(), hash)) {
      throw ApiException.conflict("clientId", "error.client-id-reused", clientId);
    }
    // readable by its author unless the author has since moved organisation: then it is not theirs to see
    String feature = repository.findFeature(s.publicId(), actor)
        .orElseThrow(() -> ApiException.conflict("clientId", "error.client-id-reused", clientId));
    return new Created(s.publicId(), feature, true);
  }

  /**
   * SHA-256 of the validated report (position, type, severity, time as an instant, texts, releasability): two
   * sends of one report agree however the JSON was spelled (member order, spaces, time zone of the time).
   */
  static byte[] contentHash(NewIncident n) {
    String canonical = String.join("\u0000", Double.toString(n.lon()), Double.toString(n.lat()), n.type().name(),
        Integer.toString(n.severity()), String.valueOf(n.occurredAt() == null ? null : n.occurredAt().toInstant()),
        String.valueOf(n.description()), String.valueOf(n.source()), String.valueOf(n.releasability()));
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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

  /**
   * A replace of the whole incident (OGC API – Features Part 4 {@code PUT}): an incident report is evidence, so
   * its facts (geometry, type, severity, occurredAt, description, source, releasability, ownerOrg) are never
   * changed; a body that sends one of them must send the stored value (else 409 naming it), one that leaves it
   * out leaves it as it is. What may change is {@code status}, by the rules and with the ownership, version
   * check and audit of {@link #changeStatus} (which does the write: there is no second write path). The same
   * status again changes nothing (a PUT is idempotent). Derived properties (nearest segment, side, createdBy…)
   * are ignored. Returns the stored feature.
   */
  @Transactional
  public String replace(UUID publicId, tools.jackson.databind.JsonNode body, Actor actor) {
    if (body == null || !body.isObject() || !"Feature".equals(body.path("type").asString(null))) {
      throw ApiException.badField("type", "error.feature");
    }
    tools.jackson.databind.JsonNode p = body.get("properties");
    if (p == null || !p.isObject()) {
      throw ApiException.badField("properties", "error.required");
    }
    tools.jackson.databind.JsonNode st = p.get("status");
    if (st == null || !st.isString() || st.asString().isBlank()) {
      throw ApiException.badField("properties.status", "error.required");
    }
    tools.jackson.databind.JsonNode ver = p.get("version");
    if (ver == null || !ver.isIntegralNumber() || !ver.canConvertToInt()) {
      throw ApiException.badField("properties.version", "error.required");
    }
    IncidentStatus to = IncidentStatus.find(st.asString());
    if (to == null) {
      throw ApiException.badField("properties.status", "error.unknown-value", st.asString(), IncidentStatus.NAMES);
    }
    record Facts(String status, int version, Organisation owner, String type, int severity,
        java.time.OffsetDateTime occurredAt, String description, String source, String releasability, double lon,
        double lat) {}
    Facts cur = Releasability.bind(jdbc.sql(IncidentSql.LOCK_FACTS).param("publicId", publicId), actor)
        .query((rs, i) -> new Facts(rs.getString("status"), rs.getInt("version"),
            Organisation.of(rs.getString("owner_org")), rs.getString("type"), rs.getInt("severity"),
            rs.getObject("occurred_at", java.time.OffsetDateTime.class), rs.getString("description"),
            rs.getString("source"), rs.getString("releasability"), rs.getDouble("lon"), rs.getDouble("lat")))
        .optional().orElseThrow(() -> ApiException.notFound("incident", publicId));
    ownership.requireCanChangeIncident(actor, cur.owner());
    if (ver.intValue() != cur.version()) {
      throw ApiException.conflict("properties.version", "error.stale-version-incident", ver.intValue(), cur.version());
    }
    same(p, "type", cur.type());
    same(p, "description", cur.description());
    same(p, "source", cur.source());
    same(p, "releasability", cur.releasability());
    same(p, "ownerOrg", cur.owner().code());
    tools.jackson.databind.JsonNode sev = p.get("severity");
    if (sev != null && !(sev.isIntegralNumber() && sev.canConvertToInt() && sev.intValue() == cur.severity())) {
      throw ApiException.conflict("properties.severity", "error.incident-immutable", "severity");
    }
    tools.jackson.databind.JsonNode at = p.get("occurredAt");
    if (at != null) {
      boolean equal;
      try {
        equal = at.isString() && java.time.OffsetDateTime.parse(at.asString()).toInstant()
            .equals(cur.occurredAt().toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        equal = false;
      }
      if (!equal) {
        throw ApiException.conflict("properties.occurredAt", "error.incident-immutable", "occurredAt");
      }
    }
    tools.jackson.databind.JsonNode g = body.get("geometry");
    if (g != null && !g.isNull()) {
      tools.jackson.databind.JsonNode c = g.path("coordinates");
      boolean equal = "Point".equals(g.path("type").asString(null)) && c.isArray() && c.size() == 2
          && c.get(0).isNumber() && c.get(1).isNumber()
          && Math.abs(c.get(0).doubleValue() - cur.lon()) < 1e-7 && Math.abs(c.get(1).doubleValue() - cur.lat()) < 1e-7;
      if (!equal) {
        throw ApiException.conflict("geometry", "error.incident-immutable", "geometry");
      }
    }
    if (to.name().equals(cur.status())) {
      return repository.findFeature(publicId, actor).orElseThrow();
    }
    tools.jackson.databind.JsonNode reason = p.get("reason");
    return changeStatus(publicId, new StatusChange(to.name(), ver.intValue(),
        reason != null && reason.isString() ? reason.asString() : null), actor);
  }

  /** A fact of the incident that a replace must leave as stored (absent: left as stored). */
  private static void same(tools.jackson.databind.JsonNode props, String key, String stored) {
    if (!props.has(key)) {
      return;
    }
    tools.jackson.databind.JsonNode v = props.get(key);
    String sent = v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    if (!java.util.Objects.equals(sent, stored)) {
      throw ApiException.conflict("properties." + key, "error.incident-immutable", key);
    }
  }
}
