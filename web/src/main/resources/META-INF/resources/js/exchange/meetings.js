// Exchange section "meetings" (issue 12, item 4; docs/EXCHANGE.md "Meetings and minutes"; see panel.js for ctx):
// the caller's meetings (upcoming / past), one meeting with its attendees per side, agenda (linked segments and
// incidents open on the map), decisions, action items (done; overdue in red), the minutes editor while not
// approved, "Sign minutes" with the hash shown, the frozen state and the PDF. The server decides every rule;
// this only hides what the caller's role cannot do.
import { request } from '../api.js';
import { el, replace, toast } from '../dom.js';
import { dateText, dateTimeText, currentLanguage } from '../i18n.js';

const KIND = {
  JBC: 'exchange.meetings.kind.JBC',
  SECURITY: 'exchange.meetings.kind.SECURITY',
  TRILATERAL: 'exchange.meetings.kind.TRILATERAL',
};
const STATE = {
  PLANNED: 'exchange.meetings.state.PLANNED',
  HELD: 'exchange.meetings.state.HELD',
  APPROVED: 'exchange.meetings.state.APPROVED',
};
const ACTION_STATE = {
  OPEN: 'exchange.meetings.action.OPEN',
  DONE: 'exchange.meetings.action.DONE',
  CANCELLED: 'exchange.meetings.action.CANCELLED',
};
const REF = {
  segment: 'exchange.meetings.ref.segment',
  incident: 'exchange.meetings.ref.incident',
  case: 'exchange.meetings.ref.case',
  message: 'exchange.meetings.ref.message',
};
const WRITERS = ['PLANNER', 'COMMISSION', 'ADMIN'];
const SIGNERS = ['PLANNER', 'COMMISSION'];

/** Builds the section into container. */
export function createMeetings(container, ctx) {
  const { t } = ctx;
  const org = ctx.roles.org;
  const canWrite = WRITERS.includes(ctx.roles.role);
  let current = null; // the open meeting's id
  let orgs = null;

  const message = el('p', { class: 'form-message', role: 'status' });
  const body = el('div', { class: 'xc-m-body' });
  container.replaceChildren(message, body);

  const fail = (e) => {
    const field = e.errors && e.errors[0] && e.errors[0].field;
    message.className = 'form-message error';
    message.textContent = (field ? `${field}: ` : '') + (e.errors?.[0]?.message || e.detail || e.message);
  };
  const ok = (text) => {
    message.className = 'form-message';
    message.textContent = text || '';
  };
  const call = async (path, options, after) => {
    try {
      const r = await request(path, options);
      ok('');
      await after(r);
    } catch (e) {
      fail(e);
    }
  };

  async function organisations() {
    if (orgs) return orgs;
    try {
      const list = await request('/api/organisations');
      orgs = (Array.isArray(list) ? list : list.items || []).map((o) => o.code);
    } catch (e) {
      orgs = ['KH', 'LA', 'JBC'];
    }
    if (org && !orgs.includes(org)) orgs.push(org);
    return orgs;
  }

  // ------------------------------------------------------------------ the lists
  async function showList() {
    current = null;
    const head = el('div', { class: 'xc-m-head' }, el('h3', { text: t('exchange.meetings.title') }));
    if (canWrite) {
      head.append(el('button', { type: 'button', class: 'xc-m-btn', text: t('exchange.meetings.new'),
        on: { click: showNew } }));
    }
    const up = el('ul', { class: 'xc-m-list', 'aria-label': t('exchange.meetings.upcoming') });
    const past = el('ul', { class: 'xc-m-list', 'aria-label': t('exchange.meetings.past') });
    replace(body, head, el('h4', { text: t('exchange.meetings.upcoming') }), up,
      el('h4', { text: t('exchange.meetings.past') }), past);
    try {
      const [u, p] = await Promise.all([request('/api/meetings?when=upcoming&limit=100'),
        request('/api/meetings?when=past&limit=100')]);
      fillList(up, u);
      fillList(past, p);
    } catch (e) {
      fail(e);
    }
  }

  function fillList(ul, items) {
    if (!items.length) {
      ul.append(el('li', { class: 'hint', text: t('exchange.meetings.none') }));
      return;
    }
    for (const m of items) {
      const b = el('button', { type: 'button', class: 'xc-m-item', dataset: { id: m.id },
        on: { click: () => showMeeting(m.id) } },
      el('span', { class: 'xc-m-item-title', text: m.title }),
      el('span', { class: 'xc-m-item-meta',
        text: `${dateTimeText(m.startsAt)} · ${t(KIND[m.kind])} · ${m.parties.join(', ')} · ${t(STATE[m.state])}` }));
      if (m.overdueActions > 0) {
        b.append(el('span', { class: 'xc-m-overdue', text: t('exchange.meetings.overdueCount', ctx.fmt(m.overdueActions, 0)) }));
      }
      ul.append(el('li', {}, b));
    }
  }

  // ------------------------------------------------------------------ a new meeting
  async function showNew() {
    const codes = await organisations();
    const kind = el('select', { name: 'kind', id: 'xc-m-kind' },
      ...Object.keys(KIND).map((k) => el('option', { value: k, text: t(KIND[k]) })));
    const title = el('input', { name: 'title', id: 'xc-m-title', maxlength: '200', required: true });
    const place = el('input', { name: 'place', id: 'xc-m-place', maxlength: '200' });
    const starts = el('input', { name: 'startsAt', id: 'xc-m-starts', type: 'datetime-local', required: true });
    const parties = el('fieldset', { class: 'xc-m-parties' }, el('legend', { text: t('exchange.meetings.parties') }),
      ...codes.map((c) => el('label', {}, el('input', { type: 'checkbox', value: c, checked: c === org || undefined,
        disabled: c === org || undefined }), ` ${c}`)));
    const form = el('form', { class: 'xc-m-form', on: { submit: async (e) => {
      e.preventDefault();
      const chosen = [...parties.querySelectorAll('input:checked')].map((i) => i.value);
      // the form's time is border time (UTC+7, both countries)
      const startsAt = starts.value ? `${starts.value}:00+07:00` : '';
      await call('/api/meetings', { method: 'POST', body: { kind: kind.value, title: title.value, place: place.value,
        startsAt, parties: chosen } }, (m) => showMeeting(m.id));
    } } },
    label('xc-m-kind', t('exchange.meetings.kind')), kind,
    label('xc-m-title', t('exchange.meetings.meetingTitle')), title,
    label('xc-m-place', t('exchange.meetings.place')), place,
    label('xc-m-starts', t('exchange.meetings.startsAt')), starts,
    parties,
    el('div', { class: 'xc-m-row' }, el('button', { type: 'submit', class: 'xc-m-btn primary', text: t('exchange.meetings.create') }),
      el('button', { type: 'button', class: 'xc-m-btn', text: t('exchange.meetings.back'), on: { click: showList } })));
    replace(body, el('h3', { text: t('exchange.meetings.new') }), form);
    title.focus();
  }

  function label(id, text) {
    return el('label', { for: id, text });
  }

  // ------------------------------------------------------------------ one meeting
  async function showMeeting(id) {
    current = id;
    let m;
    try {
      m = await request(`/api/meetings/${id}`);
    } catch (e) {
      fail(e);
      return;
    }
    const frozen = m.state === 'APPROVED';
    const party = m.parties.includes(org);
    const write = canWrite && party;
    const view = el('article', { class: 'xc-m-view', dataset: { id: m.id, state: m.state } });
    view.append(el('button', { type: 'button', class: 'xc-m-btn', text: t('exchange.meetings.back'), on: { click: showList } }),
      el('h3', { text: m.title }),
      el('p', { class: 'xc-m-meta', text: `${t(KIND[m.kind])} · ${dateTimeText(m.startsAt)}${m.place ? ` · ${m.place}` : ''}` }),
      el('p', { class: 'xc-m-meta', text: `${t('exchange.meetings.parties')}: ${m.parties.join(', ')} · ${t(STATE[m.state])}` }));
    if (frozen) {
      view.append(el('p', { class: 'xc-m-frozen', text: t('exchange.meetings.frozen', dateTimeText(m.frozenAt)) }));
    }
    view.append(el('a', { class: 'xc-m-btn xc-m-pdf', href: `/api/meetings/${m.id}/minutes.pdf?lang=${currentLanguage()}`,
      download: '', text: t('exchange.meetings.pdf') }));
    if (write && m.state === 'PLANNED') {
      view.append(el('button', { type: 'button', class: 'xc-m-btn', text: t('exchange.meetings.markHeld'),
        on: { click: () => call(`/api/meetings/${m.id}/held`, { method: 'POST', body: { version: m.version } },
          () => showMeeting(m.id)) } }));
    }

    // attendees per side
    const att = el('section', { class: 'xc-m-sec' }, el('h4', { text: t('exchange.meetings.attendees') }));
    for (const p of m.parties) {
      const names = m.attendees.filter((a) => a.org === p).map((a) => (a.position ? `${a.name} (${a.position})` : a.name));
      att.append(el('p', {}, el('strong', { text: `${p}: ` }), names.length ? names.join('; ') : t('exchange.meetings.none')));
    }
    if (write && !frozen) {
      const who = el('select', { 'aria-label': t('exchange.meetings.side') }, ...m.parties.map((p) => el('option', { value: p, text: p, selected: p === org || undefined })));
      const name = el('input', { 'aria-label': t('exchange.meetings.name'), placeholder: t('exchange.meetings.name'), maxlength: '200' });
      const pos = el('input', { 'aria-label': t('exchange.meetings.position'), placeholder: t('exchange.meetings.position'), maxlength: '200' });
      att.append(inline(() => call(`/api/meetings/${m.id}/attendees`, { method: 'POST',
        body: { org: who.value, name: name.value, position: pos.value || null } }, () => showMeeting(m.id)),
      t('exchange.meetings.addAttendee'), who, name, pos));
    }
    view.append(att);

    // agenda
    const agenda = el('section', { class: 'xc-m-sec' }, el('h4', { text: t('exchange.meetings.agenda') }));
    const ol = el('ol', { class: 'xc-m-agenda' });
    for (const g of m.agenda) {
      const li = el('li', {}, g.title);
      if (g.ref) li.append(' ', refLink(g.ref));
      if (g.notes) li.append(el('div', { class: 'hint', text: g.notes }));
      ol.append(li);
    }
    agenda.append(m.agenda.length ? ol : el('p', { class: 'hint', text: t('exchange.meetings.none') }));
    if (write && !frozen) {
      const title = el('input', { 'aria-label': t('exchange.meetings.itemTitle'), placeholder: t('exchange.meetings.itemTitle'), maxlength: '500' });
      const kind = el('select', { 'aria-label': t('exchange.meetings.refKind') }, el('option', { value: '', text: t('exchange.meetings.noRef') }),
        ...Object.keys(REF).map((k) => el('option', { value: k, text: t(REF[k]) })));
      const ref = el('input', { 'aria-label': t('exchange.meetings.refId'), placeholder: t('exchange.meetings.refId'), maxlength: '64' });
      agenda.append(inline(() => call(`/api/meetings/${m.id}/agenda`, { method: 'POST',
        body: { title: title.value, ref: kind.value ? { kind: kind.value, id: ref.value } : null } }, () => showMeeting(m.id)),
      t('exchange.meetings.addItem'), title, kind, ref));
    }
    view.append(agenda);

    // decisions
    const dec = el('section', { class: 'xc-m-sec' }, el('h4', { text: t('exchange.meetings.decisions') }));
    dec.append(m.decisions.length ? el('ol', {}, ...m.decisions.map((d) => el('li', { text: d.text })))
      : el('p', { class: 'hint', text: t('exchange.meetings.none') }));
    if (write && !frozen) {
      const text = el('textarea', { 'aria-label': t('exchange.meetings.decisionText'), placeholder: t('exchange.meetings.decisionText'), rows: '2', maxlength: '5000' });
      dec.append(inline(() => call(`/api/meetings/${m.id}/decisions`, { method: 'POST', body: { text: text.value } },
        () => showMeeting(m.id)), t('exchange.meetings.addDecision'), text));
    }
    view.append(dec);

    // action items
    const act = el('section', { class: 'xc-m-sec' }, el('h4', { text: t('exchange.meetings.actions') }));
    const ul = el('ul', { class: 'xc-m-actions' });
    for (const a of m.actions) {
      const li = el('li', { class: a.overdue ? 'overdue' : '', dataset: { id: a.id, state: a.state } },
        el('span', { class: 'xc-m-action-text', text: a.text }),
        el('span', { class: 'xc-m-action-meta', text: `${a.ownerOrg} · ${t('exchange.meetings.due')} ${dateText(a.dueDate)} · ${t(ACTION_STATE[a.state])}${a.overdue ? ` · ${t('exchange.meetings.overdue')}` : ''}` }));
      if (a.state === 'OPEN' && canWrite && a.ownerOrg === org) {
        li.append(el('button', { type: 'button', class: 'xc-m-btn xc-m-done', text: t('exchange.meetings.markDone'),
          on: { click: () => call(`/api/actions/${a.id}/done`, { method: 'POST', body: { version: a.version } },
            () => { toast(t('exchange.meetings.doneToast')); return showMeeting(m.id); }) } }));
      }
      ul.append(li);
    }
    act.append(m.actions.length ? ul : el('p', { class: 'hint', text: t('exchange.meetings.none') }));
    if (write && !frozen) {
      const text = el('input', { 'aria-label': t('exchange.meetings.actionText'), placeholder: t('exchange.meetings.actionText'), maxlength: '2000' });
      const owner = el('select', { 'aria-label': t('exchange.meetings.owner') }, ...m.parties.map((p) => el('option', { value: p, text: p })));
      const due = el('input', { type: 'date', 'aria-label': t('exchange.meetings.due') });
      act.append(inline(() => call(`/api/meetings/${m.id}/actions`, { method: 'POST',
        body: { text: text.value, ownerOrg: owner.value, dueDate: due.value } }, () => showMeeting(m.id)),
      t('exchange.meetings.addAction'), text, owner, due));
    }
    view.append(act);

    // minutes and signatures
    const min = el('section', { class: 'xc-m-sec' }, el('h4', { text: t('exchange.meetings.minutes') }));
    if (write && !frozen) {
      const area = el('textarea', { class: 'xc-m-minutes', rows: '8', 'aria-label': t('exchange.meetings.minutes') });
      area.value = m.minutes || '';
      const save = el('button', { type: 'button', class: 'xc-m-btn', text: t('exchange.meetings.saveMinutes'),
        on: { click: () => call(`/api/meetings/${m.id}/minutes`, { method: 'PUT', body: { text: area.value, version: m.version } },
          () => showMeeting(m.id)) } });
      min.append(area, save);
      area.addEventListener('input', () => {
        const sign = min.querySelector('.xc-m-sign');
        if (sign) sign.disabled = area.value !== (m.minutes || '');
      });
    } else {
      min.append(el('pre', { class: 'xc-m-minutes-text', text: m.minutes || t('exchange.meetings.none') }));
    }
    if (m.minutesSha256) {
      min.append(el('p', { class: 'xc-m-hash' }, `${t('exchange.meetings.hash')}: `, el('code', { text: m.minutesSha256 })));
    }
    const open = m.signatures.filter((s) => !s.lapsedAt);
    const sigs = el('ul', { class: 'xc-m-sigs' });
    for (const s of m.signatures) {
      sigs.append(el('li', { class: s.lapsedAt ? 'lapsed' : '' },
        t('exchange.meetings.signedBy', s.org, s.signedBy, dateTimeText(s.signedAt)),
        s.lapsedAt ? ` · ${t('exchange.meetings.lapsed')}` : '', el('br'), el('code', { text: s.sha256 })));
    }
    min.append(el('h4', { text: t('exchange.meetings.signatures') }),
      el('p', { class: 'hint', text: t('exchange.meetings.signers', m.signers.join(', ')) }),
      m.signatures.length ? sigs : el('p', { class: 'hint', text: t('exchange.meetings.none') }));
    const mayPersonallySign = SIGNERS.includes(ctx.roles.role) && m.signers.includes(org) && !frozen && m.minutesSha256
      && !open.some((s) => s.org === org);
    if (mayPersonallySign) {
      min.append(el('button', { type: 'button', class: 'xc-m-btn primary xc-m-sign', text: t('exchange.meetings.sign', m.minutesSha256.slice(0, 12)),
        title: m.minutesSha256,
        on: { click: () => call(`/api/meetings/${m.id}/minutes/sign`, { method: 'POST', body: { sha256: m.minutesSha256 } },
          () => showMeeting(m.id)) } }));
    }
    view.append(min);
    replace(body, view);
  }

  function inline(submit, text, ...fields) {
    return el('form', { class: 'xc-m-inline', on: { submit: (e) => { e.preventDefault(); submit(); } } },
      ...fields, el('button', { type: 'submit', class: 'xc-m-btn', text }));
  }

  /** A linked agenda item: segments and incidents open on the map; what the reader may not read is named so. */
  function refLink(ref) {
    const kind = t(REF[ref.kind] || 'exchange.meetings.ref.segment');
    if (ref.hidden) return el('span', { class: 'hint', text: `(${kind}: ${t('exchange.meetings.hidden')})` });
    if (ref.kind !== 'segment' && ref.kind !== 'incident') return el('span', { class: 'hint', text: `(${kind}: ${ref.name})` });
    return el('button', { type: 'button', class: 'xc-m-link', text: `${kind}: ${ref.name}`, on: { click: () => openRef(ref) } });
  }

  async function openRef(ref) {
    try {
      if (ref.kind === 'segment') {
        const segs = window.borderzone?.segments;
        const f = segs?.features().find((x) => x.properties.code === ref.id);
        if (f) segs.select(f.properties.id, true);
        return;
      }
      const f = await request(`/api/incidents/${ref.id}`);
      const c = f.geometry && f.geometry.coordinates;
      if (c && ctx.map) ctx.map.flyTo({ center: c, zoom: 14 });
    } catch (e) {
      fail(e);
    }
  }

  ctx.onLive?.(['meeting', 'action'], () => {
    if (body.querySelector('form:focus-within, textarea:focus')) return; // never under the writer's cursor
    if (current) showMeeting(current); else showList();
  });
  showList();
}
