package org.borderzone.patrol.graph;

/**
 * Which edges a request may use: those the {@code profile} can travel, whose side is in {@code sides}
 * (a mask of {@link Side} bits), at least {@code setbackM} metres from the border line, outside disputed areas
 * when {@code avoidDisputed}, and, when {@code crossOnlyAtCheckpoints}, border-crossing edges (side
 * {@link Side#BOTH}) only where they are checkpoint crossings: kind road or ferry.
 */
public record EdgeFilter(TravelProfile profile, byte sides, double setbackM, boolean avoidDisputed,
    boolean crossOnlyAtCheckpoints) {

  /** Every edge the profile can travel (no restriction at all: the oracle tests and benchmarks). */
  public static EdgeFilter joint(TravelProfile profile) {
    return new EdgeFilter(profile, Side.ALL, 0, false, false);
  }

  /**
   * A joint patrol: every side, but it crosses the border only at checkpoint crossings (road or ferry edges of
   * side BOTH), where the teams meet.
   */
  public static EdgeFilter jointPatrol(TravelProfile profile) {
    return new EdgeFilter(profile, Side.ALL, 0, false, true);
  }

  /** A national patrol of one side: own-side edges only, with a setback from the line, no disputed areas. */
  public static EdgeFilter national(TravelProfile profile, byte side, double setbackM) {
    return new EdgeFilter(profile, side, setbackM, true, false);
  }

  /** Whether edge {@code e} is a checkpoint crossing: it crosses the border line and is a road or a ferry. */
  public static boolean isCheckpointCrossing(RoadGraph g, int e) {
    return g.edgeSide[e] == Side.BOTH
        && (g.edgeKind[e] == Kind.ROAD.ordinal() || g.edgeKind[e] == Kind.FERRY.ordinal());
  }

  public boolean allows(RoadGraph g, int e) {
    return (g.edgeSide[e] & sides) != 0
        && g.edgeCost[profile.ordinal()][e] != Double.POSITIVE_INFINITY
        && (setbackM <= 0 || g.edgeBorderDist[e] >= setbackM)
        && !(avoidDisputed && g.edgeDisputed[e])
        && !(crossOnlyAtCheckpoints && g.edgeSide[e] == Side.BOTH && !isCheckpointCrossing(g, e));
  }
}
