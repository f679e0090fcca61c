package org.borderzone.hotspots;

/**
 * Emerging hot spot categories after ArcGIS Emerging Hot Spot Analysis, from one cell's series of Gi* bins
 * (one per time slice, oldest first; a slice is "hot" when its bin is ≥ +1, i.e. significant at 90 % or more,
 * and "cold" when ≤ −1) and the Mann–Kendall trend of its z-scores (significant at {@link #TREND_ALPHA}).
 * With T slices, "90 % of slices" means at least ceil(0.9 T). Rules, checked in this order for the side
 * (hot or cold) of the final slice; cold categories mirror the hot ones:
 *
 * <ul>
 *   <li>final slice hot and ≥ 90 % of slices hot: INTENSIFYING_HOT_SPOT if the trend is significantly upward,
 *       DIMINISHING_HOT_SPOT if significantly downward, else PERSISTENT_HOT_SPOT;
 *   <li>final slice hot, only the final slice hot: NEW_HOT_SPOT;
 *   <li>final slice hot, the hot slices are one uninterrupted run (≥ 2) ending at the final slice:
 *       CONSECUTIVE_HOT_SPOT;
 *   <li>final slice hot, some earlier slice cold: OSCILLATING_HOT_SPOT;
 *   <li>final slice hot otherwise (on and off, never cold): SPORADIC_HOT_SPOT;
 *   <li>final slice not significant: HISTORICAL_HOT_SPOT if ≥ 90 % of slices were hot; SPORADIC_HOT_SPOT if
 *       some slices were hot and none cold (ArcGIS Pro's current definition does not require the final
 *       slice); the cold mirrors likewise;
 *   <li>anything else: NO_PATTERN.
 * </ul>
 */
final class EmergingClassifier {

  /** Significance of the Mann–Kendall trend used by the intensifying / diminishing categories. */
  static final double TREND_ALPHA = 0.05;

  enum Category {
    NEW_HOT_SPOT, CONSECUTIVE_HOT_SPOT, INTENSIFYING_HOT_SPOT, PERSISTENT_HOT_SPOT, DIMINISHING_HOT_SPOT,
    SPORADIC_HOT_SPOT, OSCILLATING_HOT_SPOT, HISTORICAL_HOT_SPOT,
    NEW_COLD_SPOT, CONSECUTIVE_COLD_SPOT, INTENSIFYING_COLD_SPOT, PERSISTENT_COLD_SPOT, DIMINISHING_COLD_SPOT,
    SPORADIC_COLD_SPOT, OSCILLATING_COLD_SPOT, HISTORICAL_COLD_SPOT,
    NO_PATTERN
  }

  private EmergingClassifier() {}

  /**
   * @param bins the Gi* bin per slice, oldest first
   * @param trend the Mann–Kendall trend of the z-scores: +1 significant increase, −1 decrease, 0 none
   */
  static Category classify(int[] bins, int trend) {
    int t = bins.length;
    if (t == 0) {
      return Category.NO_PATTERN;
    }
    int last = bins[t - 1];
    if (last > 0) {
      return side(bins, trend, true);
    }
    if (last < 0) {
      return side(negate(bins), -trend, false);
    }
    int hot = count(bins, 1);
    int cold = count(bins, -1);
    int need = ninety(t);
    if (hot >= need) {
      return Category.HISTORICAL_HOT_SPOT;
    }
    if (cold >= need) {
      return Category.HISTORICAL_COLD_SPOT;
    }
    if (hot > 0 && cold == 0) {
      return Category.SPORADIC_HOT_SPOT;
    }
    if (cold > 0 && hot == 0) {
      return Category.SPORADIC_COLD_SPOT;
    }
    return Category.NO_PATTERN;
  }

  /** Slices needed for "90 % of the time-step intervals". */
  static int ninety(int t) {
    return (int) Math.ceil(0.9 * t - 1e-9);
  }

  /** Categories when the final slice is on this side; {@code bins} and {@code trend} already oriented. */
  private static Category side(int[] bins, int trend, boolean hotSide) {
    int t = bins.length;
    int on = count(bins, 1);
    int opposite = count(bins, -1);
    if (on >= ninety(t)) {
      return pick(hotSide, trend > 0 ? Category.INTENSIFYING_HOT_SPOT : trend < 0 ? Category.DIMINISHING_HOT_SPOT
          : Category.PERSISTENT_HOT_SPOT);
    }
    if (on == 1) {
      return pick(hotSide, Category.NEW_HOT_SPOT);
    }
    int run = 0;
    for (int k = t - 1; k >= 0 && bins[k] > 0; k--) {
      run++;
    }
    if (run == on) {
      return pick(hotSide, Category.CONSECUTIVE_HOT_SPOT);
    }
    if (opposite > 0) {
      return pick(hotSide, Category.OSCILLATING_HOT_SPOT);
    }
    return pick(hotSide, Category.SPORADIC_HOT_SPOT);
  }

  private static Category pick(boolean hotSide, Category hot) {
    return hotSide ? hot : Category.valueOf(hot.name().replace("HOT_SPOT", "COLD_SPOT"));
  }

  private static int count(int[] bins, int sign) {
    int c = 0;
    for (int b : bins) {
      if (b * sign > 0) {
        c++;
      }
    }
    return c;
  }

  private static int[] negate(int[] bins) {
    int[] out = new int[bins.length];
    for (int i = 0; i < bins.length; i++) {
      out[i] = -bins[i];
    }
    return out;
  }
}
