package org.borderzone.security;

import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first administrator: at start, when no user exists at all, one {@code ADMIN} of the joint body is created
 * from {@code BORDERZONE_ADMIN_USER} / {@code BORDERZONE_ADMIN_PASSWORD} (the password must pass the
 * policy, or the server refuses to start). Several instances starting at once create it once (advisory lock).
 */
@Component
class FirstAdmin implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final TransactionTemplate tx;
  private final JdbcClient jdbc;
  private final SecurityProperties props;

  FirstAdmin(UserRepository users, PasswordEncoder encoder, AuditLog audit, TransactionTemplate tx,
      JdbcClient jdbc, SecurityProperties props) {
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.tx = tx;
    this.jdbc = jdbc;
    this.props = props;
  }

  @Override
  public void run(ApplicationArguments args) {
    tx.executeWithoutResult(s -> createIfNoUser(props.adminUser(), props.adminPassword()));
  }

  /** Creates the administrator if the table is empty; returns whether it did. Runs in the caller's transaction. */
  boolean createIfNoUser(String username, String password) {
    jdbc.sql(SecuritySql.FIRST_ADMIN_LOCK).query().singleValue();
    if (users.count() > 0) {
      return false;
    }
    if (username == null || username.isBlank() || password == null || password.isEmpty()) {
      log.warn("No user exists. Set BORDERZONE_ADMIN_USER and BORDERZONE_ADMIN_PASSWORD (at least {} characters)"
          + " and restart to create the first administrator.", PasswordPolicy.MIN_LENGTH);
      return false;
    }
    String name;
    try {
      name = UserAdminService.checkedUsername(username, "BORDERZONE_ADMIN_USER");
      PasswordPolicy.check(password, name, "BORDERZONE_ADMIN_PASSWORD");
    } catch (ApiException e) {
      throw new IllegalStateException("BORDERZONE_ADMIN_USER / BORDERZONE_ADMIN_PASSWORD refused: "
          + e.errors().get(0).field() + " " + e.errors().get(0).code()
          + " (user names: lower case letters, digits . _ -; passwords: at least " + PasswordPolicy.MIN_LENGTH
          + " characters and not the user name)");
    }
    long id = users.insert(name, "Administrator", Actor.SYSTEM.orgCode(), Role.ADMIN, encoder.encode(password));
    audit.record(Actor.SYSTEM, "USER_CREATE", "user", id, null, users.auditJson(id));
    log.info("created the first administrator '{}'", name);
    return true;
  }
}
