package org.borderzone.hotspots;

/**
 * Getis-Ord Gi* with binary weights (w_ij = 1 when cell j is within the distance band of cell i, the cell
 * itself included, else 0), as in ArcGIS Hot Spot Analysis:
 *
 * <pre>
 *   x̄ = Σ_j x_j / n                 S = sqrt( Σ_j x_j² / n − x̄² )
 *   W_i = Σ_j w_ij  (= k_i, the neighbour count including i)   S1_i = Σ_j w_ij² (= k_i for binary weights)
 *
 *   Gi* = ( Σ_j w_ij x_j − x̄ W_i ) / ( S · sqrt( (n S1_i − W_i²) / (n − 1) ) )
 * </pre>
 *
 * The result is a z-score. x̄ and S run over all n cells, including the empty ones. When S = 0 (no incidents,
 * or the same count everywhere) or a cell's neighbourhood is the whole study area, z is 0 (nothing stands out).
 */
final class GiStar {

  private GiStar() {}

  /** Global figures of one run. */
  record Stats(int n, double mean, double s, double total) {}

  static Stats stats(double[] x) {
    int n = x.length;
    double sum = 0;
    double sumSq = 0;
    for (double v : x) {
      sum += v;
      sumSq += v * v;
    }
    double mean = n == 0 ? 0 : sum / n;
    double var = n == 0 ? 0 : sumSq / n - mean * mean;
    return new Stats(n, mean, Math.sqrt(Math.max(0, var)), sum);
  }

  /**
   * z-scores for counts {@code x} and neighbour lists {@code neighbours} (neighbours[i] lists the cells j with
   * w_ij = 1 and must include i itself).
   */
  static double[] z(double[] x, int[][] neighbours) {
    return z(x, neighbours, stats(x));
  }

  static double[] z(double[] x, int[][] neighbours, Stats st) {
    int n = x.length;
    double[] z = new double[n];
    if (n < 2 || st.s() <= 0) {
      return z;
    }
    for (int i = 0; i < n; i++) {
      int[] nb = neighbours[i];
      double local = 0;
      for (int j : nb) {
        local += x[j];
      }
      double w = nb.length;
      double radicand = (n * w - w * w) / (n - 1);
      z[i] = radicand <= 0 ? 0 : (local - st.mean() * w) / (st.s() * Math.sqrt(radicand));
    }
    return z;
  }
}
