package org.borderzone.geo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The area of interest is the two countries grown by 20 km, not a rectangle: places in Cambodia and Laos (also
 * western Laos, which the old rectangle 102–108° E cut off) and just across the border are in; Yunnan,
 * northern and southern Vietnam, and Thailand beyond the margin are out. Distances from PostGIS
 * ({@code ST_Distance(geography)} to the {@code country} table) are noted; {@code AreaOfInterestIT} checks
 * the same rule against PostGIS on many generated points.
 */
class AreaOfInterestTest {

  private final AreaOfInterest aoi = AreaOfInterest.CAMBODIA_LAOS;

  @ParameterizedTest(name = "{0} ({1}, {2}): {3}")
  @CsvSource({
      "Phnom Penh KH,                      104.92, 11.56, true",
      "Siem Reap KH,                       103.86, 13.36, true",
      "Vientiane LA,                       102.60, 17.97, true",
      "Pakse LA,                           105.78, 15.12, true",
      "Huay Xai LA (west of 102° E),       100.42, 20.27, true",
      "Nong Khai TH (across the Mekong),   102.74, 17.87, true",
      "Yunnan CN (LA 21.4 km),             101.50, 21.80, false",
      "Hekou CN,                           103.93, 22.52, false",
      "Hanoi VN (LA 132 km),               105.85, 21.03, false",
      "Ho Chi Minh City VN (KH 56 km),     106.70, 10.80, false",
      "Ubon Ratchathani TH (LA 67 km),     104.85, 15.23, false",
      "Bangkok TH,                         100.50, 13.75, false",
      "Paris,                                2.35, 48.85, false"})
  void containsTheCountriesAndTheMarginOnly(String place, double lon, double lat, boolean inside) {
    assertThat(aoi.contains(lon, lat)).isEqualTo(inside);
  }

  @Test
  void theOldRectangleAcceptedPlacesOutside() {
    Extent rectangle = new Extent(102.0, 9.5, 108.0, 22.6);
    for (double[] p : new double[][] {{103.93, 22.52}, {105.85, 21.03}, {106.70, 10.80}, {104.85, 15.23}}) {
      assertThat(rectangle.contains(p[0], p[1])).isTrue();
      assertThat(aoi.contains(p[0], p[1])).isFalse();
    }
  }

  @Test
  void nonFinitePositionsAreOutside() {
    assertThat(aoi.contains(Double.NaN, 14)).isFalse();
    assertThat(aoi.contains(105, Double.POSITIVE_INFINITY)).isFalse();
  }

  @Test
  void theTestIsFastEnoughForBulkImports() {
    java.util.Random random = new java.util.Random(8);
    int n = 1_000_000;
    double[] lon = new double[n];
    double[] lat = new double[n];
    for (int i = 0; i < n; i++) {
      lon[i] = 100 + random.nextDouble() * 8;
      lat[i] = 9.5 + random.nextDouble() * 13;
    }
    for (int warm = 0; warm < 100_000; warm++) {
      aoi.contains(lon[warm], lat[warm]);
    }
    int inside = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      inside += aoi.contains(lon[i], lat[i]) ? 1 : 0;
    }
    double nsPerPoint = (System.nanoTime() - t0) / (double) n;
    System.out.printf("area of interest: %d of %d points inside, %.0f ns per point%n", inside, n, nsPerPoint);
    assertThat(inside).isBetween(n / 4, n * 3 / 4);
    // generous for a shared machine: 100,000 rows still in a few seconds at this bound
    assertThat(nsPerPoint).isLessThan(30_000);
  }
}
