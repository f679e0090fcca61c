package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.borderzone.support.IntegrationTest;
import org.borderzone.system.JsonOut;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gi* and emerging hot spots from the rollup (V13) against the raw rows, on the demo data and on planted data of
 * their own (1993, dense clusters on the border so that cells are hot): the same cells, counts, z-scores (1e-9),
 * bins and classes; and the rollup's hexagon keys against ST_HexagonGrid itself (an independent oracle).
 */
class HotspotRollupIT extends IntegrationTest {

  private static boolean planted;

  @Autowired
  HotspotService service;

  @Autowired
  JsonMapper json;

  @BeforeEach
  void plant() {
    synchronized (HotspotRollupIT.class) {
      if (planted) {
        return;
      }
      PlantedIncidents.delete(jdbc, "test-rollup");
      PlantedIncidents.background(jdbc, "test-rollup-bg", "UXO", "1993-01-01", 364, 2000, 31);
      PlantedIncidents.cluster(jdbc, "test-rollup-c1", "UXO", "1993-01-01", 364, 0.4, 1500, 200, 32, "KH", "SHARED");
      PlantedIncidents.cluster(jdbc, "test-rollup-c2", "UXO", "1993-01-01", 364, 0.7, 1500, 200, 33, "LA", "NATIONAL");
      planted = true;
    }
  }

  @Test
  void giStarFromTheRollupEqualsTheRawRows() {
    String[][] windows = {{"2023-12-01", "2026-11-28"}, {"2025-01-01", "2025-12-31"}, {"1993-01-01", "1993-12-31"},
        {null, null}};
    for (String org : new String[] {"KH", "LA", "JBC"}) {
      for (String[] w : windows) {
        for (String type : new String[] {null, "UXO", "SMUGGLING,DRUG_TRAFFICKING"}) {
          for (double cellKm : new double[] {1, 2}) {
            HotspotFilter f = HotspotFilter.parse(w[0], w[1], type, org);
            assertThat(HotspotService.rollupColumn(cellKm, f.wholeDays(), HotspotService.Source.AUTO)).isNotNull();
            HotspotService.GiResult raw = service.giStar(f, cellKm, null, true, HotspotService.Source.RAW).orElseThrow();
            HotspotService.GiResult rolled = service.giStar(f, cellKm, null, true, HotspotService.Source.AUTO).orElseThrow();
            String what = org + " " + w[0] + " " + type + " " + cellKm;
            assertThat(rolled.counts()).as(what).containsExactly(raw.counts());
            assertThat(rolled.incidentsOutside()).as(what).isEqualTo(raw.incidentsOutside());
            assertThat(rolled.bins()).as(what).containsExactly(raw.bins());
            for (int k = 0; k < raw.z().length; k++) {
              assertThat(rolled.z()[k]).as(what).isCloseTo(raw.z()[k], within(1e-9));
            }
          }
        }
      }
    }
    HotspotService.GiResult planted = service.giStar(HotspotFilter.parse("1993-01-01", "1993-12-31", "UXO", "KH"), 2,
        null, true, HotspotService.Source.AUTO).orElseThrow();
    assertThat(java.util.Arrays.stream(planted.bins()).filter(b -> b == 3).count()).as("hot cells to compare")
        .isGreaterThan(0);
  }

  @Test
  void aWindowThatIsNotWholeDaysReadsTheRawRows() {
    HotspotFilter f = HotspotFilter.parse("1993-01-01T06:00:00Z", "1993-12-31", "UXO", "KH");
    assertThat(f.wholeDays()).isFalse();
    assertThat(HotspotService.rollupColumn(2, f.wholeDays(), HotspotService.Source.AUTO)).isNull();
    assertThat(HotspotService.rollupColumn(1.5, true, HotspotService.Source.AUTO)).isNull();
  }

  @Test
  void emergingFromTheRollupEqualsTheRawRows() {
    String[][] windows = {{"2023-12-01", "2026-11-28"}, {"1993-01-01", "1993-12-31"}, {null, null}};
    for (String org : new String[] {"KH", "JBC"}) {
      for (String[] w : windows) {
        for (HotspotService.Slice slice : HotspotService.Slice.values()) {
          HotspotFilter f = HotspotFilter.parse(w[0], w[1], w[0] == null ? "UXO" : null, org);
          if (slice == HotspotService.Slice.WEEK && w[0] == null) {
            continue; // 1990-2026 in weeks is over the slice limit
          }
          String raw = emerging(f, slice, HotspotService.Source.RAW);
          String rolled = emerging(f, slice, HotspotService.Source.AUTO);
          assertThat(rolled).as(org + " " + w[0] + " " + slice).isEqualTo(raw);
        }
      }
    }
  }

  private String emerging(HotspotFilter f, HotspotService.Slice slice, HotspotService.Source source) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (JsonOut out = JsonOut.to(buf, json)) {
      service.emerging(f, slice, 2, true, out, source);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rollupHexagonKeysAreTheHexagonsOfStHexagonGrid() {
    for (int a : new int[] {1000, 2000}) {
      String col = a == 1000 ? "hex1" : "hex2";
      long bad = jdbc.sql("""
          select count(*) from (
            select i.id, incident_hex_key(st_x(i.utm), st_y(i.utm), :a) as k, h.i, h.j
            from incident i cross join lateral ST_HexagonGrid(:a, i.utm) h
            where i.source like 'test-rollup%' and ST_Intersects(h.geom, i.utm)) x
          where k <> x.i::bigint * 4294967296 + x.j + 2147483648""").param("a", a).query(Long.class).single();
      assertThat(bad).as("points whose %s key is not their ST_HexagonGrid cell", col).isZero();
      long missing = jdbc.sql("""
          select count(*) from (select (occurred_at at time zone 'UTC')::date d, incident_hex_key(st_x(utm), st_y(utm), :a) k,
                                       count(*) n from incident where source like 'test-rollup%%' group by 1, 2) i
          where i.n > (select coalesce(sum(r.n), 0) from incident_rollup r where r.day = i.d and r.%s = i.k)"""
          .formatted(col)).param("a", a).query(Long.class).single();
      assertThat(missing).isZero();
    }
  }
}
