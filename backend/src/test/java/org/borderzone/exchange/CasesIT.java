package org.borderzone.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.borderzone.live.SseClient;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Joint cases (docs/EXCHANGE.md "Joint cases"): candidate pairs against an independent oracle (the planted rows
 * read back and paired in Java with a geodesic distance of their own), visibility of both sides of a pair, the
 * state rules of propose / confirm / reject / close / add incidents (every illegal move, every role, outsiders),
 * bad input naming the field with nothing stored, the audit trail, three parties, live events and the figures.
 *
 * <p>Each test plants its incidents in a time window of its own far in the past (a random day of 1900–1990), so
 * the demo history and earlier runs on the shared database stay out of the windows it asks about.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CasesIT extends IntegrationTest {

  private final Random random = new Random();

  @BeforeAll
  void thirdParty() {
    ensureThirdParty();
  }

  /** A random instant of 1900–1990 (a window nobody else plants in). */
  private Instant epoch() {
    long start = OffsetDateTime.parse("1900-01-01T00:00:00Z").toEpochSecond();
    long end = OffsetDateTime.parse("1990-01-01T00:00:00Z").toEpochSecond();
    return Instant.ofEpochSecond(start + (long) (random.nextDouble() * (end - start)));
  }

  private UUID plant(String owner, String rel, double lon, double lat, Instant at, String type) {
    return LeakCheck.plant(jdbc, owner, rel, lon, lat, at.toString(), type).id();
  }

  private long cases() {
    return jdbc.sql("select count(*) from joint_case").query(Long.class).single();
  }

  private long audits() {
    return jdbc.sql("select coalesce(max(id), 0) from audit_event").query(Long.class).single();
  }

  private static String ids(UUID... ids) {
    List<String> s = new ArrayList<>();
    for (UUID u : ids) {
      s.add("\"" + u + "\"");
    }
    return "[" + String.join(",", s) + "]";
  }

  private Response propose(String user, String kind, UUID... incidents) {
    return as(user).post("/api/cases", "{\"title\":\"case " + UUID.randomUUID() + "\",\"kind\":\"" + kind
        + "\",\"incidents\":" + ids(incidents) + ",\"note\":\"proposed by " + user + "\"}");
  }

  private static String window(Instant from, Instant to) {
    return "from=" + from + "&to=" + to;
  }

  private static Set<String> fieldsOf(Response r) {
    Set<String> out = new HashSet<>();
    for (JsonNode e : r.json().path("errors")) {
      out.add(e.path("field").asString());
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------------ oracle

  /** WGS 84 geodesic distance (Vincenty's inverse formula), metres: the oracle's own, not PostGIS's. */
  static double vincenty(double lon1, double lat1, double lon2, double lat2) {
    double a = 6378137.0;
    double f = 1 / 298.257223563;
    double b = a * (1 - f);
    double l = Math.toRadians(lon2 - lon1);
    double u1 = Math.atan((1 - f) * Math.tan(Math.toRadians(lat1)));
    double u2 = Math.atan((1 - f) * Math.tan(Math.toRadians(lat2)));
    double sinU1 = Math.sin(u1);
    double cosU1 = Math.cos(u1);
    double sinU2 = Math.sin(u2);
    double cosU2 = Math.cos(u2);
    double lambda = l;
    double sinSigma;
    double cosSigma;
    double sigma;
    double cos2Alpha;
    double cos2SigmaM;
    int n = 0;
    double prev;
    do {
      double sinL = Math.sin(lambda);
      double cosL = Math.cos(lambda);
      sinSigma = Math.sqrt(Math.pow(cosU2 * sinL, 2) + Math.pow(cosU1 * sinU2 - sinU1 * cosU2 * cosL, 2));
      if (sinSigma == 0) {
        return 0;
      }
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
      sigma = Math.atan2(sinSigma, cosSigma);
      double sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
      cos2Alpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cos2Alpha == 0 ? 0 : cosSigma - 2 * sinU1 * sinU2 / cos2Alpha;
      double c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
      prev = lambda;
      lambda = l + (1 - c) * f * sinAlpha
          * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    } while (Math.abs(lambda - prev) > 1e-12 && ++n < 200);
    double uSq = cos2Alpha * (a * a - b * b) / (b * b);
    double aa = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
    double bb = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
    double deltaSigma = bb * sinSigma * (cos2SigmaM + bb / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
        - bb / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    return b * aa * (sigma - deltaSigma);
  }

  /** One incident as the oracle reads it (raw columns, no predicate). */
  record Row(UUID id, double lon, double lat, Instant at, String owner, String rel, String type) {}

  private List<Row> rows(Instant from, Instant to) {
    return owner().sql("""
        select public_id, st_x(geom), st_y(geom), occurred_at, owner_org, releasability, type from incident
        where occurred_at >= cast(:from as timestamptz) and occurred_at <= cast(:to as timestamptz)
        """).param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
        .query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getDouble(2), rs.getDouble(3),
            rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7)))
        .list();
  }

  /** Open releases (incident public id → organisations), for the visibility rule once releases exist. */
  private Map<UUID, Set<String>> releases() {
    Map<UUID, Set<String>> out = new HashMap<>();
    owner().sql("""
        select i.public_id, r.to_org from incident_release r join incident i on i.id = r.incident_id
        where r.withdrawn_at is null
        """).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2))).list()
        .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    return out;
  }

  /** The expected pairs "a|b" for {@code org}: the rule of the issue, written again in Java. */
  private Map<String, Double> oracle(String org, Instant from, Instant to, double withinM, int hours) {
    List<Row> all = rows(from.minus(Duration.ofHours(hours)), to.plus(Duration.ofHours(hours)));
    Map<UUID, Set<String>> released = releases();
    Set<String> linked = new HashSet<>(owner().sql("""
        select ia.public_id || '|' || ib.public_id from joint_case_incident ca
        join joint_case_incident cb on cb.case_id = ca.case_id
        join incident ia on ia.id = ca.incident_id join incident ib on ib.id = cb.incident_id
        """).query(String.class).list());
    Map<String, Double> out = new HashMap<>();
    for (Row a : all) {
      if (!a.owner().equals(org) || a.at().isBefore(from) || !a.at().isBefore(to)) {
        continue;
      }
      for (Row b : all) {
        boolean visible = b.rel().equals("SHARED") || b.owner().equals(org)
            || released.getOrDefault(b.id(), Set.of()).contains(org);
        if (b.owner().equals(a.owner()) || !visible) {
          continue;
        }
        double d = vincenty(a.lon(), a.lat(), b.lon(), b.lat());
        long gapS = Math.abs(Duration.between(a.at(), b.at()).getSeconds());
        if (d <= withinM && gapS <= hours * 3600L && !linked.contains(a.id() + "|" + b.id())) {
          out.put(a.id() + "|" + b.id(), d);
        }
      }
    }
    return out;
  }

  private Map<String, JsonNode> candidates(String user, String query) {
    Response r = as(user).get("/api/cases/candidates?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode p : r.json().path("pairs")) {
      out.put(p.path("a").path("id").asString() + "|" + p.path("b").path("id").asString(), p);
    }
    return out;
  }

  @Test
  void candidatesAreThePairsAnIndependentOracleFinds() {
    Instant t0 = epoch();
    double lon0 = 106.2;
    double lat0 = 14.4;
    String[][] kinds = {{"KH", "SHARED"}, {"KH", "NATIONAL"}, {"LA", "SHARED"}, {"LA", "NATIONAL"}, {"JBC", "SHARED"},
        {"VN", "SHARED"}};
    String[] types = {"SMUGGLING", "DRUG_TRAFFICKING", "ILLEGAL_CROSSING"};
    for (int i = 0; i < 60; i++) {
      String[] k = kinds[random.nextInt(kinds.length)];
      // within ~9 km and 6 days of the centre: many pairs near and across the 5 km / 72 h bounds
      plant(k[0], k[1], lon0 + (random.nextDouble() - 0.5) * 0.16, lat0 + (random.nextDouble() - 0.5) * 0.16,
          t0.plusSeconds((long) (random.nextDouble() * 6 * 86400)), types[random.nextInt(types.length)]);
    }
    Instant from = t0;
    Instant to = t0.plus(Duration.ofDays(6));
    for (String[] who : new String[][] {{"kh-planner", "KH"}, {"la-viewer", "LA"}, {"commission", "JBC"},
        {"vn-viewer", "VN"}}) {
      for (int[] params : new int[][] {{5000, 72}, {2500, 24}, {9000, 140}}) {
        Map<String, Double> want = oracle(who[1], from, to, params[0], params[1]);
        Map<String, JsonNode> got = candidates(who[0], window(from, to) + "&withinKm=" + params[0] / 1000.0
            + "&hours=" + params[1] + "&limit=500");
        assertThat(got.keySet()).as("%s %s m %s h", who[0], params[0], params[1]).isEqualTo(want.keySet());
        for (Map.Entry<String, JsonNode> e : got.entrySet()) {
          JsonNode p = e.getValue();
          assertThat(p.path("distanceM").asDouble()).as(e.getKey()).isCloseTo(want.get(e.getKey()), within(0.06));
          assertThat(p.path("gapHours").asDouble()).isBetween(0.0, (double) params[1]);
          assertThat(p.path("a").path("ownerOrg").asString()).isEqualTo(who[1]);
          assertThat(p.path("b").path("ownerOrg").asString()).isNotEqualTo(who[1]);
        }
        if (params[0] == 5000) {
          assertThat(want).as("the planted set gives %s pairs to check", who[1]).isNotEmpty();
        }
        // ranked: score never increases down the list
        Response r = as(who[0]).get("/api/cases/candidates?" + window(from, to) + "&withinKm=" + params[0] / 1000.0
            + "&hours=" + params[1] + "&limit=500");
        double last = Double.MAX_VALUE;
        for (JsonNode p : r.json().path("pairs")) {
          assertThat(p.path("score").asDouble()).isLessThanOrEqualTo(last).isBetween(0.0, 1.0);
          last = p.path("score").asDouble();
        }
      }
    }
    // the distances against PostGIS's own geodesic distance, computed by a plain query of its own
    Map<String, JsonNode> kh = candidates("kh-planner", window(from, to) + "&limit=500");
    for (Map.Entry<String, JsonNode> e : kh.entrySet()) {
      String[] ab = e.getKey().split("\\|");
      double d = owner().sql("""
          select st_distance(a.geom::geography, b.geom::geography) from incident a, incident b
          where a.public_id = cast(:a as uuid) and b.public_id = cast(:b as uuid)
          """).param("a", ab[0]).param("b", ab[1]).query(Double.class).single();
      assertThat(e.getValue().path("distanceM").asDouble()).isCloseTo(d, within(0.051));
    }
    // a limit keeps the best pairs
    Response top = as("kh-planner").get("/api/cases/candidates?" + window(from, to) + "&limit=3");
    assertThat(top.json().path("pairs").size()).isEqualTo(Math.min(3, kh.size()));
  }

  @Test
  void aNationalIncidentIsACandidateOnlyForItsOwnerUnlessReleased() {
    Instant t0 = epoch();
    UUID khNational = plant("KH", "NATIONAL", 106.3, 14.5, t0, "SMUGGLING");
    UUID laShared = plant("LA", "SHARED", 106.31, 14.5, t0.plusSeconds(3600), "SMUGGLING");
    UUID jbcShared = plant("JBC", "SHARED", 106.305, 14.505, t0.plusSeconds(1800), "SMUGGLING");
    String q = window(t0.minusSeconds(86400), t0.plusSeconds(86400));
    assertThat(candidates("kh-planner", q)).containsKeys(khNational + "|" + laShared, khNational + "|" + jbcShared);
    for (String user : List.of("la-planner", "la-viewer", "commission", "admin", "vn-planner")) {
      Response r = as(user).get("/api/cases/candidates?" + q);
      assertThat(r.body()).as(user).doesNotContain(khNational.toString());
    }
    assertThat(candidates("la-planner", q)).containsKey(laShared + "|" + jbcShared);
    // released to LA: then LA sees the pair, JBC still does not
    long incidentId = jdbc.sql("select id from incident where public_id = :p").param("p", khNational)
        .query(Long.class).single();
    jdbc.sql("""
        insert into incident_release (incident_id, to_org, reason, released_by, released_org)
        values (:i, 'LA', 'cases test', 'kh-planner', 'KH')
        """).param("i", incidentId).update();
    assertThat(candidates("la-planner", q)).containsKey(laShared + "|" + khNational);
    assertThat(as("commission").get("/api/cases/candidates?" + q).body()).doesNotContain(khNational.toString());
  }

  // ------------------------------------------------------------------------------------------------ states

  @Test
  void theStateRulesOfACase() {
    Instant t0 = epoch();
    UUID kh = plant("KH", "SHARED", 106.2, 14.4, t0, "DRUG_TRAFFICKING");
    UUID la = plant("LA", "SHARED", 106.21, 14.41, t0.plusSeconds(7200), "DRUG_TRAFFICKING");
    String q = window(t0.minusSeconds(86400), t0.plusSeconds(86400));
    assertThat(candidates("kh-planner", q)).containsKey(kh + "|" + la);
    long auditBefore = audits();
    Response p = propose("kh-planner", "CROSS_BORDER_PURSUIT", kh, la);
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    String id = p.json().path("id").asString();
    assertThat(p.json().path("state").asString()).isEqualTo("PROPOSED");
    assertThat(p.json().path("parties").toString()).isEqualTo("[\"KH\",\"LA\"]");
    assertThat(p.json().path("awaiting").toString()).isEqualTo("[\"LA\"]");
    assertThat(p.json().path("incidents").size()).isEqualTo(2);
    // the pair is no candidate any more, for either side
    assertThat(candidates("kh-planner", q)).doesNotContainKey(kh + "|" + la);
    assertThat(candidates("la-planner", q)).doesNotContainKey(la + "|" + kh);

    String path = "/api/cases/" + id;
    // outsiders: 404 on the id, absent from lists
    for (String outsider : List.of("admin", "commission", "vn-planner", "vn-viewer")) {
      assertThat(as(outsider).get(path).status()).as(outsider).isEqualTo(404);
      assertThat(as(outsider).get(path + "?f=geojson").status()).as(outsider).isEqualTo(404);
      assertThat(as(outsider).get("/api/cases?limit=500").body()).as(outsider).doesNotContain(id);
    }
    for (String outsider : List.of("admin", "commission", "vn-planner")) {
      for (String move : List.of("confirm", "reject")) {
        assertThat(as(outsider).post(path + "/" + move, "{}").status()).as(outsider + " " + move).isEqualTo(404);
      }
      assertThat(as(outsider).post(path + "/close", "{\"reason\":\"x\"}").status()).isEqualTo(404);
      assertThat(as(outsider).post(path + "/incidents", "{\"incidents\":" + ids(kh) + "}").status()).isEqualTo(404);
    }
    // readers of the parties read; their VIEWER and PATROL may not decide
    for (String reader : List.of("kh-viewer", "la-viewer", "la-patrol", "kh-commission")) {
      assertThat(as(reader).get(path).status()).as(reader).isEqualTo(200);
      assertThat(as(reader).get("/api/cases").body()).as(reader).contains(id);
    }
    for (String reader : List.of("la-viewer", "la-patrol", "kh-viewer")) {
      assertThat(as(reader).post(path + "/confirm", "{}").status()).as(reader).isEqualTo(403);
    }
    // the proposer's organisation has decided; nothing can be closed before it is open
    assertConflict(as("kh-planner").post(path + "/confirm", "{}"));
    assertConflict(as("kh-commission").post(path + "/reject", "{}"));
    assertConflict(as("la-planner").post(path + "/close", "{\"reason\":\"too early\"}"));
    Response c = as("la-planner").post(path + "/confirm", "{\"note\":\"same vehicle\"}");
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    assertThat(c.json().path("state").asString()).isEqualTo("OPEN");
    assertThat(c.json().path("openedAt").isNull()).isFalse();
    assertThat(c.json().path("awaiting").size()).isZero();
    assertConflict(as("la-commission").post(path + "/confirm", "{}"));
    assertConflict(as("la-commission").post(path + "/reject", "{}"));
    // add an incident while open: a party's, visible to both; twice is refused
    UUID kh2 = plant("KH", "SHARED", 106.22, 14.42, t0.plusSeconds(10800), "DRUG_TRAFFICKING");
    Response add = as("la-planner").post(path + "/incidents", "{\"incidents\":" + ids(kh2) + "}");
    assertThat(add.status()).as(add.body()).isEqualTo(200);
    assertThat(add.json().path("incidents").size()).isEqualTo(3);
    Response again = as("kh-planner").post(path + "/incidents", "{\"incidents\":" + ids(kh2) + "}");
    assertThat(again.status()).isEqualTo(422);
    assertThat(fieldsOf(again)).containsExactly("incidents[0]");
    UUID vn = plant("VN", "SHARED", 106.22, 14.42, t0, "DRUG_TRAFFICKING");
    Response notParty = as("kh-planner").post(path + "/incidents", "{\"incidents\":" + ids(vn) + "}");
    assertThat(notParty.status()).isEqualTo(422);
    assertThat(fieldsOf(notParty)).containsExactly("incidents[0]");
    // close: a reason is required; then nothing moves any more
    Response noReason = as("kh-planner").post(path + "/close", "{}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(fieldsOf(noReason)).containsExactly("reason");
    Response closed = as("la-commission").post(path + "/close", "{\"reason\":\"handed to the courts\"}");
    assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    assertThat(closed.json().path("state").asString()).isEqualTo("CLOSED");
    assertConflict(as("kh-planner").post(path + "/close", "{\"reason\":\"again\"}"));
    assertConflict(as("kh-planner").post(path + "/confirm", "{}"));
    assertConflict(as("kh-planner").post(path + "/incidents", "{\"incidents\":" + ids(vn) + "}"));

    // the timeline, in time order
    JsonNode one = as("kh-viewer").get(path).json();
    List<String> events = new ArrayList<>();
    String last = "";
    for (JsonNode e : one.path("timeline")) {
      events.add(e.path("event").asString());
      assertThat(e.path("at").asString().compareTo(last) >= 0 || last.isEmpty()).isTrue();
      last = e.path("at").asString();
    }
    assertThat(events).containsExactly("incident", "incident", "incident", "proposed", "confirmed", "opened",
        "incident-added", "closed");
    assertThat(one.path("decisions").size()).isEqualTo(2);
    // GeoJSON: three points in time order and the line through them
    Response g = as("la-viewer").get(path + "?f=geojson");
    assertThat(g.status()).isEqualTo(200);
    assertThat(g.contentType()).startsWith("application/geo+json");
    JsonNode features = g.json().path("features");
    assertThat(features.size()).isEqualTo(4);
    assertThat(features.get(0).path("id").asString()).isEqualTo(kh.toString());
    assertThat(features.get(2).path("id").asString()).isEqualTo(kh2.toString());
    JsonNode line = features.get(3).path("geometry");
    assertThat(line.path("type").asString()).isEqualTo("LineString");
    assertThat(line.path("coordinates").get(1).get(0).asDouble()).isEqualTo(106.21);
    // audited: the parties' commission members see the case's events, the joint body's admin does not
    Response auditKh = as("kh-commission").get("/api/audit?entity=joint_case&size=500");
    assertThat(auditKh.status()).as(auditKh.body()).isEqualTo(200);
    List<String> actions = new ArrayList<>();
    for (JsonNode item : auditKh.json().path("items")) {
      if (item.path("entityId").asString().equals(id)) {
        actions.add(item.path("action").asString());
      }
    }
    assertThat(actions).containsExactlyInAnyOrder("PROPOSE", "CONFIRM", "ADD_INCIDENTS", "CLOSE");
    assertThat(as("admin").get("/api/audit?entity=joint_case&size=500").body()).doesNotContain(id);
    assertThat(jdbc.sql("select count(*) from audit_event where id > :a and entity = 'joint_case' and entity_id = :id")
        .param("a", auditBefore).param("id", id).query(Long.class).single()).isEqualTo(4);
  }

  private static void assertConflict(Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(fieldsOf(r)).containsExactly("state");
  }

  @Test
  void aRejectedCaseMovesNoMore() {
    Instant t0 = epoch();
    UUID la = plant("LA", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
    UUID kh = plant("KH", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
    Response p = propose("la-commission", "SAME_EVENT", la, kh);
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    String path = "/api/cases/" + p.json().path("id").asString();
    Response r = as("kh-planner").post(path + "/reject", "{\"note\":\"two different boats\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().path("state").asString()).isEqualTo("REJECTED");
    assertConflict(as("kh-commission").post(path + "/confirm", "{}"));
    assertConflict(as("la-planner").post(path + "/close", "{\"reason\":\"x\"}"));
    assertConflict(as("la-planner").post(path + "/incidents", "{\"incidents\":" + ids(la) + "}"));
    assertThat(as("la-viewer").get("/api/cases?state=REJECTED&limit=500").body()).contains(p.json().path("id").asString());
    assertThat(as("la-viewer").get("/api/cases?state=OPEN&limit=500").body()).doesNotContain(p.json().path("id").asString());
  }

  /**
   * A confirmation is of the case as it was (V27): incidents added to a PROPOSED case lapse the other parties'
   * confirmations, the adder's stands; the lapsed row stays; the case opens only once every party has confirmed
   * what it is now. An OPEN case keeps its confirmations when incidents are added.
   */
  @Test
  void incidentsAddedToAProposedCaseLapseTheOtherPartiesConfirmations() {
    Instant t0 = epoch();
    UUID kh = plant("KH", "SHARED", 106.3, 14.5, t0, "HUMAN_TRAFFICKING");
    UUID la = plant("LA", "SHARED", 106.31, 14.51, t0.plusSeconds(3600), "HUMAN_TRAFFICKING");
    UUID la2 = plant("LA", "SHARED", 106.32, 14.52, t0.plusSeconds(7200), "HUMAN_TRAFFICKING");
    Response p = propose("kh-planner", "TRAFFICKING_ROUTE", kh, la);
    assertThat(p.status()).as(p.body()).isEqualTo(201);
    String id = p.json().path("id").asString();
    String path = "/api/cases/" + id;
    assertThat(p.json().path("awaiting").toString()).isEqualTo("[\"LA\"]");

    // LA adds its second incident before deciding: KH confirmed two incidents, not three
    Response add = as("la-planner").post(path + "/incidents", "{\"incidents\":" + ids(la2) + "}");
    assertThat(add.status()).as(add.body()).isEqualTo(200);
    assertThat(add.json().path("state").asString()).isEqualTo("PROPOSED");
    assertThat(add.json().path("awaiting").toString()).isEqualTo("[\"KH\",\"LA\"]");
    assertThat(add.json().path("decisions").size()).isZero();
    assertThat(jdbc.sql("""
        select d.org_code || ' ' || d.decision || ' ' || coalesce(d.lapsed_by, '-')
        from joint_case_confirmation d join joint_case c on c.id = d.case_id
        where c.public_id = cast(:id as uuid) order by d.at, d.org_code
        """).param("id", id).query(String.class).list()).containsExactly("KH CONFIRMED la-planner");

    // LA confirms: still waiting for KH, which may decide again now
    Response laYes = as("la-planner").post(path + "/confirm", "{}");
    assertThat(laYes.status()).as(laYes.body()).isEqualTo(200);
    assertThat(laYes.json().path("state").asString()).isEqualTo("PROPOSED");
    assertThat(laYes.json().path("awaiting").toString()).isEqualTo("[\"KH\"]");
    Response khYes = as("kh-commission").post(path + "/confirm", "{\"note\":\"the third crossing is ours too\"}");
    assertThat(khYes.status()).as(khYes.body()).isEqualTo(200);
    assertThat(khYes.json().path("state").asString()).isEqualTo("OPEN");
    assertConflict(as("kh-planner").post(path + "/confirm", "{}"));

    // open: an incident added now leaves both confirmations standing
    UUID kh2 = plant("KH", "SHARED", 106.33, 14.53, t0.plusSeconds(9000), "HUMAN_TRAFFICKING");
    Response addOpen = as("la-planner").post(path + "/incidents", "{\"incidents\":" + ids(kh2) + "}");
    assertThat(addOpen.status()).as(addOpen.body()).isEqualTo(200);
    assertThat(addOpen.json().path("state").asString()).isEqualTo("OPEN");
    assertThat(addOpen.json().path("decisions").size()).isEqualTo(2);
    assertThat(jdbc.sql("""
        select count(*) from joint_case_confirmation d join joint_case c on c.id = d.case_id
        where c.public_id = cast(:id as uuid)
        """).param("id", id).query(Long.class).single()).isEqualTo(3);

    List<String> events = new ArrayList<>();
    for (JsonNode e : as("la-viewer").get(path).json().path("timeline")) {
      if (!e.path("event").asString().equals("incident")) {
        events.add(e.path("event").asString() + " " + e.path("org").asString());
      }
    }
    assertThat(events).containsExactly("proposed KH", "incident-added LA", "lapsed KH", "confirmed LA", "confirmed KH",
        "opened ", "incident-added LA");
  }

  @Test
  void proposingRevealsNothingAndNeedsTwoParties() {
    Instant t0 = epoch();
    UUID khNational = plant("KH", "NATIONAL", 106.2, 14.4, t0, "SMUGGLING");
    UUID khShared = plant("KH", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
    UUID laShared = plant("LA", "SHARED", 106.21, 14.4, t0, "SMUGGLING");
    UUID jbcShared = plant("JBC", "SHARED", 106.21, 14.4, t0, "SMUGGLING");
    long before = cases();
    long auditBefore = audits();
    // KH may see its national incident, but LA may not: release it first
    Response r = propose("kh-planner", "OTHER", laShared, khNational);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(fieldsOf(r)).containsExactly("incidents[1]");
    assertThat(r.body()).contains("LA");
    // LA cannot name what it may not see (the same answer as an id that does not exist)
    Response unseen = propose("la-planner", "OTHER", laShared, khNational);
    Response missing = propose("la-planner", "OTHER", laShared, UUID.randomUUID());
    assertThat(unseen.status()).isEqualTo(422);
    assertThat(fieldsOf(unseen)).containsExactly("incidents[1]");
    assertThat(unseen.json().path("errors").get(0).path("message").asString().replace(khNational.toString(), "X"))
        .isEqualTo(missing.json().path("errors").get(0).path("message").asString().replaceAll(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "X"));
    // one party only; none of the proposer's own
    Response one = propose("kh-planner", "OTHER", khShared, khNational);
    assertThat(one.status()).isEqualTo(422);
    assertThat(fieldsOf(one)).containsExactly("incidents");
    Response notOwn = propose("kh-planner", "OTHER", laShared, jbcShared);
    assertThat(notOwn.status()).isEqualTo(422);
    assertThat(fieldsOf(notOwn)).containsExactly("incidents");
    assertThat(cases()).isEqualTo(before);
    assertThat(audits()).isEqualTo(auditBefore);
  }

  @Test
  void aThreePartyCaseOpensWhenEveryPartyConfirmed() throws Exception {
    Instant t0 = epoch();
    UUID kh = plant("KH", "SHARED", 107.5, 14.6, t0, "HUMAN_TRAFFICKING");
    UUID la = plant("LA", "SHARED", 107.51, 14.6, t0.plusSeconds(3600), "HUMAN_TRAFFICKING");
    UUID vn = plant("VN", "SHARED", 107.52, 14.6, t0.plusSeconds(7200), "HUMAN_TRAFFICKING");
    try (SseClient laStream = SseClient.open(url("/api/events"), "la-planner", DEMO_PASSWORD);
        SseClient khViewerStream = SseClient.open(url("/api/events"), "kh-viewer", DEMO_PASSWORD)) {
      assertThat(laStream.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10))).isNotNull();
      assertThat(khViewerStream.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10))).isNotNull();
      Response p = propose("kh-planner", "TRAFFICKING_ROUTE", kh, la, vn);
      assertThat(p.status()).as(p.body()).isEqualTo(201);
      String id = p.json().path("id").asString();
      assertThat(p.json().path("parties").toString()).isEqualTo("[\"KH\",\"LA\",\"VN\"]");
      String path = "/api/cases/" + id;
      // live: the parties' members are told (ids only)
      SseClient.Sse ev = laStream.next(e -> "case".equals(e.kind()) && id.equals(e.json().path("entityId").asString()),
          Duration.ofSeconds(5));
      assertThat(ev).isNotNull();
      assertThat(ev.json().path("action").asString()).isEqualTo("proposed");
      assertThat(as("vn-viewer").get(path).status()).isEqualTo(200);
      assertThat(as("vn-viewer").post(path + "/confirm", "{}").status()).isEqualTo(403);
      assertThat(as("la-planner").post(path + "/confirm", "{}").json().path("state").asString()).isEqualTo("PROPOSED");
      Response v = as("vn-planner").post(path + "/confirm", "{}");
      assertThat(v.status()).as(v.body()).isEqualTo(200);
      assertThat(v.json().path("state").asString()).isEqualTo("OPEN");
      assertThat(khViewerStream.next(e -> "case".equals(e.kind()) && "open".equals(e.json().path("action").asString())
          && id.equals(e.json().path("entityId").asString()), Duration.ofSeconds(5))).isNotNull();
      assertThat(as("admin").get(path).status()).isEqualTo(404);
    }
    // a JBC stream (a non-party) never gets this case's events: checked through the rule on the event table
    try (SseClient jbc = SseClient.open(url("/api/events") + "?lastEventId="
        + (jdbc.sql("select max(id) from event").query(Long.class).single() - 50), "commission", DEMO_PASSWORD)) {
      jbc.next(e -> "ready".equals(e.kind()), Duration.ofSeconds(10));
      assertThat(jbc.seen().stream().filter(e -> e.data() != null).map(SseClient.Sse::data).toList())
          .noneMatch(d -> d.contains("\"kind\":\"case\""));
    }
  }

  // ------------------------------------------------------------------------------------------------ bad input

  @Test
  void badInputNamesTheFieldAndStoresNothing() {
    Instant t0 = epoch();
    UUID kh = plant("KH", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
    UUID la = plant("LA", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
    String[][] queries = {
        {"withinKm=51", "422", "withinKm"}, {"withinKm=0", "400", "withinKm"}, {"withinKm=NaN", "400", "withinKm"},
        {"withinKm=abc", "400", "withinKm"}, {"hours=8785", "422", "hours"}, {"hours=0", "400", "hours"},
        {"hours=1.5", "400", "hours"}, {"limit=501", "422", "limit"}, {"limit=0", "400", "limit"},
        {"from=2020-01-01&to=2021-01-03", "422", "from"}, {"from=2021-01-01&to=2020-01-01", "400", "from"},
        {"type=FOO", "400", "type"}, {"to=yesterday", "400", "to"}};
    for (String[] q : queries) {
      Response r = as("kh-planner").get("/api/cases/candidates?" + q[0]);
      assertThat(r.status()).as(q[0] + " " + r.body()).isEqualTo(Integer.parseInt(q[1]));
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(fieldsOf(r)).as(q[0]).containsExactly(q[2]);
    }
    assertThat(as("kh-planner").get("/api/cases/candidates?from=2020-01-01&to=2021-01-01").status()).isEqualTo(200);
    String[][] lists = {{"/api/cases?state=FOO", "400", "state"}, {"/api/cases?limit=501", "422", "limit"},
        {"/api/cases?offset=-1", "400", "offset"}, {"/api/cases/stats?from=nope", "400", "from"},
        {"/api/cases/stats?from=2024-02-01&to=2024-01-01", "400", "from"},
        {"/api/cases/" + UUID.randomUUID() + "?f=pdf", "400", "f"}};
    for (String[] q : lists) {
      Response r = as("kh-planner").get(q[0]);
      assertThat(r.status()).as(q[0] + " " + r.body()).isEqualTo(Integer.parseInt(q[1]));
      assertThat(fieldsOf(r)).as(q[0]).containsExactly(q[2]);
    }
    String good = ids(kh, la);
    String[][] bodies = {
        {"{\"kind\":\"OTHER\",\"incidents\":" + good + "}", "400", "title"},
        {"{\"title\":\" \",\"kind\":\"OTHER\",\"incidents\":" + good + "}", "400", "title"},
        {"{\"title\":\"" + "x".repeat(201) + "\",\"kind\":\"OTHER\",\"incidents\":" + good + "}", "400", "title"},
        {"{\"title\":\"t\",\"incidents\":" + good + "}", "400", "kind"},
        {"{\"title\":\"t\",\"kind\":\"PICNIC\",\"incidents\":" + good + "}", "400", "kind"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\"}", "400", "incidents"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":\"" + kh + "\"}", "400", "incidents"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":[\"" + kh + "\",\"not-a-uuid\"]}", "400", "incidents[1]"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":[\"" + kh + "\",7]}", "400", "incidents[1]"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":[\"" + kh + "\"]}", "422", "incidents"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":" + ids(kh, la, kh) + "}", "400", "incidents[2]"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":[\"" + kh + "\",null]}", "400", "incidents[1]"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":" + good + ",\"note\":\"" + "n".repeat(2001) + "\"}", "400",
            "note"},
        {"{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":" + good + "} {}", "400", "body"},
        {"{\"title\":\"t\",\"title\":\"u\",\"kind\":\"OTHER\",\"incidents\":" + good + "}", "400", "title"},
        {"", "400", "body"}};
    long before = cases();
    long auditBefore = audits();
    for (String[] b : bodies) {
      Response r = as("kh-planner").post("/api/cases", b[0]);
      assertThat(r.status()).as(b[0] + " -> " + r.body()).isEqualTo(Integer.parseInt(b[1]));
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(fieldsOf(r)).as(b[0]).containsExactly(b[2]);
    }
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add("\"" + UUID.randomUUID() + "\"");
    }
    Response tooMany = as("kh-planner").post("/api/cases",
        "{\"title\":\"t\",\"kind\":\"OTHER\",\"incidents\":[" + String.join(",", many) + "]}");
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(fieldsOf(tooMany)).containsExactly("incidents");
    assertThat(cases()).isEqualTo(before);
    assertThat(audits()).isEqualTo(auditBefore);
    assertThat(as("kh-planner").get("/api/cases/not-a-uuid").status()).isEqualTo(400);
  }

  // ------------------------------------------------------------------------------------------------ figures

  @Test
  void statsAreTheCountsOfTheCasesRows() {
    Instant t0 = epoch();
    // four KH-LA cases moved into the past: opened after 2 and 4 days, one closed 10 days after opening,
    // one rejected, one only proposed
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      UUID kh = plant("KH", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
      UUID la = plant("LA", "SHARED", 106.2, 14.4, t0, "SMUGGLING");
      Response p = propose("kh-planner", i == 3 ? "SAME_EVENT" : "TRAFFICKING_ROUTE", kh, la);
      assertThat(p.status()).as(p.body()).isEqualTo(201);
      ids.add(p.json().path("id").asString());
    }
    assertThat(as("la-planner").post("/api/cases/" + ids.get(0) + "/confirm", "{}").status()).isEqualTo(200);
    assertThat(as("la-planner").post("/api/cases/" + ids.get(0) + "/close", "{\"reason\":\"done\"}").status())
        .isEqualTo(200);
    assertThat(as("la-planner").post("/api/cases/" + ids.get(1) + "/confirm", "{}").status()).isEqualTo(200);
    assertThat(as("la-planner").post("/api/cases/" + ids.get(2) + "/reject", "{}").status()).isEqualTo(200);
    OffsetDateTime base = OffsetDateTime.ofInstant(t0, ZoneOffset.UTC);
    shift(ids.get(0), base, 2, 10);
    shift(ids.get(1), base.plusDays(1), 4, null);
    shift(ids.get(2), base.plusDays(2), null, null);
    shift(ids.get(3), base.plusDays(3), null, null);
    String q = "from=" + base.minusDays(1).toInstant() + "&to=" + base.plusDays(30).toInstant();
    for (String user : List.of("kh-viewer", "la-planner")) {
      JsonNode s = as(user).get("/api/cases/stats?" + q).json();
      assertThat(s.path("proposed").asLong()).as(user).isEqualTo(4);
      assertThat(s.path("opened").asLong()).isEqualTo(2);
      assertThat(s.path("closed").asLong()).isEqualTo(1);
      assertThat(s.path("rejected").asLong()).isEqualTo(1);
      assertThat(s.path("medianDaysToConfirm").asDouble()).isEqualTo(3.0);
      assertThat(s.path("medianDaysOpenToClosed").asDouble()).isEqualTo(10.0);
      Map<String, Long> byKind = new HashMap<>();
      for (JsonNode k : s.path("byKind")) {
        byKind.put(k.path("kind").asString(), k.path("proposed").asLong());
      }
      assertThat(byKind).containsEntry("TRAFFICKING_ROUTE", 3L).containsEntry("SAME_EVENT", 1L);
    }
    JsonNode vn = as("vn-planner").get("/api/cases/stats?" + q).json();
    assertThat(vn.path("proposed").asLong()).isZero();
    // all time: the figures of every case of the reader's organisation, counted here from the rows
    for (String[] who : new String[][] {{"kh-viewer", "KH"}, {"la-viewer", "LA"}, {"vn-viewer", "VN"},
        {"commission", "JBC"}}) {
      JsonNode s = as(who[0]).get("/api/cases/stats").json();
      Map<String, Long> want = owner().sql("""
          select count(*) as proposed, count(opened_at) as opened, count(closed_at) as closed,
                 count(*) filter (where state = 'REJECTED') as rejected, count(*) filter (where state = 'OPEN') as open
          from joint_case where :org = any(parties)
          """).param("org", who[1]).query((rs, n) -> Map.of("proposed", rs.getLong(1), "opened", rs.getLong(2),
              "closed", rs.getLong(3), "rejected", rs.getLong(4), "openNow", rs.getLong(5))).single();
      for (Map.Entry<String, Long> e : want.entrySet()) {
        assertThat(s.path(e.getKey()).asLong()).as(who[0] + " " + e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  /** Moves a case into the past: proposed at {@code at}, opened {@code openDays} later, closed after that. */
  private void shift(String id, OffsetDateTime at, Integer openDays, Integer closeDays) {
    owner().sql("""
        update joint_case set proposed_at = :at,
               opened_at = case when opened_at is null then null else :at + make_interval(days => :o) end,
               closed_at = case when closed_at is null then null else :at + make_interval(days => :o + :c) end
        where public_id = cast(:id as uuid)
        """).param("at", at).param("o", openDays == null ? 0 : openDays)
        .param("c", closeDays == null ? 0 : closeDays).param("id", id).update();
    owner().sql("""
        update joint_case_confirmation set at = :at + interval '1 hour'
        where case_id = (select id from joint_case where public_id = cast(:id as uuid))
        """).param("at", at).param("id", id).update();
  }
}
