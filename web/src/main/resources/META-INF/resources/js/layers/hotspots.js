// Getis-Ord Gi* hot spots, drawn on canvas from the gistar vector tiles (/tiles/gistar/…, docs/TILES.md: the
// hexagons of GET /api/hotspots, computed once per window and cached by the server): each cell coloured by
// its bin −3…+3 (99/95/90 % confidence cold … hot, ArcGIS Hot Spot Analysis colours); not significant cells
// are left transparent with a faint outline. PLANNER and ADMIN only. Driven by the shared filter.
import { t, fmt } from '../i18n.js';
import { el } from '../dom.js';
import { createMvtLayer } from './mvt-layer.js';

/** Bin → fill (ArcGIS Hot Spot Analysis). The browser test checks the drawn cells against this table. */
export const BIN_COLOURS = {
  '-3': '#4575b4', '-2': '#91bfdb', '-1': '#e0f3f8', 0: null, 1: '#fee090', 2: '#fc8d59', 3: '#d73027',
};
const BIN_ORDER = [-3, -2, -1, 0, 1, 2, 3];

export function createHotspotLayer(map, filter, { cellKm = 2, onChange, versions, interaction, onCell } = {}) {
  const state = { error: null, bins: {} };
  const mark = (s) => {
    map.getContainer().dataset.hotspots = s;
  };

  let countTimer = null;
  /** Bins of the cells held (each cell once, though its hexagon may reach into several tiles). */
  function count() {
    const errors = layer.current().map((e) => e.error).filter(Boolean);
    state.error = errors.length ? errors[0].detail || errors[0].message : null;
    const seen = new Map();
    for (const entry of layer.current()) {
      for (const f of entry.data?.gistar?.features || []) seen.set(f.properties.id, f.properties.bin);
    }
    state.bins = {};
    for (const bin of seen.values()) state.bins[bin] = (state.bins[bin] || 0) + 1;
    if (layer.inFlight === 0) mark(state.error ? 'error' : 'ready');
    onChange?.();
  }

  const layer = createMvtLayer({
    name: 'gistar',
    layers: ['gistar'],
    params: () => (filter.empty() ? null : { ...filter.hotspotParams(), cellKm }),
    version: () => versions?.of('gistar'),
    draw: (ctx, f, name, k) => {
      ctx.beginPath();
      for (const r of f.rings) {
        ctx.moveTo(r[0] * k, r[1] * k);
        for (let i = 2; i < r.length; i += 2) ctx.lineTo(r[i] * k, r[i + 1] * k);
        ctx.closePath();
      }
      const c = BIN_COLOURS[f.properties.bin];
      if (c) {
        ctx.globalAlpha = 0.72;
        ctx.fillStyle = c;
        ctx.fill('evenodd');
        ctx.globalAlpha = 0.8;
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 0.6;
      } else {
        ctx.globalAlpha = 0.35;
        ctx.strokeStyle = '#6b7780';
        ctx.lineWidth = 0.5;
      }
      ctx.stroke();
    },
    interactive: (f) => Boolean(BIN_COLOURS[f.properties.bin]),
    onLoading: (busy) => {
      if (busy) mark('loading');
    },
    onChange: () => {
      // once per burst of tile loads: counting reads every cell of every tile
      clearTimeout(countTimer);
      countTimer = setTimeout(count, 80);
    },
  }, { pane: 'bz-analysis' });

  interaction?.register(layer, {
    tooltip: (hit) => {
      const p = hit.feature.properties;
      return el('div', { class: 'bz-tip' }, el('strong', { text: t(`bin.${p.bin}`) }),
        el('div', { text: t('hotspot.tip', p.count, fmt(p.z, 2), p.p < 0.001 ? '< 0.001' : fmt(p.p, 3)) }));
    },
    // the cell's monthly trend (charts/cell-trend.js), for the same window, types and cell size
    click: (hit, latlng) => onCell?.(hit.feature.properties.id, latlng, { ...filter.hotspotParams(), cellKm }),
  });

  function refresh() {
    if (map.hasLayer(layer)) layer.refresh();
  }
  filter.onChange(refresh);
  versions?.onChange((changed) => {
    if (changed.includes('gistar')) refresh();
  });
  map.on('overlayremove', (e) => {
    if (e.layer === layer) onChange?.();
  });

  function legend() {
    if (!map.hasLayer(layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.hotspots', fmt(cellKm, 0)) }),
      el('ul', { class: 'legend-list legend-bins' }, BIN_ORDER.slice().reverse().map((b) => el('li', { dataset: { bin: b } },
        el('span', { class: `bin-swatch bin-swatch-${b < 0 ? `m${-b}` : b}`, 'aria-hidden': 'true' }),
        el('span', { text: t(`bin.${b}`) }),
        el('span', { class: 'legend-count', text: String(state.bins[b] ?? 0) })))),
      el('div', { class: 'legend-note', text: t('legend.fdr') }),
      el('div', { class: 'legend-note', text: t('legend.cellsInView') }),
      state.error ? el('div', { class: 'legend-note error', text: state.error }) : null,
    ];
  }

  return { layer, refresh, legend };
}
