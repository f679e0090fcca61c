package org.borderzone.hotspots;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed-distance-band neighbour lists over points (cell centres in metres) with a uniform grid index whose
 * buckets are one band wide, so each query looks at 3×3 buckets. Every list includes the cell itself (Gi*).
 */
final class Neighbours {

  private Neighbours() {}

  /** Lists j with |c_i − c_j| ≤ band (i included), for centres (x[i], y[i]). */
  static int[][] within(double[] x, double[] y, double band) {
    int n = x.length;
    Map<Long, List<Integer>> buckets = new HashMap<>();
    for (int i = 0; i < n; i++) {
      buckets.computeIfAbsent(key(bucket(x[i], band), bucket(y[i], band)), k -> new ArrayList<>()).add(i);
    }
    double band2 = band * band;
    int[][] out = new int[n][];
    int[] tmp = new int[n];
    for (int i = 0; i < n; i++) {
      long bx = bucket(x[i], band);
      long by = bucket(y[i], band);
      int k = 0;
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          List<Integer> b = buckets.get(key(bx + dx, by + dy));
          if (b == null) {
            continue;
          }
          for (int j : b) {
            double ddx = x[j] - x[i];
            double ddy = y[j] - y[i];
            if (ddx * ddx + ddy * ddy <= band2) {
              tmp[k++] = j;
            }
          }
        }
      }
      out[i] = java.util.Arrays.copyOf(tmp, k);
    }
    return out;
  }

  /** The smallest band at which every point has at least one other point within it (max nearest-neighbour). */
  static double maxNearestNeighbour(double[] x, double[] y, double guess) {
    int n = x.length;
    if (n < 2) {
      return 0;
    }
    double band = guess;
    while (true) {
      int[][] nb = within(x, y, band);
      double worst = 0;
      boolean allFound = true;
      for (int i = 0; i < n && allFound; i++) {
        double best = Double.POSITIVE_INFINITY;
        for (int j : nb[i]) {
          if (j != i) {
            best = Math.min(best, Math.hypot(x[j] - x[i], y[j] - y[i]));
          }
        }
        if (best == Double.POSITIVE_INFINITY) {
          allFound = false;
        } else {
          worst = Math.max(worst, best);
        }
      }
      if (allFound) {
        return worst;
      }
      band *= 2;
    }
  }

  private static long bucket(double v, double size) {
    return (long) Math.floor(v / size);
  }

  private static long key(long bx, long by) {
    return (bx << 32) ^ (by & 0xffffffffL);
  }
}
