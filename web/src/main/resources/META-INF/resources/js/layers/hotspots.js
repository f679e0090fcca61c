// Getis-Ord Gi* hot spots (GET /api/hotspots): the hexagons of the border zone coloured by their bin −3…+3
// (99/95/90 % confidence cold … hot, ArcGIS Hot Spot Analysis colours); not significant cells are left
// transparent with a faint outline. PLANNER and ADMIN only. Driven by the shared filter.
import { api } from '../api.js';
import { analysisLifecycle } from './analysis.js';
import { t, fmt } from '../i18n.js';
import { el } from '../dom.js';

const L = window.L;

/** Bin → fill (ArcGIS Hot Spot Analysis). The browser test checks the drawn cells against this table. */
export const BIN_COLOURS = {
  '-3': '#4575b4', '-2': '#91bfdb', '-1': '#e0f3f8', 0: null, 1: '#fee090', 2: '#fc8d59', 3: '#d73027',
};
const BIN_ORDER = [-3, -2, -1, 0, 1, 2, 3];

export function createHotspotLayer(map, filter, { cellKm = 2, onChange } = {}) {
  const layer = L.geoJSON(null, {
    pane: 'bz-analysis',
    style: (f) => {
      const c = BIN_COLOURS[f.properties.bin];
      return c
        ? { color: '#ffffff', weight: 0.6, opacity: 0.8, fillColor: c, fillOpacity: 0.72, className: `bz-hex bz-bin-${f.properties.bin}` }
        : { color: '#6b7780', weight: 0.5, opacity: 0.35, fill: false, className: 'bz-hex bz-bin-0' };
    },
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      lyr.bindTooltip(() => el('div', { class: 'bz-tip' },
        el('strong', { text: t(`bin.${p.bin}`) }),
        el('div', { text: t('hotspot.tip', p.count, fmt(p.z, 2), p.p < 0.001 ? '< 0.001' : fmt(p.p, 3)) })), { sticky: true });
      lyr.on('add', () => {
        const node = lyr.getElement();
        if (node) node.dataset.cell = f.id;
      });
    },
  });

  const { refresh, state } = analysisLifecycle(map, layer, filter, {
    load: (signal) => api.hotspots({ ...filter.hotspotParams(), cellKm }, signal),
    draw: (fc) => {
      layer.clearLayers();
      layer.addData(fc);
    },
    onChange,
    stateKey: 'hotspots',
  });

  function legend() {
    if (!map.hasLayer(layer)) return null;
    const bins = state.metadata?.bins || {};
    return [
      el('div', { class: 'legend-section', text: t('legend.hotspots', fmt(cellKm, 0)) }),
      el('ul', { class: 'legend-list legend-bins' }, BIN_ORDER.slice().reverse().map((b) => el('li', {},
        el('span', { class: `bin-swatch bin-swatch-${b < 0 ? `m${-b}` : b}`, 'aria-hidden': 'true' }),
        el('span', { text: t(`bin.${b}`) }),
        el('span', { class: 'legend-count', text: String(bins[String(b)] ?? 0) })))),
      el('div', { class: 'legend-note', text: state.metadata?.fdr ? t('legend.fdr') : t('legend.noFdr') }),
      state.error ? el('div', { class: 'legend-note error', text: state.error }) : null,
    ];
  }

  return { layer, refresh, legend };
}
