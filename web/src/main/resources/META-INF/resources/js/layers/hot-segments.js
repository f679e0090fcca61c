// Hot segments: the border segments with incidents in the filter's window, drawn on canvas from the
// hot-segments vector tiles (/tiles/hot-segments/…, docs/TILES.md) as a translucent red halo above the
// segment lines and the incidents' bubbles (pane bz-hot-segments; under the bubbles they could not be seen), wider and stronger the higher the segment's incidents per km per month. The ranked list of the incidents
// panel comes from GET /api/segments/hot (the top `limit`); its first rate is the scale of the halos, so the
// widths mean the same on every tile. Driven by the shared filter and the layer versions.
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';
import { createMvtLayer } from './mvt-layer.js';

const HOT = '#d73027';

export function createHotSegmentsLayer(map, filter, { limit = 15, onLoaded, versions, interaction } = {}) {
  let controller = null;
  let last = null;
  let maxRate = 0;
  const rankByCode = new Map();

  /** The largest rate known: the top of the ranked list, or of the tiles loaded when the list is missing. */
  let tileMax = 1;
  const scaleRate = () => (maxRate > 0 ? maxRate : tileMax);
  /** The largest rate in a tile just decoded (the fallback scale while the list is not there). */
  const prepare = (tile) => {
    for (const f of tile.hot_segments?.features || []) tileMax = Math.max(tileMax, f.properties.ratePerKmMonth || 0);
    return tile;
  };

  const layer = createMvtLayer({
    name: 'hot-segments',
    layers: ['hot_segments'],
    prepare,
    params: () => (filter.empty() ? null : filter.incidentParams()),
    version: () => versions?.of('hot-segments'),
    draw: (ctx, f, name, k) => {
      const share = Math.min(1, (f.properties.ratePerKmMonth || 0) / scaleRate());
      ctx.beginPath();
      for (const r of f.rings) {
        ctx.moveTo(r[0] * k, r[1] * k);
        for (let i = 2; i < r.length; i += 2) ctx.lineTo(r[i] * k, r[i + 1] * k);
      }
      ctx.strokeStyle = HOT;
      ctx.globalAlpha = 0.2 + 0.3 * Math.sqrt(share);
      ctx.lineWidth = 4 + 18 * Math.sqrt(share);
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.stroke();
    },
    hitRadius: (f) => (4 + 18 * Math.sqrt(Math.min(1, (f.properties.ratePerKmMonth || 0) / scaleRate()))) / 2,
  }, { pane: 'bz-hot-segments' });

  interaction?.register(layer, {
    tooltip: (hit) => {
      const p = hit.feature.properties;
      const rank = rankByCode.get(p.code);
      return el('span', {}, el('strong', { text: rank ? `#${rank} ${p.code}` : p.code }),
        ` · ${t('hot.rate', fmt(p.ratePerKmMonth, 1))} · ${t('hot.countShort', p.count)}`);
    },
  });

  /** The ranked list for the panel (and the scale of the halos), then the tiles. */
  async function refresh() {
    controller?.abort();
    if (filter.empty()) {
      last = { type: 'FeatureCollection', features: [] };
      rankByCode.clear();
      layer.refresh();
      onLoaded?.(last);
      return;
    }
    controller = new AbortController();
    layer.refresh();
    try {
      last = await api.hotSegments({ ...filter.incidentParams(), limit }, controller.signal);
      rankByCode.clear();
      for (const f of last.features) rankByCode.set(f.properties.code, f.properties.rank);
      const top = Math.max(0, ...last.features.map((f) => f.properties.ratePerKmMonth || 0));
      if (top !== maxRate) {
        maxRate = top;
        layer.redrawAll();
      }
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
      svg('path', { d: 'M3 6 L25 6', stroke: HOT, 'stroke-width': 9, 'stroke-opacity': 0.45, 'stroke-linecap': 'round' })),
    el('span', { text: t('legend.hotSegments') }));
  }

  filter.onChange(refresh);
  versions?.onChange((changed) => {
    if (changed.includes('hot-segments')) refresh();
  });

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
