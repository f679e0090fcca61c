package org.borderzone.ogcapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.borderzone.system.ApiException;
import org.junit.jupiter.api.Test;

/** The parameter rules of /ogc items, without a server: limit, bbox, datetime, cursor. */
class OgcParamsTest {

  @Test
  void limitIsClampedBetweenTheMaximumAndAnAbsurdValue() {
    assertThat(OgcParams.limit(null)).isEqualTo(10);
    assertThat(OgcParams.limit("1")).isEqualTo(1);
    assertThat(OgcParams.limit("10000")).isEqualTo(10_000);
    assertThat(OgcParams.limit("10001")).isEqualTo(10_000);
    assertThat(OgcParams.limit("1000000")).isEqualTo(10_000);
    assertThatThrownBy(() -> OgcParams.limit("1000001")).isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(422));
    for (String bad : new String[] {"0", "-1", "1.0", "1e3", "", " ", "abc", "0x10"}) {
      assertThatThrownBy(() -> OgcParams.limit(bad)).as(bad).isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).errors().get(0).field()).isEqualTo("limit"));
    }
  }

  @Test
  void bboxAxisOrderFollowsTheCrs() {
    OgcParams.Bbox b = OgcParams.bbox("14,105,15,106", Crs.EPSG_4326);
    assertThat(new double[] {b.minX(), b.minY(), b.maxX(), b.maxY()}).containsExactly(105, 14, 106, 15);
    OgcParams.Bbox c = OgcParams.bbox("105,14,-10,106,15,10", Crs.CRS84);
    assertThat(new double[] {c.minX(), c.minY(), c.maxX(), c.maxY()}).containsExactly(105, 14, 106, 15);
    for (String bad : new String[] {"1,2,3", "1,2,3,4,5", "2,1,1,2", "1,2,2,1", "NaN,1,2,2", "-181,0,0,1",
        "0,-91,1,1", "1,1,2,2,", ",1,2,2", "1,1,2,2e999"}) {
      assertThatThrownBy(() -> OgcParams.bbox(bad, Crs.CRS84)).as(bad).isInstanceOf(ApiException.class);
    }
    assertThatThrownBy(() -> OgcParams.bbox("105,14,106,15", Crs.EPSG_4326)).isInstanceOf(ApiException.class);
  }

  @Test
  void datetimeFormsAndOpenEnds() {
    OgcParams.Datetime i = OgcParams.datetime("2024-01-02T03:04:05Z");
    assertThat(i.start()).isEqualTo(i.end());
    OgcParams.Datetime open = OgcParams.datetime("../2024-01-01T00:00:00Z");
    assertThat(open.start()).isNull();
    assertThat(open.end()).isEqualTo(OffsetDateTime.parse("2024-01-01T00:00:00Z"));
    assertThat(OgcParams.datetime("0000-01-01T00:00:00Z/2024-01-01T00:00:00Z").start()).isNull();
    assertThat(OgcParams.datetime("2024-01-01T00:00:00Z/9999-12-31T00:00:00Z").end()).isNull();
    assertThat(OgcParams.datetime("2024-01-01T00:00:00Z/").end()).isNull();
    OgcParams.Datetime day = OgcParams.datetime("2024-02-29");
    assertThat(day.endExclusive()).isTrue();
    assertThat(day.end()).isEqualTo(OffsetDateTime.parse("2024-03-01T00:00:00Z"));
    for (String bad : new String[] {"x", "2024-01-01T00:00:00", "2024-02-30", "2/3/4", "2025-01-01/2024-01-01",
        "2024-01-01T25:00:00Z"}) {
      assertThatThrownBy(() -> OgcParams.datetime(bad)).as(bad).isInstanceOf(ApiException.class);
    }
  }

  @Test
  void cursorsRoundTripAndForeignOnesAreRefused() {
    Collections.Collection pillars = Collections.get("pillars");
    assertThat(OgcParams.cursor(OgcParams.cursorOf(42L), pillars)).isEqualTo(42L);
    assertThatThrownBy(() -> OgcParams.cursor("!!", pillars)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> OgcParams.cursor(OgcParams.cursorOf(42L), Collections.get("incidents")))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void registryIdsAreQgisSafe() {
    assertThat(Collections.ALL.keySet()).containsExactly("segments", "pillars", "inspections", "incidents",
        "disputed-areas", "patrol-bases", "network");
    Collections.ALL.values().forEach(c -> assertThat(c.id()).matches("[a-z0-9_-]+"));
    assertThatThrownBy(() -> Collections.get("../api")).isInstanceOf(ApiException.class);
  }
}
