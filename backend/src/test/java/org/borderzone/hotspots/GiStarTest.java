package org.borderzone.hotspots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Gi* against a small example worked by hand. */
class GiStarTest {

  /**
   * Seven cells in a line, each the neighbour of the next (band = one spacing), itself included:
   *
   * <pre>
   *   cell    0   1   2   3   4   5   6
   *   count   1   2   3  10   3   2   1
   *
   *   n = 7, Σx = 22, x̄ = 22/7 = 3.142857142857143
   *   Σx² = 1 + 4 + 9 + 100 + 9 + 4 + 1 = 128
   *   S² = 128/7 − (22/7)² = (896 − 484)/49 = 412/49,  S = √412 / 7 = 2.8996833043120627
   *
   *   cell 3: neighbours {2, 3, 4}, W = S1 = 3, Σ w x = 3 + 10 + 3 = 16
   *     numerator   = 16 − 3 · 22/7 = 46/7
   *     denominator = S · √((7·3 − 3²)/(7 − 1)) = (√412/7) · √2
   *     z = 46 / √824 = 1.6024859328707206
   *   cell 1: neighbours {0, 1, 2}, Σ w x = 6 → z = (6 − 66/7) / ((√412/7)·√2) = −24/√824 = −0.8360796171499412
   *   cell 0: neighbours {0, 1}, W = 2, Σ w x = 3
   *     z = (3 − 44/7) / ((√412/7) · √((14 − 4)/6)) = −0.8777176935180031
   * </pre>
   */
  @Test
  void sevenCellsInALine() {
    double[] x = {1, 2, 3, 10, 3, 2, 1};
    int[][] nb = {{0, 1}, {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6}};
    GiStar.Stats st = GiStar.stats(x);
    assertThat(st.mean()).isCloseTo(22.0 / 7.0, within(1e-12));
    assertThat(st.s()).isCloseTo(2.8996833043120627, within(1e-12));
    double[] z = GiStar.z(x, nb);
    assertThat(z[3]).isCloseTo(1.6024859328707206, within(1e-9));
    assertThat(z[1]).isCloseTo(-0.8360796171499412, within(1e-9));
    assertThat(z[0]).isCloseTo(-0.8777176935180031, within(1e-9));
    // symmetric data, symmetric z
    assertThat(z[6]).isCloseTo(z[0], within(1e-12));
    assertThat(z[4]).isCloseTo(z[2], within(1e-12));
  }

  @Test
  void zIsInvariantUnderPositiveAffineChangesOfTheCounts() {
    double[] x = {0, 4, 1, 7, 2, 0, 3};
    int[][] nb = {{0, 1}, {0, 1, 2}, {1, 2, 3}, {2, 3, 4}, {3, 4, 5}, {4, 5, 6}, {5, 6}};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 3 * x[i] + 5;
    }
    double[] zx = GiStar.z(x, nb);
    double[] zy = GiStar.z(y, nb);
    for (int i = 0; i < x.length; i++) {
      assertThat(zy[i]).isCloseTo(zx[i], within(1e-9));
    }
  }

  @Test
  void noVariationMeansNothingStandsOut() {
    double[] z = GiStar.z(new double[] {2, 2, 2}, new int[][] {{0, 1}, {0, 1, 2}, {1, 2}});
    assertThat(z).containsExactly(0, 0, 0);
  }

  @Test
  void hexLatticeNeighboursAtTheDefaultBandAreTheSixTouchingCellsAndItself() {
    HexLattice lat = new HexLattice(2000);
    int m = 9;
    double[] xs = new double[m * m];
    double[] ys = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        xs[i * m + j] = lat.centreX(i);
        ys[i * m + j] = lat.centreY(i, j);
      }
    }
    double band = Neighbours.maxNearestNeighbour(xs, ys, lat.spacing());
    assertThat(band).isCloseTo(lat.spacing(), within(1e-6));
    int[][] nb = Neighbours.within(xs, ys, band * (1 + 1e-9));
    assertThat(nb[4 * m + 4]).hasSize(7).contains(4 * m + 4);
    assertThat(nb[0]).hasSize(3); // a corner cell (even column): itself, (1,0) and (0,1)
  }
}
