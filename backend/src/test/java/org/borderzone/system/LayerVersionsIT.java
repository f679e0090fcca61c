package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Layer versions (V11): a committed write bumps exactly its layer once; a rolled-back write bumps nothing. */
class LayerVersionsIT extends IntegrationTest {

  @Autowired
  LayerVersions versions;

  @Autowired
  TransactionTemplate tx;

  @Test
  void everyLayerHasAVersion() {
    assertThat(versions.all()).containsKeys("segments", "pillars", "incidents", "inspections", "disputed-areas",
        "patrol-bases", "network");
  }

  @Test
  void anIncidentPostedThroughTheApiBumpsTheIncidentsLayerOnlyAndOnce() {
    Map<String, Long> before = versions.all();
    Response r = as("kh-planner").post("/api/incidents", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
        + "\"coordinates\":[106.2,14.3]},\"properties\":{\"type\":\"SMUGGLING\",\"severity\":2,"
        + "\"occurredAt\":\"2026-03-01T10:00:00Z\",\"source\":\"layer-version-it\",\"releasability\":\"SHARED\"}}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    Map<String, Long> after = versions.all();
    assertThat(after.get("incidents")).isEqualTo(before.get("incidents") + 1);
    after.forEach((layer, v) -> {
      if (!layer.equals("incidents")) {
        assertThat(v).as(layer).isEqualTo(before.get(layer));
      }
    });
  }

  @Test
  void aMultiRowStatementBumpsOnceAndARollbackBumpsNothing() {
    long before = versions.of("incidents");
    tx.executeWithoutResult(s -> jdbc.sql("update incident set status = status where id in "
        + "(select id from incident order by id limit 50)").update());
    assertThat(versions.of("incidents")).isEqualTo(before + 1);
    tx.executeWithoutResult(s -> {
      jdbc.sql("update incident set status = status where id in (select id from incident order by id limit 5)")
          .update();
      s.setRollbackOnly();
    });
    assertThat(versions.of("incidents")).isEqualTo(before + 1);
  }
}
