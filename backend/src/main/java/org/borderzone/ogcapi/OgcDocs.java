package org.borderzone.ogcapi;

import java.util.ArrayList;
import java.util.List;
import org.borderzone.system.Actor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents of {@code /ogc} other than features: landing page, conformance, collections, one
 * collection and its queryables, all from the registry ({@link Collections}) and written by Jackson.
 */
@Component
class OgcDocs {

  static final String TITLE = "Borderzone OGC API – Features";
  static final String DESCRIPTION = "Border segments, pillars, joint inspections, incidents, disputed areas, patrol"
      + " bases and the patrol network of the Cambodia–Laos border, as OGC API – Features (Parts 1, 2 and 3;"
      + " Part 4 draft for incidents).";

  static final String CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
  static final String OAS30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
  static final String HTML = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html";
  static final String GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
  static final String CRS = "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs";
  static final String QUERYABLES = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables";
  static final String QUERYABLES_PARAMS =
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters";

  /** The classes claimed, each with the test behind it in docs/OGCAPI.md. */
  static List<String> classes(List<String> filterClasses) {
    List<String> c = new ArrayList<>(List.of(CORE, OAS30, HTML, GEOJSON, CRS, QUERYABLES, QUERYABLES_PARAMS));
    c.addAll(filterClasses);
    return c;
  }

  private final JsonMapper json;
  private final OgcQueries queries;

  OgcDocs(JsonMapper json, OgcQueries queries) {
    this.json = json;
    this.queries = queries;
  }

  ArrayNode links(List<OgcLinks.Link> links) {
    ArrayNode a = json.createArrayNode();
    for (OgcLinks.Link l : links) {
      ObjectNode o = a.addObject().put("href", l.href()).put("rel", l.rel());
      if (l.type() != null) {
        o.put("type", l.type());
      }
      if (l.title() != null) {
        o.put("title", l.title());
      }
    }
    return a;
  }

  /** Links of the landing page: self, alternate, service-desc, service-doc, conformance, data. */
  static List<OgcLinks.Link> landingLinks(boolean html) {
    String b = OgcLinks.base();
    List<OgcLinks.Link> l = new ArrayList<>(OgcLinks.selfAndAlternate(html, OgcLinks.JSON));
    l.add(new OgcLinks.Link("service-desc", OgcLinks.OPENAPI, b + "/api", "The API definition (OpenAPI 3.0)"));
    l.add(new OgcLinks.Link("service-doc", OgcLinks.HTML, b + "/api?f=html", "The API documentation"));
    l.add(new OgcLinks.Link("conformance", OgcLinks.JSON, b + "/conformance", "Conformance classes"));
    l.add(new OgcLinks.Link("data", OgcLinks.JSON, b + "/collections", "The collections"));
    return l;
  }

  ObjectNode landing() {
    ObjectNode o = json.createObjectNode().put("title", TITLE).put("description", DESCRIPTION);
    o.set("links", links(landingLinks(false)));
    return o;
  }

  ObjectNode conformance(List<String> classes) {
    ObjectNode o = json.createObjectNode();
    ArrayNode a = o.putArray("conformsTo");
    classes.forEach(a::add);
    o.set("links", links(OgcLinks.selfAndAlternate(false, OgcLinks.JSON)));
    return o;
  }

  /** The links of one collection (absolute; QGIS builds {data}/{id}/items itself, qgis/QGIS#66121). */
  static List<OgcLinks.Link> collectionLinks(Collections.Collection c) {
    String u = OgcLinks.base() + "/collections/" + c.id();
    return List.of(
        new OgcLinks.Link("items", OgcLinks.GEO_JSON, u + "/items", c.title() + " as GeoJSON"),
        new OgcLinks.Link("items", OgcLinks.HTML, u + "/items?f=html", c.title() + " as HTML"),
        new OgcLinks.Link(OgcLinks.REL_QUERYABLES, OgcLinks.SCHEMA, u + "/queryables", "Queryables"));
  }

  ObjectNode collection(Collections.Collection c, Actor actor, boolean standalone) {
    ObjectNode o = json.createObjectNode().put("id", c.id()).put("title", c.title())
        .put("description", c.description()).put("itemType", "feature");
    List<OgcLinks.Link> links = new ArrayList<>();
    if (standalone) {
      links.addAll(OgcLinks.selfAndAlternate(false, OgcLinks.JSON));
    } else {
      String u = OgcLinks.base() + "/collections/" + c.id();
      links.add(new OgcLinks.Link("self", OgcLinks.JSON, u, c.title()));
      links.add(new OgcLinks.Link("alternate", OgcLinks.HTML, u + "?f=html", c.title() + " as HTML"));
    }
    links.addAll(collectionLinks(c));
    o.set("links", links(links));
    OgcQueries.Extent e = queries.extent(c, actor);
    ObjectNode extent = o.putObject("extent");
    if (e.xmin() != null) {
      ObjectNode spatial = extent.putObject("spatial");
      ArrayNode box = spatial.putArray("bbox").addArray();
      box.add(round(e.xmin(), false)).add(round(e.ymin(), false)).add(round(e.xmax(), true))
          .add(round(e.ymax(), true));
      spatial.put("crs", Crs.CRS84.uri);
    }
    if (c.temporal() != null && e.t0() != null) {
      ObjectNode temporal = extent.putObject("temporal");
      temporal.putArray("interval").addArray().add(e.t0()).add(e.t1());
      temporal.put("trs", "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
    }
    ArrayNode crs = o.putArray("crs");
    Crs.URIS.forEach(crs::add);
    o.put("storageCrs", Crs.CRS84.uri);
    return o;
  }

  /** Outward rounding to 7 decimals, so the published box still holds every feature. */
  private static double round(double v, boolean up) {
    double s = v * 1e7;
    return (up ? Math.ceil(s) : Math.floor(s)) / 1e7;
  }

  ObjectNode collections(Actor actor) {
    ObjectNode o = json.createObjectNode();
    o.set("links", links(OgcLinks.selfAndAlternate(false, OgcLinks.JSON)));
    ArrayNode a = o.putArray("collections");
    for (Collections.Collection c : Collections.ALL.values()) {
      a.add(collection(c, actor, false));
    }
    ArrayNode crs = o.putArray("crs");
    Crs.URIS.forEach(crs::add);
    return o;
  }

  /** The queryables of a collection as a JSON Schema (Part 3): each property with its type and values. */
  ObjectNode queryables(Collections.Collection c) {
    String u = OgcLinks.base() + "/collections/" + c.id() + "/queryables";
    ObjectNode o = json.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema")
        .put("$id", u).put("type", "object").put("title", c.title());
    ObjectNode props = o.putObject("properties");
    // QGIS recognises the geometry queryable only by a $ref to https://geojson.org/schema/… (its
    // qgsoapifqueryablesrequest.cpp); without it QGIS translates no spatial filter into CQL2
    props.putObject("geometry").put("title", "Geometry")
        .put("$ref", "https://geojson.org/schema/" + c.geometryType() + ".json")
        .put("format", "geometry-" + c.geometryType().toLowerCase(java.util.Locale.ROOT))
        .put("x-ogc-role", "primary-geometry");
    for (Collections.Property p : c.queryables()) {
      ObjectNode q = props.putObject(p.name()).put("title", p.description()).put("type", p.jsonType());
      if (p.type().format != null) {
        q.put("format", p.type().format);
      }
      if (!p.enumValues().isEmpty()) {
        ArrayNode e = q.putArray("enum");
        p.enumValues().forEach(e::add);
      }
      if (p.name().equals(c.temporal())) {
        q.put("x-ogc-role", "primary-instant");
      }
    }
    o.put("additionalProperties", false);
    return o;
  }
}
