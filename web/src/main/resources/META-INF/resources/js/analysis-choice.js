// One analysis at a time: the Incidents panel's radio group (Gi*, density, clusters, emerging, none) is the one
// choice of what the analysis pane shows. The layer list still lists the four layers, and ticking one there is
// the same choice (the others are taken off), so the radio group, the layer list, the legend and what is drawn
// always agree. The map container's data-analysis says the choice (for the browser tests and styles).
import { t } from './i18n.js';
import { el } from './dom.js';

/** The choices in the order shown; `name` is the key of the layer in field.analysis (main.js). */
export const ANALYSES = [
  { id: 'gistar', name: 'hex', label: 'layer.hotspots' },
  { id: 'density', name: 'density', label: 'layer.density' },
  { id: 'clusters', name: 'clusters', label: 'layer.clusters' },
  { id: 'emerging', name: 'emerging', label: 'layer.emerging' },
];

/**
 * @param map the Leaflet map
 * @param analysis {hex, density, clusters, emerging}: the layers (each with .layer)
 * @param container where the radio group goes (a card of the Incidents panel)
 * @param onChange called after each change of the choice (the legend re-renders)
 */
export function createAnalysisChoice(map, analysis, container, { onChange } = {}) {
  const layers = ANALYSES.map((a) => ({ ...a, layer: analysis[a.name].layer }));
  const radios = new Map();
  let current = 'none';

  const radio = (id, label) => {
    const input = el('input', { type: 'radio', name: 'analysis', value: id, id: `analysis-${id}`, checked: id === 'none' });
    input.addEventListener('change', () => {
      if (input.checked) choose(id);
    });
    radios.set(id, input);
    return el('label', { class: 'analysis-option', for: `analysis-${id}` }, input, el('span', { text: t(label) }));
  };

  container.append(el('section', { class: 'card analysis-card', id: 'analysis-card' },
    el('fieldset', { class: 'analysis-choice' },
      el('legend', { text: t('analysis.title') }),
      layers.map((a) => radio(a.id, a.label)),
      radio('none', 'analysis.none')),
    el('p', { class: 'muted analysis-note', text: t('analysis.note') })));

  const show = (id) => {
    current = id;
    radios.get(id).checked = true;
    map.getContainer().dataset.analysis = id;
    onChange?.();
  };

  /** Shows the analysis `id` ('none' for none) and takes the others off the map. */
  function choose(id) {
    current = id; // first: the layer events below then agree with it
    for (const a of layers) if (a.id !== id && map.hasLayer(a.layer)) a.layer.remove();
    const chosen = layers.find((a) => a.id === id);
    if (chosen && !map.hasLayer(chosen.layer)) chosen.layer.addTo(map);
    show(chosen ? id : 'none');
  }

  // the layer list (or any other code) adding or removing an analysis layer is the same choice; after the layer
  // list's own click handling, which re-adds every overlay still ticked (the one chosen before would come back)
  map.on('layeradd', (e) => {
    const a = layers.find((x) => x.layer === e.layer);
    if (a && current !== a.id) {
      current = a.id;
      Promise.resolve().then(() => {
        if (current === a.id) choose(a.id);
      });
    }
  });
  map.on('layerremove', (e) => {
    const a = layers.find((x) => x.layer === e.layer);
    if (a && current === a.id) show('none');
  });
  show('none');

  return { choose, current: () => current };
}
