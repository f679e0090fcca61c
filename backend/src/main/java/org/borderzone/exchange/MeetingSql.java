package org.borderzone.exchange;

import org.borderzone.incidents.Releasability;

/**
 * SQL of the meetings (tables {@code meeting}, {@code meeting_attendee}, {@code agenda_item},
 * {@code meeting_decision}, {@code action_item}, {@code minutes_signoff} of V21, public ids and the freeze of V25).
 * A meeting is read by the members of its parties only: every read takes {@code :org} (the reader's organisation)
 * and finds nothing for anybody else, so an outsider's id is a 404.
 */
final class MeetingSql {

  private MeetingSql() {}

  /** The reader's organisation is a party of meeting alias {@code m}. */
  static final String PARTY = ":org = any(m.parties)";

  /** Overdue: OPEN and due before {@code :today} (the border's calendar day, Formats.ZONE). */
  static final String OVERDUE = "(a.state = 'OPEN' and a.due_date < :today)";

  static final String INSERT = """
      insert into meeting (kind, title, place, starts_at, parties, created_by, created_org)
      values (:kind, :title, :place, :startsAt, cast(:parties as text[]), :user, :org)
      returning id, public_id
      """;

  /** The meeting row by public id for a party member, locked for a write. */
  static final String LOCK = """
      select m.id, m.public_id, m.state, m.version, m.parties, m.minutes, m.minutes_sha256, m.starts_at
      from meeting m where m.public_id = :publicId and """ + " " + PARTY + " for update";

  /** A meeting's row as JSON, for the audit trail ({@code parties} decides who reads the event). */
  static final String ROW_JSON = """
      select (to_jsonb(m) - 'id')::text from meeting m where m.id = :id
      """;

  /** The id of a meeting by public id for a party member (no lock: reads). */
  static final String FIND = "select m.id from meeting m where m.public_id = :publicId and " + PARTY;

  static final String COUNT_ATTENDEES = "select count(*) from meeting_attendee where meeting_id = :id";
  static final String COUNT_AGENDA = "select count(*) from agenda_item where meeting_id = :id";
  static final String COUNT_DECISIONS = "select count(*) from meeting_decision where meeting_id = :id";
  static final String COUNT_ACTIONS = "select count(*) from action_item where meeting_id = :id";

  static final String INSERT_ATTENDEE = """
      insert into meeting_attendee (meeting_id, org_code, name, position) values (:id, :org, :name, :position)
      returning public_id::text
      """;

  static final String INSERT_AGENDA = """
      insert into agenda_item (meeting_id, position, title, notes, ref_kind, ref_id)
      values (:id, (select coalesce(max(position), 0) + 1 from agenda_item where meeting_id = :id), :title, :notes,
              :refKind, :refId)
      returning public_id::text
      """;

  static final String AGENDA_ITEM_ID = """
      select id from agenda_item where meeting_id = :id and public_id = :publicId
      """;

  static final String INSERT_DECISION = """
      insert into meeting_decision (meeting_id, agenda_item_id, text, created_by) values (:id, :agendaItem, :text, :user)
      returning public_id::text
      """;

  static final String DECISION_ID = """
      select id from meeting_decision where meeting_id = :id and public_id = :publicId
      """;

  static final String INSERT_ACTION = """
      insert into action_item (meeting_id, decision_id, text, owner_org, due_date, created_by)
      values (:id, :decision, :text, :owner, :due, :user)
      returning public_id::text
      """;

  /** A part's row as JSON with its meeting's parties and public id, for the audit trail. */
  static final String PART_JSON = """
      select (to_jsonb(x) - 'id' - 'meeting_id' || jsonb_build_object('meeting', m.public_id, 'parties', m.parties))::text
      from %s x join meeting m on m.id = x.meeting_id where x.public_id = :publicId
      """;

  static final String MARK_HELD = """
      update meeting set state = 'HELD', version = version + 1 where id = :id and state = 'PLANNED'
      """;

  static final String UPDATE_MINUTES = """
      update meeting set minutes = :text, minutes_sha256 = :sha, version = version + 1
      where id = :id and version = :version and state <> 'APPROVED'
      """;

  static final String APPROVE = """
      update meeting set state = 'APPROVED', frozen_at = :at, version = version + 1 where id = :id and state = 'HELD'
      """;

  // ---------------------------------------------------------------- the sign-off (design of segment_signoff)

  private static final String SIGNOFF_JSON = """
      returning id, org_code,
        (to_jsonb(minutes_signoff) - 'id' - 'meeting_id'
         || jsonb_build_object('meeting', (select m.public_id from meeting m where m.id = meeting_id),
                               'parties', (select m.parties from meeting m where m.id = meeting_id)))::text as json
      """;

  static final String OPEN_SIGNOFFS = """
      select id, org_code, minutes_sha256 from minutes_signoff where meeting_id = :id and lapsed_at is null
      """;

  static final String INSERT_SIGNOFF = """
      insert into minutes_signoff (meeting_id, org_code, signed_by, signed_at, minutes_sha256)
      values (:id, :org, :user, :at, :sha)
      """ + SIGNOFF_JSON;

  /** Signatures given for a text that has just changed: they lapse (kept as history). */
  static final String LAPSE_SIGNOFFS = """
      update minutes_signoff set lapsed_at = :at where meeting_id = :id and lapsed_at is null
      """ + SIGNOFF_JSON;

  // ---------------------------------------------------------------- action items

  /** An action item for a party member of its meeting, locked. */
  static final String LOCK_ACTION = """
      select a.id, a.state, a.version, a.owner_org, m.parties
      from action_item a join meeting m on m.id = a.meeting_id
      where a.public_id = :publicId and """ + " " + PARTY + " for update of a";

  static final String FINISH_ACTION = """
      update action_item set state = :state, done_by = :user, done_at = :at, version = version + 1
      where id = :id and state = 'OPEN'
      """;

  /** One action item as JSON (the API's shape); {@code :today} for overdue. */
  private static final String ACTION_OBJECT = """
      json_build_object('id', a.public_id, 'meeting', m.public_id, 'meetingTitle', m.title,
        'decision', (select d.public_id from meeting_decision d where d.id = a.decision_id),
        'text', a.text, 'ownerOrg', a.owner_org, 'dueDate', a.due_date, 'state', a.state,
        'overdue', """ + " " + OVERDUE + """
      , 'doneBy', a.done_by, 'doneAt', a.done_at, 'createdBy', a.created_by, 'createdAt', a.created_at,
        'version', a.version)
      """;

  static final String ACTION_DOC = "select " + ACTION_OBJECT
      + " from action_item a join meeting m on m.id = a.meeting_id where a.public_id = :publicId";

  /** The action items of the reader's meetings, filtered, soonest due first. */
  static final String ACTIONS = "select coalesce(json_agg(x.j order by x.due, x.id), '[]')::text from ("
      + " select " + ACTION_OBJECT + " as j, a.due_date as due, a.id from action_item a"
      + " join meeting m on m.id = a.meeting_id where " + PARTY + """
       and (cast(:owner as text) is null or a.owner_org = :owner)
       and (cast(:state as text) is null or a.state = :state)
       and (not :overdueOnly or """ + " " + OVERDUE + ")"
      + " order by a.due_date, a.id limit :limit) x";

  // ---------------------------------------------------------------- reads

  /** The reader's meetings: upcoming (starts_at >= now) or past, paged. */
  static final String LIST = """
      select coalesce(json_agg(x.j order by x.ord), '[]')::text from (
        select json_build_object('id', m.public_id, 'kind', m.kind, 'title', m.title, 'place', m.place,
                 'startsAt', m.starts_at, 'parties', m.parties, 'state', m.state, 'frozenAt', m.frozen_at,
                 'openActions', (select count(*) from action_item a where a.meeting_id = m.id and a.state = 'OPEN'),
                 'overdueActions', (select count(*) from action_item a where a.meeting_id = m.id and """ + " " + OVERDUE + """
      ), 'version', m.version) as j,
               row_number() over (order by case when cast(:upcoming as boolean) then m.starts_at end asc,
                                           m.starts_at desc, m.id desc) as ord
        from meeting m
        where """ + " " + PARTY + """
          and (cast(:upcoming as boolean) is null or (m.starts_at >= now()) = :upcoming)
        order by ord limit :limit offset :offset) x
      """;

  /**
   * The name of agenda item {@code g}'s reference as the reader ({@code :viewerOrg}) may read it, null when it may
   * not: a segment's code, an incident's type and day (Releasability), a case's title (its parties), a message's
   * thread subject (its sender and addressee).
   */
  static final String REF_NAME = """
      case g.ref_kind
        when 'segment' then (select s.code from border_segment s where s.code = g.ref_id)
        when 'incident' then (select i.type || ' ' || to_char(i.occurred_at at time zone 'Asia/Phnom_Penh', 'YYYY-MM-DD')
                              from incident i where i.public_id::text = g.ref_id and """ + " " + Releasability.PREDICATE + """
      )
        when 'case' then (select c.title from joint_case c where c.public_id::text = g.ref_id and :viewerOrg = any(c.parties))
        when 'message' then (select t.subject from liaison_message lm join liaison_thread t on t.id = lm.thread_id
                             where lm.public_id::text = g.ref_id and :viewerOrg in (lm.from_org, lm.to_org))
      end as name
      """;

  /**
   * The whole meeting for a party member: attendees, agenda (each reference named when the reader may read it;
   * an incident through Releasability), decisions, action items (overdue by {@code :today}), minutes and every
   * signature, lapsed ones included.
   */
  static final String DOC = """
      select json_build_object(
        'id', m.public_id, 'kind', m.kind, 'title', m.title, 'place', m.place, 'startsAt', m.starts_at,
        'parties', m.parties, 'state', m.state, 'minutes', m.minutes, 'minutesSha256', m.minutes_sha256,
        'frozenAt', m.frozen_at, 'createdBy', m.created_by, 'createdOrg', m.created_org, 'createdAt', m.created_at,
        'version', m.version,
        'signers', (select coalesce(json_agg(o.code order by o.code), '[]') from organisation o
                    where o.code = any(m.parties) and o.kind = 'COUNTRY'),
        'attendees', (select coalesce(json_agg(json_build_object('id', t.public_id, 'org', t.org_code, 'name', t.name,
                        'position', t.position) order by t.org_code, t.id), '[]')
                      from meeting_attendee t where t.meeting_id = m.id),
        'agenda', (select coalesce(json_agg(json_build_object('id', g.public_id, 'position', g.position,
                     'title', g.title, 'notes', g.notes,
                     'ref', case when g.ref_kind is null then null
                                 when r.name is null then json_build_object('kind', g.ref_kind, 'hidden', true)
                                 else json_build_object('kind', g.ref_kind, 'id', g.ref_id, 'name', r.name) end)
                     order by g.position), '[]')
                   from agenda_item g
                   left join lateral (""" + "select " + REF_NAME + """
      ) r on true
                   where g.meeting_id = m.id),
        'decisions', (select coalesce(json_agg(json_build_object('id', d.public_id,
                        'agendaItem', (select g.public_id from agenda_item g where g.id = d.agenda_item_id),
                        'text', d.text, 'createdBy', d.created_by, 'createdAt', d.created_at) order by d.id), '[]')
                      from meeting_decision d where d.meeting_id = m.id),
        'actions', (select coalesce(json_agg(""" + ACTION_OBJECT + """
      order by a.due_date, a.id), '[]') from action_item a where a.meeting_id = m.id),
        'signatures', (select coalesce(json_agg(json_build_object('org', s.org_code, 'signedBy', s.signed_by,
                         'signedAt', s.signed_at, 'sha256', s.minutes_sha256, 'lapsedAt', s.lapsed_at) order by s.id),
                         '[]')
                       from minutes_signoff s where s.meeting_id = m.id)
      )::text
      from meeting m where m.id = :id
      """;

  // ---------------------------------------------------------------- references (checked for every party)

  static final String SEGMENT_EXISTS = "select count(*) from border_segment s where s.code = :ref";

  /** The incident is readable by {@code :viewerOrg} (one party at a time, Releasability). */
  static final String INCIDENT_VISIBLE = "select count(*) from incident i where i.public_id = :ref and "
      + Releasability.PREDICATE;

  /** The parties of a case, null when there is none. */
  static final String CASE_PARTIES = "select c.parties from joint_case c where c.public_id = :ref";

  /** The sender and addressee of a message. */
  static final String MESSAGE_PARTIES = "select array[lm.from_org, lm.to_org] from liaison_message lm where lm.public_id = :ref";

  // ---------------------------------------------------------------- the PDF

  /** The country parties of a meeting (the signers). */
  static final String COUNTRY_PARTIES = """
      select o.code from organisation o where o.code = any(cast(:parties as text[])) and o.kind = 'COUNTRY' order by o.code
      """;

  /** Names of the organisations, for the PDF. */
  static final String ORG_NAMES = "select code, name from organisation";

  // ---------------------------------------------------------------- live events

  /** Which of these meetings the reader's organisation is a party of, as {@code meeting:<id>}. */
  static final String VISIBLE_MEETINGS = "select 'meeting:' || m.public_id from meeting m where m.public_id in (:ids)"
      + " and " + PARTY;

  /** Which of these action items belong to a meeting the reader's organisation is a party of. */
  static final String VISIBLE_ACTIONS = "select 'action:' || a.public_id from action_item a"
      + " join meeting m on m.id = a.meeting_id where a.public_id in (:ids) and " + PARTY;
}
