package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** The demo profile seeded the synthetic incidents once: concentrated at the crossings, in the border zone. */
class DemoIncidentsIT extends IntegrationTest {

  @Test
  void twentyThousandSyntheticIncidentsConcentratedAtTheCrossings() {
    long n = jdbc.sql("select count(*) from incident where source = :s").param("s", DemoIncidents.SOURCE)
        .query(Long.class).single();
    assertThat(n).isEqualTo(DemoIncidents.COUNT);
    // Within 3 km of the Trapeang Kriel checkpoint / Mekong crossing: far more than a uniform spread would put there.
    long nearCrossings = jdbc.sql("""
        select count(*) from incident where source = :s
        and st_dwithin(geom::geography, st_setsrid(st_makepoint(105.965, 13.925), 4326)::geography, 3000)
        """).param("s", DemoIncidents.SOURCE).query(Long.class).single();
    assertThat(nearCrossings).isGreaterThan(n / 10);
    Double maxDistance = jdbc.sql("select max(distance_to_border_m) from incident where source = :s and description like '%in the border zone'")
        .param("s", DemoIncidents.SOURCE).query(Double.class).single();
    assertThat(maxDistance).isLessThanOrEqualTo(10_500.0);
    Double shared = jdbc.sql("select avg((releasability = 'SHARED')::int) from incident where source = :s")
        .param("s", DemoIncidents.SOURCE).query(Double.class).single();
    assertThat(shared).isBetween(0.67, 0.73);
    assertThat(jdbc.sql("select count(distinct owner_org) from incident where source = :s")
        .param("s", DemoIncidents.SOURCE).query(Long.class).single()).isEqualTo(2L);
  }
}
