// Disputed areas: unresolved polygons with the segments they touch, drawn hatched-looking in the
// DISPUTED colour under the segments.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

export const DISPUTED_STYLE = {
  color: '#D55E00',
  weight: 2,
  dashArray: '6 4',
  fillColor: '#D55E00',
  fillOpacity: 0.14,
  className: 'bz-disputed',
};

/** The legend's reference item: a hatched-looking area in the DISPUTED colour. */
export function disputedLegendItem() {
  return el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
    svg('rect', { x: 2, y: 1, width: 24, height: 10, fill: DISPUTED_STYLE.fillColor, 'fill-opacity': 0.2, stroke: DISPUTED_STYLE.color, 'stroke-dasharray': '3 2' })),
  el('span', { text: t('legend.disputed') }));
}

export function createDisputedLayer(map) {
  const layer = L.geoJSON(null, {
    pane: 'bz-disputed',
    style: () => DISPUTED_STYLE,
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      lyr.bindTooltip(el('span', { text: p.name }), { sticky: true });
      lyr.bindPopup(() => el('div', { class: 'bz-popup' },
        el('div', { class: 'bz-popup-title', text: p.name }),
        el('div', {}, `${t('disputed.segments')}: ${(p.segmentCodes || []).join(', ') || '–'}`),
        p.notes ? el('div', { class: 'bz-popup-notes', text: p.notes }) : null));
    },
  }).addTo(map);

  async function reload() {
    try {
      const fc = await api.disputedAreas();
      layer.clearLayers();
      layer.addData(fc);
      return fc.features.length;
    } catch (e) {
      console.warn('disputed areas unavailable', e);
      return 0;
    }
  }

  return { layer, reload };
}
