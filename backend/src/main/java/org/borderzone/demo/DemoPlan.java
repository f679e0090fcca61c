package org.borderzone.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the demo history ends, as stretches of segment numbers (seq, 1 = Thai tri-point) on the 561-segment
 * OSM line. Chosen so that the end state matches the published picture: about 86 % of the length
 * demarcated, everything demarcated before the treaty of 13 February 2023 ratified, the O'Alay / O'Ta
 * Ngav stretch (Stung Treng – Attapeu) disputed, the rest pending or surveyed. Scaled to the number of
 * segments so a different segment length gives the same shares.
 */
record DemoPlan(int segments) {

  /** Final status of segment {@code seq}: a status name. */
  String finalStatus(int seq) {
    double f = (seq - 0.5) / segments;
    if (in(f, 330, 347)) {
      return "DISPUTED";
    }
    if (in(f, 348, 359) || in(f, 372, 381)) {
      return "SURVEYED";
    }
    if (in(f, 360, 371) || in(f, 382, 393) || in(f, 60, 73)) {
      return "PENDING";
    }
    if (in(f, 308, 329) || in(f, 394, 403)) {
      return "DEMARCATED";
    }
    return "RATIFIED";
  }

  /** Whether a stretch given in seq numbers of the 561-segment reference line contains fraction f. */
  private static boolean in(double f, int fromSeq, int toSeq) {
    return f >= (fromSeq - 1) / 561.0 && f < toSeq / 561.0;
  }

  /** Consecutive runs of segments (by seq) that end in {@code status}. */
  List<int[]> runs(String status) {
    List<int[]> out = new ArrayList<>();
    int start = -1;
    for (int s = 1; s <= segments + 1; s++) {
      boolean match = s <= segments && finalStatus(s).equals(status);
      if (match && start < 0) {
        start = s;
      } else if (!match && start >= 0) {
        out.add(new int[] {start, s - 1});
        start = -1;
      }
    }
    return out;
  }
}
