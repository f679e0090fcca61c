package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.borderzone.live.SseClient;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

/**
 * Liaison messages (docs/EXCHANGE.md "Liaison messages"): the whole life of a message through the API, its
 * stored times, who may make each move (every illegal move and role), outsiders (the joint body, a third party)
 * who see nothing, three parties, bad input and bounds (the field named, nothing stored), the audit trail, the
 * app role that cannot delete, idempotent sending and the live events of the two parties only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessagesIT extends IntegrationTest {

  static final String AREA = "{\"type\":\"Polygon\",\"coordinates\":[[[106.0,14.0],[106.05,14.0],[106.05,14.05],"
      + "[106.0,14.05],[106.0,14.0]]]}";

  String segment;
  long pillar;
  long place;

  @BeforeAll
  void fixtures() {
    ensureThirdParty();
    segment = jdbc.sql("select code from border_segment order by seq limit 1").query(String.class).single();
    pillar = jdbc.sql("select id from pillar order by seq limit 1").query(Long.class).single();
    place = jdbc.sql("select geonameid from place order by geonameid limit 1").query(Long.class).single();
  }

  static String send(String kind, String precedence, String to, String subject, String body, String extra) {
    return "{\"kind\":\"" + kind + "\",\"precedence\":\"" + precedence + "\",\"to\":\"" + to + "\",\"subject\":\""
        + subject + "\",\"body\":\"" + body + "\"" + (extra == null ? "" : "," + extra) + "}";
  }

  /** kh-planner sends a ROUTINE RFI to {@code to}; returns the message. */
  JsonNode khSends(String to) {
    Response r = as("kh-planner").post("/api/messages", send("RFI", "ROUTINE", to, "test " + UUID.randomUUID(),
        "Please confirm.", null));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  long rows(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  long audits(String id) {
    return jdbc.sql("select count(*) from audit_event where entity = 'liaison_message' and entity_id = :id")
        .param("id", id).query(Long.class).single();
  }

  static JsonNode find(JsonNode list, String id) {
    for (JsonNode m : list.path("messages")) {
      if (m.path("id").asString().equals(id)) {
        return m;
      }
    }
    return null;
  }

  static void problem(Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    List<String> fields = new ArrayList<>();
    p.path("errors").forEach(e -> fields.add(e.path("field").asString()));
    fields.add(p.path("field").asString());
    assertThat(fields).as(r.body()).contains(field);
  }

  @Test
  void aFlashAlertLivesFromSentToClosedWithWhoAndWhen() {
    LeakCheck.Planted national = LeakCheck.plant(jdbc, "KH", "NATIONAL", 106.2, 14.4, "2024-03-01T00:00:00Z", "OTHER");
    LeakCheck.Planted shared = LeakCheck.plant(jdbc, "KH", "SHARED", 106.2, 14.4, "2024-03-01T00:00:00Z", "OTHER");
    String attachments = "\"attachments\":[{\"kind\":\"incident\",\"id\":\"" + national.id() + "\"},"
        + "{\"kind\":\"incident\",\"id\":\"" + shared.id() + "\"},{\"kind\":\"segment\",\"id\":\"" + segment + "\"},"
        + "{\"kind\":\"pillar\",\"id\":" + pillar + "},{\"kind\":\"place\",\"id\":\"" + place + "\"}],\"area\":" + AREA;
    Response sent = as("kh-planner").post("/api/messages",
        send("ALERT", "FLASH", "LA", "Armed group moving south", "Seen at 06:10 near the pillar.", attachments));
    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    JsonNode m = sent.json();
    String id = m.path("id").asString();
    assertThat(sent.raw().headers().firstValue("Location").orElse("")).endsWith("/api/messages/" + id);
    assertThat(m.path("from").asString()).isEqualTo("KH");
    assertThat(m.path("to").asString()).isEqualTo("LA");
    assertThat(m.path("state").asString()).isEqualTo("SENT");
    assertThat(m.path("kind").asString()).isEqualTo("ALERT");
    assertThat(m.path("sentBy").asString()).isEqualTo("kh-planner");
    assertThat(m.path("area").path("type").asString()).isEqualTo("MultiPolygon");
    OffsetDateTime sentAt = OffsetDateTime.parse(m.path("sentAt").asString());
    assertThat(Duration.between(sentAt, OffsetDateTime.parse(m.path("ackDueAt").asString())))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(Duration.between(sentAt, OffsetDateTime.parse(m.path("dueAt").asString()))).isEqualTo(Duration.ofHours(2));
    assertThat(m.path("attachments")).hasSize(5);
    assertThat(m.path("unread").asBoolean()).as("not the sender's unread").isFalse();

    // LA's inbox: unread, the KH national incident hidden (no id), the rest shown
    JsonNode inbox = as("la-planner").get("/api/messages?box=inbox&limit=500").json();
    JsonNode inLa = find(inbox, id);
    assertThat(inLa).isNotNull();
    assertThat(inLa.path("unread").asBoolean()).isTrue();
    assertThat(inbox.path("counts").path("unread").asLong()).isPositive();
    assertThat(inLa.path("attachments").toString()).doesNotContain(national.id().toString())
        .contains(shared.id().toString()).contains(segment).contains("\"hidden\":true");
    JsonNode inKh = find(as("kh-planner").get("/api/messages?box=sent&limit=500").json(), id);
    assertThat(inKh.path("attachments").toString()).contains(national.id().toString()).doesNotContain("hidden");
    assertThat(find(as("kh-planner").get("/api/messages?box=inbox&limit=500").json(), id)).isNull();

    // opening marks it read for that user only
    Response open = as("la-planner").get("/api/messages/" + id);
    assertThat(open.status()).isEqualTo(200);
    assertThat(open.json().path("unread").asBoolean()).isFalse();
    assertThat(open.json().path("attachments").toString()).contains("\"geometry\"");
    assertThat(find(as("la-planner").get("/api/messages?limit=500").json(), id).path("unread").asBoolean()).isFalse();
    assertThat(find(as("la-viewer").get("/api/messages?limit=500").json(), id).path("unread").asBoolean()).isTrue();

    // illegal moves: the sender acknowledges or answers (403), closes a SENT one (409)
    problem(as("kh-planner").post("/api/messages/" + id + "/acknowledge", "{}"), 403, "id");
    problem(as("kh-planner").post("/api/messages/" + id + "/reply", "{\"body\":\"x\"}"), 403, "id");
    problem(as("kh-planner").post("/api/messages/" + id + "/close", "{}"), 409, "state");
    problem(as("la-viewer").post("/api/messages/" + id + "/acknowledge", "{}"), 403, "role");
    problem(as("la-patrol").post("/api/messages/" + id + "/acknowledge", "{}"), 403, "role");
    problem(as("la-planner").post("/api/messages/" + id + "/acknowledge", "{\"version\":7}"), 409, "version");

    Response ack = as("la-planner").post("/api/messages/" + id + "/acknowledge", "{\"version\":0}");
    assertThat(ack.status()).as(ack.body()).isEqualTo(200);
    assertThat(ack.json().path("state").asString()).isEqualTo("ACKNOWLEDGED");
    assertThat(ack.json().path("acknowledgedBy").asString()).isEqualTo("la-planner");
    assertThat(ack.json().path("version").asInt()).isEqualTo(1);
    problem(as("la-commission").post("/api/messages/" + id + "/acknowledge", ""), 409, "state");

    Response reply = as("la-commission").post("/api/messages/" + id + "/reply",
        "{\"body\":\"Patrol sent to the area.\",\"attachments\":[{\"kind\":\"segment\",\"id\":\"" + segment + "\"}]}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonNode answer = reply.json();
    assertThat(answer.path("kind").asString()).isEqualTo("RESPONSE");
    assertThat(answer.path("from").asString()).isEqualTo("LA");
    assertThat(answer.path("to").asString()).isEqualTo("KH");
    assertThat(answer.path("inReplyTo").asString()).isEqualTo(id);
    assertThat(answer.path("thread").path("id").asString()).isEqualTo(m.path("thread").path("id").asString());
    problem(as("la-planner").post("/api/messages/" + id + "/reply", "{\"body\":\"again\"}"), 409, "state");

    JsonNode original = as("kh-planner").get("/api/messages/" + id).json();
    assertThat(original.path("state").asString()).isEqualTo("ANSWERED");
    assertThat(original.path("answeredBy").asString()).isEqualTo("la-commission");
    assertThat(original.path("answerId").asString()).isEqualTo(answer.path("id").asString());
    assertThat(original.path("version").asInt()).isEqualTo(2);

    Response closed = as("kh-planner").post("/api/messages/" + id + "/close", "");
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().path("state").asString()).isEqualTo("CLOSED");
    problem(as("la-planner").post("/api/messages/" + id + "/close", "{}"), 409, "state");
    problem(as("la-planner").post("/api/messages/" + id + "/acknowledge", "{}"), 409, "state");

    // the thread in order, with each message's history
    JsonNode thread = as("la-planner").get("/api/messages/threads/" + m.path("thread").path("id").asString()).json();
    assertThat(thread.path("subject").asString()).isEqualTo("Armed group moving south");
    assertThat(thread.path("messages")).hasSize(2);
    assertThat(thread.path("messages").get(0).path("id").asString()).isEqualTo(id);
    List<String> moves = new ArrayList<>();
    thread.path("messages").get(0).path("history").forEach(h -> moves.add(h.path("to").asString()
        + "/" + h.path("by").asString() + "/" + h.path("org").asString()));
    assertThat(moves).containsExactly("SENT/kh-planner/KH", "ACKNOWLEDGED/la-planner/LA", "ANSWERED/la-commission/LA",
        "CLOSED/kh-planner/KH");

    // the stored times (the figures' columns) and the audit trail
    var stored = jdbc.sql("""
        select extract(epoch from acknowledged_at - sent_at) ack_s, acknowledged_at <= ack_due_at on_time,
               answered_at is not null and closed_at is not null done, state, version
        from liaison_message where public_id = :id""").param("id", UUID.fromString(id)).query().singleRow();
    assertThat(((Number) stored.get("ack_s")).doubleValue()).isGreaterThan(0).isLessThan(120);
    assertThat(stored.get("on_time")).isEqualTo(true);
    assertThat(stored.get("done")).isEqualTo(true);
    assertThat(stored.get("version")).isEqualTo(3);
    List<String> actions = jdbc.sql("select action from audit_event where entity = 'liaison_message'"
        + " and entity_id = :id order by id").param("id", id).query(String.class).list();
    assertThat(actions).containsExactly("SEND", "ACKNOWLEDGE", "ANSWER", "CLOSE");
    // the audit trail: the parties' commission members see it, the joint body and a third party do not
    assertThat(as("la-commission").get("/api/audit?entity=liaison_message&size=500").body()).contains(id);
    assertThat(as("kh-commission").get("/api/audit?entity=liaison_message&size=500").body()).contains(id);
    assertThat(as("commission").get("/api/audit?entity=liaison_message&size=500").body()).doesNotContain(id);
    assertThat(as("vn-commission").get("/api/audit?entity=liaison_message&size=500").body()).doesNotContain(id);
    assertThat(get("/api/audit?entity=liaison_message&size=500").body()).as("JBC admin: not a party")
        .doesNotContain(id);
  }

  @Test
  void aReplyToASentMessageAcknowledgesItAtTheSameMoment() {
    JsonNode m = khSends("LA");
    String id = m.path("id").asString();
    Response reply = as("la-planner").post("/api/messages/" + id + "/reply", "{\"body\":\"Confirmed.\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(201);
    JsonNode o = as("la-planner").get("/api/messages/" + id).json();
    assertThat(o.path("state").asString()).isEqualTo("ANSWERED");
    assertThat(o.path("acknowledgedAt").asString()).isEqualTo(o.path("answeredAt").asString()).isNotEmpty();
    assertThat(o.path("acknowledgedBy").asString()).isEqualTo("la-planner");
    List<String> moves = new ArrayList<>();
    o.path("history").forEach(h -> moves.add(h.path("from").asString("-") + ">" + h.path("to").asString()));
    assertThat(moves).containsExactly("->SENT", "SENT>ACKNOWLEDGED", "ACKNOWLEDGED>ANSWERED");
    // the response is a message of its own: KH acknowledges it, may answer it in turn
    String rid = reply.json().path("id").asString();
    problem(as("la-planner").post("/api/messages/" + rid + "/acknowledge", ""), 403, "id");
    assertThat(as("kh-commission").post("/api/messages/" + rid + "/acknowledge", "").status()).isEqualTo(200);
    // a follow-up in the same thread (no subject), to the other party by default
    Response follow = as("kh-planner").post("/api/messages", "{\"kind\":\"RFI\",\"precedence\":\"PRIORITY\","
        + "\"thread\":\"" + m.path("thread").path("id").asString() + "\",\"body\":\"And the second group?\"}");
    assertThat(follow.status()).as(follow.body()).isEqualTo(201);
    assertThat(follow.json().path("to").asString()).isEqualTo("LA");
    assertThat(as("la-planner").get("/api/messages/threads/" + m.path("thread").path("id").asString()).json()
        .path("messages")).hasSize(3);
  }

  @Test
  void outsidersGet404AndSeeNothing() {
    JsonNode m = khSends("LA");
    String id = m.path("id").asString();
    String thread = m.path("thread").path("id").asString();
    for (String outsider : List.of("vn-planner", "vn-viewer", "commission", "admin")) {
      problem(as(outsider).get("/api/messages/" + id), 404, "id");
      problem(as(outsider).get("/api/messages/threads/" + thread), 404, "id");
      problem(as(outsider).post("/api/messages/" + id + "/acknowledge", ""), outsider.equals("vn-viewer") ? 403 : 404,
          outsider.equals("vn-viewer") ? "role" : "id");
      problem(as(outsider).post("/api/messages/" + id + "/close", ""), outsider.equals("vn-viewer") ? 403 : 404,
          outsider.equals("vn-viewer") ? "role" : "id");
      problem(as(outsider).post("/api/messages/" + id + "/reply", "{\"body\":\"x\"}"),
          outsider.equals("vn-viewer") ? 403 : 404, outsider.equals("vn-viewer") ? "role" : "id");
      for (String box : List.of("inbox", "sent", "all")) {
        assertThat(as(outsider).get("/api/messages?limit=500&box=" + box).body()).doesNotContain(id);
      }
      // a thread of others cannot be written into either
      problem(as(outsider.equals("vn-viewer") ? "vn-planner" : outsider).post("/api/messages",
          "{\"kind\":\"RFI\",\"precedence\":\"ROUTINE\",\"thread\":\"" + thread + "\",\"body\":\"x\"}"), 422, "thread");
    }
    problem(as("kh-planner").get("/api/messages/not-a-uuid"), 404, "id");
    problem(as("kh-planner").get("/api/messages/" + UUID.randomUUID()), 404, "id");
    // every reader of the parties reads it (the viewer too), nobody else writes
    assertThat(as("la-viewer").get("/api/messages/" + id).status()).isEqualTo(200);
    assertThat(as("kh-patrol").get("/api/messages/" + id).status()).isEqualTo(200);
    problem(as("kh-viewer").post("/api/messages", send("ALERT", "FLASH", "LA", "s", "b", null)), 403, "role");
    problem(as("kh-patrol").post("/api/messages", send("ALERT", "FLASH", "LA", "s", "b", null)), 403, "role");
    assertThat(m.path("state").asString()).isEqualTo("SENT");
    assertThat(audits(id)).isEqualTo(1);
  }

  @Test
  void threePartiesAMessageToVietnamIsInvisibleToLaos() {
    JsonNode m = khSends("VN");
    String id = m.path("id").asString();
    problem(as("la-planner").get("/api/messages/" + id), 404, "id");
    assertThat(as("la-planner").get("/api/messages?box=all&limit=500").body()).doesNotContain(id);
    JsonNode vn = find(as("vn-planner").get("/api/messages?limit=500").json(), id);
    assertThat(vn).isNotNull();
    assertThat(vn.path("unread").asBoolean()).isTrue();
    assertThat(as("vn-commission").post("/api/messages/" + id + "/acknowledge", "").status()).isEqualTo(200);
    // VN writes to the joint body and to LA as any party does
    Response toLa = as("vn-planner").post("/api/messages", send("DISASTER_NOTICE", "IMMEDIATE", "LA",
        "Flood on the Sekong", "Water rising at the tri-point.", null));
    assertThat(toLa.status()).as(toLa.body()).isEqualTo(201);
    assertThat(toLa.json().path("from").asString()).isEqualTo("VN");
    assertThat(as("kh-planner").get("/api/messages/" + toLa.json().path("id").asString()).status()).isEqualTo(404);
  }

  @Test
  void badInputNamesTheFieldAndStoresNothing() {
    LeakCheck.Planted laNational = LeakCheck.plant(jdbc, "LA", "NATIONAL", 106.2, 14.4, "2024-03-01T00:00:00Z", "OTHER");
    JsonNode other = khSends("LA");
    long before = rows("liaison_message");
    long threads = rows("liaison_thread");
    long audit = rows("audit_event");
    String ok = "\"kind\":\"ALERT\",\"precedence\":\"FLASH\",\"to\":\"LA\",\"subject\":\"s\",\"body\":\"b\"";
    String big = "{\"type\":\"Polygon\",\"coordinates\":[[[105.6,13.9],[106.7,13.9],[106.7,14.9],[105.6,14.9],"
        + "[105.6,13.9]]]}";
    StringBuilder many = new StringBuilder("[[");
    for (int i = 0; i < 1001; i++) {
      double a = 2 * Math.PI * i / 1000;
      many.append(i == 0 ? "" : ",").append("[").append(106 + 0.01 * Math.cos(a)).append(",")
          .append(14 + 0.01 * Math.sin(a)).append("]");
    }
    String manyVertices = "{\"type\":\"Polygon\",\"coordinates\":" + many.append("]]") + "}";
    StringBuilder twentyOne = new StringBuilder("[");
    for (int i = 0; i < 21; i++) {
      twentyOne.append(i == 0 ? "" : ",").append("{\"kind\":\"place\",\"id\":").append(i + 1).append("}");
    }
    twentyOne.append("]");
    Object[][] cases = {
        {"{\"precedence\":\"FLASH\",\"to\":\"LA\",\"subject\":\"s\",\"body\":\"b\"}", 400, "kind"},
        {"{" + ok.replace("ALERT", "RESPONSE") + "}", 422, "kind"},
        {"{" + ok.replace("ALERT", "GOSSIP") + "}", 400, "kind"},
        {"{" + ok.replace("\"ALERT\"", "5") + "}", 400, "kind"},
        {"{" + ok.replace("FLASH", "URGENT") + "}", 400, "precedence"},
        {"{" + ok.replace("\"LA\"", "\"KH\"") + "}", 422, "to"},
        {"{" + ok.replace("\"LA\"", "\"XX\"") + "}", 400, "to"},
        {"{" + ok.replace(",\"subject\":\"s\"", "") + "}", 400, "subject"},
        {"{" + ok.replace("\"s\"", "\"   \"") + "}", 400, "subject"},
        {"{" + ok.replace("\"s\"", "\"" + "x".repeat(201) + "\"") + "}", 422, "subject"},
        {"{" + ok + ",\"thread\":\"" + other.path("thread").path("id").asString() + "\"}", 400, "subject"},
        {"{" + ok.replace(",\"subject\":\"s\"", ",\"thread\":\"nope\"") + "}", 400, "thread"},
        {"{" + ok.replace(",\"subject\":\"s\"", ",\"thread\":\"" + UUID.randomUUID() + "\"") + "}", 422, "thread"},
        {"{" + ok.replace(",\"subject\":\"s\"", ",\"thread\":\"" + other.path("thread").path("id").asString() + "\"")
            .replace("\"LA\"", "\"VN\"") + "}", 422, "to"},
        {"{" + ok.replace("\"b\"", "\"\"") + "}", 400, "body"},
        {"{" + ok.replace("\"b\"", "\"" + "x".repeat(20001) + "\"") + "}", 422, "body"},
        {"{" + ok + ",\"attachments\":" + twentyOne + "}", 422, "attachments"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"photo\",\"id\":\"1\"}]}", 400, "attachments[0].kind"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"segment\"}]}", 400, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"segment\",\"id\":true}]}", 400, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"segment\",\"id\":\"KH-LA-999999\"}]}", 422, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"segment\",\"id\":\"" + segment + "\"},{\"kind\":\"incident\",\"id\":\""
            + laNational.id() + "\"}]}", 422, "attachments[1].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"incident\",\"id\":\"" + UUID.randomUUID() + "\"}]}", 422,
            "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"incident\",\"id\":\"abc\"}]}", 400, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"pillar\",\"id\":\"P-1\"}]}", 400, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"pillar\",\"id\":99999999}]}", 422, "attachments[0].id"},
        {"{" + ok + ",\"attachments\":[{\"kind\":\"segment\",\"id\":\"" + segment + "\"},{\"kind\":\"segment\",\"id\":\""
            + segment + "\"}]}", 422, "attachments[1]"},
        {"{" + ok + ",\"area\":{\"type\":\"Point\",\"coordinates\":[106,14]}}", 400, "area.type"},
        {"{" + ok + ",\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[106,14],[106.1,14.1],[106.1,14],[106,14.1],"
            + "[106,14]]]}}", 400, "area"},
        {"{" + ok + ",\"area\":" + big + "}", 422, "area"},
        {"{" + ok + ",\"area\":" + manyVertices + "}", 422, "area"},
        {"{" + ok + ",\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}", 422,
            "area.coordinates[0][0]"},
        {"{" + ok + ",\"area\":{\"type\":\"Polygon\",\"coordinates\":[[[106,14],[106.1,14],[106.1,14.1],[106,14.2]]]}}",
            400, "area.coordinates[0]"},
        {"{" + ok + "} {}", 400, "body"},
        {"{" + ok + ",\"kind\":\"RFI\"}", 400, "kind"},
        {"[1]", 400, "body"},
    };
    for (Object[] c : cases) {
      Response r = as("kh-planner").post("/api/messages", c[0].toString());
      problem(r, (Integer) c[1], (String) c[2]);
    }
    assertThat(rows("liaison_message")).as("nothing stored").isEqualTo(before);
    assertThat(rows("liaison_thread")).isEqualTo(threads);
    assertThat(rows("audit_event")).isEqualTo(audit);
    // the lists' parameters
    problem(as("kh-planner").get("/api/messages?limit=501"), 400, "limit");
    problem(as("kh-planner").get("/api/messages?limit=0"), 400, "limit");
    problem(as("kh-planner").get("/api/messages?offset=-1"), 400, "offset");
    problem(as("kh-planner").get("/api/messages?box=outbox"), 400, "box");
    problem(as("kh-planner").get("/api/messages?state=LOST"), 400, "state");
    // a reply needs a body; a stale version is 409
    String id = other.path("id").asString();
    problem(as("la-planner").post("/api/messages/" + id + "/reply", "{}"), 400, "body");
    problem(as("la-planner").post("/api/messages/" + id + "/reply", "{\"body\":\"x\",\"version\":3}"), 409, "version");
    problem(as("la-planner").post("/api/messages/" + id + "/acknowledge", "{\"version\":\"0\"}"), 400, "version");
    assertThat(rows("liaison_message")).isEqualTo(before);
    // a triangle inside the area of interest is fine
    Response triangle = as("kh-planner").post("/api/messages", "{" + ok + ",\"area\":{\"type\":\"Polygon\","
        + "\"coordinates\":[[[106,14],[106.1,14],[106.1,14.1],[106,14]]]}}");
    assertThat(triangle.status()).as(triangle.body()).isEqualTo(201);
  }

  @Test
  void filtersAndCountsOfTheInbox() {
    JsonNode m = khSends("LA");
    String id = m.path("id").asString();
    // overdue: push the deadlines into the past (as time would)
    owner().sql("update liaison_message set sent_at = sent_at - interval '3 days', ack_due_at = ack_due_at - interval"
        + " '3 days', due_at = due_at - interval '3 days' where public_id = :id").param("id", UUID.fromString(id))
        .update();
    JsonNode overdue = as("la-planner").get("/api/messages?overdue=true&limit=500").json();
    assertThat(find(overdue, id).path("overdue").asBoolean()).isTrue();
    assertThat(overdue.path("counts").path("overdue").asLong()).isPositive();
    assertThat(overdue.path("messages")).allSatisfy(x -> assertThat(x.path("overdue").asBoolean()).isTrue());
    JsonNode sentState = as("la-planner").get("/api/messages?state=SENT&limit=500").json();
    assertThat(sentState.path("messages")).allSatisfy(x -> assertThat(x.path("state").asString()).isEqualTo("SENT"));
    assertThat(as("la-planner").get("/api/messages?state=CLOSED&limit=500").body()).doesNotContain(id);
    JsonNode page = as("la-planner").get("/api/messages?limit=1&offset=0").json();
    assertThat(page.path("messages")).hasSize(1);
    assertThat(page.path("numberMatched").asLong()).isGreaterThanOrEqualTo(1);
    as("la-planner").post("/api/messages/" + id + "/acknowledge", "");
    // acknowledged three days late, now overdue for the answer (due 3 days ago)
    assertThat(find(as("la-planner").get("/api/messages?overdue=true&limit=500").json(), id)).isNotNull();
    var late = jdbc.sql("select acknowledged_at <= ack_due_at from liaison_message where public_id = :id")
        .param("id", UUID.fromString(id)).query(Boolean.class).single();
    assertThat(late).as("acknowledged after the deadline").isFalse();
  }

  @Test
  void theAppRoleCannotDeleteAnyOfIt() {
    JsonNode m = khSends("LA");
    as("la-planner").get("/api/messages/" + m.path("id").asString());
    for (String table : List.of("liaison_read", "liaison_state_change", "liaison_attachment", "liaison_message",
        "liaison_thread")) {
      assertThatThrownBy(() -> jdbc.sql("delete from " + table + " where false").update()).as(table)
          .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }
    assertThat(rows("liaison_message")).isPositive();
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyStoresOnce() {
    String key = UUID.randomUUID().toString();
    String body = send("ALERT", "IMMEDIATE", "LA", "retry " + key, "once", null);
    long before = rows("liaison_message");
    Response first = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/messages")))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    Response second = as("kh-planner").send(HttpRequest.newBuilder(URI.create(url("/api/messages")))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    assertThat(second.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(second.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(rows("liaison_message")).isEqualTo(before + 1);
  }

  @Test
  void liveEventsReachTheTwoPartiesOnly() throws Exception {
    try (SseClient la = SseClient.open(url("/api/events"), "la-planner", DEMO_PASSWORD);
        SseClient vn = SseClient.open(url("/api/events"), "vn-planner", DEMO_PASSWORD);
        SseClient jbc = SseClient.open(url("/api/events"), "commission", DEMO_PASSWORD)) {
      assertThat(la.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10))).isNotNull();
      assertThat(vn.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10))).isNotNull();
      assertThat(jbc.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10))).isNotNull();
      long t0 = System.nanoTime();
      JsonNode m = khSends("LA");
      long t1 = System.nanoTime();
      String id = m.path("id").asString();
      SseClient.Sse created = la.next(e -> "message".equals(e.kind()) && id.equals(e.json().path("entityId").asString()),
          Duration.ofSeconds(5));
      assertThat(created).as("LA gets the KH->LA message within 5 s").isNotNull();
      assertThat(created.json().path("action").asString()).isEqualTo("created");
      System.out.printf("live: message sent -> LA stream in %d ms (answer after %d ms)%n",
          (created.atNanos() - t0) / 1_000_000, (t1 - t0) / 1_000_000);
      as("la-planner").post("/api/messages/" + id + "/acknowledge", "");
      assertThat(la.next(e -> "message".equals(e.kind()) && id.equals(e.json().path("entityId").asString())
          && "acknowledged".equals(e.json().path("action").asString()), Duration.ofSeconds(5))).isNotNull();
      // a KH->VN message meanwhile: LA never gets it, VN does
      JsonNode toVn = khSends("VN");
      String vnId = toVn.path("id").asString();
      assertThat(vn.next(e -> vnId.equals(e.json().path("entityId").asString()), Duration.ofSeconds(5))).isNotNull();
      Thread.sleep(500);
      assertThat(vn.seen()).noneMatch(e -> e.data() != null && e.data().contains(id));
      assertThat(jbc.seen()).noneMatch(e -> e.data() != null && (e.data().contains(id) || e.data().contains(vnId)));
      assertThat(la.seen()).noneMatch(e -> e.data() != null && e.data().contains(vnId));
    }
  }
}
