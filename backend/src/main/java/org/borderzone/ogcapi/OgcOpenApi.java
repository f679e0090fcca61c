package org.borderzone.ogcapi;

import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 definition of {@code /ogc} (the landing page's {@code service-desc}), built from the registry:
 * literal {@code /collections/<id>/items} paths with their query parameters (QGIS reads them as "simple
 * queryables"), {@code components.parameters.limit} with {@code default} 10 and {@code maximum} 10,000 (QGIS
 * sizes its pages from them), and the response schemas every answer is validated against in the tests.
 * (springdoc builds the OpenAPI 3.1 of {@code /api}; it is not used here.)
 */
@Component
class OgcOpenApi {

  private final JsonMapper json;

  OgcOpenApi(JsonMapper json) {
    this.json = json;
  }

  ObjectNode document(boolean writable) {
    ObjectNode doc = json.createObjectNode().put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info").put("title", OgcDocs.TITLE).put("version", "1.0.0")
        .put("description", OgcDocs.DESCRIPTION);
    info.putObject("contact").put("name", "Borderzone");
    info.putObject("license").put("name", "See the server's README");
    doc.putArray("servers").addObject().put("url", OgcLinks.base());
    doc.putArray("security").addObject().putArray("basic");
    ObjectNode paths = doc.putObject("paths");
    get(paths, "/", "Landing page", "LandingPage", OgcLinks.JSON, List.of("f"));
    get(paths, "/conformance", "Conformance classes", "ConfClasses", OgcLinks.JSON, List.of("f"));
    get(paths, "/api", "This API definition", "Any", OgcLinks.OPENAPI, List.of("f"));
    get(paths, "/collections", "The collections", "Collections", OgcLinks.JSON, List.of("f"));
    for (Collections.Collection c : Collections.ALL.values()) {
      String p = "/collections/" + c.id();
      get(paths, p, c.title(), "Collection", OgcLinks.JSON, List.of("f"));
      ObjectNode items = get(paths, p + "/items", c.title() + ": features",
          "FeatureCollection_" + key(c), OgcLinks.GEO_JSON,
          List.of("f", "limit", "bbox", "bbox-crs", "datetime", "crs", "cursor", "filter", "filter-lang",
              "filter-crs"));
      ArrayNode params = (ArrayNode) items.get("get").get("parameters");
      for (Collections.Property q : c.queryables()) {
        ObjectNode param = params.addObject().put("name", q.name()).put("in", "query").put("required", false)
            .put("style", "form").put("explode", false).put("description", q.description());
        ObjectNode s = param.putObject("schema").put("type", q.jsonType());
        if (q.type().format != null) {
          s.put("format", q.type().format);
        }
        if (!q.enumValues().isEmpty()) {
          ArrayNode e = s.putArray("enum");
          q.enumValues().forEach(e::add);
        }
      }
      ObjectNode item = get(paths, p + "/items/{featureId}", c.title() + ": one feature", "Feature_" + key(c),
          OgcLinks.GEO_JSON, List.of("f", "crs"));
      ((ArrayNode) item.get("get").get("parameters")).addObject().put("$ref", "#/components/parameters/featureId");
      get(paths, p + "/queryables", c.title() + ": queryables", "Any", OgcLinks.SCHEMA, List.of("f"));
      if (c.editable() && writable) {
        ObjectNode post = items.putObject("post").put("summary", "Create a feature (Part 4 draft)")
            .put("operationId", "create-" + c.id());
        post.putArray("parameters").addObject().put("$ref", "#/components/parameters/Content-Crs");
        post.putObject("requestBody").put("required", true).putObject("content").putObject(OgcLinks.GEO_JSON)
            .putObject("schema").put("$ref", "#/components/schemas/Feature_" + key(c));
        ObjectNode r = post.putObject("responses");
        ObjectNode created = r.putObject("201").put("description", "Created; Location names the new feature");
        created.putObject("content").putObject(OgcLinks.GEO_JSON).putObject("schema")
            .put("$ref", "#/components/schemas/Feature_" + key(c));
        problems(r, "400", "403", "409", "415", "422");
        ObjectNode put = item.putObject("put").put("summary", "Replace a feature (Part 4 draft): status only")
            .put("operationId", "replace-" + c.id());
        put.putArray("parameters").addObject().put("$ref", "#/components/parameters/featureId");
        put.putObject("requestBody").put("required", true).putObject("content").putObject(OgcLinks.GEO_JSON)
            .putObject("schema").put("$ref", "#/components/schemas/Feature_" + key(c));
        ObjectNode pr = put.putObject("responses");
        pr.putObject("200").put("description", "The stored feature").putObject("content")
            .putObject(OgcLinks.GEO_JSON).putObject("schema").put("$ref", "#/components/schemas/Feature_" + key(c));
        problems(pr, "400", "403", "404", "409", "415", "422");
        ObjectNode del = item.putObject("delete").put("summary", "Refused: incidents are never deleted")
            .put("operationId", "delete-" + c.id());
        del.putArray("parameters").addObject().put("$ref", "#/components/parameters/featureId");
        problems(del.putObject("responses"), "403", "405");
      }
    }
    ObjectNode components = doc.putObject("components");
    components.putObject("securitySchemes").putObject("basic").put("type", "http").put("scheme", "basic");
    parameters(components.putObject("parameters"));
    schemas(components.putObject("schemas"));
    return doc;
  }

  /** Schema keys: the collection id without '-'. */
  private static String key(Collections.Collection c) {
    return c.id().replace("-", "_");
  }

  private ObjectNode get(ObjectNode paths, String path, String summary, String schema, String type,
      List<String> params) {
    ObjectNode item = paths.putObject(path);
    ObjectNode op = item.putObject("get").put("summary", summary)
        .put("operationId", "get" + path.replaceAll("[^A-Za-z0-9]+", "-"));
    ArrayNode ps = op.putArray("parameters");
    for (String p : params) {
      ps.addObject().put("$ref", "#/components/parameters/" + p);
    }
    ObjectNode r = op.putObject("responses");
    ObjectNode ok = r.putObject("200").put("description", summary);
    ObjectNode content = ok.putObject("content");
    content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + schema);
    if (type.equals(OgcLinks.OPENAPI)) {
      content.putObject(OgcLinks.JSON).putObject("schema").put("$ref", "#/components/schemas/" + schema);
    }
    content.putObject(OgcLinks.HTML).putObject("schema").put("type", "string");
    problems(r, "400", "404", "406", "422");
    return item;
  }

  private void problems(ObjectNode responses, String... codes) {
    for (String code : codes) {
      responses.putObject(code).put("description", "RFC 9457 problem naming the offending field")
          .putObject("content").putObject("application/problem+json").putObject("schema")
          .put("$ref", "#/components/schemas/Problem");
    }
  }

  private void parameters(ObjectNode p) {
    ObjectNode limit = param(p, "limit", "The page size: 1 to 10000; larger values up to 1000000 are served as"
        + " 10000, anything else is refused");
    limit.put("style", "form").put("explode", false);
    limit.putObject("schema").put("type", "integer").put("minimum", 1).put("maximum", OgcParams.MAX_LIMIT)
        .put("default", OgcParams.DEFAULT_LIMIT);
    ObjectNode bbox = param(p, "bbox", "minx,miny,maxx,maxy (or with heights: 6 numbers) in bbox-crs");
    bbox.put("style", "form").put("explode", false);
    ObjectNode bs = bbox.putObject("schema").put("type", "array").put("minItems", 4).put("maxItems", 6);
    bs.putObject("items").put("type", "number");
    crsParam(p, "bbox-crs", "The CRS of bbox (default CRS84)");
    crsParam(p, "crs", "The CRS of the response geometries (default CRS84)");
    crsParam(p, "filter-crs", "The CRS of geometries in filter (default CRS84)");
    ObjectNode dt = param(p, "datetime", "An RFC 3339 instant or interval (open ends: '..' or empty)");
    dt.put("style", "form").put("explode", false).putObject("schema").put("type", "string");
    param(p, "cursor", "Opaque paging cursor from a next link").putObject("schema").put("type", "string");
    ObjectNode f = param(p, "f", "The encoding: json or html (instead of Accept)");
    ArrayNode fe = f.putObject("schema").put("type", "string").putArray("enum");
    fe.add("json").add("html");
    param(p, "filter", "A CQL2 text filter").putObject("schema").put("type", "string");
    ObjectNode lang = param(p, "filter-lang", "The filter language");
    lang.putObject("schema").put("type", "string").put("default", "cql2-text").putArray("enum").add("cql2-text");
    ObjectNode id = p.putObject("featureId").put("name", "featureId").put("in", "path").put("required", true)
        .put("description", "The feature id");
    id.putObject("schema").put("type", "string");
    ObjectNode cc = p.putObject("Content-Crs").put("name", "Content-Crs").put("in", "header").put("required", false)
        .put("description", "The CRS of the body's geometry, as <uri> (default CRS84)");
    cc.putObject("schema").put("type", "string");
  }

  private ObjectNode param(ObjectNode p, String name, String description) {
    return p.putObject(name).put("name", name).put("in", "query").put("required", false)
        .put("description", description);
  }

  private void crsParam(ObjectNode p, String name, String description) {
    ObjectNode c = param(p, name, description);
    ObjectNode s = c.putObject("schema").put("type", "string").put("format", "uri")
        .put("default", Crs.CRS84.uri);
    ArrayNode e = s.putArray("enum");
    Crs.URIS.forEach(e::add);
  }

  private void schemas(ObjectNode s) {
    s.putObject("Any").put("type", "object");
    ObjectNode link = s.putObject("Link").put("type", "object");
    link.putArray("required").add("href").add("rel");
    ObjectNode lp = link.putObject("properties");
    lp.putObject("href").put("type", "string");
    lp.putObject("rel").put("type", "string");
    lp.putObject("type").put("type", "string");
    lp.putObject("title").put("type", "string");
    ObjectNode links = json.createObjectNode().put("type", "array");
    links.putObject("items").put("$ref", "#/components/schemas/Link");

    ObjectNode landing = s.putObject("LandingPage").put("type", "object");
    landing.putArray("required").add("links");
    ObjectNode lpp = landing.putObject("properties");
    lpp.putObject("title").put("type", "string");
    lpp.putObject("description").put("type", "string");
    lpp.set("links", links.deepCopy());

    ObjectNode conf = s.putObject("ConfClasses").put("type", "object");
    conf.putArray("required").add("conformsTo");
    ObjectNode cp = conf.putObject("properties");
    cp.putObject("conformsTo").put("type", "array").putObject("items").put("type", "string");
    cp.set("links", links.deepCopy());

    ObjectNode coll = s.putObject("Collection").put("type", "object");
    coll.putArray("required").add("id").add("links");
    ObjectNode colp = coll.putObject("properties");
    colp.putObject("id").put("type", "string");
    colp.putObject("title").put("type", "string");
    colp.putObject("description").put("type", "string");
    colp.putObject("itemType").put("type", "string");
    colp.set("links", links.deepCopy());
    colp.putObject("crs").put("type", "array").putObject("items").put("type", "string");
    colp.putObject("storageCrs").put("type", "string");
    ObjectNode ext = colp.putObject("extent").put("type", "object").putObject("properties");
    ObjectNode sp = ext.putObject("spatial").put("type", "object").putObject("properties");
    ObjectNode bb = sp.putObject("bbox").put("type", "array").put("minItems", 1);
    bb.putObject("items").put("type", "array").put("minItems", 4).put("maxItems", 6).putObject("items")
        .put("type", "number");
    sp.putObject("crs").put("type", "string");
    ObjectNode tp = ext.putObject("temporal").put("type", "object").putObject("properties");
    ObjectNode iv = tp.putObject("interval").put("type", "array").put("minItems", 1);
    iv.putObject("items").put("type", "array").put("minItems", 2).put("maxItems", 2).putObject("items")
        .put("type", "string").put("format", "date-time").put("nullable", true);
    tp.putObject("trs").put("type", "string");

    ObjectNode colls = s.putObject("Collections").put("type", "object");
    colls.putArray("required").add("links").add("collections");
    ObjectNode csp = colls.putObject("properties");
    csp.set("links", links.deepCopy());
    csp.putObject("collections").put("type", "array").putObject("items").put("$ref", "#/components/schemas/Collection");
    csp.putObject("crs").put("type", "array").putObject("items").put("type", "string");

    ObjectNode problem = s.putObject("Problem").put("type", "object");
    problem.putArray("required").add("status").add("title");
    ObjectNode pp = problem.putObject("properties");
    pp.putObject("type").put("type", "string");
    pp.putObject("title").put("type", "string");
    pp.putObject("status").put("type", "integer");
    pp.putObject("detail").put("type", "string");
    pp.putObject("instance").put("type", "string");
    pp.putObject("field").put("type", "string");
    ObjectNode err = pp.putObject("errors").put("type", "array").putObject("items").put("type", "object");
    ObjectNode ep = err.putObject("properties");
    ep.putObject("field").put("type", "string");
    ep.putObject("message").put("type", "string");

    for (Collections.Collection c : Collections.ALL.values()) {
      ObjectNode f = s.putObject("Feature_" + key(c)).put("type", "object");
      f.putArray("required").add("type").add("geometry").add("properties");
      ObjectNode fp = f.putObject("properties");
      fp.putObject("type").put("type", "string").putArray("enum").add("Feature");
      fp.putObject("id").put("type", "string");
      ObjectNode g = fp.putObject("geometry").put("type", "object").put("nullable", true);
      g.putArray("required").add("type").add("coordinates");
      ObjectNode gp = g.putObject("properties");
      gp.putObject("type").put("type", "string").putArray("enum").add(c.geometryType());
      gp.putObject("coordinates").put("type", "array").putObject("items");
      ObjectNode props = fp.putObject("properties").put("type", "object").put("nullable", true)
          .putObject("properties");
      for (Collections.Property p : c.properties()) {
        ObjectNode ps = props.putObject(p.name()).put("type", p.jsonType()).put("nullable", true)
            .put("description", p.description());
        if (p.type().format != null) {
          ps.put("format", p.type().format);
        }
        if (!p.enumValues().isEmpty()) {
          ArrayNode e = ps.putArray("enum");
          p.enumValues().forEach(e::add);
          e.addNull(); // OpenAPI 3.0: a nullable enum lists null
        }
      }
      fp.set("links", links.deepCopy());
      ObjectNode fc = s.putObject("FeatureCollection_" + key(c)).put("type", "object");
      fc.putArray("required").add("type").add("features");
      ObjectNode fcp = fc.putObject("properties");
      fcp.putObject("type").put("type", "string").putArray("enum").add("FeatureCollection");
      fcp.putObject("features").put("type", "array").putObject("items")
          .put("$ref", "#/components/schemas/Feature_" + key(c));
      fcp.set("links", links.deepCopy());
      fcp.putObject("timeStamp").put("type", "string").put("format", "date-time");
      fcp.putObject("numberMatched").put("type", "integer").put("minimum", 0);
      fcp.putObject("numberReturned").put("type", "integer").put("minimum", 0);
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
