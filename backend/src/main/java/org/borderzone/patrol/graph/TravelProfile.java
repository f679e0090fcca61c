package org.borderzone.patrol.graph;

import java.util.Locale;

/**
 * How a patrol moves: speeds per edge {@link Kind} in km/h (0 = not allowed) and the wait at a ferry.
 * The travel cost of an edge is {@code length_m * cost_factor / (speed_kmh / 3.6) + wait_s} seconds.
 * The same table drives the in-memory router and the SQL cost given to pgr_dijkstra ({@link #sqlCost}).
 *
 * <pre>
 *   profile  road  track  trail  ferry (+wait)
 *   foot       5     4      3     10 (+900 s)
 *   vehicle   40    20      -     10 (+1800 s)
 * </pre>
 */
public enum TravelProfile {
  FOOT(new double[] {5, 4, 3, 10}, 900),
  VEHICLE(new double[] {40, 20, 0, 10}, 1800);

  private final double[] speedKmh;
  private final double ferryWaitS;

  TravelProfile(double[] speedKmh, double ferryWaitS) {
    this.speedKmh = speedKmh;
    this.ferryWaitS = ferryWaitS;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TravelProfile parse(String text) {
    for (TravelProfile p : values()) {
      if (p.wire().equalsIgnoreCase(text)) {
        return p;
      }
    }
    return null;
  }

  public double speedKmh(Kind kind) {
    return speedKmh[kind.ordinal()];
  }

  public boolean allows(Kind kind) {
    return speedKmh[kind.ordinal()] > 0;
  }

  /** The fastest speed of this profile in metres per second (bounds the A* heuristic). */
  public double maxSpeedMps() {
    double max = 0;
    for (double s : speedKmh) {
      max = Math.max(max, s);
    }
    return max / 3.6;
  }

  /** Seconds to travel an edge of {@code kind}, or +infinity when the profile may not use it. */
  public double cost(Kind kind, double lengthM, double costFactor) {
    double s = speedKmh[kind.ordinal()];
    if (s <= 0) {
      return Double.POSITIVE_INFINITY;
    }
    return lengthM * costFactor / (s / 3.6) + (kind == Kind.FERRY ? ferryWaitS : 0);
  }

  /**
   * The same cost as SQL over columns {@code kind}, {@code length_m}, {@code cost_factor}; -1 (pgRouting's
   * "no edge") where the profile may not go.
   */
  public String sqlCost() {
    StringBuilder sb = new StringBuilder("case kind");
    for (Kind k : Kind.values()) {
      double s = speedKmh[k.ordinal()];
      sb.append(" when '").append(k.wire()).append("' then ");
      if (s <= 0) {
        sb.append("-1");
      } else {
        sb.append("length_m * cost_factor / (").append(s).append("::float8 / 3.6::float8)");
        if (k == Kind.FERRY) {
          sb.append(" + ").append(ferryWaitS).append("::float8");
        }
      }
    }
    return sb.append(" end").toString();
  }
}
