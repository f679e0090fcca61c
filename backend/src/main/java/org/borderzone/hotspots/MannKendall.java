package org.borderzone.hotspots;

import java.util.Arrays;

/**
 * The Mann–Kendall monotonic trend test on a series x_1 … x_n (in time order):
 *
 * <pre>
 *   S = Σ_{k &lt; l} sign(x_l − x_k)
 *   Var(S) = [ n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5) ] / 18      (t_g: size of each group of tied values)
 *   Z = (S − 1)/sqrt(Var S) if S &gt; 0,  0 if S = 0,  (S + 1)/sqrt(Var S) if S &lt; 0   (continuity correction)
 *   p = two-sided normal p-value of Z;  tau = S / (n(n−1)/2)
 * </pre>
 *
 * Values closer than 1e-9 count as ties (empty cells produce exactly repeated z-scores).
 */
final class MannKendall {

  private static final double TIE_EPS = 1e-9;

  private MannKendall() {}

  record Result(int n, long s, double varS, double z, double p, double tau) {

    /** +1 significantly increasing, −1 significantly decreasing, 0 no significant trend at {@code alpha}. */
    int trend(double alpha) {
      return p < alpha ? (s > 0 ? 1 : -1) : 0;
    }
  }

  static Result test(double[] x) {
    int n = x.length;
    long s = 0;
    for (int k = 0; k < n - 1; k++) {
      for (int l = k + 1; l < n; l++) {
        double d = x[l] - x[k];
        if (d > TIE_EPS) {
          s++;
        } else if (d < -TIE_EPS) {
          s--;
        }
      }
    }
    double var = n * (n - 1.0) * (2.0 * n + 5.0);
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    int i = 0;
    while (i < n) {
      int j = i + 1;
      while (j < n && sorted[j] - sorted[i] <= TIE_EPS) {
        j++;
      }
      double t = j - i;
      if (t > 1) {
        var -= t * (t - 1) * (2 * t + 5);
      }
      i = j;
    }
    var /= 18.0;
    double z = 0;
    if (var > 0) {
      if (s > 0) {
        z = (s - 1) / Math.sqrt(var);
      } else if (s < 0) {
        z = (s + 1) / Math.sqrt(var);
      }
    }
    double p = var > 0 ? Normal.twoSidedP(z) : 1.0;
    double tau = n < 2 ? 0 : s / (n * (n - 1) / 2.0);
    return new Result(n, s, var, z, p, tau);
  }
}
