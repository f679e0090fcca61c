// DBSCAN clusters (GET /api/hotspots/clusters): convex hulls with their size and dominant type; the largest
// are labelled on the map, the others on hover. PLANNER/ADMIN. Driven by the shared filter.
import { api } from '../api.js';
import { analysisLifecycle } from './analysis.js';
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';
import { typeIcon } from '../incident-types.js';

const L = window.L;
const LABELLED = 12;

export function createClustersLayer(map, filter, { onChange, versions } = {}) {
  const layer = L.layerGroup([], { pane: 'bz-clusters' });

  function draw(fc) {
    layer.clearLayers();
    fc.features.forEach((f, i) => {
      const p = f.properties;
      const label = () => el('span', { class: 'bz-cluster-label-text' }, typeIcon(p.dominantType, 14),
        el('span', { text: t('cluster.label', p.count, t(`incidentType.${p.dominantType}`)) }));
      const shape = L.geoJSON(f, {
        pane: 'bz-clusters',
        style: { color: '#6a3d9a', weight: 1.5, fillColor: '#cab2d6', fillOpacity: 0.35, className: 'bz-cluster' },
        pointToLayer: (_, latlng) => L.circleMarker(latlng, { pane: 'bz-clusters', radius: 6 }),
      });
      shape.bindTooltip(el('div', { class: 'bz-tip' }, label(),
        el('div', { text: t('cluster.tip', fmt(p.areaKm2 || 0, 2)) })), { sticky: true });
      shape.addTo(layer);
      if (i < LABELLED && p.centroid) {
        const [lon, lat] = p.centroid.coordinates || p.centroid;
        L.tooltip({ permanent: true, direction: 'center', className: 'bz-cluster-label', pane: 'bz-clusters', interactive: false })
          .setLatLng([lat, lon]).setContent(label()).addTo(layer);
      }
    });
  }

  const { refresh, state } = analysisLifecycle(map, layer, filter, {
    load: (signal) => api.clusters({ ...filter.hotspotParams() }, signal),
    draw,
    onChange,
    versions,
  });

  function legend() {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.clusters') }),
      el('ul', { class: 'legend-list' }, el('li', {},
        svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('rect', { x: 2, y: 1, width: 24, height: 10, fill: '#cab2d6', 'fill-opacity': 0.5, stroke: '#6a3d9a' })),
        el('span', { text: t('legend.clusterHull', state.metadata?.epsM ?? 500, state.metadata?.minPoints ?? 5) }))),
      state.metadata ? el('div', { class: 'legend-note', text: t('legend.clusterCount', state.metadata.clusters, state.metadata.noise) }) : null,
      state.error ? el('div', { class: 'legend-note error', text: state.error }) : null,
    ];
  }

  return { layer, refresh, legend, state };
}
