package org.borderzone.security;

/** SQL of the security feature: the users ({@code app_user}), their sessions and the first administrator. */
final class SecuritySql {

  private SecuritySql() {}

  /** What the admin API reads of a user (never the hash). */
  private static final String COLUMNS =
      "id, username, display_name, org_code, role, enabled, created_at, password_changed_at";

  /** A user row as audit JSON, without the password hash. */
  static final String USER_AUDIT_JSON =
      "select (to_jsonb(u) - 'password_hash')::text from app_user u where u.id = :id";

  /** The user that signs in, with the hash, by normalised user name. */
  static final String LOAD_BY_USERNAME =
      "select id, username, display_name, org_code, role, enabled, password_hash from app_user"
          + " where username = :u";

  /** All users, by organisation and name. */
  static final String LIST_USERS = "select " + COLUMNS + " from app_user order by org_code, username";

  /** One user. */
  static final String FIND_USER = "select " + COLUMNS + " from app_user where id = :id";

  /** One user, locked for an update in the current transaction. */
  static final String LOCK_USER = "select " + COLUMNS + " from app_user where id = :id for update";

  /** Whether a user name is taken. */
  static final String USERNAME_EXISTS = "select exists (select 1 from app_user where username = :u)";

  /** The number of users. */
  static final String COUNT_USERS = "select count(*) from app_user";

  /** The number of enabled administrators (the last one may not be disabled). */
  static final String COUNT_ENABLED_ADMINS = "select count(*) from app_user where role = 'ADMIN' and enabled";

  /** A new user; returns its id. */
  static final String INSERT_USER = """
      insert into app_user (username, display_name, password_hash, org_code, role)
      values (:u, :d, :h, :o, :r) returning id
      """;

  /** Enables or disables a user. */
  static final String SET_ENABLED = "update app_user set enabled = :e where id = :id";

  /** A new password hash, stamped with the time of the change. */
  static final String SET_PASSWORD_HASH =
      "update app_user set password_hash = :h, password_changed_at = now() where id = :id";

  /** Ends every HTTP session of a user. */
  static final String END_SESSIONS = "delete from spring_session where principal_name = :u";

  /** Serialises the first-admin check of concurrent starts (transaction-scoped advisory lock). */
  static final String FIRST_ADMIN_LOCK = "select pg_advisory_xact_lock(hashtext('borderzone.first-admin'))";
}
