package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The exchange figures computed again in Java from the raw rows of the V21 tables (read with plain selects, no
 * aggregate in SQL), with the definitions of docs/EXCHANGE.md: the endpoint must agree with this for every reader.
 * The percentile is percentile_cont's definition (linear interpolation at p·(n−1) of the sorted values).
 */
final class FiguresOracle {

  private FiguresOracle() {}

  static final List<String> PRECEDENCES = List.of("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE");

  record Message(String from, String to, String precedence, Instant sent, Instant ackDue, Instant due, String state,
      Instant ack, Instant answer) {}

  record Release(String from, String to, Set<String> withheld, Instant released, Instant withdrawn) {}

  record Case(Set<String> parties, String state, Instant proposed, Instant opened, Instant closed) {}

  record Action(Set<String> parties, Instant meetingStarts, String owner, String state, LocalDate due, Instant done) {}

  /** percentile_cont(p) of the values. */
  static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double pos = p * (v.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return v[lo] + (pos - lo) * (v[hi] - v[lo]);
  }

  private static Instant at(java.sql.ResultSet rs, String c) throws java.sql.SQLException {
    OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Set<String> set(java.sql.Array a) throws java.sql.SQLException {
    return Set.of((String[]) a.getArray());
  }

  static List<Message> messages(JdbcClient jdbc) {
    return jdbc.sql("select * from liaison_message").query((rs, n) -> new Message(rs.getString("from_org"),
        rs.getString("to_org"), rs.getString("precedence"), at(rs, "sent_at"), at(rs, "ack_due_at"),
        at(rs, "due_at"), rs.getString("state"), at(rs, "acknowledged_at"), at(rs, "answered_at"))).list();
  }

  static List<Release> releases(JdbcClient jdbc) {
    return jdbc.sql("select * from incident_release").query((rs, n) -> new Release(rs.getString("released_org"),
        rs.getString("to_org"), set(rs.getArray("withheld")), at(rs, "released_at"), at(rs, "withdrawn_at"))).list();
  }

  static List<Case> cases(JdbcClient jdbc) {
    return jdbc.sql("select * from joint_case").query((rs, n) -> new Case(set(rs.getArray("parties")),
        rs.getString("state"), at(rs, "proposed_at"), at(rs, "opened_at"), at(rs, "closed_at"))).list();
  }

  static List<Action> actions(JdbcClient jdbc) {
    return jdbc.sql("select m.parties, m.starts_at, a.owner_org, a.state, a.due_date, a.done_at "
        + "from action_item a join meeting m on m.id = a.meeting_id").query((rs, n) -> new Action(
            set(rs.getArray("parties")), at(rs, "starts_at"), rs.getString("owner_org"), rs.getString("state"),
            rs.getObject("due_date", LocalDate.class), at(rs, "done_at"))).list();
  }

  /** Checks the answer {@code a} (for reader {@code org}, window [from, to) of UTC days) against the rows. */
  static void check(JsonNode a, String org, LocalDate fromDay, LocalDate toDay, JdbcClient jdbc) {
    Instant from = fromDay.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant to = toDay.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant now = Instant.parse(a.path("asOf").asString());
    List<String> months = new ArrayList<>();
    for (YearMonth m = YearMonth.from(fromDay); !m.isAfter(YearMonth.from(toDay.minusDays(1))); m = m.plusMonths(1)) {
      months.add(m.toString());
    }
    List<String> gotMonths = new ArrayList<>();
    a.path("months").forEach(x -> gotMonths.add(x.asString()));
    assertThat(gotMonths).isEqualTo(months);
    // (a) messages
    List<Message> mine = messages(jdbc).stream().filter(m -> !m.sent().isBefore(from) && m.sent().isBefore(to)
        && (m.from().equals(org) || m.to().equals(org))).toList();
    for (String p : PRECEDENCES) {
      long[] sent = new long[months.size()];
      long[] received = new long[months.size()];
      for (Message m : mine) {
        if (m.precedence().equals(p)) {
          int k = months.indexOf(month(m.sent()));
          (m.from().equals(org) ? sent : received)[k]++;
        }
      }
      assertThat(longs(a.path("messages").path("sent").path(p))).as("sent %s by %s", p, org).isEqualTo(sent);
      assertThat(longs(a.path("messages").path("received").path(p))).as("received %s by %s", p, org)
          .isEqualTo(received);
    }
    assertThat(a.path("messages").path("sentTotal").asLong()).isEqualTo(mine.stream().filter(m -> m.from().equals(org)).count());
    assertThat(a.path("messages").path("receivedTotal").asLong()).isEqualTo(mine.stream().filter(m -> m.to().equals(org)).count());
    // (b) timings, per addressee and precedence (null = all)
    checkTimings(a.path("acknowledge"), mine, now, true);
    checkTimings(a.path("answer"), mine, now, false);
    // (c) releases
    List<Release> rel = releases(jdbc).stream().filter(r -> r.from().equals(org) || r.to().equals(org)).toList();
    Map<String, long[]> made = new TreeMap<>();
    Map<String, long[]> withdrawn = new TreeMap<>();
    Map<String, long[]> totals = new TreeMap<>(); // made, partial, withdrawn, open at end
    for (Release r : rel) {
      String key = r.from() + "|" + r.to();
      boolean inMade = !r.released().isBefore(from) && r.released().isBefore(to);
      boolean inWithdrawn = r.withdrawn() != null && !r.withdrawn().isBefore(from) && r.withdrawn().isBefore(to);
      boolean openAtEnd = r.released().isBefore(to) && (r.withdrawn() == null || !r.withdrawn().isBefore(to));
      if (!inMade && !inWithdrawn && !openAtEnd) {
        continue;
      }
      made.computeIfAbsent(key, k -> new long[months.size()]);
      withdrawn.computeIfAbsent(key, k -> new long[months.size()]);
      long[] t = totals.computeIfAbsent(key, k -> new long[4]);
      if (inMade) {
        made.get(key)[months.indexOf(month(r.released()))]++;
        t[0]++;
        t[1] += r.withheld().isEmpty() ? 0 : 1;
      }
      if (inWithdrawn) {
        withdrawn.get(key)[months.indexOf(month(r.withdrawn()))]++;
        t[2]++;
      }
      t[3] += openAtEnd ? 1 : 0;
    }
    JsonNode byParty = a.path("releases").path("byParty");
    assertThat(byParty.size()).as("release pairs of %s", org).isEqualTo(totals.size());
    int i = 0;
    for (var e : totals.entrySet()) {
      JsonNode p = byParty.get(i++);
      assertThat(p.path("from").asString() + "|" + p.path("to").asString()).isEqualTo(e.getKey());
      assertThat(longs(p.path("made"))).isEqualTo(made.get(e.getKey()));
      assertThat(longs(p.path("withdrawn"))).isEqualTo(withdrawn.get(e.getKey()));
      assertThat(new long[] {p.path("madeTotal").asLong(), p.path("partialTotal").asLong(),
          p.path("withdrawnTotal").asLong(), p.path("openAtEnd").asLong()}).as(e.getKey()).isEqualTo(e.getValue());
    }
    Map<String, Long> withheld = new TreeMap<>();
    rel.stream().filter(r -> !r.released().isBefore(from) && r.released().isBefore(to))
        .forEach(r -> r.withheld().forEach(f -> withheld.merge(r.from() + "|" + f, 1L, Long::sum)));
    Map<String, Long> gotWithheld = new TreeMap<>();
    a.path("releases").path("withheld").forEach(w -> gotWithheld.put(w.path("org").asString() + "|"
        + w.path("field").asString(), w.path("count").asLong()));
    assertThat(gotWithheld).isEqualTo(withheld);
    // (d) cases
    List<Case> cs = cases(jdbc).stream().filter(c -> c.parties().contains(org)).toList();
    long[][] perMonth = new long[3][months.size()];
    for (Case c : cs) {
      Instant[] ts = {c.proposed(), c.opened(), c.closed()};
      for (int k = 0; k < 3; k++) {
        if (ts[k] != null && !ts[k].isBefore(from) && ts[k].isBefore(to)) {
          perMonth[k][months.indexOf(month(ts[k]))]++;
        }
      }
    }
    JsonNode c = a.path("cases");
    assertThat(longs(c.path("proposed"))).isEqualTo(perMonth[0]);
    assertThat(longs(c.path("opened"))).isEqualTo(perMonth[1]);
    assertThat(longs(c.path("closed"))).isEqualTo(perMonth[2]);
    assertThat(c.path("openAtEnd").asLong()).isEqualTo(cs.stream().filter(x -> x.opened() != null
        && x.opened().isBefore(to) && (x.closed() == null || !x.closed().isBefore(to))).count());
    assertThat(c.path("openNow").asLong()).isEqualTo(cs.stream().filter(x -> x.state().equals("OPEN")).count());
    assertThat(c.path("proposedNow").asLong()).isEqualTo(cs.stream().filter(x -> x.state().equals("PROPOSED")).count());
    // (e) action items of the window's meetings, per owner
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Phnom_Penh"));
    Map<String, long[]> act = new TreeMap<>();
    for (Action x : actions(jdbc)) {
      if (!x.parties().contains(org) || x.meetingStarts().isBefore(from) || !x.meetingStarts().isBefore(to)) {
        continue;
      }
      long[] v = act.computeIfAbsent(x.owner(), k -> new long[6]);
      v[0]++;
      v[1] += x.state().equals("OPEN") ? 1 : 0;
      v[2] += x.state().equals("DONE") ? 1 : 0;
      v[3] += x.state().equals("CANCELLED") ? 1 : 0;
      v[4] += x.state().equals("OPEN") && x.due().isBefore(today) ? 1 : 0;
      v[5] += x.state().equals("DONE")
          && LocalDate.ofInstant(x.done(), ZoneId.of("Asia/Phnom_Penh")).isAfter(x.due()) ? 1 : 0;
    }
    Map<String, long[]> gotActions = new TreeMap<>();
    a.path("actions").path("byOwner").forEach(x -> gotActions.put(x.path("org").asString(), new long[] {
        x.path("total").asLong(), x.path("open").asLong(), x.path("done").asLong(), x.path("cancelled").asLong(),
        x.path("overdue").asLong(), x.path("doneLate").asLong()}));
    assertThat(gotActions.keySet()).isEqualTo(act.keySet());
    act.forEach((k, v) -> assertThat(gotActions.get(k)).as("actions of %s for %s", k, org).isEqualTo(v));
  }

  private static void checkTimings(JsonNode got, List<Message> mine, Instant now, boolean ack) {
    Map<String, List<Message>> groups = new TreeMap<>();
    for (Message m : mine) {
      groups.computeIfAbsent(m.to() + "|", k -> new ArrayList<>()).add(m);
      groups.computeIfAbsent(m.to() + "|" + m.precedence(), k -> new ArrayList<>()).add(m);
    }
    Map<String, JsonNode> byKey = new HashMap<>();
    got.forEach(t -> byKey.put(t.path("org").asString() + "|" + t.path("precedence").asString(""), t));
    assertThat(byKey.keySet()).as(ack ? "acknowledge groups" : "answer groups").isEqualTo(groups.keySet());
    for (var e : groups.entrySet()) {
      JsonNode t = byKey.get(e.getKey());
      List<Double> times = new ArrayList<>();
      long onTime = 0;
      long late = 0;
      long pending = 0;
      long overdue = 0;
      for (Message m : e.getValue()) {
        Instant done = ack ? m.ack() : m.answer();
        Instant deadline = ack ? m.ackDue() : m.due();
        if (done != null) {
          times.add((done.toEpochMilli() - m.sent().toEpochMilli()) / 1000.0);
          if (done.isAfter(deadline)) {
            late++;
          } else {
            onTime++;
          }
        }
        String waiting = ack ? "SENT" : "ACKNOWLEDGED";
        if (m.state().equals(waiting)) {
          pending++;
          overdue += deadline.isBefore(now) ? 1 : 0;
        }
      }
      String what = (ack ? "acknowledge " : "answer ") + e.getKey();
      assertThat(t.path("messages").asLong()).as(what).isEqualTo(e.getValue().size());
      assertThat(t.path("n").asLong()).as(what).isEqualTo(times.size());
      Double median = percentile(times, 0.5);
      Double p90 = percentile(times, 0.9);
      if (median == null) {
        assertThat(t.has("medianSeconds")).as(what).isFalse();
      } else {
        assertThat(t.path("medianSeconds").asDouble()).as(what + " median").isCloseTo(median, within(1e-6));
        assertThat(t.path("p90Seconds").asDouble()).as(what + " p90").isCloseTo(p90, within(1e-6));
      }
      assertThat(new long[] {t.path("onTime").asLong(), t.path("late").asLong(), t.path("pending").asLong(),
          t.path("overdue").asLong()}).as(what).isEqualTo(new long[] {onTime, late, pending, overdue});
      long decided = onTime + late + overdue;
      if (decided == 0) {
        assertThat(t.has("onTimeShare")).as(what).isFalse();
      } else {
        assertThat(t.path("onTimeShare").asDouble()).as(what).isCloseTo(onTime / (double) decided, within(1e-12));
      }
    }
  }

  static String month(Instant t) {
    return YearMonth.from(t.atOffset(ZoneOffset.UTC)).toString();
  }

  static long[] longs(JsonNode array) {
    long[] out = new long[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asLong();
    }
    return out;
  }

  static String show(long[] v) {
    return Arrays.toString(v);
  }
}
