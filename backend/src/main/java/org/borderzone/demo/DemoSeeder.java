package org.borderzone.demo;

import org.borderzone.system.StatementTimeouts;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Seeds the deterministic demo history (fixed seed) into a database that has the reference border but no
 * pillars yet: 145 pillars (121 planted), three years of joint inspections and status changes from
 * 1 January 2023 to November 2026 that end in the published picture (see {@link DemoPlan}), and the
 * O'Alay / O'Ta Ngav disputed area. Everything here is synthetic except the geometry (data/README.md).
 * Runs once, in one transaction; a restart keeps what users changed.
 */
@Component
@Profile("demo")
class DemoSeeder {

  private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

  static final int PILLARS_TOTAL = 145;
  static final int PILLARS_PLANTED = 121;
  static final OffsetDateTime BASELINE = OffsetDateTime.of(2023, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime TREATY = OffsetDateTime.of(2023, 2, 13, 9, 0, 0, 0, ZoneOffset.UTC);
  static final OffsetDateTime DISPUTE = OffsetDateTime.of(2024, 4, 18, 9, 0, 0, 0, ZoneOffset.UTC);
  static final LocalDate END = LocalDate.of(2026, 11, 15);

  private final JdbcClient jdbc;
  private final JdbcTemplate template;
  private final TransactionTemplate tx;
  private final StatementTimeouts timeouts;
  private final AuditLog audit;
  private final long seed;

  DemoSeeder(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate tx, AuditLog audit,
      @Value("${borderzone.demo.seed:20230213}") long seed, StatementTimeouts timeouts) {
    this.timeouts = timeouts;
    this.jdbc = jdbc;
    this.template = template;
    this.tx = tx;
    this.audit = audit;
    this.seed = seed;
  }

  /** Seeds the history unless pillars exist or there is no border (called by {@link DemoOrchestrator}). */
  void seed() {
    if (jdbc.sql(DemoSql.PILLAR_COUNT).query(Long.class).single() > 0
        || jdbc.sql(DemoSql.SEGMENT_COUNT).query(Long.class).single() == 0) {
      return;
    }
    long t0 = System.nanoTime();
    tx.executeWithoutResult(s -> {
      timeouts.longWork();
      new Run(new Random(seed)).seed();
    });
    log.info("Seeded the demo history in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private record Seg(int id, int seq) {}

  private static final class PillarState {
    int id;
    final int segSeq;
    String status;
    OffsetDateTime since;
    OffsetDateTime lastInspected;
    LocalDate placedOn;
    double lon;
    double lat;

    PillarState(int segSeq) {
      this.segSeq = segSeq;
    }
  }

  /** One dated event of the history, applied in date order. */
  private record Event(OffsetDateTime at, String kind, int fromSeq, int toSeq, String target) {}

  /** The state of one seeding run. */
  private final class Run {
    final Random rnd;
    final List<Seg> segs = new ArrayList<>();
    final Map<Integer, String> status = new HashMap<>();
    final Map<Integer, OffsetDateTime> since = new HashMap<>();
    final Map<Integer, Integer> version = new HashMap<>();
    final List<PillarState> pillars = new ArrayList<>();
    final List<Object[]> changes = new ArrayList<>();
    final List<Object[]> pillarChanges = new ArrayList<>();
    final List<Object[]> findings = new ArrayList<>();
    final List<Object[]> inspectionSegments = new ArrayList<>();
    DemoPlan plan;
    int minutesCounter;
    int inspections;

    Run(Random rnd) {
      this.rnd = rnd;
    }

    void seed() {
      jdbc.sql(DemoSql.SEGMENTS)
          .query((rs, n) -> new Seg(rs.getInt(1), rs.getInt(2))).list().forEach(segs::add);
      plan = new DemoPlan(segs.size());
      baseline();
      createPillars();
      List<Event> events = plannedEvents();
      events.sort(Comparator.comparing(Event::at));
      for (Event e : events) {
        apply(e);
      }
      flush();
      disputedArea();
      audit.record(Actor.SYSTEM, "DEMO_SEED", "demo", null, null,
          JsonNodeFactory.instance.objectNode().put("inspections", inspections).put("statusChanges", changes.size())
              .put("pillars", pillars.size()).put("seed", seed).toString());
    }

    Seg seg(int seq) {
      return segs.get(seq - 1);
    }

    /** The status on 1 January 2023: what is ratified at the end was demarcated before; the rest pending. */
    void baseline() {
      jdbc.sql(DemoSql.CLEAR_STATUS_HISTORY).update();
      for (Seg s : segs) {
        String st = plan.finalStatus(s.seq()).equals("RATIFIED") ? "DEMARCATED" : "PENDING";
        status.put(s.seq(), st);
        since.put(s.seq(), BASELINE);
        version.put(s.seq(), 0);
        changes.add(new Object[] {s.id(), null, st, ts(BASELINE), "system", Actor.SYSTEM.orgCode(),
            "Status at the start of the record (demo baseline)", null});
      }
    }

    void createPillars() {
      List<Integer> demarcated = new ArrayList<>();
      List<Integer> open = new ArrayList<>();
      for (Seg s : segs) {
        String f = plan.finalStatus(s.seq());
        (f.equals("RATIFIED") || f.equals("DEMARCATED") ? demarcated : open).add(s.seq());
      }
      List<Integer> pillarSegs = new ArrayList<>();
      for (int i = 0; i < PILLARS_PLANTED; i++) {
        pillarSegs.add(demarcated.get((int) ((i + 0.5) * demarcated.size() / PILLARS_PLANTED)));
      }
      for (int i = 0; i < PILLARS_TOTAL - PILLARS_PLANTED; i++) {
        pillarSegs.add(open.get((int) ((i + 0.5) * open.size() / (PILLARS_TOTAL - PILLARS_PLANTED))));
      }
      pillarSegs.sort(Integer::compare);
      for (int i = 0; i < pillarSegs.size(); i++) {
        int segSeq = pillarSegs.get(i);
        PillarState p = new PillarState(segSeq);
        boolean oldPlanted = plan.finalStatus(segSeq).equals("RATIFIED");
        p.status = oldPlanted ? "PLACED" : "PLANNED";
        p.since = BASELINE;
        p.placedOn = oldPlanted ? LocalDate.of(2001 + rnd.nextInt(12), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)) : null;
        double frac = 0.2 + 0.6 * rnd.nextDouble();
        double[] ll = new double[2];
        p.id = jdbc.sql(DemoSql.INSERT_PILLAR)
            .param("number", String.format("P-%03d", i + 1)).param("seq", i + 1).param("frac", frac)
            .param("status", p.status).param("since", BASELINE).param("placed", p.placedOn)
            .param("segId", seg(segSeq).id())
            .query((rs, n) -> {
              ll[0] = rs.getDouble("lon");
              ll[1] = rs.getDouble("lat");
              return rs.getInt("id");
            }).single();
        p.lon = ll[0];
        p.lat = ll[1];
        pillarChanges.add(new Object[] {p.id, null, p.status, ts(BASELINE), "system",
            "Status at the start of the record (demo baseline)", null});
        pillars.add(p);
      }
    }

    List<Event> plannedEvents() {
      List<Event> ev = new ArrayList<>();
      ev.add(new Event(TREATY, "treaty", 1, segs.size(), "RATIFIED"));
      // Survey then demarcation campaigns for what ends DEMARCATED (awaiting a ratification protocol).
      for (int[] run : plan.runs("DEMARCATED")) {
        for (int a = run[0]; a <= run[1]; a += 4) {
          int b = Math.min(run[1], a + 3);
          OffsetDateTime survey = between(LocalDate.of(2023, 5, 1), LocalDate.of(2024, 3, 31));
          OffsetDateTime demarc = between(LocalDate.of(2024, 6, 1), LocalDate.of(2026, 9, 30));
          ev.add(new Event(survey, "campaign", a, b, "SURVEYED"));
          ev.add(new Event(demarc, "campaign", a, b, "DEMARCATED"));
        }
      }
      for (int[] run : plan.runs("SURVEYED")) {
        for (int a = run[0]; a <= run[1]; a += 4) {
          ev.add(new Event(between(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 10, 31)), "campaign", a,
              Math.min(run[1], a + 3), "SURVEYED"));
        }
      }
      for (int[] run : plan.runs("DISPUTED")) {
        ev.add(new Event(OffsetDateTime.of(2023, 11, 8, 8, 0, 0, 0, ZoneOffset.UTC), "campaign", run[0], run[1],
            "SURVEYED"));
        ev.add(new Event(DISPUTE, "dispute", run[0], run[1], "DISPUTED"));
      }
      // Routine joint inspections of demarcated stretches, about every two weeks.
      for (LocalDate d = LocalDate.of(2023, 3, 6); d.isBefore(END); d = d.plusDays(6 + rnd.nextInt(7))) {
        int start = 1 + rnd.nextInt(segs.size() - 9);
        ev.add(new Event(d.atTime(8, 0).atOffset(ZoneOffset.UTC), "routine", start, start + 3 + rnd.nextInt(6), null));
      }
      return ev;
    }

    OffsetDateTime between(LocalDate from, LocalDate to) {
      long days = to.toEpochDay() - from.toEpochDay();
      return from.plusDays(rnd.nextInt((int) days + 1)).atTime(8, 0).atOffset(ZoneOffset.UTC);
    }

    void apply(Event e) {
      switch (e.kind()) {
        case "treaty" -> {
          for (Seg s : segs) {
            if (status.get(s.seq()).equals("DEMARCATED")) {
              transition(s.seq(), "RATIFIED", e.at(), "Boundary treaty signed on 13 February 2023", null);
            }
          }
        }
        case "dispute" -> {
          long insp = inspection(e.at(), e.fromSeq(), e.toSeq(), "ISSUES_FOUND",
              "Joint field team could not agree the alignment across the O'Alay / O'Ta Ngav area; referred to the JBC.");
          for (int q = e.fromSeq(); q <= e.toSeq(); q++) {
            transition(q, "DISPUTED", e.at(), "Alignment disputed (O'Alay / O'Ta Ngav area)", insp);
          }
        }
        case "campaign" -> {
          boolean demarcation = e.target().equals("DEMARCATED");
          long insp = inspection(e.at(), e.fromSeq(), e.toSeq(), "SATISFACTORY", demarcation
              ? "Demarcation campaign: boundary posts planted and agreed in the field."
              : "Joint field survey of the alignment completed.");
          for (int q = e.fromSeq(); q <= e.toSeq(); q++) {
            if (status.get(q).equals("PENDING") && demarcation) {
              transition(q, "SURVEYED", e.at().minusDays(1), "Joint field survey (catch-up record)", insp);
            }
            transition(q, e.target(), e.at(), demarcation ? "Posts planted and agreed in the field"
                : "Joint field survey completed", insp);
          }
          if (demarcation) {
            for (PillarState p : pillarsOn(e.fromSeq(), e.toSeq())) {
              p.placedOn = e.at().toLocalDate();
              pillarStatus(p, "PLACED", e.at(), "Planted during the demarcation campaign", insp);
              finding(insp, p, "GOOD", 0);
            }
          }
        }
        case "routine" -> routine(e);
        default -> throw new IllegalStateException(e.kind());
      }
    }

    void routine(Event e) {
      List<PillarState> placed = pillarsOn(e.fromSeq(), e.toSeq()).stream()
          .filter(p -> !p.status.equals("PLANNED")).toList();
      int demarcatedSegs = 0;
      for (int q = e.fromSeq(); q <= e.toSeq(); q++) {
        if (status.get(q).equals("RATIFIED") || status.get(q).equals("DEMARCATED")) {
          demarcatedSegs++;
        }
      }
      if (demarcatedSegs == 0) {
        return;
      }
      List<String> conditions = new ArrayList<>();
      for (int i = 0; i < placed.size(); i++) {
        double r = rnd.nextDouble();
        conditions.add(r < 0.86 ? "GOOD" : r < 0.92 ? "DAMAGED" : r < 0.96 ? "DISPLACED" : "MISSING");
      }
      boolean issues = conditions.stream().anyMatch(c -> !c.equals("GOOD"));
      long insp = inspection(e.at(), e.fromSeq(), e.toSeq(), issues ? "ISSUES_FOUND" : "SATISFACTORY",
          issues ? "Routine joint inspection: damage to boundary posts recorded, repair requested."
              : "Routine joint inspection: posts and alignment in order.");
      for (int i = 0; i < placed.size(); i++) {
        PillarState p = placed.get(i);
        String c = conditions.get(i);
        double offset = c.equals("DISPLACED") ? 3 + rnd.nextDouble() * 25 : rnd.nextDouble() * 1.5;
        finding(insp, p, c, offset);
        String to = switch (c) {
          case "GOOD" -> "VERIFIED";
          case "MISSING" -> "MISSING";
          default -> "DAMAGED";
        };
        p.lastInspected = e.at();
        if (!p.status.equals(to)) {
          pillarStatus(p, to, e.at(), "Joint inspection finding: " + c, insp);
        }
      }
    }

    List<PillarState> pillarsOn(int fromSeq, int toSeq) {
      return pillars.stream().filter(p -> p.segSeq >= fromSeq && p.segSeq <= toSeq).toList();
    }

    long inspection(OffsetDateTime at, int fromSeq, int toSeq, String outcome, String notes) {
      minutesCounter++;
      inspections++;
      long id = jdbc.sql(DemoSql.INSERT_INSPECTION)
          .param("on", at.toLocalDate()).param("outcome", outcome)
          .param("ref", String.format("JBC/%d/%03d", at.getYear(), minutesCounter)).param("notes", notes)
          .param("at", at.plusDays(2)).param("org", Actor.SYSTEM.orgCode())
          .query(Long.class).single();
      for (int q = fromSeq; q <= toSeq; q++) {
        inspectionSegments.add(new Object[] {id, seg(q).id()});
      }
      return id;
    }

    void finding(long insp, PillarState p, String condition, double offsetM) {
      double bearing = rnd.nextDouble() * 2 * Math.PI;
      double dLat = offsetM * Math.cos(bearing) / 110_600.0;
      double dLon = offsetM * Math.sin(bearing) / (111_320.0 * Math.cos(Math.toRadians(p.lat)));
      boolean measured = !condition.equals("MISSING");
      findings.add(new Object[] {insp, p.id, condition, measured ? p.lon + dLon : null,
          measured ? p.lat + dLat : null, condition.equals("GOOD") ? null : "Recorded by the joint team"});
    }

    void transition(int seq, String to, OffsetDateTime at, String reason, Long insp) {
      String from = status.get(seq);
      changes.add(new Object[] {seg(seq).id(), from, to, ts(at), "commission", Actor.SYSTEM.orgCode(), reason, insp});
      status.put(seq, to);
      since.put(seq, at);
      version.merge(seq, 1, Integer::sum);
    }

    void pillarStatus(PillarState p, String to, OffsetDateTime at, String reason, Long insp) {
      pillarChanges.add(new Object[] {p.id, p.status, to, ts(at), "commission", reason, insp});
      p.status = to;
      p.since = at;
    }

    void flush() {
      template.batchUpdate(DemoSql.BATCH_SEGMENT_STATUS_CHANGE, changes);
      template.batchUpdate(DemoSql.BATCH_PILLAR_STATUS_CHANGE, pillarChanges);
      template.batchUpdate(DemoSql.BATCH_INSPECTION_SEGMENT, inspectionSegments);
      template.batchUpdate(DemoSql.BATCH_INSPECTION_FINDING, findings);
      List<Object[]> segUpdates = new ArrayList<>();
      for (Seg s : segs) {
        segUpdates.add(new Object[] {status.get(s.seq()), ts(since.get(s.seq())), version.get(s.seq()), s.id()});
      }
      template.batchUpdate(DemoSql.BATCH_SEGMENT_STATUS, segUpdates);
      List<Object[]> pUpdates = new ArrayList<>();
      for (PillarState p : pillars) {
        pUpdates.add(new Object[] {p.status, ts(p.since), p.lastInspected == null ? null : ts(p.lastInspected),
            p.placedOn == null ? null : Date.valueOf(p.placedOn), p.id});
      }
      template.batchUpdate(DemoSql.BATCH_PILLAR_STATUS, pUpdates);
    }

    /** The O'Alay / O'Ta Ngav area: a synthetic outline, 1.5 km around the disputed stretch (UTM 48N). */
    void disputedArea() {
      for (int[] run : plan.runs("DISPUTED")) {
        int id = jdbc.sql(DemoSql.INSERT_DISPUTED_AREA)
            .param("a", run[0]).param("b", run[1]).query(Integer.class).single();
        jdbc.sql(DemoSql.INSERT_DISPUTED_AREA_SEGMENTS).param("id", id).update();
      }
    }
  }

  private static Timestamp ts(OffsetDateTime t) {
    return Timestamp.from(t.toInstant());
  }
}
