package org.borderzone.system;

/**
 * Who is acting: the user name, their organisation ({@code KH}, {@code LA} or {@code JBC}) and role. Every
 * write records it in the audit trail and every read of national data is filtered by {@link #org()}.
 */
public record Actor(String username, String org, String role) {

  /** The server itself (reference data import, demo seeding). */
  public static final Actor SYSTEM = new Actor("system", "JBC", "ADMIN");
}
