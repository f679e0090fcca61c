// Patrol bases and checkpoints (GET /api/bases) as square markers coloured by organisation.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../dom.js';
import { orgName } from '../organisations.js';

const L = window.L;

export function createBasesLayer(map, { onPick } = {}) {
  const layer = L.layerGroup([], { pane: 'bz-bases' });
  let features = [];

  async function load() {
    const fc = await api.bases();
    features = fc.features;
    layer.clearLayers();
    for (const f of features) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const icon = el('div', { class: `bz-base bz-base-${p.orgCode || 'none'} bz-base-${p.kind}`, dataset: { id: p.id } },
        el('span', { text: p.kind === 'CHECKPOINT' ? 'C' : 'B' }));
      L.marker([lat, lon], {
        pane: 'bz-bases',
        icon: L.divIcon({ html: icon, className: 'bz-base-icon', iconSize: [18, 18] }),
        title: p.name,
      }).bindTooltip(el('div', { class: 'bz-tip' }, el('strong', { text: p.name }),
        el('div', { text: `${t(`baseKind.${p.kind}`)} · ${orgName(p.orgCode)}` })), { direction: 'top', offset: [0, -8] })
        .on('click', () => onPick?.(f))
        .addTo(layer);
    }
    return features;
  }

  return { layer, load, features: () => features };
}
