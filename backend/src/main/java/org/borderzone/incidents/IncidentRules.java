package org.borderzone.incidents;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.borderzone.geo.AreaOfInterest;
import org.borderzone.geo.Geo;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonBody;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The validation rules of an incident, shared by {@code POST /api/incidents} (a GeoJSON Feature), GeoJSON
 * imports (each Feature) and CSV imports (each row). Every rule appends a {@link Problem} naming the field
 * instead of stopping, so one pass reports everything that is wrong. Rules:
 * <ul>
 *   <li>a Point inside {@link AreaOfInterest#CAMBODIA_LAOS}, [lon, lat] in degrees (NaN, out-of-range, swapped
 *       and outside positions are refused by {@link Geo#position});</li>
 *   <li>{@code type} one of {@link IncidentType}; {@code severity} an integer 1–5;</li>
 *   <li>{@code occurredAt} ISO 8601 (an instant with offset; a local date-time or date is read as UTC), not
 *       more than {@link #CLOCK_SKEW} in the future;</li>
 *   <li>{@code description} at most 4000 characters, {@code source} at most 200, no NUL characters;</li>
 *   <li>{@code releasability} SHARED or NATIONAL, NATIONAL when absent;</li>
 *   <li>{@code ownerOrg} comes from the caller: a body value equal to the caller's organisation is
 *       accepted (a Feature read back and re-sent), any other value is refused (422).</li>
 * </ul>
 */
final class IncidentRules {

  static final int MAX_DESCRIPTION = 4000;
  static final int MAX_SOURCE = 200;
  /** Clients' clocks may run a little ahead of ours. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final Clock clock;

  IncidentRules(Clock clock) {
    this.clock = clock;
  }

  // ------------------------------------------------------------------ GeoJSON Feature

  /**
   * A GeoJSON Feature of an incident as read by the strict reader ({@code POST /api/incidents}, each feature
   * of a GeoJSON import); the geometry is checked by {@link Geo}, the rest by {@link #feature}.
   */
  record IncidentFeature(String type, JsonNode geometry, Properties properties, Location location) {
    /** {@code clientId}: the id the reporting device gave the report (a UUID), see {@link #clientId}. */
    record Properties(String type, Integer severity, String occurredAt, String description, String source,
        String releasability, String ownerOrg, String clientId) {}

    /**
     * How the point was found, a foreign member of the Feature ({@code POST /api/incidents} and the OGC API
     * create; imports ignore it): {@code accuracy} in metres (the device's 68 % radius), {@code source} one of
     * {@link #LOCATION_SOURCES}, {@code fixTime} and {@code deviceTime} ISO 8601, and {@code accuracyConfirmed}
     * when the reporter confirmed a fix worse than the configured limit. Every member is optional.
     */
    record Location(Double accuracy, String source, String fixTime, String deviceTime, Boolean accuracyConfirmed) {}
  }

  /** The location facts of a report, checked; every value may be null (not sent). */
  record ReportLocation(Double accuracyM, String source, OffsetDateTime fixTime, OffsetDateTime deviceTime,
      boolean confirmedOverLimit) {
    static final ReportLocation NONE = new ReportLocation(null, null, null, null, false);
  }

  /** {@code location.source}: the device's fix, typed or dragged, a tap on the map, the photo's GPS EXIF. */
  static final List<String> LOCATION_SOURCES = List.of("gps", "manual", "map", "photo");
  /** The largest accuracy radius stored at all, in metres (the configured limit is at most this). */
  static final double MAX_ACCURACY_M = 10_000;
  /** A fix or device time older than this is refused: a report waits in an outbox for days, not for months. */
  static final Duration MAX_FIX_AGE = Duration.ofDays(30);

  /**
   * Checks the {@code location} member of a report against the bounds and the configured accuracy limit
   * ({@code maxAccuracyM}); problems (all 422) name {@code location.…}. Null in: {@link ReportLocation#NONE}.
   */
  ReportLocation location(IncidentFeature.Location l, double maxAccuracyM, List<Problem> out) {
    if (l == null) {
      return ReportLocation.NONE;
    }
    int before = out.size();
    String source = null;
    if (l.source() != null) {
      source = l.source().strip().toLowerCase(Locale.ROOT);
      if (!LOCATION_SOURCES.contains(source)) {
        out.add(unprocessable("location.source", "error.unknown-value", l.source(), String.join(", ", LOCATION_SOURCES)));
        source = null;
      }
    }
    Double accuracy = l.accuracy();
    boolean confirmed = Boolean.TRUE.equals(l.accuracyConfirmed());
    boolean overLimit = false;
    if (accuracy != null) {
      if (!(accuracy > 0 && accuracy <= MAX_ACCURACY_M)) {
        out.add(unprocessable("location.accuracy", "error.accuracy-range", (long) MAX_ACCURACY_M));
      } else if ("manual".equals(source) || "map".equals(source)) {
        out.add(unprocessable("location.accuracy", "error.accuracy-not-a-fix", source));
      } else if (accuracy > maxAccuracyM) {
        overLimit = true;
        if (!confirmed) {
          out.add(unprocessable("location.accuracy", "error.accuracy-over-limit", accuracy, maxAccuracyM));
        }
      }
    }
    OffsetDateTime fix = fixTime(l.fixTime(), "location.fixTime", out);
    OffsetDateTime device = fixTime(l.deviceTime(), "location.deviceTime", out);
    if (out.size() > before) {
      return null;
    }
    return new ReportLocation(accuracy, source, fix, device, overLimit && confirmed);
  }

  /** A fix or device time: optional, ISO 8601, not beyond {@link #CLOCK_SKEW} ahead, not older than {@link #MAX_FIX_AGE}. */
  private OffsetDateTime fixTime(String v, String field, List<Problem> out) {
    if (v == null) {
      return null;
    }
    OffsetDateTime t = v.isBlank() ? null : parseTime(v.strip());
    if (t == null) {
      out.add(unprocessable(field, "error.time-format", v));
      return null;
    }
    Instant now = clock.instant();
    if (t.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
      out.add(unprocessable(field, "error.date-future"));
      return null;
    }
    if (t.toInstant().isBefore(now.minus(MAX_FIX_AGE))) {
      out.add(unprocessable(field, "error.fix-too-old", MAX_FIX_AGE.toDays()));
      return null;
    }
    return t;
  }

  /**
   * Checks one GeoJSON Feature; {@code prefix} is the path of the feature ("" for a request body,
   * "features[3]." in an import). Returns the incident, or null when a problem was added to {@code out}.
   */
  NewIncident feature(IncidentFeature f, String prefix, Actor actor, List<Problem> out) {
    int before = out.size();
    if (f == null) {
      out.add(bad(prefix.isEmpty() ? "body" : strip(prefix), "error.feature-expected"));
      return null;
    }
    if (f.type() != null && !"Feature".equals(f.type())) {
      out.add(bad(prefix + "type", "error.feature-expected"));
    }
    Coordinate c = null;
    JsonNode g = f.geometry();
    if (g == null || g.isNull()) {
      out.add(bad(prefix + "geometry", "error.required"));
    } else {
      try {
        Point p = (Point) Geo.geometry(g, prefix + "geometry", "Point", AreaOfInterest.CAMBODIA_LAOS);
        c = p.getCoordinate();
      } catch (ApiException e) {
        add(e, out);
      }
    }
    IncidentFeature.Properties props = f.properties();
    String pp = prefix + "properties.";
    if (props == null) {
      out.add(bad(prefix + "properties", "error.required", "null"));
      return null;
    }
    IncidentType type = type(props.type(), pp + "type", out);
    Integer severity = null;
    if (props.severity() == null) {
      out.add(bad(pp + "severity", "error.required"));
    } else {
      severity = severity(props.severity(), pp + "severity", out);
    }
    OffsetDateTime occurredAt = time(props.occurredAt(), pp + "occurredAt", out);
    String description = limited(props.description(), MAX_DESCRIPTION, pp + "description", out);
    String source = limited(props.source(), MAX_SOURCE, pp + "source", out);
    String releasability = releasability(props.releasability(), pp + "releasability", out);
    ownerOrg(props.ownerOrg(), pp + "ownerOrg", actor, out);
    if (out.size() > before || c == null) {
      return null;
    }
    return new NewIncident(c.x, c.y, type, severity, occurredAt, description, source, releasability);
  }

  /**
   * Reads one feature of an import (a JSON tree) with the strict reader and checks it; a reading failure (wrong
   * type, fraction, out-of-range integer) is a problem of that feature.
   */
  NewIncident feature(JsonNode f, String prefix, Actor actor, List<Problem> out) {
    if (f == null || !f.isObject()) {
      out.add(bad(prefix.isEmpty() ? "body" : strip(prefix), "error.feature-expected"));
      return null;
    }
    IncidentFeature read;
    try {
      read = JsonBody.convert(f, IncidentFeature.class, strip(prefix));
    } catch (ApiException e) {
      add(e, out);
      return null;
    }
    return feature(read, prefix, actor, out);
  }

  private static String strip(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }

  /** A UUID in its usual form, or as 32 hex digits (the web client's Idempotency-Keys). */
  private static final java.util.regex.Pattern UUID_TEXT = java.util.regex.Pattern.compile(
      "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

  /**
   * The device's id of a report (offline outbox, docs/OFFLINE.md): {@code properties.clientId} when the body has
   * one (a UUID, else 400 naming it), otherwise the {@code Idempotency-Key} when that is a UUID, otherwise none.
   */
  static java.util.UUID clientId(IncidentFeature f, String idempotencyKey, List<Problem> out) {
    String given = f == null || f.properties() == null ? null : f.properties().clientId();
    if (given != null) {
      java.util.UUID id = uuid(given.strip());
      if (id == null) {
        out.add(bad("properties.clientId", "error.client-id"));
      }
      return id;
    }
    return idempotencyKey == null ? null : uuid(idempotencyKey.strip());
  }

  private static java.util.UUID uuid(String s) {
    if (!UUID_TEXT.matcher(s).matches()) {
      return null;
    }
    String h = s.replace("-", "");
    return new java.util.UUID(Long.parseUnsignedLong(h.substring(0, 16), 16), Long.parseUnsignedLong(h.substring(16), 16));
  }

  // ------------------------------------------------------------------ shared field rules

  static IncidentType type(String v, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      out.add(bad(field, "error.required"));
      return null;
    }
    IncidentType t = IncidentType.find(v);
    if (t == null) {
      out.add(bad(field, "error.unknown-value", v, IncidentType.NAMES));
    }
    return t;
  }

  static Integer severity(double v, String field, List<Problem> out) {
    if (v < 1 || v > 5) {
      out.add(bad(field, "error.severity-range", v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v)));
      return null;
    }
    return (int) v;
  }

  /** Severity as CSV text: an integer 1–5. */
  static Integer severity(String v, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      out.add(bad(field, "error.required"));
      return null;
    }
    try {
      return severity(Integer.parseInt(v.strip()), field, out);
    } catch (NumberFormatException e) {
      out.add(bad(field, "error.wrong-type", v));
      return null;
    }
  }

  OffsetDateTime time(String v, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      out.add(bad(field, "error.required"));
      return null;
    }
    OffsetDateTime t = parseTime(v.strip());
    if (t == null) {
      out.add(bad(field, "error.time-format", v));
      return null;
    }
    if (t.toInstant().isAfter(clock.instant().plus(CLOCK_SKEW))) {
      out.add(unprocessable(field, "error.date-future"));
      return null;
    }
    if (t.getYear() < 1900) {
      out.add(unprocessable(field, "error.date-too-old", v));
      return null;
    }
    return t;
  }

  /**
   * ISO 8601: {@code 2025-03-01T10:15:30Z}, {@code 2025-03-01T17:15:30+07:00}, a local date-time
   * ({@code 2025-03-01T10:15:30} or with a space instead of T) read as UTC, or a date read as midnight UTC.
   */
  static OffsetDateTime parseTime(String s) {
    java.util.regex.Matcher g = GDAL_TIME.matcher(s);
    if (g.matches()) {
      // GDAL's text form of a date-time (ogr2ogr writes it to KML and CSV): 2026/03/01 10:15:30+00
      String off = g.group(5) == null ? "Z" : g.group(5).equals("Z") ? "Z"
          : g.group(5).length() == 3 ? g.group(5) + ":00"
          : g.group(5).length() == 5 ? g.group(5).substring(0, 3) + ":" + g.group(5).substring(3) : g.group(5);
      s = g.group(1) + "-" + g.group(2) + "-" + g.group(3) + (g.group(4) == null ? "" : "T" + g.group(4) + off);
    }
    String v = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    try {
      return OffsetDateTime.parse(v);
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return Instant.parse(v).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next form
    }
    try {
      return LocalDate.parse(v).atStartOfDay().atOffset(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  private static final java.util.regex.Pattern GDAL_TIME = java.util.regex.Pattern.compile(
      "(\\d{4})/(\\d{2})/(\\d{2})(?:[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}(?::?\\d{2})?)?)?");

  static String limited(String v, int max, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > max) {
      out.add(bad(field, "error.too-long", max));
      return null;
    }
    if (v.indexOf('\0') >= 0) {
      out.add(bad(field, "error.nul-character"));
      return null;
    }
    return v;
  }

  static String releasability(String v, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      return "NATIONAL";
    }
    String r = v.strip().toUpperCase(Locale.ROOT);
    if (!r.equals("SHARED") && !r.equals("NATIONAL")) {
      out.add(bad(field, "error.unknown-value", v, "SHARED, NATIONAL"));
      return null;
    }
    return r;
  }

  static void ownerOrg(String v, String field, Actor actor, List<Problem> out) {
    if (v != null && !v.isBlank() && !v.strip().equalsIgnoreCase(actor.orgCode())) {
      out.add(unprocessable(field, "error.owner-org", v, actor.orgCode()));
    }
  }

  /** A position given as two numbers (CSV), checked like a GeoJSON position; problems name the columns. */
  static Coordinate position(String lonText, String latText, String lonField, String latField, List<Problem> out) {
    Double lon = number(lonText, lonField, out);
    Double lat = number(latText, latField, out);
    if (lon == null || lat == null) {
      return null;
    }
    return position(lon, lat, lonField, latField, lonField.equals(latField) ? lonField : lonField + "," + latField, out);
  }

  private static Coordinate position(double lon, double lat, String lonField, String latField, String both,
      List<Problem> out) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode().add(lon).add(lat);
    try {
      return Geo.position(a, "p", AreaOfInterest.CAMBODIA_LAOS);
    } catch (ApiException e) {
      for (ApiException.FieldError fe : e.errors()) {
        String f = switch (fe.field()) {
          case "p[0]" -> lonField;
          case "p[1]" -> latField;
          default -> both;
        };
        out.add(new Problem(0, e.status() == HttpStatus.BAD_REQUEST, f, fe.code(), fe.args()));
      }
      return null;
    }
  }

  /** A position given as WKT {@code POINT (lon lat)} (CSV {@code wkt} column). */
  static Coordinate wkt(String text, String field, List<Problem> out) {
    if (text == null || text.isBlank()) {
      out.add(bad(field, "error.required"));
      return null;
    }
    Geometry g;
    try {
      g = Geo.wkt(text, field);
    } catch (ApiException e) {
      add(e, out);
      return null;
    }
    if (!(g instanceof Point p) || p.isEmpty()) {
      out.add(bad(field, "error.geometry-type", "Point", g.getGeometryType()));
      return null;
    }
    return position(p.getX(), p.getY(), field, field, field, out);
  }

  private static Double number(String v, String field, List<Problem> out) {
    if (v == null || v.isBlank()) {
      out.add(bad(field, "error.required"));
      return null;
    }
    try {
      double d = Double.parseDouble(v.strip());
      if (!Double.isFinite(d)) {
        out.add(bad(field, "error.not-finite", v));
        return null;
      }
      return d;
    } catch (NumberFormatException e) {
      out.add(bad(field, "error.wrong-type", v));
      return null;
    }
  }

  private static void add(ApiException e, List<Problem> out) {
    for (ApiException.FieldError fe : e.errors()) {
      out.add(new Problem(0, e.status() == HttpStatus.BAD_REQUEST, fe.field(), fe.code(), fe.args()));
    }
  }

  static Problem bad(String field, String code, Object... args) {
    return new Problem(0, true, field, code, args);
  }

  static Problem unprocessable(String field, String code, Object... args) {
    return new Problem(0, false, field, code, args);
  }
}
