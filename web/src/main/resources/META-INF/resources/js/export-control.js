// The "Export" control: downloads what is in view — the map's bbox and the shared filter's window and types —
// as one dataset in one format, from GET /api/exports/{dataset}?f=… (docs/EXPORTS.md). The link is an <a download>
// on the same origin, so the session cookie goes with it and the browser saves the file the server names.
import { el } from './dom.js';
import { t } from './i18n.js';
import { HOTSPOT_EXPORT, downloadHotCells } from './hotspot-export.js';

const L = window.L;

/** The datasets, the filters each takes, and who may export them (the server checks again). */
export const EXPORT_DATASETS = [
  { id: 'incidents', window: true, types: true },
  { id: 'segments' },
  { id: 'pillars' },
  { id: 'inspections', window: true },
  { id: 'patrol-plans', window: true, can: 'planPatrols' },
];

export const EXPORT_FORMATS = ['geojson', 'csv', 'kml', 'gpkg', 'fgb'];

const round = (v) => Math.round(v * 1e6) / 1e6;

/**
 * The export URL for a dataset, a format, the view's bounds ({west, south, east, north}) and the filter's incident
 * parameters ({from, to (exclusive), type}). Pure: the browser test checks it.
 */
export function exportUrl(datasetId, format, bounds, params) {
  const d = EXPORT_DATASETS.find((x) => x.id === datasetId);
  const q = new URLSearchParams({ f: format });
  const west = Math.max(-180, bounds.west);
  const east = Math.min(180, bounds.east);
  const south = Math.max(-90, bounds.south);
  const north = Math.min(90, bounds.north);
  q.set('bbox', [west, south, east, north].map(round).join(','));
  if (d.window) {
    if (params.from) q.set('from', params.from);
    if (params.to) q.set('to', params.to);
  }
  if (d.types && params.type) q.set('type', params.type);
  return `/api/exports/${encodeURIComponent(d.id)}?${q}`;
}

export function createExportControl(map, filter, roles) {
  const datasets = [...EXPORT_DATASETS, HOTSPOT_EXPORT].filter((d) => !d.can || roles.can(d.can));
  const Control = L.Control.extend({
    options: { position: 'topleft' },
    onAdd() {
      const dataset = el('select', { id: 'export-dataset', 'aria-label': t('export.dataset') },
        ...datasets.map((d) => el('option', { value: d.id, text: t(`export.dataset.${d.id}`) })));
      const format = el('select', { id: 'export-format', 'aria-label': t('export.format') },
        ...EXPORT_FORMATS.map((f) => el('option', { value: f, text: t(`export.format.${f}`) })));
      const link = el('a', { id: 'export-download', class: 'export-download', download: '', text: t('export.download') });
      const hint = el('p', { class: 'export-hint', text: t('export.hint') });
      const update = () => {
        const b = map.getBounds();
        const own = dataset.value === HOTSPOT_EXPORT.id; // made in the browser from /api/hotspots
        for (const o of format.options) o.disabled = own && !HOTSPOT_EXPORT.formats.includes(o.value);
        if (own) format.value = HOTSPOT_EXPORT.formats[0];
        hint.textContent = t(own ? 'export.hint.hotspots99' : 'export.hint');
        link.dataset.own = own ? 'true' : '';
        if (own) {
          link.href = '#';
          return;
        }
        link.href = exportUrl(dataset.value, format.value,
          { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }, filter.incidentParams());
      };
      const form = el('div', { class: 'export-form', id: 'export-form', hidden: true },
        el('label', {}, el('span', { text: t('export.dataset') }), dataset),
        el('label', {}, el('span', { text: t('export.format') }), format),
        hint,
        link);
      link.addEventListener('click', (e) => {
        if (!link.dataset.own) return;
        e.preventDefault();
        downloadHotCells(filter.hotspotParams()).catch((err) => {
          hint.textContent = err.detail || err.message;
        });
      });
      const button = el('button', { type: 'button', id: 'export-button', class: 'export-button', title: t('export.title'),
        'aria-label': t('export.title'), 'aria-expanded': 'false', 'aria-controls': 'export-form', text: t('export.button') });
      button.addEventListener('click', () => {
        form.hidden = !form.hidden;
        button.setAttribute('aria-expanded', String(!form.hidden));
        update();
      });
      dataset.addEventListener('change', update);
      format.addEventListener('change', update);
      map.on('moveend', update);
      filter.onChange(update);
      update();
      const box = el('div', { class: 'leaflet-bar export-control' }, button, form);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
  });
  return new Control();
}
