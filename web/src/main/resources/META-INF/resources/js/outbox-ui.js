// The outbox in the header (docs/OFFLINE.md): a badge with the number of reports waiting to send (or refused, or
// "all sent"), and on a click a small list: each report with its state and the server's reason when it was
// refused, "Send now", "Export pending reports" (a GeoJSON file) and "Discard" for a refused one.
import { t, fmt, dateText } from './i18n.js';
import { timeText } from './time-text.js';
import { el, replace, toast } from './dom.js';
import { onOutboxChange, outboxItems, pendingCount, sendNow, discard, pendingAsGeoJson } from './outbox.js';

export function createOutboxUi() {
  const badge = el('button', { type: 'button', id: 'outbox-badge', class: 'outbox-badge', 'aria-controls': 'outbox-list', 'aria-expanded': 'false', hidden: true });
  const list = el('div', { id: 'outbox-list', class: 'outbox-list', role: 'region', 'aria-label': t('outbox.title'), hidden: true });
  const anchor = document.getElementById('panel-toggle');
  if (anchor) anchor.before(badge);
  else document.querySelector('.topbar')?.append(badge);
  document.body.append(list);
  badge.addEventListener('click', () => setOpen(list.hidden));

  function setOpen(open) {
    list.hidden = !open;
    badge.setAttribute('aria-expanded', String(open));
    if (open) render();
  }

  let refused = new Set();
  function render() {
    const items = outboxItems();
    const pending = pendingCount();
    const rejected = items.filter((i) => i.state === 'rejected');
    badge.hidden = items.length === 0;
    badge.dataset.pending = String(pending);
    badge.className = `outbox-badge ${pending ? 'outbox-badge-pending' : rejected.length ? 'outbox-badge-rejected' : 'outbox-badge-done'}`;
    badge.textContent = pending ? t('outbox.pending', fmt(pending, 0))
      : rejected.length ? t('outbox.rejectedCount', fmt(rejected.length, 0)) : t('outbox.allSent');
    // a refusal is never silent: say it once when it happens
    for (const r of rejected) {
      if (!refused.has(r.id)) toast(t('outbox.rejected', r.problem?.detail || r.lastError || ''), 'error');
    }
    refused = new Set(rejected.map((r) => r.id));
    if (list.hidden) return;
    replace(list,
      el('div', { class: 'outbox-head' },
        el('h2', { text: t('outbox.title') }),
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('outbox.close'), on: { click: () => setOpen(false) } })),
      items.length ? el('ul', { class: 'outbox-items' }, items.map(row)) : el('p', { class: 'muted', text: t('outbox.empty') }),
      el('div', { class: 'button-row' },
        el('button', { type: 'button', class: 'btn', id: 'outbox-send', text: t('outbox.sendNow'), disabled: pending === 0,
          on: { click: () => sendNow() } }),
        el('button', { type: 'button', class: 'btn btn-secondary', id: 'outbox-export', text: t('outbox.export'),
          disabled: items.every((i) => i.state === 'sent'), on: { click: exportPending } })));
  }

  function row(i) {
    const p = i.feature?.properties || {};
    const when = p.occurredAt ? `${dateText(p.occurredAt)} ${timeText(p.occurredAt)}` : '';
    return el('li', { class: `outbox-item outbox-${i.state}`, dataset: { id: i.id, state: i.state } },
      el('div', { class: 'outbox-item-title' },
        el('span', { text: t(`incidentType.${p.type}`) }),
        el('span', { class: `outbox-state outbox-state-${i.state}`, text: t(`outbox.state.${i.state}`) })),
      el('div', { class: 'muted', text: when }),
      i.state === 'queued' && i.lastError ? el('div', { class: 'outbox-error', text: t('outbox.failed', i.lastError) }) : null,
      i.state === 'rejected' ? el('div', { class: 'outbox-error', text: i.problem?.detail || i.lastError }) : null,
      i.state === 'rejected' ? el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('outbox.discard'),
        on: { click: () => discard(i.id) } }) : null);
  }

  function exportPending() {
    const blob = new Blob([JSON.stringify(pendingAsGeoJson(), null, 1)], { type: 'application/geo+json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `borderzone-pending-reports-${new Date().toISOString().slice(0, 10)}.geojson`, class: 'hidden-link' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  onOutboxChange(render);
  render();
  return { render, setOpen };
}
