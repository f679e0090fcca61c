// Demarcation progress per sector over time (GET /api/progress/timeline?by=sector) in the Progress panel: small
// multiples, one panel per sector with the % of its length demarcated or ratified at each month end (an area
// in the "ratified" colour, a point per month), the target as a dashed line, today's figure in large type; a
// toggle shows all sectors' figures as one table. Small multiples rather than one chart of crossing lines: each
// sector is read on its own scale and label, also at 390 px.
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';
import { SEGMENT_STYLE } from '../layers/segments.js';
import { chartFigure, chartSvg, dataTable, monthText } from './chart-kit.js';

const W = 170;
const H = 92;
const M = { top: 6, right: 4, bottom: 16, left: 24 };

function targetText(target) {
  if (!target) return null;
  return target.month
    ? t('sectorChart.targetBy', fmt(target.percent, 0), monthText(target.month))
    : t('sectorChart.target', fmt(target.percent, 0));
}

/** One sector's panel: path.chart-area, path.chart-line, circle.chart-point per month, line.chart-target. */
export function sectorPanel(sector, months, k, target) {
  const values = months.map((m) => Number(m.sectors?.[k]?.percentDemarcated) || 0);
  const now = values[values.length - 1] ?? 0;
  const first = months[0]?.month;
  const last = months[months.length - 1]?.month;
  const label = t('sectorChart.aria', `${sector.code} ${sector.name}`, monthText(first), monthText(last),
    fmt(now, 1), fmt(target?.percent ?? 100, 0));
  const chart = chartSvg(W, H, label, 'chart-sector');
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const x = (i) => M.left + (months.length === 1 ? innerW / 2 : (i * innerW) / (months.length - 1));
  const y = (v) => M.top + innerH - (Math.max(0, Math.min(100, v)) / 100) * innerH;
  for (const v of [0, 50, 100]) {
    chart.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v), class: v ? 'chart-grid' : 'chart-axis', 'aria-hidden': 'true' }));
    chart.appendChild(svg('text', { x: M.left - 3, y: y(v) + 3, class: 'chart-label', 'text-anchor': 'end', 'aria-hidden': 'true' }, `${fmt(v, 0)}`));
  }
  if (target) {
    chart.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: y(target.percent), y2: y(target.percent), class: 'chart-target' },
      svg('title', {}, targetText(target))));
  }
  if (months.length > 0) {
    const pts = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const color = SEGMENT_STYLE.RATIFIED?.color || '#1a9850';
    chart.appendChild(svg('path', { d: `M${x(0)},${y(0)}L${pts.join('L')}L${x(months.length - 1)},${y(0)}Z`, fill: color, class: 'chart-area' }));
    chart.appendChild(svg('path', { d: `M${pts.join('L')}`, stroke: color, class: 'chart-line' }));
    const dots = svg('g', { class: 'chart-points' });
    values.forEach((v, i) => dots.appendChild(svg('circle', {
      cx: x(i), cy: y(v), r: 1.6, fill: color, class: 'chart-point', dataset: { month: months[i].month, percent: v },
    }, svg('title', {}, `${monthText(months[i].month)}: ${fmt(v, 1)} %`))));
    chart.appendChild(dots);
    chart.appendChild(svg('text', { x: M.left, y: H - 3, class: 'chart-label', 'aria-hidden': 'true' }, monthText(first)));
    chart.appendChild(svg('text', { x: W - M.right, y: H - 3, class: 'chart-label', 'text-anchor': 'end', 'aria-hidden': 'true' }, monthText(last)));
  }
  return el('li', { class: 'chart-multiple', dataset: { sectorId: sector.id } },
    el('div', { class: 'chart-multiple-head' },
      el('span', { class: 'chart-multiple-code', text: sector.code }),
      el('span', { class: 'chart-multiple-value', text: `${fmt(now, 1)} %` })),
    el('div', { class: 'chart-multiple-name muted', text: sector.name }),
    chart);
}

/** The card's figure; `timeline` is the answer of /api/progress/timeline?by=sector. */
export function renderSectorProgress(container, timeline) {
  const sectors = timeline?.sectors || [];
  const months = timeline?.months || [];
  if (sectors.length === 0 || months.length === 0) {
    container.appendChild(el('p', { class: 'hint', text: t('timeline.empty') }));
    return;
  }
  const grid = el('ul', { class: 'chart-multiples' }, sectors.map((s, k) => sectorPanel(s, months, k, timeline.target)));
  const table = dataTable(t('sectorChart.title'), [t('chart.month'), ...sectors.map((s) => s.code)],
    months.map((m) => [monthText(m.month), ...sectors.map((s, k) => Number(m.sectors?.[k]?.percentDemarcated) || 0)]),
    { digits: 1 });
  container.appendChild(chartFigure({
    id: 'sector-chart', title: t('sectorChart.title'), chart: grid,
    legend: timeline.target ? el('p', { class: 'chart-legend-target muted' },
      svg('svg', { class: 'chart-swatch', viewBox: '0 0 16 12', 'aria-hidden': 'true' },
        svg('line', { x1: 0, x2: 16, y1: 6, y2: 6, class: 'chart-target' })),
      el('span', { text: targetText(timeline.target) })) : null,
    table, note: t('sectorChart.note'),
  }));
}
