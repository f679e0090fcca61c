package org.borderzone.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.Organisation;
import org.borderzone.system.Role;
import org.junit.jupiter.api.Test;

/** The parts of the tiles that need no database: cache bound, ETag matching, coordinates, keys, filters. */
class TileUnitTest {

  static final Actor KH = new Actor("kh-x", Organisation.of("KH"), Role.VIEWER);
  static final Actor LA = new Actor("la-x", Organisation.of("LA"), Role.VIEWER);

  @Test
  void theCacheStaysWithinItsByteBoundAndDropsTheLeastRecentlyUsed() {
    long max = 10 * (1000 + TileCache.OVERHEAD + 2 * 2);
    TileCache c = new TileCache(max);
    for (int k = 0; k < 10; k++) {
      c.put("k" + k, new byte[1000]);
    }
    assertThat(c.stats().entries()).isEqualTo(10);
    assertThat(c.get("k0")).isNotNull(); // k0 is now the most recently used
    c.put("kA", new byte[1000]);
    assertThat(c.stats().bytes()).isLessThanOrEqualTo(max);
    assertThat(c.get("k1")).as("the least recently used went").isNull();
    assertThat(c.get("k0")).isNotNull();
    assertThat(c.stats().hits()).isEqualTo(2);
    assertThat(c.stats().misses()).isEqualTo(1);
    c.put("huge", new byte[(int) max]);
    assertThat(c.get("huge")).as("a tile over a quarter of the cache is not kept").isNull();
    assertThat(c.stats().bytes()).isLessThanOrEqualTo(max);
  }

  @Test
  void ifNoneMatchAcceptsListsWeakFormsAndStar() {
    String e = "\"segments-3-abc\"";
    assertThat(TileController.matches(e, e)).isTrue();
    assertThat(TileController.matches("\"x\", W/" + e, e)).isTrue();
    assertThat(TileController.matches("*", e)).isTrue();
    assertThat(TileController.matches("\"segments-3-abd\"", e)).isFalse();
    assertThat(TileController.matches(null, e)).isFalse();
    assertThat(TileController.matches(e, "W/" + e)).as("weak comparison").isTrue();
    assertThat(TileController.matches("W/" + e, "W/" + e)).isTrue();
    assertThat(TileController.matches("W/\"segments-3-abd\"", "W/" + e)).isFalse();
  }

  @Test
  void coordinatesOutsideTheirRangeAre400NamingThem() {
    assertThat(TileController.coordinate("7", "x", 7)).isEqualTo(7);
    for (String bad : new String[] {"8", "-1", "1.5", "", "0x1", "9223372036854775808"}) {
      assertThatThrownBy(() -> TileController.coordinate(bad, "x", 7)).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.errors().get(0).field()).isEqualTo("x"));
    }
  }

  @Test
  void theKeyAndEtagDependOnVersionVisibilityFiltersAndTileButNotOnTheUser() {
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    TileFilter f = TileFilter.parse(TileLayer.INCIDENTS, Map.of("type", "uxo"), KH, clock);
    TileFilter g = TileFilter.parse(TileLayer.INCIDENTS, Map.of("type", "UXO", "v", "9", "other", "x"), KH, clock);
    assertThat(f.key()).isEqualTo(g.key());
    var a = new TileService.TileKey(TileLayer.INCIDENTS, 5, TileService.visibility(TileLayer.INCIDENTS, KH), f, 9, 1, 2);
    var sameOrgOtherUser = new TileService.TileKey(TileLayer.INCIDENTS, 5,
        TileService.visibility(TileLayer.INCIDENTS, new Actor("kh-y", Organisation.of("KH"), Role.PLANNER)), g, 9, 1, 2);
    var la = new TileService.TileKey(TileLayer.INCIDENTS, 5, TileService.visibility(TileLayer.INCIDENTS, LA), f, 9, 1, 2);
    var v6 = new TileService.TileKey(TileLayer.INCIDENTS, 6, a.visibility(), f, 9, 1, 2);
    var other = new TileService.TileKey(TileLayer.INCIDENTS, 5, a.visibility(), f, 9, 1, 3);
    assertThat(sameOrgOtherUser.etag()).isEqualTo(a.etag());
    assertThat(la.etag()).isNotEqualTo(a.etag());
    assertThat(v6.etag()).isNotEqualTo(a.etag()).startsWith("W/\"incidents-6-");
    assertThat(other.etag()).isNotEqualTo(a.etag());
    // segments do not depend on the reader: KH and LA share
    assertThat(TileService.visibility(TileLayer.SEGMENTS, KH)).isEqualTo(TileService.visibility(TileLayer.SEGMENTS, LA));
  }

  @Test
  void aDefaultHotSegmentWindowIsPinnedToTheDayAndMarkedTimeDependent() {
    Clock clock = Clock.fixed(Instant.parse("2026-06-01T10:00:00Z"), ZoneOffset.UTC);
    TileFilter f = TileFilter.parse(TileLayer.HOT_SEGMENTS, Map.of(), KH, clock);
    assertThat(f.timeDependent()).isTrue();
    assertThat(f.to().toString()).isEqualTo("2026-06-02T00:00Z");
    assertThat(f.from().toString()).isEqualTo("2025-06-02T00:00Z");
    assertThat(f.query()).isEqualTo("from=2025-06-02T00%3A00Z&to=2026-06-02T00%3A00Z");
    TileFilter fixed = TileFilter.parse(TileLayer.HOT_SEGMENTS, Map.of("from", "2026-01-01", "to", "2026-02-01"), KH, clock);
    assertThat(fixed.timeDependent()).isFalse();
    assertThat(fixed.months()).isCloseTo(31 / 30.4375, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void tileEnvelopesFollowTheXyzScheme() {
    double[] e = TileMath.envelope(1, 1, 0, 0);
    assertThat(e).containsExactly(0, 0, TileMath.HALF, TileMath.HALF);
    double[] m = TileMath.envelope(0, 0, 0, 0.5);
    assertThat(m[0]).isEqualTo(-2 * TileMath.HALF);
  }
}
