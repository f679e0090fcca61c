package org.borderzone.security;

import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo accounts (profile {@code demo} only), created once when missing, all with the password
 * {@value #PASSWORD} (listed in the README; shorter than the password policy allows, on purpose: they are
 * for demonstrations, never for a real deployment). Outside the demo profile there are no default accounts.
 */
@Component
@Profile("demo")
public class DemoUsers {

  static final String PASSWORD = "borderzone";

  record DemoUser(String username, String displayName, String org, Role role) {}

  static final List<DemoUser> USERS = List.of(
      new DemoUser("admin", "Administrator", "JBC", Role.ADMIN),
      new DemoUser("commission", "JBC commission member", "JBC", Role.COMMISSION),
      new DemoUser("kh-commission", "Cambodian commission member", "KH", Role.COMMISSION),
      new DemoUser("la-commission", "Lao commission member", "LA", Role.COMMISSION),
      new DemoUser("kh-planner", "Cambodian planner", "KH", Role.PLANNER),
      new DemoUser("la-planner", "Lao planner", "LA", Role.PLANNER),
      new DemoUser("kh-patrol", "Cambodian patrol", "KH", Role.PATROL),
      new DemoUser("la-patrol", "Lao patrol", "LA", Role.PATROL),
      new DemoUser("kh-viewer", "Cambodian viewer", "KH", Role.VIEWER),
      new DemoUser("la-viewer", "Lao viewer", "LA", Role.VIEWER));

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final TransactionTemplate tx;

  DemoUsers(UserRepository users, PasswordEncoder encoder, AuditLog audit, TransactionTemplate tx) {
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.tx = tx;
  }

  /** Creates the demo accounts that are missing (called by the demo orchestrator, before {@link FirstAdmin} runs). */
  public void seed() {
    int created = 0;
    for (DemoUser d : USERS) {
      Boolean made = tx.execute(s -> {
        if (users.exists(d.username())) {
          return false;
        }
        long id = users.insert(d.username(), d.displayName(), d.org(), d.role(), encoder.encode(PASSWORD));
        audit.record(Actor.SYSTEM, "USER_CREATE", "user", id, null, users.auditJson(id));
        return true;
      });
      created += Boolean.TRUE.equals(made) ? 1 : 0;
    }
    if (created > 0) {
      log.info("demo profile: created {} demo accounts (password '{}'); never use them in production", created,
          PASSWORD);
    }
  }
}
