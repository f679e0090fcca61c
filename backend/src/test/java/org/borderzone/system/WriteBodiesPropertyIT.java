package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.JsonArbitraries;
import org.springframework.test.context.TestContextManager;

/**
 * Property: whatever body an authorised user (the demo admin) sends to a write endpoint under {@code /api},
 * the server never answers 5xx, every 4xx is problem+json, and after a 4xx nothing is stored (row counts, ids
 * and versions of every written table and of {@code audit_event} are unchanged). Bodies are random JSON and
 * mutations of a valid body ({@link JsonArbitraries}). Targets are chosen so that an accepted body does no
 * harm to the other tests: unknown ids for status changes and updates (the body is read and checked before
 * the 404), members kept that make an inspection, a user or a network 4xx at the end; incidents, bases and
 * plans that are accepted are deleted after the property.
 *
 * <p>jqwik runs outside Spring's JUnit Jupiter extension, so the Spring test context (the same cached one as
 * every {@link IntegrationTest}) is attached by hand before each property.
 */
class WriteBodiesPropertyIT extends IntegrationTest {

  static final int TRIES = 25;
  static final String UNKNOWN = "999999999";
  /** An incident id (public ids are UUIDs) that names no incident. */
  static final String UNKNOWN_INCIDENT = "00000000-0000-7000-8000-000000000000";
  private static final Map<String, AtomicInteger> CASES = new ConcurrentHashMap<>();
  private static final Map<String, Map<Integer, AtomicInteger>> STATUSES = new ConcurrentHashMap<>();

  private long maxIncident;
  private long maxBase;
  private long maxPlan;

  @BeforeProperty
  void attachSpring() throws Exception {
    new TestContextManager(getClass()).prepareTestInstance(this);
    maxIncident = max("incident");
    maxBase = max("patrol_base");
    maxPlan = max("patrol_plan");
  }

  /** Accepted test bodies are not kept: the other tests count incidents, bases and plans. */
  @AfterProperty
  void removeAccepted() {
    jdbc.sql("delete from patrol_plan where id > :m").param("m", maxPlan).update();
    jdbc.sql("delete from patrol_base where id > :m").param("m", maxBase).update();
    jdbc.sql("delete from incident where id > :m").param("m", maxIncident).update();
  }

  @AfterContainer
  static void report() {
    StringBuilder sb = new StringBuilder("Generated bodies per write endpoint (status: count):\n");
    new java.util.TreeMap<>(CASES).forEach((k, v) -> sb.append(String.format("  %-45s %4d  %s%n", k, v.get(),
        new java.util.TreeMap<>(STATUSES.get(k)))));
    System.out.print(sb);
  }

  private long max(String table) {
    return jdbc.sql("select coalesce(max(id), 0) from " + table).query(Long.class).single();
  }

  /** Counts, last ids and version sums of every table a write endpoint touches. */
  private String snapshot() {
    return jdbc.sql("""
        select concat_ws(' | ',
          (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from incident),
          (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from patrol_base),
          (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from patrol_plan),
          (select count(*) || ':' || coalesce(sum(version), 0) from border_segment),
          (select count(*) || ':' || coalesce(max(id), 0) from segment_status_change),
          (select count(*) from segment_signoff),
          (select count(*) || ':' || coalesce(max(id), 0) from inspection),
          (select count(*) from inspection_finding),
          (select count(*) from pillar_status_change),
          (select count(*) || ':' || coalesce(sum(hashtext(p.status || p.version)), 0) from pillar p),
          (select count(*) || ':' || coalesce(max(id), 0) from network_edge),
          (select count(*) || ':' || coalesce(max(id), 0) from app_user),
          (select count(*) from incident_import_job),
          (select count(*) || ':' || coalesce(max(id), 0) from audit_event))
        """).query(String.class).single();
  }

  private void check(String endpoint, String method, String path, String contentType, String body) {
    String before = snapshot();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", contentType)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    Response r = send(b);
    CASES.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
    STATUSES.computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
    String shown = body == null ? "" : body.length() > 400 ? body.substring(0, 400) + "…" : body;
    assertThat(r.status()).as("%s %s %s → %s", method, path, shown, r.body()).isLessThan(500);
    if (r.status() >= 400) {
      assertThat(r.contentType()).as("%s %s → %s", method, shown, r.body()).startsWith("application/problem+json");
      assertThat(snapshot()).as("nothing stored after %d for %s %s", r.status(), method, shown).isEqualTo(before);
    }
  }

  private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[106.1,14.2]}";

  // ------------------------------------------------------------------ segments

  @Provide
  Arbitrary<String> segmentStatus() {
    return JsonArbitraries.mutations("{\"status\":\"SURVEYED\",\"reason\":\"fuzz\",\"version\":3}");
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void segmentStatus(@ForAll("segmentStatus") String body) {
    check("POST /api/segments/{id}/status", "POST", "/api/segments/" + UNKNOWN + "/status", "application/json", body);
  }

  // ------------------------------------------------------------------ inspections

  @Provide
  Arbitrary<String> inspection() {
    return JsonArbitraries.mutations("""
        {"inspectedOn":"2024-05-20","organisations":["KH","LA"],"segmentIds":[999999999],"outcome":"SATISFACTORY",
         "minutesRef":"JBC/fuzz","notes":"n","segmentStatus":"SURVEYED",
         "findings":[{"pillarId":999999999,"condition":"DISPLACED","measured":[106.1,14.2],"notes":"x"}]}
        """, List.of(List.of("segmentIds")));
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void inspections(@ForAll("inspection") String body) {
    check("POST /api/inspections", "POST", "/api/inspections", "application/json", body);
  }

  // ------------------------------------------------------------------ incidents

  private static final String INCIDENT = "{\"type\":\"Feature\",\"geometry\":" + POINT + ",\"properties\":{"
      + "\"type\":\"SMUGGLING\",\"severity\":3,\"occurredAt\":\"2025-01-01T00:00:00Z\",\"description\":\"d\","
      + "\"source\":\"fuzz\",\"releasability\":\"SHARED\"}}";

  @Provide
  Arbitrary<String> incident() {
    return JsonArbitraries.mutations(INCIDENT);
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void incidents(@ForAll("incident") String body) {
    check("POST /api/incidents", "POST", "/api/incidents", "application/geo+json", body);
  }

  @Provide
  Arbitrary<String> incidentStatus() {
    return JsonArbitraries.mutations("{\"status\":\"VERIFIED\",\"version\":0,\"reason\":\"r\"}");
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void incidentStatus(@ForAll("incidentStatus") String body) {
    check("POST /api/incidents/{id}/status", "POST", "/api/incidents/" + UNKNOWN_INCIDENT + "/status", "application/json",
        body);
  }

  @Provide
  Arbitrary<String> geoJsonImport() {
    return JsonArbitraries.mutations("{\"type\":\"FeatureCollection\",\"features\":[" + INCIDENT + "," + INCIDENT
        + "]}");
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void geoJsonImport(@ForAll("geoJsonImport") String body) {
    check("POST /api/incidents/import (GeoJSON)", "POST", "/api/incidents/import", "application/geo+json", body);
  }

  @Provide
  Arbitrary<String> csvImport() {
    String valid = "lon,lat,occurredAt,type,severity,description,source\n"
        + "106.1,14.2,2025-01-01T00:00:00Z,SMUGGLING,3,\"a, b\",fuzz\n"
        + "106.2,14.3,2025-01-02,UXO,1,\"multi\nline\",fuzz\n"
        + "106.3,14.4,2025-01-03 10:00:00,OTHER,5,plain,fuzz\n";
    Arbitrary<Character> c = Arbitraries.of('"', ',', '\n', '\r', 'x', '1', '.', ' ', '\u0000', '\u00e9');
    Arbitrary<String> inserted = Combinators.combine(Arbitraries.integers().between(0, valid.length()), c)
        .as((i, ch) -> valid.substring(0, i) + ch + valid.substring(i));
    Arbitrary<String> deleted = Arbitraries.integers().between(0, valid.length() - 1)
        .map(i -> valid.substring(0, i) + valid.substring(i + 1));
    Arbitrary<String> extraRow = Arbitraries.strings().withChars("x,\"1. ").ofMaxLength(30).map(r -> valid + r + "\n");
    Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(200);
    return Arbitraries.oneOf(inserted, deleted, extraRow, junk, inserted.map(s -> s.replace("106.2", "NaN")));
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void csvImport(@ForAll("csvImport") String body) {
    check("POST /api/incidents/import (CSV)", "POST", "/api/incidents/import", "text/csv", body);
  }

  // ------------------------------------------------------------------ patrol

  private static final String BASE = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":"
      + "[105.95,13.93]},\"properties\":{\"name\":\"fuzz post\",\"kind\":\"POST\",\"orgCode\":\"JBC\","
      + "\"notes\":\"n\",\"version\":0}}";

  @Provide
  Arbitrary<String> base() {
    return JsonArbitraries.mutations(BASE);
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void createBase(@ForAll("base") String body) {
    check("POST /api/bases", "POST", "/api/bases", "application/geo+json", body);
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void updateBase(@ForAll("base") String body) {
    check("PUT /api/bases/{id}", "PUT", "/api/bases/" + UNKNOWN, "application/json", body);
  }

  @Provide
  Arbitrary<String> unknownIds() {
    return Arbitraries.oneOf(Arbitraries.of(UNKNOWN, "0", "-1", "2147483648", "99999999999999999999", "abc", "1.5",
        "1e3", "%20"), Arbitraries.strings().withChars("abc019-_.").ofMinLength(1).ofMaxLength(30)
        .filter(s -> !s.matches("\\d{1,6}")));
  }

  @Property(tries = 15, afterFailure = AfterFailureMode.RANDOM_SEED)
  void deleteBase(@ForAll("unknownIds") String id) {
    check("DELETE /api/bases/{id}", "DELETE", "/api/bases/" + id, "application/json", null);
  }

  @Provide
  Arbitrary<String> route() {
    return JsonArbitraries.mutations("""
        {"mode":"loop","profile":"foot","start":[105.95,13.93],"stops":[[105.96,13.94],[105.97,13.92]],
         "budgetKm":20,"window":{"from":"2025-01-01","to":"2025-06-01"},"teams":1,"joint":false,"org":"KH",
         "name":"fuzz","baseIds":[1]}
        """);
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void routes(@ForAll("route") String body) {
    check("POST /api/routes", "POST", "/api/routes", "application/json", body);
  }

  @Provide
  Arbitrary<String> plan() {
    return JsonArbitraries.mutations("""
        {"name":"fuzz plan","status":"PLANNED","route":{"type":"FeatureCollection","mode":"loop","profile":"foot",
         "joint":false,"features":[
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[105.95,13.93],[105.96,13.94]]},
           "properties":{"kind":"route","lengthM":1500.5,"durationS":1200,"baseId":999999999}},
          {"type":"Feature","geometry":{"type":"Point","coordinates":[105.96,13.94]},
           "properties":{"kind":"stop","cellId":"c-1"}}]}}
        """);
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void plans(@ForAll("plan") String body) {
    check("POST /api/patrol-plans", "POST", "/api/patrol-plans", "application/json", body);
  }

  @Provide
  Arbitrary<String> planStatus() {
    return JsonArbitraries.mutations("{\"status\":\"DONE\"}");
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void planStatus(@ForAll("planStatus") String body) {
    check("POST /api/patrol-plans/{id}/status", "POST", "/api/patrol-plans/" + UNKNOWN + "/status",
        "application/json", body);
  }

  @Provide
  Arbitrary<String> network() {
    // The last feature is kept invalid (unknown kind): an accepted body would replace the demo network.
    return JsonArbitraries.mutations("""
        {"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[105.95,13.93],[105.96,13.94]]},
           "properties":{"kind":"road","name":"r"}},
          {"type":"Feature","geometry":{"type":"LineString","coordinates":[[105.96,13.94],[105.97,13.95]]},
           "properties":{"kind":"not-a-kind"}}]}
        """, List.of(List.of("features", 1), List.of("features")));
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void networkImport(@ForAll("network") String body) {
    check("POST /api/network/import", "POST", "/api/network/import", "application/json", body);
  }

  // ------------------------------------------------------------------ users

  @Provide
  Arbitrary<String> newUser() {
    // The password is kept too short: an accepted body would create a user.
    return JsonArbitraries.mutations("""
        {"username":"fuzz-user","displayName":"Fuzz","org":"KH","role":"VIEWER","password":"x"}
        """, List.of(List.of("password")));
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void createUser(@ForAll("newUser") String body) {
    check("POST /api/admin/users", "POST", "/api/admin/users", "application/json", body);
  }

  @Provide
  Arbitrary<String> newPassword() {
    return JsonArbitraries.mutations("{\"password\":\"a-long-enough-passphrase-2026\"}");
  }

  @Property(tries = TRIES, afterFailure = AfterFailureMode.RANDOM_SEED)
  void resetPassword(@ForAll("newPassword") String body) {
    check("POST /api/admin/users/{id}/password", "POST", "/api/admin/users/" + UNKNOWN + "/password",
        "application/json", body);
  }
}
