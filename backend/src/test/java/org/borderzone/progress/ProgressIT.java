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
}
