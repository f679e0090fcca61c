package org.borderzone.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.borderzone.system.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/**
 * {@code app_user}: the users, their organisation, role and password hash. Also the
 * {@link UserDetailsService} that form login and HTTP Basic authenticate against. The hash never leaves this
 * class except inside the {@link BorderzoneUser} handed to Spring Security, which erases it after login.
 */
@Repository
class UserRepository implements UserDetailsService {

  /** What the admin API shows of a user (never the hash). */
  record UserView(long id, String username, String displayName, String org, Role role, boolean enabled,
      OffsetDateTime createdAt, OffsetDateTime passwordChangedAt) {}

  private final JdbcClient jdbc;

  UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public BorderzoneUser loadUserByUsername(String username) {
    return jdbc.sql(SecuritySql.LOAD_BY_USERNAME)
        .param("u", username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT))
        .query((rs, n) -> new BorderzoneUser(rs.getLong("id"), rs.getString("username"),
            rs.getString("display_name"), rs.getString("org_code"), Role.valueOf(rs.getString("role")),
            rs.getBoolean("enabled"), rs.getString("password_hash"), rs.getString("language")))
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
  }

  List<UserView> list() {
    return jdbc.sql(SecuritySql.LIST_USERS).query(UserRepository::view)
        .list();
  }

  Optional<UserView> find(long id) {
    return jdbc.sql(SecuritySql.FIND_USER).param("id", id)
        .query(UserRepository::view).optional();
  }

  /** The row locked for an update in the current transaction. */
  Optional<UserView> lock(long id) {
    return jdbc.sql(SecuritySql.LOCK_USER).param("id", id)
        .query(UserRepository::view).optional();
  }

  boolean exists(String username) {
    return jdbc.sql(SecuritySql.USERNAME_EXISTS).param("u", username)
        .query(Boolean.class).single();
  }

  long count() {
    return jdbc.sql(SecuritySql.COUNT_USERS).query(Long.class).single();
  }

  long enabledAdmins() {
    return jdbc.sql(SecuritySql.COUNT_ENABLED_ADMINS).query(Long.class).single();
  }

  long insert(String username, String displayName, String org, Role role, String passwordHash) {
    return jdbc.sql(SecuritySql.INSERT_USER)
        .param("u", username).param("d", displayName).param("h", passwordHash).param("o", org)
        .param("r", role.name())
        .query(Long.class).single();
  }

  void setEnabled(long id, boolean enabled) {
    jdbc.sql(SecuritySql.SET_ENABLED).param("e", enabled).param("id", id).update();
  }

  void setLanguage(long id, String language) {
    jdbc.sql(SecuritySql.SET_LANGUAGE).param("l", language).param("id", id).update();
  }

  void setPasswordHash(long id, String hash) {
    jdbc.sql(SecuritySql.SET_PASSWORD_HASH)
        .param("h", hash).param("id", id).update();
  }

  /** Ends every HTTP session of {@code username} (after a disable or a password reset). */
  int endSessions(String username) {
    return jdbc.sql(SecuritySql.END_SESSIONS).param("u", username).update();
  }

  String auditJson(long id) {
    return jdbc.sql(SecuritySql.USER_AUDIT_JSON).param("id", id).query(String.class).single();
  }

  private static UserView view(ResultSet rs, int n) throws SQLException {
    return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
        rs.getString("org_code"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("password_changed_at", OffsetDateTime.class));
  }
}
