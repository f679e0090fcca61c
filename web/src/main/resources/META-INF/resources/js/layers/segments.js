// Border segments coloured by demarcation status. The palette is Okabe–Ito (colour-blind safe) and every
// status also has its own dash pattern, so it reads without colour too.
import { api } from '../api.js';
import { t, dateText } from '../i18n.js';
import { el, svg } from '../dom.js';

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
 * The segments layer. onSelect(feature) is called on click; statuses are the status codes the legend lists
 * (from the configuration), each with the number of segments in it. Returns {layer, reload(), select(id),
 * features(), legend()…}.
 */
export function createSegmentsLayer(map, { onSelect, statuses = [] }) {
  let selectedId = null;
  let features = [];
  const byId = new Map();

  const layer = L.geoJSON(null, {
    pane: 'bz-segments',
    style: (f) => styleFor(f.properties.status, f.properties.id === selectedId),
    onEachFeature: (f, lyr) => {
      byId.set(f.properties.id, lyr);
      lyr.bindTooltip(() => el('span', {}, el('strong', { text: f.properties.code }), ` · ${t(`status.${f.properties.status}`)}`), {
        sticky: true,
        className: 'bz-segment-tooltip',
      });
      lyr.on('click', (e) => {
        L.DomEvent.stopPropagation(e);
        select(f.properties.id, false);
        onSelect(f);
      });
      lyr.on('mouseover', () => lyr.getElement()?.classList.add('bz-hover'));
      lyr.on('mouseout', () => lyr.getElement()?.classList.remove('bz-hover'));
    },
  }).addTo(map);

  // a dark halo under the selected segment (its own class: it is not a segment and has no status colour)
  const halo = L.polyline([], {
    pane: 'bz-segments', color: '#1d2731', opacity: 0.35, weight: 18, lineCap: 'round', lineJoin: 'round',
    interactive: false, className: 'bz-selection-halo',
  });

  function select(id, zoom) {
    const previous = byId.get(selectedId);
    selectedId = id;
    if (previous) previous.setStyle(styleFor(previous.feature.properties.status, false));
    const current = byId.get(id);
    if (current) {
      current.setStyle(styleFor(current.feature.properties.status, true));
      halo.setLatLngs(current.getLatLngs());
      if (!map.hasLayer(halo)) halo.addTo(map);
      halo.bringToBack();
      current.bringToFront();
      if (zoom) map.fitBounds(current.getBounds(), { maxZoom: 12, padding: [60, 60] });
    } else {
      halo.remove();
    }
    return current ? current.feature : null;
  }

  // segments waiting for the second signature of a two-party sign-off: a hatched amber casing and a pen mark
  const pending = L.layerGroup([], { pane: 'bz-segments' }).addTo(map);
  function drawPending() {
    pending.clearLayers();
    for (const f of features) {
      const so = f.properties.pendingSignoffs;
      if (!so || so.length === 0) continue;
      const lyr = byId.get(f.properties.id);
      if (!lyr) continue;
      const latlngs = lyr.getLatLngs();
      L.polyline(latlngs, {
        pane: 'bz-segments', color: '#f0a500', weight: 15, opacity: 0.55, dashArray: '3 4', lineCap: 'butt',
        interactive: false, className: 'bz-pending-signoff',
      }).addTo(pending).bringToBack();
      const mid = latlngs[Math.floor(latlngs.length / 2)];
      const s = so[0];
      L.marker(mid, {
        pane: 'bz-pillars',
        icon: L.divIcon({ html: el('div', { class: 'bz-signoff-mark', dataset: { segment: f.properties.code } }, el('span', { text: '✎' })), className: 'bz-signoff-icon', iconSize: [20, 20] }),
        keyboard: false,
      }).bindTooltip(el('span', { text: t('segment.signedBy', s.org, t(`status.${s.toStatus}`), dateText(s.signedAt), s.signedBy, s.org === 'KH' ? 'LA' : 'KH') }), { direction: 'top', offset: [0, -10] })
        .on('click', () => {
          select(f.properties.id, false);
          onSelect(f);
        })
        .addTo(pending);
    }
  }

  async function reload() {
    const fc = await api.segments();
    features = fc.features;
    byId.clear();
    layer.clearLayers();
    layer.addData(fc);
    drawPending();
    if (selectedId !== null) select(selectedId, false);
    return fc;
  }

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
    feature: (id) => byId.get(id)?.feature || null,
    features: () => features,
    selectedId: () => selectedId,
    boundsOf: (filter) => {
      const parts = features.filter(filter).map((f) => byId.get(f.properties.id)?.getBounds()).filter(Boolean);
      return parts.reduce((acc, b) => (acc ? acc.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast())), null);
    },
  };
}
