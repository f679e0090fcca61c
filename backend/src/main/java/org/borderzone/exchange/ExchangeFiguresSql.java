package org.borderzone.exchange;

/**
 * SQL of the exchange figures ({@code GET /api/exchange/figures}, docs/EXCHANGE.md "Exchange figures"), over the
 * V21 tables only. Every statement is bounded by the window [:fromTs, :toTs) (UTC days of a
 * {@link org.borderzone.system.MonthWindow}) and by the reader's organisation {@code :org}, so that a figure counts
 * only what the reader's organisation takes part in: a message it sent or was sent, a release it made or was made
 * to it, a case or a meeting it is a party of. Months are UTC months ({@code to_char(... at time zone 'UTC')}),
 * like the other monthly series (docs/CHARTS.md). {@code :now} is the moment of the answer (overdue marks),
 * {@code :today} the day in Indochina Time (action items' due dates are dates of the two countries).
 */
final class ExchangeFiguresSql {

  private ExchangeFiguresSql() {}

  /** What concerns the reader: a message from or to its organisation. */
  private static final String MESSAGE_SCOPE = """
      m.sent_at >= :fromTs and m.sent_at < :toTs and (m.from_org = :org or m.to_org = :org)""";

  /** (a) Messages per UTC month, precedence and direction (sent = from the reader's organisation). */
  static final String MESSAGES_PER_MONTH = """
      select to_char(m.sent_at at time zone 'UTC', 'YYYY-MM') as month, m.precedence,
             (m.from_org = :org) as sent, count(*) as n
      from liaison_message m
      where\s""" + MESSAGE_SCOPE + """

      group by 1, 2, 3
      """;

  /**
   * (b) Time to acknowledge per addressee (the side that acknowledges), per precedence and over all precedences
   * (precedence null): percentile_cont over acknowledged_at − sent_at in seconds (nulls, i.e. not yet
   * acknowledged, are not in the ordered set), on time = acknowledged_at <= ack_due_at, overdue = still SENT
   * after ack_due_at.
   */
  static final String ACKNOWLEDGE = """
      select m.to_org as org, case when grouping(m.precedence) = 1 then null else m.precedence end as precedence,
             count(*) as messages,
             count(m.acknowledged_at) as n,
             percentile_cont(0.5) within group (order by extract(epoch from m.acknowledged_at - m.sent_at)) as median,
             percentile_cont(0.9) within group (order by extract(epoch from m.acknowledged_at - m.sent_at)) as p90,
             count(*) filter (where m.acknowledged_at <= m.ack_due_at) as on_time,
             count(*) filter (where m.acknowledged_at > m.ack_due_at) as late,
             count(*) filter (where m.state = 'SENT') as pending,
             count(*) filter (where m.state = 'SENT' and m.ack_due_at < :now) as overdue
      from liaison_message m
      where\s""" + MESSAGE_SCOPE + """

      group by grouping sets ((m.to_org, m.precedence), (m.to_org))
      """;

  /**
   * (b) Time to answer per addressee: answered_at − sent_at against due_at; pending = acknowledged but not answered
   * (state ACKNOWLEDGED), overdue = ACKNOWLEDGED after due_at (with the acknowledgement's overdue these are the
   * inbox's overdue marks).
   */
  static final String ANSWER = """
      select m.to_org as org, case when grouping(m.precedence) = 1 then null else m.precedence end as precedence,
             count(*) as messages,
             count(m.answered_at) as n,
             percentile_cont(0.5) within group (order by extract(epoch from m.answered_at - m.sent_at)) as median,
             percentile_cont(0.9) within group (order by extract(epoch from m.answered_at - m.sent_at)) as p90,
             count(*) filter (where m.answered_at <= m.due_at) as on_time,
             count(*) filter (where m.answered_at > m.due_at) as late,
             count(*) filter (where m.state = 'ACKNOWLEDGED') as pending,
             count(*) filter (where m.state = 'ACKNOWLEDGED' and m.due_at < :now) as overdue
      from liaison_message m
      where\s""" + MESSAGE_SCOPE + """

      group by grouping sets ((m.to_org, m.precedence), (m.to_org))
      """;

  /** What concerns the reader: a release it made or that was made to it. */
  private static final String RELEASE_SCOPE = "(r.released_org = :org or r.to_org = :org)";

  /** (c) Releases made per UTC month and pair (releasing organisation → party), and how many withheld a field. */
  static final String RELEASES_MADE = """
      select to_char(r.released_at at time zone 'UTC', 'YYYY-MM') as month, r.released_org, r.to_org,
             count(*) as n, count(*) filter (where cardinality(r.withheld) > 0) as partial
      from incident_release r
      where r.released_at >= :fromTs and r.released_at < :toTs and\s""" + RELEASE_SCOPE + """

      group by 1, 2, 3
      """;

  /** (c) Releases withdrawn per UTC month of the withdrawal and pair. */
  static final String RELEASES_WITHDRAWN = """
      select to_char(r.withdrawn_at at time zone 'UTC', 'YYYY-MM') as month, r.released_org, r.to_org, count(*) as n
      from incident_release r
      where r.withdrawn_at >= :fromTs and r.withdrawn_at < :toTs and\s""" + RELEASE_SCOPE + """

      group by 1, 2, 3
      """;

  /** (c) Releases open (made and not withdrawn) at the end of the window, per pair. */
  static final String RELEASES_OPEN_AT_END = """
      select r.released_org, r.to_org, count(*) as n
      from incident_release r
      where r.released_at < :toTs and (r.withdrawn_at is null or r.withdrawn_at >= :toTs) and\s""" + RELEASE_SCOPE + """

      group by 1, 2
      """;

  /** (c) Withheld fields of the releases made in the window, per releasing organisation and field. */
  static final String RELEASES_WITHHELD = """
      select r.released_org, w.field, count(*) as n
      from incident_release r cross join lateral unnest(r.withheld) as w(field)
      where r.released_at >= :fromTs and r.released_at < :toTs and\s""" + RELEASE_SCOPE + """

      group by 1, 2
      """;

  /** (d) Joint cases of the reader's organisation: proposed, opened and closed per UTC month. */
  static final String CASES_PER_MONTH = """
      select 'proposed' as measure, to_char(c.proposed_at at time zone 'UTC', 'YYYY-MM') as month, count(*) as n
      from joint_case c
      where :org = any (c.parties) and c.proposed_at >= :fromTs and c.proposed_at < :toTs
      group by 2
      union all
      select 'opened', to_char(c.opened_at at time zone 'UTC', 'YYYY-MM'), count(*)
      from joint_case c
      where :org = any (c.parties) and c.opened_at >= :fromTs and c.opened_at < :toTs
      group by 2
      union all
      select 'closed', to_char(c.closed_at at time zone 'UTC', 'YYYY-MM'), count(*)
      from joint_case c
      where :org = any (c.parties) and c.closed_at >= :fromTs and c.closed_at < :toTs
      group by 2
      """;

  /**
   * (d) Joint cases open at the end of the window (opened before it ends, not closed by then), and open and
   * awaiting confirmation now (state OPEN, PROPOSED).
   */
  static final String CASES_STATE = """
      select count(*) filter (where c.opened_at < :toTs and (c.closed_at is null or c.closed_at >= :toTs)) as open_at_end,
             count(*) filter (where c.state = 'OPEN') as open_now,
             count(*) filter (where c.state = 'PROPOSED') as proposed_now
      from joint_case c
      where :org = any (c.parties)
      """;

  /**
   * (e) Action items of the meetings of the window (starts_at in it) that the reader's organisation is a party
   * of, per owner organisation, by their state now; overdue = OPEN and due before today.
   */
  static final String ACTIONS = """
      select a.owner_org as org,
             count(*) as total,
             count(*) filter (where a.state = 'OPEN') as open,
             count(*) filter (where a.state = 'DONE') as done,
             count(*) filter (where a.state = 'CANCELLED') as cancelled,
             count(*) filter (where a.state = 'OPEN' and a.due_date < :today) as overdue,
             count(*) filter (where a.state = 'DONE' and (a.done_at at time zone 'Asia/Phnom_Penh')::date > a.due_date)
               as done_late
      from action_item a join meeting mt on mt.id = a.meeting_id
      where :org = any (mt.parties) and mt.starts_at >= :fromTs and mt.starts_at < :toTs
      group by a.owner_org
      order by a.owner_org
      """;
}
