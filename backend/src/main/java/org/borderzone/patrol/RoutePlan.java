package org.borderzone.patrol;

import java.util.List;

/**
 * A computed plan: one {@link TeamRoute} per team (one for point-to-point and loop). Lengths in metres,
 * durations and ETAs in seconds from departure at the profile's speeds, positions [lon, lat] EPSG:4326.
 */
public record RoutePlan(String mode, String profile, boolean joint, String side, String name, List<TeamRoute> routes,
    List<Skipped> skipped, double coveredScore, long planningMs) {

  /** One team's route: the line, its length and duration, and its ordered stops. */
  public record TeamRoute(int team, Integer baseId, List<double[]> line, double lengthM, double durationS,
      List<Stop> stops) {}

  /**
   * A stop in visiting order: {@code role} is base, start, end, stop, cell or meeting; {@code ref} the request
   * field (e.g. {@code stops[2]}), the hot-cell id, or for a joint patrol's meeting point at a checkpoint
   * {@code checkpoint:<base id>} or {@code crossing:<edge id>}.
   */
  public record Stop(int order, String role, String ref, double lon, double lat, double distanceM, double etaS,
      Double score) {}

  /** A hot cell the plan could not use, and why (a message key argument). */
  public record Skipped(String cellId, double lon, double lat, double score, String reason) {}
}
