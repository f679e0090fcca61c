import { api as server, request } from './api.js';
import { createLanguageSwitch } from './lang-switch.js';
import { parseNumber, useTexts, dateTimeText } from './i18n.js';

// Admin page (issue 3): list, create and disable users, reset a password. Everything the server sends is
// shown with textContent only (no HTML parsing of data). State-changing requests carry the CSRF token from the
// XSRF-TOKEN cookie as the X-XSRF-TOKEN header. Texts: /api/i18n when the server has it, else the English
// text already in the page.

let texts = {};

function t(key, fallback, ...args) {
  let s = texts[key] ?? fallback ?? key;
  args.forEach((a, i) => { s = s.replaceAll(`{${i}}`, String(a)); });
  return s;
}

/** All requests go through api.js (CSRF header, problem+json errors, redirect to /login on 401). */
const call = (method, path, body) => request(path, { method, body });

function show(text, kind) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.className = `notice ${kind}`;
}

async function loadTexts() {
  try {
    const body = await server.texts(new URLSearchParams(window.location.search).get('lang') || undefined);
    texts = body && typeof body === 'object' ? (body.messages ?? body) : {};
  } catch (e) { /* keep the English texts of the page */ }
  useTexts(texts); // the formatting tables and <html lang>
  const lang = document.documentElement.lang;
  document.getElementById('who')?.after(' ', createLanguageSwitch({ api: server, signedIn: true, current: lang,
    label: typeof texts['lang.switch'] === 'string' ? texts['lang.switch'] : 'Language' }));
  document.querySelectorAll('[data-i18n]').forEach((el) => {
    const k = el.getAttribute('data-i18n');
    if (typeof texts[k] === 'string') el.textContent = texts[k];
  });
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** The organisations (GET /api/organisations): the user form's select lists the active ones, names in the reader's language. */
let orgs = [];

async function loadOrgs() {
  // in the page's language (it may come from ?lang=, which the API call does not carry)
  orgs = await call('GET', `/api/organisations?lang=${encodeURIComponent(document.documentElement.lang || 'en')}`);
  const select = document.getElementById('user-org');
  const current = select.value;
  select.replaceChildren(...orgs.filter((o) => o.active).map((o) => {
    const opt = document.createElement('option');
    opt.value = o.code;
    opt.textContent = `${o.code} · ${o.name}`;
    return opt;
  }));
  if (current && orgs.some((o) => o.code === current && o.active)) select.value = current;
}

/** The organisations table for the joint body's administrator: add one, make one inactive or active again. */
async function refreshOrgs() {
  await loadOrgs();
  const tbody = document.getElementById('org-rows');
  tbody.replaceChildren();
  for (const o of orgs) {
    const tr = document.createElement('tr');
    if (!o.active) tr.className = 'disabled';
    cell(tr, o.code);
    cell(tr, o.name);
    cell(tr, t(`exchange.orgs.kind.${o.kind}`, o.kind));
    cell(tr, o.country ?? '–');
    cell(tr, o.active ? t('admin.enabled.yes', 'yes') : t('admin.enabled.no', 'no'));
    const actions = cell(tr, '');
    if (o.kind !== 'JOINT') {
      const label = o.active ? t('exchange.orgs.deactivate', 'Make inactive') : t('exchange.orgs.activate', 'Make active');
      actions.appendChild(button(label, async () => {
        try {
          await call('PUT', `/api/admin/organisations/${encodeURIComponent(o.code)}`, { active: !o.active });
          show(t('admin.done', 'Done.'), 'info');
          await refreshOrgs();
        } catch (e) { show(e.message, 'error'); }
      }));
    }
    tbody.appendChild(tr);
  }
}

function startOrgs() {
  document.getElementById('orgs').classList.remove('hidden');
  document.getElementById('org-create').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const d = Object.fromEntries(new FormData(form).entries());
    const names = {};
    if (d.km) names.km = d.km;
    if (d.lo) names.lo = d.lo;
    const body = { code: d.code, name: d.name, names, kind: d.kind, country: d.country || null };
    try {
      await call('POST', '/api/admin/organisations', body);
      form.reset();
      show(t('exchange.orgs.created', 'Organisation {0} added: you can now create its users.', body.code), 'info');
      await refreshOrgs();
    } catch (e) { show(e.message, 'error'); }
  });
  return refreshOrgs();
}

async function refresh() {
  const users = await call('GET', '/api/admin/users');
  const tbody = document.getElementById('rows');
  tbody.replaceChildren();
  for (const u of users) {
    const tr = document.createElement('tr');
    if (!u.enabled) tr.className = 'disabled';
    cell(tr, u.username);
    cell(tr, u.displayName);
    cell(tr, u.org);
    cell(tr, u.role);
    cell(tr, u.enabled ? t('admin.enabled.yes', 'yes') : t('admin.enabled.no', 'no'));
    const actions = cell(tr, '');
    if (u.enabled) {
      actions.appendChild(button(t('admin.disable', 'Disable'), async () => {
        if (!window.confirm(t('admin.confirm-disable', 'Disable {0}?', u.username))) return;
        try {
          await call('POST', `/api/admin/users/${encodeURIComponent(u.id)}/disable`);
          show(t('admin.done', 'Done.'), 'info');
          await refresh();
        } catch (e) { show(e.message, 'error'); }
      }));
    }
    actions.appendChild(button(t('admin.reset', 'Reset password'), async () => {
      const pw = window.prompt(t('admin.reset.prompt', 'New password for {0}:', u.username));
      if (!pw) return;
      try {
        await call('POST', `/api/admin/users/${encodeURIComponent(u.id)}/password`, { password: pw });
        show(t('admin.done', 'Done.'), 'info');
      } catch (e) { show(e.message, 'error'); }
    }));
    tbody.appendChild(tr);
  }
}

/** The caller's API tokens (every signed-in user): list, create (the secret shown once), revoke. */
async function refreshTokens() {
  const tokens = await call('GET', '/api/tokens');
  const tbody = document.getElementById('token-rows');
  tbody.replaceChildren();
  const when = (v) => (v ? dateTimeText(v) : t('tokens.never', 'never'));
  for (const k of tokens) {
    const tr = document.createElement('tr');
    if (k.revokedAt) tr.className = 'disabled';
    cell(tr, k.name);
    cell(tr, `${k.prefix}…`);
    cell(tr, when(k.createdAt));
    cell(tr, when(k.expiresAt));
    cell(tr, when(k.lastUsedAt));
    cell(tr, k.revokedAt ? t('tokens.revoked', 'revoked') : t('tokens.live', 'active'));
    const actions = cell(tr, '');
    if (!k.revokedAt) {
      actions.appendChild(button(t('tokens.revoke', 'Revoke'), async () => {
        if (!window.confirm(t('tokens.confirm-revoke', 'Revoke the token {0}?', k.name))) return;
        try {
          await call('DELETE', `/api/tokens/${encodeURIComponent(k.id)}`);
          document.getElementById('token-secret').classList.add('hidden');
          show(t('admin.done', 'Done.'), 'info');
          await refreshTokens();
        } catch (e) { show(e.message, 'error'); }
      }));
    }
    tbody.appendChild(tr);
  }
}

function startTokens() {
  document.getElementById('tokens').classList.remove('hidden');
  document.getElementById('token-create').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const data = new FormData(form);
    const days = String(data.get('expiresInDays') ?? '').trim();
    const parsed = parseNumber(days);
    const body = { name: String(data.get('name') ?? ''), expiresInDays: days === '' ? null : Number.isNaN(parsed) ? days : parsed };
    try {
      const created = await call('POST', '/api/tokens', body);
      form.reset();
      document.getElementById('token-value').textContent = created.token;
      document.getElementById('token-secret').classList.remove('hidden');
      await refreshTokens();
    } catch (e) { show(e.message, 'error'); }
  });
  return refreshTokens();
}

async function main() {
  await loadTexts();
  const me = await call('GET', '/api/me');
  document.getElementById('who').textContent = t('user.signed-in-as', 'Signed in as {0} ({1}, {2})',
    me.displayName, me.org, me.role);
  document.getElementById('logout').addEventListener('click', async () => {
    await server.logout();
    window.location.assign('/login?logout');
  });
  await startTokens();
  if (me.role !== 'ADMIN') {
    if (window.location.hash !== '#tokens') show(t('admin.forbidden', 'Only administrators can manage users.'), 'error');
    return;
  }
  document.getElementById('users').classList.remove('hidden');
  await loadOrgs();
  // organisations are added by the joint body's administrator (the server checks it too: 403 for a country's)
  if (orgs.some((o) => o.code === me.org && o.kind === 'JOINT')) await startOrgs();
  document.getElementById('create').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const body = Object.fromEntries(new FormData(form).entries());
    try {
      await call('POST', '/api/admin/users', body);
      form.reset();
      show(t('admin.done', 'Done.'), 'info');
      await refresh();
    } catch (e) { show(e.message, 'error'); }
  });
  await refresh();
}

main().catch((e) => show(e.message, 'error'));
