// Incidents per month and type (GET /api/incidents/monthly) in the Incidents panel: stacked bars, one column per
// month, each type in its map colour (incident-types.js), driven by the shared filter's window and types; a
// toggle shows the same numbers as a table. Counts are what the reader may see (the server applies
// releasability, as on the incident list).
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, svg, replace } from '../dom.js';
import { INCIDENT_TYPES, TYPE_BY_CODE } from '../incident-types.js';
import { barFrame, chartFigure, dataTable, legendItem, monthAxis, monthText } from './chart-kit.js';

const W = 360;
const H = 200;
const M = { top: 8, right: 6, bottom: 30, left: 34 };

/** Whether each month lies only partly in the window (the first and last may: the filter takes days). */
export function partialMonths(a) {
  const months = a.months || [];
  const lastDay = (ym) => new Date(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0)).getUTCDate();
  return months.map((m, i) => (i === 0 && a.from && !a.from.endsWith('-01'))
    || (i === months.length - 1 && a.to && Number(a.to.slice(8, 10)) !== lastDay(m)));
}

/** The stacked-bar SVG of one answer; bars are g.chart-month > rect.chart-bar (one per non-zero type). */
export function monthlyBars(a) {
  const months = a.months || [];
  const series = (a.series || []).filter((s) => s.total > 0);
  const totals = a.totals || months.map(() => 0);
  const peak = totals.reduce((best, v, i) => (v > totals[best] ? i : best), 0);
  const label = a.total > 0
    ? t('monthly.aria', monthText(months[0]), monthText(months[months.length - 1]), fmt(a.total, 0), monthText(months[peak]), fmt(totals[peak], 0))
    : t('monthly.none');
  const { chart, band, x, y, bottom } = barFrame(W, H, M, months.length, Math.max(0, ...totals), label, 'chart-monthly');
  const bars = svg('g', { class: 'chart-bars' });
  const partial = partialMonths(a);
  months.forEach((m, i) => {
    const g = svg('g', { class: partial[i] ? 'chart-month chart-partial' : 'chart-month', dataset: { month: m, total: totals[i] } });
    let base = 0;
    for (const s of series) {
      const n = s.counts[i] || 0;
      if (n <= 0) continue;
      g.appendChild(svg('rect', {
        x: x(i) - band * 0.4, width: band * 0.8, y: y(base + n), height: Math.max(0.5, y(base) - y(base + n)),
        fill: TYPE_BY_CODE[s.type]?.color || '#888', class: 'chart-bar', dataset: { type: s.type, count: n },
      }, svg('title', {}, `${monthText(m)} · ${t(`incidentType.${s.type}`)}: ${fmt(n, 0)}`)));
      base += n;
    }
    bars.appendChild(g);
  });
  chart.appendChild(bars);
  chart.appendChild(monthAxis(months, x, bottom));
  return chart;
}

function table(a) {
  const series = (a.series || []).filter((s) => s.total > 0);
  return dataTable(t('monthly.title'),
    [t('chart.month'), ...series.map((s) => t(`incidentType.${s.type}`)), t('chart.total')],
    (a.months || []).map((m, i) => [monthText(m), ...series.map((s) => s.counts[i] || 0), a.totals[i] || 0]));
}

function legend(a) {
  const byType = Object.fromEntries((a.series || []).map((s) => [s.type, s]));
  return el('ul', { class: 'chart-legend' }, INCIDENT_TYPES.filter((ty) => byType[ty.code]?.total > 0)
    .map((ty) => legendItem(ty.color, t(`incidentType.${ty.code}`), fmt(byType[ty.code].total, 0))));
}

/** The chart card in `container`, reloaded whenever the filter changes. */
export function createMonthlyChart(container, { filter }) {
  const box = el('section', { class: 'card chart-card', id: 'monthly-card' },
    el('div', { class: 'loading', text: t('common.loading') }));
  container.appendChild(box);
  let controller = null;

  async function load() {
    controller?.abort();
    if (filter.empty()) {
      replace(box, el('p', { class: 'hint', text: t('monthly.none') }));
      return;
    }
    controller = new AbortController();
    box.dataset.state = 'loading';
    const f = filter.hotspotParams(); // whole days, both inclusive: what the endpoint takes
    try {
      const a = await api.incidentsMonthly({ from: f.from, to: f.to, type: f.type }, controller.signal);
      const note = partialMonths(a).some(Boolean) ? `${t('monthly.note')} ${t('monthly.partial')}` : t('monthly.note');
      replace(box, chartFigure({
        id: 'monthly-chart', title: t('monthly.title'), chart: monthlyBars(a), legend: legend(a), table: table(a), note,
      }));
      box.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(box, el('p', { class: 'form-message error', text: e.detail || e.message }));
      box.dataset.state = 'error';
    }
  }

  filter.onChange(load);
  load();
  return { load };
}
