package org.borderzone.inspections;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.borderzone.audit.AuditLog;
import org.borderzone.inspections.InspectionRequest.NewFinding;
import org.borderzone.inspections.InspectionRequest.NewInspection;
import org.borderzone.pillars.PillarService;
import org.borderzone.pillars.PillarStatus;
import org.borderzone.segments.SegmentService;
import org.borderzone.segments.SegmentStatus;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Records a joint inspection in one transaction: the inspection, the segments it covered, its findings per
 * pillar (with the geodesic offset of the measured position), the pillar statuses the findings lead to
 * (see {@link Condition}), the optional status change of every covered segment (through
 * {@link SegmentService#applyTransition}, so the transition rules, locking, history and audit hold), and the
 * audit events. Everything is checked before the first write; any failure rolls the whole inspection back.
 */
@Service
class InspectionService {

  /** Local time on both sides of the border (Indochina Time, no daylight saving). */
  static final ZoneOffset BORDER_TIME = ZoneOffset.ofHours(7);

  /** A measured position farther than this (metres) from the agreed one is refused as a likely typo. */
  static final double MAX_OFFSET_M = 500;

  private final JdbcClient jdbc;
  private final SegmentService segments;
  private final PillarService pillars;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Organisations organisations;
  private final Ownership ownership;

  InspectionService(JdbcClient jdbc, SegmentService segments, PillarService pillars, AuditLog audit,
      JsonMapper json, Organisations organisations, Ownership ownership) {
    this.organisations = organisations;
    this.ownership = ownership;
    this.jdbc = jdbc;
    this.segments = segments;
    this.pillars = pillars;
    this.audit = audit;
    this.json = json;
  }

  /** The stored inspection: its id and its JSON document. */
  record Created(long id, String json) {}

  /** A locked segment, with the two countries it separates (V26). */
  private record Segment(int id, String code, SegmentStatus status, List<Organisation> parties) {}

  private record Pillar(int id, String number, int segmentId, PillarStatus status, OffsetDateTime lastInspectedAt) {}

  /**
   * The time an inspection date stands for in {@code pillar.last_inspected_at}: noon, border time, so that
   * the calendar date reads the same in UTC and in Indochina Time.
   */
  static OffsetDateTime inspectedAt(LocalDate day) {
    return OffsetDateTime.of(day, LocalTime.NOON, BORDER_TIME);
  }

  @Transactional
  public Created record(InspectionRequest.Body body, Actor actor) {
    NewInspection in = InspectionRequest.parse(body, LocalDate.now(BORDER_TIME),
        organisations.all().stream().map(e -> e.org().code()).toList());
    // Joint data of the organisations that took part: one of them (or the joint body) records it.
    ownership.requireJointParty(actor, in.organisations().stream().map(Organisation::of).toList(),
        "organisations");

    // References (422) and transitions (409), under row locks so nothing moves between check and write.
    Map<Integer, Segment> segs = new HashMap<>();
    jdbc.sql(InspectionSql.LOCK_SEGMENTS).param("ids", in.segmentIds())
        .query((rs, n) -> new Segment(rs.getInt("id"), rs.getString("code"),
            SegmentStatus.valueOf(rs.getString("status")),
            List.of(Organisation.of(rs.getString("country_a")), Organisation.of(rs.getString("country_b")))))
        .list().forEach(s -> segs.put(s.id(), s));
    // ... and of the segments' own countries: a third party (not a side of this border) records none alone
    for (int i = 0; i < in.segmentIds().size(); i++) {
      Segment s = segs.get(in.segmentIds().get(i));
      if (s != null) {
        ownership.requireJointParty(actor, s.parties(), "segmentIds[" + i + "]");
      }
    }
    List<ApiException.FieldError> unknown = new ArrayList<>();
    for (int i = 0; i < in.segmentIds().size(); i++) {
      int id = in.segmentIds().get(i);
      if (!segs.containsKey(id)) {
        unknown.add(new ApiException.FieldError("segmentIds[" + i + "]", "error.unknown-id", "segment",
            String.valueOf(id)));
      }
    }
    Map<Integer, Pillar> pils = lockPillars(in.findings());
    for (NewFinding f : in.findings()) {
      Pillar p = pils.get(f.pillarId());
      if (p == null) {
        unknown.add(new ApiException.FieldError(f.field() + ".pillarId", "error.unknown-id", "pillar",
            String.valueOf(f.pillarId())));
      } else if (!segs.containsKey(p.segmentId())) {
        unknown.add(new ApiException.FieldError(f.field() + ".pillarId", "error.pillar-not-on-segments",
            p.number()));
      }
    }
    if (unknown.isEmpty()) {
      String findingsJson = findingsJson(in.findings());
      jdbc.sql(InspectionSql.OFFSETS).param("findings", findingsJson)
          .query((rs, n) -> {
            double offset = rs.getDouble("offset_m");
            if (offset > MAX_OFFSET_M) {
              unknown.add(new ApiException.FieldError("findings[" + rs.getInt("i") + "].measured",
                  "error.offset-too-large", String.format(Locale.ROOT, "%.1f", offset),
                  String.format(Locale.ROOT, "%.0f", MAX_OFFSET_M)));
            }
            return offset;
          })
          .list();
    }
    if (!unknown.isEmpty()) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.unprocessable", unknown);
    }
    List<Segment> toMove = new ArrayList<>();
    if (in.segmentStatus() != null) {
      for (Segment s : segs.values().stream().sorted(Comparator.comparingInt(Segment::id)).toList()) {
        if (s.status() == in.segmentStatus()) {
          continue; // already there: the inspection confirms it
        }
        if (!s.status().canMoveTo(in.segmentStatus())) {
          throw ApiException.conflict("segmentStatus", "error.segment-illegal-transition", s.code(), s.status(),
              in.segmentStatus());
        }
        toMove.add(s);
      }
    }

    // Writes.
    long id = jdbc.sql(InspectionSql.INSERT)
        .param("inspectedOn", in.inspectedOn())
        .param("organisations", String.join(",", in.organisations()))
        .param("outcome", in.outcome().name())
        .param("minutesRef", in.minutesRef())
        .param("notes", in.notes())
        .param("recordedBy", actor.username())
        .param("recordedOrg", actor.orgCode())
        .query(Long.class).single();
    jdbc.sql(InspectionSql.INSERT_SEGMENTS).param("inspectionId", id).param("ids", in.segmentIds()).update();
    if (!in.findings().isEmpty()) {
      jdbc.sql(InspectionSql.INSERT_FINDINGS).param("inspectionId", id)
          .param("findings", findingsJson(in.findings())).update();
    }
    OffsetDateTime now = OffsetDateTime.now();
    for (Segment s : toMove) {
      String field = "segmentIds[" + in.segmentIds().indexOf(s.id()) + "]";
      if (SegmentStatus.NEEDS_SIGNOFF.contains(in.segmentStatus())) {
        // Two-party sign-off holds here too: the recorder signs for their country; the move applies when the
        // other country's commission member has signed as well (through an inspection or the status API).
        segments.sign(s.id(), in.segmentStatus(), null, in.minutesRef(), id, actor, now, field);
        continue;
      }
      try {
        segments.applyTransition(s.id(), in.segmentStatus(), null, in.minutesRef(), id, actor, now, field);
      } catch (ApiException e) {
        if (e.status() == HttpStatus.CONFLICT) {
          throw ApiException.conflict("segmentStatus", "error.segment-illegal-transition", s.code(), s.status(),
              in.segmentStatus());
        }
        throw e;
      }
    }
    OffsetDateTime at = inspectedAt(in.inspectedOn());
    for (NewFinding f : in.findings().stream().sorted(Comparator.comparingInt(NewFinding::pillarId)).toList()) {
      Pillar p = pils.get(f.pillarId());
      if (p.lastInspectedAt() != null && p.lastInspectedAt().isAfter(at)) {
        continue; // a back-dated inspection records its finding but does not override newer knowledge
      }
      pillars.applyStatus(p.id(), f.condition().pillarStatus(p.status()), at, f.condition().name(), id, actor);
    }
    String doc = jdbc.sql(InspectionSql.ONE).param("id", id).query(String.class).single();
    audit.record(actor, "CREATE", "inspection", id, null, doc);
    return new Created(id, doc);
  }

  private Map<Integer, Pillar> lockPillars(List<NewFinding> findings) {
    Map<Integer, Pillar> out = new HashMap<>();
    if (findings.isEmpty()) {
      return out;
    }
    Set<Integer> ids = new HashSet<>();
    findings.forEach(f -> ids.add(f.pillarId()));
    jdbc.sql(InspectionSql.LOCK_PILLARS).param("ids", List.copyOf(ids))
        .query((rs, n) -> new Pillar(rs.getInt("id"), rs.getString("number"), rs.getInt("segment_id"),
            PillarStatus.valueOf(rs.getString("status")), rs.getObject("last_inspected_at", OffsetDateTime.class)))
        .list().forEach(p -> out.put(p.id(), p));
    return out;
  }

  private String findingsJson(List<NewFinding> findings) {
    ArrayNode arr = json.createArrayNode();
    for (NewFinding f : findings) {
      ObjectNode o = arr.addObject();
      o.put("i", f.index());
      o.put("pillar_id", f.pillarId());
      o.put("condition", f.condition().name());
      if (f.measured() != null) {
        o.put("lon", f.measured().x);
        o.put("lat", f.measured().y);
      }
      o.put("notes", f.notes());
    }
    return arr.toString();
  }

  /** One page of inspections, newest first. */
  String list(Integer segmentId, LocalDate from, LocalDate to, int page, int size) {
    long total = jdbc.sql(InspectionSql.COUNT)
        .param("segmentId", segmentId).param("from", from).param("to", to)
        .query(Long.class).single();
    String items = jdbc.sql(InspectionSql.PAGE)
        .param("segmentId", segmentId).param("from", from).param("to", to)
        .param("limit", size).param("offset", (long) page * size)
        .query(String.class).single();
    ObjectNode doc = json.createObjectNode().put("total", total).put("page", page).put("size", size);
    doc.putRawValue("items", new RawValue(items)); // the inspections as PostgreSQL aggregated them
    return json.writeValueAsString(doc);
  }

  String one(long id) {
    return jdbc.sql(InspectionSql.ONE).param("id", id).query(String.class).optional()
        .orElseThrow(() -> ApiException.notFound("inspection", id));
  }
}
