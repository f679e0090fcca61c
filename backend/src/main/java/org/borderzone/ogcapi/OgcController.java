package org.borderzone.ogcapi;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.borderzone.system.Actor;
import org.borderzone.system.CurrentActor;
import org.borderzone.system.Role;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * OGC API – Features under {@code /ogc}: Part 1 Core (landing page, conformance, collections, items, one
 * item) in GeoJSON and HTML, the OpenAPI 3.0 definition, Part 2 CRS and the queryables of Part 3. What QGIS
 * needs of each answer is in docs/OGCAPI.md; the writes of Part 4 are in {@link OgcIncidentController}.
 */
@RestController
@RequestMapping("/ogc")
class OgcController {

  private final OgcQueries queries;
  private final OgcDocs docs;
  private final OgcOpenApi openApi;
  private final CurrentActor actor;
  private final JsonMapper json;
  private final OgcFilters filters;

  OgcController(OgcQueries queries, OgcDocs docs, OgcOpenApi openApi, CurrentActor actor, JsonMapper json,
      OgcFilters filters) {
    this.queries = queries;
    this.docs = docs;
    this.openApi = openApi;
    this.actor = actor;
    this.json = json;
    this.filters = filters;
  }

  /** HTML when {@code f=html}, or without {@code f} when the Accept header prefers text/html to JSON. */
  static boolean html(HttpServletRequest req, String f) {
    if (f != null) {
      return OgcParams.format(f, Set.of("json", "html")).equals("html");
    }
    String accept = req.getHeader(HttpHeaders.ACCEPT);
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> types;
    try {
      types = new ArrayList<>(MediaType.parseMediaTypes(accept));
    } catch (RuntimeException e) {
      return false;
    }
    types.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
    for (MediaType t : types) {
      if (t.getQualityValue() <= 0) {
        continue;
      }
      if (t.isCompatibleWith(MediaType.TEXT_HTML) && !t.isWildcardType()) {
        return true;
      }
      if (t.isWildcardType() || "json".equals(t.getSubtype()) || t.getSubtype().endsWith("+json")) {
        return false;
      }
    }
    return false;
  }

  private static ResponseEntity<String> respond(String type, String body) {
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(type)).body(body);
  }

  private static ResponseEntity<String> htmlPage(String body) {
    return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8)).body(body);
  }

  // ------------------------------------------------------------------ landing, conformance, API

  @GetMapping({"", "/"})
  ResponseEntity<String> landing(HttpServletRequest req, @RequestParam MultiValueMap<String, String> q) {
    OgcParams.onlyParams(q, Set.of("f"));
    if (html(req, q.getFirst("f"))) {
      return htmlPage(OgcHtml.head(OgcDocs.TITLE) + OgcHtml.paragraph(OgcDocs.DESCRIPTION)
          + OgcHtml.links(OgcDocs.landingLinks(true)) + OgcHtml.foot());
    }
    return respond(OgcLinks.JSON, json.writeValueAsString(docs.landing()));
  }

  @GetMapping("/conformance")
  ResponseEntity<String> conformance(HttpServletRequest req, @RequestParam MultiValueMap<String, String> q) {
    OgcParams.onlyParams(q, Set.of("f"));
    List<String> classes = OgcDocs.classes(filters.conformance());
    if (html(req, q.getFirst("f"))) {
      return htmlPage(OgcHtml.head("Conformance") + OgcHtml.list(classes)
          + OgcHtml.links(OgcLinks.selfAndAlternate(true, OgcLinks.JSON)) + OgcHtml.foot());
    }
    return respond(OgcLinks.JSON, json.writeValueAsString(docs.conformance(classes)));
  }

  /** The OpenAPI 3.0 document ({@code service-desc}), or with {@code f=html} the API documentation page. */
  @GetMapping("/api")
  ResponseEntity<String> api(HttpServletRequest req, @RequestParam MultiValueMap<String, String> q) {
    OgcParams.onlyParams(q, Set.of("f"));
    ObjectNode doc = openApi.document(true);
    if (html(req, q.getFirst("f"))) {
      StringBuilder b = new StringBuilder(OgcHtml.head("API documentation"));
      b.append(OgcHtml.paragraph(OgcDocs.DESCRIPTION));
      b.append("<p>").append(OgcHtml.anchor(OgcLinks.base() + "/api", "The OpenAPI 3.0 definition (JSON)"))
          .append("</p>\n<h2>Paths</h2><ul>");
      doc.get("paths").properties().forEach(e -> {
        List<String> methods = new ArrayList<>();
        e.getValue().properties().forEach(m -> methods.add(m.getKey().toUpperCase(java.util.Locale.ROOT)));
        b.append("<li>").append(OgcHtml.esc(String.join(", ", methods))).append(" ")
            .append(OgcHtml.esc(OgcLinks.base() + e.getKey())).append("</li>");
      });
      b.append("</ul>\n<h2>Limits</h2>").append(OgcHtml.paragraph("limit: default " + OgcParams.DEFAULT_LIMIT
          + ", maximum " + OgcParams.MAX_LIMIT + "; up to " + OgcParams.ABSURD_LIMIT
          + " is served as the maximum; more, zero, negative or non-integers are refused."));
      b.append(OgcHtml.links(List.of(new OgcLinks.Link("service-desc", OgcLinks.OPENAPI, OgcLinks.base() + "/api",
          "OpenAPI 3.0"), new OgcLinks.Link("start", OgcLinks.HTML, OgcLinks.base() + "?f=html", "Landing page"))));
      return htmlPage(b.append(OgcHtml.foot()).toString());
    }
    return respond(OgcLinks.OPENAPI, json.writeValueAsString(doc));
  }

  // ------------------------------------------------------------------ collections

  @GetMapping("/collections")
  ResponseEntity<String> collections(HttpServletRequest req, @RequestParam MultiValueMap<String, String> q) {
    OgcParams.onlyParams(q, Set.of("f"));
    Actor me = actor.get();
    if (html(req, q.getFirst("f"))) {
      StringBuilder b = new StringBuilder(OgcHtml.head("Collections")).append("<ul>");
      for (Collections.Collection c : Collections.ALL.values()) {
        b.append("<li>").append(OgcHtml.anchor(OgcLinks.base() + "/collections/" + c.id() + "?f=html", c.title()))
            .append(" — ").append(OgcHtml.esc(c.description())).append("</li>");
      }
      b.append("</ul>\n").append(OgcHtml.links(OgcLinks.selfAndAlternate(true, OgcLinks.JSON)));
      return htmlPage(b.append(OgcHtml.foot()).toString());
    }
    return respond(OgcLinks.JSON, json.writeValueAsString(docs.collections(me)));
  }

  @GetMapping("/collections/{collectionId}")
  ResponseEntity<String> collection(HttpServletRequest req, @PathVariable String collectionId,
      @RequestParam MultiValueMap<String, String> q) {
    Collections.Collection c = Collections.get(collectionId);
    OgcParams.onlyParams(q, Set.of("f"));
    ObjectNode doc = docs.collection(c, actor.get(), true);
    if (html(req, q.getFirst("f"))) {
      Map<String, String> rows = new LinkedHashMap<>();
      rows.put("id", c.id());
      rows.put("description", c.description());
      rows.put("geometry type", c.geometryType());
      rows.put("extent", doc.path("extent").toString());
      rows.put("storage CRS", Crs.CRS84.uri);
      rows.put("CRS", String.join(" ", Crs.URIS));
      List<OgcLinks.Link> links = new ArrayList<>(OgcLinks.selfAndAlternate(true, OgcLinks.JSON));
      links.addAll(OgcDocs.collectionLinks(c));
      return htmlPage(OgcHtml.head(c.title()) + OgcHtml.table(rows) + OgcHtml.links(links) + OgcHtml.foot());
    }
    return respond(OgcLinks.JSON, json.writeValueAsString(doc));
  }

  @GetMapping("/collections/{collectionId}/queryables")
  ResponseEntity<String> queryables(HttpServletRequest req, @PathVariable String collectionId,
      @RequestParam MultiValueMap<String, String> q) {
    Collections.Collection c = Collections.get(collectionId);
    OgcParams.onlyParams(q, Set.of("f"));
    if (html(req, q.getFirst("f"))) {
      Map<String, String> rows = new LinkedHashMap<>();
      rows.put("geometry", c.geometryType());
      for (Collections.Property p : c.queryables()) {
        rows.put(p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT)
            + (p.enumValues().isEmpty() ? "" : ": " + String.join(", ", p.enumValues())) + " — " + p.description());
      }
      return htmlPage(OgcHtml.head(c.title() + ": queryables") + OgcHtml.table(rows)
          + OgcHtml.links(OgcLinks.selfAndAlternate(true, OgcLinks.SCHEMA)) + OgcHtml.foot());
    }
    return respond(OgcLinks.SCHEMA, json.writeValueAsString(docs.queryables(c)));
  }

  // ------------------------------------------------------------------ items

  @GetMapping("/collections/{collectionId}/items")
  void items(HttpServletRequest req, HttpServletResponse res, @PathVariable String collectionId,
      @RequestParam MultiValueMap<String, String> q) {
    Collections.Collection c = Collections.get(collectionId);
    OgcParams.Items items = OgcParams.items(c, q);
    boolean html = html(req, q.getFirst("f"));
    OgcSql.SqlFragment filter = filters.parse(c, items);
    Actor me = actor.get();
    String itemsUrl = OgcLinks.base() + "/collections/" + c.id() + "/items";
    List<OgcLinks.Link> links = new ArrayList<>(OgcLinks.selfAndAlternate(html, OgcLinks.GEO_JSON));
    links.add(new OgcLinks.Link("collection", OgcLinks.JSON, OgcLinks.base() + "/collections/" + c.id(), c.title()));
    String next = null;
    if (html) {
      HtmlRows rows = new HtmlRows(res, c, itemsUrl, json);
      OgcQueries.PageEnd end = queries.items(c, items, filter, me, rows);
      if (end.more()) {
        next = OgcLinks.withCursor(OgcParams.cursorOf(end.lastKey()));
        links.add(new OgcLinks.Link("next", OgcLinks.HTML, next, "Next page"));
      }
      rows.finish(end, links);
      return;
    }
    GeoJsonRows rows = new GeoJsonRows(res, json, items.crs());
    OgcQueries.PageEnd end = queries.items(c, items, filter, me, rows);
    if (end.more()) {
      links.add(new OgcLinks.Link("next", OgcLinks.GEO_JSON, OgcLinks.withCursor(OgcParams.cursorOf(end.lastKey())),
          "Next page"));
    }
    rows.finish(end, links, docs);
  }

  @GetMapping("/collections/{collectionId}/items/{featureId}")
  ResponseEntity<String> item(HttpServletRequest req, @PathVariable String collectionId,
      @PathVariable String featureId, @RequestParam MultiValueMap<String, String> q) {
    Collections.Collection c = Collections.get(collectionId);
    OgcParams.onlyParams(q, Set.of("f", "crs"));
    Crs crs = Crs.parse(q.getFirst("crs"), "crs", Crs.CRS84);
    boolean html = html(req, q.getFirst("f"));
    String text = feature(c, featureId, crs, actor.get());
    ObjectNode f = (ObjectNode) json.readTree(text);
    String u = OgcLinks.base() + "/collections/" + c.id();
    List<OgcLinks.Link> links = new ArrayList<>(OgcLinks.selfAndAlternate(html, OgcLinks.GEO_JSON));
    links.add(new OgcLinks.Link("collection", OgcLinks.JSON, u, c.title()));
    if (html) {
      Map<String, String> rows = new LinkedHashMap<>();
      rows.put("id", f.path("id").asString(""));
      f.path("properties").properties().forEach(e -> rows.put(e.getKey(),
          e.getValue().isNull() ? "" : e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
      rows.put("geometry", f.path("geometry").toString());
      return htmlPage(OgcHtml.head(c.title() + " " + f.path("id").asString("")) + OgcHtml.table(rows)
          + OgcHtml.links(links) + OgcHtml.foot());
    }
    f.set("links", docs.links(links));
    return ResponseEntity.ok().contentType(MediaType.parseMediaType(OgcLinks.GEO_JSON))
        .header("Content-Crs", crs.header()).body(json.writeValueAsString(f));
  }

  /** The feature's GeoJSON text, or 404 naming {@code featureId} (an id that cannot be one is not found either). */
  String feature(Collections.Collection c, String featureId, Crs crs, Actor me) {
    Object key = OgcParams.keyOrNull(featureId, c);
    if (key == null) {
      throw OgcParams.notFound("featureId", "error.ogc-unknown-feature", OgcParams.clip(featureId), c.id());
    }
    return queries.one(c, key, crs, me)
        .orElseThrow(() -> OgcParams.notFound("featureId", "error.ogc-unknown-feature", OgcParams.clip(featureId),
            c.id()));
  }

  // ------------------------------------------------------------------ OPTIONS (QGIS's edit detection)

  /**
   * {@code Allow} of the items of a collection: GET, HEAD, OPTIONS, and POST on the incidents for the roles the
   * route table lets create (PLANNER, PATROL, ADMIN). QGIS enables adding features from it.
   */
  @RequestMapping(path = "/collections/{collectionId}/items", method = RequestMethod.OPTIONS)
  ResponseEntity<Void> itemsOptions(@PathVariable String collectionId) {
    Collections.Collection c = Collections.get(collectionId);
    List<String> allow = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));
    Role r = actor.get().role();
    if (c.editable() && (r == Role.ADMIN || r == Role.PLANNER || r == Role.PATROL)) {
      allow.add("POST");
    }
    return ResponseEntity.ok().header(HttpHeaders.ALLOW, String.join(", ", allow)).build();
  }

  /**
   * {@code Allow} of one feature: GET, HEAD, OPTIONS, and PUT on the incidents for the roles that may change an
   * incident's status (PLANNER, ADMIN). Never DELETE: incidents are not deleted (docs/OGCAPI.md). An unknown
   * id answers the same (QGIS asks with {@code unknown_id}).
   */
  @RequestMapping(path = "/collections/{collectionId}/items/{featureId}", method = RequestMethod.OPTIONS)
  ResponseEntity<Void> itemOptions(@PathVariable String collectionId, @PathVariable String featureId) {
    Collections.Collection c = Collections.get(collectionId);
    return ResponseEntity.ok().header(HttpHeaders.ALLOW, String.join(", ", itemAllow(c, actor.get()))).build();
  }

  static List<String> itemAllow(Collections.Collection c, Actor a) {
    List<String> allow = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));
    if (c.editable() && (a.role() == Role.ADMIN || a.role() == Role.PLANNER)) {
      allow.add("PUT");
    }
    return allow;
  }

  // ------------------------------------------------------------------ streamed pages

  /** A GeoJSON page written while PostgreSQL returns it; the response is committed by the count. */
  private static final class GeoJsonRows implements OgcQueries.Rows {
    private final HttpServletResponse res;
    private final JsonMapper json;
    private final Crs crs;
    private JsonGenerator g;
    private long matched;

    GeoJsonRows(HttpServletResponse res, JsonMapper json, Crs crs) {
      this.res = res;
      this.json = json;
      this.crs = crs;
    }

    @Override
    public void start(long numberMatched) {
      matched = numberMatched;
      res.setStatus(200);
      res.setContentType(OgcLinks.GEO_JSON);
      res.setCharacterEncoding("UTF-8");
      res.setHeader("Content-Crs", crs.header());
      res.setHeader("OGC-NumberMatched", Long.toString(numberMatched));
      try {
        OutputStream out = res.getOutputStream();
        g = json.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      g.writeStartObject();
      g.writeStringProperty("type", "FeatureCollection");
      g.writeStringProperty("timeStamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeNumberProperty("numberMatched", numberMatched);
      g.writeName("features");
      g.writeStartArray();
    }

    @Override
    public void feature(String geoJson) {
      g.writeRawValue(geoJson);
    }

    void finish(OgcQueries.PageEnd end, List<OgcLinks.Link> links, OgcDocs docs) {
      g.writeEndArray();
      g.writeNumberProperty("numberReturned", end.returned());
      g.writeName("links");
      g.writeTree(docs.links(links));
      g.writeEndObject();
      g.close();
    }
  }

  /** An HTML page of features written while PostgreSQL returns them. */
  private static final class HtmlRows implements OgcQueries.Rows {
    private final HttpServletResponse res;
    private final Collections.Collection c;
    private final String itemsUrl;
    private final JsonMapper json;
    private Writer w;

    HtmlRows(HttpServletResponse res, Collections.Collection c, String itemsUrl, JsonMapper json) {
      this.res = res;
      this.c = c;
      this.itemsUrl = itemsUrl;
      this.json = json;
    }

    @Override
    public void start(long numberMatched) {
      res.setStatus(200);
      res.setContentType("text/html;charset=UTF-8");
      try {
        w = res.getWriter();
        w.write(OgcHtml.head(c.title()));
        w.write(OgcHtml.paragraph(numberMatched + " features match."));
        w.write(OgcHtml.featuresHead(c));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void feature(String geoJson) {
      JsonNode f = json.readTree(geoJson);
      try {
        w.write(OgcHtml.featureRow(c, f, itemsUrl));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void finish(OgcQueries.PageEnd end, List<OgcLinks.Link> links) {
      try {
        w.write(OgcHtml.featuresFoot());
        w.write(OgcHtml.paragraph(end.returned() + " features on this page."));
        w.write(OgcHtml.links(links));
        w.write(OgcHtml.foot());
        w.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
