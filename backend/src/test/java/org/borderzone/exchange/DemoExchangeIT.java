package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The demo exchange ({@link DemoExchange}, seeded on the first boot of the demo profile) follows the state rules of
 * V21 and of docs/EXCHANGE.md, and its figures from the endpoint agree with the rows for both planners. Only the
 * demo year (December 2025 to November 2026) is read, which other tests do not write into (they send at now()).
 */
class DemoExchangeIT extends IntegrationTest {

  private static final String YEAR = "from=2025-12&to=2026-11";
  private static final String IN_YEAR = "sent_at >= '2025-12-01T00:00:00Z' and sent_at < '2026-12-01T00:00:00Z'";

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  @Test
  void messagesMoveThroughTheirStatesWithARowForEveryMove() {
    long messages = count("select count(*) from liaison_message where " + IN_YEAR);
    assertThat(messages).isBetween(110L, 140L);
    assertThat(jdbc.sql("select distinct precedence from liaison_message where " + IN_YEAR).query(String.class).list())
        .containsExactlyInAnyOrder("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE");
    // one state change per move, the first SENT by the sender at sent_at, the last the message's state
    assertThat(count("""
        select count(*) from liaison_message m
        where\s""" + IN_YEAR + """
         and (select count(*) from liaison_state_change c where c.message_id = m.id)
             <> 1 + (m.acknowledged_at is not null)::int + (m.answered_at is not null)::int + (m.closed_at is not null)::int
        """)).isZero();
    assertThat(count("""
        select count(*) from liaison_message m
        where\s""" + IN_YEAR + """
         and not exists (select 1 from liaison_state_change c where c.message_id = m.id and c.from_state is null
                         and c.to_state = 'SENT' and c.by_user = m.sent_by and c.by_org = m.from_org and c.at = m.sent_at)
        """)).isZero();
    assertThat(count("""
        select count(*) from liaison_message m
        where\s""" + IN_YEAR + """
         and m.state <> (select c.to_state from liaison_state_change c where c.message_id = m.id
                         order by c.at desc, c.id desc limit 1)
        """)).isZero();
    // the addressee acknowledges and answers; an answer is the RESPONSE that replies to it, in the same thread
    assertThat(count("""
        select count(*) from liaison_message m
        where\s""" + IN_YEAR + """
         and exists (select 1 from liaison_state_change c where c.message_id = m.id
                     and c.to_state in ('ACKNOWLEDGED', 'ANSWERED') and c.by_org <> m.to_org)
        """)).isZero();
    long answered = count("select count(*) from liaison_message where answer_id is not null and " + IN_YEAR);
    assertThat(answered).isGreaterThan(30);
    assertThat(count("""
        select count(*) from liaison_message m join liaison_message r on r.id = m.answer_id
        where r.kind = 'RESPONSE' and r.in_reply_to = m.id and r.thread_id = m.thread_id and r.from_org = m.to_org
          and r.to_org = m.from_org and r.sent_at = m.answered_at and m.answered_at is not null
          and m.sent_at >= '2025-12-01T00:00:00Z' and m.sent_at < '2026-12-01T00:00:00Z'
        """)).isEqualTo(answered);
    // deadlines from the precedence
    assertThat(count("""
        select count(*) from liaison_message where\s""" + IN_YEAR + """
         and (ack_due_at - sent_at, due_at - sent_at) not in
             ((interval '15 minutes', interval '2 hours'), (interval '1 hour', interval '8 hours'),
              (interval '4 hours', interval '24 hours'), (interval '24 hours', interval '72 hours'))
        """)).isZero();
    // a few overdue now (the inbox's rule): three unacknowledged, two acknowledged and never answered
    assertThat(count("select count(*) from liaison_message where " + IN_YEAR
        + " and ((state = 'SENT' and now() > ack_due_at) or (state = 'ACKNOWLEDGED' and now() > due_at))")).isEqualTo(5);
    assertThat(count("select count(*) from liaison_message where " + IN_YEAR + " and acknowledged_at > ack_due_at"))
        .isPositive();
  }

  @Test
  void releasesCasesAndMeetingsAreConsistent() {
    assertThat(count("select count(*) from incident_release r join incident i on i.id = r.incident_id "
        + "where i.releasability = 'NATIONAL' and r.released_org = i.owner_org and r.to_org <> i.owner_org "
        + "and r.released_at >= '2025-12-01' and r.released_at < '2026-12-01'")).isEqualTo(15);
    assertThat(count("select count(*) from incident_release where withdrawn_at is not null "
        + "and released_at >= '2025-12-01' and released_at < '2026-12-01'")).isEqualTo(2);
    assertThat(count("select count(*) from incident_release where cardinality(withheld) > 0 "
        + "and released_at >= '2025-12-01' and released_at < '2026-12-01'")).isPositive();
    // joint cases: a KH and an LA SHARED incident within 5 km and 72 h; confirmed by both once open
    Map<String, Long> states = new java.util.TreeMap<>();
    jdbc.sql("select state, count(*) as n from joint_case where proposed_at >= '2025-12-01' "
        + "and proposed_at < '2026-12-01' group by state").query(rs -> {
          states.put(rs.getString("state"), rs.getLong("n"));
        });
    assertThat(states).isEqualTo(Map.of("OPEN", 4L, "CLOSED", 1L, "PROPOSED", 1L));
    assertThat(count("""
        select count(*) from joint_case c
        where c.proposed_at >= '2025-12-01' and c.proposed_at < '2026-12-01' and not exists (
          select 1 from joint_case_incident x join incident a on a.id = x.incident_id
          join joint_case_incident y on y.case_id = x.case_id join incident b on b.id = y.incident_id
          where x.case_id = c.id and a.owner_org = 'KH' and b.owner_org = 'LA' and a.releasability = 'SHARED'
            and b.releasability = 'SHARED' and st_dwithin(a.geom::geography, b.geom::geography, 5000)
            and abs(extract(epoch from a.occurred_at - b.occurred_at)) <= 72 * 3600)
        """)).isZero();
    assertThat(count("""
        select count(*) from joint_case c
        where c.proposed_at >= '2025-12-01' and c.proposed_at < '2026-12-01'
          and (select count(*) from joint_case_confirmation f where f.case_id = c.id and f.decision = 'CONFIRMED')
              <> case when c.state = 'PROPOSED' then 1 else 2 end
        """)).isZero();
    // meetings: one approved (both country parties signed the SHA-256 of the minutes, frozen), one held, one planned
    List<Map<String, Object>> meetings = jdbc.sql("select id, state, minutes, minutes_sha256, frozen_at from meeting "
        + "where starts_at >= '2026-01-01' and starts_at < '2027-02-01' and created_by like '%commission'"
        + " and created_at < '2026-12-01' order by starts_at") // the demo's, not a meeting another test made today
        .query().listOfRows();
    assertThat(meetings).extracting(m -> m.get("state")).containsExactly("APPROVED", "HELD", "PLANNED");
    Map<String, Object> approved = meetings.get(0);
    assertThat(approved.get("minutes_sha256")).isEqualTo(DemoExchange.sha256((String) approved.get("minutes")));
    assertThat(approved.get("frozen_at")).isNotNull();
    assertThat(jdbc.sql("select org_code from minutes_signoff where meeting_id = :m and minutes_sha256 = :h "
        + "and lapsed_at is null").param("m", approved.get("id")).param("h", approved.get("minutes_sha256"))
        .query(String.class).list()).containsExactlyInAnyOrder("KH", "LA");
    List<Object> ids = meetings.stream().map(m -> m.get("id")).toList();
    assertThat(count("select count(*) from meeting_attendee where meeting_id in (" + ids.get(0) + ", " + ids.get(1) + ")"))
        .isGreaterThanOrEqualTo(8);
    List<Map<String, Object>> actions = jdbc.sql("select state, due_date from action_item where meeting_id in ("
        + ids.get(0) + ", " + ids.get(1) + ", " + ids.get(2) + ")").query().listOfRows();
    assertThat(actions).hasSize(10);
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Phnom_Penh"));
    long overdue = actions.stream().filter(a -> a.get("state").equals("OPEN")
        && ((java.sql.Date) a.get("due_date")).toLocalDate().isBefore(today)).count();
    assertThat(overdue).isBetween(2L, 6L);
  }

  @ParameterizedTest(name = "the demo figures of {0} agree with the rows")
  @CsvSource({"kh-planner, KH", "la-planner, LA"})
  void demoFiguresAgreeWithTheRows(String user, String org) {
    JsonNode a = as(user).get("/api/exchange/figures?" + YEAR).json();
    FiguresOracle.check(a, org, LocalDate.of(2025, 12, 1), LocalDate.of(2026, 12, 1), jdbc);
    StringBuilder s = new StringBuilder("DEMO FIGURES " + org + ": messages sent " + a.path("messages").path("sentTotal")
        + ", received " + a.path("messages").path("receivedTotal") + ";");
    for (JsonNode t : a.path("acknowledge")) {
      if (!t.has("precedence")) {
        s.append(" ack by ").append(t.path("org").asString()).append(": n ").append(t.path("n"))
            .append(" median ").append(t.path("medianSeconds")).append(" s p90 ").append(t.path("p90Seconds"))
            .append(" s on time ").append(t.path("onTimeShare")).append(" overdue ").append(t.path("overdue")).append(';');
      }
    }
    for (JsonNode t : a.path("answer")) {
      if (!t.has("precedence")) {
        s.append(" answer by ").append(t.path("org").asString()).append(": n ").append(t.path("n"))
            .append(" median ").append(t.path("medianSeconds")).append(" s p90 ").append(t.path("p90Seconds"))
            .append(" s on time ").append(t.path("onTimeShare")).append(" overdue ").append(t.path("overdue")).append(';');
      }
    }
    s.append(" releases made ").append(a.path("releases").path("madeTotal")).append(" withdrawn ")
        .append(a.path("releases").path("withdrawnTotal")).append("; cases opened ")
        .append(a.path("cases").path("openedTotal")).append(" closed ").append(a.path("cases").path("closedTotal"))
        .append(" open now ").append(a.path("cases").path("openNow")).append("; actions ")
        .append(a.path("actions").path("all"));
    System.out.println(s);
    assertThat(a.path("messages").path("sentTotal").asLong() + a.path("messages").path("receivedTotal").asLong())
        .isGreaterThan(80);
  }
}
