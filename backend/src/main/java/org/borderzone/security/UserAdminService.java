package org.borderzone.security;

import java.util.List;
import java.util.regex.Pattern;
import org.borderzone.audit.AuditLog;
import org.borderzone.security.UserRepository.UserView;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Organisations;
import org.borderzone.system.Ownership;
import org.borderzone.system.Role;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * User management: create, disable, reset a password. Every change writes an audit event in the same
 * transaction; the audit 'after' is the user row without its password hash, and no password is ever logged.
 * Disabling a user or resetting their password ends their HTTP sessions. Who may manage whom:
 * {@link Ownership#requireCanManageUser} (the joint body's administrators everyone, a country's its own users).
 */
@Service
class UserAdminService {

  static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{1,63}$");
  static final int MAX_DISPLAY_NAME = 200;

  /** A new user as posted by an administrator. */
  record NewUser(String username, String displayName, String org, String role, String password) {}

  /** A password reset. */
  record NewPassword(String password) {}

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final Organisations organisations;
  private final Ownership ownership;

  UserAdminService(UserRepository users, PasswordEncoder encoder, AuditLog audit, Organisations organisations,
      Ownership ownership) {
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.organisations = organisations;
    this.ownership = ownership;
  }

  List<UserView> list() {
    return users.list();
  }

  @Transactional
  UserView create(NewUser req, Actor actor) {
    if (req == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String username = checkedUsername(req.username(), "username");
    String displayName = req.displayName() == null || req.displayName().isBlank() ? null : req.displayName().strip();
    if (displayName == null) {
      throw ApiException.badField("displayName", "error.required");
    }
    if (displayName.length() > MAX_DISPLAY_NAME) {
      throw ApiException.badField("displayName", "error.too-long", MAX_DISPLAY_NAME);
    }
    Organisation org = organisations.parse(req.org(), "org");
    ownership.requireCanManageUser(actor, org, "org");
    if (!organisations.entry(org).map(e -> e.active()).orElse(false)) {
      throw ApiException.unprocessable("org", "error.org-inactive", org.code());
    }
    Role role = Role.parse(req.role(), "role");
    PasswordPolicy.check(req.password(), username, "password");
    if (users.exists(username)) {
      throw ApiException.conflict("username", "error.username-taken", username);
    }
    long id = users.insert(username, displayName, org.code(), role, encoder.encode(req.password()));
    audit.record(actor, "USER_CREATE", "user", id, null, users.auditJson(id));
    return users.find(id).orElseThrow();
  }

  @Transactional
  UserView disable(long id, Actor actor) {
    UserView u = users.lock(id).orElseThrow(() -> ApiException.notFound("user", id));
    ownership.requireCanManageUser(actor, Organisation.of(u.org()), "id");
    if (u.username().equals(actor.username())) {
      throw ApiException.conflict("id", "error.self-disable");
    }
    if (!u.enabled()) {
      return u;
    }
    if (u.role() == Role.ADMIN && users.enabledAdmins() <= 1) {
      throw ApiException.conflict("id", "error.last-admin");
    }
    String before = users.auditJson(id);
    users.setEnabled(id, false);
    users.endSessions(u.username());
    audit.record(actor, "USER_DISABLE", "user", id, before, users.auditJson(id));
    return users.find(id).orElseThrow();
  }

  @Transactional
  UserView resetPassword(long id, NewPassword req, Actor actor) {
    UserView u = users.lock(id).orElseThrow(() -> ApiException.notFound("user", id));
    ownership.requireCanManageUser(actor, Organisation.of(u.org()), "id");
    PasswordPolicy.check(req == null ? null : req.password(), u.username(), "password");
    String before = users.auditJson(id);
    users.setPasswordHash(id, encoder.encode(req.password()));
    users.endSessions(u.username());
    audit.record(actor, "USER_PASSWORD_RESET", "user", id, before, users.auditJson(id));
    return users.find(id).orElseThrow();
  }

  static String checkedUsername(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiException.badField(field, "error.required");
    }
    String u = value.trim();
    if (!USERNAME.matcher(u).matches()) {
      throw ApiException.badField(field, "error.username-format");
    }
    return u;
  }
}
