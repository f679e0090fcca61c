// Exchange section "inbox" (issue 12, item 1; docs/EXCHANGE.md "Liaison messages"; see panel.js for ctx): the
// liaison messages of the user's organisation. A list (inbox / sent / all) with precedence chips, unread in bold
// and overdue marks with their deadline; a thread view with Acknowledge / Reply / Close for whoever may; a "New
// message" form (kind, precedence, to, subject, text, the selected segment or open incident attached, an optional
// area drawn by map clicks). The Exchange tab's badge shows the inbox's unread count (red when one is overdue),
// on load and live (events of kind 'message'). The open thread's areas and attachments are drawn on the map.
import { el, replace, toast } from '../dom.js';
import { request, newKey } from '../api.js';
import { dateTimeText, has } from '../i18n.js';

const KINDS = ['ALERT', 'RFI', 'DISASTER_NOTICE'];
const PRECEDENCES = ['FLASH', 'IMMEDIATE', 'PRIORITY', 'ROUTINE'];
const WRITERS = ['PLANNER', 'COMMISSION', 'ADMIN'];
const FALLBACK_ORGS = ['KH', 'LA', 'JBC'];

/** Builds the section into container. */
export function createInbox(container, ctx) {
  const { t, roles, map } = ctx;
  const L = window.L;
  const myOrg = roles.org || roles.me?.org || '';
  const canWrite = WRITERS.includes(roles.role);
  const orgName = (code) => (has(`org.${code}`) ? t(`org.${code}`) : code);
  const view = { box: 'inbox', thread: null, focus: null };
  const layer = L.layerGroup().addTo(map);
  let listData = null;

  const boxSelect = el('select', { id: 'xc-inbox-box', class: 'xc-input', 'aria-label': t('exchange.inbox.box.label') },
    ...['inbox', 'sent', 'all'].map((b) => el('option', { value: b, text: t(`exchange.inbox.box.${b}`) })));
  boxSelect.addEventListener('change', () => {
    view.box = boxSelect.value;
    loadList();
  });
  const newButton = canWrite
    ? el('button', { type: 'button', class: 'xc-button primary', id: 'xc-inbox-new', text: t('exchange.inbox.new'),
      on: { click: () => showForm() } })
    : null;
  const head = el('div', { class: 'xc-inbox-head' }, boxSelect, newButton);
  const body = el('div', { class: 'xc-inbox-body', 'aria-live': 'polite' });
  container.replaceChildren(...[head, canWrite ? null : el('p', { class: 'hint', text: t('exchange.inbox.readOnly') }),
    body].filter(Boolean));
  container.classList.add('xc-inbox-root');

  // ---------------------------------------------------------------- list
  const chip = (precedence) => el('span', { class: `xc-prec xc-prec-${precedence}`,
    text: t(`exchange.inbox.precedence.${precedence}`) });
  const stateChip = (s) => el('span', { class: `xc-state xc-state-${s}`, text: t(`exchange.inbox.state.${s}`) });
  const deadline = (m) => {
    if (m.state === 'SENT') {
      return t(m.overdue ? 'exchange.inbox.overdueAck' : 'exchange.inbox.dueAck', dateTimeText(m.ackDueAt));
    }
    if (m.state === 'ACKNOWLEDGED') {
      return t(m.overdue ? 'exchange.inbox.overdueAnswer' : 'exchange.inbox.dueAnswer', dateTimeText(m.dueAt));
    }
    return null;
  };

  async function loadList() {
    try {
      listData = await request(`/api/messages?box=${view.box}&limit=100`);
    } catch (e) {
      if (!view.thread && !view.form) replace(body, el('p', { class: 'form-message error', text: e.detail || e.message }));
      return;
    }
    ctx.badge(listData.counts.unread, listData.counts.overdue > 0);
    container.dataset.unread = String(listData.counts.unread);
    container.dataset.overdue = String(listData.counts.overdue);
    if (!view.thread && !view.form) renderList();
  }

  function renderList() {
    const msgs = listData?.messages || [];
    if (!msgs.length) {
      replace(body, el('p', { class: 'hint', text: t('exchange.inbox.empty') }));
      return;
    }
    replace(body, el('ul', { class: 'xc-msg-list' }, ...msgs.map((m) => {
      const due = deadline(m);
      return el('li', {},
        el('button', {
          type: 'button',
          class: `xc-msg${m.unread ? ' unread' : ''}${m.overdue ? ' overdue' : ''}`,
          dataset: { id: m.id, thread: m.thread.id, state: m.state, precedence: m.precedence },
          on: { click: () => openThread(m.thread.id, m.id) },
        },
        el('span', { class: 'xc-msg-top' }, chip(m.precedence),
          el('span', { class: 'xc-msg-kind', text: t(`exchange.inbox.kind.${m.kind}`) }),
          el('span', { class: 'xc-msg-orgs', text: t('exchange.inbox.fromTo', m.from, m.to) }),
          stateChip(m.state)),
        el('span', { class: 'xc-msg-subject', text: m.thread.subject }),
        el('span', { class: 'xc-msg-meta' },
          el('span', { text: dateTimeText(m.sentAt) }),
          m.unread ? el('span', { class: 'xc-unread-dot', text: t('exchange.inbox.unread') }) : null,
          due ? el('span', { class: m.overdue ? 'xc-overdue' : 'xc-due', text: due }) : null)));
    })));
  }

  // ---------------------------------------------------------------- thread
  /** Whether an answer is being written in the open thread (a refresh then leaves it alone). */
  const writing = () => Boolean(body.querySelector('.xc-reply-box:not([hidden])'));

  async function openThread(threadId, focus, { refresh = false } = {}) {
    view.form = null;
    view.thread = threadId;
    view.focus = focus || view.focus;
    let th;
    try {
      th = await request(`/api/messages/threads/${encodeURIComponent(threadId)}`);
    } catch (e) {
      toast(e.detail || e.message, 'error');
      view.thread = null;
      renderList();
      return;
    }
    if (view.thread !== threadId || (refresh && writing())) return;
    renderThread(th);
    loadList(); // opening marked the caller's messages read: the badge follows
  }

  function historyLine(h) {
    return el('li', { class: 'xc-history-item', dataset: { state: h.to } },
      t(`exchange.inbox.history.${h.to}`, h.by, h.org, dateTimeText(h.at)));
  }

  function attachmentLine(a) {
    if (a.hidden) return el('li', { class: 'xc-attachment hidden-item', text: t('exchange.inbox.hiddenIncident') });
    const label = a.kind === 'incident' && a.label ? t(`incidentType.${a.label}`) : (a.label || a.id);
    return el('li', { class: 'xc-attachment', dataset: { kind: a.kind, id: a.id } },
      t(`exchange.inbox.attachment.${a.kind}`, label));
  }

  function actions(m) {
    if (!canWrite) return null;
    const addressee = m.to === myOrg;
    const party = addressee || m.from === myOrg;
    const row = el('div', { class: 'xc-actions' });
    const act = (path, payload) => async (ev) => {
      ev.target.disabled = true;
      try {
        await request(`/api/messages/${encodeURIComponent(m.id)}/${path}`, { method: 'POST', body: payload ?? { version: m.version } });
        await openThread(view.thread, m.id);
      } catch (e) {
        ev.target.disabled = false;
        toast(e.detail || e.message, 'error');
      }
    };
    if (addressee && m.state === 'SENT') {
      row.append(el('button', { type: 'button', class: 'xc-button primary xc-ack', text: t('exchange.inbox.acknowledge'),
        on: { click: act('acknowledge') } }));
    }
    if (addressee && (m.state === 'SENT' || m.state === 'ACKNOWLEDGED')) {
      const box = el('div', { class: 'xc-reply-box', hidden: true });
      const text = el('textarea', { class: 'xc-input xc-reply-text', rows: 3, maxlength: 20000,
        'aria-label': t('exchange.inbox.reply') });
      const send = el('button', { type: 'button', class: 'xc-button primary xc-reply-send', text: t('exchange.inbox.sendReply') });
      send.addEventListener('click', async () => {
        if (!text.value.trim()) {
          text.focus();
          return;
        }
        send.disabled = true;
        try {
          await request(`/api/messages/${encodeURIComponent(m.id)}/reply`, { method: 'POST',
            body: { body: text.value, version: m.version }, idempotencyKey: newKey() });
          await openThread(view.thread, m.id);
        } catch (e) {
          send.disabled = false;
          toast(e.detail || e.message, 'error');
        }
      });
      box.append(text, send);
      row.append(el('button', { type: 'button', class: 'xc-button xc-reply', text: t('exchange.inbox.reply'),
        on: { click: () => { box.hidden = !box.hidden; if (!box.hidden) text.focus(); } } }), box);
    }
    if (party && (m.state === 'ACKNOWLEDGED' || m.state === 'ANSWERED')) {
      row.append(el('button', { type: 'button', class: 'xc-button xc-close', text: t('exchange.inbox.close'),
        on: { click: act('close') } }));
    }
    return row.childNodes.length ? row : null;
  }

  function renderThread(th) {
    drawOnMap(th);
    const back = el('button', { type: 'button', class: 'xc-button xc-back', text: t('exchange.inbox.back'),
      on: { click: () => { view.thread = null; layer.clearLayers(); renderList(); loadList(); } } });
    const showMap = layer.getLayers().length
      ? el('button', { type: 'button', class: 'xc-button xc-show-map', text: t('exchange.inbox.showOnMap'),
        on: { click: () => fitLayer() } })
      : null;
    replace(body, el('div', { class: 'xc-thread', dataset: { id: th.id } },
      el('div', { class: 'xc-thread-head' }, back, showMap),
      el('h3', { class: 'xc-thread-subject', text: th.subject }),
      el('p', { class: 'hint', text: t('exchange.inbox.fromTo', orgName(th.from), orgName(th.to)) }),
      ...th.messages.map((m) => el('article', {
        class: `xc-card${m.id === view.focus ? ' focus' : ''}${m.overdue ? ' overdue' : ''}`,
        dataset: { id: m.id, state: m.state } },
      el('div', { class: 'xc-msg-top' }, chip(m.precedence),
        el('span', { class: 'xc-msg-kind', text: t(`exchange.inbox.kind.${m.kind}`) }),
        el('span', { class: 'xc-msg-orgs', text: t('exchange.inbox.fromTo', m.from, m.to) }), stateChip(m.state)),
      el('p', { class: 'xc-body', text: m.body }),
      m.attachments.length ? el('div', { class: 'xc-attachments' },
        el('span', { class: 'xc-label', text: t('exchange.inbox.attachments') }),
        el('ul', {}, ...m.attachments.map(attachmentLine))) : null,
      deadline(m) ? el('p', { class: m.overdue ? 'xc-overdue' : 'xc-due', text: deadline(m) }) : null,
      m.secondsToAcknowledge != null ? el('p', { class: 'xc-time-to-ack', text: m.secondsToAcknowledge < 120
        ? t('exchange.inbox.timeToAckSeconds', ctx.fmt(m.secondsToAcknowledge, 0))
        : t('exchange.inbox.timeToAck', ctx.fmt(m.secondsToAcknowledge / 60, 1)) }) : null,
      el('ul', { class: 'xc-history' }, ...(m.history || []).map(historyLine)),
      actions(m)))));
  }

  // ---------------------------------------------------------------- the map: what the open thread is about
  function drawOnMap(th) {
    layer.clearLayers();
    for (const m of th.messages) {
      if (m.area) {
        L.geoJSON(m.area, { className: 'xc-map-area', style: { color: '#b3261e', weight: 2, fillOpacity: 0.12 } }).addTo(layer);
      }
      for (const a of m.attachments) {
        if (!a.geometry) continue;
        L.geoJSON(a.geometry, {
          className: `xc-map-${a.kind}`,
          style: { color: '#6a1b9a', weight: 5, opacity: 0.8 },
          pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 8, color: '#6a1b9a', weight: 3, fillOpacity: 0.3,
            className: `xc-map-${a.kind}` }),
        }).bindTooltip(attachmentLine(a).textContent).addTo(layer);
      }
    }
  }

  function fitLayer() {
    const b = L.featureGroup(layer.getLayers()).getBounds();
    if (b.isValid()) map.fitBounds(b, { padding: [40, 40], maxZoom: 14 });
  }

  // ---------------------------------------------------------------- new message
  let orgCodes = null;
  async function organisations() {
    if (orgCodes) return orgCodes;
    try {
      const list = await request('/api/organisations');
      const items = Array.isArray(list) ? list : (list.organisations || list.items || []);
      orgCodes = items.map((o) => o.code || o).filter((c) => typeof c === 'string');
    } catch (e) {
      orgCodes = null;
    }
    if (!orgCodes || !orgCodes.length) orgCodes = FALLBACK_ORGS;
    return orgCodes;
  }

  function selectedSegment() {
    const segs = window.borderzone?.segments;
    const id = segs?.selectedId?.();
    const f = id != null ? segs.feature?.(id) : null;
    return f?.properties?.code || null;
  }

  function openIncident() {
    const box = document.querySelector('.leaflet-popup .bz-incident-popup');
    return box?.dataset.id ? { id: box.dataset.id, title: box.querySelector('.bz-popup-title')?.textContent || '' } : null;
  }

  async function showForm() {
    view.thread = null;
    view.form = true;
    layer.clearLayers();
    const codes = (await organisations()).filter((c) => c !== myOrg);
    const field = (name, input) => el('label', { class: 'xc-field' },
      el('span', { text: t(`exchange.inbox.field.${name}`) }), input);
    const kind = el('select', { class: 'xc-input', name: 'kind' },
      ...KINDS.map((k) => el('option', { value: k, text: t(`exchange.inbox.kind.${k}`) })));
    const precedence = el('select', { class: 'xc-input', name: 'precedence' },
      ...PRECEDENCES.map((p) => el('option', { value: p, text: t(`exchange.inbox.precedence.${p}`) })));
    precedence.value = 'ROUTINE';
    const to = el('select', { class: 'xc-input', name: 'to' },
      ...codes.map((c) => el('option', { value: c, text: orgName(c) })));
    const subject = el('input', { class: 'xc-input', name: 'subject', type: 'text', maxlength: 200, required: true });
    const text = el('textarea', { class: 'xc-input', name: 'body', rows: 5, maxlength: 20000, required: true });
    const segment = selectedSegment();
    const incident = openIncident();
    const attachSeg = segment ? el('input', { type: 'checkbox', name: 'attach-segment', checked: true }) : null;
    const attachInc = incident ? el('input', { type: 'checkbox', name: 'attach-incident', checked: true }) : null;
    const message = el('p', { class: 'form-message', role: 'status' });
    const area = createAreaDrawing();
    const send = el('button', { type: 'submit', class: 'xc-button primary xc-send', text: t('exchange.inbox.send') });
    const cancel = el('button', { type: 'button', class: 'xc-button', text: t('exchange.inbox.cancel'),
      on: { click: () => { area.stop(); view.form = null; renderList(); } } });
    const form = el('form', { class: 'xc-form', id: 'xc-inbox-form', novalidate: true },
      field('kind', kind), field('precedence', precedence), field('to', to), field('subject', subject),
      field('body', text),
      attachSeg ? el('label', { class: 'xc-check' }, attachSeg, t('exchange.inbox.attachSegment', segment)) : null,
      attachInc ? el('label', { class: 'xc-check' }, attachInc, t('exchange.inbox.attachIncident', incident.title)) : null,
      area.controls, message, el('div', { class: 'xc-actions' }, send, cancel));
    const key = newKey(); // one key per form: a double click or a retry stores one message
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      form.querySelectorAll('.invalid').forEach((x) => x.classList.remove('invalid'));
      const attachments = [];
      if (attachSeg?.checked) attachments.push({ kind: 'segment', id: segment });
      if (attachInc?.checked) attachments.push({ kind: 'incident', id: incident.id });
      const payload = { kind: kind.value, precedence: precedence.value, to: to.value, subject: subject.value,
        body: text.value, attachments };
      if (area.geometry()) payload.area = area.geometry();
      send.disabled = true;
      try {
        const m = await request('/api/messages', { method: 'POST', body: payload, idempotencyKey: key });
        area.stop();
        toast(t('exchange.inbox.sentTo', orgName(m.to)), 'ok');
        view.form = null;
        view.box = 'sent';
        boxSelect.value = 'sent';
        await openThread(m.thread.id, m.id);
      } catch (e) {
        send.disabled = false;
        message.className = 'form-message error';
        message.textContent = e.detail || e.message;
        for (const f of e.errors || []) form.querySelector(`[name="${String(f.field).split(/[.[]/)[0]}"]`)?.classList.add('invalid');
      }
    });
    replace(body, form);
    subject.focus();
  }

  /** A simple polygon drawn by clicks on the map (at least three corners), with its controls. */
  function createAreaDrawing() {
    const points = [];
    let drawing = false;
    let shape = null;
    const status = el('span', { class: 'xc-area-status' });
    const start = el('button', { type: 'button', class: 'xc-button xc-draw', text: t('exchange.inbox.drawArea') });
    const finish = el('button', { type: 'button', class: 'xc-button xc-finish', text: t('exchange.inbox.finishArea'), hidden: true });
    const clear = el('button', { type: 'button', class: 'xc-button xc-clear', text: t('exchange.inbox.clearArea'), hidden: true });
    const redraw = () => {
      shape?.remove();
      shape = points.length >= 3 ? L.polygon(points, { color: '#b3261e', weight: 2, className: 'xc-map-area' }).addTo(layer)
        : points.length ? L.polyline(points, { color: '#b3261e', dashArray: '4 4' }).addTo(layer) : null;
      status.textContent = points.length ? t('exchange.inbox.areaPoints', points.length) : '';
      finish.hidden = !drawing || points.length < 3;
      clear.hidden = !points.length;
    };
    const onClick = (e) => {
      if (!drawing) return;
      points.push(e.latlng);
      redraw();
    };
    const stop = () => {
      drawing = false;
      map.off('click', onClick);
      map.getContainer().classList.remove('xc-drawing');
      start.hidden = false;
      redraw();
    };
    start.addEventListener('click', () => {
      drawing = true;
      points.length = 0;
      map.on('click', onClick);
      map.getContainer().classList.add('xc-drawing');
      start.hidden = true;
      status.textContent = t('exchange.inbox.drawHint');
      redraw();
      status.textContent = t('exchange.inbox.drawHint');
    });
    finish.addEventListener('click', stop);
    clear.addEventListener('click', () => {
      points.length = 0;
      stop();
    });
    const controls = el('div', { class: 'xc-area', dataset: { name: 'area' } }, start, finish, clear, status);
    return {
      controls,
      stop,
      geometry: () => (points.length >= 3 ? {
        type: 'Polygon',
        coordinates: [[...points, points[0]].map((p) => [Math.round(p.lng * 1e6) / 1e6, Math.round(p.lat * 1e6) / 1e6])],
      } : null),
    };
  }

  // ---------------------------------------------------------------- live
  let timer = null;
  ctx.onLive(['message'], () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      loadList();
      // the open thread follows, unless an answer is being written in it
      if (view.thread && !writing()) openThread(view.thread, view.focus, { refresh: true });
    }, 150);
  });
  loadList();
  return { reload: loadList };
}
