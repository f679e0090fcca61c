// Km per status at each month end (GET /api/progress/timeline) as a hand-made stacked-area SVG chart.
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';
import { SEGMENT_STYLE } from '../layers/segments.js';

/** Bottom to top: the settled statuses first, what is still open on top. */
const STACK = ['RATIFIED', 'DEMARCATED', 'SURVEYED', 'DISPUTED', 'PENDING'];

const W = 360;
const H = 190;
const M = { top: 10, right: 10, bottom: 24, left: 42 };

export function renderTimeline(container, timeline) {
  const months = (timeline && timeline.months) || [];
  if (months.length === 0) {
    container.appendChild(el('p', { class: 'hint', text: t('timeline.empty') }));
    return;
  }
  const totals = months.map((m) => STACK.reduce((s, k) => s + (Number(m.km?.[k]) || 0), 0));
  const maxKm = Math.max(1, ...totals);
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const x = (i) => M.left + (months.length === 1 ? innerW / 2 : (i * innerW) / (months.length - 1));
  const y = (km) => M.top + innerH - (km / maxKm) * innerH;

  const chart = svg('svg', {
    class: 'timeline-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': t('timeline.aria', months[0].month, months[months.length - 1].month),
  });

  // horizontal grid and y labels
  for (const frac of [0, 0.25, 0.5, 0.75, 1]) {
    const km = maxKm * frac;
    chart.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: y(km), y2: y(km), class: 'grid' }));
    chart.appendChild(svg('text', { x: M.left - 5, y: y(km) + 3, class: 'axis-label', 'text-anchor': 'end' },
      fmt(km, 0)));
  }

  // stacked areas
  const lower = months.map(() => 0);
  for (const status of STACK) {
    const upper = months.map((m, i) => lower[i] + (Number(m.km?.[status]) || 0));
    if (upper.every((u, i) => u === lower[i])) continue;
    let d = `M${x(0)},${y(upper[0])}`;
    for (let i = 1; i < months.length; i++) d += `L${x(i)},${y(upper[i])}`;
    for (let i = months.length - 1; i >= 0; i--) d += `L${x(i)},${y(lower[i])}`;
    d += 'Z';
    chart.appendChild(svg('path', {
      d,
      fill: SEGMENT_STYLE[status].color,
      'fill-opacity': status === 'PENDING' ? 0.45 : 0.85,
      class: `area area-${status}`,
    }, svg('title', {}, t(`status.${status}`))));
    upper.forEach((u, i) => {
      lower[i] = u;
    });
  }

  // x axis: one label per year (January), or first/last month if the range is short
  chart.appendChild(svg('line', { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: 'axis' }));
  const janIdx = months.map((m, i) => (m.month.endsWith('-01') ? i : -1)).filter((i) => i >= 0);
  const ticks = janIdx.length >= 2 ? janIdx : [0, months.length - 1];
  for (const i of ticks) {
    const label = janIdx.length >= 2 ? months[i].month.slice(0, 4) : months[i].month;
    chart.appendChild(svg('line', { x1: x(i), x2: x(i), y1: y(0), y2: y(0) + 4, class: 'axis' }));
    chart.appendChild(svg('text', { x: x(i), y: H - 8, class: 'axis-label', 'text-anchor': 'middle' }, label));
  }

  // hover targets: one transparent column per month with a tooltip of its figures
  const colW = months.length > 1 ? innerW / (months.length - 1) : innerW;
  months.forEach((m, i) => {
    const lines = [m.month, ...STACK.map((s) => `${t(`status.${s}`)}: ${fmt(m.km?.[s] || 0, 1)} ${t('unit.km')}`)];
    if (m.percentDemarcated !== undefined) lines.push(t('progress.percentDemarcatedShort', fmt(m.percentDemarcated, 1)));
    chart.appendChild(svg('rect', {
      x: x(i) - colW / 2, y: M.top, width: colW, height: innerH, class: 'hover-col',
    }, svg('title', {}, lines.join('\n'))));
  });

  container.appendChild(chart);
}
