package org.borderzone.incidents;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Life cycle of an incident report. Transitions ({@code POST /api/incidents/{id}/status}):
 * <pre>
 *   REPORTED ──► VERIFIED ──► CLOSED
 *      │            │
 *      └──► DISMISSED ◄┘
 * </pre>
 * A report is verified or dismissed; a verified incident is closed (handled) or dismissed after all.
 * CLOSED and DISMISSED are final. Anything else is refused with 409.
 */
enum IncidentStatus {
  REPORTED, VERIFIED, CLOSED, DISMISSED;

  static final String NAMES = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));

  boolean canMoveTo(IncidentStatus to) {
    return switch (this) {
      case REPORTED -> to == VERIFIED || to == DISMISSED;
      case VERIFIED -> to == CLOSED || to == DISMISSED;
      case CLOSED, DISMISSED -> false;
    };
  }

  static IncidentStatus find(String value) {
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
