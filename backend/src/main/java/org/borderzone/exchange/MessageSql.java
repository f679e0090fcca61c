package org.borderzone.exchange;

import org.borderzone.incidents.Releasability;

/**
 * SQL of liaison messages (V21 {@code liaison_*}, V23 events; docs/EXCHANGE.md "Liaison messages"). Every read
 * is limited to the parties: the caller's organisation, bound as {@code :viewerOrg}, is the message's (or the
 * thread's) {@code from_org} or {@code to_org} ({@link #PARTY}); an attached incident is shown only through
 * {@link Releasability#PREDICATE}. The JSON of a message is built here, by PostgreSQL.
 */
final class MessageSql {

  private MessageSql() {}

  /** The read rule of message alias {@code m}: the caller's organisation is a party. */
  static final String PARTY = "(m.from_org = :viewerOrg or m.to_org = :viewerOrg)";

  /** Overdue (the inbox mark) of alias {@code m}: not acknowledged by its ack deadline, or not answered by its due. */
  static final String OVERDUE = "((m.state = 'SENT' and now() > m.ack_due_at)"
      + " or (m.state = 'ACKNOWLEDGED' and now() > m.due_at))";

  /** Unread for the caller ({@code :viewer}): addressed to the caller's organisation and not opened by the caller. */
  static final String UNREAD = "(m.to_org = :viewerOrg and not exists (select 1 from liaison_read r"
      + " where r.message_id = m.id and r.username = :viewer))";

  /**
   * The attachments of message {@code m} as the caller may see them: an incident the caller may not read is
   * {@code {kind: 'incident', hidden: true}}, without its id. With {@code :geo} each visible one carries its
   * geometry (for the map's layer of the open message) and a label.
   */
  private static final String ATTACHMENTS = """
      coalesce((select json_agg(case
          when a.ref_kind = 'incident' and not exists (select 1 from incident i
              where i.public_id = a.ref_id::uuid and %1$s)
            then json_build_object('kind', 'incident', 'hidden', true)
          else json_build_object('kind', a.ref_kind, 'id', a.ref_id,
            'label', case a.ref_kind
              when 'incident' then (select i.type from incident i where i.public_id = a.ref_id::uuid)
              when 'segment' then a.ref_id
              when 'pillar' then (select p.number from pillar p where p.id = a.ref_id::int)
              when 'place' then (select pl.name from place pl where pl.geonameid = a.ref_id::bigint) end,
            'geometry', case when not :geo then null else case a.ref_kind
              when 'incident' then (select st_asgeojson(i.geom, 6)::json from incident i where i.public_id = a.ref_id::uuid)
              when 'segment' then (select st_asgeojson(s.geom, 6)::json from border_segment s where s.code = a.ref_id)
              when 'pillar' then (select st_asgeojson(p.geom, 6)::json from pillar p where p.id = a.ref_id::int)
              when 'place' then (select st_asgeojson(pl.geom, 6)::json from place pl
                                 where pl.geonameid = a.ref_id::bigint) end end)
          end order by a.ref_kind, a.ref_id)
        from liaison_attachment a where a.message_id = m.id), '[]'::json)
      """.formatted(Releasability.PREDICATE);

  /** The fields of message alias {@code m} in thread alias {@code t}, as arguments of json_build_object. */
  private static final String FIELDS = """
      'id', m.public_id, 'thread', json_build_object('id', t.public_id, 'subject', t.subject),
      'inReplyTo', (select r.public_id from liaison_message r where r.id = m.in_reply_to),
      'kind', m.kind, 'precedence', m.precedence, 'from', m.from_org, 'to', m.to_org, 'body', m.body,
      'area', case when m.area is null then null else st_asgeojson(m.area, 7)::json end,
      'sentBy', m.sent_by, 'sentAt', m.sent_at, 'ackDueAt', m.ack_due_at, 'dueAt', m.due_at, 'state', m.state,
      'acknowledgedBy', m.acknowledged_by, 'acknowledgedAt', m.acknowledged_at,
      'answeredBy', m.answered_by, 'answeredAt', m.answered_at,
      'answerId', (select r.public_id from liaison_message r where r.id = m.answer_id),
      'closedBy', m.closed_by, 'closedAt', m.closed_at, 'version', m.version,
      'secondsToAcknowledge', round(extract(epoch from m.acknowledged_at - m.sent_at)::numeric, 3),
      'secondsToAnswer', round(extract(epoch from m.answered_at - m.sent_at)::numeric, 3),
      'unread', %s, 'overdue', %s, 'attachments', %s
      """.formatted(UNREAD, OVERDUE, ATTACHMENTS);

  /** Every state change of message {@code m}, oldest first: who (user and organisation) and when. */
  private static final String HISTORY = """
      coalesce((select json_agg(json_build_object('from', c.from_state, 'to', c.to_state, 'by', c.by_user,
          'org', c.by_org, 'at', c.at) order by c.at, c.id)
        from liaison_state_change c where c.message_id = m.id), '[]'::json)
      """;

  /** One message as the caller sees it (with its history), or nothing for an outsider or an unknown id. */
  static final String ONE = "select json_build_object(" + FIELDS + ", 'history', " + HISTORY + ")::text"
      + " from liaison_message m join liaison_thread t on t.id = m.thread_id where m.public_id = :id and " + PARTY;

  /** Marks message {@code :id} read for the caller when the caller's organisation is its addressee. */
  static final String MARK_READ = """
      insert into liaison_read (message_id, username)
      select m.id, :viewer from liaison_message m where m.public_id = :id and m.to_org = :viewerOrg
      on conflict do nothing
      """;

  /** Marks every message of thread {@code :id} addressed to the caller's organisation read for the caller. */
  static final String MARK_THREAD_READ = """
      insert into liaison_read (message_id, username)
      select m.id, :viewer from liaison_message m join liaison_thread t on t.id = m.thread_id
      where t.public_id = :id and m.to_org = :viewerOrg
      on conflict do nothing
      """;

  /** The box condition of alias {@code m} for {@code :box} (INBOX, SENT, ALL). */
  private static final String IN_BOX = """
      (case cast(:box as text) when 'INBOX' then m.to_org = :viewerOrg when 'SENT' then m.from_org = :viewerOrg
       else (m.from_org = :viewerOrg or m.to_org = :viewerOrg) end)
      """;

  /**
   * One page of a box, newest first, with the number matched and the inbox's counts (unread for the caller,
   * overdue) whatever the filters. {@code :state} null for every state; {@code :overdue} true for overdue only.
   */
  static final String LIST = """
      with matched as (
        select m.* from liaison_message m
        where %1$s
          and (cast(:state as text) is null or m.state = cast(:state as text))
          and (not :overdue or %2$s)
      ), page as (
        select * from matched order by sent_at desc, id desc limit :limit offset :offset
      )
      select json_build_object('box', lower(cast(:box as text)), 'numberMatched', (select count(*) from matched),
        'numberReturned', (select count(*) from page), 'limit', :limit, 'offset', :offset,
        'counts', json_build_object(
          'unread', (select count(*) from liaison_message m where m.to_org = :viewerOrg and %3$s),
          'overdue', (select count(*) from liaison_message m where m.to_org = :viewerOrg and %2$s)),
        'messages', coalesce((select json_agg(json_build_object(%4$s) order by m.sent_at desc, m.id desc)
                              from page m join liaison_thread t on t.id = m.thread_id), '[]'::json))::text
      """.formatted(IN_BOX, OVERDUE, UNREAD, FIELDS);

  /** A thread with its messages in order (each with its state history), or nothing for an outsider. */
  static final String THREAD = """
      select json_build_object('id', t.public_id, 'subject', t.subject, 'from', t.from_org, 'to', t.to_org,
        'createdBy', t.created_by, 'createdAt', t.created_at,
        'messages', coalesce((select json_agg(json_build_object(%s, 'history', %s) order by m.sent_at, m.id)
                              from liaison_message m where m.thread_id = t.id), '[]'::json))::text
      from liaison_thread t where t.public_id = :id and (t.from_org = :viewerOrg or t.to_org = :viewerOrg)
      """.formatted(FIELDS, HISTORY);

  /** A thread the caller's organisation is a party of, for a new message in it. */
  static final String THREAD_FOR_PARTY = """
      select t.id, t.from_org, t.to_org from liaison_thread t
      where t.public_id = :id and (t.from_org = :viewerOrg or t.to_org = :viewerOrg)
      """;

  static final String INSERT_THREAD = """
      insert into liaison_thread (subject, from_org, to_org, created_by) values (:subject, :from, :to, :user)
      returning id
      """;

  /** A new message, SENT now, its deadlines {@code now()} plus the precedence's ({@code sent_at} is now() too). */
  static final String INSERT_MESSAGE = """
      insert into liaison_message (thread_id, in_reply_to, kind, precedence, from_org, to_org, body, area, sent_by,
                                   ack_due_at, due_at)
      values (:thread, :inReplyTo, :kind, :precedence, :from, :to, :body,
              st_multi(st_geomfromtext(cast(:area as text), 4326)), :user,
              now() + make_interval(secs => :ackSeconds), now() + make_interval(secs => :answerSeconds))
      returning id, public_id
      """;

  static final String INSERT_ATTACHMENT = """
      insert into liaison_attachment (message_id, ref_kind, ref_id) values (:message, :kind, :ref)
      """;

  static final String INSERT_STATE_CHANGE = """
      insert into liaison_state_change (message_id, from_state, to_state, by_user, by_org)
      values (:message, cast(:from as text), :to, :user, :org)
      """;

  /** The message row for the audit trail (its area left out: the API shows it). */
  static final String ROW_JSON = "select (to_jsonb(m) - 'area')::text from liaison_message m where m.id = :id";

  /** The message for a state change, locked, when the caller's organisation is a party. */
  static final String LOCK = """
      select m.id, m.public_id, m.thread_id, m.precedence, m.from_org, m.to_org, m.state, m.version
      from liaison_message m where m.public_id = :id and (m.from_org = :viewerOrg or m.to_org = :viewerOrg)
      for update
      """;

  static final String ACKNOWLEDGE = """
      update liaison_message set state = 'ACKNOWLEDGED', acknowledged_by = :user, acknowledged_at = now(),
             version = version + 1
      where id = :id and state = 'SENT'
      """;

  /** ANSWERED by the response {@code :answer}; acknowledged at the same moment when it was still SENT. */
  static final String ANSWER = """
      update liaison_message set state = 'ANSWERED',
             acknowledged_by = coalesce(acknowledged_by, :user), acknowledged_at = coalesce(acknowledged_at, now()),
             answered_by = :user, answered_at = now(), answer_id = :answer, version = version + 1
      where id = :id and state in ('SENT', 'ACKNOWLEDGED')
      """;

  static final String CLOSE = """
      update liaison_message set state = 'CLOSED', closed_by = :user, closed_at = now(), version = version + 1
      where id = :id and state in ('ACKNOWLEDGED', 'ANSWERED')
      """;

  /** Whether the caller may read incident {@code :id} (an attachment). */
  static final String INCIDENT_VISIBLE = "select exists (select 1 from incident i where i.public_id = :id and "
      + Releasability.PREDICATE + ")";

  static final String SEGMENT_EXISTS = "select exists (select 1 from border_segment s where s.code = :id)";

  static final String PILLAR_EXISTS = "select exists (select 1 from pillar p where p.id = :id)";

  static final String PLACE_EXISTS = "select exists (select 1 from place p where p.geonameid = :id)";

  /** The area of a drawn polygon in km² (on the spheroid). */
  static final String AREA_KM2 = "select st_area(st_geomfromtext(:wkt, 4326)::geography) / 1e6";

  /** Which of these messages (public ids) the reader's organisation is a party of (the live events' rule). */
  static final String VISIBLE_IDS = "select m.public_id::text from liaison_message m where m.public_id in (:ids) and "
      + PARTY;
}
