package org.borderzone.export;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.borderzone.pillars.PillarStatus;
import org.borderzone.segments.SegmentStatus;

/**
 * The exportable datasets, a server-side registry: the path segment of {@code /api/exports/{dataset}} is only
 * ever looked up here. Each names its columns (the attribute names of every format, in this order), its geometry,
 * the filters that apply to it, its statuses, and its statements in {@link ExportSql}.
 */
enum Dataset {
  INCIDENTS("incidents", Geom.POINT, "i.geom", ExportSql.INCIDENTS, ExportSql.INCIDENTS_COUNT,
      Set.of(Filter.BBOX, Filter.WINDOW, Filter.TYPE, Filter.STATUS, Filter.MIN_SEVERITY),
      List.of("REPORTED", "VERIFIED", "CLOSED", "DISMISSED"),
      List.of(Column.text("id"), Column.text("type"), Column.integer("severity"), Column.text("status"),
          Column.time("occurredAt", "occurred_at"), Column.time("reportedAt", "reported_at"),
          Column.text("description"), Column.text("source"), Column.text("ownerOrg", "owner_org"),
          Column.text("releasability"), Column.text("segmentCode", "segment_code"),
          Column.real("distanceToBorderM", "distance_to_border_m"), Column.text("side"),
          Column.bool("inDisputedArea", "in_disputed_area"))),
  SEGMENTS("segments", Geom.LINESTRING, "s.geom", ExportSql.SEGMENTS, ExportSql.SEGMENTS_COUNT,
      Set.of(Filter.BBOX, Filter.STATUS),
      Stream.of(SegmentStatus.values()).map(Enum::name).toList(),
      List.of(Column.integer("id"), Column.text("code"), Column.integer("seq"),
          Column.text("sectorCode", "sector_code"), Column.text("sectorName", "sector_name"),
          Column.real("lengthM", "length_m"), Column.text("status"), Column.time("statusSince", "status_since"),
          Column.integer("version"), Column.text("notes"))),
  PILLARS("pillars", Geom.POINT, "p.geom", ExportSql.PILLARS, ExportSql.PILLARS_COUNT,
      Set.of(Filter.BBOX, Filter.STATUS),
      Stream.of(PillarStatus.values()).map(Enum::name).toList(),
      List.of(Column.integer("id"), Column.text("number"), Column.text("segmentCode", "segment_code"),
          Column.text("status"), Column.time("statusSince", "status_since"),
          Column.time("lastInspectedAt", "last_inspected_at"))),
  INSPECTIONS("inspections", Geom.MULTILINESTRING, "cov.geom", ExportSql.INSPECTIONS, ExportSql.INSPECTIONS_COUNT,
      Set.of(Filter.BBOX, Filter.WINDOW), List.of(),
      List.of(Column.integer("id"), Column.date("inspectedOn", "inspected_on"), Column.text("organisations"),
          Column.text("outcome"), Column.text("minutesRef", "minutes_ref"), Column.text("notes"),
          Column.text("recordedBy", "recorded_by"), Column.text("recordedOrg", "recorded_org"),
          Column.time("recordedAt", "recorded_at"), Column.text("segmentCodes", "segment_codes"),
          Column.integer("findings"))),
  PATROL_PLANS("patrol-plans", Geom.MULTILINESTRING, "p.route_geom", ExportSql.PLANS, ExportSql.PLANS_COUNT,
      Set.of(Filter.BBOX, Filter.WINDOW, Filter.STATUS), List.of("PLANNED", "DONE", "CANCELLED"),
      List.of(Column.integer("id"), Column.text("name"), Column.text("ownerOrg", "owner_org"),
          Column.text("createdBy", "created_by"), Column.time("createdAt", "created_at"), Column.text("mode"),
          Column.text("profile"), Column.bool("joint"), Column.text("status"), Column.real("lengthM", "length_m"),
          Column.real("durationS", "duration_s"), Column.date("plannedFor", "planned_for")));

  /** The filters a dataset may take; one given to a dataset it does not apply to is a 400 naming it. */
  enum Filter { BBOX, WINDOW, TYPE, STATUS, MIN_SEVERITY }

  /** The geometry type of a dataset (GeoPackage and FlatGeobuf declare it). */
  enum Geom { POINT, LINESTRING, MULTILINESTRING }

  enum Type { TEXT, INTEGER, REAL, BOOLEAN, DATETIME, DATE }

  /** One attribute: its exported name, its SQL column and type. */
  record Column(String name, String sql, Type type) {
    static Column text(String name) {
      return new Column(name, name, Type.TEXT);
    }

    static Column text(String name, String sql) {
      return new Column(name, sql, Type.TEXT);
    }

    static Column integer(String name) {
      return new Column(name, name, Type.INTEGER);
    }

    static Column real(String name, String sql) {
      return new Column(name, sql, Type.REAL);
    }

    static Column bool(String name) {
      return new Column(name, name, Type.BOOLEAN);
    }

    static Column bool(String name, String sql) {
      return new Column(name, sql, Type.BOOLEAN);
    }

    static Column time(String name, String sql) {
      return new Column(name, sql, Type.DATETIME);
    }

    static Column date(String name, String sql) {
      return new Column(name, sql, Type.DATE);
    }
  }

  static final String NAMES = Stream.of(values()).map(d -> d.id).collect(Collectors.joining(", "));

  final String id;
  final Geom geom;
  private final String geometryColumn;
  private final String select;
  final String count;
  final Set<Filter> filters;
  final List<String> statuses;
  final List<Column> columns;

  Dataset(String id, Geom geom, String geometryColumn, String select, String count, Set<Filter> filters,
      List<String> statuses, List<Column> columns) {
    this.id = id;
    this.geom = geom;
    this.geometryColumn = geometryColumn;
    this.select = select;
    this.count = count;
    this.filters = filters;
    this.statuses = statuses;
    this.columns = columns;
  }

  /** The statement with the geometry encoded as {@code encoding}. */
  String select(ExportFormat.Geometry encoding) {
    return ExportSql.select(select, geometryColumn, encoding);
  }

  /**
   * The dataset named exactly {@code id}, or null. Case-sensitive like the route table, which gives
   * {@code patrol-plans} its own line: {@code PATROL-PLANS} must not reach it by another line.
   */
  static Dataset find(String id) {
    for (Dataset d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    return null;
  }
}
