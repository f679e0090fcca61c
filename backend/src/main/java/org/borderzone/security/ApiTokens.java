package org.borderzone.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.borderzone.audit.AuditLog;
import org.borderzone.security.UserRepository.UserView;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Ownership;
import org.borderzone.system.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens (V14__api_tokens.sql, docs/SECURITY.md): created by a user for themselves (the secret is
 * in that one response only), listed without the secret, revoked by their user or by an administrator who may
 * manage that user ({@link Ownership#requireCanManageUser}). The secret is {@code bzt_} and 32 random bytes
 * (base64url); only its SHA-256 is stored, so a stolen database holds no usable token. No cache: every request
 * looks the token up once ({@link #authenticate}), so a revocation, a disabled user or a changed role act on the
 * very next request, on every server instance.
 */
@Service
class ApiTokens {

  /** The scheme prefix of every secret, also what the display prefix starts with. */
  static final String PREFIX = "bzt_";

  /** Live (neither revoked nor expired) tokens a user may hold. */
  static final int MAX_LIVE = 20;

  /** Longest name. */
  static final int MAX_NAME = 100;

  /** Longest lifetime a token may be given, in days (none: never expires). */
  static final int MAX_DAYS = 3650;

  /** A token as listed: never the secret or its hash. */
  record TokenView(long id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime expiresAt,
      OffsetDateTime lastUsedAt, OffsetDateTime revokedAt, String revokedBy) {}

  /** The answer to a creation: the only time the secret leaves the server. */
  record Created(long id, String name, String prefix, OffsetDateTime createdAt, OffsetDateTime expiresAt,
      String token) {}

  /** A creation request: a name and an optional lifetime in days. */
  record NewToken(String name, Integer expiresInDays) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final UserRepository users;
  private final AuditLog audit;
  private final Ownership ownership;

  ApiTokens(JdbcClient jdbc, UserRepository users, AuditLog audit, Ownership ownership) {
    this.jdbc = jdbc;
    this.users = users;
    this.audit = audit;
    this.ownership = ownership;
  }

  /** The user a presented secret stands for, as the user row says now; empty for anything else. */
  Optional<BorderzoneUser> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() != PREFIX.length() + 43) {
      return Optional.empty();
    }
    return jdbc.sql(SecuritySql.TOKEN_USER).param("h", sha256(secret))
        .query((rs, n) -> new BorderzoneUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
            rs.getString("org_code"), Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"), null,
            rs.getString("language")))
        .optional();
  }

  List<TokenView> list(long userId) {
    return jdbc.sql(SecuritySql.LIST_TOKENS).param("user", userId).query(ApiTokens::view).list();
  }

  /** The administrator's view of a user's tokens (404 for an unknown user, 403 outside their organisation). */
  List<TokenView> listOf(long userId, Actor actor) {
    UserView u = users.find(userId).orElseThrow(() -> ApiException.notFound("user", userId));
    ownership.requireCanManageUser(actor, Organisation.of(u.org()), "id");
    return list(userId);
  }

  @Transactional
  Created create(long userId, NewToken req, Actor actor) {
    if (req == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String name = req.name() == null ? "" : req.name().strip();
    if (name.isEmpty()) {
      throw ApiException.badField("name", "error.required");
    }
    if (name.length() > MAX_NAME) {
      throw ApiException.badField("name", "error.too-long", MAX_NAME);
    }
    if (req.expiresInDays() != null && (req.expiresInDays() < 1 || req.expiresInDays() > MAX_DAYS)) {
      throw ApiException.badField("expiresInDays", "error.token-days", MAX_DAYS);
    }
    users.lock(userId).orElseThrow(() -> ApiException.notFound("user", userId)); // serialises the count below
    long live = jdbc.sql(SecuritySql.COUNT_LIVE_TOKENS).param("user", userId).query(Long.class).single();
    if (live >= MAX_LIVE) {
      throw ApiException.conflict("name", "error.token-limit", MAX_LIVE);
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String prefix = secret.substring(0, PREFIX.length() + 6);
    OffsetDateTime expires = req.expiresInDays() == null ? null
        : OffsetDateTime.now(java.time.ZoneOffset.UTC).plusDays(req.expiresInDays());
    long id = jdbc.sql(SecuritySql.INSERT_TOKEN).param("user", userId).param("name", name).param("prefix", prefix)
        .param("h", sha256(secret)).param("expires", expires).query(Long.class).single();
    audit.record(actor, "TOKEN_CREATE", "api_token", id, null, auditJson(id));
    TokenView v = find(userId, id).orElseThrow();
    return new Created(v.id(), v.name(), v.prefix(), v.createdAt(), v.expiresAt(), secret);
  }

  /** The caller's own token: 404 when it is not theirs (another user's tokens are not even named). */
  @Transactional
  TokenView revokeOwn(long userId, long tokenId, Actor actor) {
    return revoke(userId, tokenId, actor);
  }

  /** A user's token, by an administrator who may manage that user. */
  @Transactional
  TokenView revokeOf(long userId, long tokenId, Actor actor) {
    UserView u = users.lock(userId).orElseThrow(() -> ApiException.notFound("user", userId));
    ownership.requireCanManageUser(actor, Organisation.of(u.org()), "id");
    return revoke(userId, tokenId, actor);
  }

  private TokenView revoke(long userId, long tokenId, Actor actor) {
    TokenView t = jdbc.sql(SecuritySql.LOCK_TOKEN).param("id", tokenId).param("user", userId)
        .query(ApiTokens::view).optional().orElseThrow(() -> ApiException.notFound("api token", tokenId));
    if (t.revokedAt() != null) {
      return t; // already revoked: nothing changes, nothing to audit
    }
    String before = auditJson(tokenId);
    jdbc.sql(SecuritySql.REVOKE_TOKEN).param("id", tokenId).param("by", actor.username()).update();
    audit.record(actor, "TOKEN_REVOKE", "api_token", tokenId, before, auditJson(tokenId));
    return find(userId, tokenId).orElseThrow();
  }

  private Optional<TokenView> find(long userId, long id) {
    return jdbc.sql(SecuritySql.FIND_TOKEN).param("id", id).param("user", userId).query(ApiTokens::view).optional();
  }

  private String auditJson(long id) {
    return jdbc.sql(SecuritySql.TOKEN_AUDIT_JSON).param("id", id).query(String.class).single();
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TokenView view(ResultSet rs, int n) throws SQLException {
    return new TokenView(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("last_used_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class),
        rs.getString("revoked_by"));
  }
}
