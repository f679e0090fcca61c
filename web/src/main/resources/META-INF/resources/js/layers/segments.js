// Border segments coloured by demarcation status, drawn on canvas from the segments vector tiles
// (/tiles/segments/…, docs/TILES.md). The palette is Okabe–Ito (colour-blind safe) and every status also has
// its own dash pattern, so it reads without colour too. The panels keep the list of GET /api/segments (an
// index: codes for links, sector extents, pending sign-offs, the legend's counts); a click fetches the
// segment's details by id (GET /api/segments/{id}).
import { api } from '../api.js';
import { t, dateText } from '../i18n.js';
import { el, svg } from '../dom.js';
import { createMvtLayer } from './mvt-layer.js';
import { GEOM } from '../mvt.js';
import { orgName, otherParty } from '../organisations.js';

const L = window.L;

/** Status → stroke colour and dash pattern. The browser test checks rendered strokes against this table. */
export const SEGMENT_STYLE = {
  PENDING: { color: '#999999', dashArray: '1 9', lineCap: 'round' },
  SURVEYED: { color: '#E69F00', dashArray: '12 7', lineCap: 'butt' },
  DEMARCATED: { color: '#0072B2', dashArray: '24 5', lineCap: 'butt' },
  RATIFIED: { color: '#009E73', dashArray: null, lineCap: 'butt' },
  DISPUTED: { color: '#D55E00', dashArray: '14 5 3 5', lineCap: 'butt' },
};

const WEIGHT = 5;
const WEIGHT_SELECTED = 9;

/** A short line in the status's colour and dash pattern (the legend, the progress panel, status badges). */
export function statusSwatch(status) {
  const s = SEGMENT_STYLE[status];
  return svg('svg', { class: 'swatch', viewBox: '0 0 28 10', 'aria-hidden': 'true' },
    svg('line', {
      x1: 2, y1: 5, x2: 26, y2: 5, stroke: s.color, 'stroke-width': 4,
      'stroke-dasharray': s.dashArray ? s.dashArray.split(' ').map((v) => v * 0.6).join(' ') : null,
      'stroke-linecap': s.lineCap,
    }));
}

/** The legend's reference item for the amber casing of segments waiting for their second signature. */
export function pendingSignoffLegendItem() {
  return el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    svg('path', { d: 'M2 6 L26 6', stroke: '#f0a500', 'stroke-width': 8, 'stroke-opacity': 0.55, 'stroke-dasharray': '3 4' }),
    svg('path', { d: 'M2 6 L26 6', stroke: SEGMENT_STYLE.DEMARCATED.color, 'stroke-width': 3 })),
  el('span', { text: t('legend.pendingSignoff') }));
}

export function styleFor(status, selected = false) {
  const s = SEGMENT_STYLE[status] || SEGMENT_STYLE.PENDING;
  return {
    color: s.color,
    dashArray: s.dashArray,
    lineCap: s.lineCap,
    weight: selected ? WEIGHT_SELECTED : WEIGHT,
    opacity: 1,
    className: `bz-segment bz-status-${status}`,
  };
}

/**
 * Strokes a tile's segments in their status styles, consecutive segments of the same status (by seq, end to
 * start) as one line: a dash pattern then runs on along the border instead of restarting at every 1 km
 * segment, which at low zoom is shorter than one dash (so every status would look solid).
 */
function strokeSegments(ctx, layer, k) {
  const lines = [...layer.features].filter((f) => f.type === GEOM.LINESTRING)
    .sort((a, b) => (a.properties.seq ?? 0) - (b.properties.seq ?? 0));
  const runs = [];
  let run = null;
  for (const f of lines) {
    const single = f.rings.length === 1 ? f.rings[0] : null;
    const tail = run && run.points;
    if (run && single && run.status === f.properties.status && run.seq + 1 === f.properties.seq
      && Math.abs(tail[tail.length - 2] - single[0]) <= 2 && Math.abs(tail[tail.length - 1] - single[1]) <= 2) {
      for (let i = 2; i < single.length; i++) tail.push(single[i]);
      run.seq = f.properties.seq;
      continue;
    }
    for (const r of f.rings) {
      run = { status: f.properties.status, seq: f.properties.seq, points: r.slice() };
      runs.push(run);
    }
    if (!single) run = null;
  }
  for (const r of runs) {
    const style = styleFor(r.status);
    ctx.beginPath();
    ctx.moveTo(r.points[0] * k, r.points[1] * k);
    for (let i = 2; i < r.points.length; i += 2) ctx.lineTo(r.points[i] * k, r.points[i + 1] * k);
    ctx.strokeStyle = style.color;
    ctx.lineWidth = style.weight;
    ctx.lineCap = style.lineCap || 'butt';
    ctx.lineJoin = 'round';
    ctx.setLineDash(style.dashArray ? style.dashArray.split(' ').map(Number) : []);
    ctx.stroke();
  }
}

/** [[south, west], [north, east]] of a GeoJSON line or multi-line, or null. */
function boundsOfGeometry(g) {
  if (!g) return null;
  const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  let b = null;
  for (const line of lines) {
    for (const [lon, lat] of line) {
      b = b ? b.extend([lat, lon]) : L.latLngBounds([lat, lon], [lat, lon]);
    }
  }
  return b;
}

const latLngsOf = (g) => (g.type === 'LineString' ? g.coordinates.map(([lon, lat]) => [lat, lon])
  : g.type === 'MultiLineString' ? g.coordinates.map((line) => line.map(([lon, lat]) => [lat, lon])) : []);

/**
 * The segments layer. onSelect(feature) is called on click with the segment's GeoJSON Feature from
 * GET /api/segments/{id}; statuses are the status codes the legend lists (from the configuration), each with
 * the number of segments in it. Returns {layer, reload(), select(id), features(), legend()…}.
 */
export function createSegmentsLayer(map, { onSelect, statuses = [], versions, interaction }) {
  let selectedId = null;
  let features = [];
  const byId = new Map();

  const layer = createMvtLayer({
    name: 'segments',
    layers: ['segments'],
    params: () => ({}),
    version: () => versions?.of('segments'),
    drawLayer: strokeSegments,
    hitRadius: () => WEIGHT / 2,
  }, { pane: 'bz-segments' }).addTo(map);

  // the selected segment: a dark halo under the tiles and the line drawn wider over them, from the feature's
  // own geometry (SVG); the sign-off casings below lie under the tiles too
  const halo = L.polyline([], {
    pane: 'bz-hot', color: '#1d2731', opacity: 0.35, weight: 18, lineCap: 'round', lineJoin: 'round',
    interactive: false, className: 'bz-selection-halo',
  });
  let selectedLine = null;

  function showSelection(f) {
    selectedLine?.remove();
    selectedLine = null;
    if (!f || !f.geometry) {
      halo.remove();
      return;
    }
    const latlngs = latLngsOf(f.geometry);
    halo.setLatLngs(latlngs);
    if (!map.hasLayer(halo)) halo.addTo(map);
    const style = styleFor(f.properties.status, true);
    selectedLine = L.polyline(latlngs, {
      ...style, pane: 'bz-segments', interactive: false, className: `bz-segment-selected bz-status-${f.properties.status}`,
    }).addTo(map);
    halo.bringToBack();
  }

  /** Selects a segment of the index (or of the last details fetched); zoom fits the map to it. */
  function select(id, zoom) {
    selectedId = id;
    const f = byId.get(id) || null;
    showSelection(f);
    if (f && zoom) {
      const b = boundsOfGeometry(f.geometry);
      if (b) map.fitBounds(b, { maxZoom: 12, padding: [60, 60] });
    }
    return f;
  }

  interaction?.register(layer, {
    tooltip: (hit) => el('span', {}, el('strong', { text: hit.feature.properties.code }), ` · ${t(`status.${hit.feature.properties.status}`)}`),
    click: async (hit) => {
      const id = hit.feature.properties.id ?? hit.feature.id; // the attribute, or the MVT feature id
      try {
        const f = await api.segment(id);
        byId.set(id, f);
        select(id, false);
        onSelect(f);
      } catch (e) {
        // the segment is gone or not readable: nothing to open
      }
    },
  });

  // segments waiting for the second signature of a two-party sign-off: a hatched amber casing and a pen mark
  const pending = L.layerGroup([], { pane: 'bz-hot' }).addTo(map);
  function drawPending() {
    pending.clearLayers();
    for (const f of features) {
      const so = f.properties.pendingSignoffs;
      if (!so || so.length === 0 || !f.geometry) continue;
      const latlngs = latLngsOf(f.geometry);
      L.polyline(latlngs, {
        pane: 'bz-hot', color: '#f0a500', weight: 15, opacity: 0.55, dashArray: '3 4', lineCap: 'butt',
        interactive: false, className: 'bz-pending-signoff',
      }).addTo(pending).bringToBack();
      const line = Array.isArray(latlngs[0][0]) ? latlngs[0] : latlngs;
      const mid = line[Math.floor(line.length / 2)];
      const s = so[0];
      L.marker(mid, {
        pane: 'bz-pillars',
        icon: L.divIcon({ html: el('div', { class: 'bz-signoff-mark', dataset: { segment: f.properties.code } }, el('span', { text: '✎' })), className: 'bz-signoff-icon', iconSize: [20, 20] }),
        keyboard: false,
      }).bindTooltip(el('span', { text: t('segment.signedBy', orgName(s.org), t(`status.${s.toStatus}`), dateText(s.signedAt), s.signedBy, orgName(otherParty(f.properties, s.org))) }), { direction: 'top', offset: [0, -10] })
        .on('click', () => {
          select(f.properties.id, false);
          onSelect(f);
        })
        .addTo(pending);
    }
  }

  /** Reloads the index (GET /api/segments) and the tiles (a status change bumps the layer version). */
  async function reload() {
    const fc = await api.segments();
    features = fc.features;
    byId.clear();
    for (const f of features) byId.set(f.properties.id, f);
    drawPending();
    if (selectedId !== null) select(selectedId, false);
    layer.refresh();
    return fc;
  }

  versions?.onChange((changed) => {
    if (changed.includes('segments')) layer.refresh();
  });

  /** The legend entry: every status with its swatch and how many segments have it. */
  function legend() {
    const counts = {};
    for (const f of features) counts[f.properties.status] = (counts[f.properties.status] || 0) + 1;
    return [
      el('div', { class: 'legend-section', text: t('legend.segments') }),
      el('ul', { class: 'legend-list' }, statuses.map((s) => el('li', { dataset: { status: s } },
        statusSwatch(s), el('span', { text: t(`status.${s}`) }),
        el('span', { class: 'legend-count', text: counts[s] ? String(counts[s]) : '0' })))),
    ];
  }

  return {
    layer,
    pending,
    reload,
    legend,
    select,
    feature: (id) => byId.get(id) || null,
    features: () => features,
    selectedId: () => selectedId,
    boundsOf: (filter) => features.filter(filter).map((f) => boundsOfGeometry(f.geometry)).filter(Boolean)
      .reduce((acc, b) => (acc ? acc.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast())), null),
  };
}
