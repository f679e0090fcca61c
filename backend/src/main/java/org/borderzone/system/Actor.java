package org.borderzone.system;

/**
 * Who is acting: the user name, their organisation and role. Every write records it in the audit trail, every
 * read of national data is filtered by {@link #org()}, and every write is checked by {@link Ownership}.
 * {@code org} is null only for {@link #sharedOnly()}, a viewer that belongs to no organisation.
 */
public record Actor(String username, Organisation org, Role role) {

  /**
   * The code of the joint body as V1 seeds it: the one organisation code server code names. The server acts as
   * the joint body when it acts on its own (reference import, demo seeding); a code never changes (the admin API
   * changes names and the active flag only) and there is at most one JOINT organisation (V26), so this is that
   * row. {@code OrganisationAdminIT} checks that the registry's joint body is this one.
   */
  public static final String SEEDED_JOINT_BODY = "JBC";

  /** The server itself (reference data import, demo seeding), acting for the joint commission. */
  public static final Actor SYSTEM = new Actor("system", Organisation.of(SEEDED_JOINT_BODY), Role.ADMIN);

  public Actor {
    if (username == null || role == null) {
      throw new IllegalArgumentException("an actor needs a user name and a role");
    }
  }

  /**
   * The organisation code as SQL binds it ({@code :viewerOrg}, {@code owner_org}...); {@code ""} for an actor
   * without organisation, which matches no owner.
   */
  public String orgCode() {
    return org == null ? "" : org.code();
  }

  /** Whether the actor belongs to {@code o}. */
  public boolean belongsTo(Organisation o) {
    return org != null && org.equals(o);
  }

  /** The same user seeing as no organisation: only SHARED data (a joint plan's hot cells, say). */
  public Actor sharedOnly() {
    return new Actor(username, null, role);
  }
}
