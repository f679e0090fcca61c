package org.borderzone.ogcapi;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.borderzone.incidents.Releasability;

/**
 * The SQL of {@code /ogc}, assembled from the registry ({@link Collections}) only: table, column and
 * predicate text comes from there, every request value is a named parameter ({@link Where#params}). GeoJSON
 * is built by PostGIS; coordinates are transformed or flipped in SQL for the requested {@link Crs}.
 */
final class OgcSql {

  private OgcSql() {}

  /** A where clause and its bound values. */
  record Where(String text, Map<String, Object> params) {}

  /** The geometry expression of {@code c} in {@code crs} (the SRID bound as {@code :crsSrid}). */
  static String geometry(Collections.Collection c, Crs crs) {
    if (crs.projected()) {
      return "st_transform(" + c.geomColumn() + ", cast(:crsSrid as int))";
    }
    return crs.latFirst ? "st_flipcoordinates(" + c.geomColumn() + ")" : c.geomColumn();
  }

  /** One feature of {@code c} as a GeoJSON Feature (json), {@code id} as a string, with {@code :digits}. */
  static String feature(Collections.Collection c, Crs crs) {
    String props = c.properties().stream().map(p -> "'" + p.name() + "', " + p.column())
        .collect(Collectors.joining(", "));
    return "json_build_object('type', 'Feature', 'id', (" + c.idColumn() + ")::text, 'geometry', st_asgeojson("
        + geometry(c, crs) + ", cast(:digits as int), 0)::json, 'properties', json_build_object(" + props + "))";
  }

  /** One page: the features and their keys, in key order, at most {@code :limit} rows. */
  static String page(Collections.Collection c, Crs crs, Where w) {
    return "select (" + feature(c, crs) + ")::text as f, " + c.idColumn() + " as k from " + c.from()
        + " where " + w.text() + " order by " + c.idColumn() + " limit :limit";
  }

  /** How many features match (the paging key ignored). */
  static String count(Collections.Collection c, Where w) {
    return "select count(*) from " + c.from() + " where " + w.text();
  }

  /** One feature by id, if the caller may see it. */
  static String one(Collections.Collection c, Crs crs) {
    return "select (" + feature(c, crs) + ")::text from " + c.from() + " where " + c.visibility() + " and "
        + c.idColumn() + " = :id";
  }

  /**
   * The spatial extent (CRS84) and temporal extent (RFC 3339 text) of what the caller may see: xmin, ymin, xmax,
   * ymax, t0, t1 (nulls when empty).
   */
  static String extent(Collections.Collection c) {
    Collections.Property t = c.temporalProperty();
    String t0 = "null::text";
    String t1 = "null::text";
    if (t != null && t.type() == Collections.Type.DATE) {
      t0 = "to_char(min(" + t.column() + "), 'YYYY-MM-DD\"T00:00:00Z\"')";
      t1 = "to_char(max(" + t.column() + "), 'YYYY-MM-DD\"T23:59:59Z\"')";
    } else if (t != null) {
      t0 = "to_char(min(" + t.column() + ") at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
      t1 = "to_char(max(" + t.column() + ") at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
    }
    return "select st_xmin(x.e) as xmin, st_ymin(x.e) as ymin, st_xmax(x.e) as xmax, st_ymax(x.e) as ymax,"
        + " x.t0, x.t1 from (select st_extent(" + c.geomColumn() + ") as e, " + t0 + " as t0, " + t1
        + " as t1 from " + c.from() + " where " + c.visibility() + ") x";
  }

  /** A point of {@code :srid} as EPSG:4326 [lon, lat] (creating features in another CRS). */
  static final String TO_WGS84 = """
      select st_x(p) as x, st_y(p) as y
      from (select st_transform(st_setsrid(st_makepoint(:x, :y), cast(:srid as int)), 4326) as p) t
      """;

  /**
   * The where clause of an items request (visibility, bbox, datetime, equalities, filter and, unless
   * {@code forCount}, the paging key).
   */
  static Where where(Collections.Collection c, OgcParams.Items q, SqlFragment filter, Object viewerOrg,
      boolean forCount) {
    List<String> parts = new ArrayList<>();
    Map<String, Object> p = new LinkedHashMap<>();
    parts.add(c.visibility());
    if (c.releasable()) {
      p.put(Releasability.PARAM, viewerOrg);
    }
    OgcParams.Bbox b = q.bbox();
    if (b != null) {
      p.put("bx0", b.minX());
      p.put("by0", b.minY());
      p.put("bx1", b.maxX());
      p.put("by1", b.maxY());
      String g = c.geomColumn();
      if (!b.crs().projected()) {
        String env = "st_makeenvelope(:bx0, :by0, :bx1, :by1, 4326)";
        parts.add(g + " && " + env + " and st_intersects(" + g + ", " + env + ")");
      } else {
        // exact in the bbox's own system; an index pre-filter with the densified box's envelope in degrees
        p.put("bsrid", b.crs().srid);
        p.put("bseg", Math.max(1.0, Math.max(b.maxX() - b.minX(), b.maxY() - b.minY()) / 64));
        String env = "st_makeenvelope(:bx0, :by0, :bx1, :by1, cast(:bsrid as int))";
        parts.add(g + " && st_expand(st_envelope(st_transform(st_segmentize(" + env + ", :bseg), 4326)), 0.0001)"
            + " and st_intersects(st_transform(" + g + ", cast(:bsrid as int)), " + env + ")");
      }
    }
    OgcParams.Datetime d = q.datetime();
    if (d != null) {
      Collections.Property t = c.temporalProperty();
      boolean date = t.type() == Collections.Type.DATE;
      String col = t.column();
      boolean instant = d.start() != null && d.start().equals(d.end()) && !d.endExclusive();
      if (instant) {
        parts.add(col + " = :dt0");
        p.put("dt0", date ? d.start().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate() : d.start());
      } else {
        if (d.start() != null) {
          parts.add(col + " >= :dt0");
          p.put("dt0", date ? d.start().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate() : d.start());
        }
        if (d.end() != null) {
          parts.add(col + (d.endExclusive() ? " < :dt1" : " <= :dt1"));
          p.put("dt1", date ? d.end().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate() : d.end());
        }
      }
    }
    int i = 0;
    for (OgcParams.Equality e : q.equalities()) {
      String name = "eq" + i++;
      parts.add(e.property().column() + " = :" + name);
      p.put(name, e.value());
    }
    if (filter != null) {
      parts.add("(" + filter.where() + ")");
      p.putAll(filter.params());
    }
    if (!forCount && q.after() != null) {
      parts.add(c.idColumn() + " > :after");
      p.put("after", q.after());
    }
    return new Where(parts.stream().map(s -> "(" + s + ")").collect(Collectors.joining(" and ")), p);
  }

  /** A bound SQL fragment of a filter (from the CQL2 parser): text with named parameters, and their values. */
  record SqlFragment(String where, Map<String, Object> params) {}
}
