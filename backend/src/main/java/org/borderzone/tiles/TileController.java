package org.borderzone.tiles;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.borderzone.incidents.Releasability;
import org.borderzone.system.Actor;
import org.borderzone.system.ApiException;
import org.borderzone.system.CurrentActor;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Vector tiles {@code /tiles/{layer}/{z}/{x}/{y}.mvt}, their TileJSON and the layer versions (docs/TILES.md).
 * Everything is checked before any query (400 naming {@code z}, {@code x}, {@code y} or the filter); the ETag is
 * known before the tile is built, so a revalidation costs one read of {@code layer_version}.
 */
@RestController
class TileController {

  static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
  /** For a URL whose {@code v} is the current version: the content of that URL never changes. */
  static final String IMMUTABLE = "private, max-age=31536000, immutable";
  /** For a URL without the current version (or a window that moves with the clock). */
  static final String SHORT = "private, max-age=30";

  private final TileService tiles;
  private final CurrentActor actor;
  private final JsonMapper json;
  /** Tiles depend on who asks: the session cookie or the Authorization header. */
  private static final String VARY = "Cookie, Authorization";

  private final Clock clock = Clock.systemUTC();

  TileController(TileService tiles, CurrentActor actor, JsonMapper json) {
    this.tiles = tiles;
    this.actor = actor;
    this.json = json;
  }

  @GetMapping("/tiles/{layer}/{z}/{x}/{y}.mvt")
  ResponseEntity<byte[]> tile(@PathVariable String layer, @PathVariable String z, @PathVariable String x,
      @PathVariable String y, @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    TileLayer l = TileLayer.of(layer);
    int zz = coordinate(z, "z", l.maxZoom);
    long n = (1L << zz) - 1;
    int xx = coordinate(x, "x", n);
    int yy = coordinate(y, "y", n);
    Actor me = actor.get();
    TileFilter f = TileFilter.parse(l, params, me, clock);
    TileService.TileKey k = tiles.key(l, f, me, zz, xx, yy);
    String etag = k.etag();
    // A year in the browser's cache only under a URL that names the current version AND, for the layers whose
    // content depends on the reader, the reader's organisation (vis): a browser shared by a KH and an LA user keeps
    // their tiles under different URLs. Vary makes a private cache also tell two signed-in users apart.
    boolean current = !f.timeDependent() && Long.toString(k.version()).equals(params.get("v"))
        && (!l.perOrganisation || Releasability.viewerOrg(me).equals(params.get("vis")));
    String cacheControl = current ? IMMUTABLE : SHORT;
    if (matches(ifNoneMatch, etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
          .header(HttpHeaders.VARY, VARY).build();
    }
    byte[] t = tiles.tile(k, me);
    if (t.length == 0) {
      return ResponseEntity.status(HttpStatus.NO_CONTENT).eTag(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
          .header(HttpHeaders.VARY, VARY).build();
    }
    return ResponseEntity.ok().contentType(MVT).eTag(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl)
        .header(HttpHeaders.VARY, VARY).body(t);
  }

  @GetMapping(path = "/tiles/{layer}.json", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ObjectNode> tileJson(@PathVariable String layer, @RequestParam Map<String, String> params,
      HttpServletRequest req) {
    TileLayer l = TileLayer.of(layer);
    Actor me = actor.get();
    TileFilter f = TileFilter.parse(l, params, me, clock);
    long version = l.version(tiles.counters());
    String base = ServletUriComponentsBuilder.fromContextPath(req).build().toUriString();
    ObjectNode doc = TileJson.document(json, l, f, version, base, tiles.bounds(l, f, me),
        Releasability.viewerOrg(me));
    return ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate()).body(doc);
  }

  @GetMapping(path = "/tiles/versions", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ObjectNode> versions() {
    ObjectNode doc = json.createObjectNode();
    ObjectNode layers = doc.putObject("layers");
    tiles.versions().forEach(layers::put);
    TileCache.Stats s = tiles.cacheStats();
    ObjectNode c = doc.putObject("cache");
    c.put("hits", s.hits());
    c.put("misses", s.misses());
    c.put("bytes", s.bytes());
    c.put("entries", s.entries());
    c.put("maxBytes", s.maxBytes());
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(doc);
  }

  /** A tile coordinate: an integer in [0, max], else 400 naming it. */
  static int coordinate(String v, String field, long max) {
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badField(field, "error.tile-coordinate", 0, max, v);
    }
    if (n < 0 || n > max) {
      throw ApiException.badField(field, "error.tile-coordinate", 0, max, v);
    }
    return (int) n;
  }

  /** Whether an If-None-Match header names {@code etag} (a list, weak forms and {@code *} included). */
  /** If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" and "x" are the same tag. */
  static boolean matches(String header, String etag) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String t = part.strip();
      if (t.equals("*") || opaque(t).equals(opaque(etag))) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
