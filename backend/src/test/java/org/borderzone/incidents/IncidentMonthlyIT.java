package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.borderzone.support.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/incidents/monthly} (the Incidents panel's chart) against SQL written here over the incident
 * table itself (not the rollup the endpoint reads), as readers of three organisations: the demo years, and a
 * planted 1987 (a year no other test uses) with national incidents of both countries, so that a reader who saw
 * too much or too little gets a different number.
 */
class IncidentMonthlyIT extends IntegrationTest {

  private static final String SOURCE = "test-monthly-1987";

  @AfterEach
  void removePlanted() {
    jdbc.sql("delete from incident where source = :s").param("s", SOURCE).update();
  }

  /** Visible incidents per "month|type" for organisation {@code org} in [from, to), counted from the table. */
  private Map<String, Long> oracle(String org, String from, String to) {
    Map<String, Long> m = new HashMap<>();
    jdbc.sql("""
        select to_char(occurred_at at time zone 'UTC', 'YYYY-MM') as month, type, count(*) as n
        from incident
        where occurred_at >= cast(:from as timestamptz) and occurred_at < cast(:to as timestamptz)
          and (releasability = 'SHARED' or owner_org = :org or id in (select r.incident_id from incident_release r where r.to_org = :org and r.withdrawn_at is null))
        group by 1, 2""").param("from", from + "T00:00:00Z").param("to", to + "T00:00:00Z").param("org", org)
        .query(rs -> {
          m.put(rs.getString("month") + "|" + rs.getString("type"), rs.getLong("n"));
        });
    return m;
  }

  private static Map<String, Long> answer(JsonNode a) {
    Map<String, Long> m = new HashMap<>();
    for (JsonNode s : a.path("series")) {
      for (int k = 0; k < a.path("months").size(); k++) {
        long n = s.path("counts").get(k).asLong();
        if (n != 0) {
          m.put(a.path("months").get(k).asString() + "|" + s.path("type").asString(), n);
        }
      }
    }
    return m;
  }

  @ParameterizedTest(name = "{0} ({1}) sees exactly what the table holds for {1}")
  @CsvSource({"la-planner, LA", "kh-viewer, KH", "commission, JBC"})
  void demoYearsAgreeWithTheTableForEachReader(String user, String org) {
    JsonNode a = as(user).get("/api/incidents/monthly?from=2023-12&to=2026-11").json();
    assertThat(a.path("months").size()).isEqualTo(36);
    assertThat(a.path("months").get(0).asString()).isEqualTo("2023-12");
    assertThat(a.path("series").size()).isEqualTo(IncidentType.values().length);
    Map<String, Long> expected = oracle(org, "2023-12-01", "2026-12-01");
    assertThat(expected).isNotEmpty();
    assertThat(answer(a)).isEqualTo(expected);
    long total = expected.values().stream().mapToLong(Long::longValue).sum();
    assertThat(a.path("total").asLong()).isEqualTo(total);
    long perMonth = 0;
    for (JsonNode t : a.path("totals")) {
      perMonth += t.asLong();
    }
    assertThat(perMonth).isEqualTo(total);
  }

  @Test
  void eachCountryCountsItsOwnNationalIncidentsAndNeverTheOthers() {
    // March 1987: 3 SHARED, 2 KH NATIONAL, 4 LA NATIONAL (UXO); April: 1 LA NATIONAL (SMUGGLING)
    plant("KH", "SHARED", "1987-03-02T10:00:00Z", "UXO", 3);
    plant("KH", "NATIONAL", "1987-03-20T10:00:00Z", "UXO", 2);
    plant("LA", "NATIONAL", "1987-03-31T23:59:00Z", "UXO", 4);
    plant("LA", "NATIONAL", "1987-04-01T00:00:00Z", "SMUGGLING", 1);
    String path = "/api/incidents/monthly?from=1987-01&to=1987-06";
    JsonNode la = as("la-planner").get(path).json();
    JsonNode kh = as("kh-planner").get(path).json();
    JsonNode jbc = as("commission").get(path).json();
    assertThat(answer(la)).isEqualTo(Map.of("1987-03|UXO", 7L, "1987-04|SMUGGLING", 1L));
    assertThat(answer(kh)).isEqualTo(Map.of("1987-03|UXO", 5L));
    assertThat(answer(jbc)).isEqualTo(Map.of("1987-03|UXO", 3L));
    for (String u : new String[] {"la-planner", "kh-planner", "commission"}) {
      String org = u.startsWith("la") ? "LA" : u.startsWith("kh") ? "KH" : "JBC";
      assertThat(answer(as(u).get(path).json())).as(u).isEqualTo(oracle(org, "1987-01-01", "1987-07-01"));
    }
    // the same numbers as the incident list gives the same reader for the same month
    long listed = as("la-planner").get("/api/incidents?from=1987-03-01T00:00:00Z&to=1987-04-01T00:00:00Z&size=1")
        .json().path("numberMatched").asLong();
    assertThat(listed).isEqualTo(7);
    assertThat(la.path("months").size()).isEqualTo(6);
    assertThat(la.path("totals").get(2).asLong()).isEqualTo(listed);
  }

  @Test
  void dayBoundsCutMonthsAndTypeAndStatusFilter() {
    plant("KH", "SHARED", "1987-03-02T10:00:00Z", "UXO", 3);
    plant("KH", "SHARED", "1987-03-20T10:00:00Z", "UXO", 2);
    plant("KH", "SHARED", "1987-03-20T10:00:00Z", "OTHER", 6);
    jdbc.sql("update incident set status = 'VERIFIED' where source = :s and type = 'OTHER'").param("s", SOURCE)
        .update();
    JsonNode a = get("/api/incidents/monthly?from=1987-03-15&to=1987-03-20&type=uxo").json();
    assertThat(a.path("from").asString()).isEqualTo("1987-03-15");
    assertThat(a.path("to").asString()).isEqualTo("1987-03-20");
    assertThat(a.path("types").size()).isEqualTo(1);
    assertThat(answer(a)).isEqualTo(Map.of("1987-03|UXO", 2L));
    assertThat(answer(get("/api/incidents/monthly?from=1987-03&to=1987-03&status=VERIFIED").json()))
        .isEqualTo(Map.of("1987-03|OTHER", 6L));
    assertThat(answer(get("/api/incidents/monthly?from=1987-03-03&to=1987-03").json()))
        .isEqualTo(Map.of("1987-03|UXO", 2L, "1987-03|OTHER", 6L));
  }

  @Test
  void defaultWindowIsTheLastTwoYears() {
    JsonNode a = get("/api/incidents/monthly").json();
    assertThat(a.path("months").size()).isEqualTo(24);
    assertThat(a.path("to").asString()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
  }

  @ParameterizedTest(name = "GET {0} -> {1} naming {2}")
  @CsvSource(delimiter = '|', value = {
      "from=1990-01&to=2026-12| 422| from",
      "from=0001-01| 422| from",
      "from=2024-13| 400| from",
      "from=2024-1| 400| from",
      "to=yesterday| 400| to",
      "from=2024-05&to=2024-04| 400| from",
      "type=UXO,PIRACY| 400| type",
      "status=LOST| 400| status"})
  void badWindowsAndValuesAreRefusedNamingTheParameter(String query, int status, String field) {
    Response r = get("/api/incidents/monthly?" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("field").asString()).isEqualTo(field);
    if (status == 422) {
      assertThat(r.json().path("errors").get(0).path("message").asString()).contains("240");
    }
  }

  private void plant(String owner, String releasability, String at, String type, int n) {
    for (int k = 0; k < n; k++) {
      LeakCheck.Planted p = LeakCheck.plant(jdbc, owner, releasability, 106.0 + 0.01 * k, 14.0, at, type);
      jdbc.sql("update incident set source = :s where public_id = :id").param("s", SOURCE).param("id", p.id())
          .update();
    }
  }
}
