package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuarticKernelTest {

  /** K(0) = 3/(π h²); K(h) = 0; K(h/2) = 3/(π h²) · (3/4)² = 27/(16 π h²). */
  @Test
  void values() {
    double h = 2000;
    assertThat(QuarticKernel.k(0, h)).isCloseTo(3 / (Math.PI * h * h), within(1e-18));
    assertThat(QuarticKernel.k(h * h, h)).isZero();
    assertThat(QuarticKernel.k(h * h / 4, h)).isCloseTo(27 / (16 * Math.PI * h * h), within(1e-18));
  }

  /** Each point adds one unit of mass: Σ density × cell area = number of points (here 3 points). */
  @Test
  void integratesToOnePerPoint() {
    double s = 100;
    double[] px = {5_000, 5_030, 7_777};
    double[] py = {5_000, 4_321, 6_543};
    double[] d = QuarticKernel.grid(px, py, 1_500, 0, 0, s, 150, 150);
    double sum = 0;
    for (double v : d) {
      sum += v * s * s;
    }
    assertThat(sum).isCloseTo(3.0, within(3e-3));
  }
}
