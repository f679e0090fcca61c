package org.borderzone.security;

import java.util.Collection;
import java.util.List;
import org.borderzone.i18n.Languages;
import org.borderzone.system.Role;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated principal: a row of {@code app_user}. It is serialised into the HTTP session (Spring
 * Session JDBC) once the password hash has been erased after authentication.
 */
public final class BorderzoneUser implements UserDetails, CredentialsContainer, Languages.Preferring {

  private static final long serialVersionUID = 1L;

  private final long id;
  private final String username;
  private final String displayName;
  private final String org;
  private final Role role;
  private final boolean enabled;
  private String passwordHash;
  /** The stored UI language, null for none (a field added later: older sessions deserialise it as null). */
  private final String language;

  BorderzoneUser(long id, String username, String displayName, String org, Role role, boolean enabled,
      String passwordHash, String language) {
    this.id = id;
    this.username = username;
    this.displayName = displayName;
    this.org = org;
    this.role = role;
    this.enabled = enabled;
    this.passwordHash = passwordHash;
    this.language = language;
  }

  /** The same user with another stored language (for the session after {@code PUT /api/me/language}). */
  BorderzoneUser withLanguage(String newLanguage) {
    return new BorderzoneUser(id, username, displayName, org, role, enabled, null, newLanguage);
  }

  /** {@code en}, {@code km}, {@code lo}, or null when the user never chose one. */
  @Override
  public String language() {
    return language;
  }

  public long id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** {@code KH}, {@code LA} or {@code JBC}. */
  public String org() {
    return org;
  }

  public Role role() {
    return role;
  }

  @Override
  public Collection<? extends GrantedAuthority> getAuthorities() {
    return List.of(new SimpleGrantedAuthority(role.authority()));
  }

  @Override
  public String getPassword() {
    return passwordHash;
  }

  @Override
  public String getUsername() {
    return username;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public void eraseCredentials() {
    passwordHash = null;
  }

  @Override
  public String toString() {
    return "BorderzoneUser[" + username + ", " + org + ", " + role + "]";
  }
}
