package org.borderzone.patrol.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Joint patrols cross the border only at checkpoint crossings (road or ferry edges of side BOTH). */
class JointPatrolFilterTest {

  /*
   *  KH side                     border                    LA side
   *
   *   0 ---- track 200 ---- 1 ~~ trail 100 (BOTH) ~~ 2 ---- track 200 ---- 3
   *   |                                                                    |
   *  track 300                                                          track 300
   *   |                                                                    |
   *   4 ------------------- road 900 (BOTH, the checkpoint) --------------- 5
   *
   *  Foot. Unrestricted: 0 → 3 over the trail, 200 + 100 + 200 = 500 m (trail 3 km/h: 120 s, tracks 4 km/h: 360 s).
   *  Joint patrol: the trail crossing is not a checkpoint: 0-4-5-3 = 300 + 900 + 300 m (road 5 km/h).
   *  National KH: 3 is unreachable.
   */
  private static RoadGraph graph() {
    RoadGraph.Builder b = new RoadGraph.Builder();
    add(b, 0, 0, 1, Kind.TRACK, Side.KH, 200);
    add(b, 1, 1, 2, Kind.TRAIL, Side.BOTH, 100);
    add(b, 2, 2, 3, Kind.TRACK, Side.LA, 200);
    add(b, 3, 0, 4, Kind.TRACK, Side.KH, 300);
    add(b, 4, 4, 5, Kind.ROAD, Side.BOTH, 900);
    add(b, 5, 5, 3, Kind.TRACK, Side.LA, 300);
    return b.build();
  }

  private static void add(RoadGraph.Builder b, long id, long s, long t, Kind k, byte side, double len) {
    b.add(id, s, t, k, side, len, 1, 1e9, false, new double[] {105 + s * 0.001, 14, 105 + t * 0.001, 14});
  }

  @Test
  void jointPatrolsCrossOnlyAtCheckpoints() {
    RoadGraph g = graph();
    Router r = new Router(g);
    int from = g.node(0);
    int to = g.node(3);
    assertThat(r.nodeCost(from, to, EdgeFilter.joint(TravelProfile.FOOT))).isCloseTo(400 * 0.9 + 100 * 1.2, within(1e-9));
    EdgeFilter joint = EdgeFilter.jointPatrol(TravelProfile.FOOT);
    assertThat(r.nodeCost(from, to, joint)).isCloseTo(600 * 0.9 + 900 * 0.72, within(1e-9));
    Router.Path p = r.route(new RoadGraph.Snap(0, 0, 0, 0, 0), new RoadGraph.Snap(2, 1, 0, 0, 0), joint);
    List<Integer> crossings = p.pieces().stream().map(Router.Piece::edge).filter(e -> g.edgeSide(e) == Side.BOTH).toList();
    assertThat(crossings).containsExactly(4);
    assertThat(EdgeFilter.isCheckpointCrossing(g, 4)).isTrue();
    assertThat(EdgeFilter.isCheckpointCrossing(g, 1)).isFalse();
    assertThat(r.nodeCost(from, to, EdgeFilter.national(TravelProfile.FOOT, Side.KH, 0)))
        .isEqualTo(Double.POSITIVE_INFINITY);
  }
}
