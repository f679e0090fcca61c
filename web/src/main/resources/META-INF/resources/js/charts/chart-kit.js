// What the three charts share (docs/CHARTS.md): SVG of our own, not a canvas library, so that Khmer and Lao
// labels are shaped by the browser with the page's fonts, the charts print, and every chart is a DOM a screen
// reader can reach. Each chart is a <figure> with a title, the SVG (role="img", an aria-label that says what
// it shows in words), and a data table of the same numbers behind a "Table" toggle. Numbers go through
// i18n.fmt, month names through the bundles (never the browser's Intl: Chromium has no km/lo data).
import { t, fmt } from '../i18n.js';
import { el, svg } from '../dom.js';

/** 'YYYY-MM' → the month's short name from the bundle (chart.month.1 … 12). */
export function monthName(ym) {
  return t(`chart.month.${Number(String(ym).slice(5, 7))}`);
}

/** 'YYYY-MM' (or 'YYYY-MM-DD') → "Mar 2025" in the UI language. */
export function monthText(ym) {
  return `${monthName(ym)} ${String(ym).slice(0, 4)}`;
}

/** 0 … max in 3–5 round steps (1, 2 or 5 × 10^k). */
export function ticks(max) {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  const out = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

/** Which of n months get an x label: about six, always the first; January labels carry the year. */
export function labelledMonths(months) {
  const step = Math.max(1, Math.ceil(months.length / 6));
  return months.map((m, i) => i % step === 0);
}

/**
 * Month labels under an x axis: the month name, and the year under the first label of each year.
 * @param x index → centre x
 */
export function monthAxis(months, x, y) {
  const show = labelledMonths(months);
  const g = svg('g', { class: 'chart-x', 'aria-hidden': 'true' });
  let year = null;
  months.forEach((m, i) => {
    if (!show[i]) return;
    g.appendChild(svg('line', { x1: x(i), x2: x(i), y1: y, y2: y + 3, class: 'chart-axis' }));
    g.appendChild(svg('text', { x: x(i), y: y + 13, class: 'chart-label', 'text-anchor': 'middle' }, monthName(m)));
    if (m.slice(0, 4) !== year) {
      year = m.slice(0, 4);
      g.appendChild(svg('text', { x: x(i), y: y + 24, class: 'chart-label chart-year', 'text-anchor': 'middle' }, year));
    }
  });
  return g;
}

/** Horizontal grid lines with their values at the left; y(value) → px. */
export function valueAxis(values, y, left, right, format = (v) => fmt(v, 0)) {
  const g = svg('g', { class: 'chart-y', 'aria-hidden': 'true' });
  for (const v of values) {
    g.appendChild(svg('line', { x1: left, x2: right, y1: y(v), y2: y(v), class: v === 0 ? 'chart-axis' : 'chart-grid' }));
    g.appendChild(svg('text', { x: left - 4, y: y(v) + 3, class: 'chart-label', 'text-anchor': 'end' }, format(v)));
  }
  return g;
}

/**
 * A data table: `columns` are header texts (the first names the rows), `rows` arrays of cells (text or
 * numbers, numbers right-aligned and formatted with fmt(…, digits)).
 */
export function dataTable(caption, columns, rows, { digits = 0 } = {}) {
  const cell = (v, i) => (typeof v === 'number'
    ? el('td', { class: 'num', text: fmt(v, digits) })
    : el(i === 0 ? 'th' : 'td', i === 0 ? { scope: 'row', text: v } : { text: v }));
  return el('div', { class: 'chart-table-wrap' },
    el('table', { class: 'chart-table' },
      el('caption', { text: caption }),
      el('thead', {}, el('tr', {}, columns.map((c, i) => el('th', { scope: 'col', class: i ? 'num' : null, text: c })))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map(cell))))));
}

/**
 * The figure around a chart: title, the chart (focusable once, its aria-label read on focus), a legend and a
 * note, and a button that swaps the chart for its table (aria-pressed; the table is in the DOM either way).
 */
export function chartFigure({ id, title, chart, legend, table, note }) {
  const chartBox = el('div', { class: 'chart-box' }, chart, legend);
  const tableBox = el('div', { class: 'chart-table-box', hidden: true }, table);
  const toggle = el('button', {
    type: 'button', class: 'chart-toggle', 'aria-pressed': 'false', 'aria-controls': `${id}-table`,
    text: t('chart.table'), title: t('chart.showTable'),
  });
  tableBox.id = `${id}-table`;
  toggle.addEventListener('click', () => {
    const showTable = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(showTable));
    toggle.textContent = showTable ? t('chart.chart') : t('chart.table');
    toggle.title = showTable ? t('chart.showChart') : t('chart.showTable');
    chartBox.hidden = showTable;
    tableBox.hidden = !showTable;
  });
  return el('figure', { class: 'chart-figure', id },
    el('div', { class: 'chart-head' }, el('h3', { class: 'chart-title', text: title }), toggle),
    chartBox, tableBox,
    note ? el('figcaption', { class: 'chart-note muted', text: note }) : null);
}

/** The SVG root of a chart: scales to its box, one Tab stop, read as an image with `label`. */
export function chartSvg(width, height, label, cls) {
  return svg('svg', {
    class: `chart ${cls || ''}`.trim(), viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label,
    tabindex: 0, focusable: 'true',
  });
}

/** A legend item: colour swatch, text, optional number. */
export function legendItem(color, text, value) {
  return el('li', {},
    svg('svg', { class: 'chart-swatch', viewBox: '0 0 12 12', 'aria-hidden': 'true' },
      svg('rect', { x: 0.5, y: 0.5, width: 11, height: 11, rx: 2, fill: color })),
    el('span', { text }),
    value === undefined ? null : el('span', { class: 'chart-legend-value', text: value }));
}

/**
 * The frame both bar charts draw on: an SVG with the value axis up to a round number above `peak`, and where
 * month `i` and value `v` lie (`x(i)` the middle of the month's band of width `band`, `y(v)`; `bottom` the x axis).
 */
export function barFrame(width, height, margin, count, peak, label, cls) {
  const chart = chartSvg(width, height, label, cls);
  const scale = ticks(Math.max(1, peak));
  const max = scale[scale.length - 1];
  const innerH = height - margin.top - margin.bottom;
  const band = (width - margin.left - margin.right) / Math.max(1, count);
  const x = (i) => margin.left + band * (i + 0.5);
  const y = (v) => margin.top + innerH - (v / max) * innerH;
  chart.appendChild(valueAxis(scale, y, margin.left, width - margin.right));
  return { chart, band, x, y, bottom: margin.top + innerH };
}
