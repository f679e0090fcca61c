package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /api/incidents/import: CSV and GeoJSON, all-or-nothing, per-row report, background jobs. */
class IncidentImportIT extends IntegrationTest {

  private long countBySource(String source) {
    return jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single();
  }

  private static String row(int i, String source) {
    double lon = 105.3 + (i % 200) * 0.01;
    double lat = 14.0 + (i % 37) * 0.005;
    return String.format(Locale.ROOT, "%.5f,%.5f,2025-%02d-%02dT%02d:00:00Z,%s,%d,Row %d,%s", lon, lat,
        1 + i % 12, 1 + i % 28, i % 24, IncidentType.values()[i % 11], 1 + i % 5, i, source);
  }

  @Test
  void csvWithLenientHeadersQuotesAndExtraColumnsIsImportedWithComputedLocations() {
    String source = "imp-csv-" + UUID.randomUUID();
    String csv = "\uFEFFLongitude, LAT ,Occurred_At,Incident Type,SEVERITY,Description,Source,Releasability,remarks\r\n"
        + "105.95,13.93,2025-12-01T10:00:00Z,smuggling,2,\"boat, at night \"\"fast\"\"\"," + source + ",shared,x\r\n"
        + "106.5,14.5,2025-12-02,DRUG_TRAFFICKING,4,\"two\nlines\"," + source + ",,y\r\n"
        + "\r\n"
        + "107.2,14.45,2025-12-03 08:30:00,UXO,5,," + source + ",NATIONAL,\r\n";
    Response r = post("/api/incidents/import", "text/csv", csv);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    JsonNode body = r.json();
    assertThat(body.get("imported").asInt()).isEqualTo(3);
    assertThat(body.get("ids").size()).isEqualTo(3);
    assertThat(body.get("ignoredColumns").findValuesAsString("")).isEmpty();
    assertThat(body.get("ignoredColumns").get(0).asString()).isEqualTo("remarks");
    assertThat(r.raw().headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/api/incidents/import/jobs/"));
    assertThat(countBySource(source)).isEqualTo(3);
    var rows = jdbc.sql("""
        select description, releasability, owner_org, status, nearest_segment_id is not null and side is not null
               and distance_to_border_m >= 0
        from incident where source = :s order by id
        """).param("s", source).query((rs, n) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
            + rs.getString(4) + "|" + rs.getBoolean(5)).list();
    assertThat(rows).containsExactly(
        "boat, at night \"fast\"|SHARED|JBC|REPORTED|true",
        "two\nlines|NATIONAL|JBC|REPORTED|true",
        "null|NATIONAL|JBC|REPORTED|true");
    // One audit event for the whole import.
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'IMPORT' and entity_id = :j")
        .param("j", body.get("jobId").asString()).query(Long.class).single()).isEqualTo(1L);
  }

  @Test
  void csvWithWktColumnAndXyHeaders() {
    String source = "imp-wkt-" + UUID.randomUUID();
    Response r = post("/api/incidents/import", "text/csv; charset=utf-8",
        "WKT,time,type,severity,source\n\"POINT (106.2 14.4)\",2025-06-01T00:00:00+07:00,OTHER,1," + source + "\n");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    Response xy = post("/api/incidents/import", "text/csv",
        "x,y,date,type,severity,source\n106.3,14.45,2025-06-01,OTHER,1," + source + "\n");
    assertThat(xy.status()).as(xy.body()).isEqualTo(201);
    assertThat(countBySource(source)).isEqualTo(2);
  }

  /** 100 rows with exactly 3 bad ones (lines 12, 50 and 101): 422 naming exactly those lines; nothing stored. */
  @Test
  void threeBadRowsAmongAHundredAreAllReportedAndNothingIsStored() {
    String source = "imp-bad-" + UUID.randomUUID();
    StringBuilder csv = new StringBuilder("lon,lat,occurredAt,type,severity,description,source\n");
    for (int i = 1; i <= 100; i++) {
      String line = row(i, source);
      if (i == 11) { // file line 12: NaN longitude
        line = "NaN" + line.substring(line.indexOf(','));
      } else if (i == 49) { // line 50: severity 0
        line = line.replaceFirst(",[1-5],Row", ",0,Row");
      } else if (i == 100) { // line 101: unknown type and a future time
        line = line.replaceFirst(",[A-Z_]+,", ",PIRACY,").replaceFirst("2025-", "2099-");
      }
      csv.append(line).append('\n');
    }
    Response r = post("/api/incidents/import", "text/csv", csv.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    List<Integer> lines = new ArrayList<>();
    p.get("errors").forEach(e -> lines.add(e.get("line").asInt()));
    assertThat(lines).containsOnly(12, 50, 101);
    assertThat(lines.stream().distinct().toList()).containsExactly(12, 50, 101);
    assertThat(p.get("invalidRows").asInt()).isEqualTo(3);
    assertThat(p.get("rows").asInt()).isEqualTo(100);
    assertThat(p.get("errors").findValuesAsString("field")).contains("lon", "severity", "type", "occurredAt");
    assertThat(p.get("errorsOmitted").asInt()).isZero();
    assertThat(countBySource(source)).isZero();
  }

  @Test
  void missingColumnsAreReportedOnTheHeaderLine() {
    Response r = post("/api/incidents/import", "text/csv", "lon,lat,severity\n106,14,3\n");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").findValuesAsString("field")).contains("type", "occurredAt");
    assertThat(r.json().get("errors").get(0).get("line").asInt()).isEqualTo(1);
    Response noPoint = post("/api/incidents/import", "text/csv", "time,type,severity\n2025-01-01,OTHER,3\n");
    assertThat(noPoint.status()).isEqualTo(422);
    assertThat(noPoint.json().get("field").asString()).isEqualTo("lon,lat");
    assertThat(post("/api/incidents/import", "text/plain", "x").status()).isEqualTo(415);
  }

  @Test
  void geoJsonFeatureCollectionIsImportedAndBadFeaturesAreNamedByIndex() {
    String source = "imp-geojson-" + UUID.randomUUID();
    String ok = "{\"type\":\"FeatureCollection\",\"name\":\"patrol log\",\"features\":["
        + IncidentApiIT.feature(106.0, 14.0, IncidentApiIT.props(source)) + ","
        + IncidentApiIT.feature(106.1, 14.1, IncidentApiIT.props(source)) + "],\"bbox\":[106,14,106.1,14.1]}";
    Response r = post("/api/incidents/import", "application/geo+json", ok);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("imported").asInt()).isEqualTo(2);
    assertThat(countBySource(source)).isEqualTo(2);

    String bad = "{\"features\":["
        + IncidentApiIT.feature(106.0, 14.0, IncidentApiIT.props(source)) + ","
        + IncidentApiIT.feature(106.0, 95.0, IncidentApiIT.props(source)) + ","
        + IncidentApiIT.feature(106.0, 14.0, IncidentApiIT.props(source).replace("\"severity\":3", "\"severity\":7"))
        + "],\"type\":\"FeatureCollection\"}";
    Response refused = post("/api/incidents/import", "application/json", bad);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().get("errors").findValuesAsString("field"))
        .containsExactly("features[1].geometry.coordinates[1]", "features[2].properties.severity");
    assertThat(refused.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
    assertThat(countBySource(source)).isEqualTo(2);

    assertThat(post("/api/incidents/import", "application/geo+json", "{\"type\":\"Feature\"}").status()).isEqualTo(400);
    assertThat(post("/api/incidents/import", "application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[{").status())
        .isEqualTo(400);
    assertThat(countBySource(source)).isEqualTo(2);
  }

  /** More than 5,000 rows become a job: 202 with its location; the job reaches DONE with its counts. */
  @Test
  void largeImportRunsAsAJobWithProgressUntilDone() throws Exception {
    String source = "imp-job-" + UUID.randomUUID();
    StringBuilder csv = new StringBuilder("lon,lat,occurredAt,type,severity,description,source\n");
    int n = 6000;
    for (int i = 1; i <= n; i++) {
      csv.append(row(i, source)).append('\n');
    }
    Response r = post("/api/incidents/import", "text/csv", csv.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    String location = r.raw().headers().firstValue("Location").orElseThrow();
    String path = location.substring(location.indexOf("/api/"));
    assertThat(r.json().get("state").asString()).isIn("QUEUED", "VALIDATING", "LOADING", "DONE");
    JsonNode job = poll(path, Duration.ofSeconds(120));
    assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
    assertThat(job.get("rowsTotal").asInt()).isEqualTo(n);
    assertThat(job.get("rowsDone").asInt()).isEqualTo(n);
    assertThat(job.get("importedCount").asInt()).isEqualTo(n);
    assertThat(job.get("percent").asInt()).isEqualTo(100);
    assertThat(job.get("startedAt").isNull()).isFalse();
    assertThat(job.get("finishedAt").isNull()).isFalse();
    assertThat(countBySource(source)).isEqualTo(n);
    assertThat(jdbc.sql("select count(*) from incident where source = :s and nearest_segment_id is null")
        .param("s", source).query(Long.class).single()).isZero();
  }

  /** {@code async=true} makes even a small import a job; bad rows make it FAILED with the report, nothing stored. */
  @Test
  void asyncJobWithBadRowsFailsWithTheReport() throws Exception {
    String source = "imp-async-" + UUID.randomUUID();
    String csv = "lon,lat,time,type,severity,source\n106,14,2025-01-01,OTHER,3," + source + "\n"
        + "106,14,2025-01-01,OTHER,9," + source + "\n";
    Response r = post("/api/incidents/import?async=true", "text/csv", csv);
    assertThat(r.status()).isEqualTo(202);
    String path = r.raw().headers().firstValue("Location").orElseThrow();
    JsonNode job = poll(path.substring(path.indexOf("/api/")), Duration.ofSeconds(60));
    assertThat(job.get("state").asString()).isEqualTo("FAILED");
    assertThat(job.get("errorCount").asInt()).isEqualTo(1);
    assertThat(job.get("errors").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(job.get("errors").get(0).get("field").asString()).isEqualTo("severity");
    assertThat(countBySource(source)).isZero();
    assertThat(get("/api/incidents/import/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);
    assertThat(get("/api/incidents/import/jobs/not-a-uuid").status()).isEqualTo(404);
  }

  /**
   * The case from issue 8: an unterminated quote in row 1 of 4 used to swallow the other rows into one
   * description and answer 201 imported: 1. Strict RFC 4180 refuses the whole file naming line and column.
   */
  @Test
  void csvThatIsNotStrictRfc4180IsRefusedAsAWholeNamingLineAndColumn() {
    String source = "imp-strict-" + UUID.randomUUID();
    String header = "lon,lat,occurredAt,type,severity,description,source\n";
    String unclosed = header + "105.95,13.93,2025-12-01T10:00:00Z,SMUGGLING,2,\"boat at night," + source + "\n"
        + row(2, source) + "\n" + row(3, source) + "\n" + row(4, source) + "\n";
    Response r = post("/api/incidents/import", "text/csv", unclosed);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode e = r.json().get("errors").get(0);
    assertThat(e.get("line").asInt()).isEqualTo(2);
    assertThat(e.get("field").asString()).isEqualTo("description");
    assertThat(e.get("message").asString()).contains("column 6");
    // A record with a field too many, one with a bare quote in an unquoted field: both named, nothing stored.
    String ragged = header + row(1, source) + "\n" + row(2, source) + ",extra\n"
        + row(3, source).replace("Row 3", "Row \"3") + "\n" + row(4, source) + "\n";
    Response rr = post("/api/incidents/import", "text/csv", ragged);
    assertThat(rr.status()).as(rr.body()).isEqualTo(422);
    assertThat(rr.json().get("errors").findValuesAsString("line")).containsExactly("3", "4");
    assertThat(rr.json().get("errors").findValuesAsString("field")).containsExactly("column 8", "description");
    // Text after the closing quote of a field.
    Response after = post("/api/incidents/import", "text/csv",
        header + row(1, source).replace("Row 1", "\"Row\" 1") + "\n");
    assertThat(after.status()).as(after.body()).isEqualTo(422);
    assertThat(after.json().get("errors").get(0).get("line").asInt()).isEqualTo(2);
    // WKT with text after the geometry.
    Response wkt = post("/api/incidents/import", "text/csv",
        "wkt,time,type,severity,source\n\"POINT (106.2 14.4) junk\",2025-06-01,OTHER,1," + source + "\n");
    assertThat(wkt.status()).as(wkt.body()).isEqualTo(422);
    assertThat(wkt.json().get("errors").get(0).get("field").asString()).isEqualTo("wkt");
    assertThat(countBySource(source)).isZero();
  }

  /** GeoJSON imports are one document: a second one or garbage after it, or a duplicate key, is refused. */
  @Test
  void geoJsonWithTrailingDataOrDuplicateKeysIsRefused() {
    String source = "imp-trailing-" + UUID.randomUUID();
    String fc = "{\"type\":\"FeatureCollection\",\"features\":["
        + IncidentApiIT.feature(106.0, 14.0, IncidentApiIT.props(source)) + "]}";
    for (String body : List.of(fc + " " + fc, fc + "\n,", fc + " x",
        fc.replace("\"type\":\"FeatureCollection\"", "\"type\":\"FeatureCollection\",\"type\":\"x\""),
        fc.replace("\"severity\":3", "\"severity\":3,\"severity\":4"))) {
      Response r = post("/api/incidents/import", "application/geo+json", body);
      assertThat(r.status()).as(body + " → " + r.body()).isBetween(400, 422);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(countBySource(source)).isZero();
    assertThat(post("/api/incidents/import", "application/geo+json", fc).status()).isEqualTo(201);
  }

  private JsonNode poll(String path, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    JsonNode job;
    int lastPercent = -1;
    do {
      Response r = get(path);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      job = r.json();
      int percent = job.get("percent").asInt();
      assertThat(percent).as("progress never goes back").isGreaterThanOrEqualTo(lastPercent).isBetween(0, 100);
      lastPercent = percent;
      String state = job.get("state").asString();
      if (state.equals("DONE") || state.equals("FAILED")) {
        return job;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < end);
    return job;
  }
}
