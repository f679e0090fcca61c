// Exchange section "Joint cases" (issue 12, item 3; docs/EXCHANGE.md "Joint cases"; see panel.js for ctx).
// The caller's organisation's cases with state chips; "Find candidates": pairs of an own incident and another
// party's, near in space and time (GET /api/cases/candidates), each with "Propose as a case"; a case view with
// confirm / reject / close for those who may, the timeline, and the case on the map (its incidents and the line
// through them in time order, fitted; removed when the view closes); the case figures. The server decides
// everything (who sees which case, who may decide); this only hides the buttons a caller cannot use.
import { request } from '../api.js';
import { el, replace, toast } from '../dom.js';
import { NUMBER_INPUT, parseNumber, dateText, dateTimeText, has } from '../i18n.js';

const STATES = ['PROPOSED', 'OPEN', 'CLOSED', 'REJECTED'];
const KINDS = ['CROSS_BORDER_PURSUIT', 'TRAFFICKING_ROUTE', 'SAME_EVENT', 'OTHER'];
const WRITERS = ['PLANNER', 'COMMISSION', 'ADMIN'];

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

const casesApi = {
  list: (params) => request(`/api/cases${query(params)}`),
  one: (id) => request(`/api/cases/${encodeURIComponent(id)}`),
  geojson: (id) => request(`/api/cases/${encodeURIComponent(id)}?f=geojson`),
  candidates: (params) => request(`/api/cases/candidates${query(params)}`),
  stats: (params) => request(`/api/cases/stats${query(params)}`),
  propose: (body) => request('/api/cases', { method: 'POST', body }),
  move: (id, move, body) => request(`/api/cases/${encodeURIComponent(id)}/${move}`, { method: 'POST', body }),
};

/** Builds the section into container. */
export function createCases(container, ctx) {
  const { t, fmt, roles, map, onLive } = ctx;
  const myOrg = roles.org;
  const canWrite = !roles.me || WRITERS.includes(roles.role);
  const orgText = (code) => (has(`org.${code}`) ? t(`org.${code}`) : code);
  const typeText = (type) => (has(`incidentType.${type}`) ? t(`incidentType.${type}`) : type);
  const errorText = (e) => {
    const fields = (e.errors || []).map((x) => x.message).filter(Boolean);
    return fields.length ? fields.join('; ') : (e.detail || e.message);
  };

  let filter = '';
  let openId = null;
  let layer = null;

  const head = el('div', { class: 'xc-cases-head' });
  const message = el('div', { class: 'form-message', role: 'alert', 'aria-live': 'polite' });
  const finder = el('div', { class: 'xc-cases-finder', hidden: true });
  const chips = el('div', { class: 'chips xc-cases-chips', role: 'group', 'aria-label': t('exchange.cases.filter') });
  const list = el('ul', { class: 'plain-list xc-cases-list', id: 'xc-cases-list' });
  const view = el('div', { class: 'xc-case-view', id: 'xc-case-view', hidden: true });
  const stats = el('section', { class: 'card xc-cases-stats', id: 'xc-cases-stats' });
  const listPart = el('div', { class: 'xc-cases-listpart' }, chips, list, stats);
  replace(container, head, message, finder, listPart, view);

  const say = (text, kind = 'error') => {
    message.className = `form-message ${text ? kind : ''}`;
    message.textContent = text || '';
  };

  // ---------------------------------------------------------------------------------------------- the map
  function clearMap() {
    if (layer) {
      layer.remove();
      layer = null;
    }
  }

  function draw(fc) {
    clearMap();
    if (!window.L || !map) return;
    // a pane of its own above the incident markers, so that the case is not hidden under their clusters
    if (!map.getPane('xcCase')) map.createPane('xcCase').style.zIndex = '650';
    layer = window.L.geoJSON(fc, {
      pane: 'xcCase',
      style: (f) => (f.geometry.type === 'LineString' ? { color: '#7a1fa2', weight: 3, dashArray: '6 6' } : {}),
      pointToLayer: (f, ll) => window.L.circleMarker(ll, {
        pane: 'xcCase', className: 'xc-case-point', radius: 9, color: '#fff', weight: 2, fillColor: f.properties.ownerOrg === myOrg ? '#1f5f99' : '#b3261e', fillOpacity: 0.95,
      }).bindTooltip(`${f.properties.order}. ${orgText(f.properties.ownerOrg)} · ${typeText(f.properties.type)} · ${dateTimeText(f.properties.occurredAt)}`),
    }).addTo(map);
    // (a GeoJSON layer's style cannot set a class: the line gets its own after it is drawn)
    layer.eachLayer((l) => (l.feature.geometry.type === 'LineString' ? l.getElement()?.classList.add('xc-case-track') : null));
    const b = layer.getBounds();
    if (b.isValid()) map.fitBounds(b.pad(0.4), { maxZoom: 16 });
  }

  // ---------------------------------------------------------------------------------------------- the list
  function renderChips() {
    replace(chips, ['', ...STATES].map((s) => el('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(filter === s), dataset: { state: s || 'ALL' },
      text: s ? t(`exchange.cases.state.${s}`) : t('exchange.cases.all'),
      on: { click: () => { filter = s; renderChips(); loadList(); } },
    })));
  }

  const stateChip = (s) => el('span', { class: `xc-state xc-state-${s.toLowerCase()}`, text: t(`exchange.cases.state.${s}`) });

  async function loadList() {
    try {
      const page = await casesApi.list({ state: filter, limit: 100 });
      if (!page.cases.length) {
        replace(list, el('li', { class: 'hint', text: t('exchange.cases.none') }));
        return;
      }
      replace(list, page.cases.map((c) => {
        const mine = myOrg && c.awaiting.includes(myOrg) && c.state === 'PROPOSED';
        return el('li', { class: 'xc-case-item' }, el('button', {
          type: 'button', class: 'xc-case-open', dataset: { id: c.id, state: c.state },
          on: { click: () => openCase(c.id) },
        },
        el('span', { class: 'xc-case-title', text: c.title }),
        el('span', { class: 'xc-case-meta' }, stateChip(c.state),
          el('span', { text: ` ${t(`exchange.cases.kind.${c.kind}`)} · ${c.parties.join(' · ')} · ${t('exchange.cases.incidents', fmt(c.incidentCount, 0))}` })),
        mine ? el('span', { class: 'xc-case-await', text: t('exchange.cases.awaitingYou') }) : null));
      }));
    } catch (e) {
      replace(list, el('li', { class: 'form-message error', text: errorText(e) }));
    }
  }

  async function loadStats() {
    const year = `${new Date().getUTCFullYear()}-01-01`;
    try {
      const [all, thisYear] = await Promise.all([casesApi.stats({}), casesApi.stats({ from: year })]);
      const row = (key, a, b, digits = 0) => el('tr', {}, el('th', { scope: 'row', text: t(key) }),
        el('td', { class: 'num', text: fmt(b, digits) }), el('td', { class: 'num', text: fmt(a, digits) }));
      replace(stats, el('h3', { text: t('exchange.cases.stats') }),
        el('table', { class: 'sector-table xc-cases-figures' },
          el('thead', {}, el('tr', {}, el('th', {}), el('th', { class: 'num', text: t('exchange.cases.stats.year') }),
            el('th', { class: 'num', text: t('exchange.cases.stats.all') }))),
          el('tbody', {},
            row('exchange.cases.stats.opened', all.opened, thisYear.opened),
            row('exchange.cases.stats.closed', all.closed, thisYear.closed),
            row('exchange.cases.stats.rejected', all.rejected, thisYear.rejected),
            row('exchange.cases.stats.openNow', all.openNow, thisYear.openNow),
            row('exchange.cases.stats.toConfirm', all.medianDaysToConfirm, thisYear.medianDaysToConfirm, 1),
            row('exchange.cases.stats.toClose', all.medianDaysOpenToClosed, thisYear.medianDaysOpenToClosed, 1))));
    } catch (e) {
      replace(stats, el('p', { class: 'form-message error', text: errorText(e) }));
    }
  }

  // ---------------------------------------------------------------------------------------------- candidates
  const kmInput = el('input', { ...NUMBER_INPUT, id: 'xc-cases-km', value: '5' });
  const hoursInput = el('input', { ...NUMBER_INPUT, id: 'xc-cases-hours', inputmode: 'numeric', value: '72' });
  const pairs = el('ul', { class: 'plain-list xc-pairs', id: 'xc-pairs' });
  const field = (label, control) => el('div', { class: 'field' }, el('label', { for: control.id, text: label }), control);
  const search = el('button', { type: 'submit', class: 'btn', id: 'xc-cases-search', text: t('exchange.cases.search') });
  finder.append(el('form', { class: 'xc-cases-form', on: { submit: (e) => { e.preventDefault(); findPairs(); } } },
    el('div', { class: 'xc-cases-params' }, field(t('exchange.cases.withinKm'), kmInput), field(t('exchange.cases.hours'), hoursInput)),
    el('p', { class: 'hint', text: t('exchange.cases.findHint') }),
    el('div', { class: 'button-row' }, search)), pairs);

  const side = (i) => el('span', { class: 'xc-pair-side' },
    el('strong', { text: i.ownerOrg }), ` ${typeText(i.type)} · ${dateTimeText(i.occurredAt)}`);

  async function findPairs() {
    say('');
    const km = parseNumber(kmInput.value);
    const hours = parseNumber(hoursInput.value);
    search.disabled = true;
    try {
      const r = await casesApi.candidates({ withinKm: km, hours, limit: 50 });
      if (!r.pairs.length) {
        replace(pairs, el('li', { class: 'hint', text: t('exchange.cases.noCandidates') }));
        return;
      }
      replace(pairs, r.pairs.map((p, n) => {
        const li = el('li', { class: 'xc-pair', dataset: { a: p.a.id, b: p.b.id } },
          el('div', { class: 'xc-pair-sides' }, side(p.a), el('span', { class: 'xc-pair-link', 'aria-hidden': 'true', text: '↔' }), side(p.b)),
          el('div', { class: 'muted', text: t('exchange.cases.pair', fmt(p.distanceM / 1000, 2), fmt(p.gapHours, 1), fmt(p.score, 2)) }));
        if (canWrite) {
          li.append(el('button', {
            type: 'button', class: 'btn btn-secondary btn-small xc-pair-propose', id: `xc-pair-propose-${n}`,
            text: t('exchange.cases.propose'), on: { click: (e) => proposeForm(li, p, e.currentTarget) },
          }));
        }
        return li;
      }));
    } catch (e) {
      say(errorText(e));
    } finally {
      search.disabled = false;
    }
  }

  function proposeForm(li, p, button) {
    button.remove();
    const title = el('input', { type: 'text', id: `xc-propose-title-${p.a.id}`, maxlength: 200,
      value: `${typeText(p.a.type)} · ${dateText(p.a.occurredAt)}` });
    const kind = el('select', { id: `xc-propose-kind-${p.a.id}` },
      KINDS.map((k) => el('option', { value: k, text: t(`exchange.cases.kind.${k}`) })));
    kind.value = p.sameType ? 'SAME_EVENT' : 'CROSS_BORDER_PURSUIT';
    const submit = el('button', { type: 'submit', class: 'btn xc-propose-submit', text: t('exchange.cases.propose') });
    const form = el('form', { class: 'xc-propose', on: { submit: async (e) => {
      e.preventDefault();
      submit.disabled = true;
      try {
        const c = await casesApi.propose({ title: title.value, kind: kind.value, incidents: [p.a.id, p.b.id] });
        toast(t('exchange.cases.proposed'));
        li.remove();
        await loadList();
        openCase(c.id);
      } catch (err) {
        say(errorText(err));
        submit.disabled = false;
      }
    } } }, field(t('exchange.cases.caseTitle'), title), field(t('exchange.cases.kind'), kind), el('div', { class: 'button-row' }, submit));
    li.append(form);
    title.focus();
  }

  // ---------------------------------------------------------------------------------------------- one case
  function closeView() {
    openId = null;
    clearMap();
    view.hidden = true;
    listPart.hidden = false;
    head.hidden = false;
    finder.hidden = !finderOpen;
  }

  const timelineText = (e) => {
    switch (e.event) {
      case 'incident': return t('exchange.cases.event.incident', orgText(e.org), typeText(e.type));
      case 'message': return t('exchange.cases.event.message', e.fromOrg, e.toOrg, e.subject || '');
      case 'opened': return t('exchange.cases.event.opened');
      default: return t(`exchange.cases.event.${e.event}`, e.org || e.by || '', e.by || '');
    }
  };

  async function openCase(id) {
    openId = id;
    say('');
    let c;
    try {
      c = await casesApi.one(id);
    } catch (e) {
      say(errorText(e));
      return;
    }
    if (openId !== id) return;
    head.hidden = true;
    finder.hidden = true;
    listPart.hidden = true;
    view.hidden = false;
    const party = myOrg && c.parties.includes(myOrg);
    const mayDecide = canWrite && party && c.state === 'PROPOSED' && c.awaiting.includes(myOrg);
    const mayClose = canWrite && party && c.state === 'OPEN';
    const note = el('input', { type: 'text', id: 'xc-case-note', maxlength: 2000 });
    const actions = [];
    const act = (move, body, okText) => async (e) => {
      e.currentTarget.disabled = true;
      try {
        await casesApi.move(id, move, body());
        toast(t(okText));
        await Promise.all([loadList(), loadStats()]);
        openCase(id);
      } catch (err) {
        say(errorText(err));
        e.target.disabled = false;
      }
    };
    if (mayDecide) {
      actions.push(field(t('exchange.cases.note'), note), el('div', { class: 'button-row' },
        el('button', { type: 'button', class: 'btn', id: 'xc-case-confirm', text: t('exchange.cases.confirm'),
          on: { click: act('confirm', () => ({ note: note.value || null }), 'exchange.cases.decided') } }),
        el('button', { type: 'button', class: 'btn btn-secondary', id: 'xc-case-reject', text: t('exchange.cases.reject'),
          on: { click: act('reject', () => ({ note: note.value || null }), 'exchange.cases.decided') } })));
    }
    if (mayClose) {
      note.id = 'xc-case-reason';
      actions.push(field(t('exchange.cases.reason'), note), el('div', { class: 'button-row' },
        el('button', { type: 'button', class: 'btn', id: 'xc-case-close', text: t('exchange.cases.close'),
          on: { click: act('close', () => ({ reason: note.value }), 'exchange.cases.closedMsg') } })));
    }
    replace(view,
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', id: 'xc-case-back', text: t('exchange.cases.back'), on: { click: closeView } }),
      el('h3', { class: 'xc-case-heading', text: c.title }),
      el('div', { class: 'xc-case-meta' }, stateChip(c.state), el('span', { text: ` ${t(`exchange.cases.kind.${c.kind}`)}` })),
      el('ul', { class: 'plain-list xc-case-parties' }, c.parties.map((p) => {
        const d = c.decisions.find((x) => x.org === p);
        return el('li', { dataset: { org: p } }, el('strong', { text: orgText(p) }), ' ',
          el('span', { class: 'muted', text: d ? `${t(`exchange.cases.decision.${d.decision}`)} · ${d.by} · ${dateTimeText(d.at)}` : t('exchange.cases.decision.none') }));
      })),
      ...actions,
      el('h4', { text: t('exchange.cases.timeline') }),
      el('ol', { class: 'xc-timeline', id: 'xc-case-timeline' }, c.timeline.map((e) => el('li', { dataset: { event: e.event } },
        el('span', { class: 'xc-timeline-at', text: dateTimeText(e.at) }), el('span', { text: timelineText(e) }),
        e.note ? el('span', { class: 'muted', text: ` “${e.note}”` }) : null,
        e.reason ? el('span', { class: 'muted', text: ` “${e.reason}”` }) : null))),
      el('p', { class: 'hint', text: t('exchange.cases.onMap') }));
    try {
      const fc = await casesApi.geojson(id);
      if (openId === id) draw(fc);
    } catch (e) {
      say(errorText(e));
    }
  }

  // ---------------------------------------------------------------------------------------------- wiring
  let finderOpen = false;
  const findButton = el('button', { type: 'button', class: 'btn btn-secondary', id: 'xc-cases-find', 'aria-expanded': 'false',
    text: t('exchange.cases.find'), on: { click: () => {
      finderOpen = !finderOpen;
      finder.hidden = !finderOpen;
      findButton.setAttribute('aria-expanded', String(finderOpen));
      if (finderOpen) kmInput.focus();
    } } });
  replace(head, el('div', { class: 'button-row' }, findButton));
  renderChips();
  loadList();
  loadStats();
  if (onLive) {
    let timer = null;
    onLive(['case'], (e) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        loadList();
        loadStats();
        if (openId && (e.kind === 'reset' || e.entityId === openId)) openCase(openId);
      }, 250);
    });
  }
  return { openCase, closeView };
}
