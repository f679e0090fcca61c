package org.borderzone.apidocs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared schemas of the document: the RFC 9457 problem as this server writes it ({@code ProblemWriter}:
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, {@code field} — the first
 * problem's — and {@code errors[{field, message}]}; imports add {@code line} per error and counts), GeoJSON
 * (RFC 7946) geometry, Feature and FeatureCollection for the answers PostgreSQL writes as text, and the
 * examples.
 */
final class Schemas {

  static final String REF = "#/components/schemas/";

  private Schemas() {}

  /** A schema of one JSON type, for OpenAPI 3.1 ({@code types}) and 3.0 readers ({@code type}) alike. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Schema<Object> typed(String type) {
    Schema s = new Schema<>();
    s.setType(type);
    s.setTypes(Set.of(type));
    return s;
  }

  static Schema<Object> ref(String name) {
    return new Schema<>().$ref(REF + name);
  }

  static Schema<Object> array(Schema<?> items) {
    Schema<Object> a = typed("array");
    a.setItems(items);
    return a;
  }

  static void addTo(Components c) {
    if (c.getSchemas() != null && c.getSchemas().containsKey(OpenApiConfig.PROBLEM)) {
      return;
    }
    Schema<Object> fieldError = typed("object").description("one problem: the field (JSON path, parameter, header"
        + " or column) and the message; imports add the record's `line`");
    fieldError.addProperty("field", typed("string").description("what is wrong, e.g. `properties.severity`, `bbox`,"
        + " `Idempotency-Key`, `features[3].geometry`"));
    fieldError.addProperty("message", typed("string").description("the explanation, in the caller's language"));
    fieldError.addProperty("line", typed("integer").description("imports: the record (CSV file line, header = 1;"
        + " GeoJSON, KML and GeoPackage: the 1-based feature number)"));
    fieldError.setRequired(List.of("field", "message"));
    c.addSchemas("FieldError", fieldError);

    Schema<Object> problem = typed("object").description("RFC 9457 problem details (application/problem+json)");
    problem.addProperty("type", typed("string").format("uri"));
    problem.addProperty("title", typed("string"));
    problem.addProperty("status", typed("integer"));
    problem.addProperty("detail", typed("string"));
    problem.addProperty("instance", typed("string").format("uri-reference"));
    problem.addProperty("field", typed("string").description("the first offending field (also in `errors[0]`)"));
    problem.addProperty("errors", array(ref("FieldError")).description("every problem found, at most 1000"));
    problem.addProperty("errorCount", typed("integer").description("imports: problems in all"));
    problem.addProperty("errorsOmitted", typed("integer").description("imports: problems beyond `errors`"));
    problem.addProperty("rows", typed("integer").description("imports: records read"));
    problem.addProperty("invalidRows", typed("integer").description("imports: records with a problem"));
    problem.setRequired(List.of("type", "title", "status"));
    c.addSchemas(OpenApiConfig.PROBLEM, problem);

    Schema<Object> position = array(typed("number")).description("[lon, lat] in degrees, EPSG:4326");
    position.setMinItems(2);
    position.setMaxItems(3);
    Schema<Object> geometry = typed("object").description("a GeoJSON geometry (RFC 7946), coordinates [lon, lat]");
    Schema<Object> gtype = typed("string");
    gtype.setEnum(List.of("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"));
    geometry.addProperty("type", gtype);
    geometry.addProperty("coordinates", array(new Schema<>()).description("positions, nested by type"));
    geometry.setRequired(List.of("type", "coordinates"));
    geometry.setExample(Map.of("type", "Point", "coordinates", List.of(new BigDecimal("106.42"), new BigDecimal("14.31"))));
    c.addSchemas("Geometry", geometry);

    Schema<Object> feature = typed("object").description("a GeoJSON Feature (RFC 7946)");
    Schema<Object> ftype = typed("string");
    ftype.setEnum(List.of("Feature"));
    feature.addProperty("type", ftype);
    feature.addProperty("id", new Schema<>().description("the public id (a UUID for incidents, an integer elsewhere)"));
    feature.addProperty("geometry", ref("Geometry"));
    feature.addProperty("properties", typed("object").additionalProperties(true));
    feature.addProperty("bbox", array(typed("number")));
    feature.setRequired(List.of("type", "geometry", "properties"));
    c.addSchemas("Feature", feature);

    Schema<Object> collection = typed("object").description("a GeoJSON FeatureCollection (RFC 7946); lists add"
        + " `numberMatched`, `numberReturned` and `links`, analyses a `metadata` block");
    Schema<Object> ctype = typed("string");
    ctype.setEnum(List.of("FeatureCollection"));
    collection.addProperty("type", ctype);
    collection.addProperty("features", array(ref("Feature")));
    collection.addProperty("numberMatched", typed("integer"));
    collection.addProperty("numberReturned", typed("integer"));
    collection.addProperty("links", array(typed("object")));
    collection.setRequired(List.of("type", "features"));
    c.addSchemas("FeatureCollection", collection);

    Schema<Object> result = typed("object").description("an import done in the request (201)");
    result.addProperty("jobId", typed("string").format("uuid"));
    result.addProperty("rows", typed("integer"));
    result.addProperty("imported", typed("integer"));
    result.addProperty("ids", array(typed("string").format("uuid")).description("the new incidents' ids"));
    result.addProperty("ignoredColumns", array(typed("string")));
    c.addSchemas("ImportResult", result);
    Schema<Object> job = typed("object").description("an import job (202, and GET …/import/jobs/{id})");
    for (String n : List.of("id", "state", "format", "message", "createdBy", "ownerOrg")) {
      job.addProperty(n, typed("string"));
    }
    for (String n : List.of("rowsTotal", "rowsDone", "percent", "importedCount", "errorCount", "errorsOmitted")) {
      job.addProperty(n, typed("integer"));
    }
    for (String n : List.of("createdAt", "startedAt", "finishedAt")) {
      job.addProperty(n, typed("string").format("date-time"));
    }
    job.addProperty("errors", array(ref("FieldError")));
    c.addSchemas("ImportJob", job);

    Schema<Object> photo = typed("object").description("a photo of an incident (its bytes at `href`), stored"
        + " without its GPS metadata");
    photo.addProperty("n", typed("integer").description("1, 2, … in the order the photos were added"));
    for (String n : List.of("mediaType", "sha256", "ownerOrg", "createdBy", "href")) {
      photo.addProperty(n, typed("string"));
    }
    photo.addProperty("bytes", typed("integer"));
    photo.addProperty("createdAt", typed("string").format("date-time"));
    photo.addProperty("gpsRemoved", typed("boolean").description("in the answer of an add: the upload had GPS"
        + " metadata, which was removed"));
    c.addSchemas("IncidentPhoto", photo);
    Schema<Object> photos = typed("object").description("the photos of an incident");
    photos.addProperty("incidentId", typed("string").format("uuid"));
    photos.addProperty("maxPhotos", typed("integer"));
    photos.addProperty("photos", array(ref("IncidentPhoto")));
    c.addSchemas("IncidentPhotoList", photos);

    c.addSchemas("JsonObject", typed("object").additionalProperties(true)
        .description("a JSON object; its members are described with the operation"));
  }

  /** Record properties named {@code geometry} (kept as JSON trees) are GeoJSON geometries. */
  static void geometryProperties(Components c) {
    if (c.getSchemas() == null) {
      return;
    }
    for (Schema<?> s : c.getSchemas().values()) {
      if (s.getProperties() != null && s.getProperties().containsKey("geometry")
          && s.getProperties().get("geometry").get$ref() == null) {
        s.getProperties().put("geometry", ref("Geometry"));
      }
    }
  }

  /**
   * Answers written by PostgreSQL reach springdoc as {@code String}: a GeoJSON answer is a Feature when it is
   * one resource (a path variable, or a write), else a FeatureCollection; other JSON text a JSON object.
   */
  static void responseSchemas(String path, PathItem.HttpMethod method, ApiResponses responses) {
    for (Map.Entry<String, ApiResponse> e : responses.entrySet()) {
      if (!e.getKey().startsWith("2") || e.getValue().getContent() == null) {
        continue;
      }
      Content content = e.getValue().getContent();
      for (Map.Entry<String, MediaType> m : content.entrySet()) {
        Schema<?> s = m.getValue().getSchema();
        boolean text = s == null || (s.get$ref() == null && isString(s));
        if (!text) {
          continue;
        }
        String media = m.getKey();
        boolean one = method != PathItem.HttpMethod.GET || path.endsWith("}");
        if (media.equals(OpenApiConfig.GEO_JSON) || (media.equals("application/json") && geoSibling(content))) {
          m.getValue().setSchema(ref(one ? "Feature" : "FeatureCollection"));
        } else if (media.equals("application/json")) {
          m.getValue().setSchema(ref("JsonObject"));
        } else if (media.contains("xml")) {
          m.getValue().setSchema(typed("string").description("an XML document (" + media + ")"));
        } else if (s == null) {
          m.getValue().setSchema(typed("string").description("a " + media + " document"));
        }
      }
    }
  }

  private static boolean geoSibling(Content c) {
    return c.containsKey(OpenApiConfig.GEO_JSON);
  }

  private static boolean isString(Schema<?> s) {
    return "string".equals(s.getType()) || (s.getTypes() != null && s.getTypes().contains("string"));
  }

  /** An example problem of this status, shaped as the server writes it. */
  static Map<String, Object> problemExample(int status) {
    Map<String, Object> p = new LinkedHashMap<>();
    String[] e = switch (status) {
      case 400 -> new String[] {"invalid-input", "Invalid input", "properties.severity", "must be an integer"};
      case 401 -> new String[] {"unauthorized", "Sign-in required", null, null};
      case 403 -> new String[] {"forbidden", "Forbidden", null, null};
      case 404 -> new String[] {"not-found", "Not found", "id", "no such incident"};
      case 409 -> new String[] {"conflict", "Conflict", "version", "was changed by someone else (version 4)"};
      case 413 -> new String[] {"too-large", "Request body too large", "body", "larger than 1048576 bytes"};
      case 415 -> new String[] {"unsupported-media-type", "Unsupported media type", "Content-Type",
          "not accepted here"};
      case 422 -> new String[] {"unprocessable", "Unprocessable", "geometry", "outside the area of interest"};
      default -> new String[] {"unavailable", "Service unavailable", null, null};
    };
    p.put("type", "https://borderzone.org/problems/" + e[0]);
    p.put("title", e[1]);
    p.put("status", status);
    if (e[2] != null) {
      p.put("detail", e[2] + ": " + e[3]);
      p.put("field", e[2]);
      p.put("errors", List.of(Map.of("field", e[2], "message", e[3])));
    }
    return p;
  }
}
