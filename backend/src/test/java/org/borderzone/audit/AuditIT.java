package org.borderzone.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.borderzone.support.Fixtures;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/**
 * The audit API (ADMIN everything, COMMISSION joint data only; filters and paging) and the append-only
 * audit table: the server's own DataSource cannot UPDATE, DELETE or TRUNCATE audit rows.
 */
class AuditIT extends IntegrationTest {

  /** Makes sure there is at least one user event and one segment event. */
  private void someEvents() {
    String name = "audit-it-" + (System.nanoTime() % 1_000_000);
    post("/api/admin/users", "{\"username\":\"" + name + "\",\"displayName\":\"A\",\"org\":\"LA\",\"role\":\"VIEWER\","
        + "\"password\":\"long-enough-password\"}");
    int seg = Fixtures.segmentFromEast(jdbc, 35);
    int version = jdbc.sql("select version from border_segment where id = :id").param("id", seg)
        .query(Integer.class).single();
    String status = jdbc.sql("select status from border_segment where id = :id").param("id", seg)
        .query(String.class).single();
    String to = status.equals("DISPUTED") ? "SURVEYED" : "DISPUTED";
    Response r = post("/api/segments/" + seg + "/status",
        "{\"status\":\"" + to + "\",\"version\":" + version + ",\"reason\":\"audit test\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  @Test
  void adminSeesEverythingButOtherOrganisationsNationalIncidentsAndPlansNewestFirstWithTotal() {
    someEvents();
    JsonNode page = get("/api/audit?size=5").json();
    // Everything except the events of incidents that are NATIONAL to another organisation than the JBC, import
    // summaries of other organisations, the events of other organisations' national (not joint) plans, and of joint
    // cases the JBC is no party of.
    long all = jdbc.sql("select count(*) from audit_event").query(Long.class).single();
    long hidden = jdbc.sql("""
        select count(*) from audit_event a where (a.entity = 'incident' and (
          (coalesce(a.after, a.before) ->> 'releasability' = 'NATIONAL'
             and coalesce(a.after, a.before) ->> 'owner_org' <> 'JBC') is true
          or (coalesce(a.after, a.before) ->> 'releasability' is null and a.org_code <> 'JBC') is true))
          or (a.entity = 'patrol_plan'
              and coalesce(a.after, a.before) -> 'properties' ->> 'joint' = 'false'
              and coalesce(a.after, a.before) -> 'properties' ->> 'ownerOrg' <> 'JBC')
          or (a.entity = 'liaison_message' and 'JBC' not in (coalesce(a.after, a.before) ->> 'from_org',
              coalesce(a.after, a.before) ->> 'to_org'))
          or (a.entity = 'joint_case'
              and not coalesce(coalesce(a.after, a.before) -> 'parties' @> '"JBC"'::jsonb, false))
          or (a.entity = 'incident_release'
              and 'JBC' not in (coalesce(a.after, a.before) ->> 'releasedOrg', coalesce(a.after, a.before) ->> 'to'))
          or (a.entity in ('meeting', 'meeting_attendee', 'agenda_item', 'meeting_decision', 'action_item',
                           'minutes_signoff')
              and not coalesce(coalesce(a.after, a.before) -> 'parties' @> '"JBC"'::jsonb, false))
        """).query(Long.class).single();
    long total = all - hidden;
    assertThat(page.path("total").asLong()).isEqualTo(total);
    assertThat(page.path("items").size()).isEqualTo(5);
    String first = page.path("items").get(0).path("at").asString();
    String last = page.path("items").get(4).path("at").asString();
    assertThat(first.compareTo(last)).isGreaterThanOrEqualTo(0);
    JsonNode users = get("/api/audit?entity=user").json();
    assertThat(users.path("total").asLong()).isPositive();
    assertThat(users.path("items")).allSatisfy(i -> assertThat(i.path("entity").asString()).isEqualTo("user"));
  }

  @Test
  void commissionSeesJointDataOnly() {
    someEvents();
    JsonNode page = as("commission").get("/api/audit?size=500").json();
    // the joint data, and the exchange the joint body is a party of (issue 12: exchange/*AuditVisibility)
    long joint = jdbc.sql("""
        select count(*) from audit_event a where a.entity in ('segment','pillar','inspection','signoff')
           or (a.entity = 'liaison_message'
               and 'JBC' in (coalesce(a.after, a.before) ->> 'from_org', coalesce(a.after, a.before) ->> 'to_org'))
           or (a.entity = 'incident_release'
               and 'JBC' in (coalesce(a.after, a.before) ->> 'releasedOrg', coalesce(a.after, a.before) ->> 'to'))
           or (a.entity in ('joint_case', 'meeting', 'meeting_attendee', 'agenda_item', 'meeting_decision',
                            'action_item', 'minutes_signoff')
               and coalesce(coalesce(a.after, a.before) -> 'parties' @> '"JBC"'::jsonb, false))
        """).query(Long.class).single();
    assertThat(page.path("total").asLong()).isEqualTo(joint);
    assertThat(page.path("items")).isNotEmpty().allSatisfy(i -> assertThat(i.path("entity").asString())
        .isIn("segment", "pillar", "inspection", "signoff", "liaison_message", "incident_release", "joint_case",
            "meeting", "meeting_attendee", "agenda_item", "meeting_decision", "action_item", "minutes_signoff"));
    Response users = as("kh-commission").get("/api/audit?entity=user");
    assertThat(users.status()).isEqualTo(403);
    assertThat(users.json().path("field").asString()).isEqualTo("entity");
    assertThat(as("la-commission").get("/api/audit?entity=incident").status()).isEqualTo(403);
  }

  @Test
  void filtersByUserAndTimeAndPages() {
    someEvents();
    JsonNode mine = get("/api/audit?user=admin&entity=segment&from=2020-01-01&size=2&page=0").json();
    long expected = jdbc.sql("select count(*) from audit_event where username = 'admin' and entity = 'segment'"
        + " and at >= '2020-01-01'").query(Long.class).single();
    assertThat(mine.path("total").asLong()).isEqualTo(expected).isPositive();
    assertThat(mine.path("items")).allSatisfy(i -> {
      assertThat(i.path("username").asString()).isEqualTo("admin");
      assertThat(i.path("clientAddress").asString()).isNotBlank();
    });
    JsonNode none = get("/api/audit?to=2000-01-01").json();
    assertThat(none.path("total").asLong()).isZero();
    assertThat(none.path("items").size()).isZero();
    JsonNode far = get("/api/audit?page=100000&size=500").json();
    assertThat(far.path("items").size()).isZero();
    assertThat(far.path("total").asLong()).isPositive();
  }

  @Test
  void badParametersAre400NamingTheField() {
    assertThat(get("/api/audit?from=yesterday").json().path("field").asString()).isEqualTo("from");
    assertThat(get("/api/audit?size=0").json().path("field").asString()).isEqualTo("size");
    assertThat(get("/api/audit?size=501").json().path("field").asString()).isEqualTo("size");
    assertThat(get("/api/audit?page=-1").json().path("field").asString()).isEqualTo("page");
    assertThat(get("/api/audit?from=2025-01-02&to=2025-01-01").json().path("field").asString()).isEqualTo("from");
    assertThat(get("/api/audit?entity=x'%20or%201=1--").json().path("total").asLong()).isZero();
  }

  @Test
  void auditRowsCannotBeChangedOrDeletedThroughTheServersDataSource() {
    someEvents();
    long id = jdbc.sql("select max(id) from audit_event").query(Long.class).single();
    String before = jdbc.sql("select to_jsonb(a)::text from audit_event a where id = :id").param("id", id)
        .query(String.class).single();
    assertThatThrownBy(() -> jdbc.sql("update audit_event set username = 'someone-else' where id = :id")
        .param("id", id).update())
        .isInstanceOf(DataAccessException.class)
        .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
    assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = :id").param("id", id).update())
        .isInstanceOf(DataAccessException.class)
        .satisfies(e -> assertThat(sqlState(e)).isEqualTo("42501"));
    assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
        .isInstanceOf(DataAccessException.class);
    assertThat(jdbc.sql("select to_jsonb(a)::text from audit_event a where id = :id").param("id", id)
        .query(String.class).single()).isEqualTo(before);
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
