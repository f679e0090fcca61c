package org.borderzone.segments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two-party sign-off (DESIGN.md): a move to DEMARCATED or RATIFIED needs a KH and an LA commission member.
 * The first signature leaves the segment unchanged (202, shown as pendingSignoffs and in the history); the
 * second from the other country applies it in the same transaction; the same country twice is a 409;
 * JBC members and administrators cannot sign for a country (403). Each test takes its own segment, away from
 * the 40 eastern ones that other classes pick with {@code Fixtures.segmentFromEast}.
 */
class SignoffIT extends IntegrationTest {

  /** A segment in {@code status} without open signatures, not used by another test of this class. */
  private synchronized int segmentIn(String status) {
    List<Integer> ids = jdbc.sql("""
        select s.id from border_segment s where s.status = :st
          and not exists (select 1 from segment_signoff so where so.segment_id = s.id)
          and s.seq < (select max(seq) - 40 from border_segment)
        order by s.seq desc limit 1
        """).param("st", status).query(Integer.class).list();
    if (!ids.isEmpty()) {
      return ids.get(0);
    }
    throw new AssertionError("the demo data has no " + status + " segment without signatures");
  }

  private int version(int id) {
    return jdbc.sql("select version from border_segment where id = :id").param("id", id).query(Integer.class).single();
  }

  private String status(int id) {
    return jdbc.sql("select status from border_segment where id = :id").param("id", id).query(String.class).single();
  }

  private Response sign(String user, int id, String to, int version) {
    return as(user).post("/api/segments/" + id + "/status",
        "{\"status\":\"" + to + "\",\"version\":" + version + ",\"reason\":\"signed by " + user + "\"}");
  }

  private long audits(String action, int segment) {
    return jdbc.sql("""
        select count(*) from audit_event where entity = 'signoff' and action = :a
          and (after ->> 'segmentId')::int = :id
        """).param("a", action).param("id", segment).query(Long.class).single();
  }

  @Test
  void khFirstThenLaApplies() {
    int id = segmentIn("SURVEYED");
    int v = version(id);
    long changes = jdbc.sql("select count(*) from segment_status_change where segment_id = :id").param("id", id)
        .query(Long.class).single();

    Response first = sign("kh-commission", id, "DEMARCATED", v);
    assertThat(first.status()).as(first.body()).isEqualTo(202);
    JsonNode props = first.json().path("properties");
    assertThat(props.path("status").asString()).isEqualTo("SURVEYED");
    assertThat(props.path("version").asInt()).isEqualTo(v);
    assertThat(props.path("pendingSignoffs")).hasSize(1);
    assertThat(props.path("pendingSignoffs").get(0).path("org").asString()).isEqualTo("KH");
    assertThat(props.path("pendingSignoffs").get(0).path("toStatus").asString()).isEqualTo("DEMARCATED");
    assertThat(status(id)).isEqualTo("SURVEYED");
    assertThat(get("/api/segments/" + id).json().path("properties").path("pendingSignoffs")).hasSize(1);
    JsonNode history = get("/api/segments/" + id + "/history").json();
    assertThat(history.path("signoffs")).hasSize(1);
    assertThat(history.path("signoffs").get(0).path("state").asString()).isEqualTo("PENDING");
    assertThat(audits("SIGN", id)).isEqualTo(1);

    Response second = sign("la-commission", id, "DEMARCATED", v);
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    JsonNode after = second.json().path("properties");
    assertThat(after.path("status").asString()).isEqualTo("DEMARCATED");
    assertThat(after.path("version").asInt()).isEqualTo(v + 1);
    assertThat(after.path("pendingSignoffs").isNull() || after.path("pendingSignoffs").isMissingNode()).isTrue();
    assertThat(jdbc.sql("select count(*) from segment_signoff where segment_id = :id and applied_at is not null")
        .param("id", id).query(Long.class).single()).isEqualTo(2);
    // both signatures carry the same applied_at: one transaction
    assertThat(jdbc.sql("select count(distinct applied_at) from segment_signoff where segment_id = :id")
        .param("id", id).query(Long.class).single()).isEqualTo(1);
    String lastChange = jdbc.sql("""
        select from_status || '>' || to_status || ' ' || by_user || ' ' || by_org || ' ' || reason
        from segment_status_change where segment_id = :id order by at desc, id desc limit 1
        """).param("id", id).query(String.class).single();
    assertThat(lastChange).isEqualTo("SURVEYED>DEMARCATED la-commission LA KH: signed by kh-commission / "
        + "LA: signed by la-commission");
    assertThat(jdbc.sql("select count(*) from segment_status_change where segment_id = :id").param("id", id)
        .query(Long.class).single()).isEqualTo(changes + 1);
    assertThat(audits("SIGN", id)).isEqualTo(2);
    assertThat(audits("SIGNOFF_APPLY", id)).isEqualTo(2);
    assertThat(get("/api/segments/" + id + "/history").json().path("signoffs"))
        .allSatisfy(s -> assertThat(s.path("state").asString()).isEqualTo("APPLIED"));
  }

  @Test
  void laFirstThenKhApplies() {
    int id = segmentIn("DEMARCATED");
    int v = version(id);
    assertThat(sign("la-commission", id, "RATIFIED", v).status()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("DEMARCATED");
    Response second = sign("kh-commission", id, "RATIFIED", v);
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().path("properties").path("status").asString()).isEqualTo("RATIFIED");
    assertThat(status(id)).isEqualTo("RATIFIED");
  }

  @Test
  void sameCountryTwiceIsRefused() {
    int id = segmentIn("SURVEYED");
    int v = version(id);
    assertThat(sign("kh-commission", id, "DEMARCATED", v).status()).isEqualTo(202);
    Response again = sign("kh-commission", id, "DEMARCATED", v);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("field").asString()).isEqualTo("status");
    assertThat(again.json().path("detail").asString()).contains("KH has already signed");
    assertThat(status(id)).isEqualTo("SURVEYED");
    assertThat(jdbc.sql("select count(*) from segment_signoff where segment_id = :id").param("id", id)
        .query(Long.class).single()).isEqualTo(1);
  }

  @Test
  void jbcMembersAndAdministratorsCannotSignForACountry() {
    int id = segmentIn("SURVEYED");
    int v = version(id);
    for (String user : List.of("commission", "admin")) {
      Response r = sign(user, id, "DEMARCATED", v);
      assertThat(r.status()).as(user + " " + r.body()).isEqualTo(403);
      assertThat(r.json().path("detail").asString()).contains("KH and an LA commission member");
    }
    assertThat(jdbc.sql("select count(*) from segment_signoff where segment_id = :id").param("id", id)
        .query(Long.class).single()).isZero();
    // moves that need no sign-off stay open to JBC commission members
    Response disputed = as("commission").post("/api/segments/" + id + "/status",
        "{\"status\":\"DISPUTED\",\"version\":" + v + "}");
    assertThat(disputed.status()).as(disputed.body()).isEqualTo(200);
  }

  @Test
  void illegalOrStaleSignaturesAreRefusedAndStoreNothing() {
    int id = segmentIn("PENDING");
    int v = version(id);
    assertThat(sign("kh-commission", id, "DEMARCATED", v).status()).isEqualTo(409);
    assertThat(sign("kh-commission", id, "SURVEYED", v + 7).status()).isEqualTo(409);
    assertThat(jdbc.sql("select count(*) from segment_signoff where segment_id = :id").param("id", id)
        .query(Long.class).single()).isZero();
  }

  @Test
  void aSignatureLapsesWhenTheSegmentMovesAnotherWay() {
    int id = segmentIn("SURVEYED");
    int v = version(id);
    assertThat(sign("kh-commission", id, "DEMARCATED", v).status()).isEqualTo(202);
    Response disputed = post("/api/segments/" + id + "/status", "{\"status\":\"DISPUTED\",\"version\":" + v + "}");
    assertThat(disputed.status()).isEqualTo(200);
    assertThat(disputed.json().path("properties").path("pendingSignoffs").isNull()
        || disputed.json().path("properties").path("pendingSignoffs").isMissingNode()).isTrue();
    assertThat(audits("SIGNOFF_LAPSE", id)).isEqualTo(1);
    // from DISPUTED, LA's signature does not meet the lapsed KH one: it waits for a new KH signature
    Response la = sign("la-commission", id, "DEMARCATED", v + 1);
    assertThat(la.status()).as(la.body()).isEqualTo(202);
    assertThat(status(id)).isEqualTo("DISPUTED");
    // a signature for another target than the open one is a conflict
    assertThat(sign("kh-commission", id, "RATIFIED", v + 1).status()).isEqualTo(409);
    assertThat(sign("kh-commission", id, "DEMARCATED", v + 1).status()).isEqualTo(200);
    assertThat(status(id)).isEqualTo("DEMARCATED");
    JsonNode states = get("/api/segments/" + id + "/history").json().path("signoffs");
    assertThat(states).hasSize(3);
    assertThat(states.get(0).path("state").asString()).isEqualTo("LAPSED");
  }
}
