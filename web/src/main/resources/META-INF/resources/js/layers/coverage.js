// Patrol coverage (GET /api/patrol-plans/coverage?days=N): the hot cells of the last N days that no saved
// plan covered, as red rings sized by their hotspot score.
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

export function createCoverageLayer(map, { onChange } = {}) {
  const layer = L.layerGroup([], { pane: 'bz-route' });
  let days = 30;
  let last = null;
  let error = null;

  async function refresh() {
    if (!map.hasLayer(layer)) return;
    try {
      last = await api.coverage(days);
      error = null;
      layer.clearLayers();
      const max = Math.max(1, ...last.features.map((f) => f.properties.score));
      for (const f of last.features) {
        const [lon, lat] = f.geometry.coordinates;
        L.circleMarker([lat, lon], {
          pane: 'bz-route', radius: 5 + 9 * Math.sqrt(f.properties.score / max), color: '#b2182b', weight: 2.5,
          fillColor: '#b2182b', fillOpacity: 0.12, className: 'bz-uncovered',
        }).bindTooltip(el('span', { text: t('coverage.tip', f.properties.cellId, fmt(f.properties.score, 1)) })).addTo(layer);
      }
    } catch (e) {
      error = e.detail || e.message;
    }
    onChange?.(last, error);
  }

  function legend() {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.coverage', days) }),
      el('ul', { class: 'legend-list' }, el('li', {},
        svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('circle', { cx: 14, cy: 6, r: 4.5, fill: '#b2182b', 'fill-opacity': 0.12, stroke: '#b2182b', 'stroke-width': 2 })),
        el('span', { text: last ? t('legend.uncovered', last.features.length, last.hotCells) : t('common.loading') }))),
      error ? el('div', { class: 'legend-note error', text: error }) : null,
    ];
  }

  map.on('overlayadd', (e) => {
    if (e.layer === layer) refresh();
  });
  map.on('overlayremove', (e) => {
    if (e.layer === layer) onChange?.();
  });
  return {
    layer,
    refresh,
    legend,
    setDays(n) {
      days = n;
      return refresh();
    },
    days: () => days,
  };
}
