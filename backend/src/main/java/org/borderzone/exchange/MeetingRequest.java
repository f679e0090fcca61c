package org.borderzone.exchange;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;
import org.springframework.http.HttpStatus;

/**
 * The bodies of the meeting endpoints as the strict reader binds them ({@code system.JsonBody}: wrong JSON types,
 * duplicate keys and trailing data are already 400s naming the path), and the checks of their meaning: required
 * fields and formats (400, every problem at once, each naming its field), text lengths (422 naming the field and
 * the limit, {@link Limits#over}). References to stored rows are checked by {@link MeetingService} (422).
 */
final class MeetingRequest {

  static final int MAX_TITLE = 200;
  static final int MAX_PLACE = 200;
  static final int MAX_PARTIES = 10;
  static final int MAX_NAME = 200;
  static final int MAX_POSITION = 200;
  static final int MAX_AGENDA_TITLE = 500;
  static final int MAX_NOTES = 5000;
  static final int MAX_DECISION = 5000;
  static final int MAX_ACTION = 2000;
  static final int MAX_MINUTES = 100_000;
  static final int MAX_REF_ID = 64;

  /** What a meeting is. */
  enum Kind { JBC, SECURITY, TRILATERAL }

  /** What an agenda item may name. */
  enum RefKind { SEGMENT, INCIDENT, CASE, MESSAGE;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record NewMeeting(String kind, String title, String place, String startsAt, List<String> parties) {}

  record NewAttendee(String org, String name, String position) {}

  record Ref(String kind, String id) {}

  record NewAgendaItem(String title, String notes, Ref ref) {}

  record NewDecision(String agendaItem, String text) {}

  record NewAction(String decision, String text, String ownerOrg, String dueDate) {}

  record Minutes(String text, Integer version) {}

  record Signature(String sha256) {}

  /** The optional body of a state move ({@code held}, {@code done}, {@code cancel}): the version last seen. */
  record Move(Integer version) {}

  private final List<ApiException.FieldError> errors = new ArrayList<>();

  MeetingRequest() {}

  void error(String field, String code, Object... args) {
    errors.add(new ApiException.FieldError(field, code, args));
  }

  /** Throws the collected 400, if any. */
  void done() {
    if (!errors.isEmpty()) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "problem.invalid-input", errors);
    }
  }

  static void bodyPresent(Object body) {
    if (body == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
  }

  /** A required (or optional) text, stripped; over {@code max} characters a 422 naming the field. */
  String text(String v, String field, int max, boolean required) {
    if (v == null || v.isBlank()) {
      if (required) {
        error(field, "error.required");
      }
      return null;
    }
    String s = v.strip();
    if (s.length() > max) {
      throw Limits.over(field, "error.meetings.too-long", max, s.length());
    }
    return s;
  }

  OffsetDateTime instant(String v, String field) {
    if (v == null || v.isBlank()) {
      error(field, "error.required");
      return null;
    }
    try {
      return OffsetDateTime.parse(v.strip());
    } catch (DateTimeParseException e) {
      error(field, "error.wrong-type", v);
      return null;
    }
  }

  LocalDate date(String v, String field) {
    if (v == null || v.isBlank()) {
      error(field, "error.required");
      return null;
    }
    try {
      return LocalDate.parse(v.strip());
    } catch (DateTimeParseException e) {
      error(field, "error.wrong-type", v);
      return null;
    }
  }

  /** An optional public id (UUID). */
  UUID uuid(String v, String field, boolean required) {
    if (v == null || v.isBlank()) {
      if (required) {
        error(field, "error.required");
      }
      return null;
    }
    try {
      return UUID.fromString(v.strip());
    } catch (IllegalArgumentException e) {
      error(field, "error.wrong-type", v);
      return null;
    }
  }

  <E extends Enum<E>> E enumValue(String v, String field, Class<E> type) {
    if (v == null || v.isBlank()) {
      error(field, "error.required");
      return null;
    }
    try {
      return Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      StringBuilder known = new StringBuilder();
      for (E c : type.getEnumConstants()) {
        known.append(known.length() > 0 ? ", " : "").append(type == RefKind.class ? c.name().toLowerCase(Locale.ROOT)
            : c.name());
      }
      error(field, "error.unknown-value", v, known.toString());
      return null;
    }
  }

  /** A SHA-256 in hex (64 characters), lower-cased. */
  String sha256(String v, String field) {
    if (v == null || v.isBlank()) {
      error(field, "error.required");
      return null;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    if (!s.matches("[0-9a-f]{64}")) {
      error(field, "error.meetings.not-sha256", v.length() > 80 ? v.substring(0, 80) + "…" : v);
      return null;
    }
    return s;
  }
}
