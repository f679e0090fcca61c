package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FdrTest {

  /**
   * The 15 p-values of Benjamini &amp; Hochberg (1995), section 4 (the myocardial infarction study). At q = 0.05
   * the k·q/n line is 0.00333, 0.00667, 0.01, 0.01333, 0.01667, …; the largest k with p_(k) ≤ k·q/n is k = 4
   * (0.0095 ≤ 0.01333), so the first four hypotheses are rejected and the threshold is 0.0095.
   */
  static final double[] BH_1995 = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459,
      0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0000};

  @Test
  void benjaminiHochbergTextbookExample() {
    assertThat(Fdr.threshold(BH_1995, 0.05)).isEqualTo(0.0095);
    double[] shuffled = {0.4262, 0.0019, 1.0, 0.0298, 0.0001, 0.0459, 0.0095, 0.7590, 0.0201, 0.0344, 0.3240,
        0.0004, 0.6528, 0.0278, 0.5719};
    assertThat(Fdr.threshold(shuffled, 0.05)).isEqualTo(0.0095);
    // Bonferroni would reject only p ≤ 0.05/15 = 0.00333: three hypotheses. BH rejects four.
    long rejected = java.util.Arrays.stream(BH_1995).filter(p -> p <= 0.0095).count();
    assertThat(rejected).isEqualTo(4);
  }

  @Test
  void adjustedPValuesAreTheStepUpMinima() {
    double[] q = Fdr.adjusted(BH_1995);
    assertThat(q[0]).isCloseTo(0.0001 * 15, within(1e-12)); // 0.0015
    assertThat(q[1]).isCloseTo(0.0004 * 15 / 2, within(1e-12)); // 0.003
    assertThat(q[2]).isCloseTo(0.0019 * 15 / 3, within(1e-12)); // 0.0095
    assertThat(q[3]).isCloseTo(0.0095 * 15 / 4, within(1e-12)); // 0.035625
    assertThat(q[4]).isCloseTo(0.0201 * 15 / 5, within(1e-12)); // 0.0603 (< later n·p/k)
    assertThat(q[5]).isCloseTo(0.0298 * 15 / 7, within(1e-12)); // min(0.0695, 0.063857…) = 0.063857…
    assertThat(q[14]).isEqualTo(1.0);
    // q ≤ 0.05 exactly for the four rejected hypotheses
    assertThat(java.util.Arrays.stream(q).filter(v -> v <= 0.05).count()).isEqualTo(4);
  }

  @Test
  void nothingSignificantGivesAZeroThreshold() {
    assertThat(Fdr.threshold(new double[] {0.5, 0.9, 0.2}, 0.05)).isZero();
  }

  /** Bins as in ArcGIS: sign of z times the highest level passed (no FDR: p below 0.10, 0.05, 0.01). */
  @ParameterizedTest
  @CsvSource({
      "3.0, 0.0027, 3", "-3.0, 0.0027, -3", "2.0, 0.0455, 2", "-1.7, 0.0891, -1", "1.5, 0.1336, 0",
      "2.5758, 0.0100, 2", "0.0, 1.0, 0"})
  void binsWithoutFdr(double z, double p, int bin) {
    assertThat(Fdr.bin(z, p, Fdr.thresholds(new double[] {p}, false), false)).isEqualTo(bin);
  }

  @Test
  void binsWithFdrUseTheThresholdOfEachLevel() {
    double[] t = {0.02, 0.004, 0.0};
    assertThat(Fdr.bin(2.5, 0.012, t, true)).isEqualTo(1);
    assertThat(Fdr.bin(3.0, 0.004, t, true)).isEqualTo(2);
    assertThat(Fdr.bin(4.0, 0.0001, t, true)).isEqualTo(2); // nothing passes at 99 %
    assertThat(Fdr.bin(-2.1, 0.03, t, true)).isEqualTo(0);
  }
}
