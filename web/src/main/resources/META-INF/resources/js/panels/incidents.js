// Incidents panel: the shared filter (time window as two dates and a two-thumb slider, type checkboxes that
// double as the icon legend), the count of incidents in view and the hot-segments list (click to zoom).
import { t, fmt, dateText } from '../i18n.js';
import { el, replace } from '../dom.js';
import { INCIDENT_TYPES, typeIcon } from '../incident-types.js';
import { addDays } from '../filter.js';

const DAY = 86400000;
const dayIndex = (min, day) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${min}T00:00:00Z`)) / DAY);

export function createIncidentsPanel(container, { filter, onHotSegment }) {
  const f0 = filter.get();
  const span = dayIndex(f0.min, f0.max);

  // ---- time window
  const from = el('input', { type: 'date', id: 'filter-from', min: f0.min, max: f0.max, value: f0.from, required: true });
  const to = el('input', { type: 'date', id: 'filter-to', min: f0.min, max: f0.max, value: f0.to, required: true });
  const lo = el('input', { type: 'range', id: 'filter-range-from', min: 0, max: span, step: 1, value: dayIndex(f0.min, f0.from), 'aria-label': t('filter.from') });
  const hi = el('input', { type: 'range', id: 'filter-range-to', min: 0, max: span, step: 1, value: dayIndex(f0.min, f0.to), 'aria-label': t('filter.to') });
  const track = el('div', { class: 'dual-range-fill' });
  const windowText = el('div', { class: 'muted', id: 'filter-window' });

  const paintTrack = () => {
    const a = (100 * Number(lo.value)) / span;
    const b = (100 * Number(hi.value)) / span;
    track.dataset.from = String(Math.round(a));
    // the filled part between the thumbs, through the CSSOM (no style attribute in the markup)
    track.style.left = `${Math.min(a, b)}%`;
    track.style.width = `${Math.abs(b - a)}%`;
  };
  const showWindow = () => {
    const f = filter.get();
    const days = dayIndex(f.from, f.to) + 1;
    windowText.textContent = t('filter.window', dateText(f.from), dateText(f.to), days);
  };
  const fromSlider = () => {
    if (Number(lo.value) > Number(hi.value)) lo.value = hi.value;
    from.value = addDays(f0.min, Number(lo.value));
    to.value = addDays(f0.min, Number(hi.value));
    paintTrack();
    filter.set({ from: from.value, to: to.value });
    showWindow();
  };
  const fromDates = () => {
    if (!from.value || !to.value) return;
    filter.set({ from: from.value, to: to.value });
    const f = filter.get();
    from.value = f.from;
    to.value = f.to;
    lo.value = dayIndex(f0.min, f.from);
    hi.value = dayIndex(f0.min, f.to);
    paintTrack();
    showWindow();
  };
  lo.addEventListener('input', fromSlider);
  hi.addEventListener('input', () => {
    if (Number(hi.value) < Number(lo.value)) hi.value = lo.value;
    fromSlider();
  });
  from.addEventListener('change', fromDates);
  to.addEventListener('change', fromDates);
  const preset = (months) => el('button', {
    type: 'button', class: 'chip', text: months ? t('filter.lastMonths', months) : t('filter.all'),
    on: {
      click: () => {
        const d = new Date(Date.parse(`${f0.max}T00:00:00Z`));
        d.setUTCMonth(d.getUTCMonth() - (months || 1000));
        from.value = months ? addDays(d.toISOString().slice(0, 10), 1) : f0.min;
        to.value = f0.max;
        fromDates();
      },
    },
  });

  // ---- types
  const boxes = INCIDENT_TYPES.map((ty) => el('input', { type: 'checkbox', value: ty.code, checked: f0.types.has(ty.code), dataset: { type: ty.code } }));
  const changeTypes = () => filter.set({ types: boxes.filter((b) => b.checked).map((b) => b.value) });
  boxes.forEach((b) => b.addEventListener('change', changeTypes));
  const setAll = (on) => {
    boxes.forEach((b) => {
      b.checked = on;
    });
    changeTypes();
  };

  const total = el('div', { class: 'incident-total', id: 'incident-total', 'aria-live': 'polite' }, t('common.loading'));
  const hotBox = el('div', { id: 'hot-segments' }, el('div', { class: 'loading', text: t('common.loading') }));

  replace(container,
    el('section', { class: 'card filter-card' },
      el('h3', { text: t('filter.title') }),
      el('div', { class: 'date-pair' },
        el('label', { for: 'filter-from', text: t('filter.from') }), from,
        el('label', { for: 'filter-to', text: t('filter.to') }), to),
      el('div', { class: 'dual-range' }, el('div', { class: 'dual-range-track' }, track), lo, hi),
      el('div', { class: 'dual-range-scale muted' }, el('span', { text: dateText(f0.min) }), el('span', { text: dateText(f0.max) })),
      windowText,
      el('div', { class: 'chips' }, preset(3), preset(12), preset(0)),
      el('div', { class: 'types-head' },
        el('h3', { text: t('filter.types') }),
        el('span', { class: 'link-row' },
          el('button', { type: 'button', class: 'link', text: t('filter.allTypes'), on: { click: () => setAll(true) } }),
          el('button', { type: 'button', class: 'link', text: t('filter.noTypes'), on: { click: () => setAll(false) } }))),
      el('div', { class: 'type-checks' }, INCIDENT_TYPES.map((ty, i) => el('label', { class: 'type-check' },
        boxes[i], typeIcon(ty.code, 16), el('span', { text: t(`incidentType.${ty.code}`) })))),
      el('div', { class: 'muted filter-note', text: t('filter.drivesAll') }),
      total),
    el('div', { id: 'incident-charts' }),
    el('section', { class: 'card' },
      el('h3', { text: t('hot.title') }),
      hotBox),
    el('div', { id: 'incident-actions' }));
  paintTrack();
  showWindow();

  function showTotal(state) {
    if (state.mode === 'off') {
      total.textContent = t('incidents.layerOff');
      total.className = 'incident-total muted';
      return;
    }
    if (state.mode === 'error') {
      total.textContent = state.error;
      total.className = 'incident-total error';
      return;
    }
    total.className = 'incident-total';
    const text = state.mode === 'points' && state.total > state.shown
      ? t('incidents.truncated', fmt(state.shown, 0), fmt(state.total, 0))
      : t(state.mode === 'points' ? 'incidents.inViewPoints' : 'incidents.inView', fmt(state.total, 0));
    replace(total, el('strong', { text: fmt(state.total, 0), dataset: { total: state.total } }), el('span', { text: ` ${text}` }));
  }

  function showHot(fc, error) {
    if (error) {
      replace(hotBox, el('p', { class: 'form-message error', text: error.detail || error.message }));
      return;
    }
    if (!fc || fc.features.length === 0) {
      replace(hotBox, el('p', { class: 'hint', text: t('hot.none') }));
      return;
    }
    replace(hotBox,
      el('p', { class: 'muted', text: t('hot.explain', fc.window?.maxDistanceKm ?? 10) }),
      el('table', { class: 'sector-table hot-table' },
        el('thead', {}, el('tr', {},
          el('th', { text: '#' }), el('th', { text: t('hot.segment') }),
          el('th', { class: 'num', text: t('hot.count') }), el('th', { class: 'num', text: t('hot.rateShort') }),
          el('th', { class: 'num', text: t('hot.change') }))),
        el('tbody', {}, fc.features.map((f) => {
          const p = f.properties;
          const up = p.change > 0;
          const row = el('tr', { class: 'sector-row hot-row', tabindex: 0, dataset: { code: p.code }, title: t('hot.zoomTo') },
            el('td', { text: String(p.rank) }),
            el('td', {}, el('div', { class: 'code', text: p.code }), el('div', { class: 'muted', text: p.sectorName })),
            el('td', { class: 'num', text: fmt(p.count, 0) }),
            el('td', { class: 'num', text: fmt(p.ratePerKmMonth, 1) }),
            el('td', { class: `num ${up ? 'trend-up' : 'trend-down'}`, text: p.changePct === null || p.changePct === undefined ? '–' : `${up ? '▲' : '▼'} ${fmt(Math.abs(p.changePct), 0)} %` }));
          const go = () => onHotSegment?.(f);
          row.addEventListener('click', go);
          row.addEventListener('keydown', (e) => {
            if (e.key === 'Enter') go();
          });
          return row;
        }))),
      el('p', { class: 'muted', text: t('hot.unit') }));
  }

  return { showTotal, showHot, actions: container.querySelector('#incident-actions'), charts: container.querySelector('#incident-charts') };
}
