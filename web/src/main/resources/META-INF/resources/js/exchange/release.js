// Explicit releases in the incident popup (issue 12, item 2; docs/EXCHANGE.md "Releases"). One entry point,
// releaseControl(feature, roles, onChanged), appended to the popup by layers/incidents.js:
// - a recipient (the incident reached it through a release) reads "Released by KH on <date>; withheld: …";
// - a planner of the owner organisation, on a NATIONAL incident, gets "Release…": parties (the active ones of
//   js/organisations.js, never the own one), fields to withhold, a reason (POST /api/releases), and the list of the incident's releases
//   with Withdraw and its reason asked in place (GET /api/incidents/{id}/releases, POST /api/releases/{id}/withdraw).
// The server decides everything (docs/SECURITY.md); this only hides what the user cannot do.
import { request } from '../api.js';
import { t, dateText } from '../i18n.js';
import { el } from '../dom.js';
import { organisations, orgName } from '../organisations.js';

const FIELDS = ['description', 'source', 'reporter', 'photos', 'location_detail'];


/** Tells the popup that holds {@code node} that its content changed size (layers/incidents.js lays it out again). */
const resized = (node) => node.dispatchEvent(new CustomEvent('bz:popup-resize', { bubbles: true }));

function withheldText(list) {
  return list && list.length ? list.map((f) => t(`exchange.release.field.${f}`)).join(', ') : t('exchange.release.whole');
}

/** The release block of an incident popup, or null when there is nothing to show or do. */
export function releaseControl(f, roles, onChanged) {
  const p = f.properties;
  if (p.release) {
    return el('div', { class: 'xc-release xc-release-received', role: 'note' },
      el('span', { text: t('exchange.release.received', orgName(p.release.by), dateText(p.release.at)) }),
      p.release.withheld?.length ? el('span', { text: ` ${t('exchange.release.withheldList', withheldText(p.release.withheld))}` }) : null);
  }
  const planner = roles?.role === 'PLANNER' || roles?.role === 'ADMIN';
  if (!planner || p.releasability !== 'NATIONAL' || !roles?.org || roles.org !== p.ownerOrg) return null;
  const box = el('div', { class: 'xc-release' });
  const list = el('ul', { class: 'xc-release-list' });
  const message = el('div', { class: 'form-message', role: 'alert' });
  const fail = (err) => {
    message.textContent = err.detail || err.message;
    message.className = 'form-message error';
  };
  async function loadList() {
    try {
      const rows = await request(`/api/incidents/${encodeURIComponent(p.id)}/releases`);
      list.replaceChildren(...rows.map((r) => {
        const item = el('li', { class: `xc-release-item ${r.state === 'OPEN' ? 'open' : 'withdrawn'}`, 'data-to': r.to },
          el('span', { text: t(`exchange.release.state.${r.state}`, r.to, dateText(r.state === 'OPEN' ? r.releasedAt : r.withdrawnAt)) }),
          el('span', { class: 'xc-release-withheld', text: t('exchange.release.withheldList', withheldText(r.withheld)) }));
        if (r.state === 'OPEN') {
          item.append(el('button', { type: 'button', class: 'btn btn-secondary btn-small xc-release-withdraw', text: t('exchange.release.withdraw'),
            on: { click: () => withdraw(r, item) } }));
        }
        return item;
      }));
      resized(list);
    } catch (err) {
      fail(err);
    }
  }
  // Withdrawing asks for a reason in place (under the release), not in a browser dialog: readable in every
  // language and on a phone, and the reason is kept with the release (docs/EXCHANGE.md "Releases").
  function withdraw(r, item) {
    if (item.querySelector('.xc-withdraw-form')) return;
    const reason = el('textarea', { name: 'reason', rows: '2', maxlength: '2000', required: true });
    const sub = el('form', { class: 'xc-withdraw-form' },
      el('label', { class: 'xc-release-reason' }, el('span', { text: t('exchange.release.withdrawReason', r.to) }), reason),
      el('div', { class: 'button-row' },
        el('button', { type: 'submit', class: 'btn btn-small xc-withdraw-submit', text: t('exchange.release.withdraw') }),
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'),
          on: { click: () => sub.remove() } })));
    sub.addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = reason.value.trim();
      if (!text) return;
      try {
        await request(`/api/releases/${encodeURIComponent(r.id)}/withdraw`, { method: 'POST', body: { reason: text } });
        await loadList();
        onChanged?.();
      } catch (err) {
        fail(err);
      }
    });
    item.append(sub);
    resized(item);
    reason.focus();
  }
  const form = el('form', { class: 'xc-release-form', hidden: true });
  function openForm() {
    form.hidden = false;
    open.hidden = true;
    // the active parties other than the owner, named in the reader's language (js/organisations.js)
    const orgs = organisations({ activeOnly: true }).filter((o) => o.code !== p.ownerOrg);
    const reason = el('textarea', { name: 'reason', rows: '2', maxlength: '2000', required: true });
    form.replaceChildren(
      el('fieldset', {}, el('legend', { text: t('exchange.release.to') }),
        orgs.map((o) => el('label', { class: 'xc-release-check' },
          el('input', { type: 'checkbox', name: 'to', value: o.code }), el('span', { text: `${o.code} · ${o.name}` })))),
      el('fieldset', {}, el('legend', { text: t('exchange.release.withhold') }),
        FIELDS.map((w) => el('label', { class: 'xc-release-check' },
          el('input', { type: 'checkbox', name: 'withheld', value: w }), el('span', { text: t(`exchange.release.field.${w}`) })))),
      el('label', { class: 'xc-release-reason' }, el('span', { text: t('exchange.release.reason') }), reason),
      el('div', { class: 'button-row' },
        el('button', { type: 'submit', class: 'btn btn-small', text: t('exchange.release.submit') }),
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', text: t('common.cancel'),
          on: { click: () => { form.hidden = true; open.hidden = false; resized(form); } } })));
    resized(form);
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    try {
      await request('/api/releases', { method: 'POST', body: { incident: p.id, to: data.getAll('to'), withheld: data.getAll('withheld'), reason: String(data.get('reason') || '') } });
      form.hidden = true;
      open.hidden = false;
      message.textContent = t('exchange.release.done');
      message.className = 'form-message ok';
      await loadList();
      onChanged?.();
    } catch (err) {
      fail(err);
    }
  });
  const open = el('button', { type: 'button', class: 'btn btn-small xc-release-open', text: t('exchange.release.open'),
    on: { click: openForm } });
  box.append(el('div', { class: 'xc-release-title', text: t('exchange.release.title') }), list, open, form, message);
  loadList();
  return box;
}
