package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Mann–Kendall on series worked by hand. */
class MannKendallTest {

  /**
   * 1, 2, 3, 4, 5: all 10 pairs increase, S = 10; Var(S) = 5·4·15/18 = 16.6667; Z = (10 − 1)/√16.6667 =
   * 2.2045407685048604; p = 0.027486336111510353; tau = 1.
   */
  @Test
  void increasing() {
    MannKendall.Result r = MannKendall.test(new double[] {1, 2, 3, 4, 5});
    assertThat(r.s()).isEqualTo(10);
    assertThat(r.varS()).isCloseTo(300.0 / 18.0, within(1e-12));
    assertThat(r.z()).isCloseTo(2.2045407685048604, within(1e-9));
    assertThat(r.p()).isCloseTo(0.027486336111510353, within(1e-9));
    assertThat(r.tau()).isEqualTo(1.0);
    assertThat(r.trend(0.05)).isEqualTo(1);
  }

  @Test
  void decreasing() {
    MannKendall.Result r = MannKendall.test(new double[] {9, 7, 4, 3.5, 1});
    assertThat(r.s()).isEqualTo(-10);
    assertThat(r.z()).isCloseTo(-2.2045407685048604, within(1e-9));
    assertThat(r.p()).isCloseTo(0.027486336111510353, within(1e-9));
    assertThat(r.trend(0.05)).isEqualTo(-1);
  }

  /** All tied: S = 0 and Var(S) = (5·4·15 − 5·4·15)/18 = 0 → Z = 0, p = 1. */
  @Test
  void flat() {
    MannKendall.Result r = MannKendall.test(new double[] {3, 3, 3, 3, 3});
    assertThat(r.s()).isZero();
    assertThat(r.varS()).isZero();
    assertThat(r.z()).isZero();
    assertThat(r.p()).isEqualTo(1.0);
    assertThat(r.trend(0.05)).isZero();
  }

  /**
   * 1, 2, 2, 3: pairs (1,2)+ (1,2)+ (1,3)+ (2,2)0 (2,3)+ (2,3)+ → S = 5; one tie group of t = 2:
   * Var(S) = (4·3·13 − 2·1·9)/18 = 138/18 = 7.6667; Z = (5 − 1)/√7.6667 = 1.4446302370292303;
   * p = 0.1485617748918687 (not significant at 5 %).
   */
  @Test
  void tiesReduceTheVariance() {
    MannKendall.Result r = MannKendall.test(new double[] {1, 2, 2, 3});
    assertThat(r.s()).isEqualTo(5);
    assertThat(r.varS()).isCloseTo(138.0 / 18.0, within(1e-12));
    assertThat(r.z()).isCloseTo(1.4446302370292303, within(1e-9));
    assertThat(r.p()).isCloseTo(0.1485617748918687, within(1e-9));
    assertThat(r.trend(0.05)).isZero();
  }
}
