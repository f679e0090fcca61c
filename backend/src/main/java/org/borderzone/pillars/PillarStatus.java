package org.borderzone.pillars;

import org.borderzone.system.EnumParam;

/**
 * Status of a boundary pillar (DESIGN.md): {@code PLANNED} (agreed position, not yet in the field),
 * {@code PLACED} (built), {@code VERIFIED} (found in good condition at its agreed position by a joint
 * inspection), {@code DAMAGED} (damaged or displaced) and {@code MISSING}. Any status may follow any other:
 * the field decides.
 */
public enum PillarStatus {
  PLANNED, PLACED, VERIFIED, DAMAGED, MISSING;

  /** Parses a request value, or a 400 naming {@code field} and listing the accepted values. */
  public static PillarStatus parse(String value, String field) {
    return EnumParam.parse(PillarStatus.class, value, field);
  }
}
