// A Leaflet layer drawn from the server's vector tiles (GET /tiles/{layer}/{z}/{x}/{y}.mvt, docs/TILES.md):
// an L.GridLayer whose tiles are canvases (sized for the screen's pixel ratio), each fetched through api.js,
// decoded by mvt.js and drawn by the layer module's draw(); a tile that leaves the view has its request
// aborted. The layer answers hit tests in screen pixels (the map's click and hover go through
// tile-interaction.js), re-fetches its tiles in place when the filter or the layer version changes (the old
// drawing stays until the new tile arrives, so nothing flashes) and tells what it holds (for the legend, the
// incident totals and the browser tests).
import { api } from '../api.js';
import { decodeTile, GEOM } from '../mvt.js';

const L = window.L;

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance2(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

/** Even-odd crossing test over every ring of a polygon feature (exterior rings and holes alike). */
function insidePolygon(rings, x, y) {
  let inside = false;
  for (const r of rings) {
    for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
      const xi = r[i];
      const yi = r[i + 1];
      const xj = r[j];
      const yj = r[j + 1];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Distance in tile pixels from (x, y) (tile pixels) to the feature drawn at k pixels per tile unit. */
function featureDistance(f, x, y, k) {
  const ux = x / k;
  const uy = y / k;
  if (f.type === GEOM.POLYGON) return insidePolygon(f.rings, ux, uy) ? 0 : Infinity;
  let best = Infinity;
  for (const r of f.rings) {
    if (f.type === GEOM.POINT || r.length === 2) {
      best = Math.min(best, (r[0] - ux) ** 2 + (r[1] - uy) ** 2);
      continue;
    }
    for (let i = 0; i + 3 < r.length; i += 2) best = Math.min(best, segmentDistance2(ux, uy, r[i], r[i + 1], r[i + 2], r[i + 3]));
  }
  return Math.sqrt(best) * k;
}

/** A representative vertex of the feature in tile units: the point, a middle vertex of a line, a polygon's mean. */
function anchorOf(f) {
  const r = f.rings[0];
  if (!r) return null;
  if (f.type === GEOM.POLYGON) {
    let sx = 0;
    let sy = 0;
    const n = Math.max(1, r.length / 2 - 1);
    for (let i = 0; i < n * 2; i += 2) {
      sx += r[i];
      sy += r[i + 1];
    }
    return [sx / n, sy / n];
  }
  const i = Math.floor(r.length / 4) * 2;
  return [r[i], r[i + 1]];
}

const TileCanvasLayer = L.GridLayer.extend({
  options: { padding: 0, maxNativeZoom: 16, updateWhenZooming: false, keepBuffer: 1 },

  initialize(spec, options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this.spec = spec;
    this.entries = new Set();
    this.inFlight = 0;
    this.on('tileunload', (e) => {
      const entry = e.tile && e.tile.bzEntry;
      if (!entry) return;
      entry.controller?.abort();
      entry.gone = true;
      this.entries.delete(entry);
      this.spec.onChange?.();
    });
  },

  createTile(coords, done) {
    const size = this.getTileSize();
    const pad = this.options.padding;
    const ratio = window.devicePixelRatio || 1;
    const tile = L.DomUtil.create('div', 'bz-mvt-tile');
    const canvas = L.DomUtil.create('canvas', 'bz-mvt-canvas', tile);
    canvas.width = Math.round((size.x + 2 * pad) * ratio);
    canvas.height = Math.round((size.y + 2 * pad) * ratio);
    canvas.style.width = `${size.x + 2 * pad}px`;
    canvas.style.height = `${size.y + 2 * pad}px`;
    canvas.style.left = `${-pad}px`;
    canvas.style.top = `${-pad}px`;
    const entry = { coords: { x: coords.x, y: coords.y, z: coords.z }, canvas, ratio, pad, size: size.x, data: null, url: null, controller: null, gone: false };
    entry.done = (err) => done(err, tile);
    tile.bzEntry = entry;
    this.entries.add(entry);
    this.load(entry);
    return tile;
  },

  /** The tile's URL for the current filter and version, or null when the layer has nothing to show. */
  urlOf(coords) {
    const params = this.spec.params();
    if (params === null) return null;
    const q = new URLSearchParams();
    const v = this.spec.version?.();
    if (v !== undefined && v !== null) q.set('v', String(v));
    // The reader's visibility class (organisation), which the server ignores: tiles are cached by the browser
    // for a year under their URL, and a browser shared by a KH and an LA user must never hand one the other's
    // tiles (the server keys its own cache the same way; docs/TILES.md, client section).
    const vis = document.body.dataset.org;
    if (vis) q.set('vis', vis);
    for (const [k, val] of Object.entries(params)) {
      if (val !== undefined && val !== null && val !== '') q.set(k, String(val));
    }
    const s = q.toString();
    return `/tiles/${this.spec.name}/${coords.z}/${coords.x}/${coords.y}.mvt${s ? `?${s}` : ''}`;
  },

  /**
   * Fetches and draws the tile for the current URL. The tile's first load tells Leaflet when it is ready
   * (entry.done); later loads (filter, version) replace the drawing when their answer arrives.
   */
  async load(entry, force = false) {
    const url = this.urlOf(entry.coords);
    const finish = (err) => {
      const cb = entry.done;
      entry.done = null;
      cb?.(err);
    };
    if (!force && url === entry.url && entry.data) {
      finish(null);
      return;
    }
    if (!force && entry.controller && url === entry.pendingUrl) return; // already on its way
    entry.controller?.abort();
    if (url === null) {
      entry.url = null;
      entry.data = {};
      this.draw(entry);
      finish(null);
      this.spec.onChange?.();
      return;
    }
    const controller = new AbortController();
    entry.controller = controller;
    entry.pendingUrl = url;
    this.inFlight++;
    this.spec.onLoading?.(true);
    try {
      const buffer = await api.tile(url, controller.signal);
      if (entry.gone || controller.signal.aborted) return;
      entry.data = decodeTile(buffer);
      if (this.spec.prepare) entry.data = this.spec.prepare(entry.data, entry.coords);
      entry.url = url;
      entry.error = null;
      this.draw(entry);
      finish(null);
    } catch (e) {
      if (e.name === 'AbortError' || controller.signal.aborted) return;
      entry.error = e;
      entry.data = entry.data || {};
      this.spec.onError?.(e);
      finish(e);
    } finally {
      this.inFlight--;
      if (entry.controller === controller) {
        entry.controller = null;
        entry.pendingUrl = null;
      }
      this.spec.onLoading?.(this.inFlight > 0);
      this.spec.onChange?.();
    }
  },

  /** Draws the tile's features with the layer's draw(ctx, feature, layerName, k) in CSS pixels. */
  draw(entry) {
    const ctx = entry.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, entry.canvas.width, entry.canvas.height);
    ctx.setTransform(entry.ratio, 0, 0, entry.ratio, entry.pad * entry.ratio, entry.pad * entry.ratio);
    for (const layer of this.layersOf(entry)) {
      const k = entry.size / layer.extent;
      if (this.spec.drawLayer) {
        ctx.save();
        this.spec.drawLayer(ctx, layer, k);
        ctx.restore();
        continue;
      }
      for (const f of layer.features) {
        if (f.type === GEOM.POINT && !this.ownsPoint(f, layer.extent)) continue;
        ctx.save();
        this.spec.draw(ctx, f, layer.name, k);
        ctx.restore();
      }
    }
  },

  /** The tile's MVT layers in the order the spec draws them. */
  layersOf(entry) {
    const data = entry.data || {};
    return (this.spec.layers || Object.keys(data)).map((n) => data[n]).filter(Boolean);
  },

  /** A point in the buffer belongs to the neighbouring tile, which draws it (over its own edge if needed). */
  ownsPoint(f, extent) {
    const r = f.rings[0];
    return r && r[0] >= 0 && r[0] < extent && r[1] >= 0 && r[1] < extent;
  },

  redrawAll() {
    for (const entry of this.entries) if (entry.data) this.draw(entry);
  },

  /** Tiles of the zoom level being shown (Leaflet keeps others for a moment while zooming). */
  current() {
    return [...this.entries].filter((e) => e.coords.z === this._tileZoom);
  },

  /** Re-fetches every loaded tile whose URL changed (filter, version); force re-fetches them all. */
  refresh(force = false) {
    for (const entry of this.entries) this.load(entry, force);
  },

  /**
   * The nearest interactive feature within tolerancePx of the container point (screen pixels), or null:
   * {feature, layerName, distance, latlng}. hitRadius(f, layerName) is the drawn half-size in pixels.
   */
  hitTest(containerPoint, tolerancePx = 5) {
    const map = this._map;
    const z = this._tileZoom;
    if (!map || z === undefined) return null;
    const scale = map.getZoomScale(map.getZoom(), z);
    const p = map.project(map.containerPointToLatLng(containerPoint), z);
    let best = null;
    for (const entry of this.current()) {
      if (!entry.data) continue;
      const x = p.x - entry.coords.x * entry.size;
      const y = p.y - entry.coords.y * entry.size;
      const reach = entry.pad + (tolerancePx + 40) / scale;
      if (x < -reach || y < -reach || x > entry.size + reach || y > entry.size + reach) continue;
      for (const layer of this.layersOf(entry)) {
        const k = entry.size / layer.extent;
        for (const f of layer.features) {
          if (f.type === GEOM.POINT && !this.ownsPoint(f, layer.extent)) continue;
          if (this.spec.interactive && !this.spec.interactive(f, layer.name)) continue;
          if (f.type !== GEOM.POINT && (x < 0 || y < 0 || x >= entry.size || y >= entry.size)) continue; // clipped to its tile
          const d = featureDistance(f, x, y, k) * scale;
          const radius = this.spec.hitRadius ? this.spec.hitRadius(f, layer.name) : 0;
          const gap = d - radius;
          // on a tie the feature drawn later wins: it is the one on top
          if (gap <= tolerancePx && (!best || gap <= best.gap)) best = { feature: f, layerName: layer.name, gap, distance: d };
        }
      }
    }
    return best;
  },

  /** Every drawn feature of the shown zoom with its container point: [{feature, layerName, point: [x, y]}]. */
  drawn(filter = () => true) {
    const map = this._map;
    const z = this._tileZoom;
    if (!map || z === undefined) return [];
    const out = [];
    for (const entry of this.current()) {
      for (const layer of this.layersOf(entry)) {
        const k = entry.size / layer.extent;
        for (const f of layer.features) {
          if (f.type === GEOM.POINT && !this.ownsPoint(f, layer.extent)) continue;
          if (!filter(f, layer.name)) continue;
          const a = anchorOf(f);
          if (!a) continue;
          const ll = map.unproject([entry.coords.x * entry.size + a[0] * k, entry.coords.y * entry.size + a[1] * k], z);
          const cp = map.latLngToContainerPoint(ll);
          out.push({ feature: f, layerName: layer.name, point: [cp.x, cp.y], latlng: ll, tile: entry.coords });
        }
      }
    }
    return out;
  },

  /** The RGBA of this layer's own canvas at a container point (what the layer drew there, nothing else). */
  pixelAt(containerPoint) {
    const map = this._map;
    const z = this._tileZoom;
    const p = map.project(map.containerPointToLatLng(containerPoint), z);
    for (const entry of this.current()) {
      const x = p.x - entry.coords.x * entry.size + entry.pad;
      const y = p.y - entry.coords.y * entry.size + entry.pad;
      if (entry.pad === 0 && (x < 0 || y < 0 || x >= entry.size || y >= entry.size)) continue;
      if (x < 0 || y < 0 || x >= entry.size + 2 * entry.pad || y >= entry.size + 2 * entry.pad) continue;
      const d = entry.canvas.getContext('2d').getImageData(Math.floor(x * entry.ratio), Math.floor(y * entry.ratio), 1, 1).data;
      if (d[3] > 0 || entry.pad === 0) return Array.from(d);
    }
    return [0, 0, 0, 0];
  },

  /** The lon/lat box covered by the tiles of the shown zoom, and whether they form a full rectangle. */
  coverage() {
    const tiles = this.current();
    if (!tiles.length || !this._map) return null;
    const xs = tiles.map((t) => t.coords.x);
    const ys = tiles.map((t) => t.coords.y);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs) + 1, Math.min(...ys), Math.max(...ys) + 1];
    const size = tiles[0].size;
    const nw = this._map.unproject([x0 * size, y0 * size], this._tileZoom);
    const se = this._map.unproject([x1 * size, y1 * size], this._tileZoom);
    return {
      bbox: [nw.lng, se.lat, se.lng, nw.lat],
      tiles: tiles.length,
      rectangle: tiles.length === (x1 - x0) * (y1 - y0),
      loaded: tiles.every((t) => t.data && !t.controller),
      zoom: this._tileZoom,
    };
  },
});

/**
 * A vector tile layer. spec: name (the endpoint layer), layers (MVT layer names in drawing order), params()
 * (query parameters of the filter, or null to draw nothing), version() (the layer version for ?v=),
 * prepare(tile, coords) (optional: rewrites a decoded tile once, e.g. merges cells or clusters points), draw(ctx, feature, layerName,
 * k) (k = CSS pixels per tile unit) or drawLayer(ctx, mvtLayer, k) (a whole MVT layer at once), interactive(f, layerName), hitRadius(f,
 * layerName), onChange() (what the layer holds changed), onLoading(busy), onError(e). options: Leaflet
 * GridLayer options (pane, padding for symbols that overflow their tile, maxNativeZoom, minZoom).
 */
export function createMvtLayer(spec, options) {
  return new TileCanvasLayer(spec, options);
}
