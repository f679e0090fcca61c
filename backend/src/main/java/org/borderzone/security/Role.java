package org.borderzone.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.borderzone.system.ApiException;

/**
 * Roles of DESIGN.md. Every role may read ({@code VIEWER}); {@code COMMISSION}, {@code PLANNER} and
 * {@code PATROL} add their own rights; {@code ADMIN} may do everything. The hierarchy is declared once in
 * {@link SecurityConfig#roleHierarchy()}.
 */
public enum Role {
  VIEWER, COMMISSION, PLANNER, PATROL, ADMIN;

  /** The Spring Security authority name, e.g. {@code ROLE_COMMISSION}. */
  String authority() {
    return "ROLE_" + name();
  }

  static Role parse(String value, String field) {
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
