package org.borderzone.export;

import java.math.BigDecimal;

/** Numbers as plain decimal text (no exponent), rounded; for CSV cells and KML coordinates. */
final class Coordinates {

  private Coordinates() {}

  static String plain(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "";
    }
    double scale = Math.pow(10, decimals);
    double r = Math.round(v * scale) / scale;
    if (r == Math.rint(r) && Math.abs(r) < 1e15) {
      return Long.toString((long) r);
    }
    return BigDecimal.valueOf(r).stripTrailingZeros().toPlainString();
  }
}
