package org.borderzone.tiles;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * TileJSON 3.0.0 (mapbox/tilejson-spec) of a tile layer: required {@code tilejson}, {@code tiles} (one
 * absolute URL template with the current version and the filters) and {@code vector_layers} (id, fields),
 * plus bounds from the data, centre and zoom range. QGIS's vector tile connection and MapLibre read it.
 */
final class TileJson {

  private TileJson() {}

  /** The whole Web Mercator world, when a layer has no data yet. */
  static final double[] WORLD = {-180, -85.0511, 180, 85.0511};

  static ObjectNode document(JsonMapper json, TileLayer l, TileFilter f, long version, String base, double[] bounds,
      String viewerOrg) {
    ObjectNode d = json.createObjectNode();
    d.put("tilejson", "3.0.0");
    d.put("name", "borderzone " + l.id);
    d.put("description", "Borderzone " + l.id + " (docs/TILES.md)");
    d.put("version", "1.0.0");
    d.put("scheme", "xyz");
    d.put("attribution", "Borderzone; border geometry © OpenStreetMap contributors (ODbL)");
    String query = f.query();
    // per-organisation layers name the reader's organisation (vis) in the URL, so a browser or QGIS cache shared
    // by two organisations keeps their tiles apart (TileController)
    d.putArray("tiles").add(base + "/tiles/" + l.id + "/{z}/{x}/{y}.mvt?v=" + version
        + (l.perOrganisation ? "&vis=" + java.net.URLEncoder.encode(viewerOrg, java.nio.charset.StandardCharsets.UTF_8) : "")
        + (query.isEmpty() ? "" : "&" + query));
    d.put("minzoom", l.minZoom);
    d.put("maxzoom", l.maxZoom);
    double[] b = bounds == null ? WORLD : bounds;
    ArrayNode bn = d.putArray("bounds");
    for (double v : b) {
      bn.add(v);
    }
    d.putArray("center").add((b[0] + b[2]) / 2).add((b[1] + b[3]) / 2).add(Math.min(l.maxZoom, 7));
    ArrayNode layers = d.putArray("vector_layers");
    for (TileLayer.VectorLayer v : l.vectorLayers) {
      ObjectNode o = layers.addObject();
      o.put("id", v.id());
      ObjectNode fields = o.putObject("fields");
      v.fields().forEach(fields::put);
      o.put("minzoom", v.minZoom());
      o.put("maxzoom", v.maxZoom());
    }
    return d;
  }
}
