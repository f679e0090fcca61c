package org.borderzone.ogcapi.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

/** The queryables JSON Schema (Part 3, draft 2020-12) built from the registry's queryables. */
class QueryablesTest {

  @Test
  void oneSchemaPropertyPerQueryableWithItsJsonType() {
    List<Queryable> q = List.of(
        new Queryable("type", QueryableType.STRING, "i.type", List.of("UXO", "OTHER"), "Incident type"),
        Queryable.of("severity", QueryableType.INTEGER, "i.severity"),
        Queryable.of("distance", QueryableType.NUMBER, "i.d"),
        Queryable.of("disputed", QueryableType.BOOLEAN, "i.b"),
        Queryable.of("occurredAt", QueryableType.TIMESTAMP, "i.occurred_at"),
        Queryable.of("inspectedOn", QueryableType.DATE, "i.inspected_on"),
        Queryable.of("geometry", QueryableType.GEOMETRY, "i.geom"));
    Map<String, Object> schema = Queryables.jsonSchema("https://h/ogc/collections/incidents/queryables", "Incidents",
        q);
    JsonNode n = JsonMapper.builder().build().valueToTree(schema);
    assertThat(n.path("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(n.path("$id").asString()).isEqualTo("https://h/ogc/collections/incidents/queryables");
    assertThat(n.path("type").asString()).isEqualTo("object");
    assertThat(n.path("title").asString()).isEqualTo("Incidents");
    assertThat(n.path("additionalProperties").asBoolean(true)).isFalse();
    JsonNode p = n.path("properties");
    assertThat(p.propertyNames()).containsExactly("type", "severity", "distance", "disputed", "occurredAt",
        "inspectedOn", "geometry");
    assertThat(p.path("type").path("type").asString()).isEqualTo("string");
    assertThat(p.path("type").path("enum").toString()).isEqualTo("[\"UXO\",\"OTHER\"]");
    assertThat(p.path("type").path("description").asString()).isEqualTo("Incident type");
    assertThat(p.path("severity").path("type").asString()).isEqualTo("integer");
    assertThat(p.path("distance").path("type").asString()).isEqualTo("number");
    assertThat(p.path("disputed").path("type").asString()).isEqualTo("boolean");
    assertThat(p.path("occurredAt").path("format").asString()).isEqualTo("date-time");
    assertThat(p.path("inspectedOn").path("format").asString()).isEqualTo("date");
    assertThat(p.path("geometry").path("format").asString()).isEqualTo("geometry-any");
    assertThat(p.path("geometry").has("type")).isFalse();
    assertThat(p.path("geometry").path("$ref").asString()).startsWith("https://geojson.org/schema/");
    // no column leaks into the schema
    assertThat(n.toString()).doesNotContain("i.");
  }
}
