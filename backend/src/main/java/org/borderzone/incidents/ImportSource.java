package org.borderzone.incidents;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.JsonBody;
import org.locationtech.jts.geom.Coordinate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The records of an import file, one at a time, each already checked by {@link IncidentRules}. Problems are
 * appended to the caller's list with their line (CSV: the file line, header = 1; GeoJSON: the 1-based
 * feature number); a record with problems comes back with a null incident.
 */
interface ImportSource extends Closeable {

  /** One record: its line and the incident, or null when it had problems. */
  record Item(int line, NewIncident incident) {}

  /** The next record, or null at the end of the file. */
  Item next(List<Problem> out) throws IOException;

  /** Problems of the file as a whole (a missing column), found before any record; empty when none. */
  default List<Problem> headerProblems() {
    return List.of();
  }

  /** Columns of a CSV file that were not recognised and are ignored. */
  default List<String> ignoredColumns() {
    return List.of();
  }

  // ------------------------------------------------------------------ CSV

  /**
   * CSV with a header row, read strictly by RFC 4180 ({@link CsvRecords}): every record has as many fields as
   * the header, and a syntax error names its line and column. Column names are matched leniently: case, blanks, '_' and '-' are ignored, and
   * synonyms are accepted (see {@link #SYNONYMS}). Either lon and lat or a wkt column give the point.
   */
  final class Csv implements ImportSource {

    /** Normalised header name → the property it fills. */
    static final Map<String, String> SYNONYMS = synonyms();

    private static Map<String, String> synonyms() {
      Map<String, String> m = new HashMap<>();
      for (String s : List.of("lon", "lng", "long", "longitude", "x")) {
        m.put(s, "lon");
      }
      for (String s : List.of("lat", "latitude", "y")) {
        m.put(s, "lat");
      }
      for (String s : List.of("wkt", "geom", "geometry", "thegeom")) {
        m.put(s, "wkt");
      }
      for (String s : List.of("occurredat", "occurred", "time", "date", "datetime", "timestamp", "when")) {
        m.put(s, "occurredAt");
      }
      for (String s : List.of("type", "incidenttype", "category")) {
        m.put(s, "type");
      }
      m.put("severity", "severity");
      m.put("description", "description");
      // the 10-character names a Shapefile leaves (docs/IMPORTS.md, Shapefile through ogr2ogr)
      m.put("descriptio", "description");
      m.put("releasabil", "releasability");
      m.put("source", "source");
      m.put("releasability", "releasability");
      m.put("ownerorg", "ownerOrg");
      return Map.copyOf(m);
    }

    static String normalise(String header) {
      return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private final CsvRecords reader;
    private final IncidentRules rules;
    private final Actor actor;
    private final Map<String, Integer> column = new LinkedHashMap<>();
    private final Map<String, String> header = new HashMap<>();
    private final List<String> headerNames = new ArrayList<>();
    private final List<Problem> headerProblems = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private boolean broken;

    Csv(InputStream body, IncidentRules rules, Actor actor) throws IOException {
      this.reader = new CsvRecords(body);
      this.rules = rules;
      this.actor = actor;
      CsvRecords.Row head;
      try {
        head = reader.next();
      } catch (CsvRecords.SyntaxError e) {
        headerProblems.add(syntax(e));
        broken = true;
        return;
      }
      if (head == null) {
        headerProblems.add(IncidentRules.bad("header", "error.csv-empty"));
        return;
      }
      headerNames.addAll(head.fields());
      if (head.bareQuoteColumn() > 0) {
        headerProblems.add(IncidentRules.bad(columnName(head.bareQuoteColumn()), "error.csv-bare-quote",
            String.valueOf(head.bareQuoteColumn())).atLine(head.line()));
      }
      for (int i = 0; i < head.fields().size(); i++) {
        String name = head.fields().get(i);
        String prop = SYNONYMS.get(normalise(name));
        if (prop == null) {
          if (!name.isBlank()) {
            ignored.add(name);
          }
        } else if (column.containsKey(prop)) {
          headerProblems.add(IncidentRules.bad(name, "error.csv-duplicate-column", header.get(prop), prop)
              .atLine(head.line()));
        } else {
          column.put(prop, i);
          header.put(prop, name);
        }
      }
      boolean point = column.containsKey("lon") && column.containsKey("lat");
      if (!point && !column.containsKey("wkt")) {
        headerProblems.add(IncidentRules.bad("lon,lat", "error.csv-missing-column", "lon/lat or wkt")
            .atLine(head.line()));
      }
      for (String required : List.of("type", "severity", "occurredAt")) {
        if (!column.containsKey(required)) {
          headerProblems.add(IncidentRules.bad(required, "error.csv-missing-column", required).atLine(head.line()));
        }
      }
    }

    @Override
    public List<Problem> headerProblems() {
      return headerProblems;
    }

    @Override
    public List<String> ignoredColumns() {
      return ignored;
    }

    private String value(CsvRecords.Row row, String prop) {
      Integer i = column.get(prop);
      return i == null || i >= row.fields().size() ? null : row.fields().get(i);
    }

    private String field(String prop) {
      return header.getOrDefault(prop, prop);
    }

    /** The header name of a 1-based column, or "column N" when the header has no such column (or none). */
    private String columnName(int col) {
      String name = col >= 1 && col <= headerNames.size() ? headerNames.get(col - 1) : "";
      return name.isBlank() ? "column " + col : name;
    }

    private Problem syntax(CsvRecords.SyntaxError e) {
      return IncidentRules.bad(columnName(e.column), e.code, String.valueOf(e.column)).atLine(e.line);
    }

    @Override
    public Item next(List<Problem> out) throws IOException {
      if (broken) {
        return null;
      }
      CsvRecords.Row row;
      try {
        row = reader.next();
      } catch (CsvRecords.SyntaxError e) {
        // The file cannot be read on from here (an unclosed quote would swallow every later line): this is the
        // last record, a bad one, so the import is refused as a whole.
        broken = true;
        out.add(syntax(e));
        return new Item(e.line, null);
      }
      if (row == null) {
        return null;
      }
      if (row.fields().size() != headerNames.size() || row.bareQuoteColumn() > 0) {
        if (row.fields().size() != headerNames.size()) {
          int col = Math.min(row.fields().size(), headerNames.size()) + 1;
          out.add(IncidentRules.bad(columnName(col), "error.csv-field-count", String.valueOf(row.fields().size()),
              String.valueOf(headerNames.size())).atLine(row.line()));
        }
        if (row.bareQuoteColumn() > 0) {
          out.add(IncidentRules.bad(columnName(row.bareQuoteColumn()), "error.csv-bare-quote",
              String.valueOf(row.bareQuoteColumn())).atLine(row.line()));
        }
        return new Item(row.line(), null);
      }
      List<Problem> local = new ArrayList<>(4);
      Coordinate c;
      if (column.containsKey("lon") && column.containsKey("lat")
          && !(column.containsKey("wkt") && isBlank(value(row, "lon")) && !isBlank(value(row, "wkt")))) {
        c = IncidentRules.position(value(row, "lon"), value(row, "lat"), field("lon"), field("lat"), local);
      } else {
        c = IncidentRules.wkt(value(row, "wkt"), field("wkt"), local);
      }
      IncidentType type = IncidentRules.type(value(row, "type"), field("type"), local);
      Integer severity = IncidentRules.severity(value(row, "severity"), field("severity"), local);
      var occurredAt = rules.time(value(row, "occurredAt"), field("occurredAt"), local);
      String description = IncidentRules.limited(value(row, "description"), IncidentRules.MAX_DESCRIPTION,
          field("description"), local);
      String source = IncidentRules.limited(value(row, "source"), IncidentRules.MAX_SOURCE, field("source"), local);
      String releasability = IncidentRules.releasability(value(row, "releasability"), field("releasability"), local);
      IncidentRules.ownerOrg(value(row, "ownerOrg"), field("ownerOrg"), actor, local);
      if (!local.isEmpty() || c == null) {
        for (Problem p : local) {
          out.add(p.atLine(row.line()));
        }
        return new Item(row.line(), null);
      }
      return new Item(row.line(),
          new NewIncident(c.x, c.y, type, severity, occurredAt, description, source, releasability));
    }

    private static boolean isBlank(String s) {
      return s == null || s.isBlank();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  // ------------------------------------------------------------------ GeoJSON

  /**
   * A GeoJSON FeatureCollection read as a stream: one Feature in memory at a time. Members may come in any
   * order; {@code type} must be FeatureCollection and {@code features} an array.
   */
  final class GeoJson implements ImportSource {

    private final JsonParser parser;
    private final IncidentRules rules;
    private final Actor actor;
    private final List<Problem> headerProblems = new ArrayList<>();
    private boolean inFeatures;
    private boolean done;
    private boolean sawFeatures;
    private String type;
    private int index;

    GeoJson(InputStream body, JsonMapper json, IncidentRules rules, Actor actor) {
      this.rules = rules;
      this.actor = actor;
      this.parser = json.createParser(body);
      try {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw ApiException.badField("body", "error.feature-collection-expected");
        }
        advanceToFeatures();
      } catch (JacksonException e) {
        throw JsonBody.problem(e);
      }
    }

    /** Moves to the first element of "features", reading other members on the way. */
    private void advanceToFeatures() {
      JsonToken t;
      while ((t = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        JsonToken v = parser.nextToken();
        if ("features".equals(name)) {
          if (v != JsonToken.START_ARRAY) {
            throw ApiException.badField("features", "error.wrong-type", v == null ? "?" : v.name());
          }
          sawFeatures = true;
          inFeatures = true;
          return;
        }
        if ("type".equals(name) && v == JsonToken.VALUE_STRING) {
          type = parser.getString();
        } else {
          parser.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw ApiException.badField("body", "error.malformed-json", String.valueOf(t));
      }
      done = true;
      finish();
      // One document: nothing may follow it (a second document or garbage would otherwise be ignored).
      if (parser.nextToken() != null) {
        var at = parser.currentTokenLocation();
        throw ApiException.badField("body", "error.trailing-data", String.valueOf(at.getLineNr()),
            String.valueOf(at.getColumnNr()));
      }
    }

    private void finish() {
      if (type != null && !"FeatureCollection".equals(type)) {
        throw ApiException.badField("type", "error.feature-collection-expected");
      }
      if (!sawFeatures) {
        throw ApiException.badField("features", "error.required");
      }
    }

    @Override
    public Item next(List<Problem> out) throws IOException {
      try {
        while (!done) {
          if (inFeatures) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
              inFeatures = false;
              advanceToFeatures();
              continue;
            }
            if (t == null) {
              throw ApiException.badField("body", "error.malformed-json", "unexpected end of input");
            }
            JsonNode f = parser.readValueAsTree();
            int line = ++index;
            List<Problem> local = new ArrayList<>(4);
            NewIncident inc = rules.feature(f, "features[" + (line - 1) + "].", actor, local);
            for (Problem p : local) {
              out.add(p.atLine(line));
            }
            return new Item(line, inc);
          }
          advanceToFeatures();
        }
        return null;
      } catch (JacksonException e) {
        throw JsonBody.problem(e);
      }
    }

    @Override
    public void close() {
      parser.close();
    }
  }

  // ------------------------------------------------------------------ KML and GeoPackage: named attributes

  /**
   * The incident of one record whose attributes come by name (KML ExtendedData, GeoPackage columns), read like
   * CSV columns: names matched by {@link Csv#SYNONYMS}, the same rules; problems name the attribute as written.
   * {@code raw} maps attribute names to values; names not recognised are added to {@code ignored}.
   */
  String KML_WHEN = "TimeStamp.when";

  static NewIncident fromAttributes(String lon, String lat, String positionField, Map<String, String> raw,
      IncidentRules rules, Actor actor, List<Problem> local, java.util.Set<String> ignored) {
    Map<String, String> value = new HashMap<>();
    Map<String, String> field = new HashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      // KML's <TimeStamp><when> keeps its element path as the field name
      String prop = e.getKey().equals(KML_WHEN) ? "occurredAt" : Csv.SYNONYMS.get(Csv.normalise(e.getKey()));
      if (prop == null || prop.equals("lon") || prop.equals("lat") || prop.equals("wkt")) {
        ignored.add(e.getKey());
        continue;
      }
      if (field.containsKey(prop)) {
        local.add(IncidentRules.bad(e.getKey(), "error.csv-duplicate-column", field.get(prop), prop));
        continue;
      }
      value.put(prop, e.getValue());
      field.put(prop, e.getKey());
    }
    Coordinate c = IncidentRules.position(lon, lat, positionField, positionField, local);
    IncidentType type = IncidentRules.type(value.get("type"), field.getOrDefault("type", "type"), local);
    Integer severity = IncidentRules.severity(value.get("severity"), field.getOrDefault("severity", "severity"), local);
    var occurredAt = rules.time(value.get("occurredAt"), field.getOrDefault("occurredAt", "occurredAt"), local);
    String description = IncidentRules.limited(value.get("description"), IncidentRules.MAX_DESCRIPTION,
        field.getOrDefault("description", "description"), local);
    String source = IncidentRules.limited(value.get("source"), IncidentRules.MAX_SOURCE,
        field.getOrDefault("source", "source"), local);
    String releasability = IncidentRules.releasability(value.get("releasability"),
        field.getOrDefault("releasability", "releasability"), local);
    IncidentRules.ownerOrg(value.get("ownerOrg"), field.getOrDefault("ownerOrg", "ownerOrg"), actor, local);
    if (!local.isEmpty() || c == null) {
      return null;
    }
    return new NewIncident(c.x, c.y, type, severity, occurredAt, description, source, releasability);
  }

  /**
   * KML 2.2, Placemarks with a Point, streamed by {@link org.borderzone.geo.KmlReader} (no DTD, no entities,
   * bounded). Attributes: ExtendedData ({@code Data} or {@code SchemaData/SimpleData}) by name; the
   * Placemark's {@code description} and {@code TimeStamp/when} fill description and occurredAt when no
   * attribute does; {@code name} is ignored. {@code line} is the 1-based Placemark number.
   */
  final class Kml implements ImportSource {
    private final org.borderzone.geo.KmlReader reader;
    private final IncidentRules rules;
    private final Actor actor;
    private final java.util.Set<String> ignored = new java.util.LinkedHashSet<>();

    Kml(InputStream body, IncidentRules rules, Actor actor, long maxRows) {
      this.reader = new org.borderzone.geo.KmlReader(body, maxRows);
      this.rules = rules;
      this.actor = actor;
    }

    @Override
    public Item next(List<Problem> out) {
      org.borderzone.geo.KmlReader.Placemark p = reader.next();
      if (p == null) {
        return null;
      }
      List<Problem> local = new ArrayList<>(4);
      Map<String, String> raw = new LinkedHashMap<>(p.data());
      boolean hasDescription = raw.keySet().stream().anyMatch(k -> "description".equals(Csv.SYNONYMS.get(Csv.normalise(k))));
      if (!hasDescription && p.description() != null && !p.description().isEmpty()) {
        raw.put("description", p.description());
      }
      boolean hasTime = raw.keySet().stream().anyMatch(k -> "occurredAt".equals(Csv.SYNONYMS.get(Csv.normalise(k))));
      if (!hasTime && p.when() != null) {
        raw.put(KML_WHEN, p.when());
      }
      String lon = null;
      String lat = null;
      if (p.geometryType() == null) {
        local.add(IncidentRules.bad("Point", "error.required"));
      } else if (!"Point".equals(p.geometryType())) {
        local.add(IncidentRules.bad(p.geometryType(), "error.geometry-type", "Point", p.geometryType()));
      } else {
        List<String[]> t = org.borderzone.geo.KmlReader.tuples(p.coordinates());
        if (t.size() != 1 || t.get(0).length < 2 || t.get(0).length > 3) {
          local.add(IncidentRules.bad("Point.coordinates", "error.position"));
        } else {
          lon = t.get(0)[0];
          lat = t.get(0)[1];
        }
      }
      NewIncident inc = local.isEmpty()
          ? fromAttributes(lon, lat, "Point.coordinates", raw, rules, actor, local, ignored) : null;
      if (inc == null && local.isEmpty()) {
        local.add(IncidentRules.bad("Point.coordinates", "error.position"));
      }
      for (Problem pr : local) {
        out.add(pr.atLine(p.number()));
      }
      return new Item(p.number(), inc);
    }

    @Override
    public List<String> ignoredColumns() {
      return List.copyOf(ignored);
    }

    @Override
    public void close() {
      reader.close();
    }
  }

  /**
   * One point table of a GeoPackage, read by {@link org.borderzone.geo.GeoPackageReader} (checked as hostile,
   * transformed to EPSG:4326). Columns by name as in CSV; {@code line} is the 1-based row number, problems of
   * the position name the geometry column.
   */
  final class GeoPackage implements ImportSource {
    private final org.borderzone.geo.GeoPackageReader reader;
    private final IncidentRules rules;
    private final Actor actor;
    private final java.util.Set<String> ignored = new java.util.LinkedHashSet<>();

    GeoPackage(java.nio.file.Path file, String table, IncidentRules rules, Actor actor, long maxRows)
        throws IOException {
      this.reader = org.borderzone.geo.GeoPackageReader.open(file, table, org.borderzone.geo.GeoPackageReader.Kind.POINT,
          maxRows);
      this.rules = rules;
      this.actor = actor;
    }

    @Override
    public Item next(List<Problem> out) {
      org.borderzone.geo.GeoPackageReader.Row row = reader.next();
      if (row == null) {
        return null;
      }
      List<Problem> local = new ArrayList<>(4);
      String g = reader.geometryColumn();
      NewIncident inc = null;
      if (row.geometryType() == null || row.positions() == null && "Point".equalsIgnoreCase(row.geometryType())) {
        local.add(IncidentRules.bad(g, "error.required"));
      } else if (row.positions() == null || !"Point".equalsIgnoreCase(row.geometryType())) {
        local.add(IncidentRules.bad(g, "error.geometry-type", "Point", row.geometryType()));
      } else {
        inc = fromAttributes(Double.toString(row.positions()[0][0]), Double.toString(row.positions()[0][1]), g,
            row.attributes(), rules, actor, local, ignored);
      }
      for (Problem pr : local) {
        out.add(pr.atLine(row.number()));
      }
      return new Item(row.number(), inc);
    }

    @Override
    public List<String> ignoredColumns() {
      return List.copyOf(ignored);
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
