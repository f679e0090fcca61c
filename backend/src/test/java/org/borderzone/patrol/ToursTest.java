package org.borderzone.patrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.borderzone.patrol.graph.EdgeFilter;
import org.borderzone.patrol.graph.Kind;
import org.borderzone.patrol.graph.RoadGraph;
import org.borderzone.patrol.graph.Router;
import org.borderzone.patrol.graph.Side;
import org.borderzone.patrol.graph.Tours;
import org.borderzone.patrol.graph.TravelProfile;
import org.junit.jupiter.api.Test;

/** Tour heuristics on small graphs drawn below, with answers worked out by hand. */
class ToursTest {

  /** Builds a graph of straight tracks (foot: 4 km/h) and returns the node-to-node length matrix in metres. */
  private static double[][] matrix(int n, double[][] edges) {
    RoadGraph.Builder b = new RoadGraph.Builder();
    for (int i = 0; i < edges.length; i++) {
      double[] e = edges[i];
      // Coordinates only matter for the A* heuristic: keep every node at one place so it is 0 (exact Dijkstra).
      b.add(i, (long) e[0], (long) e[1], Kind.TRACK, Side.KH, e[2], 1, 1e9, false, new double[] {105, 14, 105, 14});
    }
    RoadGraph g = b.build();
    Router r = new Router(g);
    EdgeFilter f = EdgeFilter.joint(TravelProfile.FOOT);
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        d[i][j] = i == j ? 0 : r.nodeCost(g.node(i), g.node(j), f) * 4 / 3.6;
      }
    }
    return d;
  }

  /*
   *   0 ----1000---- 1
   *   |  \           |
   *  1000  1200     1000        base 0; stops 1, 2, 3. Best loop 0-1-2-3-0 (or reverse) = 4000 m.
   *   |          \   |          Nearest-neighbour from 0 would still find it; the exact DP must too.
   *   3 ----1000---- 2
   */
  @Test
  void loopVisitsAllStopsInTheShortestOrder() {
    double[][] d = matrix(4, new double[][] {{0, 1, 1000}, {1, 2, 1000}, {2, 3, 1000}, {3, 0, 1000}, {0, 2, 1200}});
    Tours.Tour t = Tours.loop(d, 0, List.of(1, 2, 3));
    assertThat(t.length()).isEqualTo(4000, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(t.order()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(t.order().get(1)).isEqualTo(2);
  }

  /*
   *              1 (score 5)
   *              | 3000
   *  3 --5000--- 0 ---2000--- 2 (score 4)        base 0
   * (score 10)
   *
   * budget 10 km: {3} = 10 km scores 10 (beats {1,2} = 10 km scoring 9);
   * budget 9.9 km: 3 and {1,2} no longer fit: {1} = 6 km scores 5.
   */
  @Test
  void orienteeringTakesTheBestSubsetWithinTheBudget() {
    double[][] d = matrix(4, new double[][] {{0, 1, 3000}, {0, 2, 2000}, {0, 3, 5000}});
    double[] score = {0, 5, 4, 10};
    Tours.Tour t = Tours.orienteering(d, 0, List.of(1, 2, 3), score, 10_000);
    assertThat(t.order()).containsExactly(3);
    assertThat(t.length()).isEqualTo(10_000, org.assertj.core.data.Offset.offset(1e-6));
    Tours.Tour t2 = Tours.orienteering(d, 0, List.of(1, 2, 3), score, 9_900);
    assertThat(t2.order()).containsExactly(1);
    assertThat(t2.length()).isEqualTo(6000, org.assertj.core.data.Offset.offset(1e-6));
  }

  /* Same star, two teams from base 0, 10 km each: one takes 3 (10), the other 1 and 2 (9); nothing twice. */
  @Test
  void teamsShareTheCellsWithoutDoubleCoverage() {
    double[][] d = matrix(4, new double[][] {{0, 1, 3000}, {0, 2, 2000}, {0, 3, 5000}});
    double[] score = {0, 5, 4, 10};
    List<Tours.Tour> tours = Tours.teams(d, new int[] {0, 0}, List.of(1, 2, 3), score, 10_000);
    assertThat(tours.get(0).order()).containsExactly(3);
    assertThat(tours.get(1).order()).containsExactlyInAnyOrder(1, 2);
    for (Tours.Tour t : tours) {
      assertThat(t.length()).isLessThanOrEqualTo(10_000 + 1e-6);
    }
  }

  /*
   * A corridor: 0 is the base in the middle, cells every 1 km on both sides, scores growing eastwards.
   *
   *   5 - 4 - 3 - 2 - 1 - 0 - 6 - 7 - 8 - 9 - 10 - 11 - 12 - 13 - 14 - 15
   *
   * With 10 km the best is to walk 5 km east and back: cells 6..10.
   */
  @Test
  void heuristicFindsTheCorridorOptimumBeyondTheExactSize() {
    List<double[]> edges = new ArrayList<>();
    edges.add(new double[] {0, 1, 1000});
    for (int i = 1; i < 5; i++) {
      edges.add(new double[] {i, i + 1, 1000});
    }
    edges.add(new double[] {0, 6, 1000});
    for (int i = 6; i < 15; i++) {
      edges.add(new double[] {i, i + 1, 1000});
    }
    double[][] d = matrix(16, edges.toArray(double[][]::new));
    double[] score = new double[16];
    List<Integer> pts = new ArrayList<>();
    for (int i = 1; i < 16; i++) {
      score[i] = i <= 5 ? 1 : 2 + i;
      pts.add(i);
    }
    Tours.Tour t = Tours.orienteering(d, 0, pts, score, 10_000);
    assertThat(pts.size()).isGreaterThan(Tours.EXACT_MAX);
    assertThat(t.order()).containsExactlyInAnyOrder(6, 7, 8, 9, 10);
    assertThat(t.length()).isLessThanOrEqualTo(10_000 + 1e-6);
  }

  /** The heuristic against the exact DP on 40 random Euclidean instances of 12 points: never below 85 % and on average at least 95 % of the optimum. */
  @Test
  void heuristicIsCloseToTheExactOptimum() {
    Random rnd = new Random(5);
    double worst = 1;
    double sum = 0;
    for (int k = 0; k < 40; k++) {
      int n = 13;
      double[][] xy = new double[n][2];
      for (int i = 1; i < n; i++) {
        xy[i][0] = rnd.nextDouble() * 10_000 - 5000;
        xy[i][1] = rnd.nextDouble() * 10_000 - 5000;
      }
      double[][] d = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          d[i][j] = Math.hypot(xy[i][0] - xy[j][0], xy[i][1] - xy[j][1]);
        }
      }
      double[] score = new double[n];
      List<Integer> pts = new ArrayList<>();
      for (int i = 1; i < n; i++) {
        score[i] = 1 + rnd.nextInt(9);
        pts.add(i);
      }
      double budget = 15_000 + rnd.nextDouble() * 15_000;
      Tours.Tour exact = Tours.orienteering(d, 0, pts, score, budget);
      Tours.Tour heur = Tours.orienteeringHeuristic(d, 0, pts.stream()
          .filter(p -> d[0][p] + d[p][0] <= budget).toList(), score, budget);
      double se = exact.order().stream().mapToDouble(p -> score[p]).sum();
      double sh = heur.order().stream().mapToDouble(p -> score[p]).sum();
      assertThat(heur.length()).isLessThanOrEqualTo(budget + 1e-6);
      assertThat(sh).isLessThanOrEqualTo(se + 1e-9);
      worst = Math.min(worst, se == 0 ? 1 : sh / se);
      sum += se == 0 ? 1 : sh / se;
    }
    System.out.printf("orienteering heuristic vs exact over 40 instances: worst %.3f, mean %.3f%n", worst, sum / 40);
    assertThat(worst).isGreaterThanOrEqualTo(0.85);
    assertThat(sum / 40).isGreaterThanOrEqualTo(0.95);
  }
}
