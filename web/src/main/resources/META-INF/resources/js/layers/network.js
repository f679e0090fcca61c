// The patrol network (GET /api/network?bbox=): roads, tracks, trails and ferries, loaded for the visible
// area from minZoom on (below it the lines would only clutter the border).
import { api, bboxOf } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

export const NETWORK_STYLE = {
  road: { color: '#5d4037', weight: 3, opacity: 0.85, dashArray: null },
  track: { color: '#8d6e63', weight: 2, opacity: 0.85, dashArray: '7 4' },
  trail: { color: '#558b2f', weight: 1.8, opacity: 0.9, dashArray: '2 4' },
  ferry: { color: '#1565c0', weight: 2, opacity: 0.9, dashArray: '8 4 2 4' },
};

export function createNetworkLayer(map, { minZoom = 10, onChange } = {}) {
  const layer = L.geoJSON(null, {
    pane: 'bz-network',
    style: (f) => ({ ...(NETWORK_STYLE[f.properties.kind] || NETWORK_STYLE.track), className: `bz-edge bz-edge-${f.properties.kind}` }),
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      lyr.bindTooltip(() => el('span', { text: `${t(`network.${p.kind}`)}${p.name ? ` · ${p.name}` : ''} · ${p.side ? `${t('network.side', p.side)} · ` : ''}${fmt(p.lengthM / 1000, 2)} ${t('unit.km')}` }), { sticky: true });
    },
  });
  let controller = null;
  let lastKey = null;
  let visible = false;

  async function refresh() {
    if (!map.hasLayer(layer)) return;
    if (map.getZoom() < minZoom) {
      layer.clearLayers();
      lastKey = null;
      if (visible) {
        visible = false;
        onChange?.();
      }
      return;
    }
    const bbox = bboxOf(map.getBounds().pad(0.25));
    if (bbox === lastKey) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const fc = await api.network({ bbox }, controller.signal);
      lastKey = bbox;
      layer.clearLayers();
      layer.addData(fc);
      visible = true;
      onChange?.();
    } catch (e) {
      if (e.name !== 'AbortError') console.warn('network unavailable', e);
    }
  }

  function legend() {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.network') }),
      el('ul', { class: 'legend-list legend-two' }, Object.entries(NETWORK_STYLE).map(([k, s]) => el('li', {},
        svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('path', { d: 'M2 6 L26 6', stroke: s.color, 'stroke-width': s.weight, 'stroke-dasharray': s.dashArray || 'none' })),
        el('span', { text: t(`network.${k}`) })))),
      visible ? null : el('div', { class: 'legend-note', text: t('legend.networkFromZoom', minZoom) }),
    ];
  }

  map.on('moveend', refresh);
  map.on('overlayadd', (e) => {
    if (e.layer === layer) refresh();
  });
  map.on('overlayremove', (e) => {
    if (e.layer === layer) onChange?.();
  });
  return { layer, refresh, legend };
}
