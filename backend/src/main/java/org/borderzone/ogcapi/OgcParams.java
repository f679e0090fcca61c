package org.borderzone.ogcapi;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.borderzone.system.ApiException;
import org.borderzone.system.Limits;
import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of {@code /ogc/collections/{id}/items}, each checked and bounded before any query runs;
 * every refusal is a 4xx problem naming the parameter. See docs/OGCAPI.md for the rules.
 */
final class OgcParams {

  /** {@code limit}: default and maximum (published in the OpenAPI document, which QGIS sizes its pages from). */
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 10_000;
  /**
   * Part 1 says a limit above the maximum is no error but served as the maximum; a limit above this one is
   * not a page size but a mistake or an attack ({@code 10^12}), refused with 422.
   */
  static final long ABSURD_LIMIT = 1_000_000;
  /** Longest value of any parameter that we read (a CQL2 filter has its own bound). */
  static final int MAX_VALUE_LENGTH = 2_000;

  /** The parameters every items request may carry besides the collection's queryables. */
  static final Set<String> ITEMS_PARAMS = Set.of("f", "limit", "bbox", "bbox-crs", "datetime", "crs", "cursor",
      "filter", "filter-lang", "filter-crs");

  private OgcParams() {}

  /** A bbox in EPSG:4326 [lon, lat] order or in a projected system ({@code crs}), min corner first. */
  record Bbox(Crs crs, double minX, double minY, double maxX, double maxY) {}

  /**
   * A datetime filter: an instant ({@code start == end}), a closed or half-open interval (null ends are open);
   * {@code dateOnlyEnd} when the end was a date (then it is exclusive: the end of that day).
   */
  record Datetime(OffsetDateTime start, OffsetDateTime end, boolean endExclusive) {}

  /** One {@code prop=value} equality on a queryable, the value converted to its type. */
  record Equality(Collections.Property property, Object value) {}

  /** A parsed items request. */
  record Items(int limit, Bbox bbox, Datetime datetime, Crs crs, Object after, List<Equality> equalities,
      String filter, Crs filterCrs) {}

  static Items items(Collections.Collection c, MultiValueMap<String, String> q) {
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      String name = e.getKey();
      if (!ITEMS_PARAMS.contains(name) && c.property(name).filter(Collections.Property::queryable).isEmpty()) {
        throw ApiException.badField(clip(name), "error.ogc-unknown-parameter", clip(name),
            String.join(", ", allowed(c)));
      }
      if (e.getValue().size() > 1) {
        throw ApiException.badField(clip(name), "error.ogc-repeated");
      }
      String v = e.getValue().get(0);
      if (v != null && v.length() > MAX_VALUE_LENGTH && !name.equals("filter")) {
        throw ApiException.badField(name, "error.too-long", MAX_VALUE_LENGTH);
      }
    }
    format(q.getFirst("f"), Set.of("json", "html"));
    int limit = limit(q.getFirst("limit"));
    Crs bboxCrs = Crs.parse(q.getFirst("bbox-crs"), "bbox-crs", Crs.CRS84);
    Bbox bbox = bbox(q.getFirst("bbox"), bboxCrs);
    Datetime dt = datetime(q.getFirst("datetime"));
    if (dt != null && c.temporal() == null) {
      throw ApiException.badField("datetime", "error.ogc-no-temporal", c.id());
    }
    Crs crs = Crs.parse(q.getFirst("crs"), "crs", Crs.CRS84);
    Object after = cursor(q.getFirst("cursor"), c);
    List<Equality> eq = new ArrayList<>();
    for (Collections.Property p : c.queryables()) {
      String v = q.getFirst(p.name());
      if (v != null) {
        eq.add(new Equality(p, value(p, v, p.name())));
      }
    }
    String filter = q.getFirst("filter");
    String lang = q.getFirst("filter-lang");
    if (lang != null && !lang.equals("cql2-text")) {
      throw ApiException.badField("filter-lang", "error.unknown-value", clip(lang), "cql2-text");
    }
    Crs filterCrs = Crs.parse(q.getFirst("filter-crs"), "filter-crs", Crs.CRS84);
    return new Items(limit, bbox, dt, crs, after, eq, filter, filterCrs);
  }

  static List<String> allowed(Collections.Collection c) {
    List<String> names = new ArrayList<>(new java.util.TreeSet<>(ITEMS_PARAMS));
    c.queryables().forEach(p -> names.add(p.name()));
    return names;
  }

  /** {@code f}: one of {@code allowed}, or null when absent (then the Accept header decides). */
  static String format(String f, Set<String> allowed) {
    if (f == null) {
      return null;
    }
    if (!allowed.contains(f)) {
      throw ApiException.badField("f", "error.unknown-value", clip(f), String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return f;
  }

  /**
   * {@code limit}: an integer; 1..{@link #MAX_LIMIT} as asked, above that served as the maximum (Part 1,
   * /req/core/fc-limit-response-1), above {@link #ABSURD_LIMIT} refused (422); not an integer or below 1: 400.
   */
  static int limit(String v) {
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    String s = v.strip();
    if (!s.matches("[+-]?[0-9]{1,30}")) {
      throw ApiException.badField("limit", "error.ogc-limit", clip(v), MAX_LIMIT);
    }
    java.math.BigInteger n = new java.math.BigInteger(s);
    if (n.signum() <= 0) {
      throw ApiException.badField("limit", "error.ogc-limit", clip(v), MAX_LIMIT);
    }
    if (n.compareTo(java.math.BigInteger.valueOf(ABSURD_LIMIT)) > 0) {
      throw Limits.over("limit", "error.ogc-limit-absurd", ABSURD_LIMIT, n.min(java.math.BigInteger
          .valueOf(Long.MAX_VALUE)).longValue());
    }
    return (int) Math.min(n.longValue(), MAX_LIMIT);
  }

  /**
   * {@code bbox}: 4 numbers (min x, min y, max x, max y in the axis order of {@code crs}) or 6 (with heights,
   * which are checked and ignored); finite, within the system's range, min &lt;= max (no box across the
   * antimeridian: the border is at 100–108 °E). Returned in [lon, lat] order for the geographic systems.
   */
  static Bbox bbox(String v, Crs crs) {
    if (v == null) {
      return null;
    }
    String[] parts = v.split(",", -1);
    if (parts.length != 4 && parts.length != 6) {
      throw ApiException.badField("bbox", "error.ogc-bbox-count", parts.length);
    }
    double[] n = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].strip();
      if (!p.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]{1,3})?")) {
        throw ApiException.badField("bbox", "error.ogc-bbox-number", clip(p));
      }
      n[i] = Double.parseDouble(p);
      if (!Double.isFinite(n[i])) {
        throw ApiException.badField("bbox", "error.ogc-bbox-number", clip(p));
      }
    }
    double x0 = n[0];
    double y0 = n[1];
    double x1 = parts.length == 4 ? n[2] : n[3];
    double y1 = parts.length == 4 ? n[3] : n[4];
    if (parts.length == 6 && n[2] > n[5]) {
      throw ApiException.badField("bbox", "error.ogc-bbox-order");
    }
    double[] r = crs.range;
    if (x0 < r[0] || x0 > r[2] || x1 < r[0] || x1 > r[2] || y0 < r[1] || y0 > r[3] || y1 < r[1] || y1 > r[3]) {
      throw ApiException.badField("bbox", "error.ogc-bbox-range", r[0], r[1], r[2], r[3], crs.uri);
    }
    if (x0 > x1 || y0 > y1) {
      throw ApiException.badField("bbox", "error.ogc-bbox-order");
    }
    if (crs.latFirst) {
      return new Bbox(crs, y0, x0, y1, x1);
    }
    return new Bbox(crs, x0, y0, x1, y1);
  }

  /**
   * {@code datetime} (Part 1, RFC 3339): an instant, or an interval {@code start/end} with either end open
   * ({@code ..} or empty). QGIS sends open ends as {@code 0000-01-01T00:00:00Z} and
   * {@code 9999-12-31T00:00:00Z} (or later), read as open too. A date (YYYY-MM-DD) stands for its whole day.
   */
  static Datetime datetime(String v) {
    if (v == null) {
      return null;
    }
    String s = v.strip();
    int slash = s.indexOf('/');
    if (slash < 0) {
      if (isDate(s)) {
        LocalDate d = date(s);
        return new Datetime(d.atStartOfDay().atOffset(ZoneOffset.UTC), d.plusDays(1).atStartOfDay()
            .atOffset(ZoneOffset.UTC), true);
      }
      OffsetDateTime t = instant(s);
      return new Datetime(t, t, false);
    }
    if (s.indexOf('/', slash + 1) >= 0) {
      throw ApiException.badField("datetime", "error.ogc-datetime", clip(v));
    }
    String a = s.substring(0, slash).strip();
    String b = s.substring(slash + 1).strip();
    OffsetDateTime start = open(a) ? null : isDate(a) ? date(a).atStartOfDay().atOffset(ZoneOffset.UTC) : instant(a);
    boolean endDate = !open(b) && isDate(b);
    OffsetDateTime end = open(b) ? null : endDate ? date(b).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC)
        : instant(b);
    if (start != null && start.getYear() <= 0) {
      start = null;
    }
    if (end != null && end.getYear() >= 9999) {
      end = null;
    }
    if (start == null && end == null && !(open(a) && open(b))) {
      return null;
    }
    if (start != null && end != null && start.isAfter(end)) {
      throw ApiException.badField("datetime", "error.ogc-datetime-order", clip(v));
    }
    return new Datetime(start, end, endDate);
  }

  private static boolean open(String s) {
    return s.isEmpty() || s.equals("..");
  }

  private static boolean isDate(String s) {
    return s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  }

  private static LocalDate date(String s) {
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiException.badField("datetime", "error.ogc-datetime", clip(s));
    }
  }

  private static OffsetDateTime instant(String s) {
    // RFC 3339: a date-time with a Z or an offset; 'z' and 't' and a space are allowed by RFC 3339 too.
    if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})")) {
      throw ApiException.badField("datetime", "error.ogc-datetime", clip(s));
    }
    try {
      return OffsetDateTime.parse(s.replace(' ', 'T').replace('t', 'T').replace('z', 'Z'));
    } catch (DateTimeParseException e) {
      throw ApiException.badField("datetime", "error.ogc-datetime", clip(s));
    }
  }

  /** A {@code prop=value} value as the property's type (400 naming the property). */
  static Object value(Collections.Property p, String v, String field) {
    String s = v.strip();
    if (!p.enumValues().isEmpty() && !p.enumValues().contains(s)) {
      throw ApiException.badField(field, "error.unknown-value", clip(v), String.join(", ", p.enumValues()));
    }
    try {
      return switch (p.type()) {
        case STRING -> v;
        case INTEGER -> Long.parseLong(s);
        case NUMBER -> {
          double d = Double.parseDouble(s);
          if (!Double.isFinite(d)) {
            throw new NumberFormatException();
          }
          yield new java.math.BigDecimal(s);
        }
        case BOOLEAN -> {
          if (!s.equals("true") && !s.equals("false")) {
            throw new NumberFormatException();
          }
          yield Boolean.parseBoolean(s);
        }
        case TIMESTAMP -> OffsetDateTime.parse(s);
        case DATE -> LocalDate.parse(s);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw ApiException.badField(field, "error.wrong-type", clip(v));
    }
  }

  // ------------------------------------------------------------------ cursor

  /** The opaque cursor of a {@code next} link: the key of the last feature served, base64url. */
  static String cursorOf(Object key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** The key after which a page starts, or null (first page); 400 naming {@code cursor} when it is not ours. */
  static Object cursor(String v, Collections.Collection c) {
    if (v == null) {
      return null;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(v.strip()), StandardCharsets.UTF_8);
      if (!s.startsWith("k:")) {
        throw new IllegalArgumentException();
      }
      return key(s.substring(2), c);
    } catch (IllegalArgumentException e) {
      throw ApiException.badField("cursor", "error.ogc-cursor");
    }
  }

  /** A feature id of the collection from text, or null when it cannot be one (then it does not exist). */
  static Object keyOrNull(String id, Collections.Collection c) {
    try {
      return key(id, c);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Object key(String s, Collections.Collection c) {
    if (c.idKind() == Collections.IdKind.UUID) {
      if (!s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
        throw new IllegalArgumentException(s);
      }
      return UUID.fromString(s);
    }
    if (!s.matches("-?[0-9]{1,18}")) {
      throw new IllegalArgumentException(s);
    }
    return Long.parseLong(s);
  }

  // ------------------------------------------------------------------ helpers

  /** Request text as quoted in a message: at most 60 characters. */
  static String clip(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** 404 naming {@code field}. */
  static ApiException notFound(String field, String code, Object... args) {
    return new ApiException(HttpStatus.NOT_FOUND, "problem.not-found",
        List.of(new ApiException.FieldError(field, code, args)));
  }

  /** The parameters of a request that are not in {@code allowed}, refused (400 naming the first). */
  static void onlyParams(MultiValueMap<String, String> q, Set<String> allowed) {
    for (String name : q.keySet()) {
      if (!allowed.contains(name)) {
        throw ApiException.badField(clip(name), "error.ogc-unknown-parameter", clip(name),
            String.join(", ", new java.util.TreeSet<>(allowed)));
      }
    }
  }

  static Map<String, String> single(MultiValueMap<String, String> q) {
    Map<String, String> m = new LinkedHashMap<>();
    q.forEach((k, v) -> m.put(k, v.isEmpty() ? null : v.get(0)));
    return m;
  }

  static Instant now() {
    return Instant.now();
  }
}
