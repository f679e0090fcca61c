// A hot cell's trend (GET /api/hotspots/cell) in a popup when a Gi* or emerging hexagon is clicked: incidents per
// month as bars coloured by that month's Gi* bin (the map's hot/cold colours), the emerging category and the
// Mann–Kendall trend in words (rising / falling / none, with p), and the same figures as a table. The series is
// the emerging layer's own run for the filter's window, so the popup never contradicts the map.
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg, replace } from '../dom.js';
import { BIN_COLOURS } from '../layers/hotspots.js';
import { barFrame, chartFigure, dataTable, legendItem, monthAxis, monthText } from './chart-kit.js';

const L = window.L;
const W = 300;
const H = 150;
const M = { top: 8, right: 4, bottom: 30, left: 30 };
const NOT_SIGNIFICANT = '#b8c0c7';

const pText = (p) => (p < 0.001 ? '< 0.001' : fmt(p, 3));

/** The trend in words: rising, falling or no significant trend, with the Mann–Kendall p-value. */
export function trendText(trend) {
  const key = !trend?.significant ? 'cellTrend.none' : trend.direction > 0 ? 'cellTrend.up' : 'cellTrend.down';
  return t(key, pText(trend?.p ?? 1)).replace(/p = /g, 'p\u00a0=\u00a0'); // never broken after "p ="
}

/** Bars: rect.chart-bar, one per month of the answer (a zero month is a 0-height bar). */
export function cellBars(c) {
  const months = (c.slices || []).map((s) => s.slice(0, 7));
  const counts = c.counts || [];
  const label = t('cellTrend.aria', c.cell, monthText(months[0]), monthText(months[months.length - 1]),
    fmt(c.total, 0), trendText(c.trend));
  const { chart, band, x, y, bottom } = barFrame(W, H, M, months.length, Math.max(0, ...counts), label, 'chart-cell');
  const bars = svg('g', { class: 'chart-bars' });
  months.forEach((m, i) => {
    const bin = c.bins?.[i] ?? 0;
    const n = counts[i] || 0;
    bars.appendChild(svg('rect', {
      x: x(i) - band * 0.4, width: band * 0.8, y: y(n), height: y(0) - y(n),
      fill: BIN_COLOURS[bin] || NOT_SIGNIFICANT, class: 'chart-bar', dataset: { month: m, count: n, bin },
    }, svg('title', {}, `${monthText(m)}: ${fmt(n, 0)} · ${t(`bin.${bin}`)}`)));
  });
  chart.appendChild(bars);
  chart.appendChild(monthAxis(months, x, bottom));
  return chart;
}

function figure(c) {
  const months = (c.slices || []).map((s) => s.slice(0, 7));
  const bins = [...new Set(c.bins || [])].sort((a, b) => b - a);
  return el('div', { class: 'cell-trend', dataset: { cell: c.cell } },
    el('div', { class: 'bz-popup-title', text: t(`emerging.${c.category}`) }),
    el('div', { class: `cell-trend-words ${c.trend?.significant ? (c.trend.direction > 0 ? 'trend-up' : 'trend-down') : ''}`.trim(), text: trendText(c.trend) }),
    chartFigure({
      id: 'cell-trend-chart', title: t('cellTrend.title', c.cell), chart: cellBars(c),
      legend: el('ul', { class: 'chart-legend' }, bins.map((b) => legendItem(BIN_COLOURS[b] || NOT_SIGNIFICANT, t(`bin.${b}`)))),
      table: dataTable(t('cellTrend.title', c.cell), [t('chart.month'), t('cellTrend.count'), t('cellTrend.z'), t('cellTrend.bin')],
        months.map((m, i) => [monthText(m), c.counts[i] || 0, c.z?.[i] === null || c.z?.[i] === undefined ? '–' : fmt(c.z[i], 2), t(`bin.${c.bins?.[i] ?? 0}`)])),
      note: t('cellTrend.note'),
    }));
}

/**
 * Opens the popup at `latlng` for hexagon `cell` with the analysis parameters of the layer clicked
 * (`params`: from, to, type, cellKm). Resolves when the chart (or the server's refusal) is shown.
 */
export async function showCellTrend(map, latlng, cell, params) {
  const body = el('div', { class: 'cell-trend-popup' }, el('div', { class: 'loading', text: t('common.loading') }));
  // clear of the map's controls (zoom, home and export down the left, layers top right) when it pans into view,
  // and no wider than the map leaves beside them (a 390 px phone)
  const maxWidth = Math.max(200, Math.min(330, map.getSize().x - 84 - 16 - 26));
  const popup = L.popup({ className: 'bz-cell-trend', maxWidth, minWidth: Math.min(240, maxWidth),
    autoPanPaddingTopLeft: [84, 60], autoPanPaddingBottomRight: [16, 16] })
    .setLatLng(latlng).setContent(body).openOn(map);
  map.getContainer().dataset.cellTrend = 'loading';
  try {
    const c = await api.hotspotCell({ ...params, cell });
    replace(body, figure(c));
    map.getContainer().dataset.cellTrend = 'ready';
  } catch (e) {
    replace(body, el('p', { class: 'form-message error', text: e.detail || e.message }));
    map.getContainer().dataset.cellTrend = 'error';
  }
  popup.update();
  return popup;
}
