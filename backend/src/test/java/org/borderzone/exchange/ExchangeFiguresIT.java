package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/exchange/figures} and {@code .csv} (docs/EXCHANGE.md "Exchange figures") over an exchange
 * planted in 1991 (a year nothing else uses) between KH, LA, the third party VN and the joint body, against
 * {@link FiguresOracle}: the same figures computed in Java from the raw rows, for each reader. Messages are planted
 * with known times in whole seconds (so the percentiles are exact), one second before and at the window's ends.
 */
class ExchangeFiguresIT extends IntegrationTest {

  private static final String MARK = "figures-it-1991";
  private static final Map<String, long[]> DEADLINES = Map.of("FLASH", new long[] {900, 7200},
      "IMMEDIATE", new long[] {3600, 28800}, "PRIORITY", new long[] {14400, 86400},
      "ROUTINE", new long[] {86400, 259200});
  private static final LocalDate FROM = LocalDate.of(1991, 1, 1);
  private static final LocalDate TO = LocalDate.of(1992, 1, 1);

  @BeforeEach
  void plant() {
    ensureThirdParty();
    removePlanted();
    // KH → LA: all precedences, on time and late, unacknowledged, acknowledged and never answered
    msg("KH", "LA", "FLASH", "1991-03-03T10:00:00Z", 300L, 3600L, false);
    msg("KH", "LA", "FLASH", "1991-03-09T04:12:30Z", 1200L, 9000L, true);
    msg("KH", "LA", "FLASH", "1991-04-02T23:59:59Z", 600L, null, false);
    msg("KH", "LA", "FLASH", "1991-05-05T08:00:00Z", null, null, false);
    msg("KH", "LA", "IMMEDIATE", "1991-03-10T12:00:00Z", 1800L, 20000L, false);
    msg("KH", "LA", "IMMEDIATE", "1991-06-01T01:00:00Z", 4000L, null, true);
    msg("KH", "LA", "PRIORITY", "1991-06-02T02:00:00Z", 7200L, 50000L, true);
    msg("KH", "LA", "ROUTINE", "1991-07-07T03:00:00Z", 40000L, 100000L, false);
    msg("KH", "LA", "ROUTINE", "1991-07-08T03:00:00Z", 90000L, 300000L, false);
    // LA → KH
    msg("LA", "KH", "FLASH", "1991-03-04T05:00:00Z", 200L, 2000L, true);
    msg("LA", "KH", "FLASH", "1991-03-20T06:00:00Z", 800L, 5000L, false);
    msg("LA", "KH", "FLASH", "1991-08-01T07:00:00Z", 100L, 1500L, false);
    msg("LA", "KH", "PRIORITY", "1991-09-09T08:00:00Z", 10000L, 80000L, false);
    msg("LA", "KH", "PRIORITY", "1991-09-10T09:00:00Z", null, null, false);
    msg("LA", "KH", "ROUTINE", "1991-10-01T10:00:00Z", 50000L, 200000L, true);
    // the third party and the joint body
    msg("KH", "VN", "FLASH", "1991-11-11T11:00:00Z", 500L, 4000L, false);
    msg("LA", "JBC", "ROUTINE", "1991-12-01T12:00:00Z", 20000L, null, false);
    msg("JBC", "LA", "PRIORITY", "1991-12-05T13:00:00Z", null, null, false);
    // just outside the window
    msg("KH", "LA", "FLASH", "1990-12-31T23:59:59Z", 60L, 600L, false);
    msg("KH", "LA", "FLASH", "1992-01-01T00:00:00Z", 60L, 600L, false);

    long i1 = incident("KH");
    long i2 = incident("KH");
    long i3 = incident("KH");
    long i4 = incident("LA");
    long i5 = incident("VN");
    long i6 = incident("LA");
    release(i1, "KH", "LA", "{source}", "1991-03-15T00:00:00Z", null);
    release(i2, "KH", "LA", "{}", "1991-04-15T00:00:00Z", "1991-05-20T00:00:00Z");
    release(i3, "KH", "VN", "{source,reporter}", "1991-06-15T00:00:00Z", null);
    release(i4, "LA", "KH", "{description}", "1991-07-15T00:00:00Z", null);
    release(i5, "VN", "KH", "{}", "1991-08-15T00:00:00Z", null);
    release(i6, "LA", "VN", "{photos}", "1991-09-15T00:00:00Z", null);
    release(i1, "KH", "VN", "{}", "1991-11-30T23:59:59Z", "1992-02-01T00:00:00Z");
    release(i2, "KH", "LA", "{location_detail}", "1990-12-20T00:00:00Z", "1991-01-10T00:00:00Z");

    kase("{KH,LA}", "CLOSED", "1991-02-01T00:00:00Z", "1991-03-01T00:00:00Z", "1991-06-01T00:00:00Z");
    kase("{KH,LA}", "OPEN", "1991-04-01T00:00:00Z", "1991-05-01T00:00:00Z", null);
    kase("{KH,LA}", "PROPOSED", "1991-11-01T00:00:00Z", null, null);
    kase("{LA,VN}", "OPEN", "1991-07-01T00:00:00Z", "1991-08-01T00:00:00Z", null);
    kase("{KH,LA}", "REJECTED", "1991-09-01T00:00:00Z", null, null);
    kase("{KH,LA}", "CLOSED", "1991-12-20T00:00:00Z", "1991-12-31T23:00:00Z", "1992-01-05T00:00:00Z");

    long ma = meeting("{KH,LA}", "1991-03-05T02:00:00Z");
    action(ma, "KH", "OPEN", "1991-04-01", null);
    action(ma, "LA", "DONE", "1991-04-01", "1991-03-20T03:00:00Z");
    action(ma, "LA", "DONE", "1991-04-30", "1991-05-02T03:00:00Z");
    action(ma, "KH", "CANCELLED", "1991-04-30", "1991-04-02T03:00:00Z");
    long mb = meeting("{LA,VN}", "1991-06-05T02:00:00Z");
    action(mb, "VN", "OPEN", "1991-07-01", null);
    long mc = meeting("{KH,LA,VN}", "1991-10-05T02:00:00Z");
    action(mc, "VN", "DONE", "1991-11-01", "1991-10-20T03:00:00Z");
    action(mc, "KH", "OPEN", "2999-01-01", null);
    long md = meeting("{KH,LA}", "1992-01-10T02:00:00Z");
    action(md, "KH", "OPEN", "1992-02-01", null);
  }

  @AfterEach
  void removePlanted() {
    var o = owner();
    o.sql("delete from liaison_message where thread_id in (select id from liaison_thread where subject = :m)")
        .param("m", MARK).update();
    o.sql("delete from liaison_thread where subject = :m").param("m", MARK).update();
    o.sql("delete from incident_release where reason = :m").param("m", MARK).update();
    o.sql("delete from incident where source = :m").param("m", MARK).update();
    o.sql("delete from joint_case where title = :m").param("m", MARK).update();
    o.sql("delete from action_item where text = :m").param("m", MARK).update();
    o.sql("delete from meeting where title = :m").param("m", MARK).update();
  }

  // ------------------------------------------------------------------------------------------------ planting

  private void msg(String from, String to, String precedence, String sent, Long ackAfter, Long answerAfter,
      boolean closed) {
    Instant s = Instant.parse(sent);
    long[] d = DEADLINES.get(precedence);
    long thread = jdbc.sql("insert into liaison_thread (subject, from_org, to_org, created_by, created_at) "
        + "values (:m, :f, :t, 'figures-it', :at) returning id").param("m", MARK).param("f", from).param("t", to)
        .param("at", s.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    Instant ack = ackAfter == null ? null : s.plusSeconds(ackAfter);
    Instant answer = answerAfter == null ? null : s.plusSeconds(answerAfter);
    String state = closed ? "CLOSED" : answer != null ? "ANSWERED" : ack != null ? "ACKNOWLEDGED" : "SENT";
    Instant closedAt = closed ? (answer != null ? answer : ack).plusSeconds(60) : null;
    jdbc.sql("""
        insert into liaison_message (thread_id, kind, precedence, from_org, to_org, body, sent_by, sent_at, ack_due_at,
            due_at, state, acknowledged_by, acknowledged_at, answered_by, answered_at, closed_by, closed_at)
        values (:th, 'ALERT', :p, :f, :t, :m, 'figures-it', :s, :ad, :d, :st, :ab, :aa, :nb, :na, :cb, :ca)
        """).param("th", thread).param("p", precedence).param("f", from).param("t", to).param("m", MARK)
        .param("s", s.atOffset(ZoneOffset.UTC)).param("ad", s.plusSeconds(d[0]).atOffset(ZoneOffset.UTC))
        .param("d", s.plusSeconds(d[1]).atOffset(ZoneOffset.UTC)).param("st", state)
        .param("ab", ack == null ? null : "figures-it").param("aa", ack == null ? null : ack.atOffset(ZoneOffset.UTC))
        .param("nb", answer == null ? null : "figures-it")
        .param("na", answer == null ? null : answer.atOffset(ZoneOffset.UTC))
        .param("cb", closed ? "figures-it" : null).param("ca", closedAt == null ? null : closedAt.atOffset(ZoneOffset.UTC))
        .update();
  }

  private long incident(String owner) {
    return jdbc.sql("""
        insert into incident (occurred_at, geom, type, severity, owner_org, releasability, description, source,
                              created_by)
        values ('1991-03-01T00:00:00Z', st_setsrid(st_makepoint(105.95, 13.93), 4326), 'SMUGGLING', 3, :o,
                'NATIONAL', :m, :m, 'figures-it')
        returning id""").param("o", owner).param("m", MARK).query(Long.class).single();
  }

  private void release(long incident, String from, String to, String withheld, String at, String withdrawn) {
    jdbc.sql("""
        insert into incident_release (incident_id, to_org, withheld, reason, released_by, released_org, released_at,
            withdrawn_by, withdrawn_at)
        values (:i, :t, cast(:w as text[]), :m, 'figures-it', :f, cast(:at as timestamptz), :wb,
                cast(:wa as timestamptz))
        """).param("i", incident).param("t", to).param("w", withheld).param("m", MARK).param("f", from)
        .param("at", at).param("wb", withdrawn == null ? null : "figures-it").param("wa", withdrawn).update();
  }

  private void kase(String parties, String state, String proposed, String opened, String closed) {
    jdbc.sql("""
        insert into joint_case (title, kind, state, parties, proposed_by, proposed_org, proposed_at, opened_at,
            closed_by, closed_at)
        values (:m, 'SAME_EVENT', :s, cast(:p as text[]), 'figures-it', 'KH', cast(:pa as timestamptz),
                cast(:oa as timestamptz), :cb, cast(:ca as timestamptz))
        """).param("m", MARK).param("s", state).param("p", parties).param("pa", proposed).param("oa", opened)
        .param("cb", closed == null ? null : "figures-it").param("ca", closed).update();
  }

  private long meeting(String parties, String starts) {
    return jdbc.sql("""
        insert into meeting (kind, title, starts_at, parties, created_by, created_org)
        values ('SECURITY', :m, cast(:s as timestamptz), cast(:p as text[]), 'figures-it', 'KH') returning id
        """).param("m", MARK).param("s", starts).param("p", parties).query(Long.class).single();
  }

  private void action(long meeting, String owner, String state, String due, String done) {
    jdbc.sql("""
        insert into action_item (meeting_id, text, owner_org, due_date, state, done_by, done_at, created_by)
        values (:mt, :m, :o, cast(:d as date), :s, :db, cast(:da as timestamptz), 'figures-it')
        """).param("mt", meeting).param("m", MARK).param("o", owner).param("d", due).param("s", state)
        .param("db", done == null ? null : "figures-it").param("da", done).update();
  }

  // ------------------------------------------------------------------------------------------------ tests

  @ParameterizedTest(name = "{0} ({1}) gets exactly the figures of the rows of {1}")
  @CsvSource({"kh-planner, KH", "kh-viewer, KH", "la-viewer, LA", "vn-planner, VN", "vn-viewer, VN",
      "commission, JBC"})
  void figuresAgreeWithTheRowsForEachReader(String user, String org) {
    JsonNode a = as(user).get("/api/exchange/figures?year=1991").json();
    assertThat(a.path("org").asString()).isEqualTo(org);
    assertThat(a.path("from").asString()).isEqualTo("1991-01-01");
    assertThat(a.path("to").asString()).isEqualTo("1991-12-31");
    FiguresOracle.check(a, org, FROM, TO, jdbc);
  }

  @Test
  void knownValuesOfThePlantedYear() {
    JsonNode kh = as("kh-planner").get("/api/exchange/figures?from=1991-01&to=1991-12").json();
    // KH sent 9 to LA and 1 to VN, received 6 from LA; the ones outside the window are not counted
    assertThat(kh.path("messages").path("sentTotal").asLong()).isEqualTo(10);
    assertThat(kh.path("messages").path("receivedTotal").asLong()).isEqualTo(6);
    assertThat(FiguresOracle.longs(kh.path("messages").path("sent").path("FLASH")))
        .containsExactly(0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 1, 0);
    JsonNode laFlash = timing(kh.path("acknowledge"), "LA", "FLASH");
    // LA acknowledged KH's FLASH messages after 300, 1200 and 600 s: median 600, p90 at 0.9·2 = 1.8 → 600 + 0.8·600
    assertThat(laFlash.path("n").asLong()).isEqualTo(3);
    assertThat(laFlash.path("medianSeconds").asDouble()).isEqualTo(600.0);
    assertThat(laFlash.path("p90Seconds").asDouble()).isEqualTo(1080.0);
    assertThat(laFlash.path("deadlineSeconds").asLong()).isEqualTo(900);
    assertThat(laFlash.path("onTime").asLong()).isEqualTo(2);
    assertThat(laFlash.path("late").asLong()).isEqualTo(1);
    assertThat(laFlash.path("overdue").asLong()).isEqualTo(1);
    assertThat(laFlash.path("onTimeShare").asDouble()).isEqualTo(0.5);
    JsonNode vn = timing(kh.path("acknowledge"), "VN", null);
    assertThat(vn.path("n").asLong()).isEqualTo(1);
    assertThat(vn.path("medianSeconds").asDouble()).isEqualTo(500.0);
    assertThat(kh.path("cases").path("openedTotal").asLong()).isEqualTo(3);
    assertThat(kh.path("cases").path("openAtEnd").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(kh.path("actions").path("all").path("overdue").asLong()).isEqualTo(1);
  }

  @Test
  void aThirdPartyAndANonPartySeeNoneOfTheKhLaExchange() {
    JsonNode vn = as("vn-planner").get("/api/exchange/figures?year=1991").json();
    assertThat(vn.path("messages").path("sentTotal").asLong()).isZero();
    assertThat(vn.path("messages").path("receivedTotal").asLong()).isEqualTo(1);
    assertThat(FiguresOracle.longs(vn.path("messages").path("received").path("FLASH")))
        .containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    List<String> sides = new ArrayList<>();
    vn.path("acknowledge").forEach(t -> sides.add(t.path("org").asString()));
    assertThat(sides).containsOnly("VN");
    vn.path("releases").path("byParty").forEach(p -> assertThat(List.of(p.path("from").asString(),
        p.path("to").asString())).contains("VN"));
    assertThat(vn.path("cases").path("openedTotal").asLong()).isEqualTo(1); // its own case with LA only
    // the joint body: only what was sent to it or by it
    JsonNode jbc = as("commission").get("/api/exchange/figures?year=1991").json();
    assertThat(jbc.path("messages").path("sentTotal").asLong()).isEqualTo(1);
    assertThat(jbc.path("messages").path("receivedTotal").asLong()).isEqualTo(1);
    assertThat(jbc.path("releases").path("byParty").size()).isZero();
    assertThat(jbc.path("cases").path("openedTotal").asLong()).isZero();
    assertThat(jbc.path("actions").path("byOwner").size()).isZero();
    // KH's message to VN is counted for KH and VN, never for LA
    JsonNode la = as("la-planner").get("/api/exchange/figures?year=1991").json();
    assertThat(la.path("messages").path("received").path("FLASH").get(10).asLong()).isZero();
    la.path("acknowledge").forEach(t -> assertThat(t.path("org").asString()).isNotEqualTo("VN"));
  }

  @Test
  void theCsvIsTheSameAnswerAsTidyRows() throws Exception {
    Response csv = as("kh-planner").get("/api/exchange/figures.csv?year=1991");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv").containsIgnoringCase("charset=UTF-8");
    assertThat(csv.raw().headers().firstValue("Content-Disposition").orElse(""))
        .contains("attachment").contains("exchange-figures-KH-1991-01-01-1991-12-31.csv");
    assertThat(csv.body()).startsWith("figure,month,org,counterpart,precedence,measure,value\r\n");
    Map<String, String> rows = new TreeMap<>();
    try (CsvReader<CsvRecord> r = CsvReader.builder().ofCsvRecord(csv.body())) {
      boolean header = true;
      for (CsvRecord rec : r) {
        assertThat(rec.getFieldCount()).isEqualTo(7);
        if (header) {
          header = false;
          continue;
        }
        String key = String.join("|", rec.getFields().subList(0, 6));
        assertThat(rows.put(key, rec.getField(6))).as("one row per key: %s", key).isNull();
      }
    }
    assertThat(rows).isEqualTo(flatten(as("kh-planner").get("/api/exchange/figures?year=1991").json()));
    // machine-readable in every language
    Response km = as("kh-planner").get("/api/exchange/figures.csv?year=1991&lang=km");
    assertThat(km.body()).isEqualTo(csv.body());
  }

  /** The JSON answer as the CSV's rows should be (written here from docs/EXCHANGE.md, not from the server code). */
  private static Map<String, String> flatten(JsonNode a) {
    Map<String, String> m = new TreeMap<>();
    String org = a.path("org").asString();
    List<String> months = new ArrayList<>();
    a.path("months").forEach(x -> months.add(x.asString()));
    for (String p : FiguresOracle.PRECEDENCES) {
      for (int k = 0; k < months.size(); k++) {
        for (String dir : List.of("sent", "received")) {
          m.put(String.join("|", "messages", months.get(k), org, "", p, dir),
              a.path("messages").path(dir).path(p).get(k).asString());
        }
      }
    }
    for (String fig : List.of("acknowledge", "answer")) {
      for (JsonNode t : a.path(fig)) {
        Map<String, String> measures = new HashMap<>();
        measures.put("deadline_seconds", "deadlineSeconds");
        measures.put("messages", "messages");
        measures.put("n", "n");
        measures.put("median_seconds", "medianSeconds");
        measures.put("p90_seconds", "p90Seconds");
        measures.put("on_time", "onTime");
        measures.put("late", "late");
        measures.put("pending", "pending");
        measures.put("overdue", "overdue");
        measures.put("on_time_share", "onTimeShare");
        measures.forEach((measure, field) -> m.put(String.join("|", fig, "", t.path("org").asString(), "",
            t.path("precedence").asString(""), measure), number(t.path(field))));
      }
    }
    for (JsonNode p : a.path("releases").path("byParty")) {
      String from = p.path("from").asString();
      String to = p.path("to").asString();
      for (int k = 0; k < months.size(); k++) {
        m.put(String.join("|", "releases", months.get(k), from, to, "", "made"), p.path("made").get(k).asString());
        m.put(String.join("|", "releases", months.get(k), from, to, "", "withdrawn"),
            p.path("withdrawn").get(k).asString());
      }
      m.put(String.join("|", "releases", "", from, to, "", "made"), p.path("madeTotal").asString());
      m.put(String.join("|", "releases", "", from, to, "", "partial"), p.path("partialTotal").asString());
      m.put(String.join("|", "releases", "", from, to, "", "withdrawn"), p.path("withdrawnTotal").asString());
      m.put(String.join("|", "releases", "", from, to, "", "open_at_end"), p.path("openAtEnd").asString());
    }
    for (JsonNode w : a.path("releases").path("withheld")) {
      m.put(String.join("|", "withheld", "", w.path("org").asString(), "", "", w.path("field").asString()),
          w.path("count").asString());
    }
    JsonNode c = a.path("cases");
    for (int k = 0; k < months.size(); k++) {
      for (String measure : List.of("proposed", "opened", "closed")) {
        m.put(String.join("|", "cases", months.get(k), org, "", "", measure), c.path(measure).get(k).asString());
      }
    }
    m.put(String.join("|", "cases", "", org, "", "", "open_at_end"), c.path("openAtEnd").asString());
    m.put(String.join("|", "cases", "", org, "", "", "open_now"), c.path("openNow").asString());
    m.put(String.join("|", "cases", "", org, "", "", "proposed_now"), c.path("proposedNow").asString());
    for (JsonNode x : a.path("actions").path("byOwner")) {
      for (String[] f : new String[][] {{"total", "total"}, {"open", "open"}, {"done", "done"},
          {"cancelled", "cancelled"}, {"overdue", "overdue"}, {"done_late", "doneLate"}}) {
        m.put(String.join("|", "actions", "", x.path("org").asString(), "", "", f[0]), x.path(f[1]).asString());
      }
    }
    return m;
  }

  /** A JSON number as the CSV writes it (plain, '.' decimal); absent → empty. */
  private static String number(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) {
      return "";
    }
    if (n.isIntegralNumber()) {
      return n.asString();
    }
    return new java.math.BigDecimal(n.asString()).stripTrailingZeros().toPlainString();
  }

  private static JsonNode timing(JsonNode list, String org, String precedence) {
    for (JsonNode t : list) {
      if (t.path("org").asString().equals(org) && t.path("precedence").asString("").equals(
          precedence == null ? "" : precedence)) {
        return t;
      }
    }
    throw new AssertionError("no timing for " + org + " " + precedence + " in " + list);
  }

  @Test
  void theWindowIsAYearOrFromToBoundedAndDefaultsToTwelveMonths() {
    JsonNode year = as("kh-planner").get("/api/exchange/figures?year=1991").json();
    JsonNode range = as("kh-planner").get("/api/exchange/figures?from=1991-01-01&to=1991-12-31").json();
    assertThat(range.path("messages")).isEqualTo(year.path("messages"));
    assertThat(range.path("acknowledge")).isEqualTo(year.path("acknowledge"));
    JsonNode def = as("kh-planner").get("/api/exchange/figures").json();
    assertThat(def.path("months").size()).isEqualTo(12);
    assertThat(def.path("months").get(11).asString()).isEqualTo(YearMonth.now(ZoneOffset.UTC).toString());
    Response both = as("kh-planner").get("/api/exchange/figures?year=1991&from=1991-01");
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.body()).contains("\"year\"");
    Response bad = as("kh-planner").get("/api/exchange/figures.csv?year=19x1");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).contains("problem+json");
    assertThat(bad.body()).contains("\"year\"");
    Response tooLong = as("kh-planner").get("/api/exchange/figures?from=1980-01&to=1990-01");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.body()).contains("\"from\"").contains("120");
    assertThat(as("kh-planner").get("/api/exchange/figures?from=1981-01&to=1990-12").status()).isEqualTo(200);
    assertThat(as("kh-planner").get("/api/exchange/figures?from=1991-13").status()).isEqualTo(400);
    assertThat(anonymous().get("/api/exchange/figures").status()).isEqualTo(401);
  }

  @Test
  void percentileIsPercentileCont() {
    assertThat(FiguresOracle.percentile(List.of(300.0, 1200.0, 600.0), 0.9)).isEqualTo(1080.0);
    assertThat(FiguresOracle.percentile(List.of(5.0), 0.9)).isEqualTo(5.0);
    assertThat(FiguresOracle.percentile(List.of(1.0, 2.0, 3.0, 4.0), 0.5)).isEqualTo(2.5);
    Double d = jdbc.sql("select percentile_cont(0.9) within group (order by x) from unnest(array[300, 1200, 600]) x")
        .query(Double.class).single();
    assertThat(d).isEqualTo(1080.0);
    assertThat(Duration.ofSeconds(1080).toMinutes()).isEqualTo(18);
  }
}
