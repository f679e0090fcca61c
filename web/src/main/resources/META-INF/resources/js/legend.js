// The map's legend (bottom right, folded at first so the border's ends stay visible). It draws nothing of its
// own: each layer module owns its entry (a layer's legend(), null while it has nothing to show, or a reference
// item), and main.js lists the entries in the order they appear.
import { t } from './i18n.js';
import { el, replace } from './dom.js';

const L = window.L;

/** A legend control showing entries() (nodes, arrays of nodes or null) each time it is rendered. */
export function createLegend(entries) {
  const Legend = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd() {
      const box = el('div', { class: 'legend leaflet-bar', id: 'legend' });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      this.box = box;
      this.render();
      return box;
    },
    render() {
      const open = this.box.firstChild ? this.box.firstChild.open : false;
      replace(this.box, el('details', { open }, el('summary', { text: t('legend.title') }), entries()));
    },
  });
  return new Legend();
}

/** The reference entry: items of the layers that are always there (disputed areas, the base map...). */
export function referenceSection(items) {
  return [
    el('div', { class: 'legend-section', text: t('legend.reference') }),
    el('ul', { class: 'legend-list' }, items),
  ];
}
