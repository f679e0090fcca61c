// Boundary pillars as circle markers coloured by status, loaded for the visible area from a zoom level on
// (config.pillarMinZoom): below it 145 markers along 560 km would only clutter the map.
import { api, bboxOf } from '../api.js';
import { t, dateText } from '../i18n.js';
import { el } from '../dom.js';

const L = window.L;

/** Pillar status → fill colour (Okabe–Ito); PLANNED is hollow so "not yet in the ground" reads at a glance. */
export const PILLAR_STYLE = {
  PLANNED: { fillColor: '#ffffff', color: '#666666' },
  PLACED: { fillColor: '#56B4E9', color: '#1f4e6b' },
  VERIFIED: { fillColor: '#009E73', color: '#00543d' },
  DAMAGED: { fillColor: '#F0E442', color: '#6b6200' },
  MISSING: { fillColor: '#D55E00', color: '#6b2f00' },
};

export function createPillarsLayer(map, config, { onStateChange } = {}) {
  const minZoom = config.pillarMinZoom || 11;
  const layer = L.layerGroup([], { pane: 'bz-pillars' });
  let controller = null;
  let available = true;
  let lastKey = null;
  let state = { visible: false, available: true, minZoom };
  const changed = (s) => {
    state = s;
    onStateChange?.(s);
  };

  function popup(p) {
    return el('div', { class: 'bz-popup' },
      el('div', { class: 'bz-popup-title', text: p.number }),
      el('div', {}, `${t('pillar.status')}: ${t(`pillarStatus.${p.status}`)}`),
      el('div', {}, `${t('pillar.segment')}: ${p.segmentCode || '–'}`),
      el('div', {}, `${t('pillar.lastInspected')}: ${dateText(p.lastInspectedAt)}`));
  }

  async function refresh(force = false) {
    if (!map.hasLayer(layer)) return;
    if (map.getZoom() < minZoom || !available) {
      layer.clearLayers();
      lastKey = null;
      changed({ visible: false, available, minZoom });
      return;
    }
    const bbox = bboxOf(map.getBounds().pad(0.2));
    if (!force && bbox === lastKey) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const fc = await api.pillars({ bbox }, controller.signal);
      lastKey = bbox;
      layer.clearLayers();
      for (const f of fc.features) {
        const p = f.properties;
        const [lon, lat] = f.geometry.coordinates;
        const style = PILLAR_STYLE[p.status] || PILLAR_STYLE.PLANNED;
        L.circleMarker([lat, lon], {
          pane: 'bz-pillars',
          radius: 6,
          weight: 2,
          fillOpacity: 1,
          ...style,
          className: `bz-pillar bz-pillar-${p.status}`,
        })
          .bindTooltip(el('span', { text: `${p.number} · ${t(`pillarStatus.${p.status}`)}` }), { direction: 'top', offset: [0, -6] })
          .bindPopup(() => popup(p))
          .addTo(layer);
      }
      changed({ visible: true, available, minZoom, count: fc.features.length });
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e.missing) available = false; // this server has no pillar endpoint yet: keep the map working
      layer.clearLayers();
      changed({ visible: false, available, minZoom, error: e });
    }
  }

  /** The legend entry: the statuses' dots, and why none are drawn when they are not. */
  function legend() {
    const note = !state.available ? t('legend.pillarsUnavailable')
      : state.visible ? null : t('legend.pillarsFromZoom', state.minZoom);
    return [
      el('div', { class: 'legend-section', text: t('legend.pillars') }),
      el('ul', { class: 'legend-list legend-pillars' }, Object.keys(PILLAR_STYLE).map((s) => el('li', {},
        el('span', { class: `dot dot-${s}`, 'aria-hidden': 'true' }), el('span', { text: t(`pillarStatus.${s}`) })))),
      note ? el('div', { class: 'legend-note', text: note }) : null,
    ];
  }

  map.on('moveend zoomend', () => refresh(false));
  map.on('overlayadd', (e) => {
    if (e.layer === layer) refresh(true);
  });
  return { layer, refresh: () => refresh(true), minZoom, legend };
}
