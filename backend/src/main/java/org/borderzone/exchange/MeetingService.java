package org.borderzone.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.exchange.MeetingRequest.Kind;
import org.borderzone.exchange.MeetingRequest.RefKind;
import org.borderzone.i18n.Formats;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.borderzone.system.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Meetings of the parties (issue 12, item 4; docs/EXCHANGE.md "Meetings and minutes"): creation, attendees,
 * agenda items linked to what the parties may all read, decisions, action items tracked to done, and the minutes
 * with their sign-off and freeze.
 *
 * <p>Who: every read and write first finds the meeting among the caller's organisation's meetings (an outsider
 * gets 404 on an id, never 403), then {@link Ownership} decides whether the caller may write. Every write runs in
 * one transaction with the meeting row locked, is audited with the meeting's parties in the event (so the audit
 * trail shows it to them only, {@code MeetingAuditVisibility}) and writes its live event by trigger (V25).
 *
 * <p>The sign-off follows the segments' two-party sign-off ({@code segments.SegmentService#sign}): one open
 * signature per country party, kept as history when it lapses (a changed text); here a signature names the
 * SHA-256 of the exact text the signer read, and the meeting is APPROVED, frozen, when every country party has an
 * open signature over the current hash. Frozen means frozen: the service refuses (409 naming {@code state}) and
 * the V25 triggers refuse any write that gets past it.
 */
@Service
class MeetingService {

  static final int MAX_ATTENDEES = 200;
  static final int MAX_AGENDA = 200;
  static final int MAX_DECISIONS = 500;
  static final int MAX_ACTIONS = 500;
  static final int MAX_LIST = 500;

  private final JdbcClient jdbc;
  private final AuditLog audit;
  private final Organisations organisations;
  private final Ownership ownership;

  MeetingService(JdbcClient jdbc, AuditLog audit, Organisations organisations, Ownership ownership) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.organisations = organisations;
    this.ownership = ownership;
  }

  /** The calendar day overdue is counted against: the border's (Indochina Time, {@link Formats#ZONE}). */
  static LocalDate today() {
    return LocalDate.now(Formats.ZONE);
  }

  /** A created part: the meeting's public id and the new part's. */
  record Created(UUID meeting, String id, String json) {}

  /** The meeting row, locked. */
  record Locked(long id, UUID publicId, String state, int version, List<Organisation> parties, String minutes, String sha,
      OffsetDateTime startsAt) {}

  // ---------------------------------------------------------------- reads

  /** The whole meeting for a member of one of its parties; 404 for everybody else. */
  String one(UUID publicId, Actor actor) {
    long id = jdbc.sql(MeetingSql.FIND).param("publicId", publicId).param("org", actor.orgCode())
        .query(Long.class).optional().orElseThrow(() -> ApiException.notFound("meeting", publicId));
    return doc(id, actor);
  }

  String doc(long id, Actor actor) {
    return Releasability.bind(jdbc.sql(MeetingSql.DOC).param("id", id).param("today", today()), actor)
        .query(String.class).single();
  }

  /** The caller's meetings: {@code upcoming} true (soonest first), false (past, newest first) or null (all). */
  String list(Boolean upcoming, int limit, int offset, Actor actor) {
    return jdbc.sql(MeetingSql.LIST).param("org", actor.orgCode()).param("upcoming", upcoming)
        .param("today", today()).param("limit", limit).param("offset", offset).query(String.class).single();
  }

  /** Action items of the caller's meetings. */
  String actions(Organisation owner, String state, boolean overdueOnly, int limit, Actor actor) {
    return jdbc.sql(MeetingSql.ACTIONS).param("org", actor.orgCode())
        .param("owner", owner == null ? null : owner.code()).param("state", state)
        .param("overdueOnly", overdueOnly).param("today", today()).param("limit", limit)
        .query(String.class).single();
  }

  // ---------------------------------------------------------------- writes

  @Transactional
  public Created create(MeetingRequest.NewMeeting body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    MeetingRequest r = new MeetingRequest();
    Kind kind = r.enumValue(body.kind(), "kind", Kind.class);
    String title = r.text(body.title(), "title", MeetingRequest.MAX_TITLE, true);
    String place = r.text(body.place(), "place", MeetingRequest.MAX_PLACE, false);
    OffsetDateTime startsAt = r.instant(body.startsAt(), "startsAt");
    List<String> parties = new ArrayList<>();
    if (body.parties() == null) {
      r.error("parties", "error.required");
    } else {
      if (body.parties().size() > MeetingRequest.MAX_PARTIES) {
        throw Limits.over("parties", "error.meetings.too-many-parties", MeetingRequest.MAX_PARTIES,
            body.parties().size());
      }
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < body.parties().size(); i++) {
        String field = "parties[" + i + "]";
        try {
          Organisation o = organisations.parse(body.parties().get(i), field);
          if (!seen.add(o.code())) {
            r.error(field, "error.meetings.duplicate-party", o.code());
          }
        } catch (ApiException e) {
          e.errors().forEach(fe -> r.error(fe.field(), fe.code(), fe.args()));
        }
      }
      parties.addAll(seen);
      if (parties.size() < 2 && body.parties().size() == seen.size()) {
        r.error("parties", "error.meetings.parties-min", 2);
      }
    }
    r.done();
    List<Organisation> orgs = parties.stream().map(Organisation::of).toList();
    if (orgs.stream().noneMatch(actor::belongsTo)) {
      throw ApiException.unprocessable("parties", "error.meetings.parties-own", actor.orgCode());
    }
    if (orgs.stream().noneMatch(organisations::isCountry)) {
      throw ApiException.unprocessable("parties", "error.meetings.parties-country");
    }
    ownership.requireMeetingParty(actor, orgs, "parties");
    record Ids(long id, UUID publicId) {}
    Ids ids = jdbc.sql(MeetingSql.INSERT).param("kind", kind.name()).param("title", title).param("place", place)
        .param("startsAt", startsAt).param("parties", parties.toArray(String[]::new))
        .param("user", actor.username()).param("org", actor.orgCode())
        .query((rs, n) -> new Ids(rs.getLong(1), rs.getObject(2, UUID.class))).single();
    long id = ids.id();
    UUID publicId = ids.publicId();
    String row = row(id);
    audit.record(actor, "CREATE", "meeting", publicId, null, row);
    return new Created(publicId, publicId.toString(), doc(id, actor));
  }

  /** Locks meeting {@code publicId} for a member of one of its parties (404 otherwise) and checks the writer. */
  Locked lockForWrite(UUID publicId, Actor actor, String field) {
    Locked m = jdbc.sql(MeetingSql.LOCK).param("publicId", publicId).param("org", actor.orgCode())
        .query((rs, n) -> new Locked(rs.getLong("id"), rs.getObject("public_id", UUID.class), rs.getString("state"), rs.getInt("version"),
            orgs(rs.getArray("parties")), rs.getString("minutes"), rs.getString("minutes_sha256"),
            rs.getObject("starts_at", OffsetDateTime.class)))
        .optional().orElseThrow(() -> ApiException.notFound("meeting", publicId));
    ownership.requireMeetingParty(actor, m.parties(), field);
    return m;
  }

  /** The frozen meeting refuses every change of its record: 409 naming {@code state}. */
  static void notFrozen(Locked m) {
    if ("APPROVED".equals(m.state())) {
      throw ApiException.conflict("state", "error.meetings.frozen");
    }
  }

  private static List<Organisation> orgs(Array a) throws SQLException {
    List<Organisation> out = new ArrayList<>();
    for (String s : (String[]) a.getArray()) {
      out.add(Organisation.of(s));
    }
    return out;
  }

  private String row(long id) {
    return jdbc.sql(MeetingSql.ROW_JSON).param("id", id).query(String.class).single();
  }

  private void bounded(long meetingId, String sql, String field, int max) {
    long n = jdbc.sql(sql).param("id", meetingId).query(Long.class).single();
    Limits.check(field, "error.meetings.too-many", max, n + 1);
  }

  private Organisation partyOrg(String value, String field, Locked m) {
    Organisation o = organisations.parse(value, field);
    if (!m.parties().contains(o)) {
      throw ApiException.unprocessable(field, "error.meetings.not-a-party-org", o.code(), codes(m.parties()));
    }
    return o;
  }

  static String codes(List<Organisation> orgs) {
    return String.join(", ", orgs.stream().map(Organisation::code).sorted().toList());
  }

  private Created part(Actor actor, UUID meeting, long meetingId, String table, String entity, String publicId) {
    String json = jdbc.sql(MeetingSql.PART_JSON.formatted(table)).param("publicId", UUID.fromString(publicId))
        .query(String.class).single();
    audit.record(actor, "CREATE", entity, publicId, null, json);
    return new Created(meeting, publicId, doc(meetingId, actor));
  }

  @Transactional
  public Created addAttendee(UUID meeting, MeetingRequest.NewAttendee body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    String name = r.text(body.name(), "name", MeetingRequest.MAX_NAME, true);
    String position = r.text(body.position(), "position", MeetingRequest.MAX_POSITION, false);
    if (body.org() == null || body.org().isBlank()) {
      r.error("org", "error.required");
    }
    r.done();
    Organisation org = partyOrg(body.org(), "org", m);
    bounded(m.id(), MeetingSql.COUNT_ATTENDEES, "attendees", MAX_ATTENDEES);
    String id = jdbc.sql(MeetingSql.INSERT_ATTENDEE).param("id", m.id()).param("org", org.code())
        .param("name", name).param("position", position).query(String.class).single();
    return part(actor, meeting, m.id(), "meeting_attendee", "meeting_attendee", id);
  }

  @Transactional
  public Created addAgendaItem(UUID meeting, MeetingRequest.NewAgendaItem body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    String title = r.text(body.title(), "title", MeetingRequest.MAX_AGENDA_TITLE, true);
    String notes = r.text(body.notes(), "notes", MeetingRequest.MAX_NOTES, false);
    RefKind refKind = null;
    String refId = null;
    if (body.ref() != null) {
      refKind = r.enumValue(body.ref().kind(), "ref.kind", RefKind.class);
      refId = r.text(body.ref().id(), "ref.id", MeetingRequest.MAX_REF_ID, true);
      if (refKind != null && refKind != RefKind.SEGMENT && refId != null) {
        UUID u = r.uuid(refId, "ref.id", true);
        refId = u == null ? null : u.toString();
      }
    }
    r.done();
    if (refKind != null) {
      checkReference(refKind, refId, m.parties());
    }
    bounded(m.id(), MeetingSql.COUNT_AGENDA, "agenda", MAX_AGENDA);
    String id = jdbc.sql(MeetingSql.INSERT_AGENDA).param("id", m.id()).param("title", title).param("notes", notes)
        .param("refKind", refKind == null ? null : refKind.code()).param("refId", refId).query(String.class).single();
    return part(actor, meeting, m.id(), "agenda_item", "agenda_item", id);
  }

  /**
   * An agenda item may name only what every party of the meeting may read (the minutes are theirs together):
   * a segment (joint data), an incident readable by every party through Releasability, a case whose parties
   * include every party, a message between them. Else 422 naming {@code ref.id} (the same for "does not exist"
   * and "some party may not read it", so the answer reveals nothing the caller could not read).
   */
  private void checkReference(RefKind kind, String refId, List<Organisation> parties) {
    boolean ok = switch (kind) {
      case SEGMENT -> jdbc.sql(MeetingSql.SEGMENT_EXISTS).param("ref", refId).query(Long.class).single() == 1;
      case INCIDENT -> parties.stream().allMatch(p -> Releasability.bind(jdbc.sql(MeetingSql.INCIDENT_VISIBLE)
          .param("ref", UUID.fromString(refId)), new Actor("meeting-party", p, Role.VIEWER))
          .query(Long.class).single() == 1);
      case CASE -> covers(jdbc.sql(MeetingSql.CASE_PARTIES).param("ref", UUID.fromString(refId)), parties);
      case MESSAGE -> covers(jdbc.sql(MeetingSql.MESSAGE_PARTIES).param("ref", UUID.fromString(refId)), parties);
    };
    if (!ok) {
      throw ApiException.unprocessable("ref.id", "error.meetings.ref-not-visible", kind.code(), refId,
          codes(parties));
    }
  }

  private static boolean covers(JdbcClient.StatementSpec spec, List<Organisation> parties) {
    List<String> of = spec.query((rs, n) -> List.of((String[]) rs.getArray(1).getArray())).optional().orElse(null);
    return of != null && parties.stream().allMatch(p -> of.contains(p.code()));
  }

  @Transactional
  public Created addDecision(UUID meeting, MeetingRequest.NewDecision body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    String text = r.text(body.text(), "text", MeetingRequest.MAX_DECISION, true);
    UUID agenda = r.uuid(body.agendaItem(), "agendaItem", false);
    r.done();
    Long agendaId = null;
    if (agenda != null) {
      agendaId = jdbc.sql(MeetingSql.AGENDA_ITEM_ID).param("id", m.id()).param("publicId", agenda)
          .query(Long.class).optional()
          .orElseThrow(() -> ApiException.unprocessable("agendaItem", "error.unknown-id", "agenda item", agenda));
    }
    bounded(m.id(), MeetingSql.COUNT_DECISIONS, "decisions", MAX_DECISIONS);
    String id = jdbc.sql(MeetingSql.INSERT_DECISION).param("id", m.id()).param("agendaItem", agendaId)
        .param("text", text).param("user", actor.username()).query(String.class).single();
    return part(actor, meeting, m.id(), "meeting_decision", "meeting_decision", id);
  }

  @Transactional
  public Created addAction(UUID meeting, MeetingRequest.NewAction body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    String text = r.text(body.text(), "text", MeetingRequest.MAX_ACTION, true);
    UUID decision = r.uuid(body.decision(), "decision", false);
    LocalDate due = r.date(body.dueDate(), "dueDate");
    if (body.ownerOrg() == null || body.ownerOrg().isBlank()) {
      r.error("ownerOrg", "error.required");
    }
    r.done();
    Organisation owner = partyOrg(body.ownerOrg(), "ownerOrg", m);
    Long decisionId = null;
    if (decision != null) {
      decisionId = jdbc.sql(MeetingSql.DECISION_ID).param("id", m.id()).param("publicId", decision)
          .query(Long.class).optional()
          .orElseThrow(() -> ApiException.unprocessable("decision", "error.unknown-id", "decision", decision));
    }
    bounded(m.id(), MeetingSql.COUNT_ACTIONS, "actions", MAX_ACTIONS);
    String id = jdbc.sql(MeetingSql.INSERT_ACTION).param("id", m.id()).param("decision", decisionId)
        .param("text", text).param("owner", owner.code()).param("due", due).param("user", actor.username())
        .query(String.class).single();
    return part(actor, meeting, m.id(), "action_item", "action_item", id);
  }

  private static void checkVersion(Integer expected, int current, String what) {
    if (expected != null && expected != current) {
      throw ApiException.conflict("version", "error.stale-version-of", what, expected, current);
    }
  }

  /** PLANNED → HELD, explicitly (the minutes can be signed once a meeting is held). */
  @Transactional
  public String held(UUID meeting, MeetingRequest.Move body, Actor actor) {
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    checkVersion(body == null ? null : body.version(), m.version(), "meeting");
    if (!"PLANNED".equals(m.state())) {
      throw ApiException.conflict("state", "error.meetings.illegal-state", m.state(), "HELD");
    }
    markHeld(m, actor);
    return doc(m.id(), actor);
  }

  private void markHeld(Locked m, Actor actor) {
    String before = row(m.id());
    jdbc.sql(MeetingSql.MARK_HELD).param("id", m.id()).update();
    audit.record(actor, "HELD", "meeting", m.publicId(), before, row(m.id()));
  }

  /** The SHA-256 of the exact text, in lower-case hex: what a signature names. */
  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Replaces the minutes text (only while not APPROVED, at the version the writer saw). A changed text lapses every
   * open signature: it was given for the text that has just been replaced. The same text again changes nothing.
   */
  @Transactional
  public String putMinutes(UUID meeting, MeetingRequest.Minutes body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    if (body.text() == null || body.text().isBlank()) {
      r.error("text", "error.required");
    }
    if (body.version() == null) {
      r.error("version", "error.required");
    }
    r.done();
    if (body.text().length() > MeetingRequest.MAX_MINUTES) {
      throw Limits.over("text", "error.meetings.too-long", MeetingRequest.MAX_MINUTES, body.text().length());
    }
    checkVersion(body.version(), m.version(), "meeting");
    if (body.text().equals(m.minutes())) {
      return doc(m.id(), actor);
    }
    String before = row(m.id());
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(MeetingSql.UPDATE_MINUTES).param("text", body.text()).param("sha", sha256(body.text()))
        .param("id", m.id()).param("version", m.version()).update();
    for (var lapsed : jdbc.sql(MeetingSql.LAPSE_SIGNOFFS).param("id", m.id()).param("at", now)
        .query((rs, n) -> new String[] {rs.getString("id"), rs.getString("json")}).list()) {
      audit.record(actor, "SIGNOFF_LAPSE", "minutes_signoff", lapsed[0], null, lapsed[1]);
    }
    audit.record(actor, "MINUTES", "meeting", m.publicId(), before, row(m.id()));
    return doc(m.id(), actor);
  }

  /**
   * Signs the current minutes for the caller's country. The hash must be the current text's (409 naming
   * {@code sha256} otherwise: nobody signs a text they did not read); one open signature per country; a meeting
   * still PLANNED whose start is past is held by the first signature. When every country party has signed the
   * same hash the meeting is APPROVED and frozen, in the same transaction.
   */
  @Transactional
  public String sign(UUID meeting, MeetingRequest.Signature body, Actor actor) {
    MeetingRequest.bodyPresent(body);
    Locked m = lockForWrite(meeting, actor, "id");
    ownership.requireMinutesSigner(actor, m.parties(), "org");
    notFrozen(m);
    MeetingRequest r = new MeetingRequest();
    String sha = r.sha256(body.sha256(), "sha256");
    r.done();
    if (m.sha() == null || !m.sha().equals(sha)) {
      throw ApiException.conflict("sha256", "error.meetings.sha-mismatch", sha,
          m.sha() == null ? "-" : m.sha());
    }
    OffsetDateTime now = OffsetDateTime.now();
    if ("PLANNED".equals(m.state())) {
      if (m.startsAt().isAfter(now)) {
        throw ApiException.conflict("state", "error.meetings.not-held", m.state());
      }
      markHeld(m, actor);
    }
    Set<String> signed = new LinkedHashSet<>();
    for (String[] o : jdbc.sql(MeetingSql.OPEN_SIGNOFFS).param("id", m.id())
        .query((rs, n) -> new String[] {rs.getString("org_code"), rs.getString("minutes_sha256")}).list()) {
      if (o[0].equals(actor.orgCode())) {
        throw ApiException.conflict("org", "error.meetings.already-signed", o[0]);
      }
      if (o[1].equals(sha)) {
        signed.add(o[0]);
      }
    }
    String[] mine = jdbc.sql(MeetingSql.INSERT_SIGNOFF).param("id", m.id()).param("org", actor.orgCode())
        .param("user", actor.username()).param("at", now).param("sha", sha)
        .query((rs, n) -> new String[] {rs.getString("id"), rs.getString("json")}).single();
    audit.record(actor, "SIGN", "minutes_signoff", mine[0], null, mine[1]);
    signed.add(actor.orgCode());
    List<String> countries = jdbc.sql(MeetingSql.COUNTRY_PARTIES)
        .param("parties", m.parties().stream().map(Organisation::code).toArray(String[]::new))
        .query(String.class).list();
    if (signed.containsAll(countries)) {
      String before = row(m.id());
      jdbc.sql(MeetingSql.APPROVE).param("id", m.id()).param("at", now).update();
      audit.record(actor, "APPROVE", "meeting", m.publicId(), before, row(m.id()));
    }
    return doc(m.id(), actor);
  }

  /** An action item: OPEN → DONE (its owner organisation) or OPEN → CANCELLED (a party); frozen meetings too. */
  @Transactional
  public String finishAction(UUID action, String to, MeetingRequest.Move body, Actor actor) {
    record A(long id, String state, int version, Organisation owner, List<Organisation> parties) {}
    A a = jdbc.sql(MeetingSql.LOCK_ACTION).param("publicId", action).param("org", actor.orgCode())
        .query((rs, n) -> new A(rs.getLong("id"), rs.getString("state"), rs.getInt("version"),
            Organisation.of(rs.getString("owner_org")), orgs(rs.getArray("parties"))))
        .optional().orElseThrow(() -> ApiException.notFound("action item", action));
    if (to.equals("DONE")) {
      ownership.requireActionOwner(actor, a.owner(), "id");
    } else {
      ownership.requireMeetingParty(actor, a.parties(), "id");
    }
    checkVersion(body == null ? null : body.version(), a.version(), "action item");
    if (!"OPEN".equals(a.state())) {
      throw ApiException.conflict("state", "error.meetings.action-state", a.state(), to);
    }
    String sql = MeetingSql.PART_JSON.formatted("action_item");
    String before = jdbc.sql(sql).param("publicId", action).query(String.class).single();
    jdbc.sql(MeetingSql.FINISH_ACTION).param("state", to).param("user", actor.username())
        .param("at", OffsetDateTime.now()).param("id", a.id()).update();
    audit.record(actor, to.equals("DONE") ? "DONE" : "CANCEL", "action_item", action,
        before, jdbc.sql(sql).param("publicId", action).query(String.class).single());
    return jdbc.sql(MeetingSql.ACTION_DOC).param("publicId", action).param("today", today())
        .query(String.class).single();
  }
}
