package org.borderzone.ogcapi.cql2;

import java.util.List;
import java.util.Objects;

/**
 * One property a CQL2 filter may name, from the server's registry of a collection: the filter's name is only
 * ever looked up here, and the SQL gets {@code column}, never the name the client sent.
 *
 * @param name the property name as clients write it (case-sensitive)
 * @param type its type, for the type checks of the filter and the JSON Schema
 * @param column an SQL expression chosen by server code (e.g. {@code i.type}, {@code i.geom}); geometry columns
 *     are EPSG:4326
 * @param enumValues the allowed values of a STRING property (published as {@code enum}), or empty
 * @param description a human-readable description for the JSON Schema, or null
 */
public record Queryable(String name, QueryableType type, String column, List<String> enumValues,
    String description) {

  public Queryable {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(column, "column");
    enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
  }

  /** A queryable without enum values or description. */
  public static Queryable of(String name, QueryableType type, String column) {
    return new Queryable(name, type, column, List.of(), null);
  }
}
