package org.borderzone.incidents;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
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
   * CSV with a header row. Column names are matched leniently: case, blanks, '_' and '-' are ignored, and
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
      m.put("source", "source");
      m.put("releasability", "releasability");
      m.put("ownerorg", "ownerOrg");
      return Map.copyOf(m);
    }

    static String normalise(String header) {
      return header.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
    }

    private final CsvReader reader;
    private final IncidentRules rules;
    private final Actor actor;
    private final Map<String, Integer> column = new LinkedHashMap<>();
    private final Map<String, String> header = new HashMap<>();
    private final List<Problem> headerProblems = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();
    private final Reader in;

    Csv(InputStream body, IncidentRules rules, Actor actor) throws IOException {
      this.in = new InputStreamReader(body, StandardCharsets.UTF_8);
      this.reader = new CsvReader(in);
      this.rules = rules;
      this.actor = actor;
      CsvReader.Row head = reader.next();
      if (head == null) {
        headerProblems.add(IncidentRules.bad("header", "error.csv-empty"));
        return;
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

    private String value(CsvReader.Row row, String prop) {
      Integer i = column.get(prop);
      return i == null || i >= row.fields().size() ? null : row.fields().get(i);
    }

    private String field(String prop) {
      return header.getOrDefault(prop, prop);
    }

    @Override
    public Item next(List<Problem> out) throws IOException {
      CsvReader.Row row = reader.next();
      if (row == null) {
        return null;
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
      in.close();
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
        throw ApiException.badField("body", "error.malformed-json", e.getOriginalMessage());
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
        throw ApiException.badField("body", "error.malformed-json", e.getOriginalMessage());
      }
    }

    @Override
    public void close() {
      parser.close();
    }
  }
}
