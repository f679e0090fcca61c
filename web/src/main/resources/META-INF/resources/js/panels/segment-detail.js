// Segment panel: code, sector, length, status (with pending sign-offs), a status change form, and the
// segment's history of status changes and joint inspections (GET /api/segments/{id}/history).
import { api } from '../api.js';
import { t, fmt, dateText } from '../i18n.js';
import { el, replace } from '../dom.js';
import { statusSwatch } from '../layers/segments.js';
import { orgName, otherParty } from '../organisations.js';

const ORDER = ['PENDING', 'SURVEYED', 'DEMARCATED', 'RATIFIED'];

/** Statuses a segment may move to (mirrors SegmentStatus.canMoveTo; the server decides). */
export function allowedTargets(status) {
  const all = [...ORDER, 'DISPUTED'];
  if (status === 'DISPUTED') return all.filter((s) => s !== 'DISPUTED');
  const next = ORDER[ORDER.indexOf(status) + 1];
  return [next, 'DISPUTED'].filter(Boolean);
}

export function createSegmentPanel(container, { roles, onZoom, onInspect, onChanged, onSigned }) {
  let current = null;
  let token = 0;

  function statusBadge(status) {
    return el('span', { class: `status-badge status-${status}` }, statusSwatch(status), el('span', { text: t(`status.${status}`) }));
  }

  function facts(p) {
    const rows = [
      [t('segment.code'), p.code],
      [t('segment.sector'), `${p.sectorCode} · ${p.sectorName}`],
      [t('segment.length'), `${fmt(p.lengthM / 1000, 2)} ${t('unit.km')}`],
      [t('segment.statusSince'), dateText(p.statusSince)],
      [t('segment.version'), String(p.version)],
    ];
    return el('dl', { class: 'facts' }, rows.map(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
  }

  function signoffs(p) {
    if (!p.pendingSignoffs || p.pendingSignoffs.length === 0) return null;
    return el('div', { class: 'notice' },
      el('strong', { text: t('segment.pendingSignoff') }),
      el('ul', { id: 'pending-signoffs' }, p.pendingSignoffs.map((s) => el('li', {
        text: t('segment.signedBy', orgName(s.org), t(`status.${s.toStatus}`), dateText(s.signedAt), s.signedBy, orgName(otherParty(p, s.org))),
      }))),
      el('div', { class: 'muted', text: t('segment.pendingSignoffHint') }));
  }

  function statusForm(p) {
    const select = el('select', { id: 'status-target', name: 'status' },
      allowedTargets(p.status).map((s) => el('option', { value: s, text: t(`status.${s}`) })));
    const reason = el('input', { id: 'status-reason', name: 'reason', type: 'text', maxlength: 1000, placeholder: t('segment.reasonPlaceholder') });
    const message = el('div', { class: 'form-message', role: 'alert' });
    const button = el('button', { type: 'submit', class: 'btn', text: t('segment.changeStatus') });
    const form = el('form', { class: 'inline-form', novalidate: true },
      el('label', { for: 'status-target', text: t('segment.newStatus') }), select,
      el('label', { for: 'status-reason', text: t('segment.reason') }), reason,
      el('div', { class: 'form-actions' }, button), message);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      button.disabled = true;
      message.textContent = '';
      try {
        const r = await api.changeSegmentStatus(p.id, select.value, reason.value.trim() || null, p.version);
        if (r.status === 202) {
          // the first of two signatures (the segment's two countries): recorded, the segment waits for the other party
          message.textContent = t('segment.signatureRecorded', t(`status.${select.value}`));
          message.className = 'form-message ok';
          onSigned?.(r.body);
        } else {
          onChanged?.(r.body);
        }
      } catch (err) {
        message.textContent = err.detail || err.message;
        message.className = 'form-message error';
      } finally {
        button.disabled = false;
      }
    });
    return el('details', { class: 'card-details' }, el('summary', { text: t('segment.changeStatus') }), form);
  }

  function history(h) {
    const changes = [...(h.changes || [])].reverse();
    const inspections = [...(h.inspections || [])].reverse();
    return [
      el('h3', { text: t('segment.history') }),
      changes.length === 0 ? el('p', { class: 'hint', text: t('segment.noChanges') })
        : el('ol', { class: 'history' }, changes.map((c) => el('li', {},
          el('div', { class: 'history-head' },
            el('span', { class: 'history-date', text: dateText(c.at) }),
            c.from ? statusBadge(c.from) : null,
            c.from ? el('span', { class: 'arrow', text: '→', 'aria-label': t('segment.to') }) : null,
            statusBadge(c.to)),
          el('div', { class: 'muted', text: [c.by, c.org].filter(Boolean).join(' · ') }),
          c.reason ? el('div', { class: 'history-reason', text: c.reason }) : null,
          c.inspectionId ? el('div', { class: 'muted', text: t('segment.viaInspection', c.inspectionId) }) : null))),
      el('h3', { text: t('segment.inspections') }),
      inspections.length === 0 ? el('p', { class: 'hint', text: t('segment.noInspections') })
        : el('ol', { class: 'history' }, inspections.map((i) => el('li', {},
          el('div', { class: 'history-head' },
            el('span', { class: 'history-date', text: dateText(i.inspectedOn) }),
            el('span', { class: `outcome outcome-${i.outcome}`, text: t(`outcome.${i.outcome}`) })),
          el('div', { class: 'muted', text: [(i.organisations || []).join(' + '), i.minutesRef].filter(Boolean).join(' · ') }),
          el('div', { class: 'muted', text: t('segment.findings', typeof i.findings === 'number' ? i.findings : (i.findings || []).length) }),
          i.notes ? el('div', { class: 'history-reason', text: i.notes }) : null))),
    ];
  }

  async function show(feature) {
    current = feature;
    const p = feature.properties;
    const mine = ++token;
    const historyBox = el('div', { class: 'history-box' }, el('div', { class: 'loading', text: t('common.loading') }));
    replace(container,
      el('section', { class: 'card' },
        el('div', { class: 'segment-title' },
          el('h2', { id: 'segment-code', text: p.code }),
          statusBadge(p.status)),
        facts(p),
        p.notes ? el('p', { class: 'segment-notes', text: p.notes }) : null,
        signoffs(p),
        el('div', { class: 'button-row' },
          el('button', { type: 'button', class: 'btn btn-secondary', text: t('segment.zoomTo'), on: { click: () => onZoom?.(p.id) } }),
          roles.can('recordInspection')
            ? el('button', { type: 'button', class: 'btn', id: 'segment-inspect', text: t('segment.recordInspection'), on: { click: () => onInspect?.(feature) } })
            : null)),
      roles.can('changeSegmentStatus') ? el('section', { class: 'card', id: 'status-card' }, statusForm(p)) : null,
      el('section', { class: 'card' }, historyBox));
    try {
      const h = await api.segmentHistory(p.id);
      if (mine !== token) return;
      replace(historyBox, ...history(h));
    } catch (e) {
      if (mine !== token) return;
      replace(historyBox, el('p', { class: 'form-message error', text: e.detail || e.message }));
    }
  }

  return { show, current: () => current };
}
