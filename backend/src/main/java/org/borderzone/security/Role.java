package org.borderzone.security;

import org.borderzone.system.EnumParam;

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
    return EnumParam.parse(Role.class, value, field);
  }
}
