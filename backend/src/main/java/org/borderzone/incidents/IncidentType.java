package org.borderzone.incidents;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Kinds of incident (DESIGN.md). Public: the hotspot analyses filter by it. */
public enum IncidentType {
  DRUG_TRAFFICKING, HUMAN_TRAFFICKING, SMUGGLING, ILLEGAL_LOGGING, WILDLIFE_TRAFFICKING, ILLEGAL_CROSSING,
  ARMED_INCURSION, TERRORISM, UXO, DISASTER, OTHER;

  /** The accepted values, for error messages. */
  public static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  /** The type named by {@code value} (case-insensitive, surrounding blanks ignored), or null. */
  public static IncidentType find(String value) {
    if (value == null) {
      return null;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
