package org.borderzone.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code make data-large}: loads {@link LargeData} into the database of {@code SPRING_DATASOURCE_URL} (the
 * Makefile's {@code LARGE_DB_NAME}, default {@code borderzone_large}) through the real import paths, over HTTP:
 * each chunk as CSV to {@code POST /api/incidents/import?async=true} by a planner of the chunk's country (the
 * job API: spool, validation, location, COPY, audit; polled until DONE), the network as GeoJSON to
 * {@code POST /api/network/import} by the joint body's administrator. Idempotent: a chunk whose rows (tagged
 * with the generator version and chunk number in {@code source}) are already there is skipped — each chunk is
 * one all-or-nothing import, so a chunk is either whole or absent — and so is a network of this version.
 * Prints progress. Not a test of {@code make test}: the profile {@code data-large} runs only this class.
 */
class LargeDataLoad extends IntegrationTest {

  @Test
  void load() throws Exception {
    long t0 = System.nanoTime();
    LargeData.Line line = LargeData.border(jdbc);
    Map<String, Long> have = jdbc.sql("select source, count(*) as n from incident where source like :p group by source")
        .param("p", LargeData.VERSION + "-c%").query((rs, n) -> Map.entry(rs.getString("source"), rs.getLong("n")))
        .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    long loaded = 0;
    double importSeconds = 0;
    long imported = 0;
    for (int c = 0; c < LargeData.CHUNKS; c++) {
      int rows = LargeData.rowsIn(c);
      String source = LargeData.source(c);
      long present = have.getOrDefault(source, 0L);
      if (present == rows) {
        loaded += rows;
        continue;
      }
      assertThat(present).as("chunk " + source + " is partly there: imports are all-or-nothing").isZero();
      String csv = LargeData.csv(line, c);
      String planner = LargeData.orgOf(c).equals("KH") ? "kh-planner" : "la-planner";
      long s0 = System.nanoTime();
      Response r = as(planner).post("/api/incidents/import?async=true", "text/csv", csv);
      assertThat(r.status()).as(r.body()).isEqualTo(202);
      String job = r.json().get("id").asString();
      JsonNode j;
      do {
        Thread.sleep(100);
        j = as(planner).get("/api/incidents/import/jobs/" + job).json();
      } while (!j.get("state").asString().equals("DONE") && !j.get("state").asString().equals("FAILED"));
      assertThat(j.get("state").asString()).as(j.toString()).isEqualTo("DONE");
      assertThat(j.get("importedCount").asInt()).isEqualTo(rows);
      double s = (System.nanoTime() - s0) / 1e9;
      importSeconds += s;
      imported += rows;
      loaded += rows;
      System.out.printf(Locale.ROOT, "[data-large] incidents chunk %d/%d (%s, %s): %,d rows in %.1f s (%,.0f rows/s);"
          + " %,d of %,d%n", c + 1, LargeData.CHUNKS, source, LargeData.orgOf(c), rows, s, rows / s, loaded,
          LargeData.ROWS);
    }
    if (imported > 0) {
      System.out.printf(Locale.ROOT, "[data-large] imported %,d incidents in %.1f s of import jobs (%,.0f rows/s)%n",
          imported, importSeconds, imported / importSeconds);
      owner().sql("vacuum analyze incident").update();
    } else {
      System.out.printf(Locale.ROOT, "[data-large] incidents: all %,d of %s already there, skipped%n", loaded,
          LargeData.VERSION);
    }

    long[] net = jdbc.sql("select count(*) filter (where name = :v) as mine, count(*) as total from network_edge")
        .param("v", LargeData.VERSION).query((rs, n) -> new long[] {rs.getLong("mine"), rs.getLong("total")}).single();
    if (net[0] >= LargeData.EDGES && net[0] == net[1]) {
      System.out.printf(Locale.ROOT, "[data-large] network: %,d edges of %s already there, skipped%n", net[0],
          LargeData.VERSION);
    } else {
      long n0 = System.nanoTime();
      String body = LargeData.network(line);
      System.out.printf(Locale.ROOT, "[data-large] network: %,d edges generated (%.1f MB) in %.1f s; importing%n",
          LargeData.EDGES, body.length() / 1e6, (System.nanoTime() - n0) / 1e9);
      long i0 = System.nanoTime();
      // synchronous and long (parse, noding, sides, one transaction): a longer timeout than the tests' 60 s
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          basic(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url("/api/network/import"))), "admin",
              DEMO_PASSWORD).header("Content-Type", "application/geo+json").timeout(java.time.Duration.ofMinutes(30))
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
      System.out.printf(Locale.ROOT, "[data-large] network imported in %.1f s: %s%n", (System.nanoTime() - i0) / 1e9,
          r.body().substring(0, Math.min(300, r.body().length())));
      owner().sql("vacuum analyze network_edge").update();
    }
    long total = jdbc.sql("select count(*) from incident").query(Long.class).single();
    System.out.printf(Locale.ROOT, "[data-large] done in %.1f s: %,d incidents in the database (%,d of %s)%n",
        (System.nanoTime() - t0) / 1e9, total, loaded, LargeData.VERSION);
    assertThat(loaded).isEqualTo(LargeData.ROWS);
  }
}
