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

  public static RouteRequest parse(JsonNode b, int maxStops) {
    if (b == null || !b.isObject()) {
      throw ApiException.badField("body", "error.body-missing");
    }
    String mode = str(b, "mode", true);
    if (!MODES.contains(mode)) {
      throw ApiException.badField("mode", "error.unknown-value", mode, RouteMode.names());
    }
    String p = str(b, "profile", false);
    TravelProfile profile = p == null ? TravelProfile.FOOT : TravelProfile.parse(p);
    if (profile == null) {
      throw ApiException.badField("profile", "error.unknown-value", p, "foot, vehicle");
    }
    Integer baseId = integer(b.get("baseId"), "baseId");
    List<Integer> baseIds = null;
    JsonNode bi = b.get("baseIds");
    if (bi != null && !bi.isNull()) {
      if (!bi.isArray() || bi.isEmpty()) {
        throw ApiException.badField("baseIds", "error.empty");
      }
      if (bi.size() > MAX_TEAMS) {
        throw ApiException.badField("baseIds", "error.too-many", MAX_TEAMS);
      }
      baseIds = new ArrayList<>();
      for (int i = 0; i < bi.size(); i++) {
        baseIds.add(integer(bi.get(i), "baseIds[" + i + "]"));
      }
    }
    Coordinate start = position(b, "start");
    Coordinate end = position(b, "end");
    List<Coordinate> stops = new ArrayList<>();
    JsonNode s = b.get("stops");
    if (s != null && !s.isNull()) {
      if (!s.isArray()) {
        throw ApiException.badField("stops", "error.wrong-type", s.getNodeType().toString());
      }
      if (s.size() > maxStops) {
        throw ApiException.badField("stops", "error.too-many", maxStops);
      }
      for (int i = 0; i < s.size(); i++) {
        stops.add(Geo.position(s.get(i), "stops[" + i + "]", AreaOfInterest.CAMBODIA_LAOS));
      }
    }
    Double budgetKm = null;
    JsonNode bk = b.get("budgetKm");
    if (bk != null && !bk.isNull()) {
      if (!bk.isNumber()) {
        throw ApiException.badField("budgetKm", "error.wrong-type", bk.toString());
      }
      budgetKm = bk.asDouble();
      if (!(budgetKm > 0 && budgetKm <= 1000)) {
        throw ApiException.badField("budgetKm", "error.range", 0, 1000);
      }
    }
    OffsetDateTime from = null;
    OffsetDateTime to = null;
    JsonNode w = b.get("window");
    if (w != null && !w.isNull()) {
      if (!w.isObject()) {
        throw ApiException.badField("window", "error.wrong-type", w.toString());
      }
      from = time(w.get("from"), "window.from");
      to = time(w.get("to"), "window.to");
      if (from != null && to != null && from.isAfter(to)) {
        throw ApiException.badField("window.from", "error.date-order");
      }
    }
    int teams = 1;
    JsonNode t = b.get("teams");
    if (t != null && !t.isNull()) {
      if (!t.isIntegralNumber()) {
        throw ApiException.badField("teams", "error.wrong-type", t.toString());
      }
      teams = t.asInt();
      if (teams < 1 || teams > MAX_TEAMS) {
        throw ApiException.badField("teams", "error.range", 1, MAX_TEAMS);
      }
    }
    boolean joint = false;
    JsonNode j = b.get("joint");
    if (j != null && !j.isNull()) {
      if (!j.isBoolean()) {
        throw ApiException.badField("joint", "error.wrong-type", j.toString());
      }
      joint = j.asBoolean();
    }
    String org = str(b, "org", false);
    if (org != null && !org.equals("KH") && !org.equals("LA")) {
      throw ApiException.badField("org", "error.unknown-value", org, "KH, LA");
    }
    String name = str(b, "name", false);
    if (name != null && name.length() > 200) {
      throw ApiException.badField("name", "error.too-long", 200);
    }
    RouteRequest r = new RouteRequest(mode, profile, baseId, baseIds, start, end, stops, budgetKm, from, to, teams,
        joint, org, name);
    RouteMode.of(mode).requireFields(r);
    return r;
  }

  private static String str(JsonNode b, String key, boolean required) {
    JsonNode n = b.get(key);
    if (n == null || n.isNull()) {
      if (required) {
        throw ApiException.badField(key, "error.required");
      }
      return null;
    }
    if (!n.isString()) {
      throw ApiException.badField(key, "error.wrong-type", n.toString());
    }
    return n.asString();
  }

  private static Integer integer(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw ApiException.badField(field, "error.wrong-type", n.toString());
    }
    return n.asInt();
  }

  private static Coordinate position(JsonNode b, String key) {
    JsonNode n = b.get(key);
    return n == null || n.isNull() ? null : Geo.position(n, key, AreaOfInterest.CAMBODIA_LAOS);
  }

  private static OffsetDateTime time(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      throw ApiException.badField(field, "error.wrong-type", n.toString());
    }
    try {
      return OffsetDateTime.parse(n.asString());
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(n.asString()).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        throw ApiException.badField(field, "error.wrong-type", n.asString());
      }
    }
  }
}
