package org.borderzone.patrol;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Geo;
import org.borderzone.patrol.graph.TravelProfile;
import org.borderzone.system.ApiException;
import org.locationtech.jts.geom.Coordinate;
import tools.jackson.databind.JsonNode;

/**
 * A route request (DESIGN.md, {@code POST /api/routes}), validated field by field: every error names the
 * JSON path ({@code stops[2][1]}, {@code budgetKm}...). Positions are [lon, lat] in EPSG:4326.
 */
public record RouteRequest(String mode, TravelProfile profile, Integer baseId, List<Integer> baseIds,
    Coordinate start, Coordinate end, List<Coordinate> stops, Double budgetKm, OffsetDateTime from,
    OffsetDateTime to, int teams, boolean joint, String org, String name) {

  /** The wire names of the {@link RouteMode}s. */
  static final Set<String> MODES = Set.copyOf(RouteMode.ALL.stream().map(RouteMode::wire).toList());
  static final int MAX_TEAMS = 10;

  /** The body of {@code POST /api/routes} as read by the strict reader; {@link #parse} checks its meaning. */
  public record Body(String mode, String profile, Integer baseId, List<Integer> baseIds, JsonNode start,
      JsonNode end, List<JsonNode> stops, Double budgetKm, Window window, Integer teams, Boolean joint, String org,
      String name) {}

  /** The time window of hot cells an {@code auto} or {@code teams} route looks at (ISO 8601 or dates). */
  public record Window(String from, String to) {}

  public static RouteRequest parse(Body b, int maxStops) {
    if (b == null) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String mode = required(b.mode(), "mode");
    if (!MODES.contains(mode)) {
      throw ApiException.badField("mode", "error.unknown-value", mode, RouteMode.names());
    }
    String p = b.profile();
    TravelProfile profile = p == null ? TravelProfile.FOOT : TravelProfile.parse(p);
    if (profile == null) {
      throw ApiException.badField("profile", "error.unknown-value", p, "foot, vehicle");
    }
    Integer baseId = b.baseId();
    List<Integer> baseIds = null;
    if (b.baseIds() != null) {
      if (b.baseIds().isEmpty()) {
        throw ApiException.badField("baseIds", "error.empty");
      }
      if (b.baseIds().size() > MAX_TEAMS) {
        throw ApiException.badField("baseIds", "error.too-many", MAX_TEAMS);
      }
      for (int i = 0; i < b.baseIds().size(); i++) {
        if (b.baseIds().get(i) == null) {
          throw ApiException.badField("baseIds[" + i + "]", "error.required");
        }
      }
      baseIds = List.copyOf(b.baseIds());
    }
    Coordinate start = position(b.start(), "start");
    Coordinate end = position(b.end(), "end");
    List<Coordinate> stops = new ArrayList<>();
    if (b.stops() != null) {
      if (b.stops().size() > maxStops) {
        throw ApiException.badField("stops", "error.too-many", maxStops);
      }
      for (int i = 0; i < b.stops().size(); i++) {
        stops.add(Geo.position(b.stops().get(i), "stops[" + i + "]", AreaOfInterest.CAMBODIA_LAOS));
      }
    }
    Double budgetKm = b.budgetKm();
    if (budgetKm != null && !(budgetKm > 0 && budgetKm <= 1000)) {
      throw ApiException.badField("budgetKm", "error.range", 0, 1000);
    }
    OffsetDateTime from = null;
    OffsetDateTime to = null;
    if (b.window() != null) {
      from = time(b.window().from(), "window.from");
      to = time(b.window().to(), "window.to");
      if (from != null && to != null && from.isAfter(to)) {
        throw ApiException.badField("window.from", "error.date-order");
      }
    }
    int teams = 1;
    if (b.teams() != null) {
      teams = b.teams();
      if (teams < 1 || teams > MAX_TEAMS) {
        throw ApiException.badField("teams", "error.range", 1, MAX_TEAMS);
      }
    }
    boolean joint = Boolean.TRUE.equals(b.joint());
    String org = b.org(); // a country of the registry: checked by RouteService.plan
    String name = b.name();
    if (name != null && name.length() > 200) {
      throw ApiException.badField("name", "error.too-long", 200);
    }
    RouteRequest r = new RouteRequest(mode, profile, baseId, baseIds, start, end, stops, budgetKm, from, to, teams,
        joint, org, name);
    RouteMode.of(mode).requireFields(r);
    return r;
  }

  /** The same request with the hot-cell window {@code from}–{@code to}. */
  public RouteRequest withWindow(OffsetDateTime from, OffsetDateTime to) {
    return new RouteRequest(mode, profile, baseId, baseIds, start, end, stops, budgetKm, from, to, teams, joint, org,
        name);
  }

  private static String required(String value, String field) {
    if (value == null) {
      throw ApiException.badField(field, "error.required");
    }
    return value;
  }

  private static Coordinate position(JsonNode n, String key) {
    return n == null || n.isNull() ? null : Geo.position(n, key, AreaOfInterest.CAMBODIA_LAOS);
  }

  private static OffsetDateTime time(String v, String field) {
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(v).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw ApiException.badField(field, "error.wrong-type", v);
      }
    }
  }
}
