package org.borderzone.hotspots;

import java.util.Locale;

/** Small helpers to write JSON numbers and strings into GeoJSON text assembled around PostGIS geometries. */
final class Json {

  private Json() {}

  /** A finite number rounded to {@code decimals} (trailing zeros dropped), or null. */
  static String num(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    double scale = Math.pow(10, decimals);
    double r = Math.round(v * scale) / scale;
    if (r == Math.rint(r) && Math.abs(r) < 1e15) {
      return Long.toString((long) r);
    }
    String s = String.format(Locale.ROOT, "%." + decimals + "f", r);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** A probability: full precision for small values (which FDR compares), JSON-safe. */
  static String p(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    return v >= 1e-4 ? num(v, 8) : String.format(Locale.ROOT, "%.6e", v);
  }

  static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
