package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Least privilege: the server's own DataSource ({@link #jdbc}) is a role that owns nothing in the database.
 * It cannot rewrite the audit trail by privilege (not just by trigger), cannot disable the trigger, replace its
 * function, drop or truncate a table or create one; it can do what the server needs (read and write its
 * tables, use the sequences, append to the audit trail). Fails where migrations ran as the app role
 * (the one-role fallback of {@link DatabaseRoles}), which is not least privilege.
 */
class DatabaseRolesIT extends IntegrationTest {

  @Autowired
  PlatformTransactionManager txm;

  @Test
  void theServersRoleOwnsNothing() {
    String me = jdbc.sql("select current_user").query(String.class).single();
    String migrator = owner().sql("select current_user").query(String.class).single();
    assertThat(migrator).as("migrations must run as another role than the server's").isNotEqualTo(me);
    assertThat(jdbc.sql("select pg_get_userbyid(datdba) from pg_database where datname = current_database()")
        .query(String.class).single()).isEqualTo(migrator);
    assertThat(jdbc.sql("""
        select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace and c.relowner = current_user::regrole
        union all
        select p.proname from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proowner = current_user::regrole
        """).query(String.class).list()).isEmpty();
    assertThat(jdbc.sql("select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles"
        + " where rolname = current_user").query(Boolean.class).single()).isFalse();
  }

  @Test
  void theAuditTrailIsAppendOnlyByPrivilegeNotJustByTrigger() {
    long id = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
    String before = jdbc.sql("select to_jsonb(a)::text from audit_event a where id = :id").param("id", id)
        .query(String.class).single();
    // "permission denied" comes from the privilege check, before any trigger would run.
    refused("update audit_event set username = 'someone-else' where id = " + id, "permission denied for table audit_event");
    refused("delete from audit_event where id = " + id, "permission denied for table audit_event");
    refused("truncate audit_event", "permission denied for table audit_event");
    refused("alter table audit_event disable trigger audit_event_no_update", "must be owner of table audit_event");
    refused("alter table audit_event disable trigger all", "must be owner of table audit_event");
    refused("drop trigger audit_event_no_truncate on audit_event", "must be owner of relation audit_event");
    refused("create or replace function audit_event_append_only() returns trigger language plpgsql as"
        + " $$ begin return null; end $$", "permission denied for schema public");
    refused("drop table audit_event", "must be owner of table audit_event");
    assertThat(jdbc.sql("select to_jsonb(a)::text from audit_event a where id = :id").param("id", id)
        .query(String.class).single()).isEqualTo(before);
  }

  @Test
  void theServersRoleCannotDropTruncateOrCreateTables() {
    long incidents = jdbc.sql("select count(*) from incident").query(Long.class).single();
    refused("drop table incident", "must be owner of table incident");
    refused("truncate incident", "permission denied for table incident");
    refused("truncate spring_session cascade", "permission denied for table spring_session");
    refused("alter table incident disable trigger incident_locate", "must be owner of table incident");
    refused("alter table app_user add column x int", "must be owner of table app_user");
    refused("create table sneaky (id int)", "permission denied for schema public");
    refused("delete from flyway_schema_history", "permission denied for table flyway_schema_history");
    assertThat(jdbc.sql("select count(*) from incident").query(Long.class).single()).isEqualTo(incidents);
  }

  /**
   * What the server needs: every table of the schema readable and writable except the audit trail and the
   * incidents' photos (evidence: SELECT and INSERT), the live events (no UPDATE) and Flyway's history (SELECT);
   * TRUNCATE nowhere; every sequence usable. Covers tables of later
   * migrations too (they get the grants through the default privileges of migration V9).
   */
  @Test
  void theServersRoleHasWhatItNeedsOnEveryTable() {
    record Privileges(String table, boolean select, boolean insert, boolean update, boolean delete, boolean truncate) {}
    List<Privileges> tables = jdbc.sql("""
        select c.relname, has_table_privilege(c.oid, 'SELECT'), has_table_privilege(c.oid, 'INSERT'),
               has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE'),
               has_table_privilege(c.oid, 'TRUNCATE')
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and c.relowner <> 'postgres'::regrole order by 1
        """).query((rs, n) -> new Privileges(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4),
            rs.getBoolean(5), rs.getBoolean(6))).list();
    assertThat(tables).extracting(Privileges::table)
        .contains("incident", "audit_event", "spring_session", "spring_session_attributes", "idempotency_key",
            "flyway_schema_history");
    for (Privileges p : tables) {
      switch (p.table()) {
        case "audit_event", "incident_photo" ->
            assertThat(p).isEqualTo(new Privileges(p.table(), true, true, false, false, false));
        case "flyway_schema_history" -> assertThat(p).isEqualTo(new Privileges(p.table(), true, false, false, false, false));
        // live events (V20): written by triggers, deleted by the retention, never changed
        case "event" -> assertThat(p).isEqualTo(new Privileges(p.table(), true, true, false, true, false));
        // the exchange (V21, issue 12): states move forward (update), nothing is ever deleted
        case "liaison_thread", "liaison_message", "liaison_attachment", "liaison_state_change", "liaison_read",
            "incident_release", "joint_case", "joint_case_incident", "joint_case_confirmation", "meeting",
            "meeting_attendee", "agenda_item", "meeting_decision", "action_item", "minutes_signoff" ->
            assertThat(p).isEqualTo(new Privileges(p.table(), true, true, true, false, false));
        default -> assertThat(p).isEqualTo(new Privileges(p.table(), true, true, true, true, false));
      }
    }
    assertThat(jdbc.sql("""
        select sequencename from pg_sequences
        where schemaname = 'public' and not has_sequence_privilege(format('public.%I', sequencename), 'USAGE')
        """).query(String.class).list()).isEmpty();
    assertThat(jdbc.sql("select count(*) from pg_sequences where schemaname = 'public'").query(Long.class).single())
        .isGreaterThan(10);
    // And an append works (rolled back: the trail keeps no test rows).
    TransactionTemplate tx = new TransactionTemplate(txm);
    tx.executeWithoutResult(status -> {
      long id = jdbc.sql("insert into audit_event (username, action, entity) values ('db-roles-it', 'TEST', 'none')"
          + " returning id").query(Long.class).single();
      assertThat(jdbc.sql("select username from audit_event where id = :id").param("id", id).query(String.class)
          .single()).isEqualTo("db-roles-it");
      status.setRollbackOnly();
    });
  }

  /**
   * Runs {@code sql} as the server and expects a privilege error. In a transaction that is rolled back either
   * way: where the role wrongly may do it (the one-role fallback), the test fails without dropping anything.
   */
  private void refused(String sql, String message) {
    TransactionTemplate tx = new TransactionTemplate(txm);
    assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
      status.setRollbackOnly();
      jdbc.sql(sql).update();
    })).as(sql)
        .isInstanceOf(DataAccessException.class)
        .satisfies(e -> {
          SQLException s = sqlException(e);
          assertThat((Throwable) s).as(sql).isNotNull();
          assertThat(s.getSQLState()).as(sql).isEqualTo("42501");
          assertThat(s.getMessage()).as(sql).contains(message);
        });
  }

  private static SQLException sqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
