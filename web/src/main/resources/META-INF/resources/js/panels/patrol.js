// Patrol planning (PLANNER, PATROL): base, profile, mode (point to point, loop through stops, automatic over
// the hot cells of the filter's window, several teams), budget, joint; POST /api/routes; the route(s) and
// numbered stops on the map with distance and ETA; totals, skipped cells, GPX download, saving the plan
// (PLANNER), the saved plans (mark done) and the coverage layer (hot cells no plan covered).
import { api } from '../api.js';
import { t, fmt, dateText, numberValue, parseNumber, NUMBER_INPUT } from '../i18n.js';
import { el, replace, toast } from '../dom.js';
import { teamColour, durationText } from '../layers/patrol-route.js';
import { clearErrors, markErrors } from './incident-report.js';
import { isJointBody } from '../organisations.js';

const MODES = ['point-to-point', 'loop', 'auto', 'teams'];

export function createPatrolPanel(container, { map, roles, filter, mapClick, bases, routeLayer, coverage }) {
  let picks = { start: null, end: null, stops: [] };
  let lastBody = null;
  let lastRoute = null;

  const base = el('select', { name: 'baseId' });
  const profile = el('select', { name: 'profile' }, ['foot', 'vehicle'].map((p) => el('option', { value: p, text: t(`profile.${p}`) })));
  const mode = el('select', { name: 'mode' }, MODES.map((m) => el('option', { value: m, text: t(`mode.${m}`), selected: m === 'auto' })));
  const budget = el('input', { ...NUMBER_INPUT, inputmode: 'numeric', name: 'budgetKm', value: 30 });
  const teams = el('input', { ...NUMBER_INPUT, inputmode: 'numeric', name: 'teams', value: 2 });
  const joint = el('input', { type: 'checkbox', name: 'joint' });
  const pickButton = el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'patrol-pick' });
  const clearButton = el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('patrol.clearPicks') });
  const pickText = el('div', { class: 'muted', id: 'patrol-picks' });
  const windowText = el('div', { class: 'muted', id: 'patrol-window' });
  const message = el('div', { class: 'form-message', role: 'alert' });
  const submit = el('button', { type: 'submit', class: 'btn', id: 'patrol-submit', text: t('patrol.plan') });
  const result = el('div', { id: 'patrol-result' });
  const plansBox = el('div', { id: 'patrol-plans' });

  const field = (id, label, control, name, extraClass = '') => {
    control.id = id;
    return el('div', { class: `field ${extraClass}`.trim(), dataset: { field: name } },
      el('label', { for: id, text: label }), control, el('div', { class: 'field-error', 'aria-live': 'polite' }));
  };
  const budgetField = field('patrol-budget', t('patrol.budget'), budget, 'budgetKm');
  const teamsField = field('patrol-teams', t('patrol.teams'), teams, 'teams');
  const picksField = el('div', { class: 'field', dataset: { field: 'stops' } },
    el('label', { text: t('patrol.picks') }), el('div', { class: 'button-row tight' }, pickButton, clearButton), pickText,
    el('div', { class: 'field-error', 'aria-live': 'polite' }));

  function describePicks() {
    const m = mode.value;
    if (m === 'point-to-point') {
      pickText.textContent = t('patrol.p2pPicks', picks.start ? t('patrol.picked') : t('patrol.fromBase'), picks.end ? t('patrol.picked') : '–');
    } else if (m === 'loop') {
      pickText.textContent = t('patrol.loopPicks', picks.stops.length);
    }
    const marks = [];
    if (picks.start) marks.push({ latlng: picks.start, label: 'A', kind: 'start' });
    if (picks.end) marks.push({ latlng: picks.end, label: 'B', kind: 'end' });
    picks.stops.forEach((s, i) => marks.push({ latlng: s, label: String(i + 1), kind: 'stop' }));
    routeLayer.showPicks(marks);
  }

  function armPicking() {
    const m = mode.value;
    pickButton.textContent = t('patrol.picking');
    mapClick.take('patrol', (latlng) => {
      if (m === 'point-to-point') {
        if (!picks.end && (picks.start || base.value)) picks.end = latlng;
        else if (!picks.start) picks.start = latlng;
        else picks.end = latlng;
        if (picks.end) mapClick.release('patrol');
      } else {
        picks.stops.push(latlng);
      }
      describePicks();
    }, () => {
      pickButton.textContent = m === 'point-to-point' ? t('patrol.pickEnd') : t('patrol.pickStops');
    });
  }

  function modeChanged() {
    const m = mode.value;
    mapClick.release('patrol');
    budgetField.hidden = !(m === 'auto' || m === 'teams');
    teamsField.hidden = m !== 'teams';
    picksField.hidden = !(m === 'point-to-point' || m === 'loop');
    pickButton.textContent = m === 'point-to-point' ? t('patrol.pickEnd') : t('patrol.pickStops');
    windowText.hidden = !(m === 'auto' || m === 'teams');
    describePicks();
  }
  const showWindow = () => {
    const f = filter.get();
    windowText.textContent = t('patrol.window', dateText(f.from), dateText(f.to));
  };

  const pos = (ll) => [Number(ll.lng.toFixed(6)), Number(ll.lat.toFixed(6))];
  function body() {
    const m = mode.value;
    const b = { mode: m, profile: profile.value, joint: joint.checked };
    if (base.value) b.baseId = Number(base.value);
    if (m === 'point-to-point') {
      if (picks.start) {
        b.start = pos(picks.start);
        delete b.baseId;
      }
      if (picks.end) b.end = pos(picks.end);
    }
    if (m === 'loop') b.stops = picks.stops.map(pos);
    if (m === 'auto' || m === 'teams') {
      b.budgetKm = numberValue(budget);
      b.window = filter.routeWindow();
    }
    if (m === 'teams') b.teams = numberValue(teams);
    return b;
  }

  function showResult(fc) {
    const routes = fc.features.filter((f) => f.properties.kind === 'route');
    const stops = fc.features.filter((f) => f.properties.kind === 'stop');
    const cells = stops.filter((f) => f.properties.role === 'cell').length;
    const skipped = fc.skippedCells || [];
    const byReason = {};
    skipped.forEach((s) => {
      byReason[s.reason] = (byReason[s.reason] || 0) + 1;
    });
    const gpx = el('button', { type: 'button', class: 'btn btn-secondary', id: 'patrol-gpx', text: t('patrol.gpx'), on: { click: downloadGpx } });
    const nameInput = el('input', { type: 'text', id: 'plan-name', maxlength: 200, value: t('patrol.defaultName', t(`mode.${fc.mode}`), new Date().toISOString().slice(0, 10)), 'aria-label': t('patrol.planName') });
    const save = el('button', { type: 'button', class: 'btn', id: 'plan-save', text: t('patrol.save') });
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        await api.savePlan(nameInput.value.trim(), lastRoute);
        toast(t('patrol.saved', nameInput.value.trim()), 'ok');
        loadPlans();
      } catch (err) {
        toast(err.detail || err.message, 'error');
      } finally {
        save.disabled = false;
      }
    });
    replace(result, el('section', { class: 'card', id: 'route-result', dataset: { request: JSON.stringify(lastBody) } },
      el('h3', { text: t('patrol.result') }),
      el('div', { class: 'route-totals' },
        el('div', {}, el('span', { class: 'big-figure', id: 'route-length', dataset: { lengthM: fc.lengthM }, text: fmt(fc.lengthM / 1000, 1) }), el('span', { text: ` ${t('unit.km')}` })),
        el('div', {}, el('span', { class: 'big-figure', text: durationText(fc.durationS) })),
        el('div', {}, el('span', { class: 'big-figure', text: String(cells) }), el('span', { text: ` ${t('patrol.cells')}` }))),
      el('div', { class: 'muted', text: t('patrol.meta', t(`profile.${fc.profile}`), fc.joint ? t('patrol.joint') : t('patrol.national', fc.side || ''), fmt(fc.planningMs, 0)) }),
      routes.length > 1 ? el('ul', { class: 'legend-list team-list' }, routes.map((r) => el('li', {},
        el('span', { class: `team-swatch team-${(r.properties.team - 1) % 10 + 1}`, 'aria-hidden': 'true' }),
        el('span', { text: t('patrol.team', r.properties.team) }),
        el('span', { class: 'legend-count', text: `${fmt(r.properties.lengthM / 1000, 1)} ${t('unit.km')} · ${durationText(r.properties.durationS)}` })))) : null,
      el('table', { class: 'sector-table stops-table' },
        el('thead', {}, el('tr', {}, el('th', { text: '#' }), el('th', { text: t('patrol.stop') }),
          el('th', { class: 'num', text: t('unit.km') }), el('th', { class: 'num', text: t('patrol.eta') }))),
        el('tbody', {}, stops.map((s) => {
          const p = s.properties;
          return el('tr', { class: 'stop-row', tabindex: 0, on: { click: () => map.setView([s.geometry.coordinates[1], s.geometry.coordinates[0]], Math.max(map.getZoom(), 13)) } },
            el('td', {}, routes.length > 1 ? el('span', { class: `team-dot team-${(p.team - 1) % 10 + 1}`, 'aria-hidden': 'true' }) : null, String(p.order)),
            el('td', { text: p.role === 'cell' ? t('patrol.cellStop', p.ref, fmt(p.score, 1)) : t(`patrol.role.${p.role}`, p.ref) }),
            el('td', { class: 'num', text: fmt(p.distanceM / 1000, 1) }),
            el('td', { class: 'num', text: durationText(p.etaS) }));
        }))),
      skipped.length ? el('details', { class: 'card-details skipped' },
        el('summary', { text: t('patrol.skipped', skipped.length) }),
        el('ul', { class: 'plain-list' }, Object.entries(byReason).map(([r, n]) => el('li', { text: `${t(`patrol.skip.${r}`)}: ${n}` }))),
        el('p', { class: 'muted', text: t('patrol.skippedHint') })) : null,
      el('div', { class: 'button-row' }, gpx),
      roles.can('savePlans') ? el('div', { class: 'save-row' }, nameInput, save) : null));
  }

  async function downloadGpx() {
    try {
      const blob = await api.routeGpx(lastBody);
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: `borderzone-${lastBody.mode}-patrol.gpx`, class: 'hidden-link' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 5000);
    } catch (err) {
      toast(err.detail || err.message, 'error');
    }
  }

  const form = el('form', { class: 'form', id: 'patrol-form', novalidate: true },
    field('patrol-base', t('patrol.base'), base, 'baseId'),
    el('div', { class: 'two-cols' },
      field('patrol-mode', t('patrol.mode'), mode, 'mode'),
      field('patrol-profile', t('patrol.profile'), profile, 'profile')),
    el('div', { class: 'two-cols' }, budgetField, teamsField),
    windowText,
    picksField,
    el('div', { class: 'field', dataset: { field: 'joint' } },
      el('label', { class: 'check' }, joint, el('span', { text: t('patrol.jointLabel') })),
      el('div', { class: 'field-error' })),
    el('div', { class: 'form-actions' }, submit),
    message);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    message.textContent = '';
    message.className = 'form-message';
    mapClick.release('patrol');
    const b = body();
    submit.disabled = true;
    submit.textContent = t('patrol.planning');
    try {
      const fc = await api.route(b);
      lastBody = b;
      lastRoute = fc;
      routeLayer.show(fc);
      showResult(fc);
    } catch (err) {
      message.textContent = err.detail || err.message;
      message.className = 'form-message error';
      markErrors(form, (err.errors || []).map((x) => ({ ...x, field: x.field === 'start' || x.field === 'end' ? 'stops' : x.field })));
    } finally {
      submit.disabled = false;
      submit.textContent = t('patrol.plan');
    }
  });
  mode.addEventListener('change', modeChanged);
  pickButton.addEventListener('click', armPicking);
  clearButton.addEventListener('click', () => {
    picks = { start: null, end: null, stops: [] };
    describePicks();
  });
  filter.onChange(showWindow);

  // ---- saved plans and coverage
  async function loadPlans() {
    try {
      const fc = await api.plans();
      if (fc.features.length === 0) {
        replace(plansBox, el('p', { class: 'hint', text: t('plans.none') }));
        return;
      }
      replace(plansBox, el('ul', { class: 'plan-list' }, fc.features.slice(0, 30).map((f) => {
        const p = f.properties;
        const show = () => {
          const lines = f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [f.geometry.coordinates];
          routeLayer.show({
            features: lines.map((c, i) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: c }, properties: { kind: 'route', team: i + 1, lengthM: p.lengthM / lines.length, durationS: p.durationS } })),
          });
        };
        const done = p.status === 'PLANNED' ? el('button', {
          type: 'button', class: 'btn btn-secondary btn-small', text: t('plans.markDone'),
          on: {
            click: async (e) => {
              e.stopPropagation();
              try {
                await api.changePlanStatus(p.id, 'DONE');
                loadPlans();
                if (map.hasLayer(coverage.layer)) coverage.refresh();
              } catch (err) {
                toast(err.detail || err.message, 'error');
              }
            },
          },
        }) : null;
        return el('li', { class: 'plan-item', dataset: { id: p.id } },
          el('button', { type: 'button', class: 'link plan-name', text: p.name, on: { click: show } }),
          el('span', { class: `plan-status plan-${p.status}`, text: t(`planStatus.${p.status}`) }),
          el('div', { class: 'muted', text: `${dateText(p.createdAt)} · ${t(`mode.${p.mode}`)} · ${fmt(p.lengthM / 1000, 1)} ${t('unit.km')} · ${p.createdBy}` }),
          done);
      })));
    } catch (err) {
      replace(plansBox, el('p', { class: 'form-message error', text: err.detail || err.message }));
    }
  }

  const days = el('input', { ...NUMBER_INPUT, inputmode: 'numeric', id: 'coverage-days', value: coverage.days() });
  const coverageToggle = el('input', { type: 'checkbox', id: 'coverage-toggle' });
  const coverageText = el('div', { class: 'muted', id: 'coverage-text' });
  coverageToggle.addEventListener('change', () => {
    if (coverageToggle.checked) coverage.layer.addTo(map);
    else coverage.layer.remove();
  });
  days.addEventListener('change', () => {
    const n = Math.max(1, Math.min(3650, Math.round(parseNumber(days.value)) || 30));
    if (map.hasLayer(coverage.layer)) coverage.setDays(n);
    else coverage.setDays(n).then(() => coverageToggle.click());
  });
  map.on('overlayadd overlayremove', (e) => {
    if (e.layer === coverage.layer) coverageToggle.checked = e.type === 'overlayadd';
  });

  replace(container,
    el('section', { class: 'card' }, el('h3', { text: t('patrol.title') }), form),
    result,
    el('section', { class: 'card' },
      el('h3', { text: t('plans.title') }), plansBox),
    el('section', { class: 'card' },
      el('h3', { text: t('coverage.title') }),
      el('label', { class: 'check coverage-row' }, coverageToggle, el('span', { text: t('coverage.show') }), days, el('span', { text: t('coverage.days') })),
      coverageText));

  async function init() {
    const fs = bases.features();
    const own = fs.filter((f) => !roles.org || f.properties.orgCode === roles.org || isJointBody(roles.org));
    const list = own.length ? own : fs;
    replace(base, el('option', { value: '', text: t('patrol.noBase') }), list.map((f) => el('option', { value: f.properties.id, text: `${f.properties.name} (${f.properties.orgCode})` })));
    if (list.length) base.value = String(list[0].properties.id);
    modeChanged();
    showWindow();
    loadPlans();
  }

  return {
    init,
    /** A click on a base marker selects it. */
    pickBase(f) {
      if ([...base.options].some((o) => o.value === String(f.properties.id))) base.value = String(f.properties.id);
    },
    coverageChanged(fc, error) {
      coverageText.textContent = error || (fc ? t('coverage.summary', fc.features.length, fc.hotCells, fc.days) : '');
    },
    colour: teamColour,
  };
}
