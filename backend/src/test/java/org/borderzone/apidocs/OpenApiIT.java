package org.borderzone.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI 3.1 document of /api: valid (read by swagger-parser, an independent reader), complete (every
 * controller route under /api, found in Spring's own handler mapping, is in it with its method), and every
 * operation with roles (from the route table), a response schema and problem+json error answers.
 */
class OpenApiIT extends IntegrationTest {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  private String document() {
    Response r = anonymous().get("/api/openapi.json");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), r.body()); // to read
    } catch (java.io.IOException ignored) {
      // only a copy for people
    }
    return r.body();
  }

  private OpenAPI parsed(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(json, null, options);
    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    return result.getOpenAPI();
  }

  @Test
  void isValidOpenApi31ThatAnyoneMayRead() {
    String json = document();
    OpenAPI api = parsed(json);
    assertThat(api.getOpenapi()).isEqualTo("3.1.0");
    assertThat(JSON.readTree(json).path("openapi").asString()).isEqualTo("3.1.0");
    // only /api: /ogc and /tiles describe themselves
    assertThat(api.getPaths().keySet()).isNotEmpty().allMatch(p -> p.startsWith("/api/") || p.equals("/api"));
    assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "FieldError", "Feature",
        "FeatureCollection", "Geometry", "IncidentService.StatusChange", "SegmentService.StatusChange");
  }

  /** Fails when a controller route under /api is missing from the document (method + path). */
  @Test
  void everyApiRouteIsInTheDocument() {
    JsonNode paths = JSON.readTree(document()).path("paths");
    Set<String> documented = new TreeSet<>();
    paths.properties().forEach(e -> e.getValue().properties().forEach(m ->
        documented.add(m.getKey().toUpperCase() + " " + e.getKey())));
    Set<String> missing = new TreeSet<>();
    int routes = 0;
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api")) {
          continue;
        }
        if (pattern.startsWith("/api/openapi.json") || pattern.startsWith("/api/docs")) {
          continue; // the document and the UI themselves
        }
        var methods = info.getMethodsCondition().getMethods();
        if (methods.isEmpty()) {
          missing.add("(any method) " + pattern);
        }
        for (var m : methods) {
          routes++;
          if (!documented.contains(m.name() + " " + pattern)) {
            missing.add(m.name() + " " + pattern);
          }
        }
      }
    }
    assertThat(routes).isGreaterThan(40);
    assertThat(missing).as("routes under /api missing from /api/openapi.json").isEmpty();
  }

  @Test
  void everyOperationHasRolesAResponseSchemaAndProblems() {
    OpenAPI api = parsed(document());
    List<String> bad = new ArrayList<>();
    for (Map.Entry<String, PathItem> p : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> o : p.getValue().readOperationsMap().entrySet()) {
        String what = o.getKey() + " " + p.getKey();
        Operation op = o.getValue();
        if (op.getDescription() == null || !op.getDescription().contains("**Roles:**")) {
          bad.add(what + ": no roles in the description");
        }
        if (op.getExtensions() == null || !(op.getExtensions().get("x-roles") instanceof List<?> l) || l.isEmpty()) {
          bad.add(what + ": no x-roles");
        }
        boolean problem = false;
        boolean schema = false;
        for (Map.Entry<String, ApiResponse> r : op.getResponses().entrySet()) {
          var content = r.getValue().getContent();
          if (r.getKey().matches("[45]\\d\\d")) {
            problem |= content != null && content.containsKey("application/problem+json")
                && "#/components/schemas/Problem".equals(content.get("application/problem+json").getSchema().get$ref());
          }
          if (r.getKey().startsWith("2")) {
            schema |= r.getKey().equals("204")
                || (content != null && !content.isEmpty() && content.values().stream().allMatch(m -> m.getSchema() != null
                    && (m.getSchema().get$ref() != null || m.getSchema().getTypes() != null
                    || m.getSchema().getType() != null)));
          }
        }
        if (!problem) {
          bad.add(what + ": no problem+json answer");
        }
        if (!schema) {
          bad.add(what + ": no response schema");
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  /** The roles come from the route table, with the role hierarchy applied. */
  @Test
  void rolesComeFromTheRouteTable() {
    JsonNode paths = JSON.readTree(document()).path("paths");
    assertThat(roles(paths, "post", "/api/network/import")).containsExactly("ADMIN");
    assertThat(roles(paths, "post", "/api/incidents")).containsExactly("ADMIN", "PATROL", "PLANNER");
    assertThat(roles(paths, "post", "/api/segments/{id}/status")).containsExactly("ADMIN", "COMMISSION");
    assertThat(roles(paths, "get", "/api/segments")).containsExactly("ADMIN", "COMMISSION", "PATROL", "PLANNER",
        "VIEWER");
    assertThat(roles(paths, "get", "/api/config")).containsExactly("(anonymous)");
    assertThat(paths.path("/api/config").path("get").path("security").isArray()).isTrue();
    assertThat(paths.path("/api/config").path("get").path("security")).isEmpty();
    // a public operation cannot answer 401, a role-restricted one says 403
    assertThat(paths.path("/api/config").path("get").path("responses").has("401")).isFalse();
    assertThat(paths.path("/api/hotspots").path("get").path("responses").path("403").path("content")
        .has("application/problem+json")).isTrue();
  }

  private static List<String> roles(JsonNode paths, String method, String path) {
    JsonNode op = paths.path(path).path(method);
    assertThat(op.isObject()).as(method + " " + path).isTrue();
    List<String> out = new ArrayList<>();
    op.path("x-roles").forEach(n -> out.add(n.asString()));
    return out;
  }

  /** The examples in the document are requests the server accepts. */
  @Test
  void theIncidentExamplesAreAccepted() {
    var planner = as("kh-planner");
    assertThat(planner.post("/api/incidents", "application/geo+json", ApiExamples.INCIDENT).status()).isEqualTo(201);
    for (String[] e : List.of(new String[] {"text/csv", ApiExamples.CSV},
        new String[] {"application/geo+json", ApiExamples.FEATURE_COLLECTION},
        new String[] {"application/vnd.google-earth.kml+xml", ApiExamples.KML})) {
      Response r = planner.post("/api/incidents/import", e[0], e[1]);
      assertThat(r.status()).as(e[0] + " " + r.body()).isEqualTo(201);
      assertThat(r.json().path("imported").asInt()).isEqualTo(1);
    }
  }

  @Test
  void swaggerUiIsServedUnderApiDocs() {
    Response index = anonymous().get("/api/docs/swagger-ui/index.html");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("swagger-ui");
    Response config = anonymous().get("/api/openapi.json/swagger-config");
    assertThat(config.status()).isEqualTo(200);
    assertThat(config.json().path("url").asString()).isEqualTo("/api/openapi.json");
    // the short address redirects to the UI
    Response docs = anonymous().get("/api/docs");
    assertThat(docs.status()).isIn(200, 302);
    // nothing else became public on the way
    assertThat(anonymous().get("/api/segments").status()).isEqualTo(401);
    assertThat(anonymous().get("/api/docs/../segments").status()).isIn(400, 401, 404);
  }
}
