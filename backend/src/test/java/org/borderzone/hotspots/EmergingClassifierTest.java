package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.borderzone.hotspots.EmergingClassifier.Category;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Emerging hot spot categories on constructed bin series (oldest first, 10 slices) and trends. */
class EmergingClassifierTest {

  @ParameterizedTest(name = "{0} trend {1} -> {2}")
  @CsvSource({
      "0 0 0 0 0 0 0 0 0 3,    0, NEW_HOT_SPOT",
      "0 0 0 0 0 0 0 2 3 3,    1, CONSECUTIVE_HOT_SPOT",
      "1 1 2 2 2 3 3 3 3 3,    1, INTENSIFYING_HOT_SPOT",
      "0 1 2 2 2 3 3 3 3 3,    1, INTENSIFYING_HOT_SPOT",
      "3 3 3 3 3 3 3 3 3 3,    0, PERSISTENT_HOT_SPOT",
      "3 3 3 3 3 2 2 1 1 1,   -1, DIMINISHING_HOT_SPOT",
      "0 2 0 0 3 0 1 0 0 2,    0, SPORADIC_HOT_SPOT",
      "0 2 0 0 3 0 1 0 2 0,    0, SPORADIC_HOT_SPOT",
      "0 -2 0 0 3 0 1 0 0 2,   0, OSCILLATING_HOT_SPOT",
      "3 3 3 3 3 3 3 3 3 0,   -1, HISTORICAL_HOT_SPOT",
      "0 0 0 0 0 0 0 0 0 0,    0, NO_PATTERN",
      "0 2 0 -1 0 0 0 0 0 0,   0, NO_PATTERN",
      "0 0 0 0 0 0 0 0 0 -3,   0, NEW_COLD_SPOT",
      "-3 -3 -3 -3 -3 -3 -3 -3 -3 -3, -1, INTENSIFYING_COLD_SPOT",
      "-3 -3 -3 -3 -3 -3 -3 -3 -3 -3,  0, PERSISTENT_COLD_SPOT",
      "-3 -3 -3 -3 -3 -3 -3 -3 -3 -3,  1, DIMINISHING_COLD_SPOT"})
  void classify(String bins, int trend, Category expected) {
    int[] b = Arrays.stream(bins.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
    assertThat(EmergingClassifier.classify(b, trend)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"10, 9", "12, 11", "4, 4", "20, 18"})
  void ninetyPercentOfSlices(int t, int need) {
    assertThat(EmergingClassifier.ninety(t)).isEqualTo(need);
  }
}
