package org.borderzone.patrol.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tour heuristics on a distance matrix {@code d} (metres, {@code d[i][j]} from point i to j, +infinity when
 * unreachable). Point 0 (or the given depot) is where a tour starts and ends. Exact by dynamic programming
 * (Held–Karp over subsets) up to {@link #EXACT_MAX} points, heuristics beyond: nearest-neighbour + 2-opt +
 * or-opt for loops; greedy ratio insertion + 2-opt + swap local search for orienteering. Deterministic.
 */
public final class Tours {

  /** Up to this many points besides the depot the answers are exact. */
  public static final int EXACT_MAX = 12;

  private Tours() {}

  /** A closed tour: the visiting order of points (depot excluded) and its length. */
  public record Tour(List<Integer> order, double length) {}

  public static double length(double[][] d, int depot, List<Integer> order) {
    double sum = 0;
    int prev = depot;
    for (int p : order) {
      sum += d[prev][p];
      prev = p;
    }
    return sum + d[prev][depot];
  }

  /** The shortest closed tour from {@code depot} through every point of {@code points}. */
  public static Tour loop(double[][] d, int depot, List<Integer> points) {
    if (points.size() <= EXACT_MAX) {
      return heldKarp(d, depot, points, null, Double.POSITIVE_INFINITY);
    }
    List<Integer> order = nearestNeighbour(d, depot, points);
    improve(d, depot, order);
    return new Tour(order, length(d, depot, order));
  }

  /**
   * Orienteering: the subset of {@code points} and its order with the largest total {@code score} whose closed
   * tour from {@code depot} is at most {@code budget} long (ties: the shorter). Exact up to {@link #EXACT_MAX}.
   */
  public static Tour orienteering(double[][] d, int depot, List<Integer> points, double[] score, double budget) {
    List<Integer> feasible = new ArrayList<>();
    for (int p : points) {
      if (d[depot][p] + d[p][depot] <= budget) {
        feasible.add(p);
      }
    }
    if (feasible.size() <= EXACT_MAX) {
      return heldKarp(d, depot, feasible, score, budget);
    }
    return orienteeringHeuristic(d, depot, feasible, score, budget);
  }

  /**
   * Held–Karp over subsets: with {@code score} null, the shortest tour through all points; otherwise the
   * best-scoring subset within {@code budget}.
   */
  static Tour heldKarp(double[][] d, int depot, List<Integer> pts, double[] score, double budget) {
    int n = pts.size();
    if (n == 0) {
      return new Tour(List.of(), 0);
    }
    int full = 1 << n;
    double[][] dp = new double[full][n];
    int[][] parent = new int[full][n];
    for (double[] row : dp) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    for (int j = 0; j < n; j++) {
      dp[1 << j][j] = d[depot][pts.get(j)];
      parent[1 << j][j] = -1;
    }
    for (int mask = 1; mask < full; mask++) {
      for (int j = 0; j < n; j++) {
        double cur = dp[mask][j];
        if ((mask & (1 << j)) == 0 || cur == Double.POSITIVE_INFINITY || cur > budget) {
          continue;
        }
        for (int k = 0; k < n; k++) {
          if ((mask & (1 << k)) != 0) {
            continue;
          }
          int nm = mask | (1 << k);
          double v = cur + d[pts.get(j)][pts.get(k)];
          if (v < dp[nm][k]) {
            dp[nm][k] = v;
            parent[nm][k] = j;
          }
        }
      }
    }
    int bestMask = -1;
    int bestEnd = -1;
    double bestScore = -1;
    double bestLen = Double.POSITIVE_INFINITY;
    for (int mask = 1; mask < full; mask++) {
      if (score == null && mask != full - 1) {
        continue;
      }
      double sc = 0;
      if (score != null) {
        for (int j = 0; j < n; j++) {
          if ((mask & (1 << j)) != 0) {
            sc += score[pts.get(j)];
          }
        }
      }
      for (int j = 0; j < n; j++) {
        if ((mask & (1 << j)) == 0) {
          continue;
        }
        double len = dp[mask][j] + d[pts.get(j)][depot];
        if (len > budget || len == Double.POSITIVE_INFINITY) {
          continue;
        }
        if (sc > bestScore + 1e-9 || (Math.abs(sc - bestScore) <= 1e-9 && len < bestLen)) {
          bestScore = sc;
          bestLen = len;
          bestMask = mask;
          bestEnd = j;
        }
      }
    }
    if (bestMask < 0) {
      return score == null ? null : new Tour(List.of(), 0);
    }
    List<Integer> order = new ArrayList<>();
    int mask = bestMask;
    int j = bestEnd;
    while (j >= 0) {
      order.add(pts.get(j));
      int pj = parent[mask][j];
      mask &= ~(1 << j);
      j = pj;
    }
    java.util.Collections.reverse(order);
    return new Tour(order, bestLen);
  }

  static List<Integer> nearestNeighbour(double[][] d, int depot, List<Integer> points) {
    List<Integer> left = new ArrayList<>(points);
    List<Integer> order = new ArrayList<>();
    int cur = depot;
    while (!left.isEmpty()) {
      int bi = 0;
      for (int i = 1; i < left.size(); i++) {
        if (d[cur][left.get(i)] < d[cur][left.get(bi)]) {
          bi = i;
        }
      }
      cur = left.remove(bi);
      order.add(cur);
    }
    return order;
  }

  /** 2-opt and or-opt (moving runs of 1–3 points) until no move shortens the tour. */
  static void improve(double[][] d, int depot, List<Integer> order) {
    boolean changed = true;
    int rounds = 0;
    while (changed && rounds++ < 200) {
      changed = twoOpt(d, depot, order) | orOpt(d, depot, order);
    }
  }

  static boolean twoOpt(double[][] d, int depot, List<Integer> order) {
    boolean any = false;
    boolean changed = true;
    while (changed) {
      changed = false;
      int n = order.size();
      for (int i = 0; i < n - 1; i++) {
        for (int k = i + 1; k < n; k++) {
          int a = i == 0 ? depot : order.get(i - 1);
          int b = order.get(i);
          int c = order.get(k);
          int e = k == n - 1 ? depot : order.get(k + 1);
          double delta = d[a][c] + d[b][e] - d[a][b] - d[c][e];
          if (delta < -1e-7) {
            java.util.Collections.reverse(order.subList(i, k + 1));
            changed = true;
            any = true;
          }
        }
      }
    }
    return any;
  }

  static boolean orOpt(double[][] d, int depot, List<Integer> order) {
    boolean any = false;
    for (int len = 1; len <= 3; len++) {
      for (int i = 0; i + len <= order.size(); i++) {
        double before = length(d, depot, order);
        List<Integer> run = new ArrayList<>(order.subList(i, i + len));
        List<Integer> rest = new ArrayList<>(order);
        rest.subList(i, i + len).clear();
        List<Integer> best = null;
        double bestLen = before - 1e-7;
        for (int pos = 0; pos <= rest.size(); pos++) {
          for (int rev = 0; rev < 2; rev++) {
            List<Integer> cand = new ArrayList<>(rest);
            List<Integer> r = new ArrayList<>(run);
            if (rev == 1) {
              java.util.Collections.reverse(r);
            }
            cand.addAll(pos, r);
            double l = length(d, depot, cand);
            if (l < bestLen) {
              bestLen = l;
              best = cand;
            }
          }
        }
        if (best != null) {
          order.clear();
          order.addAll(best);
          any = true;
        }
      }
    }
    return any;
  }

  /**
   * Orienteering heuristic: greedy insertion of the point with the best score per added metre that still fits,
   * 2-opt after each insertion, then a local search that swaps a visited point for one or more unvisited ones
   * when the total score grows (or stays equal and the tour gets shorter).
   */
  public static Tour orienteeringHeuristic(double[][] d, int depot, List<Integer> feasible, double[] score,
      double budget) {
    Tour best = null;
    double bestScore = -1;
    // Several greedy criteria (score / added length^alpha), each refined by local search; keep the best.
    for (double alpha : new double[] {0, 0.5, 1, 1.5, 2, 3}) {
      Tour t = orienteeringFrom(d, depot, feasible, score, budget, alpha);
      double s = score(t.order(), score);
      if (s > bestScore + 1e-9 || (Math.abs(s - bestScore) <= 1e-9 && t.length() < best.length())) {
        best = t;
        bestScore = s;
      }
    }
    return best;
  }

  private static Tour orienteeringFrom(double[][] d, int depot, List<Integer> feasible, double[] score,
      double budget, double alpha) {
    List<Integer> order = new ArrayList<>();
    List<Integer> out = new ArrayList<>(feasible);
    fill(d, depot, order, out, score, budget, alpha);
    for (int round = 0; round < 50; round++) {
      boolean improved = false;
      double curScore = score(order, score);
      double curLen = length(d, depot, order);
      for (int i = 0; i < order.size() && !improved; i++) {
        List<Integer> cand = new ArrayList<>(order);
        int removed = cand.remove(i);
        List<Integer> candOut = new ArrayList<>(out);
        improve(d, depot, cand);
        fill(d, depot, cand, candOut, score, budget, alpha);
        candOut.add(removed);
        double s = score(cand, score);
        double l = length(d, depot, cand);
        if (s > curScore + 1e-9 || (Math.abs(s - curScore) <= 1e-9 && l < curLen - 1e-6)) {
          order = cand;
          out = candOut;
          improved = true;
        }
      }
      if (!improved) {
        break;
      }
    }
    return new Tour(order, length(d, depot, order));
  }

  private static double score(List<Integer> order, double[] score) {
    double s = 0;
    for (int p : order) {
      s += score[p];
    }
    return s;
  }

  /** Inserts points from {@code out} into {@code order} by best score per added length while within budget. */
  private static void fill(double[][] d, int depot, List<Integer> order, List<Integer> out, double[] score,
      double budget, double alpha) {
    while (true) {
      double len = length(d, depot, order);
      int bestP = -1;
      int bestPos = -1;
      double bestRatio = -1;
      for (int p : out) {
        double bestDelta = Double.POSITIVE_INFINITY;
        int pos = -1;
        for (int i = 0; i <= order.size(); i++) {
          int a = i == 0 ? depot : order.get(i - 1);
          int b = i == order.size() ? depot : order.get(i);
          double delta = d[a][p] + d[p][b] - d[a][b];
          if (delta < bestDelta) {
            bestDelta = delta;
            pos = i;
          }
        }
        if (len + bestDelta <= budget) {
          double ratio = score[p] / Math.pow(Math.max(bestDelta, 0) + 1, alpha);
          if (ratio > bestRatio) {
            bestRatio = ratio;
            bestP = p;
            bestPos = pos;
          }
        }
      }
      if (bestP < 0) {
        return;
      }
      order.add(bestPos, bestP);
      out.remove(Integer.valueOf(bestP));
      List<Integer> copy = new ArrayList<>(order);
      improve(d, depot, copy);
      if (length(d, depot, copy) <= length(d, depot, order)) {
        order.clear();
        order.addAll(copy);
      }
    }
  }

  /**
   * Several teams: team t starts and ends at {@code depots[t]}; each point is visited by at most one team and
   * each tour stays within {@code budget}. Teams are filled one after the other, each taking the best
   * orienteering tour over the points not yet taken (sequential greedy: not optimal in general, but no
   * point is ever covered twice).
   */
  public static List<Tour> teams(double[][] d, int[] depots, List<Integer> points, double[] score, double budget) {
    List<Integer> left = new ArrayList<>(points);
    List<Tour> tours = new ArrayList<>();
    for (int depot : depots) {
      Tour t = orienteering(d, depot, left, score, budget);
      left.removeAll(t.order());
      tours.add(t);
    }
    return tours;
  }
}
