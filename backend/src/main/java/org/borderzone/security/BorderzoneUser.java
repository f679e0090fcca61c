package org.borderzone.security;

import java.util.Collection;
import java.util.List;
import org.borderzone.system.Role;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated principal: a row of {@code app_user}. It is serialised into the HTTP session (Spring
 * Session JDBC) once the password hash has been erased after authentication.
 */
public final class BorderzoneUser implements UserDetails, CredentialsContainer {

  private static final long serialVersionUID = 1L;

  private final long id;
  private final String username;
  private final String displayName;
  private final String org;
  private final Role role;
  private final boolean enabled;
  private String passwordHash;

  BorderzoneUser(long id, String username, String displayName, String org, Role role, boolean enabled,
      String passwordHash) {
    this.id = id;
    this.username = username;
    this.displayName = displayName;
    this.org = org;
    this.role = role;
    this.enabled = enabled;
    this.passwordHash = passwordHash;
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
