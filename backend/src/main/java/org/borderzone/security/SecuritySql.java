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
      "select id, username, display_name, org_code, role, enabled, password_hash, language from app_user"
          + " where username = :u";

  /** The stored UI language of a user (null: none), set by {@code PUT /api/me/language}. */
  static final String SET_LANGUAGE = "update app_user set language = :l where id = :id";

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

  // ---- API tokens (V14__api_tokens.sql): only the SHA-256 of a secret is ever stored or compared

  /** What the API shows of a token (never the hash). */
  private static final String TOKEN_COLUMNS =
      "t.id, t.name, t.prefix, t.created_at, t.expires_at, t.last_used_at, t.revoked_at, t.revoked_by";

  /**
   * The user a live token stands for, by the SHA-256 of its secret, in ONE statement: a token of a disabled
   * user, a revoked or an expired token finds nothing. The role and organisation come from the user row, read
   * now. It also stamps {@code last_used_at}, at most once a minute (so 200 parallel requests do not all write
   * the row; a concurrent stamp is skipped after the row lock, not repeated).
   */
  static final String TOKEN_USER = """
      with t as (
        select t.id as token_id, u.id, u.username, u.display_name, u.org_code, u.role, u.enabled, u.language
        from api_token t join app_user u on u.id = t.user_id
        where t.token_hash = :h and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
          and u.enabled),
      stamp as (
        update api_token a set last_used_at = now() from t
        where a.id = t.token_id and (a.last_used_at is null or a.last_used_at < now() - interval '1 minute'))
      select * from t
      """;

  /** A user's tokens, newest first (revoked ones too, marked). */
  static final String LIST_TOKENS = "select " + TOKEN_COLUMNS
      + " from api_token t where t.user_id = :user order by t.created_at desc, t.id desc";

  /** One token of a user. */
  static final String FIND_TOKEN = "select " + TOKEN_COLUMNS + " from api_token t where t.id = :id and t.user_id = :user";

  /** One token of a user, locked for its revocation. */
  static final String LOCK_TOKEN = FIND_TOKEN + " for update";

  /** How many live tokens a user has (bounded: {@code ApiTokens.MAX_LIVE}). */
  static final String COUNT_LIVE_TOKENS = """
      select count(*) from api_token
      where user_id = :user and revoked_at is null and (expires_at is null or expires_at > now())
      """;

  /** A new token; returns its id. */
  static final String INSERT_TOKEN = """
      insert into api_token (user_id, name, prefix, token_hash, expires_at)
      values (:user, :name, :prefix, :h, :expires) returning id
      """;

  /** Revokes a token (kept, for the audit trail). */
  static final String REVOKE_TOKEN = "update api_token set revoked_at = now(), revoked_by = :by where id = :id";

  /** A token row as audit JSON: never the hash. */
  static final String TOKEN_AUDIT_JSON =
      "select (to_jsonb(t) - 'token_hash')::text from api_token t where t.id = :id";

  /** The demo's third party (DemoUsers#THIRD_PARTY), once; 1 when it was added now. */
  static final String DEMO_THIRD_PARTY = """
      insert into organisation (code, name, name_km, name_lo, kind, country_iso, created_by)
      values (:code, 'Socialist Republic of Viet Nam', 'សាធារណរដ្ឋសង្គមនិយមវៀតណាម', 'ສາທາລະນະລັດສັງຄົມນິຍົມຫວຽດນາມ',
              'COUNTRY', :code, 'system')
      on conflict (code) do nothing
      """;
}
