package org.borderzone.inspections;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Geo;
import org.borderzone.segments.SegmentStatus;
import org.borderzone.system.ApiException;
import org.locationtech.jts.geom.Coordinate;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Checks the body of {@code POST /api/inspections} (already read by the strict reader, which refused wrong
 * JSON types, fractions and out-of-range integers) into a {@link NewInspection}: enumerations, lengths, counts,
 * duplicates, positions. Every problem is collected with its JSON path
 * (e.g. {@code findings[3].measured[1]}) and reported together as one 400. References to stored rows are
 * checked later by {@link InspectionService} (422).
 */
final class InspectionRequest {

  static final int MAX_SEGMENTS = 200;
  static final int MAX_FINDINGS = 500;
  static final int MAX_MINUTES_REF = 200;
  static final int MAX_NOTES = 4000;

  /** A parsed finding; {@code measured} is null when no position was measured. */
  record NewFinding(int index, int pillarId, Condition condition, Coordinate measured, String notes) {
    String field() {
      return "findings[" + index + "]";
    }
  }

  /** A parsed inspection request; {@code segmentStatus} is null when segments keep their status. */
  record NewInspection(LocalDate inspectedOn, List<String> organisations, List<Integer> segmentIds, Outcome outcome,
      String minutesRef, String notes, SegmentStatus segmentStatus, List<NewFinding> findings) {}

  /** The body of {@code POST /api/inspections} as read by the strict reader; {@link #parse} checks its meaning. */
  record Body(String inspectedOn, List<String> organisations, List<Integer> segmentIds, String outcome,
      String minutesRef, String notes, String segmentStatus, List<FindingBody> findings) {}

  /** One finding of the body; {@code measured} is a GeoJSON position checked by {@code geo.Geo}. */
  record FindingBody(Integer pillarId, String condition, JsonNode measured, String notes) {}

  private final List<ApiException.FieldError> errors = new ArrayList<>();
  private final List<ApiException.FieldError> unprocessable = new ArrayList<>();

  /** The organisation codes of the registry ({@code Organisations}), in its order. */
  private final List<String> known;

  private InspectionRequest(List<String> known) {
    this.known = known;
  }

  /**
   * Checks {@code body}; {@code today} is the latest accepted inspection date, {@code organisations} the codes
   * that exist.
   *
   * @throws ApiException 400 listing every malformed field (or 422 for a measured position outside the area
   *     of interest when nothing is malformed)
   */
  static NewInspection parse(Body body, LocalDate today, List<String> organisations) {
    InspectionRequest r = new InspectionRequest(organisations);
    NewInspection in = r.read(body, today);
    if (!r.errors.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", r.errors);
    }
    if (!r.unprocessable.isEmpty()) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "problem.unprocessable", r.unprocessable);
    }
    return in;
  }

  private void error(String field, String code, Object... args) {
    errors.add(new ApiException.FieldError(field, code, args));
  }

  private NewInspection read(Body body, LocalDate today) {
    if (body == null) {
      error("body", "error.body-missing");
      return null;
    }
    LocalDate inspectedOn = date(body.inspectedOn(), "inspectedOn", today);
    List<String> organisations = organisations(body.organisations());
    List<Integer> segmentIds = segmentIds(body.segmentIds());
    Outcome outcome = enumValue(body.outcome(), "outcome", Outcome.class, true);
    String minutesRef = text(body.minutesRef(), "minutesRef", MAX_MINUTES_REF);
    String notes = text(body.notes(), "notes", MAX_NOTES);
    SegmentStatus segmentStatus = null;
    String st = text(body.segmentStatus(), "segmentStatus", 64);
    if (st != null) {
      try {
        segmentStatus = SegmentStatus.parse(st, "segmentStatus");
      } catch (ApiException e) {
        errors.addAll(e.errors());
      }
    }
    List<NewFinding> findings = findings(body.findings());
    return new NewInspection(inspectedOn, organisations, segmentIds, outcome, minutesRef, notes, segmentStatus,
        findings);
  }

  private LocalDate date(String v, String field, LocalDate today) {
    if (v == null || v.isBlank()) {
      error(field, "error.required");
      return null;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(v.strip());
    } catch (DateTimeParseException e) {
      error(field, "error.wrong-type", v);
      return null;
    }
    if (d.isAfter(today)) {
      error(field, "error.date-future");
    }
    return d;
  }

  /** Optional text: blank is absent; longer than {@code max} characters is an error. */
  private String text(String s, String field, int max) {
    if (s == null) {
      return null;
    }
    if (s.length() > max) {
      error(field, "error.too-long", String.valueOf(max));
      return null;
    }
    return s.isBlank() ? null : s.strip();
  }

  /** Whether a list of 1..max items (or, when not required, absent) is acceptable; records the error if not. */
  private boolean sized(List<?> n, String field, int max, boolean required) {
    if (n == null) {
      if (required) {
        error(field, "error.required");
      }
      return false;
    }
    if (n.isEmpty() && required) {
      error(field, "error.empty");
      return false;
    }
    if (n.size() > max) {
      error(field, "error.too-many", String.valueOf(max));
      return false;
    }
    return true;
  }

  private List<String> organisations(List<String> arr) {
    Set<String> out = new LinkedHashSet<>();
    if (!sized(arr, "organisations", known.size(), true)) {
      return List.of();
    }
    for (int i = 0; i < arr.size(); i++) {
      String field = "organisations[" + i + "]";
      String e = arr.get(i);
      if (e == null || e.isBlank()) {
        error(field, e == null ? "error.required" : "error.wrong-type", String.valueOf(e));
        continue;
      }
      String code = e.strip().toUpperCase(Locale.ROOT);
      if (!known.contains(code)) {
        error(field, "error.unknown-value", e, String.join(", ", known));
      } else if (!out.add(code)) {
        error(field, "error.duplicate", code);
      }
    }
    return List.copyOf(out);
  }

  private List<Integer> segmentIds(List<Integer> arr) {
    List<Integer> out = new ArrayList<>();
    if (!sized(arr, "segmentIds", MAX_SEGMENTS, true)) {
      return out;
    }
    Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "segmentIds[" + i + "]";
      Integer id = arr.get(i);
      if (id == null) {
        error(field, "error.required");
        continue;
      }
      if (!seen.add(id)) {
        error(field, "error.duplicate", String.valueOf(id));
      }
      out.add(id);
    }
    return out;
  }

  private <E extends Enum<E>> E enumValue(String v, String field, Class<E> type, boolean required) {
    if (v == null || v.isBlank()) {
      if (required) {
        error(field, "error.required");
      }
      return null;
    }
    try {
      return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      error(field, "error.unknown-value", v,
          Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
      return null;
    }
  }

  private List<NewFinding> findings(List<FindingBody> arr) {
    List<NewFinding> out = new ArrayList<>();
    if (!sized(arr, "findings", MAX_FINDINGS, false)) {
      return out;
    }
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "findings[" + i + "]";
      FindingBody f = arr.get(i);
      if (f == null) {
        error(field, "error.required");
        continue;
      }
      Integer pillarId = f.pillarId();
      if (pillarId == null) {
        error(field + ".pillarId", "error.required");
      } else if (seen.putIfAbsent(pillarId, i) != null) {
        error(field + ".pillarId", "error.duplicate", String.valueOf(pillarId));
      }
      Condition condition = enumValue(f.condition(), field + ".condition", Condition.class, true);
      Coordinate measured = null;
      JsonNode m = f.measured();
      if (m != null && !m.isNull()) {
        if (condition == Condition.MISSING) {
          error(field + ".measured", "error.measured-missing");
        } else {
          try {
            measured = Geo.position(m, field + ".measured", AreaOfInterest.CAMBODIA_LAOS);
          } catch (ApiException e) {
            (e.status() == HttpStatus.BAD_REQUEST ? errors : unprocessable).addAll(e.errors());
          }
        }
      }
      String notes = text(f.notes(), field + ".notes", MAX_NOTES);
      if (pillarId != null && condition != null) {
        out.add(new NewFinding(i, pillarId, condition, measured, notes));
      }
    }
    return out;
  }
}
