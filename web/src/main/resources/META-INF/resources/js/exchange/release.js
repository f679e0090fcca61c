// Explicit releases in the incident popup (issue 12, item 2; docs/EXCHANGE.md "Releases"). One entry point,
// releaseControl(feature, roles, onChanged), appended to the popup by layers/incidents.js:
// - a recipient (the incident reached it through a release) reads "Released by KH on <date>; withheld: …";
// - a planner of the owner organisation, on a NATIONAL incident, gets "Release…": parties (GET /api/organisations,
//   never the own one), fields to withhold, a reason (POST /api/releases), and the list of the incident's releases
//   with Withdraw (GET /api/incidents/{id}/releases, POST /api/releases/{id}/withdraw).
// The server decides everything (docs/SECURITY.md); this only hides what the user cannot do.
import { request } from '../api.js';
import { t, dateText } from '../i18n.js';
import { el } from '../dom.js';

const FIELDS = ['description', 'source', 'reporter', 'photos', 'location_detail'];

let parties = null;
async function organisations() {
  if (!parties) parties = request('/api/organisations').catch((e) => { parties = null; throw e; });
  return parties;
}

function withheldText(list) {
  return list && list.length ? list.map((f) => t(`exchange.release.field.${f}`)).join(', ') : t('exchange.release.whole');
}

/** The release block of an incident popup, or null when there is nothing to show or do. */
export function releaseControl(f, roles, onChanged) {
  const p = f.properties;
  if (p.release) {
    return el('div', { class: 'xc-release xc-release-received', role: 'note' },
      el('span', { text: t('exchange.release.received', p.release.by, dateText(p.release.at)) }),
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
      list.replaceChildren(...rows.map((r) => el('li', { class: `xc-release-item ${r.state === 'OPEN' ? 'open' : 'withdrawn'}` },
        el('span', { text: t(`exchange.release.state.${r.state}`, r.to, dateText(r.state === 'OPEN' ? r.releasedAt : r.withdrawnAt)) }),
        el('span', { class: 'xc-release-withheld', text: t('exchange.release.withheldList', withheldText(r.withheld)) }),
        r.state === 'OPEN' ? el('button', { type: 'button', class: 'btn btn-secondary btn-small xc-release-withdraw', text: t('exchange.release.withdraw'),
          on: { click: () => withdraw(r) } }) : null)));
    } catch (err) {
      fail(err);
    }
  }
  async function withdraw(r) {
    const reason = window.prompt(t('exchange.release.withdrawReason', r.to));
    if (!reason) return;
    try {
      await request(`/api/releases/${encodeURIComponent(r.id)}/withdraw`, { method: 'POST', body: { reason } });
      await loadList();
      onChanged?.();
    } catch (err) {
      fail(err);
    }
  }
  const form = el('form', { class: 'xc-release-form', hidden: true });
  async function openForm() {
    form.hidden = false;
    open.hidden = true;
    let orgs = [];
    try {
      orgs = (await organisations()).filter((o) => o.code !== p.ownerOrg);
    } catch (err) {
      fail(err);
    }
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
          on: { click: () => { form.hidden = true; open.hidden = false; } } })));
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
