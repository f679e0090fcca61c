package org.borderzone.ogcapi.cql2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The queryables of a collection as the JSON Schema (draft 2020-12) that OGC API – Features Part 3 asks for
 * at {@code /collections/{id}/queryables} ({@code application/schema+json}): one property per queryable with
 * its JSON type and format, string enums, geometries as {@code format: geometry-any}, and
 * {@code additionalProperties: false} because the list is complete (a filter naming anything else is
 * refused).
 */
public final class Queryables {

  public static final String SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema";

  private Queryables() {}

  /**
   * The schema as nested maps and lists, in a stable order, ready for Jackson.
   *
   * @param id the schema's {@code $id}: the absolute URL of the queryables resource
   * @param title the collection's title
   */
  public static Map<String, Object> jsonSchema(String id, String title, List<Queryable> queryables) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", SCHEMA_2020_12);
    schema.put("$id", id);
    schema.put("type", "object");
    if (title != null) {
      schema.put("title", title);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Queryable q : queryables) {
      properties.put(q.name(), property(q));
    }
    schema.put("properties", properties);
    schema.put("additionalProperties", false);
    return schema;
  }

  /** One queryable's schema; also for a {@code /collections/{id}/schema} built from the same registry. */
  public static Map<String, Object> property(Queryable q) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("title", q.name());
    if (q.description() != null) {
      p.put("description", q.description());
    }
    switch (q.type()) {
      case STRING -> {
        p.put("type", "string");
        if (!q.enumValues().isEmpty()) {
          p.put("enum", q.enumValues());
        }
      }
      case INTEGER -> p.put("type", "integer");
      case NUMBER -> p.put("type", "number");
      case BOOLEAN -> p.put("type", "boolean");
      case TIMESTAMP -> {
        p.put("type", "string");
        p.put("format", "date-time");
      }
      case DATE -> {
        p.put("type", "string");
        p.put("format", "date");
      }
      case GEOMETRY -> { // QGIS knows a geometry queryable only by a $ref to https://geojson.org/schema/
        p.put("$ref", "https://geojson.org/schema/Geometry.json");
        p.put("format", "geometry-any");
        p.put("x-ogc-role", "primary-geometry");
      }
    }
    return p;
  }
}
