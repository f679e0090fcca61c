package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Releasability on every incident path: a NATIONAL KH incident never reaches LA (nor the JBC), in lists,
 * single reads, status changes, hot-segment counts and import reports. Until logins exist (issue 3) the
 * paths are called in-process as KH / LA actors, and over HTTP as today's anonymous JBC user.
 */
class ReleasabilityIT extends IntegrationTest {

  static final Actor KH = LeakCheck.KH;
  static final Actor LA = LeakCheck.LA;
  static final Actor LA_VIEWER = new Actor("la-x", Organisation.of("LA"), Role.VIEWER);

  @Autowired
  IncidentRepository repository;
  @Autowired
  IncidentService service;
  @Autowired
  HotSegmentController hot;
  @Autowired
  ImportJobs jobs;

  /** Answers the incident paths in-process as the given actor (what HTTP will do once users log in). */
  final LeakCheck.Fetch inProcess = (actor, path) -> {
    URI uri = URI.create(path);
    Map<String, String> q = new HashMap<>();
    if (uri.getRawQuery() != null) {
      for (String kv : uri.getRawQuery().split("&")) {
        String[] p = kv.split("=", 2);
        q.put(p[0], p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
      }
    }
    String p = uri.getPath();
    if (p.equals("/api/incidents")) {
      IncidentQuery query = IncidentQuery.parse(q.get("bbox"), q.get("from"), q.get("to"), q.get("type"),
          q.get("status"), q.get("severity"), null, q.get("source"), null,
          q.containsKey("size") ? Integer.valueOf(q.get("size")) : null);
      IncidentRepository.Page page = repository.find(query, actor);
      return "{\"numberMatched\":" + page.numberMatched() + ",\"features\":" + page.featuresJson() + "}";
    }
    if (p.equals("/api/incidents/grid")) {
      IncidentQuery query = IncidentQuery.parse(q.get("bbox"), q.get("from"), q.get("to"), q.get("type"),
          q.get("status"), q.get("severity"), null, q.get("source"), 0, 1);
      return repository.grid(query, Double.parseDouble(q.getOrDefault("cellDeg", "0.05")), actor);
    }
    if (p.startsWith("/api/incidents/")) {
      return repository.findFeature(Long.parseLong(p.substring("/api/incidents/".length())), actor).orElse("404");
    }
    if (p.equals("/api/segments/hot")) {
      return hot.hot(OffsetDateTime.parse(q.get("from")), OffsetDateTime.parse(q.get("to")), q.get("type"),
          Integer.parseInt(q.getOrDefault("limit", "561")), 10.0, actor);
    }
    throw new IllegalArgumentException("no in-process route for " + path);
  };

  private static String sql(String owner, String rel) {
    return owner + "/" + rel;
  }

  @Test
  void theOnePredicateMatchesTheRuleForEveryOwnerReleasabilityAndViewer() {
    String source = "vis-matrix-" + UUID.randomUUID();
    for (String owner : new String[] {"KH", "LA", "JBC"}) {
      for (String rel : new String[] {"SHARED", "NATIONAL"}) {
        jdbc.sql("""
            insert into incident (occurred_at, geom, type, severity, owner_org, releasability, source, description, created_by)
            values (now() - interval '1 day', st_setsrid(st_makepoint(106.3, 14.4), 4326), 'OTHER', 1, :o, :r, :s, :d, 't')
            """).param("o", owner).param("r", rel).param("s", source).param("d", sql(owner, rel)).update();
      }
    }
    for (Actor viewer : new Actor[] {KH, LA, new Actor("jbc-x", Organisation.of("JBC"), Role.COMMISSION)}) {
      String body = inProcess.get(viewer, "/api/incidents?source=" + source);
      JsonNode features = JSON.readTree(body).get("features");
      var seen = features.findValuesAsString("description");
      var expected = new java.util.ArrayList<String>();
      for (String owner : new String[] {"KH", "LA", "JBC"}) {
        for (String rel : new String[] {"SHARED", "NATIONAL"}) {
          if (Releasability.visible(owner, rel, viewer)) {
            expected.add(sql(owner, rel));
          }
        }
      }
      assertThat(seen).as("viewer %s", viewer.org()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(expected).hasSize(4); // the three SHARED + the viewer's own NATIONAL
    }
  }

  @Test
  void nationalKhIncidentIsHiddenFromLaInListAndSingleRead() {
    LeakCheck.Planted p = LeakCheck.plantNationalKh(jdbc, 105.96, 13.94, "2026-06-01T00:00:00Z", "SMUGGLING");
    LeakCheck.assertHiddenFromLa(inProcess, "/api/incidents?source=" + p.marker(), p);
    LeakCheck.assertHiddenFromLa(inProcess, "/api/incidents?bbox=105.9,13.9,106.0,14.0&from=2026-05-31&to=2026-06-02", p);
    LeakCheck.assertHiddenFromLa(inProcess, "/api/incidents/" + p.id(), p);
    assertThat(inProcess.get(LA, "/api/incidents/" + p.id())).isEqualTo("404");
    assertThat(inProcess.get(LA_VIEWER, "/api/incidents?source=" + p.marker())).contains("\"numberMatched\":0");
    // Over HTTP as today's JBC user: NATIONAL KH is invisible too; the single read is 404, not 403.
    Response one = get("/api/incidents/" + p.id());
    assertThat(one.status()).isEqualTo(404);
    assertThat(one.body()).doesNotContain(p.marker());
    Response list = get("/api/incidents?source=" + p.marker());
    assertThat(list.json().get("numberMatched").asInt()).isZero();
    assertThat(list.json().get("features").toString()).doesNotContain(p.marker());
    Response box = get("/api/incidents?bbox=105.95,13.93,105.97,13.95&from=2026-05-31&to=2026-06-02");
    assertThat(box.body()).doesNotContain(p.marker());
    // A SHARED KH incident is seen by everyone.
    LeakCheck.Planted shared = LeakCheck.plant(jdbc, "KH", "SHARED", 105.96, 13.94, "2026-06-01T00:00:00Z", "SMUGGLING");
    assertThat(inProcess.get(LA, "/api/incidents/" + shared.id())).contains(shared.marker());
    assertThat(get("/api/incidents/" + shared.id()).status()).isEqualTo(200);
  }

  @Test
  void laCannotChangeTheStatusOfAnIncidentItCannotSee() {
    LeakCheck.Planted p = LeakCheck.plantNationalKh(jdbc, 106.1, 14.3, "2026-06-01T00:00:00Z", "UXO");
    assertThatThrownBy(() -> service.changeStatus(p.id(), new IncidentService.StatusChange("VERIFIED", 0, null), LA))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    assertThat(post("/api/incidents/" + p.id() + "/status", "{\"status\":\"VERIFIED\",\"version\":0}").status())
        .isEqualTo(404);
    assertThat(service.changeStatus(p.id(), new IncidentService.StatusChange("VERIFIED", 0, null), KH))
        .contains("\"VERIFIED\"");
  }

  /** Hot-segment counts and rates for LA do not move when NATIONAL KH incidents are added; KH's do. */
  @Test
  void hotSegmentCountsIgnoreIncidentsTheCallerCannotSee() {
    // A window of its own in 2019, so demo data (from December 2023) and other tests do not interfere.
    String path = "/api/segments/hot?from=2019-03-01T00:00:00Z&to=2019-04-01T00:00:00Z&type=TERRORISM";
    LeakCheck.plant(jdbc, "LA", "SHARED", 106.29, 14.47, "2019-03-10T00:00:00Z", "TERRORISM");
    LeakCheck.assertAggregateBlind(inProcess, path, body -> total(body, "count"), () -> {
      for (int k = 0; k < 3; k++) {
        LeakCheck.plantNationalKh(jdbc, 106.29 + k * 0.001, 14.47, "2019-03-1" + k + "T00:00:00Z", "TERRORISM");
      }
    });
    LeakCheck.assertAggregateBlind(inProcess, path, body -> total(body, "ratePerKmMonth"), () ->
        LeakCheck.plantNationalKh(jdbc, 106.5, 14.57, "2019-03-20T00:00:00Z", "TERRORISM"));
    // The previous-window counts are filtered the same way.
    String next = "/api/segments/hot?from=2019-04-01T00:00:00Z&to=2019-05-01T00:00:00Z&type=TERRORISM";
    LeakCheck.plant(jdbc, "LA", "SHARED", 106.29, 14.47, "2019-04-10T00:00:00Z", "TERRORISM");
    LeakCheck.assertAggregateBlind(inProcess, next, body -> total(body, "previousCount"), () ->
        LeakCheck.plantNationalKh(jdbc, 106.29, 14.47, "2019-03-25T00:00:00Z", "TERRORISM"));
  }

  /** The map's aggregated layer: cell counts do not move for LA with NATIONAL KH incidents. */
  @Test
  void gridCountsIgnoreIncidentsTheCallerCannotSee() {
    String path = "/api/incidents/grid?bbox=106.6,14.2,106.8,14.4&from=2019-06-01&to=2019-07-01&cellDeg=0.05";
    LeakCheck.plant(jdbc, "LA", "SHARED", 106.71, 14.31, "2019-06-10T00:00:00Z", "SMUGGLING");
    LeakCheck.assertAggregateBlind(inProcess, path, body -> JSON.readTree(body).get("numberMatched").asDouble(),
        () -> LeakCheck.plantNationalKh(jdbc, 106.72, 14.32, "2019-06-11T00:00:00Z", "SMUGGLING"));
    LeakCheck.assertAggregateBlind(inProcess, path, body -> total(body, "count"),
        () -> LeakCheck.plantNationalKh(jdbc, 106.61, 14.21, "2019-06-12T00:00:00Z", "SMUGGLING"));
    // Over HTTP (JBC): the NATIONAL KH incidents are not counted.
    JsonNode jbc = get(path).json();
    assertThat(jbc.get("numberMatched").asInt()).isEqualTo((int) JSON.readTree(inProcess.get(LA, path)).get("numberMatched").asDouble());
  }

  static double total(String body, String property) {
    double sum = 0;
    for (JsonNode f : JSON.readTree(body).get("features")) {
      sum += f.get("properties").get(property).asDouble();
    }
    return sum;
  }

  @Test
  void importReportsAreVisibleOnlyToTheOrganisationThatImported() throws Exception {
    // Through HTTP the importer is the JBC user; LA and KH cannot read its job.
    Response r = post("/api/incidents/import", "text/csv",
        "lon,lat,time,type,severity,source\n106.0,14.0,2026-01-01,OTHER,1,vis-import\n");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    UUID job = UUID.fromString(r.json().get("jobId").asString());
    assertThat(jobs.find(job, new Actor("jbc-y", Organisation.of("JBC"), Role.ADMIN))).isPresent();
    assertThat(jobs.find(job, LA)).isEmpty();
    assertThat(jobs.find(job, KH)).isEmpty();
    assertThat(get("/api/incidents/import/jobs/" + job).status()).isEqualTo(200);
  }
}
