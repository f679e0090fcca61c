// Incidents: aggregated bubbles below pointMinZoom (GET /api/incidents/grid, one bubble per non-empty cell,
// sized by count) and, zoomed in, one marker per incident with its type icon and a details popup
// (GET /api/incidents, at most 1000; the legend says when more matched). Driven by the shared filter.
import { api, bboxOf } from '../api.js';
import { t, fmt, dateText } from '../i18n.js';
import { el, svg } from '../dom.js';
import { typeIcon } from '../incident-types.js';

const L = window.L;
const NEXT_STATUS = { REPORTED: ['VERIFIED', 'DISMISSED'], VERIFIED: ['CLOSED', 'DISMISSED'] };

export function createIncidentsLayer(map, filter, { roles, pointMinZoom = 12, onState } = {}) {
  const layer = L.layerGroup([], { pane: 'bz-incidents' });
  let controller = null;
  let state = { mode: 'grid', total: 0, shown: 0 };
  const markers = new Map();

  function dateTime(iso) {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : `${dateText(iso)} ${d.toISOString().slice(11, 16)} UTC`;
  }

  function popup(f, marker) {
    const p = f.properties;
    const rows = [
      [t('incident.occurredAt'), dateTime(p.occurredAt)],
      [t('incident.severity'), `${p.severity} / 5`],
      [t('incident.status'), t(`incidentStatus.${p.status}`)],
      [t('incident.segment'), p.nearestSegmentCode ? `${p.nearestSegmentCode} · ${fmt((p.distanceToBorderM || 0) / 1000, 1)} ${t('unit.km')}` : '–'],
      [t('incident.side'), p.side ? t(`org.${p.side}`) : '–'],
      [t('incident.owner'), `${p.ownerOrg} · ${t(`releasability.${p.releasability}`)}`],
      [t('incident.source'), p.source || '–'],
    ];
    const box = el('div', { class: 'bz-popup bz-incident-popup', dataset: { id: p.id } },
      el('div', { class: 'bz-popup-title' }, typeIcon(p.type, 18), el('span', { text: t(`incidentType.${p.type}`) })),
      el('dl', { class: 'facts facts-compact' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })])),
      p.description ? el('div', { class: 'bz-popup-notes incident-description', text: p.description }) : null);
    const next = NEXT_STATUS[p.status];
    if (roles.can('changeIncidentStatus') && next) {
      const message = el('div', { class: 'form-message', role: 'alert' });
      box.append(el('div', { class: 'button-row' }, next.map((s) => el('button', {
        type: 'button',
        class: s === 'DISMISSED' ? 'btn btn-secondary btn-small' : 'btn btn-small',
        text: t(`incident.mark.${s}`),
        on: {
          click: async () => {
            try {
              const updated = await api.changeIncidentStatus(p.id, s, p.version);
              f.properties = updated.properties;
              marker.setPopupContent(popup(f, marker));
            } catch (err) {
              message.textContent = err.detail || err.message;
              message.className = 'form-message error';
            }
          },
        },
      }))), message);
    }
    return box;
  }

  function bubble(f, max) {
    const n = f.properties.count;
    const d = Math.round(20 + 24 * Math.sqrt(n / max));
    const inner = el('div', { class: `bz-bubble bz-bubble-sev${Math.min(5, f.properties.maxSeverity || 1)}`, dataset: { count: n } },
      el('span', { text: n >= 10000 ? `${fmt(n / 1000, 0)}k` : String(n) }));
    const [lon, lat] = f.geometry.coordinates;
    return L.marker([lat, lon], {
      pane: 'bz-incidents',
      icon: L.divIcon({ html: inner, className: 'bz-bubble-icon', iconSize: [d, d] }),
      keyboard: false,
      title: t('incidents.bubbleTitle', n, t(`incidentType.${f.properties.dominantType}`)),
    }).on('click', () => map.setView([lat, lon], Math.min(map.getZoom() + 2, pointMinZoom)));
  }

  function point(f) {
    const p = f.properties;
    const size = p.severity >= 4 ? 22 : 18;
    const icon = el('div', { class: `bz-incident bz-incident-${p.type}`, dataset: { id: p.id } }, typeIcon(p.type, size));
    const [lon, lat] = f.geometry.coordinates;
    const marker = L.marker([lat, lon], {
      pane: 'bz-incidents',
      icon: L.divIcon({ html: icon, className: 'bz-incident-icon', iconSize: [size, size] }),
      title: `${t(`incidentType.${p.type}`)} · ${dateText(p.occurredAt)}`,
    });
    marker.bindPopup(() => popup(f, marker), { maxWidth: 320, minWidth: 240 });
    markers.set(p.id, marker);
    return marker;
  }

  async function refresh() {
    if (!map.hasLayer(layer)) {
      state = { mode: 'off', total: 0, shown: 0 };
      onState?.(state);
      return;
    }
    controller?.abort();
    if (filter.empty()) {
      layer.clearLayers();
      state = { mode: 'none', total: 0, shown: 0 };
      onState?.(state);
      return;
    }
    controller = new AbortController();
    const bbox = bboxOf(map.getBounds());
    const zoom = map.getZoom();
    try {
      const params = { ...filter.incidentParams(), bbox };
      // what is shown, for tests and debugging: the filter of the request (same as GET /api/incidents takes)
      map.getContainer().dataset.incidentQuery = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined)).toString();
      if (zoom < pointMinZoom) {
        const fc = await api.incidentGrid({ ...params, zoom: Math.floor(zoom) }, controller.signal);
        const max = Math.max(1, ...fc.features.map((f) => f.properties.count));
        layer.clearLayers();
        markers.clear();
        fc.features.forEach((f) => bubble(f, max).addTo(layer));
        state = { mode: 'grid', total: fc.numberMatched, shown: fc.features.length };
      } else {
        const fc = await api.incidents({ ...params, size: 1000 }, controller.signal);
        layer.clearLayers();
        markers.clear();
        fc.features.forEach((f) => point(f).addTo(layer));
        state = { mode: 'points', total: fc.numberMatched, shown: fc.numberReturned };
      }
      map.getContainer().dataset.incidentTotal = String(state.total);
      onState?.(state);
    } catch (e) {
      if (e.name === 'AbortError') return;
      state = { mode: 'error', total: 0, shown: 0, error: e.detail || e.message };
      onState?.(state);
    }
  }

  /**
   * The legend entry while the layer is shown: icons or bubbles (whichever is drawn), then {@code items} of
   * layers drawn with the incidents (the hot segments), and how many incidents are in view.
   */
  function legend(...items) {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.incidents') }),
      el('ul', { class: 'legend-list' },
        state.mode === 'points'
          ? el('li', {}, el('span', { class: 'legend-icons', 'aria-hidden': 'true' }, typeIcon('SMUGGLING', 14), typeIcon('UXO', 14)),
            el('span', { text: t('legend.incidentIcons') }))
          : el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('circle', { cx: 8, cy: 6, r: 3.5, class: 'legend-bubble' }), svg('circle', { cx: 19, cy: 6, r: 5.5, class: 'legend-bubble' })),
          el('span', { text: t('legend.incidentBubbles', pointMinZoom) })),
        items),
      el('div', { class: 'legend-note', text: t('legend.incidentTotal', fmt(state.total, 0)) }),
    ];
  }

  map.on('moveend', refresh);
  map.on('overlayadd overlayremove', (e) => {
    if (e.layer === layer) refresh();
  });
  filter.onChange(refresh);

  return {
    layer,
    refresh,
    state: () => state,
    pointMinZoom,
    legend,
    /** Opens the popup of a loaded incident marker (the hot-segment list and tests use it). */
    open: (id) => markers.get(id)?.openPopup(),
  };
}
