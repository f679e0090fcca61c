package org.borderzone.exchange;

import org.borderzone.audit.AuditVisibility;
import org.springframework.stereotype.Component;

/**
 * The meetings' read rule in the audit trail: an event of a meeting or of one of its parts is shown only to the
 * members of the meeting's parties. Every such audit document carries the meeting's {@code parties} (the meeting
 * row itself, or a part with its meeting's parties added: {@code MeetingSql.PART_JSON}); the parties never change.
 */
abstract class MeetingAuditVisibility implements AuditVisibility {

  /** The audit entities of the meetings. */
  static final java.util.List<String> ENTITIES = java.util.List.of("meeting", "meeting_attendee", "agenda_item",
      "meeting_decision", "action_item", "minutes_signoff");

  @Override
  public String condition() {
    return "coalesce(a.after, a.before) -> 'parties' @> jsonb_build_array(cast(:viewerOrg as text))";
  }

  @Component
  static final class Meeting extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "meeting";
    }
  }

  @Component
  static final class Attendee extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "meeting_attendee";
    }
  }

  @Component
  static final class AgendaItem extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "agenda_item";
    }
  }

  @Component
  static final class Decision extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "meeting_decision";
    }
  }

  @Component
  static final class ActionItem extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "action_item";
    }
  }

  @Component
  static final class Signoff extends MeetingAuditVisibility {
    @Override
    public String entity() {
      return "minutes_signoff";
    }
  }
}
