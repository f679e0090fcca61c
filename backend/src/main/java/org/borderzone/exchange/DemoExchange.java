package org.borderzone.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The demo exchange (demo profile, once, into empty exchange tables, after the demo incidents): a year of
 * <b>synthetic</b> exchange between KH and LA (and a little with the joint body), 1 December 2025 to 30 November
 * 2026, deterministic (fixed seed), inserted directly over the V21 tables and consistent with their state rules:
 * 72 messages with the addressee's acknowledgement (times drawn around a share of the precedence's
 * deadline, a few late), most alerts and requests answered by a RESPONSE in the same thread (in_reply_to and
 * answer_id set) and closed, five left overdue; a liaison_state_change row for every move; 15 releases of
 * NATIONAL incidents (fields withheld, 2 withdrawn); 6 joint cases pairing a KH and an LA SHARED incident of one
 * type within 5 km and 72 h (4 OPEN, 1 CLOSED, 1 PROPOSED); 3 meetings (APPROVED with both signatures over the
 * minutes' SHA-256 and frozen, HELD with a draft, PLANNED) with attendees, agenda, decisions and 10 action items,
 * 3 of them overdue in December 2026. docs/EXCHANGE.md gives its figures.
 */
@Component
@Profile("demo")
public class DemoExchange {

  private static final Logger log = LoggerFactory.getLogger(DemoExchange.class);

  static final OffsetDateTime FIRST = OffsetDateTime.of(2025, 12, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime END = OffsetDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final int ORIGINALS = 72;
  private static final String KH = "KH";
  private static final String LA = "LA";
  private static final String JBC = "JBC";
  private static final Map<String, String> PLANNER = Map.of(KH, "kh-planner", LA, "la-planner", JBC, "commission");
  private static final Map<String, String> COMMISSION = Map.of(KH, "kh-commission", LA, "la-commission",
      JBC, "commission");
  /** The contract's deadlines (docs/EXCHANGE.md): ack, answer. */
  private static final Map<String, Duration[]> DEADLINES = Map.of(
      "FLASH", new Duration[] {Duration.ofMinutes(15), Duration.ofHours(2)},
      "IMMEDIATE", new Duration[] {Duration.ofHours(1), Duration.ofHours(8)},
      "PRIORITY", new Duration[] {Duration.ofHours(4), Duration.ofHours(24)},
      "ROUTINE", new Duration[] {Duration.ofHours(24), Duration.ofHours(72)});

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditLog audit;
  private final long seed;

  DemoExchange(JdbcClient jdbc, TransactionTemplate tx, AuditLog audit,
      @Value("${borderzone.demo.seed:20230213}") long seed) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.seed = seed;
  }

  /** One demo incident. */
  record Inc(long id, UUID publicId, String owner, String type, int severity, OffsetDateTime at, String segment) {}

  /** Seeds the exchange unless there is exchange data already or there are no demo incidents. */
  public void seed() {
    if (jdbc.sql(DemoExchangeSql.ANY_EXCHANGE).query(Boolean.class).single()) {
      return;
    }
    List<Inc> shared = incidents("SHARED");
    List<Inc> national = incidents("NATIONAL");
    if (shared.size() < ORIGINALS || national.size() < 30) {
      return;
    }
    long t0 = System.nanoTime();
    int[] counts = tx.execute(s -> {
      Random rnd = new Random(seed ^ 0x5EED_12L);
      int messages = messages(shared, rnd);
      int releases = releases(national, rnd);
      List<UUID> cases = cases(rnd);
      List<UUID> firstMessages = jdbc.sql(DemoExchangeSql.FIRST_FLASH).query(UUID.class).list();
      int actions = meetings(cases, firstMessages, shared);
      ObjectNode after = JsonNodeFactory.instance.objectNode().put("source", "DEMO (synthetic)").put("seed", seed)
          .put("messages", messages).put("releases", releases).put("cases", cases.size()).put("meetings", 3)
          .put("actionItems", actions);
      after.putArray("parties").add(KH).add(LA).add(JBC);
      audit.record(Actor.SYSTEM, "SEED", ExchangeDemoAuditVisibility.ENTITY, null, null, after.toString());
      return new int[] {messages, releases, cases.size(), actions};
    });
    log.info("Seeded the demo exchange ({} messages, {} releases, {} joint cases, 3 meetings, {} action items) in {} ms",
        counts[0], counts[1], counts[2], counts[3], (System.nanoTime() - t0) / 1_000_000);
  }

  private List<Inc> incidents(String releasability) {
    return jdbc.sql(DemoExchangeSql.INCIDENTS).param("rel", releasability).param("orgs", List.of(KH, LA))
        .param("fromTs", FIRST).param("toTs", END)
        .query((rs, n) -> new Inc(rs.getLong("id"), rs.getObject("public_id", UUID.class), rs.getString("owner_org"),
            rs.getString("type"), rs.getInt("severity"), rs.getObject("occurred_at", OffsetDateTime.class),
            rs.getString("segment")))
        .list();
  }

  // ------------------------------------------------------------------------------------------------ messages

  private static String other(String org) {
    return KH.equals(org) ? LA : KH;
  }

  /** A duration around {@code share} of {@code d} (log-normal, spread sigma), at least a minute, whole seconds. */
  private static Duration around(Duration d, double share, double sigma, Random rnd) {
    double s = d.toSeconds() * share * Math.exp(rnd.nextGaussian() * sigma);
    return Duration.ofSeconds(Math.max(60, Math.round(s)));
  }

  private static String words(String type) {
    return type.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  private int messages(List<Inc> shared, Random rnd) {
    int stride = shared.size() / ORIGINALS;
    int made = 0;
    for (int k = 0; k < ORIGINALS; k++) {
      Inc inc = shared.get(k * stride + rnd.nextInt(Math.max(1, stride)));
      String from = inc.owner();
      String to = k % 13 == 6 ? JBC : other(from);
      String precedence;
      if (inc.type().equals("ARMED_INCURSION") || inc.type().equals("TERRORISM")) {
        precedence = "FLASH";
      } else {
        double u = rnd.nextDouble();
        precedence = u < 0.10 ? "FLASH" : u < 0.28 ? "IMMEDIATE" : u < 0.62 ? "PRIORITY" : "ROUTINE";
      }
      String kind = inc.type().equals("DISASTER") ? "DISASTER_NOTICE" : rnd.nextDouble() < 0.55 ? "ALERT" : "RFI";
      OffsetDateTime sent = inc.at().plusSeconds(900 + rnd.nextInt(4 * 3600)).truncatedTo(ChronoUnit.SECONDS);
      if (!sent.isBefore(END)) {
        sent = END.minusHours(3);
      }
      String place = inc.segment() == null ? "the border zone" : "segment " + inc.segment();
      String subject = switch (kind) {
        case "DISASTER_NOTICE" -> "Disaster notice: " + place;
        case "RFI" -> "Request for information: " + words(inc.type()) + " near " + place;
        default -> "Alert: " + words(inc.type()) + " near " + place;
      };
      String body = switch (kind) {
        case "DISASTER_NOTICE" -> "Flooding and landslides reported near " + place
            + ". Roads to the border posts are cut; please advise on crossings for relief teams.";
        case "RFI" -> "We recorded " + words(inc.type()) + " near " + place + " on " + inc.at().toLocalDate()
            + ". Do you hold reports of the same persons or vehicles on your side? Please share what you can.";
        default -> "Our patrol observed " + words(inc.type()) + " near " + place + " on " + inc.at().toLocalDate()
            + ", moving towards the boundary. Request a patrol on your side of the crossing.";
      };
      // the last three stay unacknowledged, two more acknowledged but never answered: overdue now
      boolean pending = k >= ORIGINALS - 3;
      boolean unanswered = k == ORIGINALS - 5 || k == ORIGINALS - 4;
      made += thread(inc, from, to, precedence, kind, sent, subject, body, pending, unanswered, rnd);
    }
    return made;
  }

  /** A message as inserted: its final state and who did what when. */
  private record Msg(long thread, Long inReplyTo, String kind, String precedence, String from, String to,
      String body, String sentBy, OffsetDateTime sent, String ackBy, OffsetDateTime ackAt, String answerBy,
      OffsetDateTime answerAt, String closedBy, OffsetDateTime closedAt) {

    String state() {
      return closedAt != null ? "CLOSED" : answerAt != null ? "ANSWERED" : ackAt != null ? "ACKNOWLEDGED" : "SENT";
    }
  }

  /** One thread: the message, its acknowledgement, usually a RESPONSE and the closing; returns the messages made. */
  private int thread(Inc inc, String from, String to, String precedence, String kind, OffsetDateTime sent,
      String subject, String body, boolean pending, boolean unanswered, Random rnd) {
    Duration[] dl = DEADLINES.get(precedence);
    String sender = rnd.nextDouble() < 0.8 ? PLANNER.get(from) : COMMISSION.get(from);
    long thread = jdbc.sql(DemoExchangeSql.INSERT_THREAD).param("subject", subject).param("fromOrg", from)
        .param("toOrg", to).param("by", sender).param("at", sent).query(Long.class).single();
    // the Lao side acknowledges a little slower than the Cambodian side; the joint body slowest
    double share = KH.equals(to) ? 0.35 : LA.equals(to) ? 0.45 : 0.55;
    OffsetDateTime ackAt = pending ? null : sent.plus(around(dl[0], share, 0.8, rnd));
    String acker = PLANNER.get(to);
    boolean answers = !pending && !unanswered && !kind.equals("DISASTER_NOTICE") && rnd.nextDouble() < 0.85;
    OffsetDateTime answerAt = answers
        ? ackAt.plus(around(dl[1], KH.equals(to) ? 0.30 : 0.38, 0.7, rnd)) : null;
    OffsetDateTime closedAt = null;
    String closer = null;
    if (!pending && !unanswered) {
      if (answers && rnd.nextDouble() < 0.75) {
        closedAt = answerAt.plusMinutes(30 + rnd.nextInt(20 * 60));
        closer = sender;
      } else if (!answers) {
        closedAt = ackAt.plusMinutes(20 + rnd.nextInt(90)); // nothing to answer: the sender closes it
        closer = sender;
      }
    }
    if (closedAt != null && !closedAt.isBefore(END)) {
      closedAt = null;
      closer = null;
    }
    Msg m = new Msg(thread, null, kind, precedence, from, to, body, sender, sent, ackAt == null ? null : acker, ackAt,
        answers ? acker : null, answerAt, closer, closedAt);
    long id = insert(m);
    jdbc.sql(DemoExchangeSql.INSERT_ATTACHMENT).param("message", id).param("kind", "incident")
        .param("ref", inc.publicId().toString()).update();
    if (inc.segment() != null) {
      jdbc.sql(DemoExchangeSql.INSERT_ATTACHMENT).param("message", id).param("kind", "segment")
          .param("ref", inc.segment()).update();
    }
    if (!answers) {
      return 1;
    }
    // the RESPONSE: from the addressee, same thread and precedence; the original sender acknowledges and closes it
    Duration[] rdl = DEADLINES.get(precedence);
    OffsetDateTime rAck = answerAt.plus(around(rdl[0], 0.25, 0.6, rnd));
    OffsetDateTime rClosed = rAck.plusMinutes(5 + rnd.nextInt(120));
    String responseBody = kind.equals("RFI")
        ? "We hold two reports matching your description (same route, same night). Details follow in the "
            + "joint case; our liaison officer is available at the checkpoint."
        : "Patrol dispatched to our side of the crossing. Nothing further observed; we will report any movement.";
    Msg r = new Msg(thread, id, "RESPONSE", precedence, to, from, responseBody, acker, answerAt, sender, rAck, null,
        null, rClosed.isBefore(END) ? sender : null, rClosed.isBefore(END) ? rClosed : null);
    long rid = insert(r);
    jdbc.sql(DemoExchangeSql.SET_ANSWER).param("answer", rid).param("id", id).update();
    return 2;
  }

  /** Inserts a message with its state changes and read marks; returns its id. */
  private long insert(Msg m) {
    Duration[] dl = DEADLINES.get(m.precedence());
    int moves = (m.ackAt() != null ? 1 : 0) + (m.answerAt() != null ? 1 : 0) + (m.closedAt() != null ? 1 : 0);
    long id = jdbc.sql(DemoExchangeSql.INSERT_MESSAGE).param("thread", m.thread()).param("inReplyTo", m.inReplyTo())
        .param("kind", m.kind()).param("precedence", m.precedence()).param("fromOrg", m.from()).param("toOrg", m.to())
        .param("body", m.body()).param("sentBy", m.sentBy()).param("sentAt", m.sent())
        .param("ackDue", m.sent().plus(dl[0])).param("due", m.sent().plus(dl[1])).param("state", m.state())
        .param("ackBy", m.ackBy()).param("ackAt", m.ackAt()).param("answerBy", m.answerBy())
        .param("answerAt", m.answerAt()).param("closedBy", m.closedBy()).param("closedAt", m.closedAt())
        .param("version", moves)
        .query((rs, n) -> rs.getLong("id")).single();
    change(id, null, "SENT", m.sentBy(), m.from(), m.sent());
    String state = "SENT";
    if (m.ackAt() != null) {
      change(id, state, "ACKNOWLEDGED", m.ackBy(), m.to(), m.ackAt());
      jdbc.sql(DemoExchangeSql.INSERT_READ).param("message", id).param("user", m.ackBy()).param("at", m.ackAt())
          .update();
      state = "ACKNOWLEDGED";
    }
    if (m.answerAt() != null) {
      change(id, state, "ANSWERED", m.answerBy(), m.to(), m.answerAt());
      state = "ANSWERED";
    }
    if (m.closedAt() != null) {
      change(id, state, "CLOSED", m.closedBy(), m.closedBy().startsWith("kh-") ? KH : m.closedBy().startsWith("la-")
          ? LA : JBC, m.closedAt());
    }
    return id;
  }

  private void change(long message, String fromState, String toState, String by, String org, OffsetDateTime at) {
    jdbc.sql(DemoExchangeSql.INSERT_STATE_CHANGE).param("message", message).param("fromState", fromState)
        .param("toState", toState).param("by", by).param("org", org).param("at", at).update();
  }

  // ------------------------------------------------------------------------------------------------ releases

  private static final List<String> RELEASE_TYPES = List.of("DRUG_TRAFFICKING", "HUMAN_TRAFFICKING", "SMUGGLING",
      "WILDLIFE_TRAFFICKING", "ARMED_INCURSION", "ILLEGAL_CROSSING");
  private static final String[][] WITHHELD = {{}, {"source"}, {"source", "reporter"}, {"description"},
      {"photos", "location_detail"}, {"source", "description"}, {"reporter"}};

  /** 15 releases of NATIONAL incidents to the other side, 8 by KH and 7 by LA, spread over the year; 2 withdrawn. */
  private int releases(List<Inc> national, Random rnd) {
    int made = 0;
    for (String org : List.of(KH, LA)) {
      List<Inc> own = national.stream().filter(i -> i.owner().equals(org) && RELEASE_TYPES.contains(i.type()))
          .toList();
      int n = KH.equals(org) ? 8 : 7;
      int stride = own.size() / n;
      for (int k = 0; k < n; k++) {
        Inc inc = own.get(k * stride + rnd.nextInt(Math.max(1, stride / 2)));
        String[] withheld = WITHHELD[rnd.nextInt(WITHHELD.length)];
        OffsetDateTime at = inc.at().plusHours(6 + rnd.nextInt(96)).truncatedTo(ChronoUnit.SECONDS);
        if (!at.isBefore(END)) {
          at = END.minusHours(2);
        }
        boolean withdrawn = (KH.equals(org) && k == 3) || (LA.equals(org) && k == 4);
        OffsetDateTime wAt = withdrawn ? at.plusDays(10 + rnd.nextInt(20)) : null;
        jdbc.sql(DemoExchangeSql.INSERT_RELEASE).param("incident", inc.id()).param("toOrg", other(org))
            .param("withheld", "{" + String.join(",", withheld) + "}")
            .param("reason", "Released for the joint follow-up of " + words(inc.type())
                + (inc.segment() == null ? "" : " near segment " + inc.segment())
                + (withheld.length == 0 ? "." : "; " + String.join(" and ", withheld) + " withheld to protect sources."))
            .param("by", PLANNER.get(org)).param("org", org).param("at", at)
            .param("withdrawnBy", withdrawn ? PLANNER.get(org) : null).param("withdrawnAt", wAt)
            .param("withdrawnReason", withdrawn ? "The investigation is under way; the report must stay national." : null)
            .update();
        made++;
      }
    }
    return made;
  }

  // ------------------------------------------------------------------------------------------------ joint cases

  private record Pair(long a, UUID aPublic, OffsetDateTime aAt, long b, UUID bPublic, OffsetDateTime bAt, String type,
      String segment) {}

  /** 6 joint cases (4 OPEN, 1 CLOSED, 1 PROPOSED), alternately proposed by KH and LA; their public ids in order. */
  private List<UUID> cases(Random rnd) {
    List<Pair> pairs = jdbc.sql(DemoExchangeSql.CASE_PAIRS).param("org", KH).param("other", LA)
        .param("fromTs", FIRST).param("toTs", END.minusDays(10))
        .query((rs, n) -> new Pair(rs.getLong("a_id"), rs.getObject("a_public", UUID.class),
            rs.getObject("a_at", OffsetDateTime.class), rs.getLong("b_id"), rs.getObject("b_public", UUID.class),
            rs.getObject("b_at", OffsetDateTime.class), rs.getString("type"), rs.getString("segment")))
        .list();
    List<UUID> out = new ArrayList<>();
    if (pairs.size() < 6) {
      return out;
    }
    String[] states = {"OPEN", "CLOSED", "OPEN", "OPEN", "OPEN", "PROPOSED"};
    String[] kinds = {"TRAFFICKING_ROUTE", "CROSS_BORDER_PURSUIT", "SAME_EVENT", "TRAFFICKING_ROUTE",
        "CROSS_BORDER_PURSUIT", "SAME_EVENT"};
    // five pairs spread over the year, and the newest one (proposed, waiting for confirmation); no incident twice
    List<Pair> chosen = new ArrayList<>();
    Set<Long> used = new HashSet<>();
    int stride = pairs.size() / 5;
    for (int k = 0; k < 6; k++) {
      int start = k < 5 ? k * stride : pairs.size() - 1;
      for (int j = start; j >= 0 && j < pairs.size(); j += k < 5 ? 1 : -1) {
        Pair c = pairs.get(j);
        if (!used.contains(c.a()) && !used.contains(c.b())) {
          chosen.add(c);
          used.add(c.a());
          used.add(c.b());
          break;
        }
      }
    }
    for (int k = 0; k < chosen.size(); k++) {
      Pair p = chosen.get(k);
      String proposer = k % 2 == 0 ? KH : LA;
      String confirmer = other(proposer);
      OffsetDateTime last = p.aAt().isAfter(p.bAt()) ? p.aAt() : p.bAt();
      OffsetDateTime proposed = last.plusHours(12 + rnd.nextInt(48)).truncatedTo(ChronoUnit.SECONDS);
      String state = states[k];
      OffsetDateTime opened = state.equals("PROPOSED") ? null : proposed.plusHours(6 + rnd.nextInt(90));
      OffsetDateTime closed = state.equals("CLOSED") ? opened.plusDays(35 + rnd.nextInt(20)) : null;
      String title = (kinds[k].equals("CROSS_BORDER_PURSUIT") ? "Cross-border pursuit: "
          : kinds[k].equals("TRAFFICKING_ROUTE") ? "Trafficking route: " : "Same event: ") + words(p.type())
          + (p.segment() == null ? "" : " at " + p.segment());
      var row = jdbc.sql(DemoExchangeSql.INSERT_CASE).param("title", title).param("kind", kinds[k])
          .param("state", state).param("parties", "{" + KH + "," + LA + "}").param("by", PLANNER.get(proposer))
          .param("org", proposer).param("at", proposed).param("openedAt", opened)
          .param("closedBy", closed == null ? null : PLANNER.get(confirmer)).param("closedAt", closed)
          .param("closedReason", closed == null ? null : "Both suspects handed over; the route is watched jointly.")
          .param("version", state.equals("PROPOSED") ? 0 : state.equals("OPEN") ? 1 : 2)
          .query((rs, n) -> new Object[] {rs.getLong("id"), rs.getObject("public_id", UUID.class)}).single();
      long id = (Long) row[0];
      out.add((UUID) row[1]);
      for (long incident : new long[] {p.a(), p.b()}) {
        jdbc.sql(DemoExchangeSql.INSERT_CASE_INCIDENT).param("case", id).param("incident", incident)
            .param("by", PLANNER.get(proposer)).param("org", proposer).param("at", proposed).update();
      }
      jdbc.sql(DemoExchangeSql.INSERT_CONFIRMATION).param("case", id).param("org", proposer)
          .param("by", PLANNER.get(proposer)).param("at", proposed).param("note", "Proposed: one event on both sides.")
          .update();
      if (opened != null) {
        jdbc.sql(DemoExchangeSql.INSERT_CONFIRMATION).param("case", id).param("org", confirmer)
            .param("by", PLANNER.get(confirmer)).param("at", opened).param("note", "Confirmed from our reports.")
            .update();
      }
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ meetings

  static final String APPROVED_MINUTES = """
      Minutes of the security-cooperation meeting, Pakse, 18 March 2026 (demo, synthetic).
      1. The parties reviewed the liaison messages of December to February and their response times.
      2. The parties confirmed the joint case on the trafficking route and agreed to share patrol times.
      3. The parties reviewed the demarcation works and the reported crossings near the Mekong.
      Decisions: joint patrols on the Mekong crossing twice a month; FLASH alerts acknowledged within 15 minutes;
      a common contact list of the border posts, updated every quarter.
      """;

  static final String DRAFT_MINUTES = """
      Draft minutes of the joint boundary commission meeting, Stung Treng, 7 October 2026 (demo, synthetic).
      1. Disaster relief after the floods of September: crossings for relief teams.
      2. Progress of the joint inspections of the pillars.
      """;

  /** Three meetings with attendees, agenda, decisions and action items; returns the number of action items. */
  private int meetings(List<UUID> cases, List<UUID> messages, List<Inc> shared) {
    String segment = shared.stream().map(Inc::segment).filter(s -> s != null).findFirst().orElse(null);
    // 1. APPROVED, frozen: both country parties signed the SHA-256 of the minutes
    OffsetDateTime m1 = OffsetDateTime.of(2026, 3, 18, 2, 0, 0, 0, ZoneOffset.UTC);
    String sha = sha256(APPROVED_MINUTES);
    OffsetDateTime frozen = m1.plusDays(9);
    long one = meeting("SECURITY", "Security-cooperation meeting, first half 2026", "Pakse, Champasak", m1,
        "{KH,LA}", "HELD", APPROVED_MINUTES, sha, null, KH, 3); // approved below, once its parts are in (V25)
    attendees(one, KH, "Col. Chan Dara (demo)", "Head of delegation", "Lt. Col. Keo Sophea (demo)", "Border police",
        "Maj. Lim Sovann (demo)", "Liaison officer");
    attendees(one, LA, "Col. Phommachanh Khamla (demo)", "Head of delegation", "Lt. Col. Sisouk Vilay (demo)",
        "Border police", "Maj. Inthavong Noy (demo)", "Liaison officer");
    long a1 = agenda(one, 1, "Liaison messages of December to February: response times", "message",
        messages.isEmpty() ? null : messages.get(0).toString());
    long a2 = agenda(one, 2, "Joint case on the trafficking route", "case",
        cases.isEmpty() ? null : cases.get(0).toString());
    long a3 = agenda(one, 3, "Demarcation works and reported crossings", "segment", segment);
    agenda(one, 4, "Any other business", null, null);
    long d1 = decision(one, a1, "FLASH alerts are acknowledged within 15 minutes by the duty officer.", m1);
    long d2 = decision(one, a2, "Joint patrols on the Mekong crossing twice a month.", m1);
    long d3 = decision(one, a3, "A common contact list of the border posts, updated every quarter.", m1);
    action(one, d1, "Set up a 24 h duty roster for liaison messages", KH, LocalDate.of(2026, 4, 30),
        OffsetDateTime.of(2026, 4, 22, 3, 0, 0, 0, ZoneOffset.UTC), m1);
    action(one, d1, "Set up a 24 h duty roster for liaison messages", LA, LocalDate.of(2026, 4, 30),
        OffsetDateTime.of(2026, 5, 6, 3, 0, 0, 0, ZoneOffset.UTC), m1);
    action(one, d2, "Propose the joint patrol calendar for the dry season", KH, LocalDate.of(2026, 6, 30),
        OffsetDateTime.of(2026, 6, 15, 3, 0, 0, 0, ZoneOffset.UTC), m1);
    action(one, d2, "Name the patrol units for the joint patrols", LA, LocalDate.of(2026, 6, 30),
        OffsetDateTime.of(2026, 6, 28, 3, 0, 0, 0, ZoneOffset.UTC), m1);
    action(one, d3, "Circulate the contact list of the Cambodian border posts", KH, LocalDate.of(2026, 9, 30),
        null, m1);
    action(one, d3, "Circulate the contact list of the Lao border posts", LA, LocalDate.of(2026, 8, 31), null, m1);
    sign(one, KH, "kh-commission", m1.plusDays(7), sha);
    sign(one, LA, "la-commission", frozen, sha);
    // the freeze comes last, as in MeetingService: V25's triggers refuse any part added to a frozen meeting
    jdbc.sql(DemoExchangeSql.FREEZE_MEETING).param("id", one).param("frozenAt", frozen).update();
    // 2. HELD, a draft of the minutes, no signatures yet
    OffsetDateTime m2 = OffsetDateTime.of(2026, 10, 7, 2, 0, 0, 0, ZoneOffset.UTC);
    long two = meeting("JBC", "Joint boundary commission, autumn session 2026", "Stung Treng", m2, "{KH,LA,JBC}",
        "HELD", DRAFT_MINUTES, sha256(DRAFT_MINUTES), null, LA, 1);
    attendees(two, KH, "Col. Chan Dara (demo)", "Head of delegation", "Mr. Heng Rithy (demo)", "Survey department");
    attendees(two, LA, "Col. Phommachanh Khamla (demo)", "Head of delegation", "Mr. Souvanna Bounmy (demo)",
        "Survey department");
    attendees(two, JBC, "Ms. Joint Secretariat (demo)", "Secretary of the commission");
    long b1 = agenda(two, 1, "Disaster relief after the September floods", null, null);
    long b2 = agenda(two, 2, "Joint inspections of the pillars", "case",
        cases.size() > 2 ? cases.get(2).toString() : null);
    long e1 = decision(two, b1, "Relief teams cross at the nearest post on a DISASTER_NOTICE, without prior notice.", m2);
    long e2 = decision(two, b2, "The joint inspection teams meet monthly until the end of the dry season.", m2);
    action(two, e1, "Confirm the crossings open to relief teams", LA, LocalDate.of(2026, 11, 15), null, m2);
    action(two, e1, "Publish the relief crossing procedure to the border posts", KH, LocalDate.of(2026, 10, 31),
        OffsetDateTime.of(2026, 10, 29, 3, 0, 0, 0, ZoneOffset.UTC), m2);
    action(two, e2, "Schedule the inspection of the pillars of the eastern sector", KH, LocalDate.of(2027, 1, 15),
        null, m2);
    action(two, e2, "Provide the survey team for the eastern sector", LA, LocalDate.of(2027, 1, 15), null, m2);
    // 3. PLANNED
    OffsetDateTime m3 = OffsetDateTime.of(2027, 1, 20, 2, 0, 0, 0, ZoneOffset.UTC);
    long three = meeting("SECURITY", "Security-cooperation meeting, first half 2027", "Siem Pang, Stung Treng", m3,
        "{KH,LA}", "PLANNED", null, null, null, KH, 0);
    agenda(three, 1, "Review of the action items of 2026", null, null);
    agenda(three, 2, "Exchange figures of 2026 for the annual report", null, null);
    return 10;
  }

  private long meeting(String kind, String title, String place, OffsetDateTime starts, String parties, String state,
      String minutes, String sha, OffsetDateTime frozen, String org, int version) {
    return jdbc.sql(DemoExchangeSql.INSERT_MEETING).param("kind", kind).param("title", title).param("place", place)
        .param("startsAt", starts).param("parties", parties).param("state", state).param("minutes", minutes)
        .param("sha", sha).param("frozenAt", frozen).param("by", COMMISSION.get(org)).param("org", org)
        .param("at", starts.minusDays(30).isBefore(END) ? starts.minusDays(30) : END.minusDays(10))
        .param("version", version)
        .query((rs, n) -> rs.getLong("id")).single();
  }

  private void attendees(long meeting, String org, String... nameAndPosition) {
    for (int i = 0; i + 1 < nameAndPosition.length; i += 2) {
      jdbc.sql(DemoExchangeSql.INSERT_ATTENDEE).param("meeting", meeting).param("org", org)
          .param("name", nameAndPosition[i]).param("position", nameAndPosition[i + 1]).update();
    }
  }

  private long agenda(long meeting, int position, String title, String refKind, String refId) {
    return jdbc.sql(DemoExchangeSql.INSERT_AGENDA).param("meeting", meeting).param("position", position)
        .param("title", title).param("notes", null).param("refKind", refId == null ? null : refKind)
        .param("refId", refId).query(Long.class).single();
  }

  private long decision(long meeting, long agenda, String text, OffsetDateTime at) {
    return jdbc.sql(DemoExchangeSql.INSERT_DECISION).param("meeting", meeting).param("agenda", agenda)
        .param("text", text).param("by", "commission").param("at", at.plusHours(6)).query(Long.class).single();
  }

  private void action(long meeting, long decision, String text, String owner, LocalDate due, OffsetDateTime done,
      OffsetDateTime at) {
    jdbc.sql(DemoExchangeSql.INSERT_ACTION).param("meeting", meeting).param("decision", decision).param("text", text)
        .param("owner", owner).param("due", due).param("state", done == null ? "OPEN" : "DONE")
        .param("doneBy", done == null ? null : PLANNER.get(owner)).param("doneAt", done).param("by", "commission")
        .param("at", at.plusHours(6)).param("version", done == null ? 0 : 1).update();
  }

  private void sign(long meeting, String org, String by, OffsetDateTime at, String sha) {
    jdbc.sql(DemoExchangeSql.INSERT_SIGNOFF).param("meeting", meeting).param("org", org).param("by", by)
        .param("at", at).param("sha", sha).update();
  }

  /** The lower-case hex SHA-256 of the UTF-8 text (what both parties sign). */
  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
