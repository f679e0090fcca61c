package org.borderzone.exchange;

/** SQL of the demo exchange ({@link DemoExchange}): plain inserts over the V21 tables, and the demo incidents it uses. */
final class DemoExchangeSql {

  private DemoExchangeSql() {}

  /** Whether any exchange data is there already (then the demo seeds nothing). */
  static final String ANY_EXCHANGE = """
      select exists (select 1 from liaison_thread) or exists (select 1 from incident_release)
          or exists (select 1 from joint_case) or exists (select 1 from meeting)
      """;

  /** The demo year's incidents of :orgs with releasability :rel, oldest first, with their nearest segment. */
  static final String INCIDENTS = """
      select i.id, i.public_id, i.owner_org, i.type, i.severity, i.occurred_at, s.code as segment
      from incident i left join border_segment s on s.id = i.nearest_segment_id
      where i.releasability = :rel and i.owner_org in (:orgs) and i.occurred_at >= :fromTs and i.occurred_at < :toTs
      order by i.occurred_at, i.id
      """;

  /**
   * Pairs of SHARED incidents of :org and :other of one type, within 5 km and 72 h of each other, in the demo
   * year (the joint cases' candidates, as the cases part suggests them), oldest first.
   */
  static final String CASE_PAIRS = """
      select a.id as a_id, a.public_id as a_public, a.occurred_at as a_at, b.id as b_id, b.public_id as b_public,
             b.occurred_at as b_at, a.type, s.code as segment,
             st_distance(a.geom::geography, b.geom::geography) as metres
      from incident a
      cross join lateral (
        select b.id, b.public_id, b.occurred_at, b.geom from incident b
        where b.owner_org = :other and b.releasability = 'SHARED' and b.type = a.type
          and b.occurred_at between a.occurred_at - interval '72 hours' and a.occurred_at + interval '72 hours'
          and st_dwithin(a.geom::geography, b.geom::geography, 5000)
        order by b.occurred_at, b.id
        limit 1) b
      left join border_segment s on s.id = a.nearest_segment_id
      where a.owner_org = :org and a.releasability = 'SHARED' and a.occurred_at >= :fromTs and a.occurred_at < :toTs
        and a.type in ('DRUG_TRAFFICKING', 'HUMAN_TRAFFICKING', 'SMUGGLING', 'WILDLIFE_TRAFFICKING', 'ILLEGAL_LOGGING')
      order by a.occurred_at, a.id
      limit 400
      """;

  /** The first two FLASH messages that open a thread (the approved meeting's agenda refers to one). */
  static final String FIRST_FLASH = """
      select public_id from liaison_message where precedence = 'FLASH' and in_reply_to is null
      order by sent_at, id limit 2
      """;

  static final String INSERT_THREAD = """
      insert into liaison_thread (subject, from_org, to_org, created_by, created_at)
      values (:subject, :fromOrg, :toOrg, :by, :at)
      returning id
      """;

  static final String INSERT_MESSAGE = """
      insert into liaison_message (thread_id, in_reply_to, kind, precedence, from_org, to_org, body, sent_by, sent_at,
          ack_due_at, due_at, state, acknowledged_by, acknowledged_at, answered_by, answered_at, closed_by, closed_at,
          version)
      values (:thread, :inReplyTo, :kind, :precedence, :fromOrg, :toOrg, :body, :sentBy, :sentAt, :ackDue, :due,
          :state, :ackBy, :ackAt, :answerBy, :answerAt, :closedBy, :closedAt, :version)
      returning id, public_id
      """;

  static final String SET_ANSWER = "update liaison_message set answer_id = :answer where id = :id";

  static final String INSERT_ATTACHMENT = """
      insert into liaison_attachment (message_id, ref_kind, ref_id) values (:message, :kind, :ref)
      """;

  static final String INSERT_STATE_CHANGE = """
      insert into liaison_state_change (message_id, from_state, to_state, by_user, by_org, at)
      values (:message, :fromState, :toState, :by, :org, :at)
      """;

  static final String INSERT_READ = """
      insert into liaison_read (message_id, username, read_at) values (:message, :user, :at)
      on conflict do nothing
      """;

  static final String INSERT_RELEASE = """
      insert into incident_release (incident_id, to_org, withheld, reason, released_by, released_org, released_at,
          withdrawn_by, withdrawn_at, withdrawn_reason)
      values (:incident, :toOrg, cast(:withheld as text[]), :reason, :by, :org, :at, :withdrawnBy, :withdrawnAt,
          :withdrawnReason)
      """;

  static final String INSERT_CASE = """
      insert into joint_case (title, kind, state, parties, proposed_by, proposed_org, proposed_at, opened_at,
          closed_by, closed_at, closed_reason, version)
      values (:title, :kind, :state, cast(:parties as text[]), :by, :org, :at, :openedAt, :closedBy, :closedAt,
          :closedReason, :version)
      returning id, public_id
      """;

  static final String INSERT_CASE_INCIDENT = """
      insert into joint_case_incident (case_id, incident_id, added_by, added_org, added_at)
      values (:case, :incident, :by, :org, :at)
      """;

  static final String INSERT_CONFIRMATION = """
      insert into joint_case_confirmation (case_id, org_code, decision, by_user, at, note)
      values (:case, :org, 'CONFIRMED', :by, :at, :note)
      """;

  static final String INSERT_MEETING = """
      insert into meeting (kind, title, place, starts_at, parties, state, minutes, minutes_sha256, frozen_at,
          created_by, created_org, created_at, version)
      values (:kind, :title, :place, :startsAt, cast(:parties as text[]), :state, :minutes, :sha, :frozenAt, :by,
          :org, :at, :version)
      returning id, public_id
      """;

  static final String INSERT_ATTENDEE = """
      insert into meeting_attendee (meeting_id, org_code, name, position) values (:meeting, :org, :name, :position)
      """;

  static final String INSERT_AGENDA = """
      insert into agenda_item (meeting_id, position, title, notes, ref_kind, ref_id)
      values (:meeting, :position, :title, :notes, :refKind, :refId)
      returning id
      """;

  static final String INSERT_DECISION = """
      insert into meeting_decision (meeting_id, agenda_item_id, text, created_by, created_at)
      values (:meeting, :agenda, :text, :by, :at)
      returning id
      """;

  static final String INSERT_ACTION = """
      insert into action_item (meeting_id, decision_id, text, owner_org, due_date, state, done_by, done_at,
          created_by, created_at, version)
      values (:meeting, :decision, :text, :owner, :due, :state, :doneBy, :doneAt, :by, :at, :version)
      """;

  static final String INSERT_SIGNOFF = """
      insert into minutes_signoff (meeting_id, org_code, signed_by, signed_at, minutes_sha256)
      values (:meeting, :org, :by, :at, :sha)
      """;

  /** The demo's approved meeting becomes APPROVED and frozen after its parts and signatures are in. */
  static final String FREEZE_MEETING = """
      update meeting set state = 'APPROVED', frozen_at = :frozenAt where id = :id
      """;
}
