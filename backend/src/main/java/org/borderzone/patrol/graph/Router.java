package org.borderzone.patrol.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Shortest (least-cost) paths on a {@link RoadGraph}: A* with ALT landmark bounds for one pair ({@link Landmarks},
 * built with the router: farthest-point landmarks, triangle-inequality lower bounds, admissible and consistent for
 * every {@link EdgeFilter}) and Dijkstra from one point to many. Search state lives in per-thread arrays reused
 * between queries (stamped, never cleared), so a query allocates almost nothing. Thread-safe.
 */
public final class Router {

  /** Keeps the landmark bound strictly under the true cost despite rounding in the precomputed sums. */
  static final double HEURISTIC_SCALE = 1 - 1e-9;

  private final RoadGraph g;
  private final Landmarks landmarks;
  private final ThreadLocal<State> state;

  /** Landmarks per profile of a router built with {@link #Router(RoadGraph)}. */
  public static final int DEFAULT_LANDMARKS = Landmarks.DEFAULT_COUNT;

  /** A router with {@link #DEFAULT_LANDMARKS} landmarks per profile (computed here: build time). */
  public Router(RoadGraph g) {
    this(g, DEFAULT_LANDMARKS);
  }

  public Router(RoadGraph g, int landmarkCount) {
    this.g = g;
    this.landmarks = Landmarks.build(g, landmarkCount);
    this.state = ThreadLocal.withInitial(() -> new State(g.nodeCount));
  }

  /** The landmark nodes of a profile (node indices), for tests and reports. */
  public int[] landmarks(TravelProfile p) {
    return landmarks.nodes[p.ordinal()].clone();
  }

  public RoadGraph graph() {
    return g;
  }

  /** One traversed piece of an edge, from fraction {@code from} to {@code to} (0 = source, 1 = target). */
  public record Piece(int edge, double from, double to) {}

  /** A path: its cost in seconds, length in metres and the edge pieces in travel order. */
  public record Path(double cost, double lengthM, List<Piece> pieces) {

    /** The path as lon,lat points (consecutive duplicates removed). */
    public List<double[]> coordinates(RoadGraph g) {
      List<double[]> out = new ArrayList<>();
      for (Piece p : pieces) {
        g.appendCoords(p.edge(), p.from(), p.to(), out);
      }
      return out;
    }
  }

  /** The least cost between two graph nodes (node indices), +infinity when unreachable. For tests and benches. */
  public double nodeCost(int from, int to, EdgeFilter f) {
    Path p = search(new int[] {from}, new double[] {0}, new double[] {0}, null, null, to, f, true);
    return p == null ? Double.POSITIVE_INFINITY : p.cost();
  }

  /** Plain Dijkstra between nodes (no heuristic), for checking A*. */
  public double nodeCostDijkstra(int from, int to, EdgeFilter f) {
    Path p = search(new int[] {from}, new double[] {0}, new double[] {0}, null, null, to, f, false);
    return p == null ? Double.POSITIVE_INFINITY : p.cost();
  }

  /** The least-cost path between two snapped points, or null when unreachable. */
  public Path route(RoadGraph.Snap a, RoadGraph.Snap b, EdgeFilter f) {
    int e = a.edge();
    double c = g.edgeCost[f.profile().ordinal()][e];
    double len = g.edgeLen[e];
    Path direct = null;
    if (a.edge() == b.edge()) {
      direct = new Path(Math.abs(a.fraction() - b.fraction()) * c, Math.abs(a.fraction() - b.fraction()) * len,
          List.of(new Piece(e, a.fraction(), b.fraction())));
    }
    Path p = search(new int[] {g.edgeSrc[e], g.edgeDst[e]}, new double[] {a.fraction() * c, (1 - a.fraction()) * c},
        new double[] {a.fraction() * len, (1 - a.fraction()) * len}, a, b, -1, f, true);
    if (direct != null && (p == null || direct.cost() <= p.cost())) {
      return direct;
    }
    return p;
  }

  /**
   * Costs and lengths of the least-cost paths from {@code a} to each of {@code targets} (Dijkstra, stops when
   * every target is settled): {@code [0][i]} seconds, {@code [1][i]} metres, +infinity when unreachable.
   */
  public double[][] costsFrom(RoadGraph.Snap a, RoadGraph.Snap[] targets, EdgeFilter f) {
    int prof = f.profile().ordinal();
    double[][] out = new double[2][targets.length];
    java.util.Arrays.fill(out[0], Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(out[1], Double.POSITIVE_INFINITY);
    State s = state(g);
    s.reset();
    int ea = a.edge();
    double ca = g.edgeCost[prof][ea];
    s.offer(g.edgeSrc[ea], a.fraction() * ca, a.fraction() * g.edgeLen[ea], -1, 0);
    s.offer(g.edgeDst[ea], (1 - a.fraction()) * ca, (1 - a.fraction()) * g.edgeLen[ea], -1, 0);
    // Targets on the start edge can be reached directly along it.
    for (int i = 0; i < targets.length; i++) {
      if (targets[i].edge() == ea) {
        double df = Math.abs(targets[i].fraction() - a.fraction());
        out[0][i] = df * ca;
        out[1][i] = df * g.edgeLen[ea];
      }
    }
    // Each target is reached through either end of its edge: index targets by end node.
    java.util.Map<Integer, List<Integer>> byNode = new java.util.HashMap<>();
    for (int i = 0; i < targets.length; i++) {
      int te = targets[i].edge();
      byNode.computeIfAbsent(g.edgeSrc[te], k -> new ArrayList<>()).add(i);
      byNode.computeIfAbsent(g.edgeDst[te], k -> new ArrayList<>()).add(i);
    }
    double maxBest = max(out[0]);
    while (!s.heap.isEmpty()) {
      double key = s.heap.peekKey();
      int v = s.heap.pop();
      if (key > s.dist[v]) {
        continue; // stale
      }
      if (key >= maxBest) {
        break; // every target is already reached at most this cost: nothing pending can improve it
      }
      List<Integer> hits = byNode.get(v);
      if (hits != null) {
        for (int i : hits) {
          RoadGraph.Snap t = targets[i];
          int te = t.edge();
          double frac = v == g.edgeSrc[te] ? t.fraction() : 1 - t.fraction();
          if (g.edgeSrc[te] == g.edgeDst[te]) {
            frac = Math.min(t.fraction(), 1 - t.fraction());
          }
          double c = s.dist[v] + frac * g.edgeCost[prof][te];
          if (c < out[0][i]) {
            out[0][i] = c;
            out[1][i] = s.len[v] + frac * g.edgeLen[te];
          }
        }
        maxBest = max(out[0]);
      }
      relax(s, v, f, prof, -1, false);
    }
    return out;
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : a) {
      m = Math.max(m, x);
    }
    return m;
  }

  private State state(RoadGraph graph) {
    State s = state.get();
    if (s.dist.length < graph.nodeCount) {
      s = new State(graph.nodeCount);
      state.set(s);
    }
    return s;
  }

  private void relax(State s, int v, EdgeFilter f, int prof, int target, boolean astar) {
    double dv = s.dist[v];
    double lv = s.len[v];
    for (int i = g.adjStart[v]; i < g.adjStart[v + 1]; i++) {
      int e = g.adjEdge[i];
      if (!f.allows(g, e)) {
        continue;
      }
      int w = g.adjNode[i];
      double nd = dv + g.edgeCost[prof][e];
      if (!s.seen(w) || nd < s.dist[w]) {
        s.offer(w, nd, lv + g.edgeLen[e], e, astar ? s.h(w) : 0);
      }
    }
  }

  /**
   * Multi-source search. Sources start at the given costs/lengths; the goal is either node {@code goalNode}
   * or the snapped point {@code goal} (reached through either end of its edge).
   */
  private Path search(int[] sources, double[] cost0, double[] len0, RoadGraph.Snap from, RoadGraph.Snap goal,
      int goalNode, EdgeFilter f, boolean astar) {
    int prof = f.profile().ordinal();
    State s = state(g);
    s.reset();
    if (astar) {
      if (goal != null) {
        int ge0 = goal.edge();
        double c0 = g.edgeCost[prof][ge0];
        s.setHeuristic(landmarks, prof, g.edgeSrc[ge0], goal.fraction() * c0, g.edgeDst[ge0],
            (1 - goal.fraction()) * c0);
      } else {
        s.setHeuristic(landmarks, prof, goalNode, 0, -1, 0);
      }
    }
    for (int i = 0; i < sources.length; i++) {
      int v = sources[i];
      if (!s.seen(v) || cost0[i] < s.dist[v]) {
        s.offer(v, cost0[i], len0[i], -1, s.h(v));
      }
    }
    int ge = goal == null ? -1 : goal.edge();
    double gc = ge < 0 ? 0 : g.edgeCost[prof][ge];
    double best = Double.POSITIVE_INFINITY;
    int bestNode = -1;
    while (!s.heap.isEmpty()) {
      double key = s.heap.peekKey();
      int v = s.heap.pop();
      double hv = s.h(v);
      if (key > s.dist[v] + hv + 1e-9 * (1 + key)) {
        continue; // stale entry
      }
      if (key >= best) {
        break;
      }
      if (goal == null && v == goalNode) {
        best = s.dist[v];
        bestNode = v;
        break;
      }
      if (goal != null) {
        double extra = v == g.edgeSrc[ge] ? goal.fraction() * gc
            : v == g.edgeDst[ge] ? (1 - goal.fraction()) * gc : Double.NaN;
        if (v == g.edgeSrc[ge] && v == g.edgeDst[ge]) {
          extra = Math.min(goal.fraction(), 1 - goal.fraction()) * gc;
        }
        if (!Double.isNaN(extra) && s.dist[v] + extra < best) {
          best = s.dist[v] + extra;
          bestNode = v;
        }
      }
      relax(s, v, f, prof, goalNode, astar);
    }
    if (bestNode < 0) {
      return null;
    }
    // Walk back along predecessor edges.
    List<Piece> rev = new ArrayList<>();
    double length = s.len[bestNode];
    if (goal != null) {
      boolean atSrc = bestNode == g.edgeSrc[ge];
      rev.add(new Piece(ge, atSrc ? 0 : 1, goal.fraction()));
      length += (atSrc ? goal.fraction() : 1 - goal.fraction()) * g.edgeLen[ge];
    }
    int v = bestNode;
    while (s.pred[v] >= 0) {
      int e = s.pred[v];
      boolean forward = g.edgeDst[e] == v && (g.edgeSrc[e] != v);
      rev.add(new Piece(e, forward ? 0 : 1, forward ? 1 : 0));
      v = forward ? g.edgeSrc[e] : g.edgeDst[e];
    }
    if (from != null) {
      int fe = from.edge();
      rev.add(new Piece(fe, from.fraction(), v == g.edgeSrc[fe] ? 0 : 1));
    }
    java.util.Collections.reverse(rev);
    return new Path(best, length, rev);
  }

  /** Per-thread search arrays: distances, lengths, predecessor edges, a visit stamp and a binary heap. */
  private static final class State {
    final double[] dist;
    final double[] len;
    final int[] pred;
    final int[] stamp;
    final double[] hcache;
    final int[] hstamp;
    int cur;
    final MinHeap heap = new MinHeap();
    boolean hOn;
    int hk;
    double[] hDist;
    final double[] goal1 = new double[64];
    final double[] goal2 = new double[64];
    double off1;
    double off2;
    boolean twoGoals;

    State(int n) {
      dist = new double[n];
      len = new double[n];
      pred = new int[n];
      stamp = new int[n];
      hcache = new double[n];
      hstamp = new int[n];
    }

    void reset() {
      cur++;
      heap.clear();
      hOn = false;
    }

    /**
     * The goal is node {@code t1} at extra cost {@code off1}, or (when {@code t2 >= 0}) node {@code t2} at
     * {@code off2}, whichever is cheaper: a point on an edge. The bound is then the smaller of the two.
     */
    void setHeuristic(Landmarks lm, int prof, int t1, double off1, int t2, double off2) {
      hOn = lm.k > 0;
      hk = lm.k;
      hDist = lm.dist[prof];
      this.off1 = off1;
      this.off2 = off2;
      twoGoals = t2 >= 0;
      for (int l = 0; l < hk; l++) {
        goal1[l] = hDist[t1 * hk + l];
        goal2[l] = twoGoals ? hDist[t2 * hk + l] : 0;
      }
    }

    double h(int v) {
      if (!hOn) {
        return 0;
      }
      if (hstamp[v] == cur) {
        return hcache[v];
      }
      int base = v * hk;
      double h1 = 0;
      double h2 = 0;
      for (int l = 0; l < hk; l++) {
        double dv = hDist[base + l];
        if (dv == Double.POSITIVE_INFINITY) {
          continue;
        }
        double a = goal1[l];
        if (a != Double.POSITIVE_INFINITY) {
          double b = Math.abs(a - dv);
          if (b > h1) {
            h1 = b;
          }
        }
        if (twoGoals) {
          double c = goal2[l];
          if (c != Double.POSITIVE_INFINITY) {
            double b = Math.abs(c - dv);
            if (b > h2) {
              h2 = b;
            }
          }
        }
      }
      double h = (twoGoals ? Math.min(h1 + off1, h2 + off2) : h1) * HEURISTIC_SCALE;
      hstamp[v] = cur;
      hcache[v] = h;
      return h;
    }

    boolean seen(int v) {
      return stamp[v] == cur;
    }

    void offer(int v, double d, double l, int predEdge, double h) {
      stamp[v] = cur;
      dist[v] = d;
      len[v] = l;
      pred[v] = predEdge;
      heap.push(d + h, v);
    }

  }
}
