package org.borderzone.exchange;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.borderzone.incidents.IncidentType;
import org.borderzone.system.ApiException;
import org.borderzone.system.EnumParam;
import org.borderzone.system.Limits;

/**
 * The bodies and query parameters of {@code /api/cases} and their checks (docs/EXCHANGE.md "Joint cases"): the
 * strict reader ({@code system.JsonBody}) has refused wrong JSON types, unknown enumeration values and malformed
 * ids, naming the path; these checks name the field of a missing, too long, repeated or out-of-bounds value
 * (400, or 422 for a bound). Nothing here reads the database.
 */
final class CaseRequests {

  static final int MAX_TITLE = 200;
  static final int MAX_NOTE = 2000;
  /** Incidents named by one request (a case may grow past this by later additions). */
  static final int MAX_INCIDENTS = 100;
  /** Candidates: the largest distance (km), time window (hours) and span of {@code from..to} (days). */
  static final double MAX_KM = 50;
  static final int MAX_HOURS = 24 * 366;
  static final int MAX_SPAN_DAYS = 366;
  /** When {@code from} is not given, candidates look this far back from {@code to}. */
  static final int DEFAULT_SPAN_DAYS = 90;
  /** Largest page of any list. */
  static final int MAX_LIMIT = 500;

  private CaseRequests() {}

  /** What kind of event a case links (V21 {@code joint_case.kind}). */
  enum Kind { CROSS_BORDER_PURSUIT, TRAFFICKING_ROUTE, SAME_EVENT, OTHER }

  /** A case's state (V21 {@code joint_case.state}). */
  enum State { PROPOSED, OPEN, CLOSED, REJECTED }

  /** {@code POST /api/cases}. */
  record ProposeBody(String title, Kind kind, List<UUID> incidents, String note) {}

  /** {@code POST /api/cases/{id}/confirm} and {@code /reject}: an optional note. */
  record DecisionBody(String note) {}

  /** {@code POST /api/cases/{id}/close}. */
  record CloseBody(String reason) {}

  /** {@code POST /api/cases/{id}/incidents}. */
  record AddBody(List<UUID> incidents) {}

  /** The checked parameters of {@code GET /api/cases/candidates}. */
  record CandidateQuery(double withinM, int hours, OffsetDateTime from, OffsetDateTime to, String type, int limit) {}

  /** A required text of 1..{@code max} characters after trimming. */
  static String requiredText(String v, String field, int max) {
    if (v == null || v.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    return optionalText(v, field, max);
  }

  /** An optional text of at most {@code max} characters after trimming; blank is null. */
  static String optionalText(String v, String field, int max) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.strip();
    if (s.length() > max) {
      throw ApiException.badField(field, "error.too-long", max);
    }
    return s;
  }

  /** 1..{@code max} distinct ids, none null ({@code min} is the least number). */
  static List<UUID> incidentIds(List<UUID> ids, int min) {
    if (ids == null) {
      throw ApiException.badField("incidents", "error.required");
    }
    if (ids.size() < min) {
      throw ApiException.unprocessable("incidents", "error.case.too-few", min, ids.size());
    }
    Limits.check("incidents", "error.case.too-many", MAX_INCIDENTS, ids.size());
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      UUID id = ids.get(i);
      if (id == null) {
        throw ApiException.badField("incidents[" + i + "]", "error.required");
      }
      if (!seen.add(id)) {
        throw ApiException.badField("incidents[" + i + "]", "error.duplicate", id);
      }
    }
    return ids;
  }

  /** The candidates' parameters, checked: each bound a 422 naming the parameter. */
  static CandidateQuery candidates(Double withinKm, Integer hours, String from, String to, String type,
      Integer limit, Instant now) {
    double km = withinKm == null ? 5 : withinKm;
    if (!Double.isFinite(km) || km <= 0) {
      throw ApiException.badField("withinKm", "error.case.positive", String.valueOf(km));
    }
    if (km > MAX_KM) {
      throw Limits.over("withinKm", "error.case.limit-km", MAX_KM, km);
    }
    int h = hours == null ? 72 : hours;
    if (h < 1) {
      throw ApiException.badField("hours", "error.min", 1);
    }
    Limits.check("hours", "error.case.limit-hours", MAX_HOURS, h);
    OffsetDateTime t = to == null || to.isBlank() ? now.atOffset(ZoneOffset.UTC) : time(to, "to");
    OffsetDateTime f = from == null || from.isBlank() ? t.minusDays(DEFAULT_SPAN_DAYS) : time(from, "from");
    if (!f.isBefore(t)) {
      throw ApiException.badField("from", "error.date-order");
    }
    long days = (Duration.between(f, t).toMinutes() + 1439) / 1440;
    Limits.check("from", "error.case.limit-span", MAX_SPAN_DAYS, days);
    String ty = type == null || type.isBlank() ? null : EnumParam.parse(IncidentType.class, type, "type").name();
    return new CandidateQuery(km * 1000, h, f, t, ty, limit(limit, 50));
  }

  /** A page size: default {@code dflt}, at least 1, at most {@link #MAX_LIMIT} (422). */
  static int limit(Integer limit, int dflt) {
    int l = limit == null ? dflt : limit;
    if (l < 1) {
      throw ApiException.badField("limit", "error.min", 1);
    }
    Limits.check("limit", "error.case.limit-page", MAX_LIMIT, l);
    return l;
  }

  static int offset(Integer offset) {
    int o = offset == null ? 0 : offset;
    if (o < 0) {
      throw ApiException.badField("offset", "error.min", 0);
    }
    return o;
  }

  static State state(String v) {
    return v == null || v.isBlank() ? null : EnumParam.parse(State.class, v, "state");
  }

  /** An ISO 8601 date (midnight UTC) or date-time with offset; null when blank. */
  static OffsetDateTime optionalTime(String v, String field) {
    return v == null || v.isBlank() ? null : time(v, field);
  }

  static OffsetDateTime time(String v, String field) {
    String s = v.strip();
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException ignored) {
      // a date next
    }
    try {
      return LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.time-format", s.length() > 40 ? s.substring(0, 40) : s);
    }
  }
}
