package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;
import org.borderzone.system.Role;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.Actor;
import org.borderzone.system.Organisation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The incident rollup (V13) against the raw rows: after every kind of write (API insert, bulk import, status
 * change, plain SQL update and delete) every rollup row equals a recount of the incidents, inside the writing
 * transaction; hot segments from the rollup equal hot segments from the raw rows; the grid's dominant type and
 * position equal what {@code mode()} and {@code avg()} give (an independent SQL oracle).
 */
class IncidentRollupIT extends IntegrationTest {

  /**
   * Rollup rows that differ from a recount of incident (both directions; zero rows when they agree). The
   * recount is written independently of the trigger: ST_Transform of geom (not the stored column), ST_HexagonGrid
   * for the hexagons would be too slow for 40,000 rows, so the hexagon keys are checked in HotspotRollupIT.
   */
  private static final String DIFF = """
      with raw as (
        select (occurred_at at time zone 'UTC')::date as day,
               floor(st_x(st_transform(geom, 32648)) / 1000)::int as cx, floor(st_y(st_transform(geom, 32648)) / 1000)::int as cy,
               type, status, owner_org, releasability, coalesce(nearest_segment_id, 0) as segment_id,
               case when distance_to_border_m is null then -1
                    when distance_to_border_m > 100000 then 101
                    else (select min(k) from generate_series(0, 100) k where distance_to_border_m <= k * 1000.0) end as dist_km,
               count(*) as n
        from incident group by 1, 2, 3, 4, 5, 6, 7, 8, 9),
      roll as (
        select day, cx, cy, type, status, owner_org, releasability, segment_id, dist_km, sum(n) as n, min(n) as least_n
        from incident_rollup group by 1, 2, 3, 4, 5, 6, 7, 8, 9)
      select count(*) from raw full join roll using (day, cx, cy, type, status, owner_org, releasability, segment_id, dist_km)
      where raw.n is distinct from roll.n or roll.least_n <= 0
      """;

  @Autowired
  HotSegments hot;

  @Autowired
  PlatformTransactionManager txm;

  private long differences() {
    return jdbc.sql(DIFF).query(Long.class).single();
  }

  private long rollupTotal() {
    return jdbc.sql("select coalesce(sum(n), 0) from incident_rollup").query(Long.class).single();
  }

  private long incidents() {
    return jdbc.sql("select count(*) from incident").query(Long.class).single();
  }

  @Test
  void everyWriteKeepsTheRollupEqualToTheRows() {
    assertThat(differences()).as("rollup after the seed").isZero();
    String source = "rollup-" + UUID.randomUUID();

    // API insert
    Response created = post("/api/incidents", IncidentApiIT.feature(105.951, 13.93,
        "\"type\":\"UXO\",\"severity\":2,\"occurredAt\":\"2021-06-01T10:00:00Z\",\"source\":\"" + source
            + "\",\"releasability\":\"NATIONAL\""));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asString();
    assertThat(differences()).as("after an API insert").isZero();

    // status change through the API (the readers filter DISMISSED)
    Response verified = post("/api/incidents/" + id + "/status", "{\"status\":\"VERIFIED\",\"version\":0}");
    assertThat(verified.status()).as(verified.body()).isEqualTo(200);
    assertThat(jdbc.sql("select sum(n) from incident_rollup where day = '2021-06-01' and type = 'UXO' and status = 'VERIFIED'")
        .query(Long.class).single()).isEqualTo(1L);
    assertThat(differences()).as("after a status change").isZero();

    // bulk import (the job path: validation, COPY, insert) of 300 rows
    StringBuilder csv = new StringBuilder("lon,lat,occurredAt,type,severity,description,source\n");
    for (int i = 0; i < 300; i++) {
      csv.append(String.format(Locale.ROOT, "%.5f,%.5f,2021-%02d-%02dT%02d:00:00Z,%s,%d,row %d,%s%n",
          105.3 + (i % 50) * 0.02, 14.0 + (i % 7) * 0.01, 1 + i % 12, 1 + i % 28, i % 24,
          IncidentType.values()[i % 11], 1 + i % 5, i, source));
    }
    Response imported = post("/api/incidents/import", "text/csv", csv.toString());
    assertThat(imported.status()).as(imported.body()).isIn(201, 202);
    awaitCount(source, 301);
    assertThat(differences()).as("after a bulk import").isZero();

    // SQL: a move (the location trigger recomputes the segment), a type change, then a delete
    owner().sql("update incident set geom = st_setsrid(st_makepoint(106.5, 14.5), 4326) where source = :s and description = 'row 1'")
        .param("s", source).update();
    owner().sql("update incident set type = 'OTHER', occurred_at = occurred_at + interval '3 days' where source = :s and description like 'row 2%'")
        .param("s", source).update();
    assertThat(differences()).as("after SQL updates").isZero();
    long before = rollupTotal();
    owner().sql("delete from incident where source = :s").param("s", source).update();
    assertThat(rollupTotal()).isEqualTo(before - 301);
    assertThat(rollupTotal()).isEqualTo(incidents());
    assertThat(differences()).as("after a delete").isZero();
  }

  private void awaitCount(String source, long n) {
    long deadline = System.currentTimeMillis() + 60_000;
    while (jdbc.sql("select count(*) from incident where source = :s").param("s", source).query(Long.class).single() < n) {
      assertThat(System.currentTimeMillis()).as("import of " + n).isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void theRollupChangesInTheWritingTransactionAndRollsBackWithIt() {
    long before = rollupTotal();
    TransactionTemplate tx = new TransactionTemplate(txm);
    tx.executeWithoutResult(status -> {
      jdbc.sql("""
          insert into incident (occurred_at, geom, type, severity, owner_org, releasability, created_by, source)
          select timestamptz '2019-03-03 12:00Z', st_setsrid(st_makepoint(105.9 + k * 0.001, 13.95), 4326), 'OTHER', 1,
                 'KH', 'SHARED', 'test', 'rollup-tx' from generate_series(1, 50) k""").update();
      assertThat(rollupTotal()).as("inside the transaction").isEqualTo(before + 50);
      status.setRollbackOnly();
    });
    assertThat(rollupTotal()).as("after the rollback").isEqualTo(before);
  }

  @Test
  void hotSegmentsFromTheRollupEqualTheRawRows() {
    Actor[] viewers = {
        new Actor("t", new Organisation("KH"), Role.ADMIN),
        new Actor("t", new Organisation("LA"), Role.ADMIN),
        new Actor("t", new Organisation("JBC"), Role.ADMIN)};
    String[][] windows = {{"2025-01-01", "2026-01-01"}, {"2024-06-01", "2026-12-01"}, {"1990-01-01", "1991-01-01"}};
    for (Actor who : viewers) {
      for (String[] w : windows) {
        for (double km : new double[] {10, 3, 100}) {
          for (String types : new String[] {null, "SMUGGLING,UXO"}) {
            OffsetDateTime f = OffsetDateTime.parse(w[0] + "T00:00:00Z");
            OffsetDateTime t = OffsetDateTime.parse(w[1] + "T00:00:00Z");
            String raw = hot.hot(f, t, types, 561, km, who, false);
            String rolled = hot.hot(f, t, types, 561, km, who, true);
            assertThat(rolled).as("%s %s %s km %s", who.orgCode(), w[0], km, types).isEqualTo(raw);
          }
        }
      }
    }
    assertThat(JSON.readTree(hot.hot(OffsetDateTime.parse("2025-01-01T00:00:00Z"),
        OffsetDateTime.parse("2026-01-01T00:00:00Z"), null, 561, 10, viewers[0], true)).get("numberReturned").asInt())
        .as("the demo data give segments to compare").isGreaterThan(10);
  }

  @Test
  void gridDominantTypeAndPositionEqualModeAndAvg() {
    String oracle = """
        select count(*) from (
          select floor(st_x(geom) / :c) cx, floor(st_y(geom) / :c) cy, count(*) n, avg(st_x(geom)) x, avg(st_y(geom)) y,
                 max(severity) ms, mode() within group (order by type) dom
          from incident i where (i.releasability = 'SHARED' or i.owner_org = 'LA' or i.id in (select r.incident_id from incident_release r where r.to_org = 'LA' and r.withdrawn_at is null)) group by 1, 2) o
        full join (
          select floor(x / :c) cx, floor(y / :c) cy, n, x, y, max_sev ms, dom from (%s) g) g using (cx, cy)
        where o.n is distinct from g.n or o.dom is distinct from g.dom or o.ms is distinct from g.ms
           or abs(o.x - g.x) > 1e-9 or abs(o.y - g.y) > 1e-9
        """;
    String grid = IncidentSql.GRID.replace(":minLon", "null").replace(":minLat", "null").replace(":maxLon", "null")
        .replace(":maxLat", "null").replace(":from", "null").replace(":to", "null").replace(":types", "null")
        .replace(":statuses", "null").replace(":severities", "null").replace(":minSeverity", "null")
        .replace(":source", "null").replace(":viewerOrg", "'LA'").replace("order by n desc", "");
    for (double c : new double[] {0.3515625, 0.0439453125, 0.01}) {
      long bad = jdbc.sql(oracle.formatted(grid).replace(":cell", ":c")).param("c", c).query(Long.class).single();
      assertThat(bad).as("cells differing from mode()/avg() at %s deg", c).isZero();
    }
  }
}
