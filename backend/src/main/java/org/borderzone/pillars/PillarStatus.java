package org.borderzone.pillars;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.borderzone.system.ApiException;

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
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badField(field, "error.unknown-value", value,
          Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
