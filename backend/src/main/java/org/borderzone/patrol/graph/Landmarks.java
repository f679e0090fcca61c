package org.borderzone.patrol.graph;

import java.util.Arrays;

/**
 * ALT landmarks (A*, Landmarks, Triangle inequality; Goldberg and Harrelson 2005) for one {@link RoadGraph},
 * per {@link TravelProfile}: a few landmark nodes chosen by farthest-point selection, and the least cost
 * (seconds) from each landmark to every node over every edge the profile may travel. The graph is undirected, so
 * for any nodes v, t and landmark L the triangle inequality gives {@code cost(v, t) >= |d(L, t) - d(L, v)|}; the
 * maximum over landmarks is an admissible and consistent A* heuristic. A request's {@link EdgeFilter} only removes
 * edges (side, setback, disputed areas), which can only lengthen paths, so the bounds from the full graph stay
 * admissible for every filter. Memory: landmarks × nodes doubles per profile, node-major ({@code [v * k + l]}) so
 * that one node's bounds share a cache line or two.
 */
final class Landmarks {

  /** Landmarks per profile (fewer on graphs with fewer nodes). */
  static final int DEFAULT_COUNT = 16;

  /** Number of landmarks per profile (the same for every profile). */
  final int k;
  /** Landmark node indices per profile. */
  final int[][] nodes;
  /** Per profile: {@code dist[v * k + l]} = least cost from landmark l to node v, +infinity when unreachable. */
  final double[][] dist;

  private Landmarks(int k, int[][] nodes, double[][] dist) {
    this.k = k;
    this.nodes = nodes;
    this.dist = dist;
  }

  static Landmarks build(RoadGraph g, int count) {
    int n = g.nodeCount;
    int k = Math.min(Math.min(count, 64), n);
    TravelProfile[] profiles = TravelProfile.values();
    int[][] nodes = new int[profiles.length][];
    double[][] dist = new double[profiles.length][];
    // Profiles are independent: build them in parallel (2 cores at most are used).
    Arrays.stream(profiles).parallel().forEach(p -> {
      int pi = p.ordinal();
      int[] chosen = new int[k];
      double[] all = new double[n * k];
      double[] minD = new double[n];
      Arrays.fill(minD, Double.POSITIVE_INFINITY);
      double[] d = new double[n];
      Dijkstra dj = new Dijkstra(g, pi);
      // Farthest-point selection: start from the node farthest from node 0, then repeatedly take the node
      // whose least cost to the chosen landmarks is largest (nodes unreachable from all of them are skipped).
      int next = 0;
      if (n > 0) {
        dj.run(0, d);
        next = argMaxFinite(d, 0);
      }
      for (int l = 0; l < k; l++) {
        chosen[l] = next;
        dj.run(next, d);
        for (int v = 0; v < n; v++) {
          all[v * k + l] = d[v];
          if (d[v] < minD[v]) {
            minD[v] = d[v];
          }
        }
        minD[next] = 0;
        next = argMaxFinite(minD, next);
      }
      nodes[pi] = chosen;
      dist[pi] = all;
    });
    return new Landmarks(k, nodes, dist);
  }

  private static int argMaxFinite(double[] d, int fallback) {
    int best = fallback;
    double bestD = -1;
    for (int v = 0; v < d.length; v++) {
      if (d[v] != Double.POSITIVE_INFINITY && d[v] > bestD) {
        bestD = d[v];
        best = v;
      }
    }
    return best;
  }

  /** Plain one-to-all Dijkstra over every edge the profile may travel (no filter), with a binary heap. */
  private static final class Dijkstra {
    final RoadGraph g;
    final int prof;
    final MinHeap heap = new MinHeap();

    Dijkstra(RoadGraph g, int prof) {
      this.g = g;
      this.prof = prof;
    }

    void run(int source, double[] d) {
      Arrays.fill(d, Double.POSITIVE_INFINITY);
      d[source] = 0;
      heap.clear();
      heap.push(0, source);
      double[] cost = g.edgeCost[prof];
      while (!heap.isEmpty()) {
        double key = heap.peekKey();
        int v = heap.pop();
        if (key > d[v]) {
          continue;
        }
        for (int i = g.adjStart[v]; i < g.adjStart[v + 1]; i++) {
          double c = cost[g.adjEdge[i]];
          if (c == Double.POSITIVE_INFINITY) {
            continue;
          }
          int w = g.adjNode[i];
          double nd = key + c;
          if (nd < d[w]) {
            d[w] = nd;
            heap.push(nd, w);
          }
        }
      }
    }

  }
}
