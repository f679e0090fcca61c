// Kernel density (GET /api/hotspots/density): a square grid in incidents per km², drawn on a canvas (about
// 10,000 cells) in a sequential ramp whose class breaks are quantiles of the non-zero cells. PLANNER/ADMIN.
import { api } from '../api.js';
import { analysisLifecycle } from './analysis.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;
export const DENSITY_RAMP = ['#fff5eb', '#fdd0a2', '#fdae6b', '#fd8d3c', '#e6550d', '#a63603', '#6b1f00'];

function quantileBreaks(values, k) {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const breaks = [];
  for (let i = 1; i < k; i++) breaks.push(v[Math.min(v.length - 1, Math.floor((i * v.length) / k))]);
  return breaks;
}

export function createDensityLayer(map, filter, { onChange, versions } = {}) {
  const renderer = L.canvas({ pane: 'bz-analysis', padding: 0.3 });
  let breaks = [];
  const classOf = (d) => {
    let i = 0;
    while (i < breaks.length && d > breaks[i]) i++;
    return i;
  };
  const layer = L.geoJSON(null, {
    pane: 'bz-analysis',
    renderer,
    interactive: false,
    style: (f) => ({ stroke: false, fillColor: DENSITY_RAMP[classOf(f.properties.density)], fillOpacity: 0.7 }),
  });

  const { refresh, state } = analysisLifecycle(map, layer, filter, {
    load: (signal) => api.density({ ...filter.hotspotParams() }, signal),
    draw: (fc) => {
      // the faintest cells (under 1 % of the peak) would only tint the whole zone: left out
      const peak = Math.max(0, ...fc.features.map((f) => f.properties.density));
      fc.features = fc.features.filter((f) => f.properties.density >= peak * 0.01);
      breaks = quantileBreaks(fc.features.map((f) => f.properties.density), DENSITY_RAMP.length);
      layer.clearLayers();
      layer.addData(fc);
      return { ...(fc.metadata || {}), peak };
    },
    onChange,
    versions,
  });

  function legend() {
    if (!map.hasLayer(layer)) return null;
    const bounds = [0, ...breaks, state.metadata?.peak ?? 0];
    return [
      el('div', { class: 'legend-section', text: t('legend.density', fmt(state.metadata?.bandwidthKm ?? 3, 0)) }),
      el('ul', { class: 'legend-list legend-ramp' }, DENSITY_RAMP.slice(0, Math.max(0, bounds.length - 1)).map((c, i) => el('li', {},
        svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' }, svg('rect', { x: 2, y: 1, width: 24, height: 10, fill: c, 'fill-opacity': 0.85 })),
        el('span', { text: `${fmt(bounds[i], bounds[i] < 1 ? 2 : 1)}–${fmt(bounds[i + 1], bounds[i + 1] < 1 ? 2 : 1)}` })))),
      el('div', { class: 'legend-note', text: t('legend.densityUnit') }),
      state.error ? el('div', { class: 'legend-note error', text: state.error }) : null,
    ];
  }

  return { layer, refresh, legend, state };
}
