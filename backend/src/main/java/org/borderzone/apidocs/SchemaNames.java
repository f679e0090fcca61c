package org.borderzone.apidocs;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schemas come named by their class's full name ({@code springdoc.use-fqn}), since nested records of
 * different features share simple names ({@code IncidentService.StatusChange}, {@code SegmentService.StatusChange}).
 * This drops the package ({@code org.borderzone.incidents.IncidentService$StatusChange} becomes
 * {@code IncidentService.StatusChange}), keeping the full name where two would still collide, and rewrites
 * every reference.
 */
final class SchemaNames {

  private SchemaNames() {}

  static String shortName(String fqn) {
    return fqn.replaceFirst("^([a-z][a-z0-9_]*\\.)+", "").replace('$', '.');
  }

  static void shorten(OpenAPI api) {
    if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    Map<String, Integer> uses = new HashMap<>();
    schemas.keySet().forEach(k -> uses.merge(shortName(k), 1, Integer::sum));
    Map<String, String> rename = new HashMap<>();
    Map<String, Schema> renamed = new LinkedHashMap<>();
    schemas.forEach((k, v) -> {
      String s = shortName(k);
      String name = uses.get(s) == 1 ? s : k.replace('$', '.');
      rename.put(k, name);
      renamed.put(name, v);
    });
    api.getComponents().setSchemas(renamed);
    Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (Schema<?> s : renamed.values()) {
      walk(s, rename, seen);
    }
    if (api.getPaths() != null) {
      api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
        if (op.getParameters() != null) {
          for (Parameter p : op.getParameters()) {
            walk(p.getSchema(), rename, seen);
          }
        }
        if (op.getRequestBody() != null) {
          walk(op.getRequestBody().getContent(), rename, seen);
        }
        if (op.getResponses() != null) {
          op.getResponses().values().forEach(r -> walk(r.getContent(), rename, seen));
        }
      }));
    }
  }

  private static void walk(Content c, Map<String, String> rename, Set<Object> seen) {
    if (c != null) {
      c.values().forEach(m -> walk(m.getSchema(), rename, seen));
    }
  }

  private static void walk(Schema<?> s, Map<String, String> rename, Set<Object> seen) {
    if (s == null || !seen.add(s)) {
      return;
    }
    String ref = s.get$ref();
    if (ref != null && ref.startsWith(Schemas.REF)) {
      String to = rename.get(ref.substring(Schemas.REF.length()));
      if (to != null) {
        s.set$ref(Schemas.REF + to);
      }
    }
    if (s.getProperties() != null) {
      s.getProperties().values().forEach(p -> walk(p, rename, seen));
    }
    walk(s.getItems(), rename, seen);
    if (s.getAdditionalProperties() instanceof Schema<?> a) {
      walk(a, rename, seen);
    }
    for (List<Schema> l : List.of(nn(s.getAllOf()), nn(s.getAnyOf()), nn(s.getOneOf()))) {
      l.forEach(x -> walk(x, rename, seen));
    }
    walk(s.getNot(), rename, seen);
  }

  private static List<Schema> nn(List<Schema> l) {
    return l == null ? List.of() : l;
  }
}
