package org.borderzone.security;

import java.util.List;
import org.borderzone.audit.AuditLog;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisations;
import org.borderzone.system.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
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

  /**
   * The demo's third party: Viet Nam, at the eastern tri-point, as in the trilateral military meetings. Demo data
   * (an organisation an administrator could have added through {@code POST /api/admin/organisations}), so that a
   * third party is visible in the demo; it has no side of the KH–LA line and no national data of its own.
   */
  static final String THIRD_PARTY = "VN";

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
      new DemoUser("la-viewer", "Lao viewer", "LA", Role.VIEWER),
      // the third party (docs/EXCHANGE.md "Organisations"); IntegrationTest#ensureThirdParty makes the same
      new DemoUser("vn-planner", "Vietnamese planner", THIRD_PARTY, Role.PLANNER),
      new DemoUser("vn-commission", "Vietnamese commission member", THIRD_PARTY, Role.COMMISSION),
      new DemoUser("vn-viewer", "Vietnamese viewer", THIRD_PARTY, Role.VIEWER));

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

  private final UserRepository users;
  private final PasswordEncoder encoder;
  private final AuditLog audit;
  private final TransactionTemplate tx;

  private final JdbcClient jdbc;
  private final Organisations organisations;

  DemoUsers(UserRepository users, PasswordEncoder encoder, AuditLog audit, TransactionTemplate tx, JdbcClient jdbc,
      Organisations organisations) {
    this.jdbc = jdbc;
    this.organisations = organisations;
    this.users = users;
    this.encoder = encoder;
    this.audit = audit;
    this.tx = tx;
  }

  /** Creates the third party and the demo accounts that are missing (called by the demo orchestrator, before {@link FirstAdmin} runs). */
  public void seed() {
    tx.executeWithoutResult(s -> {
      if (jdbc.sql(SecuritySql.DEMO_THIRD_PARTY).param("code", THIRD_PARTY).update() == 1) {
        audit.record(Actor.SYSTEM, "ORG_CREATE", "organisation", THIRD_PARTY, null,
            jdbc.sql(OrganisationSql.JSON).param("code", THIRD_PARTY).query(String.class).single());
      }
    });
    organisations.reload();
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
