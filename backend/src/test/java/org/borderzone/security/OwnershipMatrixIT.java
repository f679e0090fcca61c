package org.borderzone.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Who may change whose data (DESIGN.md "Ownership", {@code system.Ownership}): every write endpoint × the
 * owner of the data it changes × every demo actor (plus a KH administrator created here), from ONE list of
 * rows ({@link #ROWS}). Each cell builds a fresh fixture, sends the request and checks the exact status; on a
 * refusal (4xx) it checks that the rows the request could touch are byte-for-byte what they were and that no
 * audit event was written; on success that they did change (and, for creations, who owns the new row).
 * {@link #everyWriteEndpointIsInTheMatrix} fails when a POST/PUT/DELETE/PATCH under {@code /api} has no row.
 *
 * <p>The expected statuses are written out per row in the column order of {@link #ACTORS}: 403 from the route
 * table (the role may not call the endpoint at all) and 403 from ownership (the role may, but not on this
 * owner's data) look the same; 404 is an owner's data the actor may not even read. The table is copied in
 * docs/SECURITY.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnershipMatrixIT extends IntegrationTest {

  /** A KH administrator, which the demo does not have: it manages KH users only and changes KH data. */
  static final String KH_ADMIN = "own-kh-admin";
  static final String KH_ADMIN_PASSWORD = "ownership-matrix-kh-admin";

  /** The columns of every row. */
  static final List<String> ACTORS = List.of("admin", "commission", "kh-commission", "la-commission", "kh-planner",
      "la-planner", "kh-patrol", "la-patrol", "kh-viewer", "la-viewer", KH_ADMIN);

  /** Organisation of each actor, same order. */
  static final List<String> ORGS = List.of("JBC", "JBC", "KH", "LA", "KH", "LA", "KH", "LA", "KH", "LA", "KH");

  /** KH and LA side positions (on the own side, away from the border) for bases. */
  static final double[] KH_POINT = {105.9, 13.8};
  static final double[] LA_POINT = {106.05, 14.15};

  /** The request of a cell and what it may touch. */
  record Target(String method, String path, String contentType, String body, String snapshotSql, Object snapshotId,
      boolean changes, BiConsumer<String, Response> onSuccess, byte[] bytes) {
    Target(String method, String path, String contentType, String body, String snapshotSql, Object snapshotId,
        boolean changes, BiConsumer<String, Response> onSuccess) {
      this(method, path, contentType, body, snapshotSql, snapshotId, changes, onSuccess, null);
    }
  }

  /** One row: an endpoint, whose data, the fixture of each cell, the statuses per actor ({@link #ACTORS} order). */
  record Row(String endpoint, String owner, Function<OwnershipMatrixIT, Target> fixture, String statuses) {
    int expected(String actor) {
      String[] s = statuses.trim().split("\\s+");
      if (s.length != ACTORS.size()) {
        throw new IllegalStateException(this + ": " + s.length + " statuses for " + ACTORS.size() + " actors");
      }
      return Integer.parseInt(s[ACTORS.indexOf(actor)]);
    }

    @Override
    public String toString() {
      return endpoint + " [" + owner + "]";
    }
  }

  // Columns:                               adm  com  khc  lac  khp  lap  khpa lapa khv  lav  khadm
  static final List<Row> ROWS = List.of(
      new Row("POST /api/bases", "KH", t -> t.newBase("KH"), "403 403 403 403 201 403 403 403 403 403 201"),
      new Row("POST /api/bases", "LA", t -> t.newBase("LA"), "403 403 403 403 403 201 403 403 403 403 403"),
      new Row("POST /api/bases", "JBC", t -> t.newBase("JBC"), "201 403 403 403 403 403 403 403 403 403 403"),
      new Row("PUT /api/bases/{id}", "KH", t -> t.putBase("KH", "KH"), "403 403 403 403 200 403 403 403 403 403 200"),
      new Row("PUT /api/bases/{id}", "LA", t -> t.putBase("LA", "LA"), "403 403 403 403 403 200 403 403 403 403 403"),
      new Row("PUT /api/bases/{id}", "JBC", t -> t.putBase("JBC", "JBC"), "200 403 403 403 403 403 403 403 403 403 403"),
      new Row("PUT /api/bases/{id}", "KH, handed to LA", t -> t.putBase("KH", "LA"),
          "403 403 403 403 403 403 403 403 403 403 403"),
      new Row("DELETE /api/bases/{id}", "KH", t -> t.deleteBase("KH"), "403 403 403 403 204 403 403 403 403 403 204"),
      new Row("DELETE /api/bases/{id}", "LA", t -> t.deleteBase("LA"), "403 403 403 403 403 204 403 403 403 403 403"),
      new Row("DELETE /api/bases/{id}", "JBC", t -> t.deleteBase("JBC"), "204 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/incidents/{id}/status", "KH SHARED", t -> t.incidentStatus("KH", "SHARED"),
          "403 403 403 403 200 403 403 403 403 403 200"),
      new Row("POST /api/incidents/{id}/status", "KH NATIONAL", t -> t.incidentStatus("KH", "NATIONAL"),
          "404 403 403 403 200 404 403 403 403 403 200"),
      new Row("POST /api/incidents/{id}/status", "LA SHARED", t -> t.incidentStatus("LA", "SHARED"),
          "403 403 403 403 403 200 403 403 403 403 403"),
      new Row("POST /api/incidents/{id}/status", "LA NATIONAL", t -> t.incidentStatus("LA", "NATIONAL"),
          "404 403 403 403 404 200 403 403 403 403 404"),
      new Row("POST /api/incidents/{id}/status", "JBC SHARED", t -> t.incidentStatus("JBC", "SHARED"),
          "200 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/incidents/{id}/photos", "KH SHARED", t -> t.incidentPhoto("KH", "SHARED"),
          "403 403 403 403 201 403 201 403 403 403 201"),
      new Row("POST /api/incidents/{id}/photos", "KH NATIONAL", t -> t.incidentPhoto("KH", "NATIONAL"),
          "404 403 403 403 201 404 201 404 403 403 201"),
      new Row("POST /api/incidents/{id}/photos", "LA NATIONAL", t -> t.incidentPhoto("LA", "NATIONAL"),
          "404 403 403 403 404 201 404 201 403 403 404"),
      new Row("POST /api/incidents/{id}/photos", "JBC SHARED", t -> t.incidentPhoto("JBC", "SHARED"),
          "201 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/releases", "KH NATIONAL, to LA", t -> t.release("KH", "LA"),
          "404 403 403 403 201 404 403 403 403 403 201"),
      new Row("POST /api/releases", "LA NATIONAL, to KH", t -> t.release("LA", "KH"),
          "404 403 403 403 404 201 403 403 403 403 404"),
      new Row("POST /api/releases/{id}/withdraw", "KH's release to LA", t -> t.withdrawRelease("KH", "LA"),
          "404 403 403 403 200 403 403 403 403 403 200"),
      new Row("POST /api/incidents", "the caller's", OwnershipMatrixIT::newIncident,
          "201 403 403 403 201 201 201 201 403 403 201"),
      new Row("POST /ogc/collections/incidents/items", "the caller's", OwnershipMatrixIT::ogcNewIncident,
          "201 403 403 403 201 201 201 201 403 403 201"),
      new Row("PUT /ogc/collections/incidents/items/{featureId}", "KH SHARED", t -> t.ogcPut("KH", "SHARED"),
          "403 403 403 403 200 403 403 403 403 403 200"),
      new Row("PUT /ogc/collections/incidents/items/{featureId}", "KH NATIONAL", t -> t.ogcPut("KH", "NATIONAL"),
          "404 403 403 403 200 404 403 403 403 403 200"),
      new Row("PUT /ogc/collections/incidents/items/{featureId}", "LA NATIONAL", t -> t.ogcPut("LA", "NATIONAL"),
          "404 403 403 403 404 200 403 403 403 403 404"),
      new Row("PUT /ogc/collections/incidents/items/{featureId}", "JBC SHARED", t -> t.ogcPut("JBC", "SHARED"),
          "200 403 403 403 403 403 403 403 403 403 403"),
      new Row("DELETE /ogc/collections/incidents/items/{featureId}", "KH SHARED (never deleted)",
          t -> t.ogcDelete("KH", "SHARED"), "405 403 403 403 405 405 405 405 403 403 405"),
      new Row("POST /api/incidents/import", "the caller's", OwnershipMatrixIT::importIncident,
          "201 403 403 403 201 201 403 403 403 403 201"),
      new Row("POST /api/network/import", "all sides", OwnershipMatrixIT::networkImport,
          "400 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/routes", "KH national (computed, nothing stored)", OwnershipMatrixIT::route,
          "200 403 403 403 200 422 200 422 403 403 200"),
      new Row("POST /api/patrol-plans", "KH national", t -> t.savePlan(false),
          "403 403 403 403 201 403 403 403 403 403 201"),
      new Row("POST /api/patrol-plans", "joint, the caller's", t -> t.savePlan(true),
          "201 403 403 403 201 201 403 403 403 403 201"),
      new Row("POST /api/patrol-plans/{id}/status", "KH national", t -> t.planStatus("KH", false),
          "404 403 403 403 200 404 200 404 403 403 200"),
      new Row("POST /api/patrol-plans/{id}/status", "KH joint", t -> t.planStatus("KH", true),
          "403 403 403 403 200 403 200 403 403 403 200"),
      new Row("POST /api/patrol-plans/{id}/status", "LA national", t -> t.planStatus("LA", false),
          "404 403 403 403 404 200 404 200 403 403 404"),
      new Row("POST /api/patrol-plans/{id}/status", "JBC joint", t -> t.planStatus("JBC", true),
          "200 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/segments/{id}/status", "joint KH-LA", OwnershipMatrixIT::segmentStatus,
          "200 200 200 200 403 403 403 403 403 403 200"),
      new Row("POST /api/inspections", "joint, KH took part", t -> t.inspection("KH"),
          "201 201 201 403 403 403 403 403 403 403 201"),
      new Row("POST /api/inspections", "joint, LA took part", t -> t.inspection("LA"),
          "201 201 403 201 403 403 403 403 403 403 403"),
      new Row("POST /api/admin/users", "new KH user", t -> t.newUser("KH"),
          "201 403 403 403 403 403 403 403 403 403 201"),
      new Row("POST /api/admin/users", "new LA user", t -> t.newUser("LA"),
          "201 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/admin/users/{id}/disable", "KH user", t -> t.userAction("KH", "disable"),
          "200 403 403 403 403 403 403 403 403 403 200"),
      new Row("POST /api/admin/users/{id}/disable", "LA user", t -> t.userAction("LA", "disable"),
          "200 403 403 403 403 403 403 403 403 403 403"),
      new Row("POST /api/admin/users/{id}/password", "KH user", t -> t.userAction("KH", "password"),
          "200 403 403 403 403 403 403 403 403 403 200"),
      new Row("POST /api/admin/users/{id}/password", "LA user", t -> t.userAction("LA", "password"),
          "200 403 403 403 403 403 403 403 403 403 403"),
      // liaison messages (docs/EXCHANGE.md): from the caller's organisation; the addressee acknowledges and
      // answers, either party closes; the joint body is an outsider of a KH->LA message (404)
      new Row("POST /api/messages", "from the caller's organisation to LA", t -> t.sendMessage("LA"),
          "201 201 201 422 201 422 403 403 403 403 201"),
      new Row("POST /api/messages/{id}/acknowledge", "KH->LA, SENT", t -> t.messageMove("SENT", "acknowledge"),
          "404 404 403 200 403 200 403 403 403 403 403"),
      new Row("POST /api/messages/{id}/reply", "KH->LA, SENT", t -> t.messageMove("SENT", "reply"),
          "404 404 403 201 403 201 403 403 403 403 403"),
      new Row("POST /api/messages/{id}/close", "KH->LA, ACKNOWLEDGED", t -> t.messageMove("ACKNOWLEDGED", "close"),
          "404 404 200 200 200 200 403 403 403 403 200"),
      // joint cases (issue 12): a party's planners and commission members; others 404 (JBC) or 403 (role)
      new Row("POST /api/cases", "KH and LA incidents (SHARED)", OwnershipMatrixIT::proposeCase,
          "422 422 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/cases/{id}/confirm", "KH-LA case proposed by KH", t -> t.decideCase("confirm"),
          "404 404 409 200 409 200 403 403 403 403 409"),
      new Row("POST /api/cases/{id}/reject", "KH-LA case proposed by KH", t -> t.decideCase("reject"),
          "404 404 409 200 409 200 403 403 403 403 409"),
      new Row("POST /api/cases/{id}/close", "open KH-LA case", OwnershipMatrixIT::closeCase,
          "404 404 200 200 200 200 403 403 403 403 200"),
      new Row("POST /api/cases/{id}/incidents", "KH-LA case proposed by KH, a KH incident added",
          OwnershipMatrixIT::addToCase, "404 404 200 200 200 200 403 403 403 403 200"),
      new Row("PUT /api/me/language", "the caller's own", OwnershipMatrixIT::ownLanguage,
          "200 200 200 200 200 200 200 200 200 200 200"),
      new Row("POST /api/tokens", "the caller's own", OwnershipMatrixIT::newToken,
          "201 201 201 201 201 201 201 201 201 201 201"),
      new Row("DELETE /api/tokens/{id}", "kh-viewer's token", t -> t.ownToken("kh-viewer"),
          "404 404 404 404 404 404 404 404 200 404 404"),
      new Row("DELETE /api/admin/users/{id}/tokens/{id}", "KH user's token", t -> t.usersToken("KH"),
          "200 403 403 403 403 403 403 403 403 403 200"),
      new Row("DELETE /api/admin/users/{id}/tokens/{id}", "LA user's token", t -> t.usersToken("LA"),
          "200 403 403 403 403 403 403 403 403 403 403"),
      // meetings (issue 12): a party's planners and commission members write; outsiders 404; countries sign
      new Row("POST /api/meetings", "KH and LA", OwnershipMatrixIT::newMeeting,
          "422 422 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/meetings/{id}/attendees", "KH-LA meeting",
          t -> t.meetingPart("attendees", "{\"org\":\"KH\",\"name\":\"Matrix attendee\"}"),
          "404 404 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/meetings/{id}/agenda", "KH-LA meeting",
          t -> t.meetingPart("agenda", "{\"title\":\"Matrix item\"}"),
          "404 404 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/meetings/{id}/decisions", "KH-LA meeting",
          t -> t.meetingPart("decisions", "{\"text\":\"Matrix decision\"}"),
          "404 404 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/meetings/{id}/actions", "KH-LA meeting",
          t -> t.meetingPart("actions", "{\"text\":\"Matrix action\",\"ownerOrg\":\"LA\",\"dueDate\":\"2099-01-01\"}"),
          "404 404 201 201 201 201 403 403 403 403 201"),
      new Row("POST /api/meetings/{id}/held", "KH-LA meeting", t -> t.meetingPart("held", "{\"version\":0}"),
          "404 404 200 200 200 200 403 403 403 403 200"),
      new Row("PUT /api/meetings/{id}/minutes", "KH-LA meeting", t -> t.minutes(),
          "404 404 200 200 200 200 403 403 403 403 200"),
      new Row("POST /api/meetings/{id}/minutes/sign", "KH-LA meeting", t -> t.signMinutes("KH", "LA"),
          "404 404 200 200 200 200 403 403 403 403 403"),
      new Row("POST /api/meetings/{id}/minutes/sign", "KH-LA-JBC meeting (the JBC does not sign)",
          t -> t.signMinutes("KH", "LA", "JBC"), "403 403 200 200 200 200 403 403 403 403 403"),
      new Row("POST /api/actions/{id}/done", "LA's action of a KH-LA meeting", t -> t.finishAction("done"),
          "404 404 403 200 403 200 403 403 403 403 403"),
      new Row("POST /api/actions/{id}/cancel", "LA's action of a KH-LA meeting", t -> t.finishAction("cancel"),
          "404 404 200 200 200 200 403 403 403 403 200"),
      // organisations as data: the joint body's ADMIN only (a country's ADMIN gets 403)
      new Row("POST /api/admin/organisations", "a new organisation", OwnershipMatrixIT::newOrganisation,
          "201 403 403 403 403 403 403 403 403 403 403"),
      new Row("PUT /api/admin/organisations/{code}", "an organisation's names", OwnershipMatrixIT::renameOrganisation,
          "200 403 403 403 403 403 403 403 403 403 403"));

  // ------------------------------------------------------------------------------------------------ meetings

  /** A meeting with its parts and signatures, as one text (any change to any of them changes it). */
  static final String MEETING_SNAPSHOT = """
      select concat_ws(' | ', (to_jsonb(x) - 'id')::text,
        (select count(*) from meeting_attendee where meeting_id = x.id),
        (select count(*) from agenda_item where meeting_id = x.id),
        (select count(*) from meeting_decision where meeting_id = x.id),
        (select json_agg(to_jsonb(a) order by a.id)::text from action_item a where a.meeting_id = x.id),
        (select json_agg(to_jsonb(s) order by s.id)::text from minutes_signoff s where s.meeting_id = x.id))
      from meeting x where x.public_id = cast(:id as uuid)
      """;

  private String insertMeeting(String state, String minutes, String... parties) {
    return jdbc.sql("""
        insert into meeting (kind, title, starts_at, parties, state, minutes, minutes_sha256, created_by, created_org)
        values ('SECURITY', :title, timestamptz '2026-01-10 09:00+07', cast(:parties as text[]), :state,
                cast(:minutes as text), encode(sha256(convert_to(cast(:minutes as text), 'UTF8')), 'hex'), 'matrix', 'KH')
        returning public_id::text
        """).param("title", marker()).param("parties", parties).param("state", state).param("minutes", minutes)
        .query(String.class).single();
  }

  Target newMeeting() {
    String title = marker();
    return new Target("POST", "/api/meetings", "application/json", "{\"kind\":\"SECURITY\",\"title\":\"" + title
        + "\",\"startsAt\":\"2026-01-10T09:00:00+07:00\",\"parties\":[\"KH\",\"LA\"]}",
        "select coalesce(json_agg(m.created_org order by m.id)::text, '[]') from meeting m where m.title = :id", title,
        true, (actor, r) -> assertThat(r.json().get("createdOrg").asString()).isEqualTo(orgOf(actor)));
  }

  Target meetingPart(String part, String body) {
    String id = insertMeeting("PLANNED", null, "KH", "LA");
    return new Target("POST", "/api/meetings/" + id + "/" + part, "application/json", body, MEETING_SNAPSHOT, id, true,
        null);
  }

  Target minutes() {
    String id = insertMeeting("PLANNED", null, "KH", "LA");
    return new Target("PUT", "/api/meetings/" + id + "/minutes", "application/json",
        "{\"text\":\"Matrix minutes\",\"version\":0}", MEETING_SNAPSHOT, id, true, null);
  }

  Target signMinutes(String... parties) {
    String id = insertMeeting("HELD", "Matrix minutes to sign", parties);
    String sha = jdbc.sql("select minutes_sha256 from meeting where public_id = cast(:id as uuid)").param("id", id)
        .query(String.class).single();
    return new Target("POST", "/api/meetings/" + id + "/minutes/sign", "application/json",
        "{\"sha256\":\"" + sha + "\"}", MEETING_SNAPSHOT, id, true, null);
  }

  Target finishAction(String to) {
    String id = insertMeeting("HELD", null, "KH", "LA");
    String action = jdbc.sql("""
        insert into action_item (meeting_id, text, owner_org, due_date, created_by)
        select m.id, 'Matrix action', 'LA', date '2099-01-01', 'matrix' from meeting m where m.public_id = cast(:id as uuid)
        returning public_id::text
        """).param("id", id).query(String.class).single();
    return new Target("POST", "/api/actions/" + action + "/" + to, "application/json", "{\"version\":0}",
        MEETING_SNAPSHOT, id, true, null);
  }

  /**
   * The third party (IntegrationTest#ensureThirdParty: VN, no side of the KH–LA border): its users change no KH
   * or LA data, sign nothing of a KH–LA segment and manage no organisation. Columns: {@link #THIRD_PARTY}.
   */
  static final List<String> THIRD_PARTY = List.of("vn-commission", "vn-planner", "vn-viewer");

  /** One row of the third party's matrix: statuses in {@link #THIRD_PARTY} order. */
  record ThirdPartyRow(String endpoint, String owner, Function<OwnershipMatrixIT, Target> fixture, String statuses) {
    int expected(String actor) {
      String[] s = statuses.trim().split("\\s+");
      if (s.length != THIRD_PARTY.size()) {
        throw new IllegalStateException(this + ": " + s.length + " statuses for " + THIRD_PARTY.size() + " actors");
      }
      return Integer.parseInt(s[THIRD_PARTY.indexOf(actor)]);
    }

    @Override
    public String toString() {
      return endpoint + " [" + owner + "]";
    }
  }

  // Columns:                                                     vnc  vnp  vnv
  static final List<ThirdPartyRow> THIRD_PARTY_ROWS = List.of(
      new ThirdPartyRow("POST /api/bases", "KH", t -> t.newBase("KH"), "403 403 403"),
      new ThirdPartyRow("PUT /api/bases/{id}", "KH", t -> t.putBase("KH", "KH"), "403 403 403"),
      new ThirdPartyRow("DELETE /api/bases/{id}", "LA", t -> t.deleteBase("LA"), "403 403 403"),
      new ThirdPartyRow("POST /api/incidents/{id}/status", "KH SHARED", t -> t.incidentStatus("KH", "SHARED"),
          "403 403 403"),
      new ThirdPartyRow("POST /api/incidents/{id}/status", "LA NATIONAL", t -> t.incidentStatus("LA", "NATIONAL"),
          "403 404 403"),
      new ThirdPartyRow("POST /api/incidents/{id}/photos", "KH SHARED", t -> t.incidentPhoto("KH", "SHARED"),
          "403 403 403"),
      new ThirdPartyRow("POST /api/incidents/{id}/photos", "KH NATIONAL", t -> t.incidentPhoto("KH", "NATIONAL"),
          "403 404 403"),
      new ThirdPartyRow("PUT /ogc/collections/incidents/items/{featureId}", "KH SHARED", t -> t.ogcPut("KH", "SHARED"),
          "403 403 403"),
      new ThirdPartyRow("PUT /ogc/collections/incidents/items/{featureId}", "LA NATIONAL",
          t -> t.ogcPut("LA", "NATIONAL"), "403 404 403"),
      new ThirdPartyRow("POST /api/routes", "KH national (computed)", OwnershipMatrixIT::route, "403 422 403"),
      new ThirdPartyRow("POST /api/patrol-plans", "KH national", t -> t.savePlan(false), "403 403 403"),
      new ThirdPartyRow("POST /api/patrol-plans/{id}/status", "KH national", t -> t.planStatus("KH", false),
          "403 404 403"),
      new ThirdPartyRow("POST /api/patrol-plans/{id}/status", "LA joint", t -> t.planStatus("LA", true),
          "403 403 403"),
      new ThirdPartyRow("POST /api/segments/{id}/status", "joint KH-LA", OwnershipMatrixIT::segmentStatus,
          "403 403 403"),
      new ThirdPartyRow("POST /api/inspections", "joint, KH took part", t -> t.inspection("KH"), "403 403 403"),
      new ThirdPartyRow("POST /api/inspections", "a KH-LA segment, VN alone", t -> t.inspection("VN"),
          "403 403 403"),
      new ThirdPartyRow("POST /api/admin/users", "new VN user", t -> t.newUser("VN"), "403 403 403"),
      new ThirdPartyRow("POST /api/admin/organisations", "a new organisation", OwnershipMatrixIT::newOrganisation,
          "403 403 403"),
      new ThirdPartyRow("PUT /api/admin/organisations/{code}", "VN's own names", t -> t.renameOrganisation("VN"),
          "403 403 403"));

  static Stream<Arguments> thirdPartyCells() {
    List<Arguments> cells = new ArrayList<>();
    for (ThirdPartyRow r : THIRD_PARTY_ROWS) {
      for (String a : THIRD_PARTY) {
        cells.add(Arguments.of(r, a));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("thirdPartyCells")
  void thirdPartyCell(ThirdPartyRow row, String actor) {
    check(row.toString(), row.fixture().apply(this), actor, row.expected(actor));
  }

  @BeforeAll
  void createKhAdmin() {
    ensureUser(KH_ADMIN, KH_ADMIN_PASSWORD, "KH admin", "KH", "ADMIN");
    ensureThirdParty();
  }

  @AfterAll
  void disableKhAdmin() {
    disableUser(KH_ADMIN);
    // the releases of the fixtures stay open where the cell refused the withdrawal: withdraw them (never deleted)
    jdbc.sql("""
        update incident_release set withdrawn_by = 'leakcheck', withdrawn_at = now(), withdrawn_reason = 'matrix'
        where released_by in ('leakcheck', 'kh-planner', 'la-planner', :khAdmin) and reason = 'matrix'
          and withdrawn_at is null
        """).param("khAdmin", KH_ADMIN).update();
    jdbc.sql("delete from patrol_base where name like 'own-matrix-%' and id not in (select base_id from patrol_plan"
        + " where base_id is not null)").update();
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Row r : ROWS) {
      for (String a : ACTORS) {
        cells.add(Arguments.of(r, a));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("cells")
  void cell(Row row, String actor) {
    check(row.toString(), row.fixture().apply(this), actor, row.expected(actor));
  }

  /** Sends the cell's request as {@code actor} and checks the status, and what changed (or did not). */
  private void check(String row, Target t, String actor, int want) {
    String before = snapshot(t);
    long auditBefore = lastAuditId();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(t.path())));
    if (t.contentType() != null) {
      b.header("Content-Type", t.contentType());
    }
    b.method(t.method(), t.bytes() != null ? HttpRequest.BodyPublishers.ofByteArray(t.bytes())
        : t.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(t.body()));
    Response r = actor.equals(KH_ADMIN) ? as(KH_ADMIN, KH_ADMIN_PASSWORD).send(b) : as(actor).send(b);
    String body = r.body() == null ? "" : r.body();
    String what = row + " as " + actor + " -> " + r.status() + " " + body.substring(0, Math.min(400, body.length()));
    assertThat(r.status()).as(what).isEqualTo(want);
    if (want >= 400) {
      assertThat(r.contentType()).as(what).startsWith("application/problem+json");
      assertThat(snapshot(t)).as("nothing changed: " + what).isEqualTo(before);
      assertThat(lastAuditId()).as("no audit event: " + what).isEqualTo(auditBefore);
    } else if (t.changes()) {
      assertThat(snapshot(t)).as("changed: " + what).isNotEqualTo(before);
      assertThat(lastAuditId()).as("audited: " + what).isGreaterThan(auditBefore);
      if (t.onSuccess() != null) {
        t.onSuccess().accept(actor, r);
      }
    } else {
      assertThat(snapshot(t)).as("computes only: " + what).isEqualTo(before);
      assertThat(lastAuditId()).as("computes only: " + what).isEqualTo(auditBefore);
    }
  }

  private String snapshot(Target t) {
    var spec = jdbc.sql(t.snapshotSql());
    if (t.snapshotId() != null) {
      spec = spec.param("id", t.snapshotId());
    }
    return spec.query(String.class).optional().orElse("(none)");
  }

  private long lastAuditId() {
    return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
  }

  static String orgOf(String actor) {
    return ORGS.get(ACTORS.indexOf(actor));
  }

  private static String marker() {
    return "own-matrix-" + UUID.randomUUID();
  }

  // ------------------------------------------------------------------------------------------------ fixtures

  private static double[] pointOf(String org) {
    return org.equals("LA") ? LA_POINT : KH_POINT;
  }

  private static String baseFeature(String name, String org, Integer version) {
    double[] p = pointOf(org);
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + p[0] + "," + p[1] + "]},"
        + "\"properties\":{\"name\":\"" + name + "\",\"kind\":\"POST\",\"orgCode\":\"" + org + "\""
        + (version == null ? "" : ",\"version\":" + version) + "}}";
  }

  private int insertBase(String org) {
    double[] p = pointOf(org);
    return jdbc.sql("""
        insert into patrol_base (name, kind, org_code, side, geom)
        values (:name, 'POST', :org, :side, st_setsrid(st_makepoint(:lon, :lat), 4326)) returning id
        """).param("name", marker()).param("org", org).param("side", org.equals("LA") ? "LA" : "KH")
        .param("lon", p[0]).param("lat", p[1]).query(Integer.class).single();
  }

  static final String BASE_ROW = "select to_jsonb(b)::text from patrol_base b where b.id = :id";

  Target newBase(String org) {
    String name = marker();
    return new Target("POST", "/api/bases", "application/json", baseFeature(name, org, null),
        "select coalesce(json_agg(to_jsonb(b) - 'id')::text, '[]') from patrol_base b where b.name = :id", name, true,
        (actor, r) -> assertThat(r.json().get("properties").get("orgCode").asString()).isEqualTo(org));
  }

  Target putBase(String owner, String newOrg) {
    int id = insertBase(owner);
    return new Target("PUT", "/api/bases/" + id, "application/json", baseFeature(marker(), newOrg, 0), BASE_ROW, id,
        true, null);
  }

  Target deleteBase(String owner) {
    int id = insertBase(owner);
    return new Target("DELETE", "/api/bases/" + id, null, null, BASE_ROW, id, true, null);
  }

  /** A release of a planted NATIONAL incident of {@code owner} to {@code to}; the snapshot is its releases. */
  Target release(String owner, String to) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, "NATIONAL", 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    return new Target("POST", "/api/releases", "application/json",
        "{\"incident\":\"" + p.id() + "\",\"to\":[\"" + to + "\"],\"withheld\":[\"source\"],\"reason\":\"matrix\"}",
        "select coalesce(json_agg(to_jsonb(x) order by x.id)::text, '[]') from incident_release x"
            + " join incident i on i.id = x.incident_id where i.public_id = :id", p.id(), true,
        (actor, r) -> r.json().forEach(x -> LeakCheck.withdraw(jdbc, UUID.fromString(x.path("id").asString()))));
  }

  /** Withdrawing an open release of a planted NATIONAL incident of {@code owner} to {@code to}. */
  Target withdrawRelease(String owner, String to) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, "NATIONAL", 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    UUID id = LeakCheck.release(jdbc, p, owner, to);
    return new Target("POST", "/api/releases/" + id + "/withdraw", "application/json", "{\"reason\":\"matrix\"}",
        "select to_jsonb(x)::text from incident_release x where x.public_id = :id", id, true, null);
  }

  Target incidentStatus(String owner, String releasability) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, releasability, 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    return new Target("POST", "/api/incidents/" + p.id() + "/status", "application/json",
        "{\"status\":\"VERIFIED\",\"version\":0}", "select to_jsonb(i)::text from incident i where i.public_id = :id",
        p.id(), true, null);
  }

  /** A photo (a 1×1 PNG) added to a planted incident; the snapshot is the incident's photos. */
  Target incidentPhoto(String owner, String releasability) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, releasability, 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    byte[] png = java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4"
        + "z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");
    return new Target("POST", "/api/incidents/" + p.id() + "/photos", "image/png", null,
        "select coalesce(json_agg(json_build_object('n', x.n, 'sha', encode(x.sha256, 'hex'), 'org', x.owner_org,"
            + " 'by', x.created_by))::text, '[]') from incident_photo x join incident i on i.id = x.incident_id"
            + " where i.public_id = :id", p.id(), true,
        (actor, r) -> assertThat(r.json().get("ownerOrg").asString()).isEqualTo(owner), png);
  }

  static final String BY_SOURCE = "select coalesce(json_agg(i.owner_org order by i.id)::text, '[]') from incident i"
      + " where i.source = :id";

  Target newIncident() {
    String source = marker();
    return new Target("POST", "/api/incidents", "application/geo+json",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.2,14.4]},\"properties\":{"
            + "\"occurredAt\":\"2002-03-01T00:00:00Z\",\"type\":\"OTHER\",\"severity\":1,\"source\":\"" + source + "\"}}",
        BY_SOURCE, source, true, (actor, r) -> assertThat(snapshotOwners(source)).isEqualTo("[\"" + orgOf(actor) + "\"]"));
  }

  Target ogcNewIncident() {
    String source = marker();
    return new Target("POST", "/ogc/collections/incidents/items", "application/geo+json",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.2,14.4]},\"properties\":{"
            + "\"occurredAt\":\"2002-03-01T00:00:00Z\",\"type\":\"OTHER\",\"severity\":1,\"source\":\"" + source + "\"}}",
        BY_SOURCE, source, true, (actor, r) -> assertThat(snapshotOwners(source)).isEqualTo("[\"" + orgOf(actor) + "\"]"));
  }

  /** OGC Part 4 PUT: the status (the one thing a replace may change) to VERIFIED, the facts left out. */
  Target ogcPut(String owner, String releasability) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, releasability, 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    return new Target("PUT", "/ogc/collections/incidents/items/" + p.id(), "application/geo+json",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[106.2,14.4]},"
            + "\"properties\":{\"status\":\"VERIFIED\",\"version\":0,\"type\":\"OTHER\"}}",
        "select to_jsonb(i)::text from incident i where i.public_id = :id", p.id(), true, null);
  }

  Target ogcDelete(String owner, String releasability) {
    LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, releasability, 106.2, 14.4, "2002-03-01T00:00:00Z", "OTHER");
    return new Target("DELETE", "/ogc/collections/incidents/items/" + p.id(), null, null,
        "select to_jsonb(i)::text from incident i where i.public_id = :id", p.id(), true, null);
  }

  Target importIncident() {
    String source = marker();
    return new Target("POST", "/api/incidents/import", "text/csv",
        "lon,lat,occurredAt,type,severity,source\n106.2,14.4,2002-03-01T00:00:00Z,OTHER,1," + source + "\n",
        BY_SOURCE, source, true, (actor, r) -> assertThat(snapshotOwners(source)).isEqualTo("[\"" + orgOf(actor) + "\"]"));
  }

  private String snapshotOwners(String source) {
    return jdbc.sql(BY_SOURCE).param("id", source).query(String.class).single();
  }

  Target networkImport() {
    return new Target("POST", "/api/network/import", "application/json", "{\"type\":\"FeatureCollection\",\"features\":[]}",
        "select count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(round(sum(length_m)), 0) from network_edge",
        null, false, null);
  }

  /** A national KH route request: from a KH post to a point of a KH track 2–6 km away. */
  String khRouteRequest() {
    int post = jdbc.sql("select id from patrol_base where name = 'KH post 05 (synthetic)'").query(Integer.class).single();
    double[] end = jdbc.sql("""
        select st_x(pt), st_y(pt) from (
          select st_lineinterpolatepoint(e.geom, 0.5) pt, st_distance(e.geom::geography, b.geom::geography) d
          from network_edge e, patrol_base b where b.id = :id and e.side = 'KH' and e.kind = 'track') s
        where d between 2000 and 6000 order by d limit 1
        """).param("id", post).query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
    return "{\"mode\":\"point-to-point\",\"profile\":\"foot\",\"baseId\":" + post + ",\"end\":[" + end[0] + ","
        + end[1] + "]}";
  }

  /** A joint route request from the Trapeang Kriel checkpoint across the border. */
  String jointRouteRequest() {
    int kh = jdbc.sql("select id from patrol_base where name = 'Trapeang Kriel international checkpoint'")
        .query(Integer.class).single();
    return "{\"mode\":\"point-to-point\",\"baseId\":" + kh + ",\"end\":[105.9509, 13.9365],\"joint\":true}";
  }

  static final String PLANS_NAMED = "select coalesce(json_agg(to_jsonb(p) - 'id' - 'created_at')::text, '[]')"
      + " from patrol_plan p where p.name = :id";

  Target route() {
    return new Target("POST", "/api/routes", "application/json", khRouteRequest(),
        "select count(*) || '/' || coalesce(max(id), 0) from patrol_plan", null, false, null);
  }

  private String khRouteAnswer;
  private String jointRouteAnswer;

  Target savePlan(boolean joint) {
    if (joint && jointRouteAnswer == null) {
      jointRouteAnswer = as("kh-planner").post("/api/routes", jointRouteRequest()).body();
    }
    if (!joint && khRouteAnswer == null) {
      khRouteAnswer = as("kh-planner").post("/api/routes", khRouteRequest()).body();
    }
    String name = marker();
    return new Target("POST", "/api/patrol-plans", "application/json",
        "{\"name\":\"" + name + "\",\"route\":" + (joint ? jointRouteAnswer : khRouteAnswer) + "}", PLANS_NAMED, name,
        true, (actor, r) -> {
          JsonNode p = r.json().get("properties");
          assertThat(p.get("ownerOrg").asString()).isEqualTo(joint ? orgOf(actor) : "KH");
          assertThat(p.get("joint").asBoolean()).isEqualTo(joint);
        });
  }

  Target planStatus(String owner, boolean joint) {
    long id = jdbc.sql("""
        insert into patrol_plan (name, owner_org, created_by, mode, profile, joint, status)
        values (:name, :org, 'matrix', 'point-to-point', 'foot', :joint, 'PLANNED') returning id
        """).param("name", marker()).param("org", owner).param("joint", joint).query(Long.class).single();
    return new Target("POST", "/api/patrol-plans/" + id + "/status", "application/json", "{\"status\":\"DONE\"}",
        "select to_jsonb(p)::text from patrol_plan p where p.id = :id", id, true, null);
  }

  /** The segment of this class (far from the eastern ones other classes use), brought back to PENDING. */
  private int segment() {
    int id = jdbc.sql("select id from border_segment order by seq desc offset 60 limit 1").query(Integer.class)
        .single();
    for (String to : List.of("DISPUTED", "PENDING")) {
      String status = jdbc.sql("select status from border_segment where id = :id").param("id", id)
          .query(String.class).single();
      if (status.equals("PENDING")) {
        break;
      }
      if (status.equals(to)) {
        continue;
      }
      int v = jdbc.sql("select version from border_segment where id = :id").param("id", id).query(Integer.class)
          .single();
      Response r = as("commission").post("/api/segments/" + id + "/status",
          "{\"status\":\"" + to + "\",\"version\":" + v + ",\"reason\":\"ownership matrix reset\"}");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
    return id;
  }

  Target segmentStatus() {
    int id = segment();
    int v = jdbc.sql("select version from border_segment where id = :id").param("id", id).query(Integer.class)
        .single();
    return new Target("POST", "/api/segments/" + id + "/status", "application/json",
        "{\"status\":\"SURVEYED\",\"version\":" + v + ",\"reason\":\"ownership matrix\"}",
        "select (to_jsonb(s) - 'geom')::text from border_segment s where s.id = :id", id, true, null);
  }

  Target inspection(String participant) {
    int id = jdbc.sql("select id from border_segment order by seq desc offset 61 limit 1").query(Integer.class)
        .single();
    String notes = marker();
    return new Target("POST", "/api/inspections", "application/json",
        "{\"inspectedOn\":\"2024-05-20\",\"organisations\":[\"" + participant + "\"],\"segmentIds\":[" + id
            + "],\"outcome\":\"SATISFACTORY\",\"notes\":\"" + notes + "\",\"findings\":[]}",
        "select coalesce(json_agg(to_jsonb(i) - 'id' - 'recorded_at')::text, '[]') from inspection i where i.notes = :id",
        notes, true, null);
  }

  Target newUser(String org) {
    String name = "own-u-" + UUID.randomUUID().toString().substring(0, 8);
    return new Target("POST", "/api/admin/users", "application/json",
        "{\"username\":\"" + name + "\",\"displayName\":\"Matrix user\",\"org\":\"" + org
            + "\",\"role\":\"VIEWER\",\"password\":\"matrix-password-123\"}",
        "select coalesce(json_agg(to_jsonb(u) - 'id' - 'created_at' - 'password_changed_at' - 'password_hash')::text,"
            + " '[]') from app_user u where u.username = :id", name, true,
        (actor, r) -> assertThat(r.json().get("org").asString()).isEqualTo(org));
  }

  /** A random code of capital letters (organisations are never deleted: each run adds a few). */
  static String newOrgCode() {
    StringBuilder sb = new StringBuilder("ZM");
    java.util.Random r = new java.util.Random();
    for (int i = 0; i < 6; i++) {
      sb.append((char) ('A' + r.nextInt(26)));
    }
    return sb.toString();
  }

  Target newOrganisation() {
    String code = newOrgCode();
    return new Target("POST", "/api/admin/organisations", "application/json",
        "{\"code\":\"" + code + "\",\"name\":\"Matrix org\",\"names\":{\"km\":\"ស្ថាប័នសាកល្បង\"},"
            + "\"kind\":\"COUNTRY\",\"country\":\"ZM\"}",
        "select to_jsonb(o)::text from organisation o where o.code = :id", code, true,
        (actor, r) -> assertThat(r.json().get("code").asString()).isEqualTo(code));
  }

  /** One organisation kept for the rename cells (they change its Lao name each time). */
  Target renameOrganisation() {
    owner().sql("insert into organisation (code, name, kind, country_iso) values ('ZMATRIX', 'Matrix org', 'COUNTRY',"
        + " 'ZM') on conflict (code) do nothing").update();
    return renameOrganisation("ZMATRIX");
  }

  Target renameOrganisation(String code) {
    return new Target("PUT", "/api/admin/organisations/" + code, "application/json",
        "{\"names\":{\"lo\":\"ອົງການທົດລອງ " + UUID.randomUUID().toString().substring(0, 6) + "\"}}",
        "select to_jsonb(o)::text from organisation o where o.code = :id", code, true, null);
  }

  Target userAction(String org, String action) {
    String name = "own-u-" + UUID.randomUUID().toString().substring(0, 8);
    long id = jdbc.sql("""
        insert into app_user (username, display_name, password_hash, org_code, role)
        values (:u, 'Matrix user', '{noop}not-a-login', :org, 'VIEWER') returning id
        """).param("u", name).param("org", org).query(Long.class).single();
    return new Target("POST", "/api/admin/users/" + id + "/" + action, "application/json",
        action.equals("password") ? "{\"password\":\"matrix-password-456\"}" : "",
        "select to_jsonb(u)::text from app_user u where u.id = :id", id, true, null);
  }

  static final String MESSAGES_OF_SUBJECT = "select coalesce(json_agg(to_jsonb(m) - 'id' - 'thread_id' - 'public_id'"
      + " order by m.id)::text, '[]') from liaison_message m join liaison_thread t on t.id = m.thread_id"
      + " where t.subject = :id";

  /** A new ROUTINE alert to {@code to}; the snapshot is every message of its (unique) subject. */
  Target sendMessage(String to) {
    String subject = marker();
    return new Target("POST", "/api/messages", "application/json", "{\"kind\":\"ALERT\",\"precedence\":\"ROUTINE\","
        + "\"to\":\"" + to + "\",\"subject\":\"" + subject + "\",\"body\":\"matrix\"}", MESSAGES_OF_SUBJECT, subject,
        true, (actor, r) -> assertThat(r.json().get("from").asString()).isEqualTo(orgOf(actor)));
  }

  /** A KH->LA message in {@code state}, moved by {@code action}; the snapshot is its whole thread. */
  Target messageMove(String state, String action) {
    String subject = marker();
    UUID id = jdbc.sql("""
        with t as (insert into liaison_thread (subject, from_org, to_org, created_by)
                   values (:s, 'KH', 'LA', 'kh-planner') returning id)
        insert into liaison_message (thread_id, kind, precedence, from_org, to_org, body, sent_by, ack_due_at, due_at,
                                     state, acknowledged_by, acknowledged_at)
        select t.id, 'ALERT', 'FLASH', 'KH', 'LA', 'matrix', 'kh-planner', now() + interval '15 minutes',
               now() + interval '2 hours', :state, case when :state = 'SENT' then null else 'la-planner' end,
               case when :state = 'SENT' then null else now() end
        from t returning public_id
        """).param("s", subject).param("state", state).query(UUID.class).single();
    return new Target("POST", "/api/messages/" + id + "/" + action, "application/json",
        action.equals("reply") ? "{\"body\":\"matrix answer\"}" : "{}", MESSAGES_OF_SUBJECT, subject, true, null);
  }

  Target newToken() {
    // the matrix's earlier runs must not reach the live-token bound of any actor
    jdbc.sql("update api_token set revoked_at = now(), revoked_by = 'matrix' where revoked_at is null and name like"
        + " 'own-matrix-%'").update();
    String name = marker();
    return new Target("POST", "/api/tokens", "application/json", "{\"name\":\"" + name + "\"}",
        "select count(*)::text from api_token where name = :id", name, true,
        (actor, r) -> assertThat(jdbc.sql("select u.username from api_token t join app_user u on u.id = t.user_id"
            + " where t.name = :n").param("n", name).query(String.class).single()).isEqualTo(actor));
  }

  /** Every actor's language reset; the request stores Lao for the caller and for nobody else. */
  Target ownLanguage() {
    List<String> all = new ArrayList<>(ACTORS);
    jdbc.sql("update app_user set language = null where username in (:all)").param("all", all).update();
    return new Target("PUT", "/api/me/language", "application/json", "{\"language\":\"lo\"}",
        "select json_agg(json_build_object(username, language) order by username)::text from app_user"
            + " where username in ('" + String.join("','", all) + "') and :id = :id", "x", true,
        (actor, r) -> assertThat(jdbc.sql("select coalesce(json_agg(username), '[]')::text from app_user"
            + " where language is not null and username in (:all)").param("all", all).query(String.class).single())
            .isEqualTo("[\"" + actor + "\"]"));
  }

  private long tokenFor(long userId) {
    byte[] hash = new byte[32];
    new java.security.SecureRandom().nextBytes(hash);
    return jdbc.sql("insert into api_token (user_id, name, prefix, token_hash) values (:u, :n, 'bzt_matrix', :h)"
        + " returning id").param("u", userId).param("n", marker()).param("h", hash).query(Long.class).single();
  }

  Target ownToken(String username) {
    long user = jdbc.sql("select id from app_user where username = :u").param("u", username).query(Long.class).single();
    long id = tokenFor(user);
    return new Target("DELETE", "/api/tokens/" + id, null, null,
        "select (to_jsonb(t) - 'token_hash')::text from api_token t where t.id = :id", id, true, null);
  }

  Target usersToken(String org) {
    String name = "own-u-" + UUID.randomUUID().toString().substring(0, 8);
    long user = jdbc.sql("""
        insert into app_user (username, display_name, password_hash, org_code, role)
        values (:u, 'Matrix user', '{noop}not-a-login', :org, 'VIEWER') returning id
        """).param("u", name).param("org", org).query(Long.class).single();
    long id = tokenFor(user);
    return new Target("DELETE", "/api/admin/users/" + user + "/tokens/" + id, null, null,
        "select (to_jsonb(t) - 'token_hash')::text from api_token t where t.id = :id", id, true, null);
  }

  // ------------------------------------------------------------------------------------------------ joint cases

  static final String CASE_ROW = """
      select (to_jsonb(c) || jsonb_build_object(
                'incidents', (select jsonb_agg(ci.incident_id order by ci.incident_id) from joint_case_incident ci
                              where ci.case_id = c.id),
                'decisions', (select jsonb_agg(to_jsonb(d) order by d.org_code) from joint_case_confirmation d
                              where d.case_id = c.id)))::text
      from joint_case c where c.public_id = cast(:id as uuid)
      """;

  private String[] caseIncidents() {
    return new String[] {
        LeakCheck.plant(jdbc, "KH", "SHARED", 106.2, 14.4, "1899-03-01T00:00:00Z", "SMUGGLING").id().toString(),
        LeakCheck.plant(jdbc, "LA", "SHARED", 106.21, 14.4, "1899-03-01T02:00:00Z", "SMUGGLING").id().toString()};
  }

  private static String caseBody(String[] incidents) {
    return "{\"title\":\"" + marker() + "\",\"kind\":\"SAME_EVENT\",\"incidents\":[\"" + incidents[0] + "\",\""
        + incidents[1] + "\"]}";
  }

  private String khCase() {
    Response r = as("kh-planner").post("/api/cases", caseBody(caseIncidents()));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asString();
  }

  Target proposeCase() {
    String[] incidents = caseIncidents();
    return new Target("POST", "/api/cases", "application/json", caseBody(incidents),
        "select coalesce(json_agg(ci.case_id)::text, '[]') from joint_case_incident ci join incident i"
            + " on i.id = ci.incident_id where i.public_id = cast(:id as uuid)", incidents[0], true,
        (actor, r) -> assertThat(r.json().get("parties").toString()).isEqualTo("[\"KH\",\"LA\"]"));
  }

  Target decideCase(String move) {
    String id = khCase();
    return new Target("POST", "/api/cases/" + id + "/" + move, "application/json", "{}", CASE_ROW, id, true, null);
  }

  Target closeCase() {
    String id = khCase();
    Response c = as("la-planner").post("/api/cases/" + id + "/confirm", "{}");
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    return new Target("POST", "/api/cases/" + id + "/close", "application/json", "{\"reason\":\"matrix\"}", CASE_ROW,
        id, true, null);
  }

  Target addToCase() {
    String id = khCase();
    String extra = LeakCheck.plant(jdbc, "KH", "SHARED", 106.22, 14.4, "1899-03-01T03:00:00Z", "SMUGGLING").id()
        .toString();
    return new Target("POST", "/api/cases/" + id + "/incidents", "application/json",
        "{\"incidents\":[\"" + extra + "\"]}", CASE_ROW, id, true, null);
  }

  // ------------------------------------------------------------------------------------------------ completeness

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** Every write handler under /api (POST, PUT, DELETE, PATCH) has at least one row in {@link #ROWS}. */
  @Test
  void everyWriteEndpointIsInTheMatrix() {
    Set<String> inMatrix = new TreeSet<>();
    for (Row r : ROWS) {
      inMatrix.add(r.endpoint().replaceAll("\\{[^}]+}", "{}"));
    }
    Set<String> writes = Set.of("POST", "PUT", "DELETE", "PATCH");
    Set<String> missing = new TreeSet<>();
    int found = 0;
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api") && !pattern.startsWith("/ogc")) {
          continue;
        }
        var methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
          missing.add("(any method) " + pattern);
        }
        for (var m : methods) {
          if (writes.contains(m.name())) {
            found++;
            if (!inMatrix.contains(m.name() + " " + pattern.replaceAll("\\{[^}]+}", "{}"))) {
              missing.add(m.name() + " " + pattern);
            }
          }
        }
      }
    }
    assertThat(found).as("write handlers found (the check is not vacuous)").isGreaterThan(10);
    assertThat(missing).as("write endpoints without a row in OwnershipMatrixIT.ROWS").isEmpty();
  }

  /** Every row has one status per actor, and the table names each actor's organisation. */
  @Test
  void everyRowHasAStatusPerActor() {
    for (Row r : ROWS) {
      assertThat(r.statuses().trim().split("\\s+")).as(r.toString()).hasSize(ACTORS.size());
    }
    assertThat(ORGS).hasSameSizeAs(ACTORS);
    assertThat(Arrays.asList("KH", "LA", "JBC")).containsAll(ORGS);
  }
}
