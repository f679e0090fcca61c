// Progress panel: % demarcated, km per status as a bar, pillars by status, the timeline and a per-sector
// table (GET /api/progress and /api/progress/timeline). Without those endpoints the figures are computed
// from the segments on the map, and the panel says so.
import { api } from '../api.js';
import { t, fmt, percentText } from '../i18n.js';
import { el, svg, replace } from '../dom.js';
import { SEGMENT_STYLE, statusSwatch } from '../layers/segments.js';
import { PILLAR_STYLE } from '../layers/pillars.js';
import { renderTimeline } from './timeline.js';
import { renderSectorProgress } from '../charts/sector-progress.js';

const STATUSES = ['PENDING', 'SURVEYED', 'DEMARCATED', 'RATIFIED', 'DISPUTED'];
const BAR_ORDER = ['RATIFIED', 'DEMARCATED', 'SURVEYED', 'DISPUTED', 'PENDING'];

/** Progress figures computed in the browser from the segment features (fallback only). */
export function progressFromSegments(features) {
  const km = (fs) => fs.reduce((s, f) => s + (Number(f.properties.lengthM) || 0), 0) / 1000;
  const demarcated = (f) => f.properties.status === 'DEMARCATED' || f.properties.status === 'RATIFIED';
  const totalKm = km(features);
  const sectors = new Map();
  for (const f of features) {
    const p = f.properties;
    if (!sectors.has(p.sectorId)) sectors.set(p.sectorId, { id: p.sectorId, code: p.sectorCode, name: p.sectorName, fs: [] });
    sectors.get(p.sectorId).fs.push(f);
  }
  return {
    computedLocally: true,
    totalKm,
    demarcatedKm: km(features.filter(demarcated)),
    percentDemarcated: totalKm ? (100 * km(features.filter(demarcated))) / totalKm : 0,
    segments: features.length,
    byStatus: STATUSES.map((s) => {
      const fs = features.filter((f) => f.properties.status === s);
      return { status: s, km: km(fs), percent: totalKm ? (100 * km(fs)) / totalKm : 0, segments: fs.length };
    }),
    sectors: [...sectors.values()].map((sc) => ({
      id: sc.id,
      code: sc.code,
      name: sc.name,
      totalKm: km(sc.fs),
      demarcatedKm: km(sc.fs.filter(demarcated)),
      percentDemarcated: km(sc.fs) ? (100 * km(sc.fs.filter(demarcated))) / km(sc.fs) : 0,
      km: Object.fromEntries(STATUSES.map((s) => [s, km(sc.fs.filter((f) => f.properties.status === s))])),
    })),
    pillars: null,
  };
}

function stackedBar(kmByStatus, totalKm, { height = 18, labelled = false } = {}) {
  const bar = svg('svg', { class: labelled ? 'status-bar' : 'status-bar status-bar-mini', viewBox: `0 0 100 ${height}`, preserveAspectRatio: 'none', role: 'img' });
  let x = 0;
  const parts = [];
  for (const s of BAR_ORDER) {
    const km = Number(kmByStatus[s]) || 0;
    if (km <= 0 || totalKm <= 0) continue;
    const w = (100 * km) / totalKm;
    parts.push(`${t(`status.${s}`)} ${fmt(km, 1)} ${t('unit.km')}`);
    bar.appendChild(svg('rect', { x, y: 0, width: w, height, fill: SEGMENT_STYLE[s].color, class: `bar-${s}` },
      svg('title', {}, `${t(`status.${s}`)}: ${fmt(km, 1)} ${t('unit.km')} (${fmt(w, 1)} %)`)));
    x += w;
  }
  bar.setAttribute('aria-label', parts.join(', ') || t('progress.noData'));
  return bar;
}


export function createProgressPanel(container, { segments, onSector, onLoaded }) {
  async function load() {
    let progress;
    let timeline = null;
    try {
      progress = await api.progress();
    } catch (e) {
      if (!e.missing) throw e;
      progress = progressFromSegments(segments.features());
    }
    try {
      timeline = await api.timeline({ by: 'sector' });
    } catch (e) {
      timeline = { unavailable: true, error: e };
    }
    render(progress, timeline);
    onLoaded?.(progress);
    return progress;
  }

  function render(p, timeline) {
    const byStatus = Object.fromEntries((p.byStatus || []).map((b) => [b.status, b]));
    const kmByStatus = Object.fromEntries(STATUSES.map((s) => [s, byStatus[s]?.km || 0]));

    const head = el('div', { class: 'progress-head' },
      el('div', { class: 'progress-big' },
        el('span', { id: 'progress-percent', class: 'progress-percent', text: percentText(p.percentDemarcated) }),
        el('span', { class: 'progress-unit', text: '%' })),
      el('div', { class: 'progress-caption' },
        el('div', { class: 'progress-caption-main', text: t('progress.demarcated') }),
        el('div', { class: 'muted', text: t('progress.kmOfTotal', fmt(p.demarcatedKm, 1), fmt(p.totalKm, 1)) }),
        el('div', { class: 'muted', text: t('progress.segments', p.segments) })));

    const statusRows = el('ul', { class: 'status-list' },
      STATUSES.map((s) => el('li', { class: 'status-row', dataset: { status: s } },
        statusSwatch(s),
        el('span', { class: 'status-name', text: t(`status.${s}`) }),
        el('span', { class: 'num', text: `${fmt(byStatus[s]?.km || 0, 1)} ${t('unit.km')}` }),
        el('span', { class: 'num muted', text: `${fmt(byStatus[s]?.percent || 0, 1)} %` }))));

    const pillars = p.pillars
      ? el('section', { class: 'card' },
        el('h3', { text: t('progress.pillars', p.pillars.total) }),
        el('ul', { class: 'pillar-counts' },
          Object.keys(PILLAR_STYLE).map((s) => el('li', {},
            el('span', { class: `dot dot-${s}`, 'aria-hidden': 'true' }),
            el('span', { text: t(`pillarStatus.${s}`) }),
            el('span', { class: 'num', text: String(p.pillars.byStatus?.[s] ?? 0) })))))
      : null;

    const timelineCard = el('section', { class: 'card' }, el('h3', { text: t('progress.timeline') }));
    if (timeline && !timeline.unavailable) renderTimeline(timelineCard, timeline);
    else timelineCard.appendChild(el('p', { class: 'hint', text: t('timeline.unavailable') }));
    const sectorCard = timeline && !timeline.unavailable && timeline.sectors
      ? el('section', { class: 'card chart-card', id: 'sector-progress-card' }) : null;
    if (sectorCard) renderSectorProgress(sectorCard, timeline);

    const table = el('table', { class: 'sector-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col', text: t('sector.code') }),
        el('th', { scope: 'col', text: t('sector.name') }),
        el('th', { scope: 'col', class: 'num', text: t('sector.km') }),
        el('th', { scope: 'col', class: 'num', text: t('sector.percent') }))),
      el('tbody', {}, (p.sectors || []).map((sc) => el('tr', {
        class: 'sector-row',
        tabindex: 0,
        title: t('sector.zoomTo'),
        dataset: { sectorId: sc.id },
        on: {
          click: () => onSector?.(sc),
          keydown: (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onSector?.(sc);
            }
          },
        },
      },
      el('td', { class: 'code', text: sc.code }),
      el('td', {}, el('div', { text: sc.name }), stackedBar(sc.km || {}, sc.totalKm, { height: 6 })),
      el('td', { class: 'num', text: fmt(sc.totalKm, 1) }),
      el('td', { class: 'num', text: percentText(sc.percentDemarcated) })))));

    replace(container,
      el('section', { class: 'card' }, head, stackedBar(kmByStatus, p.totalKm, { labelled: true }), statusRows,
        p.computedLocally ? el('p', { class: 'hint', text: t('progress.computedLocally') }) : null),
      pillars,
      timelineCard,
      sectorCard,
      el('section', { class: 'card' }, el('h3', { text: t('progress.sectors') }), table));
  }

  return { load };
}
