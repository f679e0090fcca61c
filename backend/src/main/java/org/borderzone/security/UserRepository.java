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

  private static final String COLUMNS =
      "id, username, display_name, org_code, role, enabled, created_at, password_changed_at";

  /** A user row as audit JSON, without the password hash. */
  static final String AUDIT_JSON = "select (to_jsonb(u) - 'password_hash')::text from app_user u where u.id = :id";

  private final JdbcClient jdbc;

  UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public BorderzoneUser loadUserByUsername(String username) {
    return jdbc.sql("select id, username, display_name, org_code, role, enabled, password_hash from app_user"
            + " where username = :u")
        .param("u", username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT))
        .query((rs, n) -> new BorderzoneUser(rs.getLong("id"), rs.getString("username"),
            rs.getString("display_name"), rs.getString("org_code"), Role.valueOf(rs.getString("role")),
            rs.getBoolean("enabled"), rs.getString("password_hash")))
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
  }

  List<UserView> list() {
    return jdbc.sql("select " + COLUMNS + " from app_user order by org_code, username").query(UserRepository::view)
        .list();
  }

  Optional<UserView> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from app_user where id = :id").param("id", id)
        .query(UserRepository::view).optional();
  }

  /** The row locked for an update in the current transaction. */
  Optional<UserView> lock(long id) {
    return jdbc.sql("select " + COLUMNS + " from app_user where id = :id for update").param("id", id)
        .query(UserRepository::view).optional();
  }

  boolean exists(String username) {
    return jdbc.sql("select exists (select 1 from app_user where username = :u)").param("u", username)
        .query(Boolean.class).single();
  }

  long count() {
    return jdbc.sql("select count(*) from app_user").query(Long.class).single();
  }

  long enabledAdmins() {
    return jdbc.sql("select count(*) from app_user where role = 'ADMIN' and enabled").query(Long.class).single();
  }

  long insert(String username, String displayName, String org, Role role, String passwordHash) {
    return jdbc.sql("""
        insert into app_user (username, display_name, password_hash, org_code, role)
        values (:u, :d, :h, :o, :r) returning id
        """)
        .param("u", username).param("d", displayName).param("h", passwordHash).param("o", org)
        .param("r", role.name())
        .query(Long.class).single();
  }

  void setEnabled(long id, boolean enabled) {
    jdbc.sql("update app_user set enabled = :e where id = :id").param("e", enabled).param("id", id).update();
  }

  void setPasswordHash(long id, String hash) {
    jdbc.sql("update app_user set password_hash = :h, password_changed_at = now() where id = :id")
        .param("h", hash).param("id", id).update();
  }

  /** Ends every HTTP session of {@code username} (after a disable or a password reset). */
  int endSessions(String username) {
    return jdbc.sql("delete from spring_session where principal_name = :u").param("u", username).update();
  }

  String auditJson(long id) {
    return jdbc.sql(AUDIT_JSON).param("id", id).query(String.class).single();
  }

  private static UserView view(ResultSet rs, int n) throws SQLException {
    return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
        rs.getString("org_code"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("password_changed_at", OffsetDateTime.class));
  }
}
