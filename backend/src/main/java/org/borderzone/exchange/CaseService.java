package org.borderzone.exchange;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.exchange.CaseRequests.CandidateQuery;
import org.borderzone.exchange.CaseRequests.State;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Ownership;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Joint cases (docs/EXCHANGE.md "Joint cases"): incidents of two or more organisations that are one event, linked
 * by one party's proposal and confirmed by every other party. The rules:
 * <ul>
 *   <li><b>Parties</b> are the owner organisations of the incidents, computed here; the proposer's organisation
 *       must be one of them, and there must be at least two.</li>
 *   <li><b>Nothing is revealed by a case.</b> Every incident must be visible to every party (SHARED, or released
 *       to it) when it is proposed or added, and again when a party confirms (a release may have been withdrawn);
 *       every read shows the incidents through {@link Releasability} of the reader all the same.</li>
 *   <li><b>States</b> PROPOSED → OPEN (every party confirmed; the proposer's confirmation is implicit) → CLOSED
 *       (any party); PROPOSED → REJECTED (any party that has not decided). One decision per organisation. Any other
 *       move is 409 naming {@code state}. Incidents are only added (PROPOSED or OPEN), never removed.</li>
 *   <li><b>Who</b>: only members of a party see the case (anyone else gets 404); its PLANNER and COMMISSION
 *       members (ADMIN by the hierarchy) change it ({@link Ownership#requireCaseParty}). Every write is audited in
 *       its transaction ({@link CaseAuditVisibility} shows it to the parties only).</li>
 * </ul>
 */
@Service
class CaseService {

  static final String ENTITY = "joint_case";

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Ownership ownership;
  private final Clock clock;

  CaseService(JdbcClient jdbc, AuditLog audit, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.ownership = ownership;
    this.clock = Clock.systemUTC();
  }

  /** A page of the reader's cases. */
  record Page(long total, int limit, int offset,
      @com.fasterxml.jackson.annotation.JsonRawValue String cases) {}

  /** Candidate pairs with the parameters they were computed for. */
  record Candidates(double withinKm, int hours, OffsetDateTime from, OffsetDateTime to, String type, int limit,
      @com.fasterxml.jackson.annotation.JsonRawValue String pairs) {}

  // ------------------------------------------------------------------------------------------------ reads

  Candidates candidates(Double withinKm, Integer hours, String from, String to, String type, Integer limit,
      Actor actor) {
    CandidateQuery q = CaseRequests.candidates(withinKm, hours, from, to, type, limit, clock.instant());
    String pairs = Releasability.bind(jdbc.sql(CaseSql.CANDIDATES), actor)
        .param("withinM", q.withinM()).param("hours", q.hours()).param("from", q.from()).param("to", q.to())
        .param("type", q.type()).param("limit", q.limit())
        .query(String.class).single();
    return new Candidates(q.withinM() / 1000, q.hours(), q.from(), q.to(), q.type(), q.limit(), pairs);
  }

  Page list(String state, Integer limit, Integer offset, Actor actor) {
    State s = CaseRequests.state(state);
    int l = CaseRequests.limit(limit, 50);
    int o = CaseRequests.offset(offset);
    String st = s == null ? null : s.name();
    long total = Releasability.bind(jdbc.sql(CaseSql.COUNT), actor).param("state", st).query(Long.class).single();
    String cases = Releasability.bind(jdbc.sql(CaseSql.LIST), actor).param("state", st).param("limit", l)
        .param("offset", o).query(String.class).single();
    return new Page(total, l, o, cases);
  }

  /** One case for the reader (404 unless a party). */
  String one(UUID id, Actor actor) {
    return Releasability.bind(jdbc.sql(CaseSql.ONE_CASE), actor).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("case", id));
  }

  /** The case as a GeoJSON FeatureCollection (404 unless a party). */
  String geoJson(UUID id, Actor actor) {
    return Releasability.bind(jdbc.sql(CaseSql.GEOJSON), actor).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("case", id));
  }

  String stats(String from, String to, Actor actor) {
    OffsetDateTime f = CaseRequests.optionalTime(from, "from");
    OffsetDateTime t = CaseRequests.optionalTime(to, "to");
    if (f != null && t != null && !f.isBefore(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    return Releasability.bind(jdbc.sql(CaseSql.STATS), actor).param("from", f).param("to", t)
        .query(String.class).single();
  }

  // ------------------------------------------------------------------------------------------------ writes

  /** A visible incident as the proposal needs it. */
  private record Found(long id, UUID publicId, Organisation owner) {}

  /** The locked case row. */
  private record Locked(long id, UUID publicId, State state, List<Organisation> parties, Organisation proposer) {}

  @Transactional
  String propose(CaseRequests.ProposeBody body, Actor actor) {
    if (body == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String title = CaseRequests.requiredText(body.title(), "title", CaseRequests.MAX_TITLE);
    if (body.kind() == null) {
      throw ApiException.badField("kind", "error.required");
    }
    String note = CaseRequests.optionalText(body.note(), "note", CaseRequests.MAX_NOTE);
    List<UUID> ids = CaseRequests.incidentIds(body.incidents(), 2);
    List<Found> found = visible(ids, actor);
    Set<Organisation> owners = new TreeSet<>((a, b) -> a.code().compareTo(b.code()));
    found.forEach(x -> owners.add(x.owner()));
    List<Organisation> parties = List.copyOf(owners);
    if (actor.org() == null || !owners.contains(actor.org())) {
      throw ApiException.unprocessable("incidents", "error.case.own-incident", actor.orgCode());
    }
    if (parties.size() < 2) {
      throw ApiException.unprocessable("incidents", "error.case.one-party", actor.orgCode());
    }
    ownership.requireCaseParty(actor, parties, "incidents");
    requireVisibleToAll(found, parties, "incidents", ids);
    long caseId = jdbc.sql(CaseSql.INSERT_CASE).param("title", title).param("kind", body.kind().name())
        .param("parties", String.join(",", parties.stream().map(Organisation::code).toList()))
        .param("user", actor.username()).param("org", actor.orgCode()).query(Long.class).single();
    for (Found x : found) {
      jdbc.sql(CaseSql.INSERT_INCIDENT).param("caseId", caseId).param("incidentId", x.id())
          .param("user", actor.username()).param("org", actor.orgCode()).update();
    }
    decide(caseId, actor, "CONFIRMED", note);
    audit.record(actor, "PROPOSE", ENTITY, publicId(caseId), null, auditJson(caseId));
    return one(publicId(caseId), actor);
  }

  @Transactional
  String confirm(UUID id, CaseRequests.DecisionBody body, Actor actor) {
    String note = CaseRequests.optionalText(body == null ? null : body.note(), "note", CaseRequests.MAX_NOTE);
    Locked c = lockForParty(id, actor);
    requireState(c, State.PROPOSED, "confirm");
    requireUndecided(c, actor);
    List<Long> incidentIds = jdbc.sql(CaseSql.INCIDENT_IDS).param("caseId", c.id()).query(Long.class).list();
    for (Organisation p : c.parties()) {
      List<UUID> hidden = jdbc.sql(CaseSql.NOT_VISIBLE_TO).param("ids", incidentIds)
          .param(Releasability.PARAM, p.code()).query(UUID.class).list();
      if (!hidden.isEmpty()) {
        throw ApiException.unprocessable("incidents", "error.case.no-longer-visible", hidden.get(0), p.code());
      }
    }
    String before = auditJson(c.id());
    decide(c.id(), actor, "CONFIRMED", note);
    long confirmed = jdbc.sql(CaseSql.CONFIRMED_COUNT).param("caseId", c.id()).query(Long.class).single();
    if (confirmed >= c.parties().size()) {
      jdbc.sql(CaseSql.OPEN).param("caseId", c.id()).update();
    }
    audit.record(actor, "CONFIRM", ENTITY, id, before, auditJson(c.id()));
    return one(id, actor);
  }

  @Transactional
  String reject(UUID id, CaseRequests.DecisionBody body, Actor actor) {
    String note = CaseRequests.optionalText(body == null ? null : body.note(), "note", CaseRequests.MAX_NOTE);
    Locked c = lockForParty(id, actor);
    requireState(c, State.PROPOSED, "reject");
    requireUndecided(c, actor);
    String before = auditJson(c.id());
    decide(c.id(), actor, "REJECTED", note);
    jdbc.sql(CaseSql.REJECT).param("caseId", c.id()).update();
    audit.record(actor, "REJECT", ENTITY, id, before, auditJson(c.id()));
    return one(id, actor);
  }

  @Transactional
  String close(UUID id, CaseRequests.CloseBody body, Actor actor) {
    String reason = CaseRequests.requiredText(body == null ? null : body.reason(), "reason", CaseRequests.MAX_NOTE);
    Locked c = lockForParty(id, actor);
    requireState(c, State.OPEN, "close");
    String before = auditJson(c.id());
    jdbc.sql(CaseSql.CLOSE).param("caseId", c.id()).param("user", actor.username()).param("reason", reason).update();
    audit.record(actor, "CLOSE", ENTITY, id, before, auditJson(c.id()));
    return one(id, actor);
  }

  /**
   * Adds incidents to a PROPOSED or OPEN case: each visible to the caller, owned by a party (a case's parties
   * never change after the proposal) and visible to every party; none already in the case. On a PROPOSED case the
   * confirmations of the other parties lapse (they confirmed the case as it was); the caller's own stands.
   */
  @Transactional
  String addIncidents(UUID id, CaseRequests.AddBody body, Actor actor) {
    Locked c = lockForParty(id, actor);
    List<UUID> ids = CaseRequests.incidentIds(body == null ? null : body.incidents(), 1);
    if (c.state() != State.PROPOSED && c.state() != State.OPEN) {
      throw ApiException.conflict("state", "error.case.state", c.state().name(), "add incidents",
          State.PROPOSED + ", " + State.OPEN);
    }
    List<Found> found = visible(ids, actor);
    Set<Long> already = Set.copyOf(jdbc.sql(CaseSql.INCIDENT_IDS).param("caseId", c.id()).query(Long.class).list());
    for (int i = 0; i < found.size(); i++) {
      Found x = found.get(i);
      if (!c.parties().contains(x.owner())) {
        throw ApiException.unprocessable("incidents[" + i + "]", "error.case.not-party-incident", x.owner().code(),
            partyList(c.parties()));
      }
      if (already.contains(x.id())) {
        throw ApiException.unprocessable("incidents[" + i + "]", "error.case.already-in-case", x.publicId());
      }
    }
    requireVisibleToAll(found, c.parties(), "incidents", ids);
    String before = auditJson(c.id());
    for (Found x : found) {
      jdbc.sql(CaseSql.INSERT_INCIDENT).param("caseId", c.id()).param("incidentId", x.id())
          .param("user", actor.username()).param("org", actor.orgCode()).update();
    }
    if (c.state() == State.PROPOSED) {
      // the others confirmed the case as it was: they decide again on what it is now (V27)
      jdbc.sql(CaseSql.LAPSE_OTHERS).param("caseId", c.id()).param("org", actor.orgCode())
          .param("user", actor.username()).update();
    }
    audit.record(actor, "ADD_INCIDENTS", ENTITY, id, before, auditJson(c.id()));
    return one(id, actor);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** The incidents of {@code ids} in request order, each visible to the caller, or 422 naming the first other. */
  private List<Found> visible(List<UUID> ids, Actor actor) {
    Map<UUID, Found> byId = new HashMap<>();
    Releasability.bind(jdbc.sql(CaseSql.VISIBLE_BY_PUBLIC_ID).param("ids", ids), actor)
        .query((rs, n) -> new Found(rs.getLong("id"), rs.getObject("public_id", UUID.class),
            Organisation.of(rs.getString("owner_org"))))
        .list().forEach(f -> byId.put(f.publicId(), f));
    List<Found> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      Found f = byId.get(ids.get(i));
      if (f == null) {
        throw ApiException.unprocessable("incidents[" + i + "]", "error.case.unknown-incident", ids.get(i));
      }
      out.add(f);
    }
    return out;
  }

  /** Every incident visible to every party, or 422 naming the first that is not ("release it to X first"). */
  private void requireVisibleToAll(List<Found> found, List<Organisation> parties, String field, List<UUID> ids) {
    List<Long> internal = found.stream().map(Found::id).toList();
    Map<UUID, String> hiddenFrom = new LinkedHashMap<>();
    for (Organisation p : parties) {
      jdbc.sql(CaseSql.NOT_VISIBLE_TO).param("ids", internal).param(Releasability.PARAM, p.code())
          .query(UUID.class).list().forEach(u -> hiddenFrom.putIfAbsent(u, p.code()));
    }
    for (int i = 0; i < ids.size(); i++) {
      String p = hiddenFrom.get(ids.get(i));
      if (p != null) {
        throw ApiException.unprocessable(field + "[" + i + "]", "error.case.not-released", ids.get(i), p);
      }
    }
  }

  /** The case, locked, when the caller's organisation is a party (else 404); then the role rule (403). */
  private Locked lockForParty(UUID id, Actor actor) {
    Locked c = jdbc.sql(CaseSql.LOCK).param("id", id).query((rs, n) -> new Locked(rs.getLong("id"),
        rs.getObject("public_id", UUID.class), State.valueOf(rs.getString("state")), orgs(rs.getArray("parties")),
        Organisation.of(rs.getString("proposed_org")))).optional().orElse(null);
    if (c == null || actor.org() == null || !c.parties().contains(actor.org())) {
      throw ApiException.notFound("case", id);
    }
    ownership.requireCaseParty(actor, c.parties(), "id");
    return c;
  }

  private static List<Organisation> orgs(Array a) throws SQLException {
    return Arrays.stream((String[]) a.getArray()).map(Organisation::of).toList();
  }

  private static void requireState(Locked c, State wanted, String move) {
    if (c.state() != wanted) {
      throw ApiException.conflict("state", "error.case.state", c.state().name(), move, wanted.name());
    }
  }

  private void requireUndecided(Locked c, Actor actor) {
    jdbc.sql(CaseSql.DECISION_OF).param("caseId", c.id()).param("org", actor.orgCode()).query(String.class)
        .optional().ifPresent(d -> {
          throw ApiException.conflict("state", "error.case.decided", actor.orgCode(), d);
        });
  }

  private void decide(long caseId, Actor actor, String decision, String note) {
    jdbc.sql(CaseSql.INSERT_DECISION).param("caseId", caseId).param("org", actor.orgCode())
        .param("decision", decision).param("user", actor.username()).param("note", note).update();
  }

  private String auditJson(long caseId) {
    return jdbc.sql(CaseSql.AUDIT_JSON).param("caseId", caseId).query(String.class).single();
  }

  private UUID publicId(long caseId) {
    return jdbc.sql(CaseSql.PUBLIC_ID).param("caseId", caseId).query(UUID.class).single();
  }

  private static String partyList(List<Organisation> parties) {
    return String.join(", ", parties.stream().map(Organisation::code).toList());
  }
}
