package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.borderzone.i18n.Formats;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.borderzone.support.Requests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Meetings and minutes (docs/EXCHANGE.md): who reads and writes (parties only, outsiders 404), references visible
 * to every party, the sign-off over the exact text (lapse on edit, wrong hash, the joint body does not sign,
 * approval by every country party, three parties), the freeze in the service and in the database, overdue action
 * items, the PDF in English and Khmer, the audit trail, the live events, and bad input that stores nothing.
 */
class MeetingsIT extends IntegrationTest {

  static final String PAST = "2026-01-10T09:00:00+07:00";
  static final String FUTURE = "2099-06-01T09:00:00+07:00";

  @Autowired
  MeetingEventRule eventRule;

  @BeforeEach
  void thirdParty() {
    ensureThirdParty();
  }

  static String marker() {
    return "mtg-it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Response put(Requests who, String path, String body) {
    return who.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  JsonNode created(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** A meeting made by {@code who} with these parties; its document. */
  JsonNode meeting(String who, String kind, String startsAt, String... parties) {
    return created(as(who).post("/api/meetings", "{\"kind\":\"" + kind + "\",\"title\":\"" + marker()
        + " border meeting\",\"place\":\"Stung Treng\",\"startsAt\":\"" + startsAt + "\",\"parties\":[\""
        + String.join("\",\"", parties) + "\"]}"));
  }

  static String id(JsonNode m) {
    return m.get("id").asString();
  }

  long count(String sql, Object id) {
    return jdbc.sql(sql).param("id", id).query(Long.class).single();
  }

  @Test
  void partiesReadOutsidersGet404AndRolesDecideWrites() {
    JsonNode m = meeting("kh-planner", "JBC", FUTURE, "KH", "LA", "JBC");
    assertThat(m.get("state").asString()).isEqualTo("PLANNED");
    assertThat(m.get("parties").toString()).isEqualTo("[\"KH\",\"LA\",\"JBC\"]");
    assertThat(m.get("signers").toString()).isEqualTo("[\"KH\",\"LA\"]");
    String path = "/api/meetings/" + id(m);
    assertThat(as("la-viewer").get(path).status()).isEqualTo(200);
    assertThat(as("admin").get(path).status()).isEqualTo(200);
    assertThat(as("vn-planner").get(path).status()).isEqualTo(404);
    assertThat(as("vn-viewer").get("/api/meetings").body()).doesNotContain(id(m));
    assertThat(as("la-viewer").get("/api/meetings?when=upcoming").body()).contains(id(m));
    assertThat(as("la-viewer").get("/api/meetings?when=past").body()).doesNotContain(id(m));

    String attendee = "{\"org\":\"LA\",\"name\":\"Khamphone S.\",\"position\":\"Deputy head\"}";
    assertThat(as("la-viewer").post(path + "/attendees", attendee).status()).isEqualTo(403);
    assertThat(as("la-patrol").post(path + "/attendees", attendee).status()).isEqualTo(403);
    assertThat(as("vn-planner").post(path + "/attendees", attendee).status()).isEqualTo(404);
    JsonNode after = created(as("la-commission").post(path + "/attendees", attendee));
    assertThat(after.get("attendees").get(0).get("name").asString()).isEqualTo("Khamphone S.");
    Response notParty = as("la-planner").post(path + "/attendees", "{\"org\":\"VN\",\"name\":\"X\"}");
    assertThat(notParty.status()).isEqualTo(422);
    assertThat(notParty.json().get("errors").get(0).get("field").asString()).isEqualTo("org");

    // a party the caller does not belong to, one party only, an unknown code, a wrong kind
    Response notOwn = as("vn-planner").post("/api/meetings", "{\"kind\":\"JBC\",\"title\":\"t\",\"startsAt\":\""
        + FUTURE + "\",\"parties\":[\"KH\",\"LA\"]}");
    assertThat(notOwn.status()).isEqualTo(422);
    assertThat(notOwn.json().get("errors").get(0).get("field").asString()).isEqualTo("parties");
    Response one = as("kh-planner").post("/api/meetings", "{\"kind\":\"JBC\",\"title\":\"t\",\"startsAt\":\""
        + FUTURE + "\",\"parties\":[\"KH\"]}");
    assertThat(one.status()).isEqualTo(400);
    assertThat(one.json().get("errors").get(0).get("field").asString()).isEqualTo("parties");
    Response bad = as("kh-planner").post("/api/meetings", "{\"kind\":\"PICNIC\",\"title\":\"t\",\"startsAt\":\"soon\","
        + "\"parties\":[\"KH\",\"XX\"]}");
    assertThat(bad.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    bad.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).contains("kind", "startsAt", "parties[1]");
    assertThat(as("kh-planner").post("/api/meetings", "{\"kind\":\"JBC\",\"title\":1}").status()).isEqualTo(400);
  }

  @Test
  void badInputAndBoundsNameTheFieldAndStoreNothing() {
    String title = marker();
    long before = count("select count(*) from meeting where title like :id", title + "%");
    Response tooLong = as("kh-planner").post("/api/meetings", "{\"kind\":\"JBC\",\"title\":\"" + title
        + "x".repeat(300) + "\",\"startsAt\":\"" + FUTURE + "\",\"parties\":[\"KH\",\"LA\"]}");
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().get("errors").get(0).get("field").asString()).isEqualTo("title");
    assertThat(count("select count(*) from meeting where title like :id", title + "%")).isEqualTo(before);

    JsonNode m = meeting("kh-planner", "SECURITY", FUTURE, "KH", "LA");
    String path = "/api/meetings/" + id(m);
    long audits = count("select count(*) from audit_event where entity_id = :id or after ->> 'meeting' = :id", id(m));
    Response longDecision = as("kh-planner").post(path + "/decisions", "{\"text\":\"" + "d".repeat(5001) + "\"}");
    assertThat(longDecision.status()).isEqualTo(422);
    assertThat(longDecision.json().get("errors").get(0).get("field").asString()).isEqualTo("text");
    Response noText = as("kh-planner").post(path + "/actions", "{\"ownerOrg\":\"KH\",\"dueDate\":\"31.12.2026\"}");
    assertThat(noText.status()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    noText.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
    assertThat(fields).containsExactlyInAnyOrder("text", "dueDate");
    Response unknownDecision = as("kh-planner").post(path + "/actions", "{\"text\":\"a\",\"ownerOrg\":\"KH\","
        + "\"dueDate\":\"2026-12-31\",\"decision\":\"" + UUID.randomUUID() + "\"}");
    assertThat(unknownDecision.status()).isEqualTo(422);
    assertThat(unknownDecision.json().get("errors").get(0).get("field").asString()).isEqualTo("decision");
    Response trailing = as("kh-planner").post(path + "/decisions", "{\"text\":\"a\"} {}");
    assertThat(trailing.status()).isEqualTo(400);
    Response badLimit = as("kh-planner").get("/api/actions?limit=501");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.json().get("errors").get(0).get("field").asString()).isEqualTo("limit");
    assertThat(count("select count(*) from meeting_decision d join meeting m on m.id = d.meeting_id"
        + " where m.public_id = cast(:id as uuid)", id(m))).isZero();
    assertThat(count("select count(*) from action_item d join meeting m on m.id = d.meeting_id"
        + " where m.public_id = cast(:id as uuid)", id(m))).isZero();
    assertThat(count("select count(*) from audit_event where entity_id = :id or after ->> 'meeting' = :id", id(m)))
        .isEqualTo(audits);
  }

  @Test
  void agendaReferencesMustBeReadableByEveryParty() {
    JsonNode m = meeting("kh-planner", "SECURITY", FUTURE, "KH", "LA");
    String path = "/api/meetings/" + id(m);
    String segment = jdbc.sql("select code from border_segment order by seq limit 1").query(String.class).single();
    JsonNode withSegment = created(as("kh-planner").post(path + "/agenda",
        "{\"title\":\"Pillar 12\",\"ref\":{\"kind\":\"segment\",\"id\":\"" + segment + "\"}}"));
    assertThat(withSegment.get("agenda").get(0).get("ref").get("name").asString()).isEqualTo(segment);
    Response noSegment = as("kh-planner").post(path + "/agenda", "{\"title\":\"x\",\"ref\":{\"kind\":\"segment\","
        + "\"id\":\"KH-LA-999999\"}}");
    assertThat(noSegment.status()).isEqualTo(422);
    assertThat(noSegment.json().get("errors").get(0).get("field").asString()).isEqualTo("ref.id");

    LeakCheck.Planted national = LeakCheck.plant(jdbc, "KH", "NATIONAL", 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    Response hidden = as("kh-planner").post(path + "/agenda", "{\"title\":\"x\",\"ref\":{\"kind\":\"incident\","
        + "\"id\":\"" + national.id() + "\"}}");
    assertThat(hidden.status()).isEqualTo(422);
    assertThat(hidden.json().get("errors").get(0).get("field").asString()).isEqualTo("ref.id");
    LeakCheck.Planted shared = LeakCheck.plant(jdbc, "KH", "SHARED", 106.2, 14.4, "2026-03-01T00:00:00Z", "OTHER");
    JsonNode withIncident = created(as("kh-planner").post(path + "/agenda", "{\"title\":\"Crossing\","
        + "\"notes\":\"joint patrol\",\"ref\":{\"kind\":\"incident\",\"id\":\"" + shared.id() + "\"}}"));
    JsonNode ref = withIncident.get("agenda").get(1).get("ref");
    assertThat(ref.get("id").asString()).isEqualTo(shared.id().toString());
    assertThat(ref.get("name").asString()).startsWith("OTHER 2026-03-01");
    assertThat(as("la-viewer").get(path).json().get("agenda").get(1).get("ref").get("name").asString())
        .startsWith("OTHER");
    Response malformed = as("kh-planner").post(path + "/agenda", "{\"title\":\"x\",\"ref\":{\"kind\":\"case\","
        + "\"id\":\"not-a-uuid\"}}");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("errors").get(0).get("field").asString()).isEqualTo("ref.id");
    Response noCase = as("kh-planner").post(path + "/agenda", "{\"title\":\"x\",\"ref\":{\"kind\":\"case\","
        + "\"id\":\"" + UUID.randomUUID() + "\"}}");
    assertThat(noCase.status()).isEqualTo(422);
    Response kind = as("kh-planner").post(path + "/agenda", "{\"title\":\"x\",\"ref\":{\"kind\":\"pillar\",\"id\":\"1\"}}");
    assertThat(kind.status()).isEqualTo(400);
    assertThat(kind.json().get("errors").get(0).get("field").asString()).isEqualTo("ref.kind");
  }

  @Test
  void signOffLapsesOnEditRefusesWrongHashAndTheJointBodyAndApprovesWhenEveryCountrySigned() {
    JsonNode m = meeting("kh-commission", "JBC", PAST, "KH", "LA", "JBC");
    String path = "/api/meetings/" + id(m);
    JsonNode agenda = created(as("kh-planner").post(path + "/agenda", "{\"title\":\"Pillar 12\"}"));
    String agendaId = agenda.get("agenda").get(0).get("id").asString();
    JsonNode dec = created(as("la-planner").post(path + "/decisions", "{\"agendaItem\":\"" + agendaId
        + "\",\"text\":\"Rebuild pillar 12 jointly.\"}"));
    String decisionId = dec.get("decisions").get(0).get("id").asString();
    created(as("la-planner").post(path + "/actions", "{\"decision\":\"" + decisionId + "\",\"text\":\"Survey the"
        + " site\",\"ownerOrg\":\"LA\",\"dueDate\":\"2099-01-31\"}"));

    String text = "1. The parties met.\n2. Pillar 12 will be rebuilt.";
    JsonNode v1 = as("kh-planner").get(path).json();
    Response put = put(as("kh-planner"), path + "/minutes", "{\"text\":" + JSON.writeValueAsString(text)
        + ",\"version\":" + v1.get("version").asInt() + "}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    String sha = MeetingService.sha256(text);
    assertThat(put.json().get("minutesSha256").asString()).isEqualTo(sha).hasSize(64);
    Response stale = put(as("la-planner"), path + "/minutes", "{\"text\":\"other\",\"version\":"
        + v1.get("version").asInt() + "}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("errors").get(0).get("field").asString()).isEqualTo("version");

    Response jbc = as("commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}");
    assertThat(jbc.status()).isEqualTo(403);
    Response admin = as("admin").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}");
    assertThat(admin.status()).isEqualTo(403);
    Response wrong = as("kh-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + "0".repeat(64) + "\"}");
    assertThat(wrong.status()).isEqualTo(409);
    assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("sha256");
    assertThat(as("kh-commission").post(path + "/minutes/sign", "{\"sha256\":\"abc\"}").status()).isEqualTo(400);

    JsonNode khSigned = as("kh-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").json();
    assertThat(khSigned.get("state").asString()).isEqualTo("HELD");
    assertThat(khSigned.get("signatures").size()).isEqualTo(1);
    assertThat(as("kh-planner").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").status()).isEqualTo(409);

    // LA changes the text: KH's signature lapses (kept as history), the old hash can no longer be signed
    String text2 = text + "\n3. Next meeting in Vientiane.";
    Response edit = put(as("la-planner"), path + "/minutes", "{\"text\":" + JSON.writeValueAsString(text2)
        + ",\"version\":" + khSigned.get("version").asInt() + "}");
    assertThat(edit.status()).as(edit.body()).isEqualTo(200);
    assertThat(edit.json().get("signatures").get(0).get("lapsedAt").isNull()).isFalse();
    assertThat(as("la-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").status())
        .isEqualTo(409);
    String sha2 = MeetingService.sha256(text2);
    JsonNode laSigned = as("la-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha2 + "\"}").json();
    assertThat(laSigned.get("state").asString()).isEqualTo("HELD");
    JsonNode approved = as("kh-planner").post(path + "/minutes/sign", "{\"sha256\":\"" + sha2.toUpperCase() + "\"}")
        .json();
    assertThat(approved.get("state").asString()).isEqualTo("APPROVED");
    assertThat(approved.get("frozenAt").isNull()).isFalse();
    assertThat(approved.get("signatures").size()).isEqualTo(3);

    // frozen: the record never changes (409 naming state), the action items still move
    for (Response r : List.of(
        put(as("kh-planner"), path + "/minutes", "{\"text\":\"rewritten\",\"version\":" + approved.get("version").asInt()
            + "}"),
        as("kh-planner").post(path + "/attendees", "{\"org\":\"KH\",\"name\":\"Late\"}"),
        as("kh-planner").post(path + "/agenda", "{\"title\":\"Late\"}"),
        as("kh-planner").post(path + "/decisions", "{\"text\":\"Late\"}"),
        as("kh-planner").post(path + "/actions", "{\"text\":\"Late\",\"ownerOrg\":\"KH\",\"dueDate\":\"2099-01-01\"}"),
        as("la-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha2 + "\"}"),
        as("kh-planner").post(path + "/held", ""))) {
      assertThat(r.status()).as(r.body()).isEqualTo(409);
      assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("state");
    }
    String action = approved.get("actions").get(0).get("id").asString();
    assertThat(as("kh-planner").post("/api/actions/" + action + "/done", "").status()).isEqualTo(403);
    Response done = as("la-planner").post("/api/actions/" + action + "/done", "");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.json().get("state").asString()).isEqualTo("DONE");
    assertThat(as("la-planner").post("/api/actions/" + action + "/done", "").status()).isEqualTo(409);
    assertThat(as("vn-planner").post("/api/actions/" + action + "/done", "").status()).isEqualTo(404);

    // and the database refuses what the service would: an UPDATE by the app role itself
    long mid = jdbc.sql("select id from meeting where public_id = cast(:id as uuid)").param("id", id(m))
        .query(Long.class).single();
    assertThatThrownBy(() -> jdbc.sql("update meeting set minutes = 'forged' where id = :id").param("id", mid).update())
        .hasMessageContaining("frozen");
    assertThatThrownBy(() -> jdbc.sql("update agenda_item set title = 'forged' where meeting_id = :id")
        .param("id", mid).update()).hasMessageContaining("frozen");
    assertThatThrownBy(() -> jdbc.sql("insert into meeting_decision (meeting_id, text, created_by)"
        + " values (:id, 'forged', 'x')").param("id", mid).update()).hasMessageContaining("frozen");
    assertThatThrownBy(() -> jdbc.sql("update action_item set text = 'forged' where meeting_id = :id")
        .param("id", mid).update()).hasMessageContaining("frozen");
    assertThatThrownBy(() -> jdbc.sql("update minutes_signoff set lapsed_at = now() where meeting_id = :id")
        .param("id", mid).update()).hasMessageContaining("frozen");
    assertThat(jdbc.sql("select minutes from meeting where id = :id").param("id", mid).query(String.class).single())
        .isEqualTo(text2);

    // the audit trail: the parties' commission members see it, a third country's do not
    String audit = as("kh-commission").get("/api/audit?entity=meeting&size=500").body();
    assertThat(audit).contains(id(m)).contains("APPROVE");
    assertThat(as("vn-commission").get("/api/audit?entity=meeting&size=500").body()).doesNotContain(id(m));
    assertThat(as("kh-commission").get("/api/audit?entity=minutes_signoff&size=500").body()).contains(sha2);
    assertThat(as("vn-commission").get("/api/audit?entity=minutes_signoff&size=500").body()).doesNotContain(sha2);
  }

  @Test
  void aTrilateralMeetingNeedsTheSignaturesOfAllThreeCountries() {
    JsonNode m = meeting("vn-planner", "TRILATERAL", PAST, "KH", "LA", "VN");
    String path = "/api/meetings/" + id(m);
    assertThat(m.get("signers").toString()).isEqualTo("[\"KH\",\"LA\",\"VN\"]");
    assertThat(as("admin").get(path).status()).isEqualTo(404); // the joint body is no party here
    String text = "Trilateral minutes: tri-point patrol schedule agreed.";
    Response put = put(as("vn-planner"), path + "/minutes", "{\"text\":" + JSON.writeValueAsString(text)
        + ",\"version\":" + m.get("version").asInt() + "}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    String sha = MeetingService.sha256(text);
    assertThat(as("kh-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").json()
        .get("state").asString()).isEqualTo("HELD");
    assertThat(as("la-planner").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").json()
        .get("state").asString()).isEqualTo("HELD");
    assertThat(as("vn-viewer").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").status()).isEqualTo(403);
    JsonNode approved = as("vn-commission").post(path + "/minutes/sign", "{\"sha256\":\"" + sha + "\"}").json();
    assertThat(approved.get("state").asString()).isEqualTo("APPROVED");
  }

  @Test
  void overdueActionItemsAreFlaggedForTheirPartiesOnly() {
    JsonNode m = meeting("kh-planner", "SECURITY", PAST, "KH", "LA");
    String path = "/api/meetings/" + id(m);
    LocalDate today = LocalDate.now(Formats.ZONE);
    String late = marker();
    created(as("kh-planner").post(path + "/actions", "{\"text\":\"" + late + "\",\"ownerOrg\":\"LA\",\"dueDate\":\""
        + today.minusDays(1) + "\"}"));
    String onTime = marker();
    created(as("kh-planner").post(path + "/actions", "{\"text\":\"" + onTime + "\",\"ownerOrg\":\"KH\","
        + "\"dueDate\":\"" + today + "\"}"));
    JsonNode doc = as("la-viewer").get(path).json();
    assertThat(doc.get("actions").get(0).get("text").asString()).isEqualTo(late);
    assertThat(doc.get("actions").get(0).get("overdue").asBoolean()).isTrue();
    assertThat(doc.get("actions").get(1).get("overdue").asBoolean()).isFalse();
    String overdue = as("la-viewer").get("/api/actions?overdue=true&owner=LA&limit=500").body();
    assertThat(overdue).contains(late).doesNotContain(onTime);
    assertThat(as("la-viewer").get("/api/actions?owner=KH&limit=500").body()).contains(onTime).doesNotContain(late);
    assertThat(as("vn-viewer").get("/api/actions?overdue=true&limit=500").body()).doesNotContain(late);
    assertThat(as("la-viewer").get("/api/meetings?when=past").body()).contains(id(m));

    String action = doc.get("actions").get(0).get("id").asString();
    Response stale = as("la-planner").post("/api/actions/" + action + "/done", "application/json", "{\"version\":7}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("errors").get(0).get("field").asString()).isEqualTo("version");
    Response cancel = as("kh-planner").post("/api/actions/" + action + "/cancel", "application/json", "{\"version\":0}");
    assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
    assertThat(cancel.json().get("overdue").asBoolean()).isFalse();
    assertThat(as("la-viewer").get("/api/actions?overdue=true&owner=LA&limit=500").body()).doesNotContain(late);
  }

  @Test
  void liveEventsGoToThePartiesOnly() {
    JsonNode m = meeting("kh-planner", "SECURITY", FUTURE, "KH", "LA");
    JsonNode a = created(as("kh-planner").post("/api/meetings/" + id(m) + "/actions",
        "{\"text\":\"a\",\"ownerOrg\":\"KH\",\"dueDate\":\"2099-01-01\"}"));
    var events = jdbc.sql("select id, kind, entity_id, action, layers, originator, releasability from event"
        + " where entity_id in (:ids) order by id")
        .param("ids", List.of(id(m), a.get("actions").get(0).get("id").asString()))
        .query((rs, n) -> new org.borderzone.live.LiveEvent(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getString(4), List.of(), rs.getString(6), rs.getString(7))).list();
    assertThat(events).extracting(org.borderzone.live.LiveEvent::kind).contains("meeting", "action");
    var la = new org.borderzone.system.Actor("la-viewer", org.borderzone.system.Organisation.of("LA"),
        org.borderzone.system.Role.VIEWER);
    var vn = new org.borderzone.system.Actor("vn-viewer", org.borderzone.system.Organisation.of("VN"),
        org.borderzone.system.Role.VIEWER);
    assertThat(eventRule.visible(events, la)).hasSize(events.size());
    assertThat(eventRule.visible(events, vn)).isEmpty();
  }

  @Test
  void minutesPdfInEnglishAndKhmer() throws Exception {
    JsonNode m = meeting("kh-planner", "JBC", PAST, "KH", "LA", "JBC");
    String path = "/api/meetings/" + id(m);
    created(as("kh-planner").post(path + "/attendees", "{\"org\":\"KH\",\"name\":\"Sok Dara\",\"position\":\"Head\"}"));
    created(as("la-planner").post(path + "/attendees", "{\"org\":\"LA\",\"name\":\"ສົມພອນ\",\"position\":\"Head\"}"));
    created(as("kh-planner").post(path + "/agenda", "{\"title\":\"Pillar 12 & the river <bank>\"}"));
    created(as("kh-planner").post(path + "/decisions", "{\"text\":\"Rebuild pillar twelve jointly\"}"));
    created(as("kh-planner").post(path + "/actions", "{\"text\":\"Order concrete for pillar twelve\","
        + "\"ownerOrg\":\"KH\",\"dueDate\":\"2026-01-31\"}"));
    JsonNode cur = as("kh-planner").get(path).json();
    put(as("kh-planner"), path + "/minutes", "{\"text\":\"Minutes text: the parties agreed.\\nក្រុមការងាររួម\","
        + "\"version\":" + cur.get("version").asInt() + "}");

    HttpResponse<byte[]> en = pdf(path + "/minutes.pdf?lang=en");
    assertThat(en.statusCode()).isEqualTo(200);
    assertThat(en.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
    assertThat(new String(en.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    try (PDDocument doc = Loader.loadPDF(en.body())) {
      String text = ActualTextStripper.text(doc);
      assertThat(text).contains(m.get("title").asString(), "Rebuild pillar twelve jointly",
          "Order concrete for pillar twelve", "Sok Dara", "Attendees", "DRAFT", "Pillar 12 & the river <bank>");
      save(doc, "en");
    }
    HttpResponse<byte[]> km = pdf(path + "/minutes.pdf?lang=km");
    assertThat(km.statusCode()).isEqualTo(200);
    try (PDDocument doc = Loader.loadPDF(km.body())) {
      String text = ActualTextStripper.text(doc);
      assertThat(text).contains("កំណត់ហេតុ", "អ្នកចូលរួម", "សេចក្តីសម្រេច", "Rebuild pillar twelve jointly");
      save(doc, "km");
    }
    HttpResponse<byte[]> lo = pdf(path + "/minutes.pdf?lang=lo");
    try (PDDocument doc = Loader.loadPDF(lo.body())) {
      assertThat(ActualTextStripper.text(doc)).contains("ຜູ້ເຂົ້າຮ່ວມ", "ສົມພອນ");
      save(doc, "lo");
    }
    assertThat(as("vn-planner").get(path + "/minutes.pdf").status()).isEqualTo(404);
    Response badLang = as("kh-planner").get(path + "/minutes.pdf?lang=de");
    assertThat(badLang.status()).isEqualTo(400);
    assertThat(badLang.json().get("errors").get(0).get("field").asString()).isEqualTo("lang");
  }

  /** Page 1 as PNG under target/ for a person to look at (Khmer and Lao shaping: docs/EXCHANGE.md). */
  private static void save(PDDocument doc, String lang) throws Exception {
    BufferedImage img = new PDFRenderer(doc).renderImageWithDPI(0, 110);
    File dir = new File("target/minutes-pdf");
    dir.mkdirs();
    ImageIO.write(img, "png", new File(dir, "minutes-" + lang + ".png"));
  }

  private HttpResponse<byte[]> pdf(String path) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(basic(HttpRequest.newBuilder(URI.create(url(path))),
        "kh-planner", DEMO_PASSWORD).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
