// Emerging hot spots (GET /api/hotspots/emerging): each hexagon coloured by its space-time category (Gi*
// per month plus a Mann–Kendall trend, after ArcGIS Emerging Hot Spot Analysis). PLANNER/ADMIN.
import { api } from '../api.js';
import { analysisLifecycle } from './analysis.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

/** Category → fill; reds for hot, blues for cold, darker for stronger and longer. NO_PATTERN is not filled. */
export const EMERGING_COLOURS = {
  NEW_HOT_SPOT: '#fdae61',
  CONSECUTIVE_HOT_SPOT: '#f46d43',
  INTENSIFYING_HOT_SPOT: '#a50026',
  PERSISTENT_HOT_SPOT: '#d73027',
  DIMINISHING_HOT_SPOT: '#fee08b',
  SPORADIC_HOT_SPOT: '#f7c6a3',
  OSCILLATING_HOT_SPOT: '#c994c7',
  HISTORICAL_HOT_SPOT: '#d4b9da',
  NEW_COLD_SPOT: '#abd9e9',
  CONSECUTIVE_COLD_SPOT: '#74add1',
  INTENSIFYING_COLD_SPOT: '#313695',
  PERSISTENT_COLD_SPOT: '#4575b4',
  DIMINISHING_COLD_SPOT: '#e0f3f8',
  SPORADIC_COLD_SPOT: '#c6dbef',
  OSCILLATING_COLD_SPOT: '#9ecae1',
  HISTORICAL_COLD_SPOT: '#deebf7',
};

export function createEmergingLayer(map, filter, { onChange, onCell, versions } = {}) {
  const layer = L.geoJSON(null, {
    pane: 'bz-analysis',
    filter: (f) => f.properties.category !== 'NO_PATTERN',
    style: (f) => ({
      color: '#ffffff', weight: 0.6, opacity: 0.8, fillColor: EMERGING_COLOURS[f.properties.category] || '#cccccc',
      fillOpacity: 0.75, className: `bz-emerging bz-cat-${f.properties.category}`,
    }),
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      lyr.bindTooltip(() => el('div', { class: 'bz-tip' },
        el('strong', { text: t(`emerging.${p.category}`) }),
        el('div', { text: t('emerging.tip', p.count, fmt(p.trendZ, 2), p.trendP < 0.001 ? '< 0.001' : fmt(p.trendP, 3)) })), { sticky: true });
      // the cell's monthly trend (charts/cell-trend.js): the same run the colour comes from
      lyr.on('click', (e) => onCell?.(f.id, e.latlng, { ...filter.hotspotParams(), cellKm: 2 }));
    },
  });

  const { refresh, state } = analysisLifecycle(map, layer, filter, {
    load: (signal) => api.emerging({ ...filter.hotspotParams(), slice: 'month' }, signal),
    draw: (fc) => {
      layer.clearLayers();
      layer.addData(fc);
    },
    // e.g. fewer than four months in the window: nothing stays drawn
    onError: () => {
      layer.clearLayers();
      state.metadata = null;
    },
    onChange,
    versions,
  });

  function legend() {
    if (!map.hasLayer(layer)) return null;
    const cats = Object.entries(state.metadata?.categories || {}).filter(([c]) => c !== 'NO_PATTERN');
    return [
      el('div', { class: 'legend-section', text: t('legend.emerging', (state.metadata?.slices || []).length) }),
      cats.length === 0 && !state.error ? el('div', { class: 'legend-note', text: t('legend.emergingNone') }) : null,
      el('ul', { class: 'legend-list' }, cats.map(([c, n]) => el('li', {},
        svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('rect', { x: 2, y: 1, width: 24, height: 10, fill: EMERGING_COLOURS[c] || '#ccc', stroke: '#888', 'stroke-width': 0.5 })),
        el('span', { text: t(`emerging.${c}`) }),
        el('span', { class: 'legend-count', text: String(n) })))),
      state.error ? el('div', { class: 'legend-note error', text: state.error }) : null,
    ];
  }

  return { layer, refresh, legend, state };
}
