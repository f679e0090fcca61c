package org.borderzone.hotspots;

import java.util.Arrays;

/**
 * Benjamini–Hochberg false discovery rate control and the ArcGIS confidence bins.
 *
 * <p>For a level α over n p-values sorted ascending p_(1) ≤ … ≤ p_(n), the BH threshold is the largest
 * p_(k) with p_(k) ≤ k·α/n (0 when there is none); every p at or below it is significant at that level.
 * ArcGIS Hot Spot Analysis applies this for each of its three confidence levels (90, 95, 99 %).
 */
final class Fdr {

  /** The significance levels of bins 1, 2 and 3 (90, 95 and 99 % confidence). */
  static final double[] ALPHAS = {0.10, 0.05, 0.01};

  private Fdr() {}

  /** The BH critical p-value at level {@code alpha}; 0 when nothing is significant. */
  static double threshold(double[] p, double alpha) {
    double[] sorted = sortedFinite(p);
    int n = sorted.length;
    double t = 0;
    for (int k = 1; k <= n; k++) {
      if (sorted[k - 1] <= k * alpha / n) {
        t = sorted[k - 1];
      }
    }
    return t;
  }

  /** BH-adjusted p-values (q-values): q_(k) = min_{m ≥ k} n·p_(m)/m, capped at 1; NaN stays NaN. */
  static double[] adjusted(double[] p) {
    int n = p.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
    int m = 0;
    for (double v : p) {
      if (!Double.isNaN(v)) {
        m++;
      }
    }
    double[] q = new double[n];
    Arrays.fill(q, Double.NaN);
    double running = 1.0;
    for (int k = m; k >= 1; k--) {
      int idx = order[k - 1];
      running = Math.min(running, p[idx] * m / k);
      q[idx] = Math.min(1.0, running);
    }
    return q;
  }

  /** Critical p-values for bins 1, 2, 3: with FDR the BH thresholds, without it the plain levels. */
  static double[] thresholds(double[] p, boolean fdr) {
    double[] t = new double[ALPHAS.length];
    for (int k = 0; k < ALPHAS.length; k++) {
      t[k] = fdr ? threshold(p, ALPHAS[k]) : ALPHAS[k];
    }
    return t;
  }

  /**
   * The bin −3…+3 of one cell: the sign of z times the highest level (1 = 90 %, 2 = 95 %, 3 = 99 %) whose
   * critical value p passes ({@code p < level} without FDR as in ArcGIS, {@code p ≤ BH threshold} with it).
   */
  static int bin(double z, double p, double[] thresholds, boolean fdr) {
    if (Double.isNaN(p) || z == 0) {
      return 0;
    }
    int level = 0;
    for (int k = 0; k < thresholds.length; k++) {
      boolean sig = fdr ? thresholds[k] > 0 && p <= thresholds[k] : p < thresholds[k];
      if (sig) {
        level = k + 1;
      }
    }
    return z > 0 ? level : -level;
  }

  private static double[] sortedFinite(double[] p) {
    return Arrays.stream(p).filter(v -> !Double.isNaN(v)).sorted().toArray();
  }
}
