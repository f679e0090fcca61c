package org.borderzone.exchange;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.borderzone.i18n.Formats;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.MonthWindow;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The exchange figures of the annual report (issue 12 item 6, docs/EXCHANGE.md "Exchange figures"): messages per
 * month and precedence, how fast each side acknowledges and answers against the deadlines, releases, joint cases
 * and action items, each computed only over what the reader's organisation takes part in (ExchangeFiguresSql
 * binds it into every statement; a reader of no organisation gets zeros). One answer feeds the JSON, the CSV
 * ({@link #rows}) and the panel, so the three cannot disagree.
 */
@Component
class ExchangeFigures {

  /** Default window: the last 12 months up to today. */
  static final int DEFAULT_MONTHS = 12;
  /** Longest window: ten years of months. */
  static final int MAX_MONTHS = 120;
  /** The precedences, most urgent first (V21 liaison_message.precedence). */
  static final List<String> PRECEDENCES = List.of("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE");
  /** The contract's deadlines (docs/EXCHANGE.md), used where borderzone.exchange.deadlines does not say. */
  private static final Map<String, Deadline> DEFAULT_DEADLINES = Map.of(
      "FLASH", new Deadline(Duration.ofMinutes(15).toSeconds(), Duration.ofHours(2).toSeconds()),
      "IMMEDIATE", new Deadline(Duration.ofHours(1).toSeconds(), Duration.ofHours(8).toSeconds()),
      "PRIORITY", new Deadline(Duration.ofHours(4).toSeconds(), Duration.ofHours(24).toSeconds()),
      "ROUTINE", new Deadline(Duration.ofHours(24).toSeconds(), Duration.ofHours(72).toSeconds()));
  private static final Pattern YEAR = Pattern.compile("\\d{4}");

  private final JdbcClient jdbc;
  private final Map<String, Deadline> deadlines;
  private final Clock clock;

  ExchangeFigures(JdbcClient jdbc, Environment env) {
    this.jdbc = jdbc;
    this.deadlines = deadlines(env);
    this.clock = Clock.systemUTC();
  }

  /** A precedence's deadlines in seconds after sent_at: to acknowledge, to answer. */
  record Deadline(long ackSeconds, long answerSeconds) {}

  /** (a) Per precedence, one count per month of the window; sent by the reader's organisation or received by it. */
  record Messages(List<String> precedences, Map<String, long[]> sent, Map<String, long[]> received,
      long[] sentPerMonth, long[] receivedPerMonth, long sentTotal, long receivedTotal) {}

  /**
   * (b) How fast {@code org} (the addressee) acknowledges or answers, for one precedence or (precedence absent)
   * all: {@code messages} addressed to it in the window, {@code n} acknowledged (answered), the median and 90th
   * percentile of the time in seconds (percentile_cont), on time and late, pending (not yet acknowledged; for
   * answers: acknowledged, not answered), overdue now, and on-time share = onTime / (onTime + late + overdue).
   */
  record Timing(String org, String precedence, Long deadlineSeconds, long messages, long n, Double medianSeconds,
      Double p90Seconds, long onTime, long late, long pending, long overdue, Double onTimeShare) {}

  /** (c) One pair releasing organisation → party: per month made and withdrawn, totals, open at the window's end. */
  record ReleasePair(String from, String to, long[] made, long[] withdrawn, long madeTotal, long partialTotal,
      long withdrawnTotal, long openAtEnd) {}

  /** (c) How many releases made in the window by {@code org} withheld {@code field}. */
  record Withheld(String org, String field, long count) {}

  record Releases(long[] made, long[] withdrawn, long madeTotal, long withdrawnTotal, List<ReleasePair> byParty,
      List<Withheld> withheld) {}

  /** (d) Joint cases per month (proposed, opened, closed), open at the window's end, open and proposed now. */
  record Cases(long[] proposed, long[] opened, long[] closed, long proposedTotal, long openedTotal, long closedTotal,
      long openAtEnd, long openNow, long proposedNow) {}

  /** (e) The action items owned by {@code org} (absent: all owners) of the window's meetings, by state now. */
  record ActionCount(String org, long total, long open, long done, long cancelled, long overdue, long doneLate) {}

  record Actions(List<ActionCount> byOwner, ActionCount all) {}

  /** The whole answer: the window (UTC days, both inclusive), its months, the figures. */
  record Figures(String org, String from, String to, List<String> months, Instant asOf,
      Map<String, Deadline> deadlines, Messages messages, List<Timing> acknowledge, List<Timing> answer,
      Releases releases, Cases cases, Actions actions) {}

  /**
   * The window: {@code year} (a whole calendar year) or {@code from}/{@code to} (months or days, both inclusive),
   * not both; by default the last {@value #DEFAULT_MONTHS} months; at most {@value #MAX_MONTHS} months.
   */
  MonthWindow window(String year, String from, String to) {
    if (year != null && !year.isBlank()) {
      String y = year.strip();
      if (!YEAR.matcher(y).matches()) {
        throw ApiException.badField("year", "error.exchange.figures.year", y.length() > 20 ? y.substring(0, 20) : y);
      }
      if ((from != null && !from.isBlank()) || (to != null && !to.isBlank())) {
        throw ApiException.badField("year", "error.exchange.figures.year-or-window");
      }
      return MonthWindow.parse(y + "-01", y + "-12", DEFAULT_MONTHS, MAX_MONTHS, clock);
    }
    return MonthWindow.parse(from, to, DEFAULT_MONTHS, MAX_MONTHS, clock);
  }

  Figures figures(MonthWindow w, Actor reader) {
    String org = reader.orgCode();
    List<String> months = w.months().stream().map(YearMonth::toString).toList();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < months.size(); i++) {
      index.put(months.get(i), i);
    }
    Instant now = clock.instant();
    OffsetDateTime fromTs = w.fromDay().atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime toTs = w.toDay().atStartOfDay().atOffset(ZoneOffset.UTC);
    LocalDate today = LocalDate.now(clock.withZone(Formats.ZONE));
    Params p = new Params(org, fromTs, toTs, OffsetDateTime.ofInstant(now, ZoneOffset.UTC), today);
    return new Figures(org.isEmpty() ? null : org, w.fromDay().toString(), w.lastDay().toString(), months, now,
        deadlines, messages(p, index, months.size()), timings(ExchangeFiguresSql.ACKNOWLEDGE, p, true),
        timings(ExchangeFiguresSql.ANSWER, p, false), releases(p, index, months.size()),
        cases(p, index, months.size()), actions(p));
  }

  private record Params(String org, OffsetDateTime fromTs, OffsetDateTime toTs, OffsetDateTime now, LocalDate today) {}

  private JdbcClient.StatementSpec sql(String text, Params p) {
    return jdbc.sql(text).param("org", p.org()).param("fromTs", p.fromTs()).param("toTs", p.toTs())
        .param("now", p.now()).param("today", p.today());
  }

  private Messages messages(Params p, Map<String, Integer> index, int n) {
    Map<String, long[]> sent = new LinkedHashMap<>();
    Map<String, long[]> received = new LinkedHashMap<>();
    PRECEDENCES.forEach(x -> {
      sent.put(x, new long[n]);
      received.put(x, new long[n]);
    });
    sql(ExchangeFiguresSql.MESSAGES_PER_MONTH, p).query(rs -> {
      Integer k = index.get(rs.getString("month"));
      long[] series = (rs.getBoolean("sent") ? sent : received).get(rs.getString("precedence"));
      if (k != null && series != null) {
        series[k] += rs.getLong("n");
      }
    });
    long[] sentPerMonth = sum(sent, n);
    long[] receivedPerMonth = sum(received, n);
    return new Messages(PRECEDENCES, sent, received, sentPerMonth, receivedPerMonth, total(sentPerMonth),
        total(receivedPerMonth));
  }

  private List<Timing> timings(String text, Params p, boolean ack) {
    List<Timing> out = new ArrayList<>(sql(text, p).query((rs, i) -> {
      String precedence = rs.getString("precedence");
      Deadline d = precedence == null ? null : deadlines.get(precedence);
      long onTime = rs.getLong("on_time");
      long late = rs.getLong("late");
      long overdue = rs.getLong("overdue");
      long decided = onTime + late + overdue;
      return new Timing(rs.getString("org"), precedence,
          d == null ? null : (ack ? d.ackSeconds() : d.answerSeconds()), rs.getLong("messages"), rs.getLong("n"),
          nullableDouble(rs, "median"), nullableDouble(rs, "p90"), onTime, late, rs.getLong("pending"), overdue,
          decided == 0 ? null : onTime / (double) decided);
    }).list());
    out.sort(Comparator.comparing(Timing::org)
        .thenComparing(t -> t.precedence() == null ? -1 : PRECEDENCES.indexOf(t.precedence())));
    return out;
  }

  private Releases releases(Params p, Map<String, Integer> index, int n) {
    Map<String, long[][]> pairs = new TreeMap<>(); // "from|to" → {made, withdrawn, {madeTotal, partial, open}}
    java.util.function.Function<String, long[][]> pair = key -> pairs.computeIfAbsent(key,
        k -> new long[][] {new long[n], new long[n], new long[3]});
    sql(ExchangeFiguresSql.RELEASES_MADE, p).query(rs -> {
      long[][] v = pair.apply(rs.getString("released_org") + "|" + rs.getString("to_org"));
      Integer k = index.get(rs.getString("month"));
      if (k != null) {
        v[0][k] += rs.getLong("n");
      }
      v[2][0] += rs.getLong("n");
      v[2][1] += rs.getLong("partial");
    });
    sql(ExchangeFiguresSql.RELEASES_WITHDRAWN, p).query(rs -> {
      Integer k = index.get(rs.getString("month"));
      if (k != null) {
        pair.apply(rs.getString("released_org") + "|" + rs.getString("to_org"))[1][k] += rs.getLong("n");
      }
    });
    sql(ExchangeFiguresSql.RELEASES_OPEN_AT_END, p).query(rs -> {
      pair.apply(rs.getString("released_org") + "|" + rs.getString("to_org"))[2][2] = rs.getLong("n");
    });
    long[] made = new long[n];
    long[] withdrawn = new long[n];
    List<ReleasePair> byParty = new ArrayList<>();
    for (var e : pairs.entrySet()) {
      String[] ft = e.getKey().split("\\|");
      long[][] v = e.getValue();
      for (int k = 0; k < n; k++) {
        made[k] += v[0][k];
        withdrawn[k] += v[1][k];
      }
      byParty.add(new ReleasePair(ft[0], ft[1], v[0], v[1], v[2][0], v[2][1], total(v[1]), v[2][2]));
    }
    List<Withheld> withheld = sql(ExchangeFiguresSql.RELEASES_WITHHELD, p)
        .query((rs, i) -> new Withheld(rs.getString("released_org"), rs.getString("field"), rs.getLong("n"))).list();
    List<Withheld> sorted = new ArrayList<>(withheld);
    sorted.sort(Comparator.comparing(Withheld::org).thenComparing(Withheld::field));
    return new Releases(made, withdrawn, total(made), total(withdrawn), byParty, sorted);
  }

  private Cases cases(Params p, Map<String, Integer> index, int n) {
    Map<String, long[]> m = new HashMap<>(Map.of("proposed", new long[n], "opened", new long[n], "closed", new long[n]));
    sql(ExchangeFiguresSql.CASES_PER_MONTH, p).query(rs -> {
      Integer k = index.get(rs.getString("month"));
      if (k != null) {
        m.get(rs.getString("measure"))[k] += rs.getLong("n");
      }
    });
    long[] state = sql(ExchangeFiguresSql.CASES_STATE, p).query((rs, i) -> new long[] {rs.getLong("open_at_end"),
        rs.getLong("open_now"), rs.getLong("proposed_now")}).single();
    return new Cases(m.get("proposed"), m.get("opened"), m.get("closed"), total(m.get("proposed")),
        total(m.get("opened")), total(m.get("closed")), state[0], state[1], state[2]);
  }

  private Actions actions(Params p) {
    List<ActionCount> rows = sql(ExchangeFiguresSql.ACTIONS, p).query((rs, i) -> new ActionCount(rs.getString("org"),
        rs.getLong("total"), rs.getLong("open"), rs.getLong("done"), rs.getLong("cancelled"), rs.getLong("overdue"),
        rs.getLong("done_late"))).list();
    long[] all = new long[6];
    for (ActionCount a : rows) {
      all[0] += a.total();
      all[1] += a.open();
      all[2] += a.done();
      all[3] += a.cancelled();
      all[4] += a.overdue();
      all[5] += a.doneLate();
    }
    return new Actions(rows, new ActionCount(null, all[0], all[1], all[2], all[3], all[4], all[5]));
  }

  /**
   * The figures as tidy rows for the CSV (docs/EXCHANGE.md): figure, month (empty: the whole window), org,
   * counterpart, precedence (empty: all), measure, value (empty: none, e.g. the median of nothing).
   */
  static List<String[]> rows(Figures f) {
    List<String[]> out = new ArrayList<>();
    String org = f.org() == null ? "" : f.org();
    Messages m = f.messages();
    for (String p : m.precedences()) {
      for (int k = 0; k < f.months().size(); k++) {
        out.add(row("messages", f.months().get(k), org, "", p, "sent", m.sent().get(p)[k]));
        out.add(row("messages", f.months().get(k), org, "", p, "received", m.received().get(p)[k]));
      }
    }
    timingRows(out, "acknowledge", f.acknowledge());
    timingRows(out, "answer", f.answer());
    for (ReleasePair r : f.releases().byParty()) {
      for (int k = 0; k < f.months().size(); k++) {
        out.add(row("releases", f.months().get(k), r.from(), r.to(), "", "made", r.made()[k]));
        out.add(row("releases", f.months().get(k), r.from(), r.to(), "", "withdrawn", r.withdrawn()[k]));
      }
      out.add(row("releases", "", r.from(), r.to(), "", "made", r.madeTotal()));
      out.add(row("releases", "", r.from(), r.to(), "", "partial", r.partialTotal()));
      out.add(row("releases", "", r.from(), r.to(), "", "withdrawn", r.withdrawnTotal()));
      out.add(row("releases", "", r.from(), r.to(), "", "open_at_end", r.openAtEnd()));
    }
    for (Withheld w : f.releases().withheld()) {
      out.add(row("withheld", "", w.org(), "", "", w.field(), w.count()));
    }
    Cases c = f.cases();
    for (int k = 0; k < f.months().size(); k++) {
      out.add(row("cases", f.months().get(k), org, "", "", "proposed", c.proposed()[k]));
      out.add(row("cases", f.months().get(k), org, "", "", "opened", c.opened()[k]));
      out.add(row("cases", f.months().get(k), org, "", "", "closed", c.closed()[k]));
    }
    out.add(row("cases", "", org, "", "", "open_at_end", c.openAtEnd()));
    out.add(row("cases", "", org, "", "", "open_now", c.openNow()));
    out.add(row("cases", "", org, "", "", "proposed_now", c.proposedNow()));
    for (ActionCount a : f.actions().byOwner()) {
      out.add(row("actions", "", a.org(), "", "", "total", a.total()));
      out.add(row("actions", "", a.org(), "", "", "open", a.open()));
      out.add(row("actions", "", a.org(), "", "", "done", a.done()));
      out.add(row("actions", "", a.org(), "", "", "cancelled", a.cancelled()));
      out.add(row("actions", "", a.org(), "", "", "overdue", a.overdue()));
      out.add(row("actions", "", a.org(), "", "", "done_late", a.doneLate()));
    }
    return out;
  }

  /** The CSV's columns, in order (docs/EXCHANGE.md). */
  static final String[] COLUMNS = {"figure", "month", "org", "counterpart", "precedence", "measure", "value"};

  private static void timingRows(List<String[]> out, String figure, List<Timing> timings) {
    for (Timing t : timings) {
      String p = t.precedence() == null ? "" : t.precedence();
      out.add(row(figure, "", t.org(), "", p, "deadline_seconds", t.deadlineSeconds()));
      out.add(row(figure, "", t.org(), "", p, "messages", t.messages()));
      out.add(row(figure, "", t.org(), "", p, "n", t.n()));
      out.add(row(figure, "", t.org(), "", p, "median_seconds", t.medianSeconds()));
      out.add(row(figure, "", t.org(), "", p, "p90_seconds", t.p90Seconds()));
      out.add(row(figure, "", t.org(), "", p, "on_time", t.onTime()));
      out.add(row(figure, "", t.org(), "", p, "late", t.late()));
      out.add(row(figure, "", t.org(), "", p, "pending", t.pending()));
      out.add(row(figure, "", t.org(), "", p, "overdue", t.overdue()));
      out.add(row(figure, "", t.org(), "", p, "on_time_share", t.onTimeShare()));
    }
  }

  private static String[] row(String figure, String month, String org, String counterpart, String precedence,
      String measure, Number value) {
    return new String[] {figure, month, org, counterpart, precedence, measure, plain(value)};
  }

  /** A number as machine-readable text: '.' decimal, no grouping, no exponent; empty for none. */
  static String plain(Number v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  private static long[] sum(Map<String, long[]> series, int n) {
    long[] out = new long[n];
    series.values().forEach(s -> {
      for (int k = 0; k < n; k++) {
        out[k] += s[k];
      }
    });
    return out;
  }

  private static long total(long[] v) {
    long s = 0;
    for (long x : v) {
      s += x;
    }
    return s;
  }

  /**
   * borderzone.exchange.deadlines.&lt;PRECEDENCE&gt;.ack / .answer (ISO durations, the messages part's setting), else
   * the contract's values.
   */
  private static Map<String, Deadline> deadlines(Environment env) {
    Binder b = Binder.get(env);
    Map<String, Deadline> out = new LinkedHashMap<>();
    for (String p : PRECEDENCES) {
      Deadline d = DEFAULT_DEADLINES.get(p);
      out.put(p, new Deadline(seconds(b, p, "ack", d.ackSeconds()), seconds(b, p, "answer", d.answerSeconds())));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static long seconds(Binder b, String precedence, String which, long fallback) {
    // relaxed binding: a lower-case name also finds FLASH written in upper case
    var v = b.bind("borderzone.exchange.deadlines." + precedence.toLowerCase(Locale.ROOT) + "." + which,
        Duration.class);
    return v.isBound() ? v.get().toSeconds() : fallback;
  }
}
