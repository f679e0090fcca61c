package org.borderzone.ogcapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Organisations;

/**
 * The server-side registry of the OGC API collections: the only source of every identifier that reaches SQL
 * under {@code /ogc}. A collection id, a property name or a queryable in a request is looked up here; what is
 * spliced into a statement is always the registry's own text (a column expression written in this file), and
 * every request value is a bound parameter ({@link OgcSql}). Unknown names are a 400/404 naming the parameter.
 *
 * <p>Visibility is the same as the {@code /api} reads of the same data: incidents carry
 * {@link Releasability#PREDICATE} (a NATIONAL incident is seen only by its owner organisation and those it was
 * released to, in items, single items, counts and extents alike) and are read from {@link Releasability#SEEN}, so
 * that what a release withholds is null in every format and cannot be filtered on; segments, pillars, inspections, disputed areas, patrol bases and the patrol
 * network are read by every authenticated user, as {@code GET /api/segments}, {@code /api/pillars},
 * {@code /api/inspections}, {@code /api/disputed-areas}, {@code /api/bases} and {@code /api/network} are.
 */
final class Collections {

  /** Collection ids: lower-case letters, digits, '-' and '_' (no dots: qgis/QGIS#51663). */
  static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,40}");

  /** Property types, as the OpenAPI document and the queryables schema state them. */
  enum Type {
    STRING("string", null), INTEGER("integer", null), NUMBER("number", null), BOOLEAN("boolean", null),
    TIMESTAMP("string", "date-time"), DATE("string", "date");

    final String jsonType;
    final String format;

    Type(String jsonType, String format) {
      this.jsonType = jsonType;
      this.format = format;
    }
  }

  /**
   * Where a property's values come from: fixed in code, the organisation codes, the countries of the reference
   * border, or those plus the fixed ones (a network edge's {@code BOTH}).
   */
  enum Values { FIXED, ORGANISATIONS, BORDER_COUNTRIES, BORDER_SIDES }

  /** How a feature id is read from a path or a cursor and bound. */
  enum IdKind { INTEGER, UUID }

  /**
   * One property of a feature: its name in the GeoJSON {@code properties}, its type, the SQL expression it
   * is read from (server text, for the collection's table aliases), the values it can take (empty when
   * free), a description, and whether it can be queried ({@code prop=value}, CQL2).
   */
  record Property(String name, Type type, String column, List<String> enumValues, String description,
      boolean queryable, Values values) {

    Property(String name, Type type, String column, List<String> enumValues, String description, boolean queryable) {
      this(name, type, column, enumValues, description, queryable, Values.FIXED);
    }

    /** The values it can take: fixed ones, or those of the registry now (organisations are data: V26). */
    @Override
    public List<String> enumValues() {
      Organisations r = OgcRegistry.current();
      if (values == Values.FIXED || r == null) {
        return enumValues;
      }
      return switch (values) {
        case ORGANISATIONS -> r.codeList();
        case BORDER_COUNTRIES -> r.borderCountries();
        case BORDER_SIDES -> java.util.stream.Stream.concat(r.borderCountries().stream(), enumValues.stream())
            .toList();
        case FIXED -> enumValues;
      };
    }

    /** A property whose values are the organisation codes of the registry. */
    static Property organisation(String name, String column, String description) {
      return new Property(name, Type.STRING, column, List.of(), description, true, Values.ORGANISATIONS);
    }

    /** A side of the border: a country of the reference border ({@code country}), plus {@code extra}. */
    static Property side(String name, String column, String description, String... extra) {
      return new Property(name, Type.STRING, column, List.of(extra), description, true,
          extra.length == 0 ? Values.BORDER_COUNTRIES : Values.BORDER_SIDES);
    }

    /** The JSON Schema type. */
    String jsonType() {
      return type.jsonType;
    }

    static Property of(String name, Type type, String column, String description) {
      return new Property(name, type, column, List.of(), description, true);
    }

    static Property enumerated(String name, String column, String description, String... values) {
      return new Property(name, Type.STRING, column, List.of(values), description, true);
    }

    /** Returned but not queryable (derived or free text that is not worth an index). */
    static Property shown(String name, Type type, String column, String description) {
      return new Property(name, type, column, List.of(), description, false);
    }
  }

  /**
   * One collection: id, title, description, GeoJSON geometry type, the SQL {@code from} clause, the id
   * expression and how it is bound, the geometry expression (EPSG:4326), the properties, the temporal
   * property (null when the features have no time), and whether incident releasability applies.
   */
  record Collection(String id, String title, String description, String geometryType, String from, String idColumn,
      IdKind idKind, String geomColumn, List<Property> properties, String temporal, boolean releasable,
      boolean editable) {

    Optional<Property> property(String name) {
      return properties.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    Property temporalProperty() {
      return temporal == null ? null : property(temporal).orElseThrow();
    }

    List<Property> queryables() {
      return properties.stream().filter(Property::queryable).toList();
    }

    /** The visibility predicate of the collection's rows ({@code true} when every authenticated user reads all). */
    String visibility() {
      return releasable ? Releasability.PREDICATE : "true";
    }
  }

  private static final String[] SEGMENT_STATUSES = {"PENDING", "SURVEYED", "DEMARCATED", "RATIFIED", "DISPUTED"};

  static final Map<String, Collection> ALL;

  static {
    Map<String, Collection> m = new LinkedHashMap<>();
    add(m, new Collection("segments", "Border segments",
        "The Cambodia–Laos boundary cut into segments of about 1 km, with their demarcation status.",
        "LineString", "border_segment s join sector sc on sc.id = s.sector_id", "s.id", IdKind.INTEGER, "s.geom",
        List.of(
            Property.of("code", Type.STRING, "s.code", "Segment code, e.g. KH-LA-001"),
            Property.of("seq", Type.INTEGER, "s.seq", "Position along the border, west to east"),
            Property.of("sectorId", Type.INTEGER, "s.sector_id", "Sector id"),
            Property.of("sectorCode", Type.STRING, "sc.code", "Sector code"),
            Property.shown("sectorName", Type.STRING, "sc.name", "Sector name"),
            Property.of("lengthM", Type.NUMBER, "round(s.length_m::numeric, 1)", "Geodesic length in metres"),
            Property.enumerated("status", "s.status", "Demarcation status", SEGMENT_STATUSES),
            Property.of("statusSince", Type.TIMESTAMP, "s.status_since", "When the status was last changed"),
            Property.of("version", Type.INTEGER, "s.version", "Version (optimistic lock)"),
            Property.shown("notes", Type.STRING, "s.notes", "Notes")),
        "statusSince", false, false));
    add(m, new Collection("pillars", "Boundary pillars",
        "Boundary pillars along the border with their status and last inspection.",
        "Point", "pillar p join border_segment s on s.id = p.segment_id", "p.id", IdKind.INTEGER, "p.geom",
        List.of(
            Property.of("number", Type.STRING, "p.number", "Pillar number, e.g. P-001"),
            Property.of("segmentId", Type.INTEGER, "p.segment_id", "Segment id"),
            Property.of("segmentCode", Type.STRING, "s.code", "Segment code"),
            Property.enumerated("status", "p.status", "Pillar status",
                "PLANNED", "PLACED", "VERIFIED", "DAMAGED", "MISSING"),
            Property.of("statusSince", Type.TIMESTAMP, "p.status_since", "When the status was last changed"),
            Property.of("placedOn", Type.DATE, "p.placed_on", "Date the pillar was placed"),
            Property.of("lastInspectedAt", Type.TIMESTAMP, "p.last_inspected_at", "Last joint inspection")),
        "statusSince", false, false));
    add(m, new Collection("inspections", "Joint inspections",
        "Joint inspections; the geometry is the segments the inspection covered.",
        "MultiLineString", "inspection i", "i.id", IdKind.INTEGER,
        "(select st_multi(st_collect(s.geom order by s.seq)) from inspection_segment x"
            + " join border_segment s on s.id = x.segment_id where x.inspection_id = i.id)",
        List.of(
            Property.of("inspectedOn", Type.DATE, "i.inspected_on", "Date of the inspection"),
            Property.of("organisations", Type.STRING, "array_to_string(i.organisations, ',')",
                "Participating organisations, comma-separated"),
            Property.enumerated("outcome", "i.outcome", "Outcome",
                "SATISFACTORY", "ISSUES_FOUND", "FOLLOW_UP_REQUIRED"),
            Property.of("minutesRef", Type.STRING, "i.minutes_ref", "Reference of the minutes"),
            Property.shown("notes", Type.STRING, "i.notes", "Notes"),
            Property.of("recordedBy", Type.STRING, "i.recorded_by", "User who recorded it"),
            Property.of("recordedOrg", Type.STRING, "i.recorded_org", "Organisation of that user"),
            Property.of("recordedAt", Type.TIMESTAMP, "i.recorded_at", "When it was recorded")),
        "inspectedOn", false, false));
    add(m, new Collection("incidents", "Incidents",
        "Incident reports: SHARED ones are seen by both countries and the joint body, NATIONAL ones only by"
            + " their owner organisation and the parties it was released to.",
        "Point", Releasability.SEEN + " i", "i.public_id", IdKind.UUID, "i.geom",
        List.of(
            Property.enumerated("type", "i.type", "Incident type", "DRUG_TRAFFICKING", "HUMAN_TRAFFICKING",
                "SMUGGLING", "ILLEGAL_LOGGING", "WILDLIFE_TRAFFICKING", "ILLEGAL_CROSSING", "ARMED_INCURSION",
                "TERRORISM", "UXO", "DISASTER", "OTHER"),
            Property.of("severity", Type.INTEGER, "i.severity", "Severity 1 (low) to 5 (high)"),
            Property.enumerated("status", "i.status", "Status", "REPORTED", "VERIFIED", "CLOSED", "DISMISSED"),
            Property.of("occurredAt", Type.TIMESTAMP, "i.occurred_at", "When it happened"),
            Property.of("reportedAt", Type.TIMESTAMP, "i.reported_at", "When it was reported"),
            Property.shown("description", Type.STRING, "i.description", "Description"),
            Property.of("source", Type.STRING, "i.source", "Source of the report"),
            Property.organisation("ownerOrg", "i.owner_org", "Owner organisation"),
            Property.enumerated("releasability", "i.releasability", "SHARED or NATIONAL", "SHARED", "NATIONAL"),
            Property.of("nearestSegmentId", Type.INTEGER, "i.nearest_segment_id", "Nearest border segment"),
            Property.shown("nearestSegmentCode", Type.STRING,
                "(select s.code from border_segment s where s.id = i.nearest_segment_id)", "Its code"),
            Property.of("distanceToBorderM", Type.NUMBER, "round(i.distance_to_border_m::numeric, 1)",
                "Distance to the border line in metres"),
            Property.side("side", "i.side", "Side of the border"),
            Property.of("inDisputedArea", Type.BOOLEAN, "i.in_disputed_area", "Inside a disputed area"),
            Property.of("createdBy", Type.STRING, "i.created_by", "User who reported it"),
            Property.of("version", Type.INTEGER, "i.version", "Version (optimistic lock)")),
        "occurredAt", true, true));
    add(m, new Collection("disputed-areas", "Disputed areas",
        "Areas whose boundary is disputed, with the segments they touch.",
        "MultiPolygon", "disputed_area d", "d.id", IdKind.INTEGER, "d.geom",
        List.of(
            Property.of("name", Type.STRING, "d.name", "Name"),
            Property.shown("notes", Type.STRING, "d.notes", "Notes")),
        null, false, false));
    add(m, new Collection("patrol-bases", "Patrol bases",
        "Checkpoints, posts and bases of the patrols.",
        "Point", "patrol_base b", "b.id", IdKind.INTEGER, "b.geom",
        List.of(
            Property.of("name", Type.STRING, "b.name", "Name"),
            Property.enumerated("kind", "b.kind", "Kind", "CHECKPOINT", "POST", "BASE"),
            Property.organisation("orgCode", "b.org_code", "Owner organisation"),
            Property.side("side", "b.side", "Side of the border"),
            Property.shown("notes", Type.STRING, "b.notes", "Notes"),
            Property.of("version", Type.INTEGER, "b.version", "Version (optimistic lock)")),
        null, false, false));
    add(m, new Collection("network", "Patrol network",
        "Roads, tracks, trails and ferries the patrols route on.",
        "LineString", "network_edge e", "e.id", IdKind.INTEGER, "e.geom",
        List.of(
            Property.enumerated("kind", "e.kind", "Kind of way", "road", "track", "trail", "ferry"),
            Property.of("name", Type.STRING, "e.name", "Name"),
            Property.side("side", "e.side", "Side of the border", "BOTH"),
            Property.of("lengthM", Type.NUMBER, "round(e.length_m::numeric, 1)", "Geodesic length in metres"),
            Property.of("borderDistanceM", Type.NUMBER, "round(e.border_distance_m::numeric, 1)",
                "Distance from the border line in metres"),
            Property.of("inDisputedArea", Type.BOOLEAN, "e.in_disputed", "Touches a disputed area")),
        null, false, false));
    ALL = java.util.Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, Collection> m, Collection c) {
    if (!ID.matcher(c.id()).matches()) {
      throw new IllegalStateException("collection id " + c.id());
    }
    m.put(c.id(), c);
  }

  private Collections() {}

  /** The collection {@code id}, or a 404 naming {@code collectionId}. */
  static Collection get(String id) {
    Collection c = id == null ? null : ALL.get(id);
    if (c == null) {
      throw OgcParams.notFound("collectionId", "error.ogc-unknown-collection", OgcParams.clip(id),
          String.join(", ", ALL.keySet()));
    }
    return c;
  }
}
