// Exchange section "figures" (issue 12 item 6; see panel.js for ctx): the exchange figures of the annual report
// (GET /api/exchange/figures, docs/EXCHANGE.md "Exchange figures") for the reader's organisation: a window
// selector (the last 12 months, a calendar year, or months from–to), KPI tiles (messages, time to acknowledge and
// to answer per side against the deadlines, releases, joint cases, overdue action items), a stacked monthly bar
// chart of the messages by precedence (chart-kit barFrame, role=img with a spoken summary and a table toggle), and
// the same figures as CSV. Refreshes when a message, release, case or action item changes (live events).
// Stable hooks for tests: data-figure="ack-median-<ORG>" (and ack-p90-, answer-median-, answer-p90-) carry the
// value in seconds as data-seconds; the tile text is the human-readable duration.
import { request } from '../api.js';
import { el, svg, replace } from '../dom.js';
import { barFrame, chartFigure, dataTable, legendItem, monthAxis, monthText } from '../charts/chart-kit.js';

export const PRECEDENCES = ['FLASH', 'IMMEDIATE', 'PRIORITY', 'ROUTINE'];
const COLORS = { FLASH: '#b3261e', IMMEDIATE: '#e8710a', PRIORITY: '#1f5f99', ROUTINE: '#8a949c' };
const PRECEDENCE_KEY = {
  FLASH: 'exchange.figures.precedence.FLASH',
  IMMEDIATE: 'exchange.figures.precedence.IMMEDIATE',
  PRIORITY: 'exchange.figures.precedence.PRIORITY',
  ROUTINE: 'exchange.figures.precedence.ROUTINE',
};
const KPI_KEY = { ack: 'exchange.figures.kpi.ack', answer: 'exchange.figures.kpi.answer' };
const TITLE_KEY = { ack: 'exchange.figures.ackTitle', answer: 'exchange.figures.answerTitle' };
const W = 360;
const H = 200;
const M = { top: 8, right: 6, bottom: 30, left: 34 };

/**
 * A duration in seconds for people, through the bundle's units: "45 s", "12 min", "1 h 05 min", "2 d 03 h".
 * Under an hour minutes are rounded; from an hour on, minutes (or hours from a day on) are padded to two digits.
 */
export function durationText(t, seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) return '–';
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) return t('exchange.figures.duration.s', s);
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t('exchange.figures.duration.min', minutes);
  if (minutes < 24 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? t('exchange.figures.duration.h', h) : t('exchange.figures.duration.hmin', h, String(m).padStart(2, '0'));
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? t('exchange.figures.duration.d', d) : t('exchange.figures.duration.dh', d, String(h).padStart(2, '0'));
}

/** The query of a window choice: { year } or { from, to } (months), or {} for the default (last 12 months). */
export function windowQuery(choice, from, to) {
  if (choice === 'range') return from && to ? { from, to } : {};
  if (/^\d{4}$/.test(choice || '')) return { year: choice };
  return {};
}

function queryString(q) {
  const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Per month, the messages of each precedence (sent + received). */
function perPrecedence(a) {
  const m = a.messages || {};
  const n = (a.months || []).length;
  const out = {};
  for (const p of PRECEDENCES) {
    out[p] = Array.from({ length: n }, (_, i) => ((m.sent?.[p]?.[i]) || 0) + ((m.received?.[p]?.[i]) || 0));
  }
  return out;
}

/** The stacked-bar SVG: g.chart-month (data-month, data-total) > rect.chart-bar (data-precedence, data-count). */
export function messageBars(a, t, fmt) {
  const months = a.months || [];
  const series = perPrecedence(a);
  const totals = months.map((_, i) => PRECEDENCES.reduce((s, p) => s + series[p][i], 0));
  const total = totals.reduce((s, v) => s + v, 0);
  const peak = totals.reduce((best, v, i) => (v > totals[best] ? i : best), 0);
  const label = total > 0 && months.length
    ? t('exchange.figures.chart.aria', monthText(months[0]), monthText(months[months.length - 1]), fmt(total, 0),
      monthText(months[peak]), fmt(totals[peak], 0))
    : t('exchange.figures.chart.none');
  const { chart, band, x, y, bottom } = barFrame(W, H, M, months.length, Math.max(0, ...totals, 0), label, 'chart-monthly xc-fig-chart');
  const bars = svg('g', { class: 'chart-bars' });
  months.forEach((m, i) => {
    const g = svg('g', { class: 'chart-month', dataset: { month: m, total: totals[i] } });
    let base = 0;
    for (const p of PRECEDENCES) {
      const n = series[p][i];
      if (n <= 0) continue;
      g.appendChild(svg('rect', {
        x: x(i) - band * 0.4, width: band * 0.8, y: y(base + n), height: Math.max(0.5, y(base) - y(base + n)),
        fill: COLORS[p], class: 'chart-bar', dataset: { precedence: p, count: n },
      }, svg('title', {}, `${monthText(m)} · ${t(PRECEDENCE_KEY[p])}: ${fmt(n, 0)}`)));
      base += n;
    }
    bars.appendChild(g);
  });
  chart.appendChild(bars);
  if (months.length) chart.appendChild(monthAxis(months, x, bottom));
  return { chart, total };
}

function chartTable(a, t) {
  const series = perPrecedence(a);
  const m = a.messages || {};
  return dataTable(t('exchange.figures.chart.title'),
    [t('chart.month'), ...PRECEDENCES.map((p) => t(PRECEDENCE_KEY[p])), t('exchange.figures.sent'),
      t('exchange.figures.received'), t('chart.total')],
    (a.months || []).map((mo, i) => [monthText(mo), ...PRECEDENCES.map((p) => series[p][i]),
      m.sentPerMonth?.[i] || 0, m.receivedPerMonth?.[i] || 0, (m.sentPerMonth?.[i] || 0) + (m.receivedPerMonth?.[i] || 0)]));
}

function legend(a, t, fmt) {
  const series = perPrecedence(a);
  return el('ul', { class: 'chart-legend' }, PRECEDENCES.map((p) => legendItem(COLORS[p],
    t(PRECEDENCE_KEY[p]), fmt(series[p].reduce((s, v) => s + v, 0), 0))));
}

function tile(label, value, sub, attrs = {}) {
  return el('li', { class: 'xc-fig-tile', ...attrs },
    el('span', { class: 'xc-fig-label', text: label }),
    value,
    sub ? el('span', { class: 'xc-fig-sub muted', text: sub }) : null);
}

function percent(fmt, share) {
  return share === null || share === undefined ? '–' : `${fmt(share * 100, 0)}%`;
}

/** The tiles of the time to acknowledge (or answer) of each side: the all-precedence rows. */
function timingTiles(rows, which, t, fmt) {
  return (rows || []).filter((r) => !r.precedence).map((r) => {
    const value = el('span', { class: 'xc-fig-value' },
      el('span', {
        dataset: { figure: `${which}-median-${r.org}`, seconds: r.medianSeconds ?? '' },
        text: durationText(t, r.medianSeconds),
      }));
    const sub = [
      t('exchange.figures.p90', durationText(t, r.p90Seconds)),
      t('exchange.figures.onTime', percent(fmt, r.onTimeShare)),
      t('exchange.figures.pending', fmt(r.pending || 0, 0), fmt(r.overdue || 0, 0)),
    ].join(' · ');
    const li = tile(t(KPI_KEY[which], r.org), value, sub, { dataset: { side: r.org, kind: which } });
    li.appendChild(el('span', {
      class: 'xc-fig-hidden', dataset: { figure: `${which}-p90-${r.org}`, seconds: r.p90Seconds ?? '' },
      text: durationText(t, r.p90Seconds),
    }));
    return li;
  });
}

/** The per-precedence table of one timing (acknowledge or answer), with the deadlines. */
function timingTable(rows, which, t, fmt) {
  const body = (rows || []).map((r) => [
    r.org,
    r.precedence ? t(PRECEDENCE_KEY[r.precedence]) : t('exchange.figures.all'),
    fmt(r.n || 0, 0),
    durationText(t, r.medianSeconds),
    durationText(t, r.p90Seconds),
    r.deadlineSeconds ? durationText(t, r.deadlineSeconds) : '–',
    percent(fmt, r.onTimeShare),
    fmt(r.overdue || 0, 0),
  ]);
  return el('div', { class: 'chart-table-wrap' },
    el('table', { class: 'chart-table', dataset: { figure: `${which}-table` } },
      el('caption', { text: t(TITLE_KEY[which]) }),
      el('thead', {}, el('tr', {}, [t('exchange.figures.side'), t('exchange.figures.precedence'), t('exchange.figures.n'),
        t('exchange.figures.median'), t('exchange.figures.p90.short'), t('exchange.figures.deadline'),
        t('exchange.figures.onTime.short'), t('exchange.figures.overdue')]
        .map((c, i) => el('th', { scope: 'col', class: i > 1 ? 'num' : null, text: c })))),
      el('tbody', {}, body.map((r) => el('tr', {}, r.map((c, i) => (i === 0
        ? el('th', { scope: 'row', text: c }) : el('td', { class: i > 1 ? 'num' : null, text: c }))))))));
}

/** Builds the section into container. */
export function createFigures(container, ctx) {
  const { t, fmt } = ctx;
  const thisYear = new Date().getUTCFullYear();
  const choice = el('select', { id: 'xc-fig-window', class: 'xc-fig-select' },
    el('option', { value: 'last12', text: t('exchange.figures.window.last12') }),
    [0, 1, 2, 3, 4].map((k) => el('option', { value: String(thisYear - k), text: t('exchange.figures.window.year', thisYear - k) })),
    el('option', { value: 'range', text: t('exchange.figures.window.range') }));
  const from = el('input', { type: 'month', id: 'xc-fig-from', class: 'xc-fig-month' });
  const to = el('input', { type: 'month', id: 'xc-fig-to', class: 'xc-fig-month' });
  const range = el('span', { class: 'xc-fig-range', hidden: true },
    el('label', { for: 'xc-fig-from', text: t('exchange.figures.from') }), from,
    el('label', { for: 'xc-fig-to', text: t('exchange.figures.to') }), to);
  const download = el('a', { class: 'xc-fig-download', id: 'xc-fig-csv', href: '/api/exchange/figures.csv', download: '',
    text: t('exchange.figures.download') });
  const form = el('form', { class: 'xc-fig-form' },
    el('label', { for: 'xc-fig-window', text: t('exchange.figures.window') }), choice, range,
    el('button', { type: 'submit', class: 'xc-fig-show', text: t('exchange.figures.show') }), download);
  const body = el('div', { class: 'xc-fig-body' }, el('p', { class: 'hint', text: t('common.loading') }));
  const root = el('div', { class: 'xc-figures' }, form, body);
  container.replaceChildren(root);
  let controller = null;

  const query = () => windowQuery(choice.value, from.value, to.value);

  async function load() {
    controller?.abort();
    controller = new AbortController();
    const q = query();
    download.href = `/api/exchange/figures.csv${queryString(q)}`;
    container.dataset.state = 'loading';
    try {
      const a = await request(`/api/exchange/figures${queryString(q)}`, { signal: controller.signal });
      render(a);
      container.dataset.state = 'ready';
    } catch (e) {
      if (e.name === 'AbortError') return;
      replace(body, el('p', { class: 'form-message error', text: t('exchange.figures.error', e.detail || e.message) }));
      container.dataset.state = 'error';
    }
  }

  function render(a) {
    const m = a.messages || {};
    const releases = a.releases || {};
    const cases = a.cases || {};
    const actions = a.actions?.all || {};
    const org = a.org || '–';
    const months = a.months || [];
    const tiles = el('ul', { class: 'xc-fig-tiles' },
      tile(t('exchange.figures.kpi.messages'),
        el('span', { class: 'xc-fig-value', dataset: { figure: 'messages-total' }, text: fmt((m.sentTotal || 0) + (m.receivedTotal || 0), 0) }),
        t('exchange.figures.kpi.messagesValue', fmt(m.sentTotal || 0, 0), fmt(m.receivedTotal || 0, 0))),
      timingTiles(a.acknowledge, 'ack', t, fmt),
      timingTiles(a.answer, 'answer', t, fmt),
      tile(t('exchange.figures.kpi.releases'),
        el('span', { class: 'xc-fig-value', dataset: { figure: 'releases-made' }, text: fmt(releases.madeTotal || 0, 0) }),
        t('exchange.figures.kpi.releasesValue', fmt(releases.withdrawnTotal || 0, 0))),
      tile(t('exchange.figures.kpi.cases'),
        el('span', { class: 'xc-fig-value', dataset: { figure: 'cases-opened' }, text: fmt(cases.openedTotal || 0, 0) }),
        t('exchange.figures.kpi.casesValue', fmt(cases.closedTotal || 0, 0), fmt(cases.openNow || 0, 0))),
      tile(t('exchange.figures.kpi.actions'),
        el('span', { class: 'xc-fig-value', dataset: { figure: 'actions-overdue' }, text: fmt(actions.overdue || 0, 0) }),
        t('exchange.figures.kpi.actionsValue', fmt(actions.open || 0, 0), fmt(actions.total || 0, 0))));
    const bars = messageBars(a, t, fmt);
    const figure = chartFigure({
      id: 'xc-fig-messages', title: t('exchange.figures.chart.title'), chart: bars.chart, legend: legend(a, t, fmt),
      table: chartTable(a, t), note: t('exchange.figures.chart.note'),
    });
    const details = el('details', { class: 'xc-fig-details' },
      el('summary', { text: t('exchange.figures.perPrecedence') }),
      timingTable(a.acknowledge, 'ack', t, fmt), timingTable(a.answer, 'answer', t, fmt));
    replace(body,
      el('p', { class: 'xc-fig-scope muted', text: t('exchange.figures.scope', org, monthText(months[0] || a.from), monthText(months[months.length - 1] || a.to)) }),
      tiles, el('section', { class: 'card chart-card' }, figure), details);
  }

  choice.addEventListener('change', () => {
    range.hidden = choice.value !== 'range';
    if (choice.value !== 'range') load();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  let timer = null;
  ctx.onLive?.(['message', 'release', 'case', 'action'], () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!container.hidden) load();
      else container.dataset.stale = 'true';
    }, 400);
  });
  // a section hidden behind another sub-tab catches up when it is shown again
  new MutationObserver(() => {
    if (!container.hidden && container.dataset.stale === 'true') {
      delete container.dataset.stale;
      load();
    }
  }).observe(container, { attributes: true, attributeFilter: ['hidden'] });
  load();
  return { load };
}
