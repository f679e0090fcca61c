package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first administrator comes from BORDERZONE_ADMIN_USER / BORDERZONE_ADMIN_PASSWORD only when no user
 * exists. Run inside a transaction that empties app_user and is rolled back, so the demo users survive.
 */
class FirstAdminIT extends IntegrationTest {

  @Autowired
  FirstAdmin firstAdmin;

  @Autowired
  TransactionTemplate tx;

  @Test
  void createdOnlyWhenNoUserExists() {
    Boolean created = tx.execute(s -> firstAdmin.createIfNoUser("root-admin", "a-very-long-password"));
    assertThat(created).isFalse();
    tx.executeWithoutResult(s -> {
      jdbc.sql("delete from api_token").update(); // (rolled back with the rest; tokens belong to users)
      jdbc.sql("delete from app_user").update();
      assertThat(firstAdmin.createIfNoUser(null, null)).isFalse();
      assertThat(firstAdmin.createIfNoUser("root-admin", "a-very-long-password")).isTrue();
      assertThat(jdbc.sql("select org_code || ':' || role || ':' || enabled from app_user where username = 'root-admin'")
          .query(String.class).single()).isEqualTo("JBC:ADMIN:true");
      assertThat(firstAdmin.createIfNoUser("second-admin", "a-very-long-password")).isFalse();
      s.setRollbackOnly();
    });
    assertThat(jdbc.sql("select count(*) from app_user where username = 'root-admin'").query(Long.class).single())
        .isZero();
  }

  @Test
  void aWeakPasswordStopsTheStart() {
    tx.executeWithoutResult(s -> {
      jdbc.sql("delete from api_token").update(); // (rolled back with the rest; tokens belong to users)
      jdbc.sql("delete from app_user").update();
      assertThatThrownBy(() -> firstAdmin.createIfNoUser("root-admin", "short"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("BORDERZONE_ADMIN_PASSWORD");
      assertThatThrownBy(() -> firstAdmin.createIfNoUser("root-admin", "root-admin"))
          .isInstanceOf(IllegalStateException.class);
      s.setRollbackOnly();
    });
  }
}
