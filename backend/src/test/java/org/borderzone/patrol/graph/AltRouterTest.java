package org.borderzone.patrol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** ALT routing (landmarks + A*) on small graphs drawn below, against plain Dijkstra and costs worked by hand. */
class AltRouterTest {

  /*
   *  Foot profile, tracks at 4 km/h = 0.9 s per metre of (length × cost factor). Lengths in metres; node 8 is KH
   *  and every other edge too, except the LA edge 4-5 (a short cut a KH national patrol may not take).
   *
   *   0 ---100--- 1 ---100--- 2 ---100--- 3
   *   |                       |           |
   *  100                     300         100
   *   |                       |           |
   *   4 ---100--- 5 ---500--- 6 ---100--- 7         9 ---100--- 10   (a separate component)
   *       (LA)
   *
   *  0 → 7: 0-1-2-3-7 = 400 m (360 s). 4 → 6 joint: 4-5-6 = 600 m; national KH (4-5 removed): 4-0-1-2-6 = 600 m
   *  as well, 4 → 5 national: 4-0-1-2-6-5 = 1100 m. 0 → 9: unreachable.
   */
  private static final double[][] EDGES = {
      {0, 1, 100}, {1, 2, 100}, {2, 3, 100}, {0, 4, 100}, {2, 6, 300}, {3, 7, 100},
      {4, 5, 100}, {5, 6, 500}, {6, 7, 100}, {9, 10, 100}};

  private static RoadGraph graph() {
    RoadGraph.Builder b = new RoadGraph.Builder();
    for (int i = 0; i < EDGES.length; i++) {
      double[] e = EDGES[i];
      byte side = (e[0] == 4 && e[1] == 5) ? Side.LA : Side.KH;
      // Coordinates do not matter to ALT (bounds come from graph costs): put the nodes on a line.
      b.add(i, (long) e[0], (long) e[1], Kind.TRACK, side, e[2], 1, 1e9, false,
          new double[] {105 + e[0] * 0.001, 14, 105 + e[1] * 0.001, 14});
    }
    return b.build();
  }

  private static double metres(double seconds) {
    return seconds * 4 / 3.6;
  }

  @Test
  void altAgreesWithTheHandWorkedCosts() {
    RoadGraph g = graph();
    Router r = new Router(g, 3);
    EdgeFilter joint = EdgeFilter.joint(TravelProfile.FOOT);
    EdgeFilter kh = EdgeFilter.national(TravelProfile.FOOT, Side.KH, 0);
    assertThat(metres(r.nodeCost(g.node(0), g.node(7), joint))).isCloseTo(400, within(1e-9));
    assertThat(metres(r.nodeCost(g.node(4), g.node(6), joint))).isCloseTo(600, within(1e-9));
    assertThat(metres(r.nodeCost(g.node(4), g.node(6), kh))).isCloseTo(600, within(1e-9));
    assertThat(metres(r.nodeCost(g.node(4), g.node(5), joint))).isCloseTo(100, within(1e-9));
    // The filter removes the LA edge: landmark bounds from the full graph stay admissible, the answer exact.
    assertThat(metres(r.nodeCost(g.node(4), g.node(5), kh))).isCloseTo(1100, within(1e-9));
    assertThat(r.nodeCost(g.node(0), g.node(9), joint)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(metres(r.nodeCost(g.node(10), g.node(9), joint))).isCloseTo(100, within(1e-9));
  }

  @Test
  void landmarksAreChosenFarthestFirst() {
    RoadGraph g = graph();
    Router r = new Router(g, 2);
    // From node 0 the farthest node is 6 (500 m: 0-1-2-6 or 0-1-2-3-7-6), the first landmark; the node farthest
    // from it is 4 (600 m: 6-2-1-0-4 or 6-5-4), the second. Nodes 9 and 10 are unreachable from both: never chosen.
    int[] lm = r.landmarks(TravelProfile.FOOT);
    assertThat(g.nodeId(lm[0])).isEqualTo(6);
    assertThat(g.nodeId(lm[1])).isEqualTo(4);
  }

  @Test
  void snappedRoutesEqualDijkstraOnEveryPairAndFilter() {
    RoadGraph g = graph();
    Router r = new Router(g, 4);
    for (EdgeFilter f : List.of(EdgeFilter.joint(TravelProfile.FOOT), EdgeFilter.national(TravelProfile.FOOT, Side.KH, 0),
        EdgeFilter.joint(TravelProfile.VEHICLE))) {
      for (int a = 0; a < g.nodeCount(); a++) {
        for (int b = 0; b < g.nodeCount(); b++) {
          double alt = r.nodeCost(a, b, f);
          double dij = r.nodeCostDijkstra(a, b, f);
          if (dij == Double.POSITIVE_INFINITY) {
            assertThat(alt).isEqualTo(Double.POSITIVE_INFINITY);
          } else {
            assertThat(alt).as("%s %d→%d", f, g.nodeId(a), g.nodeId(b)).isCloseTo(dij, within(1e-9 * (1 + dij)));
          }
        }
      }
      // Points snapped into edges: middle of 0-4 to a quarter of 6-7.
      Router.Path p = r.route(new RoadGraph.Snap(3, 0.5, 0, 0, 0), new RoadGraph.Snap(8, 0.25, 0, 0, 0), f);
      if (f.profile() == TravelProfile.FOOT) {
        // 50 (to 0) + 300 (0-1-2-3) + 100 (3-7) + 75 (7 back to a quarter of 6-7) = 525 m.
        assertThat(p.lengthM()).isCloseTo(525, within(1e-9));
      }
    }
  }

  /** A random 30 × 30 grid with cost factors 1–2: ALT equals Dijkstra for 300 random pairs. */
  @Test
  void randomGridAgreesWithDijkstra() {
    int n = 30;
    Random rnd = new Random(5);
    RoadGraph.Builder b = new RoadGraph.Builder();
    int id = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        long v = (long) i * n + j;
        if (j + 1 < n) {
          b.add(id++, v, v + 1, Kind.TRACK, rnd.nextInt(10) == 0 ? Side.LA : Side.KH, 100, 1 + rnd.nextDouble(), 1e9,
              false, new double[] {105 + j * 0.001, 14 + i * 0.001, 105 + (j + 1) * 0.001, 14 + i * 0.001});
        }
        if (i + 1 < n) {
          b.add(id++, v, v + n, Kind.TRACK, Side.KH, 100, 1 + rnd.nextDouble(), 1e9, false,
              new double[] {105 + j * 0.001, 14 + i * 0.001, 105 + j * 0.001, 14 + (i + 1) * 0.001});
        }
      }
    }
    RoadGraph g = b.build();
    Router r = new Router(g);
    EdgeFilter kh = EdgeFilter.national(TravelProfile.FOOT, Side.KH, 0);
    for (int k = 0; k < 300; k++) {
      int a = rnd.nextInt(g.nodeCount());
      int c = rnd.nextInt(g.nodeCount());
      EdgeFilter f = k % 2 == 0 ? kh : EdgeFilter.joint(TravelProfile.FOOT);
      double dij = r.nodeCostDijkstra(a, c, f);
      assertThat(r.nodeCost(a, c, f)).isCloseTo(dij, within(1e-9 * (1 + dij)));
    }
  }
}
