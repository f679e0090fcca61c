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

function csrfToken() {
  const c = document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401) {
    window.location.assign('/login');
    throw new Error('not signed in');
  }
  const data = r.status === 204 ? null : await r.json().catch(() => null);
  if (!r.ok) throw new Error((data && (data.detail || data.title)) || `HTTP ${r.status}`);
  return data;
}

function show(text, kind) {
  const m = document.getElementById('message');
  m.textContent = text;
  m.className = `notice ${kind}`;
}

async function loadTexts() {
  try {
    const r = await fetch('/api/i18n', { headers: { Accept: 'application/json' } });
    if (r.ok) {
      const body = await r.json();
      texts = body && typeof body === 'object' ? (body.messages ?? body) : {};
    }
  } catch (e) { /* keep the English texts of the page */ }
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

async function refresh() {
  const users = await api('GET', '/api/admin/users');
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
          await api('POST', `/api/admin/users/${encodeURIComponent(u.id)}/disable`);
          show(t('admin.done', 'Done.'), 'info');
          await refresh();
        } catch (e) { show(e.message, 'error'); }
      }));
    }
    actions.appendChild(button(t('admin.reset', 'Reset password'), async () => {
      const pw = window.prompt(t('admin.reset.prompt', 'New password for {0}:', u.username));
      if (!pw) return;
      try {
        await api('POST', `/api/admin/users/${encodeURIComponent(u.id)}/password`, { password: pw });
        show(t('admin.done', 'Done.'), 'info');
      } catch (e) { show(e.message, 'error'); }
    }));
    tbody.appendChild(tr);
  }
}

async function main() {
  await loadTexts();
  const me = await api('GET', '/api/me');
  document.getElementById('who').textContent = t('user.signed-in-as', 'Signed in as {0} ({1}, {2})',
    me.displayName, me.org, me.role);
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/logout', { method: 'POST', headers: { 'X-XSRF-TOKEN': csrfToken() }, credentials: 'same-origin' });
    window.location.assign('/login?logout');
  });
  if (me.role !== 'ADMIN') {
    show(t('admin.forbidden', 'Only administrators can manage users.'), 'error');
    return;
  }
  document.getElementById('users').classList.remove('hidden');
  document.getElementById('create').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const body = Object.fromEntries(new FormData(form).entries());
    try {
      await api('POST', '/api/admin/users', body);
      form.reset();
      show(t('admin.done', 'Done.'), 'info');
      await refresh();
    } catch (e) { show(e.message, 'error'); }
  });
  await refresh();
}

main().catch((e) => show(e.message, 'error'));
