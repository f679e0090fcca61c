package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * CQL2 end to end through HTTP ({@code /ogc/collections/{id}/items?filter=}): filters on incidents and
 * segments select exactly what a hand-written PostGIS query selects (with the reader's releasability), an LA
 * user's filtered result never holds KH NATIONAL incidents whatever the filter says, and hostile filters are
 * answered 4xx problem+json naming {@code filter}, never 5xx.
 */
class Cql2FilterIT extends IntegrationTest {

  private static final String KH_VISIBLE = "(i.releasability = 'SHARED' or i.owner_org = 'KH' or i.id in "
      + "(select r.incident_id from incident_release r where r.to_org = 'KH' and r.withdrawn_at is null))";

  private static String items(String collection, String filter, String extra) {
    return "/ogc/collections/" + collection + "/items?limit=10000&filter-lang=cql2-text&filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8) + extra;
  }

  /** Every feature id of the filtered items (following next links), and numberMatched of the first page. */
  private Set<String> ids(String user, String path) {
    Set<String> ids = new TreeSet<>();
    Response r = as(user).get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    long matched = r.json().path("numberMatched").asLong();
    while (true) {
      JsonNode page = r.json();
      page.path("features").forEach(f -> ids.add(f.path("id").asString()));
      String next = null;
      for (JsonNode l : page.path("links")) {
        if (l.path("rel").asString().equals("next")) {
          next = l.path("href").asString();
        }
      }
      if (next == null) {
        break;
      }
      r = as(user).get(next.substring(next.indexOf("/ogc/")));
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(ids).hasSize((int) matched);
    return ids;
  }

  private Set<String> incidentOracle(String visible, String where) {
    return new TreeSet<>(jdbc.sql("select i.public_id::text from incident i where " + visible + " and (" + where + ")")
        .query(String.class).list());
  }

  private void sameIncidents(String filter, String extra, String oracleWhere) {
    Set<String> expected = incidentOracle(KH_VISIBLE, oracleWhere);
    assertThat(expected).as("oracle of %s", filter).isNotEmpty();
    assertThat(ids("kh-planner", items("incidents", filter, extra))).as(filter).isEqualTo(expected);
  }

  @Test
  void incidentFiltersSelectWhatPostgisSelects() {
    sameIncidents("type = 'UXO' AND severity >= 3", "", "i.type = 'UXO' and i.severity >= 3");
    sameIncidents("CASEI(type) LIKE '%traff%' AND NOT inDisputedArea = TRUE", "",
        "position('TRAFF' in i.type) > 0 and not i.in_disputed_area");
    sameIncidents("S_INTERSECTS(geometry, BBOX(106, 14, 106.5, 14.5)) AND severity IN (4, 5)", "",
        "st_x(i.geom) between 106 and 106.5 and st_y(i.geom) between 14 and 14.5 and i.severity in (4, 5)");
    sameIncidents("T_INTERSECTS(occurredAt, INTERVAL('2025-01-01T00:00:00Z', '2025-01-31T23:59:59Z'))", "",
        "i.occurred_at between '2025-01-01T00:00:00Z' and '2025-01-31T23:59:59Z'");
    sameIncidents("T_DURING(INTERVAL(occurredAt, occurredAt), INTERVAL('2025-06-01', '2025-06-30')) AND type <> 'UXO'",
        "", "i.occurred_at >= '2025-06-02T00:00:00Z' and i.occurred_at < '2025-06-30T00:00:00Z' and i.type <> 'UXO'");
    // the filter CRS: UTM 48N, and EPSG:4326 in its lat, lon order
    sameIncidents("S_WITHIN(geometry, BBOX(600000, 1500000, 700000, 1600000))",
        "&filter-crs=" + URLEncoder.encode("http://www.opengis.net/def/crs/EPSG/0/32648", StandardCharsets.UTF_8),
        "st_within(i.geom, st_transform(st_makeenvelope(600000, 1500000, 700000, 1600000, 32648), 4326))");
    sameIncidents("S_INTERSECTS(geometry, BBOX(14, 106, 14.5, 106.5))",
        "&filter-crs=" + URLEncoder.encode("http://www.opengis.net/def/crs/EPSG/0/4326", StandardCharsets.UTF_8),
        "st_x(i.geom) between 106 and 106.5 and st_y(i.geom) between 14 and 14.5");
  }

  @Test
  void queryablesNameTheGeometryAsQgisRecognisesIt() {
    // QGIS (qgsoapifqueryablesrequest.cpp) takes a property for the geometry only when it has a $ref to
    // https://geojson.org/schema/…, and only then turns its spatial filters into S_INTERSECTS
    for (String c : List.of("incidents", "segments")) {
      Response r = as("kh-viewer").get("/ogc/collections/" + c + "/queryables");
      assertThat(r.status()).isEqualTo(200);
      JsonNode g = r.json().path("properties").path("geometry");
      assertThat(g.path("$ref").asString()).as(c).startsWith("https://geojson.org/schema/");
      r.json().path("properties").properties().forEach(e -> {
        if (!e.getKey().equals("geometry")) {
          assertThat(e.getValue().path("type").isString()).as(e.getKey()).isTrue();
        }
      });
    }
  }

  @Test
  void segmentFiltersSelectWhatPostgisSelects() {
    String filter = "status IN ('RATIFIED', 'DEMARCATED') AND S_INTERSECTS(geometry, BBOX(105.5, 13.5, 107, 15))";
    Set<String> expected = new TreeSet<>(jdbc.sql("select s.id::text from border_segment s where s.status in"
        + " ('RATIFIED', 'DEMARCATED') and st_intersects(s.geom, st_makeenvelope(105.5, 13.5, 107, 15, 4326))")
        .query(String.class).list());
    assertThat(expected).isNotEmpty();
    assertThat(ids("kh-viewer", items("segments", filter, ""))).isEqualTo(expected);
  }

  @Test
  void anLaUserNeverSeesKhNationalIncidentsWhateverTheFilter() {
    String kh = "ownerOrg = 'KH' AND releasability = 'NATIONAL'";
    assertThat(ids("kh-planner", items("incidents", kh, ""))).isNotEmpty();
    // LA sees of them only those KH released to LA (issue 12), whatever the filter says
    Set<String> releasedToLa = new TreeSet<>(jdbc.sql("""
        select i.public_id::text from incident i join incident_release r on r.incident_id = i.id
        where i.owner_org = 'KH' and i.releasability = 'NATIONAL' and r.to_org = 'LA' and r.withdrawn_at is null
        """).query(String.class).list());
    assertThat(ids("la-planner", items("incidents", kh, ""))).isSubsetOf(releasedToLa);
    long laVisible = jdbc.sql("select count(*) from incident i where i.releasability = 'SHARED' or i.owner_org = 'LA' or i.id in "
        + "(select r.incident_id from incident_release r where r.to_org = 'LA' and r.withdrawn_at is null)")
        .query(Long.class).single();
    assertThat(matched("la-planner", "TRUE")).isEqualTo(laVisible);
    for (String f : List.of("releasability = 'NATIONAL'", "TRUE", "NOT releasability = 'SHARED' OR TRUE",
        "ownerOrg IN ('KH', 'LA') OR ownerOrg IS NULL", "S_INTERSECTS(geometry, BBOX(-180, -90, 180, 90))",
        "T_INTERSECTS(occurredAt, INTERVAL('..', '..'))")) {
      String onlyKhNational = "(" + f + ") AND " + kh;
      assertThat(matched("kh-planner", onlyKhNational)).as(f).isPositive(); // the control
      assertThat(matched("la-planner", onlyKhNational)).as(f).isEqualTo(releasedToLa.size());
      assertThat(matched("la-planner", f)).as(f).isPositive().isLessThanOrEqualTo(laVisible);
    }
  }

  private long matched(String user, String filter) {
    Response r = as(user).get("/ogc/collections/incidents/items?limit=1&filter="
        + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().path("numberMatched").asLong();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "tipe = 'UXO'",
      "pg_sleep(10) = 1",
      "type = 'x'; DROP TABLE incident; --",
      "type = 'x'' OR 1=1 --",
      "\"type\"\"; select 1; --\" = 'x'",
      "severity = NaN",
      "severity = 1e999",
      "severity = '3'",
      "geometry = 'POINT(1 2)'",
      "S_INTERSECTS(geometry, POINT(181 0))",
      "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))",
      "T_DURING(occurredAt, INTERVAL('2025-01-01', '2025-02-01'))",
      "T_AFTER(occurredAt, DATE('2025-02-30'))",
      "type lıke 'x'",
      "type = 'a\u0000b'",
      "A_CONTAINS(type, ('a'))",
      "Buffer(geometry, 10) IS NULL",
      "((((((((((((((((((((((((((((((((((((((((type = 'x'))))))))))))))))))))))))))))))))))))))))",
      "severity + 1 > 2",
      "type = ",
      ")",
      "TRUE) OR (TRUE",
      "TRUE OR i.owner_org = 'KH'",
      "description LIKE '%' || pg_sleep(1) || '%'"
  })
  void hostileFiltersAre4xxNamingFilter(String filter) {
    Response r = as("kh-planner").get(items("incidents", filter, ""));
    assertThat(r.status()).as(r.body()).isBetween(400, 499);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.path("errors").get(0).path("field").asString()).as(r.body()).isEqualTo("filter");
  }

  @Test
  void overlongFiltersAreRefusedNeverA5xx() {
    // within the request line: the filter's own limit (422 naming filter)
    Response nested = as("kh-planner").get(items("incidents", "(".repeat(40) + "TRUE" + ")".repeat(40), ""));
    assertThat(nested.status()).isEqualTo(422);
    assertThat(nested.json().path("errors").get(0).path("field").asString()).isEqualTo("filter");
    // 100 KB and 10,000 parentheses are longer than the request line Tomcat accepts: 414, problem+json
    List<String> huge = new ArrayList<>(List.of("type = '" + "x".repeat(100_000) + "'",
        "(".repeat(10_000) + "TRUE" + ")".repeat(10_000)));
    for (String f : huge) {
      Response r = as("kh-planner").get(items("incidents", f, ""));
      assertThat(r.status()).isBetween(400, 499);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
  }
}
