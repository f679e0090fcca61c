package org.borderzone.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Progress figures add up to the border's length and agree with the segments and the history. */
class ProgressIT extends IntegrationTest {

  @Test
  void statusTotalsSumToTheTotalLength() {
    JsonNode p = get("/api/progress").json();
    double total = p.path("totalKm").asDouble();
    double lineKm = jdbc.sql("select sum(length_m) / 1000 from border_segment").query(Double.class).single();
    assertThat(total).isCloseTo(lineKm, within(0.01));
    double sum = 0;
    int segments = 0;
    double percent = 0;
    for (JsonNode s : p.path("byStatus")) {
      sum += s.path("km").asDouble();
      segments += s.path("segments").asInt();
      percent += s.path("percent").asDouble();
    }
    assertThat(sum).isCloseTo(total, within(0.05));
    assertThat(segments).isEqualTo(p.path("segments").asInt()).isEqualTo(561);
    assertThat(percent).isCloseTo(100.0, within(0.3));
    double sectorSum = 0;
    for (JsonNode s : p.path("sectors")) {
      sectorSum += s.path("totalKm").asDouble();
      double perStatus = 0;
      for (JsonNode km : s.path("km")) {
        perStatus += km.asDouble();
      }
      assertThat(perStatus).isCloseTo(s.path("totalKm").asDouble(), within(0.05));
    }
    assertThat(sectorSum).isCloseTo(total, within(0.05));
  }

  @Test
  void percentDemarcatedIsDemarcatedPlusRatifiedOverTotal() {
    JsonNode p = get("/api/progress").json();
    double demarcatedKm = jdbc.sql("""
        select coalesce(sum(length_m), 0) / 1000 from border_segment where status in ('DEMARCATED', 'RATIFIED')
        """).query(Double.class).single();
    double totalKm = jdbc.sql("select sum(length_m) / 1000 from border_segment").query(Double.class).single();
    assertThat(p.path("demarcatedKm").asDouble()).isCloseTo(demarcatedKm, within(0.01));
    assertThat(p.path("percentDemarcated").asDouble()).isCloseTo(100 * demarcatedKm / totalKm, within(0.06));
  }

  @Test
  void pillarCountsAddUp() {
    JsonNode pillars = get("/api/progress").json().path("pillars");
    long rows = jdbc.sql("select count(*) from pillar").query(Long.class).single();
    long sum = 0;
    for (JsonNode n : pillars.path("byStatus")) {
      sum += n.asLong();
    }
    assertThat(pillars.path("total").asLong()).isEqualTo(rows).isEqualTo(sum);
  }

  @Test
  void timelineEndsWithTodaysPictureAndEveryMonthSumsToTheLength() {
    JsonNode months = get("/api/progress/timeline").json().path("months");
    assertThat(months.size()).isGreaterThanOrEqualTo(36);
    assertThat(months.get(0).path("month").asString()).isEqualTo("2023-01");
    double totalKm = jdbc.sql("select sum(length_m) / 1000 from border_segment").query(Double.class).single();
    for (JsonNode m : months) {
      double sum = 0;
      for (JsonNode km : m.path("km")) {
        sum += km.asDouble();
      }
      assertThat(sum).as(m.path("month").asString()).isCloseTo(totalKm, within(0.05));
    }
    // The treaty of 13 February 2023 ratified everything demarcated before it.
    assertThat(months.get(0).path("km").path("RATIFIED").asDouble()).isZero();
    assertThat(months.get(1).path("km").path("DEMARCATED").asDouble()).isZero();
    assertThat(months.get(1).path("km").path("RATIFIED").asDouble()).isGreaterThan(400);
    // The last month is the current state (tests may have changed statuses since: compare with the table).
    JsonNode last = months.get(months.size() - 1);
    JsonNode now = get("/api/progress").json();
    assertThat(last.path("percentDemarcated").asDouble()).isCloseTo(now.path("percentDemarcated").asDouble(), within(0.11));
  }

  @Test
  void perSectorTimelineAgreesWithAReplayOfTheHistoryAndWithTodaysSectors() {
    JsonNode t = get("/api/progress/timeline?by=sector").json();
    JsonNode sectors = t.path("sectors");
    assertThat(sectors.size()).isEqualTo(jdbc.sql("select count(*) from sector").query(Integer.class).single());
    assertThat(t.path("target").path("percent").asDouble()).isEqualTo(100.0);
    JsonNode months = t.path("months");
    assertThat(months.size()).isGreaterThanOrEqualTo(36);
    for (JsonNode m : months) {
      JsonNode per = m.path("sectors");
      assertThat(per.size()).isEqualTo(sectors.size());
      for (String status : new String[] {"PENDING", "SURVEYED", "DEMARCATED", "RATIFIED", "DISPUTED"}) {
        double sum = 0;
        for (JsonNode sc : per) {
          sum += sc.path("km").path(status).asDouble();
        }
        assertThat(sum).as(m.path("month").asString() + " " + status)
            .isCloseTo(m.path("km").path(status).asDouble(), within(0.05));
      }
    }
    // an independent replay (DISTINCT ON, written here) of demarcated km per sector at two month ends
    for (int k : new int[] {0, 13, months.size() - 1}) {
      JsonNode m = months.get(k);
      java.time.OffsetDateTime end = java.time.YearMonth.parse(m.path("month").asString()).plusMonths(1).atDay(1)
          .atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      for (int i = 0; i < sectors.size(); i++) {
        int id = sectors.get(i).path("id").asInt();
        double[] km = jdbc.sql("""
            with last as (
              select distinct on (c.segment_id) c.segment_id, c.to_status
              from segment_status_change c where c.at < :end
              order by c.segment_id, c.at desc, c.id desc)
            select coalesce(sum(s.length_m) filter (where l.to_status in ('DEMARCATED', 'RATIFIED')), 0) / 1000,
                   coalesce(sum(s.length_m), 0) / 1000
            from border_segment s join last l on l.segment_id = s.id where s.sector_id = :id""")
            .param("end", end).param("id", id)
            .query((rs, n) -> new double[] {rs.getDouble(1), rs.getDouble(2)}).single();
        JsonNode sc = m.path("sectors").get(i);
        assertThat(sc.path("id").asInt()).isEqualTo(id);
        assertThat(sc.path("demarcatedKm").asDouble()).as(m.path("month") + " sector " + id)
            .isCloseTo(km[0], within(0.01));
        assertThat(sc.path("percentDemarcated").asDouble()).isCloseTo(km[1] > 0 ? 100 * km[0] / km[1] : 0, within(0.06));
      }
    }
    // the last month is today's state of each sector (GET /api/progress reads the segments' status column)
    JsonNode now = get("/api/progress").json().path("sectors");
    JsonNode last = months.get(months.size() - 1).path("sectors");
    for (int i = 0; i < now.size(); i++) {
      assertThat(last.get(i).path("id").asInt()).isEqualTo(now.get(i).path("id").asInt());
      assertThat(last.get(i).path("percentDemarcated").asDouble())
          .isCloseTo(now.get(i).path("percentDemarcated").asDouble(), within(0.11));
    }
    // without by=sector the answer is the border-wide timeline only
    JsonNode plain = get("/api/progress/timeline").json();
    assertThat(plain.has("sectors")).isFalse();
    assertThat(plain.path("months").get(0).has("sectors")).isFalse();
  }

  @Test
  void timelineWindowIsClippedAndBounded() {
    JsonNode t = get("/api/progress/timeline?from=2024-01&to=2024-06&by=sector").json();
    assertThat(t.path("months").size()).isEqualTo(6);
    assertThat(t.path("months").get(0).path("month").asString()).isEqualTo("2024-01");
    assertThat(t.path("months").get(5).path("month").asString()).isEqualTo("2024-06");
    // before the first recorded change there is nothing to show: the answer starts with the history
    JsonNode early = get("/api/progress/timeline?from=2020-01&to=2023-03").json();
    assertThat(early.path("months").get(0).path("month").asString()).isEqualTo("2023-01");
    assertThat(early.path("months").size()).isEqualTo(3);
    for (String[] bad : new String[][] {{"from=2000-01&to=2026-12", "422", "from"}, {"from=2024-00", "400", "from"},
        {"to=2024-06-31", "400", "to"}, {"by=year", "400", "by"}, {"from=2024-06&to=2024-05", "400", "from"}}) {
      Response r = get("/api/progress/timeline?" + bad[0]);
      assertThat(r.status()).as(bad[0] + " " + r.body()).isEqualTo(Integer.parseInt(bad[1]));
      assertThat(r.json().path("field").asString()).isEqualTo(bad[2]);
    }
  }
}
