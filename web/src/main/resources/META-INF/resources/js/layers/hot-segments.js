// Hot segments (GET /api/segments/hot): the border segments with most incidents per km per month in the
// filter's window, drawn as a red halo under the segment lines with their rank; the list lives in the
// incidents panel. Driven by the shared filter.
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

export function createHotSegmentsLayer(map, filter, { limit = 15, onLoaded } = {}) {
  const layer = L.layerGroup([], { pane: 'bz-hot' });
  let controller = null;
  let last = null;

  function draw(fc) {
    layer.clearLayers();
    const max = Math.max(0.0001, ...fc.features.map((f) => f.properties.ratePerKmMonth));
    for (const f of fc.features) {
      const p = f.properties;
      const latlngs = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      L.polyline(latlngs, {
        pane: 'bz-hot', color: '#d73027', weight: 10 + Math.round(12 * (p.ratePerKmMonth / max)), opacity: 0.45,
        lineCap: 'round', className: `bz-hot-segment bz-hot-rank-${p.rank}`,
      }).bindTooltip(el('span', {}, el('strong', { text: `#${p.rank} ${p.code}` }),
        ` · ${t('hot.rate', fmt(p.ratePerKmMonth, 1))}`), { sticky: true })
        .addTo(layer);
    }
  }

  async function refresh() {
    controller?.abort();
    if (filter.empty()) {
      last = { type: 'FeatureCollection', features: [] };
      layer.clearLayers();
      onLoaded?.(last);
      return;
    }
    controller = new AbortController();
    try {
      last = await api.hotSegments({ ...filter.incidentParams(), limit }, controller.signal);
      draw(last);
      onLoaded?.(last);
    } catch (e) {
      if (e.name === 'AbortError') return;
      onLoaded?.(null, e);
    }
  }

  /** The legend item (in the incidents entry) while the layer is shown: a red halo whose width is the rate. */
  function legendItem() {
    if (!map.hasLayer(layer)) return null;
    return el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
      svg('path', { d: 'M3 6 L25 6', stroke: '#d73027', 'stroke-width': 9, 'stroke-opacity': 0.45, 'stroke-linecap': 'round' })),
    el('span', { text: t('legend.hotSegments') }));
  }

  filter.onChange(refresh);

  return {
    layer,
    refresh,
    legendItem,
    last: () => last,
    zoomTo(f) {
      const [w, s, e, n] = f.bbox || [];
      if (w === undefined) return;
      map.fitBounds([[s, w], [n, e]], { maxZoom: 14, padding: [80, 80] });
    },
  };
}
