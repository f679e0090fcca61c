package org.borderzone.system;

/**
 * Roles of DESIGN.md. Every role may read ({@code VIEWER}); {@code COMMISSION}, {@code PLANNER} and
 * {@code PATROL} add their own rights; {@code ADMIN} may do everything the route table allows. The hierarchy is
 * declared once in {@code security.SecurityConfig#roleHierarchy()}; what a role may change of whose data is
 * decided by {@link Ownership}.
 */
public enum Role {
  VIEWER, COMMISSION, PLANNER, PATROL, ADMIN;

  /** The Spring Security authority name, e.g. {@code ROLE_COMMISSION}. */
  public String authority() {
    return "ROLE_" + name();
  }

  /** A request value (trimmed, case-insensitive), or a 400 naming {@code field}. */
  public static Role parse(String value, String field) {
    return EnumParam.parse(Role.class, value, field);
  }
}
