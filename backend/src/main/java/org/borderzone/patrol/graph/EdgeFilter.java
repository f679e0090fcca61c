package org.borderzone.patrol.graph;

/**
 * Which edges a request may use: those the {@code profile} can travel, whose side is in {@code sides}
 * (a mask of {@link Side} bits), at least {@code setbackM} metres from the border line, and outside
 * disputed areas when {@code avoidDisputed}.
 */
public record EdgeFilter(TravelProfile profile, byte sides, double setbackM, boolean avoidDisputed) {

  /** Every edge the profile can travel (a joint patrol without restrictions). */
  public static EdgeFilter joint(TravelProfile profile) {
    return new EdgeFilter(profile, Side.ALL, 0, false);
  }

  /** A national patrol of one side: own-side edges only, with a setback from the line, no disputed areas. */
  public static EdgeFilter national(TravelProfile profile, byte side, double setbackM) {
    return new EdgeFilter(profile, side, setbackM, true);
  }

  public boolean allows(RoadGraph g, int e) {
    return (g.edgeSide[e] & sides) != 0
        && g.edgeCost[profile.ordinal()][e] != Double.POSITIVE_INFINITY
        && (setbackM <= 0 || g.edgeBorderDist[e] >= setbackM)
        && !(avoidDisputed && g.edgeDisputed[e]);
  }
}
