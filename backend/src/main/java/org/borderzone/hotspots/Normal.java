package org.borderzone.hotspots;

/**
 * The standard normal distribution: two-sided p-values of z-scores. {@code erfc} is computed to about 1e-15
 * relative accuracy: by the positive-term series of erf for |x| &lt; 2 (no cancellation) and by the Laplace
 * continued fraction of erfc beyond (Lentz's method), so tiny p-values keep their relative precision.
 */
final class Normal {

  private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

  private Normal() {}

  /** Two-sided p-value of a z-score: P(|Z| &ge; |z|) = erfc(|z| / sqrt 2). NaN for NaN. */
  static double twoSidedP(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    return Math.min(1.0, erfc(Math.abs(z) / Math.sqrt(2.0)));
  }

  /** Upper tail P(Z &ge; z). */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /** The complementary error function. */
  static double erfc(double x) {
    if (x < 0) {
      return 2.0 - erfc(-x);
    }
    if (x < 2.0) {
      return 1.0 - erf(x);
    }
    if (x > 27.3) {
      return 0.0;
    }
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), Lentz's algorithm.
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0.0;
    for (int n = 1; n < 500; n++) {
      double a = n / 2.0;
      d = x + a * d;
      d = d == 0 ? tiny : d;
      c = x + a / c;
      c = c == 0 ? tiny : c;
      d = 1.0 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  /** erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)): all terms positive. */
  static double erf(double x) {
    if (x < 0) {
      return -erf(-x);
    }
    double term = x;
    double sum = x;
    double x2 = 2.0 * x * x;
    for (int n = 1; n < 500; n++) {
      term *= x2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
  }
}
