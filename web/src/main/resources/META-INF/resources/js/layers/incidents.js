// Incidents, drawn on canvas from the incident vector tiles (/tiles/incidents/…, docs/TILES.md): below
// pointMinZoom the tile's cells (16 × 16 per tile, merged 4 × 4 here: a bubble per non-empty cell sized by its
// count, ringed by the share of each incident type), from it one disc per incident with its type's glyph, where
// incidents closer than CLUSTER_PX on screen are drawn as one cluster bubble with their count (below
// CLUSTER_MAX_ZOOM; up to a thousand icons per tile were drawn on top of each other). A click on an incident
// opens its details (GET /api/incidents/{id}: the server decides what the reader may see); a click on a bubble
// or a cluster zooms in (to the cluster's incidents). Driven by the shared filter (tile URL parameters) and the layer version.
import { api, bboxOf } from '../api.js';
import { t, fmt, dateText } from '../i18n.js';
import { el, svg } from '../dom.js';
import { typeIcon, INCIDENT_TYPES, TYPE_BY_CODE } from '../incident-types.js';
import { createMvtLayer } from './mvt-layer.js';
import { releaseControl } from '../exchange/release.js';
import { orgName } from '../organisations.js';

const L = window.L;
const NEXT_STATUS = { REPORTED: ['VERIFIED', 'DISMISSED'], VERIFIED: ['CLOSED', 'DISMISSED'] };
/** Bubble fill by the cell's highest severity (as the DOM bubbles were: app.css .bz-bubble-sev*). */
const BUBBLE_FILL = { 1: 'rgba(240, 140, 50, 0.78)', 2: 'rgba(240, 140, 50, 0.78)', 3: 'rgba(225, 95, 40, 0.78)' };
const BUBBLE_FILL_HIGH = 'rgba(215, 48, 39, 0.72)';
/** Symbols may overflow their tile by this much (the largest bubble's radius and its ring). */
const PADDING = 36;

/** Bubble diameter in CSS pixels: grows with the logarithm of the count, the same everywhere on the map. */
export function bubbleDiameter(n) {
  return Math.min(64, Math.round(20 + 8 * Math.log10(Math.max(1, n))));
}

/** A type's disc with its glyph, drawn once per type, size and pixel ratio and then copied (drawImage). */
const sprites = new Map();
function sprite(type, size) {
  const ratio = window.devicePixelRatio || 1;
  const key = `${type}:${size}:${ratio}`;
  let c = sprites.get(key);
  if (c) return c;
  const t = TYPE_BY_CODE[type] || TYPE_BY_CODE.OTHER;
  const pad = 2;
  c = document.createElement('canvas');
  c.width = Math.ceil((size + 2 * pad) * ratio);
  c.height = c.width;
  const ctx = c.getContext('2d');
  ctx.scale(ratio * (size / 16), ratio * (size / 16));
  const o = (pad * 16) / size;
  ctx.translate(o, o);
  ctx.shadowColor = 'rgba(0, 0, 0, 0.45)';
  ctx.shadowBlur = 2 * ratio;
  ctx.shadowOffsetY = ratio;
  ctx.beginPath();
  ctx.arc(8, 8, 7.5, 0, 2 * Math.PI);
  ctx.fillStyle = t.color;
  ctx.fill();
  ctx.shadowColor = 'transparent';
  ctx.lineWidth = 1;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  ctx.lineWidth = 1.5;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.stroke(new Path2D(t.glyph));
  c.cssSize = size + 2 * pad;
  sprites.set(key, c);
  return c;
}

const pointSize = (p) => (p.severity >= 4 ? 22 : 18);

function drawPoint(ctx, f, k) {
  const [x, y] = f.rings[0];
  const s = sprite(f.properties.type, pointSize(f.properties));
  ctx.drawImage(s, x * k - s.cssSize / 2, y * k - s.cssSize / 2, s.cssSize, s.cssSize);
}

function drawCell(ctx, f, k) {
  const p = f.properties;
  const [x0, y0] = f.rings[0];
  const x = x0 * k;
  const y = y0 * k;
  const r = bubbleDiameter(p.count) / 2;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = BUBBLE_FILL[p.maxSeverity] || BUBBLE_FILL_HIGH;
  ctx.fill();
  // the ring: one arc per incident type present, in the type's colour, its length the type's share
  let start = -Math.PI / 2;
  ctx.lineWidth = 3;
  for (const type of INCIDENT_TYPES) {
    const n = p[type.code];
    if (!n) continue;
    const end = start + (2 * Math.PI * n) / p.count;
    ctx.beginPath();
    ctx.arc(x, y, r + 0.5, start, end);
    ctx.strokeStyle = type.color;
    ctx.stroke();
    start = end;
  }
  ctx.beginPath();
  ctx.arc(x, y, r + 2.5, 0, 2 * Math.PI);
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.stroke();
  ctx.font = '700 11.5px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  // a thin dark outline rather than a blurred shadow: blur is costly without a GPU
  ctx.lineWidth = 2;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.35)';
  const label = p.count >= 10000 ? `${fmt(p.count / 1000, 0)}k` : String(p.count);
  ctx.strokeText(label, x, y + 0.5);
  ctx.fillStyle = '#fff';
  ctx.fillText(label, x, y + 0.5);
}

/** Display cells per tile side: the tile's 16 × 16 cells are merged 4 × 4, so a bubble has 64 px of room. */
const MERGED = 4;

/**
 * Merges the tile's cells into MERGED × MERGED display cells (counts and per-type counts added, the highest
 * severity kept, placed at the count-weighted mean of the merged cells' centres, which stays in the tile).
 * Nothing is lost: the bubbles of a tile still add up to the incidents in it.
 */
export function mergeCells(tile) {
  const cells = tile.incident_cells;
  if (!cells) return tile;
  const size = cells.extent / MERGED;
  const groups = new Map();
  for (const f of cells.features) {
    const [x, y] = f.rings[0];
    const key = `${Math.floor(x / size)}:${Math.floor(y / size)}`;
    let g = groups.get(key);
    if (!g) {
      g = { sx: 0, sy: 0, properties: { count: 0, maxSeverity: 0 } };
      groups.set(key, g);
    }
    const p = f.properties;
    g.sx += x * p.count;
    g.sy += y * p.count;
    g.properties.count += p.count;
    g.properties.maxSeverity = Math.max(g.properties.maxSeverity, p.maxSeverity || 0);
    for (const type of INCIDENT_TYPES) if (p[type.code]) g.properties[type.code] = (g.properties[type.code] || 0) + p[type.code];
  }
  const features = [...groups.values()].map((g) => ({
    type: 1, properties: g.properties, rings: [[g.sx / g.properties.count, g.sy / g.properties.count]],
  }));
  return { ...tile, incident_cells: { ...cells, features } };
}

/** Incidents nearer than this on screen (CSS pixels) are drawn as one cluster... */
const CLUSTER_PX = 40;
/** ...below this zoom; from it on every incident is its own icon. */
export const CLUSTER_MAX_ZOOM = 16;

/** Longitude/latitude of tile units (x, y) of tile coords (Web Mercator). */
function lonLatOf(coords, extent, x, y) {
  const n = 2 ** coords.z;
  const lon = ((coords.x + x / extent) / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * (coords.y + y / extent)) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/**
 * Groups the tile's incident points (those it owns: points in its buffer are its neighbour's) into clusters:
 * greedily, the most severe first, every point within CLUSTER_PX of it joins it; a group of two or more becomes
 * one feature of the `incident_clusters` layer (count, per-type counts, highest severity, the members' box
 * in lon/lat, drawn at the members' mean), a lone point stays in `incidents`. Nothing is lost: the clusters'
 * counts and the points left add up to the points of the tile.
 */
export function clusterPoints(tile, coords) {
  const points = tile.incidents;
  if (!points || !coords || coords.z >= CLUSTER_MAX_ZOOM) return tile;
  const { extent } = points;
  const r = (CLUSTER_PX * extent) / 256; // in tile units (tiles are 256 CSS pixels)
  const own = [];
  const other = [];
  for (const f of points.features) {
    const [x, y] = f.rings[0] || [];
    (x >= 0 && x < extent && y >= 0 && y < extent ? own : other).push(f);
  }
  own.sort((a, b) => (b.properties.severity || 0) - (a.properties.severity || 0));
  const grid = new Map();
  const cellOf = (x, y) => `${Math.floor(x / r)}:${Math.floor(y / r)}`;
  own.forEach((f, i) => {
    const k = cellOf(...f.rings[0]);
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(i);
  });
  const taken = new Uint8Array(own.length);
  const singles = [];
  const clusters = [];
  for (let i = 0; i < own.length; i++) {
    if (taken[i]) continue;
    const [x, y] = own[i].rings[0];
    const gx = Math.floor(x / r);
    const gy = Math.floor(y / r);
    const members = [];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of grid.get(`${gx + dx}:${gy + dy}`) || []) {
          if (taken[j]) continue;
          const [u, v] = own[j].rings[0];
          if ((u - x) ** 2 + (v - y) ** 2 <= r * r) members.push(j);
        }
      }
    }
    if (members.length < 2) {
      taken[i] = 1;
      singles.push(own[i]);
      continue;
    }
    const p = { count: members.length, maxSeverity: 0, ids: [] };
    let sx = 0;
    let sy = 0;
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const j of members) {
      taken[j] = 1;
      const q = own[j].properties;
      const [u, v] = own[j].rings[0];
      sx += u;
      sy += v;
      const [lon, lat] = lonLatOf(coords, extent, u, v);
      [w, s, e, n] = [Math.min(w, lon), Math.min(s, lat), Math.max(e, lon), Math.max(n, lat)];
      p.maxSeverity = Math.max(p.maxSeverity, q.severity || 0);
      p[q.type] = (p[q.type] || 0) + 1;
      p.ids.push(q.id);
    }
    p.bounds = [[s, w], [n, e]];
    clusters.push({ type: 1, properties: p, rings: [[sx / members.length, sy / members.length]] });
  }
  return {
    ...tile,
    incident_clusters: { name: 'incident_clusters', extent, features: clusters },
    incidents: { ...points, features: [...singles, ...other] },
  };
}

/** The type with most incidents in a cell. */
function dominantType(p) {
  let best = 'OTHER';
  for (const type of INCIDENT_TYPES) if ((p[type.code] || 0) > (p[best] || 0)) best = type.code;
  return best;
}

export function createIncidentsLayer(map, filter, { roles, pointMinZoom = 12, onState, versions, interaction, onChanged } = {}) {
  let state = { mode: 'grid', total: 0, shown: 0 };
  let popupLayer = null;

  function dateTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : `${dateText(iso)} ${d.toISOString().slice(11, 16)} UTC`;
  }

  function popup(f) {
    const p = f.properties;
    const rows = [
      [t('incident.occurredAt'), dateTime(p.occurredAt)],
      [t('incident.severity'), `${p.severity} / 5`],
      [t('incident.status'), t(`incidentStatus.${p.status}`)],
      [t('incident.segment'), p.nearestSegmentCode ? `${p.nearestSegmentCode} · ${fmt((p.distanceToBorderM || 0) / 1000, 1)} ${t('unit.km')}` : '–'],
      [t('incident.side'), p.side ? orgName(p.side) : '–'],
      [t('incident.owner'), `${orgName(p.ownerOrg)} · ${t(`releasability.${p.releasability}`)}`],
      [t('incident.source'), p.source || '–'],
    ];
    // how the point was located (phone reports, V18): the source and, for a fix, its accuracy
    if (p.locationSource) {
      rows.push([t('incident.located'), t(`locationSource.${p.locationSource}`)
        + (p.locationAccuracyM != null ? ` · ± ${fmt(p.locationAccuracyM, 0)} m` : '')]);
    }
    const box = el('div', { class: 'bz-popup bz-incident-popup', dataset: { id: p.id } },
      el('div', { class: 'bz-popup-title' }, typeIcon(p.type, 18), el('span', { text: t(`incidentType.${p.type}`) })),
      el('dl', { class: 'facts facts-compact' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
      p.description ? el('div', { class: 'bz-popup-notes incident-description', text: p.description }) : null,
      p.photoCount > 0 ? el('div', { class: 'incident-photos' }, el('span', { text: t('incident.photos') }),
        Array.from({ length: p.photoCount }, (_, i) => el('a', { class: 'incident-photo-link', target: '_blank', rel: 'noopener',
          href: `/api/incidents/${encodeURIComponent(p.id)}/photos/${i + 1}`, text: String(i + 1), title: t('incident.photo', i + 1) }))) : null);
    const next = NEXT_STATUS[p.status];
    if (roles.can('changeIncidentStatus') && next) {
      const message = el('div', { class: 'form-message', role: 'alert' });
      box.append(el('div', { class: 'button-row' }, next.map((s) => el('button', {
        type: 'button',
        class: s === 'DISMISSED' ? 'btn btn-secondary btn-small' : 'btn btn-small',
        text: t(`incident.mark.${s}`),
        on: {
          click: async () => {
            try {
              const updated = await api.changeIncidentStatus(p.id, s, p.version);
              f.properties = updated.properties;
              popupLayer?.setContent(popup(f));
              onChanged?.();
            } catch (err) {
              message.textContent = err.detail || err.message;
              message.className = 'form-message error';
            }
          },
        },
      }))), message);
    }
    box.append(releaseControl(f, roles, onChanged) || ''); // issue 12: release / "released by" (exchange/release.js)
    return box;
  }

  const layer = createMvtLayer({
    name: 'incidents',
    layers: ['incident_cells', 'incident_clusters', 'incidents'],
    prepare: (tile, coords) => clusterPoints(mergeCells(tile), coords),
    params: () => (filter.empty() ? null : filter.incidentParams()),
    version: () => versions?.of('incidents'),
    draw: (ctx, f, name, k) => (name === 'incidents' ? drawPoint(ctx, f, k) : drawCell(ctx, f, k)),
    hitRadius: (f, name) => (name === 'incidents' ? pointSize(f.properties) / 2 : bubbleDiameter(f.properties.count) / 2 + 2),
    onChange: () => scheduleState(),
    onLoading: (busy) => {
      map.getContainer().dataset.incidentTiles = busy ? 'loading' : 'ready';
    },
  }, { pane: 'bz-incidents', padding: PADDING });

  function dateTimeShort(p) {
    return `${t(`incidentType.${p.type}`)} · ${dateText(p.occurredAt)}`;
  }

  /** Opens the details of the incident with this public id at latlng (GET /api/incidents/{id}). */
  async function openIncident(id, latlng) {
    let f;
    try {
      f = await api.incident(id);
    } catch (e) {
      return;
    }
    const [lon, lat] = f.geometry?.coordinates || [latlng.lng, latlng.lat];
    // Never taller than the map that shows: on a phone the panel is a bottom sheet over the map's lower part, so
    // the room ends at its top; Leaflet scrolls the content beyond maxHeight and pans the popup into that room.
    const room = () => {
      const m = map.getContainer().getBoundingClientRect();
      const sheet = document.querySelector('.side-panel:not([hidden])')?.getBoundingClientRect();
      const covered = sheet && sheet.left <= m.left + 1 && sheet.top > m.top && sheet.top < m.bottom ? m.bottom - sheet.top : 0;
      return { maxHeight: Math.max(160, m.height - covered - 96), autoPanPaddingBottomRight: L.point(16, covered + 16) };
    };
    const opened = L.popup({ maxWidth: 320, minWidth: 240, offset: [0, -8], ...room() })
      .setLatLng([lat, lon]).setContent(popup(f)).openOn(map);
    popupLayer = opened;
    // the release block grows in place (js/exchange/release.js), a phone turns: lay it out again, pan it into view
    const relayout = () => {
      Object.assign(opened.options, room());
      if (opened.isOpen()) opened.update();
    };
    opened.getElement()?.addEventListener('bz:popup-resize', relayout);
    map.on('resize', relayout);
    opened.once('remove', () => map.off('resize', relayout));
  }

  interaction?.register(layer, {
    tooltip: (hit) => (hit.layerName === 'incidents'
      ? el('span', { text: dateTimeShort(hit.feature.properties) })
      : el('span', { text: t('incidents.bubbleTitle', hit.feature.properties.count, t(`incidentType.${dominantType(hit.feature.properties)}`)) })),
    click: (hit, latlng) => {
      const f = hit.feature;
      if (hit.layerName === 'incidents') {
        openIncident(f.properties.id, latlng);
      } else if (hit.layerName === 'incident_clusters') {
        // to the cluster's incidents: close enough to tell them apart, at most where clustering stops
        const b = L.latLngBounds(f.properties.bounds);
        const zoom = Math.min(CLUSTER_MAX_ZOOM, Math.max(map.getBoundsZoom(b, false, L.point(80, 80)), Math.floor(map.getZoom()) + 1));
        map.setView(b.getCenter(), zoom);
      } else {
        const at = layer.drawn((g) => g === f)[0]?.latlng || latlng;
        map.setView(at, Math.min(Math.floor(map.getZoom()) + 2, pointMinZoom));
      }
    },
  });

  /** How many incidents are in view: the counts of the cells (or the points) whose centre is in the map's bounds. */
  function computeState() {
    if (!map.hasLayer(layer)) return { mode: 'off', total: 0, shown: 0 };
    if (filter.empty()) return { mode: 'none', total: 0, shown: 0 };
    const bounds = map.getBounds();
    const points = map.getZoom() >= pointMinZoom;
    let total = 0;
    let shown = 0;
    for (const d of layer.drawn()) {
      if (!bounds.contains(d.latlng)) continue;
      shown++;
      total += d.layerName === 'incidents' ? 1 : d.feature.properties.count;
    }
    const errors = layer.current().map((e) => e.error).filter(Boolean);
    if (errors.length) return { mode: 'error', total, shown, error: errors[0].detail || errors[0].message };
    return { mode: points ? 'points' : 'grid', total, shown: total };
  }

  let stateTimer = null;
  function scheduleState() {
    clearTimeout(stateTimer);
    stateTimer = setTimeout(() => {
      state = computeState();
      const params = { ...filter.incidentParams(), bbox: bboxOf(map.getBounds()) };
      // what is shown, for tests and debugging: the filter of the tiles and the view's box
      map.getContainer().dataset.incidentQuery = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();
      map.getContainer().dataset.incidentTotal = String(state.total);
      onState?.(state);
    }, 60);
  }

  function refresh() {
    if (map.hasLayer(layer)) layer.refresh();
    scheduleState();
  }

  /**
   * The legend entry while the layer is shown: icons or bubbles (whichever is drawn), then {@code items} of
   * layers drawn with the incidents (the hot segments), and how many incidents are in view.
   */
  function legend(...items) {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.incidents') }),
      el('ul', { class: 'legend-list' },
        state.mode === 'points'
          ? el('li', {}, el('span', { class: 'legend-icons', 'aria-hidden': 'true' }, typeIcon('SMUGGLING', 14), typeIcon('UXO', 14)),
            el('span', { text: t('legend.incidentIcons') }))
          : null,
        state.mode === 'points'
          ? el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('circle', { cx: 14, cy: 6, r: 5, class: 'legend-bubble' })),
          el('span', { text: t('legend.incidentClusters', CLUSTER_MAX_ZOOM) }))
          : el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('circle', { cx: 8, cy: 6, r: 3.5, class: 'legend-bubble' }), svg('circle', { cx: 19, cy: 6, r: 5.5, class: 'legend-bubble' })),
          el('span', { text: t('legend.incidentBubbles', pointMinZoom) })),
        state.mode === 'points' ? null : el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('circle', { cx: 14, cy: 6, r: 4.5, class: 'legend-bubble' }),
          svg('path', { d: 'M14 0.5 A5.5 5.5 0 0 1 19.5 6', fill: 'none', stroke: TYPE_BY_CODE.SMUGGLING.color, 'stroke-width': 2 }),
          svg('path', { d: 'M19.5 6 A5.5 5.5 0 1 1 14 0.5', fill: 'none', stroke: TYPE_BY_CODE.ILLEGAL_CROSSING.color, 'stroke-width': 2 })),
        el('span', { text: t('legend.incidentRing') })),
        items),
      el('div', { class: 'legend-note', text: t('legend.incidentTotal', fmt(state.total, 0)) }),
    ];
  }

  map.on('moveend', scheduleState);
  map.on('overlayadd overlayremove', (e) => {
    if (e.layer === layer) scheduleState();
  });
  filter.onChange(refresh);
  versions?.onChange((changed) => {
    if (changed.includes('incidents')) refresh();
  });

  return {
    layer,
    refresh,
    state: () => state,
    pointMinZoom,
    legend,
    /** Opens the details of an incident by its public id (tests and links). */
    open: (id) => openIncident(id, map.getCenter()),
    /** A live event changed this incident: its open popup shows the new state (GET /api/incidents/{id}). */
    async update(id) {
      const box = popupLayer?.isOpen() ? popupLayer.getElement()?.querySelector('.bz-incident-popup') : null;
      if (!box || box.dataset.id !== id) return;
      try {
        const f = await api.incident(id);
        if (popupLayer?.isOpen()) popupLayer.setContent(popup(f));
      } catch (e) {
        // no longer visible or not reachable: the popup keeps what it showed
      }
    },
  };
}
