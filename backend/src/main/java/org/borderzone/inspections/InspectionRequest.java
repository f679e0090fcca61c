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
 * Reads the body of {@code POST /api/inspections} into a {@link NewInspection}, checking form only (types,
 * enumerations, lengths, counts, duplicates, positions). Every problem is collected with its JSON path
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

  private final List<ApiException.FieldError> errors = new ArrayList<>();
  private final List<ApiException.FieldError> unprocessable = new ArrayList<>();

  /** The organisation codes of the registry ({@code Organisations}), in its order. */
  private final List<String> known;

  private InspectionRequest(List<String> known) {
    this.known = known;
  }

  /**
   * Parses {@code body}; {@code today} is the latest accepted inspection date, {@code organisations} the codes
   * that exist.
   *
   * @throws ApiException 400 listing every malformed field (or 422 for a measured position outside the area
   *     of interest when nothing is malformed)
   */
  static NewInspection parse(JsonNode body, LocalDate today, List<String> organisations) {
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

  private NewInspection read(JsonNode body, LocalDate today) {
    if (body == null || !body.isObject()) {
      error("body", "error.wrong-type", body == null ? "null" : body.getNodeType().toString());
      return null;
    }
    LocalDate inspectedOn = date(body.get("inspectedOn"), "inspectedOn", today);
    List<String> organisations = organisations(body.get("organisations"));
    List<Integer> segmentIds = segmentIds(body.get("segmentIds"));
    Outcome outcome = outcome(body.get("outcome"));
    String minutesRef = text(body.get("minutesRef"), "minutesRef", MAX_MINUTES_REF);
    String notes = text(body.get("notes"), "notes", MAX_NOTES);
    SegmentStatus segmentStatus = null;
    String st = text(body.get("segmentStatus"), "segmentStatus", 64);
    if (st != null) {
      try {
        segmentStatus = SegmentStatus.parse(st, "segmentStatus");
      } catch (ApiException e) {
        errors.addAll(e.errors());
      }
    }
    List<NewFinding> findings = findings(body.get("findings"));
    return new NewInspection(inspectedOn, organisations, segmentIds, outcome, minutesRef, notes, segmentStatus,
        findings);
  }

  private static boolean absent(JsonNode n) {
    return n == null || n.isNull();
  }

  private LocalDate date(JsonNode n, String field, LocalDate today) {
    if (absent(n) || n.isString() && n.asString().isBlank()) {
      error(field, "error.required");
      return null;
    }
    if (!n.isString()) {
      error(field, "error.wrong-type", n.toString());
      return null;
    }
    LocalDate d;
    try {
      d = LocalDate.parse(n.asString().strip());
    } catch (DateTimeParseException e) {
      error(field, "error.wrong-type", n.asString());
      return null;
    }
    if (d.isAfter(today)) {
      error(field, "error.date-future");
    }
    return d;
  }

  /** Optional text: blank is absent; longer than {@code max} characters is an error. */
  private String text(JsonNode n, String field, int max) {
    if (absent(n)) {
      return null;
    }
    if (!n.isString()) {
      error(field, "error.wrong-type", n.toString());
      return null;
    }
    String s = n.asString();
    if (s.length() > max) {
      error(field, "error.too-long", String.valueOf(max));
      return null;
    }
    return s.isBlank() ? null : s.strip();
  }

  /** An array of 1..max items, or null after recording an error. */
  private JsonNode array(JsonNode n, String field, int max, boolean required) {
    if (absent(n)) {
      if (required) {
        error(field, "error.required");
      }
      return null;
    }
    if (!n.isArray()) {
      error(field, "error.wrong-type", n.toString());
      return null;
    }
    if (n.isEmpty() && required) {
      error(field, "error.empty");
      return null;
    }
    if (n.size() > max) {
      error(field, "error.too-many", String.valueOf(max));
      return null;
    }
    return n;
  }

  private List<String> organisations(JsonNode n) {
    JsonNode arr = array(n, "organisations", known.size(), true);
    Set<String> out = new LinkedHashSet<>();
    if (arr == null) {
      return List.of();
    }
    for (int i = 0; i < arr.size(); i++) {
      String field = "organisations[" + i + "]";
      JsonNode e = arr.get(i);
      if (absent(e) || !e.isString() || e.asString().isBlank()) {
        error(field, absent(e) ? "error.required" : "error.wrong-type", String.valueOf(e));
        continue;
      }
      String code = e.asString().strip().toUpperCase(Locale.ROOT);
      if (!known.contains(code)) {
        error(field, "error.unknown-value", e.asString(), String.join(", ", known));
      } else if (!out.add(code)) {
        error(field, "error.duplicate", code);
      }
    }
    return List.copyOf(out);
  }

  /** A JSON integer that fits an {@code int} (no fractions, no numeric strings), or null after an error. */
  private Integer intValue(JsonNode n, String field) {
    if (absent(n)) {
      error(field, "error.required");
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      error(field, "error.wrong-type", n.toString());
      return null;
    }
    return n.asInt();
  }

  private List<Integer> segmentIds(JsonNode n) {
    JsonNode arr = array(n, "segmentIds", MAX_SEGMENTS, true);
    List<Integer> out = new ArrayList<>();
    if (arr == null) {
      return out;
    }
    Set<Integer> seen = new java.util.HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "segmentIds[" + i + "]";
      Integer id = intValue(arr.get(i), field);
      if (id == null) {
        continue;
      }
      if (!seen.add(id)) {
        error(field, "error.duplicate", String.valueOf(id));
      }
      out.add(id);
    }
    return out;
  }

  private Outcome outcome(JsonNode n) {
    return enumValue(n, "outcome", Outcome.class, true);
  }

  private <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type, boolean required) {
    if (absent(n) || n.isString() && n.asString().isBlank()) {
      if (required) {
        error(field, "error.required");
      }
      return null;
    }
    String expected = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    if (!n.isString()) {
      error(field, "error.unknown-value", n.toString(), expected);
      return null;
    }
    try {
      return Enum.valueOf(type, n.asString().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      error(field, "error.unknown-value", n.asString(), expected);
      return null;
    }
  }

  private List<NewFinding> findings(JsonNode n) {
    JsonNode arr = array(n, "findings", MAX_FINDINGS, false);
    List<NewFinding> out = new ArrayList<>();
    if (arr == null) {
      return out;
    }
    Map<Integer, Integer> seen = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "findings[" + i + "]";
      JsonNode f = arr.get(i);
      if (absent(f) || !f.isObject()) {
        error(field, absent(f) ? "error.required" : "error.wrong-type", String.valueOf(f));
        continue;
      }
      Integer pillarId = intValue(f.get("pillarId"), field + ".pillarId");
      if (pillarId != null && seen.putIfAbsent(pillarId, i) != null) {
        error(field + ".pillarId", "error.duplicate", String.valueOf(pillarId));
      }
      Condition condition = enumValue(f.get("condition"), field + ".condition", Condition.class, true);
      Coordinate measured = null;
      JsonNode m = f.get("measured");
      if (!absent(m)) {
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
      String notes = text(f.get("notes"), field + ".notes", MAX_NOTES);
      if (pillarId != null && condition != null) {
        out.add(new NewFinding(i, pillarId, condition, measured, notes));
      }
    }
    return out;
  }
}
