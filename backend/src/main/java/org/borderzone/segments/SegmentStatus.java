package org.borderzone.segments;

import java.util.EnumSet;
import java.util.Set;
import org.borderzone.system.EnumParam;

/**
 * Demarcation status of a border segment and its legal transitions (DESIGN.md):
 * {@code PENDING → SURVEYED → DEMARCATED → RATIFIED}, one step at a time; {@code DISPUTED} can be entered
 * from any state and left only by a commission decision, to any other state.
 */
public enum SegmentStatus {
  PENDING, SURVEYED, DEMARCATED, RATIFIED, DISPUTED;

  /** Whether a segment in this status may move to {@code to}. */
  public boolean canMoveTo(SegmentStatus to) {
    if (to == this) {
      return false;
    }
    if (to == DISPUTED || this == DISPUTED) {
      return true;
    }
    return to.ordinal() == ordinal() + 1;
  }

  /** Whether this status counts as demarcated in progress figures (DEMARCATED or RATIFIED). */
  public boolean demarcated() {
    return this == DEMARCATED || this == RATIFIED;
  }

  /** Statuses that need the two-party sign-off (a KH and an LA commission member). */
  public static final Set<SegmentStatus> NEEDS_SIGNOFF = EnumSet.of(DEMARCATED, RATIFIED);

  /** Parses a request value, or a 400 naming {@code field} and listing the accepted values. */
  public static SegmentStatus parse(String value, String field) {
    return EnumParam.parse(SegmentStatus.class, value, field);
  }
}
