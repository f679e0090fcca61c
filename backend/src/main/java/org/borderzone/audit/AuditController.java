package org.borderzone.audit;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Role;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit?entity=&user=&from=&to=&page=&size=}: the audit trail, newest first, paged
 * ({@code page} from 0, {@code size} 1–500, default 50) as {@code {total, page, size, items}}.
 * {@code ADMIN} reads everything; {@code COMMISSION} reads the joint data only ({@link #JOINT}: segments,
 * pillars, inspections, sign-offs and joint cases — never incidents, users or imports). {@code from} and {@code to} are
 * ISO 8601 instants or dates (a date {@code to} includes that whole day, UTC). On top of that, every entity's
 * own read rule ({@link AuditVisibility}: incidents by releasability, plans by owner or jointness) decides which
 * of its events the caller sees, ADMIN included.
 */
@RestController
class AuditController {

  /**
   * Entities whose audit trail the joint commission may read (the exchange's are filtered to their parties by
   * their own {@link AuditVisibility}).
   */
  static final Set<String> JOINT = Set.of("segment", "pillar", "inspection", "signoff",
      // the exchange (issue 12): each shown to the members of its parties only (exchange.*AuditVisibility)
      "liaison_message", "incident_release", "joint_case", "meeting", "meeting_attendee", "agenda_item",
      "meeting_decision", "action_item", "minutes_signoff");
  static final int MAX_SIZE = 500;

  private final AuditQueries queries;
  private final CurrentActor actor;

  AuditController(AuditQueries queries, CurrentActor actor) {
    this.queries = queries;
    this.actor = actor;
  }

  @GetMapping(path = "/api/audit", produces = "application/json")
  String audit(@RequestParam(required = false) String entity, @RequestParam(required = false) String user,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
    Actor me = actor.get();
    boolean jointOnly = me.role() != Role.ADMIN;
    String ent = entity == null || entity.isBlank() ? null : entity.trim();
    if (jointOnly && ent != null && !JOINT.contains(ent)) {
      throw new ApiException(HttpStatus.FORBIDDEN, "problem.forbidden",
          List.of(new ApiException.FieldError("entity", "error.audit-joint-only", String.join(", ", JOINT.stream()
              .sorted().toList()))));
    }
    if (page < 0) {
      throw ApiException.badField("page", "error.min", 0);
    }
    if (size < 1 || size > MAX_SIZE) {
      throw ApiException.badField("size", "error.range", 1, MAX_SIZE);
    }
    OffsetDateTime fromAt = instant(from, "from", false);
    OffsetDateTime toAt = instant(to, "to", true);
    if (fromAt != null && toAt != null && fromAt.isAfter(toAt)) {
      throw ApiException.badField("from", "error.date-order");
    }
    return queries.page(ent, user == null || user.isBlank() ? null : user.trim(), fromAt, toAt, jointOnly,
        me.orgCode(), page, size);
  }

  /** An ISO 8601 instant, or a date (start of day UTC; for an upper bound the end of that day). */
  static OffsetDateTime instant(String value, String field, boolean endOfDay) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      if (v.length() == 10) {
        LocalDate d = LocalDate.parse(v);
        return (endOfDay ? d.plusDays(1) : d).atStartOfDay().atOffset(ZoneOffset.UTC).minusNanos(endOfDay ? 1000 : 0);
      }
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badField(field, "error.wrong-type", value);
    }
  }
}
