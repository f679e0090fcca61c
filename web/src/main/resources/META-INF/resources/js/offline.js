// Working without a link (docs/OFFLINE.md): registers the service worker (/sw.js), shows the
// "offline — data from HH:MM" banner while the network is down or the server does not answer, and warns when
// data on the map comes from the device's cache; clears the cached data on sign-out. The outbox (outbox.js) and
// its header badge (outbox-ui.js) are started from here.
import { request } from './api.js';
import * as i18n from './i18n.js';
import { timeText } from './time-text.js';
import { el } from './dom.js';
import { setOutboxUser, pendingCount, sendNow, onOutboxChange, outboxItems } from './outbox.js';
import { createOutboxUi } from './outbox-ui.js';

/** How often the server is asked whether it is there (a few bytes): online, and while it is not. */
const PROBE_ONLINE_MS = 30000;
const PROBE_OFFLINE_MS = 10000;

const state = {
  online: true, // the last probe (or the browser) says the server answers
  lastGood: Date.now(), // when the server last answered
  cachedAt: null, // the oldest copy from the device's cache shown since the link was last fine
  banner: null,
};

/** Starts it all once the map knows who is signed in (`me` from /api/me, or null). */
export function startOffline(me, { canReport = false, map = null } = {}) {
  registerServiceWorker();
  // a strip between the header and the map (it covers nothing); the map is told when its height changes
  state.banner = el('div', { id: 'offline-banner', class: 'offline-banner', role: 'status', 'aria-live': 'polite', hidden: true });
  document.querySelector('.topbar')?.after(state.banner);
  if (map && window.ResizeObserver) new ResizeObserver(() => map.invalidateSize({ pan: false })).observe(map.getContainer());
  navigator.serviceWorker?.addEventListener('message', (e) => {
    if (e.data?.type === 'bz-cached') {
      if (e.data.cachedAt) state.cachedAt = state.cachedAt ? Math.min(state.cachedAt, e.data.cachedAt) : e.data.cachedAt;
      render();
    } else if (e.data?.type === 'bz-fresh' && state.online) {
      state.lastGood = Date.now();
    }
  });
  window.addEventListener('offline', () => setOnline(false));
  window.addEventListener('online', () => probe());
  if (!navigator.onLine) setOnline(false);
  schedule();
  let ui = canReport ? createOutboxUi() : null;
  setOutboxUser(me?.username || null);
  let before = 0;
  onOutboxChange(() => {
    if (!ui && outboxItems().length) ui = createOutboxUi(); // reports left from when the user could report
    const sent = outboxItems().filter((i) => i.state === 'sent').length;
    if (sent > before) refreshMap(); // a report went out in the background: show it
    before = sent;
  });
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e) => console.warn('service worker', e));
}

let probeTimer = null;
function schedule() {
  clearTimeout(probeTimer);
  probeTimer = setTimeout(probe, state.online ? PROBE_ONLINE_MS : PROBE_OFFLINE_MS);
}

/** Is the server there? /actuator/health (not kept by the service worker) answers in a few bytes. */
export async function probe() {
  let ok = false;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    await request('/actuator/health', { signal: controller.signal });
    ok = true;
  } catch (e) {
    ok = false; // no answer, or DOWN (503: the server is there but has no data for us)
  } finally {
    clearTimeout(timer);
  }
  setOnline(ok && navigator.onLine !== false);
  schedule();
  return ok;
}

function setOnline(online) {
  const was = state.online;
  state.online = online;
  if (online) {
    state.lastGood = Date.now();
    if (!was) {
      state.cachedAt = null;
      sendNow();
      refreshMap();
    }
  }
  render();
  if (!online && was) schedule();
}

/** After the link returns: new layer versions and fresh data instead of what the cache gave. */
function refreshMap() {
  const bz = window.borderzone;
  if (!bz) return;
  bz.versions?.poll?.();
  bz.incidents?.refresh?.();
  bz.hot?.refresh?.();
}

function render() {
  const b = state.banner;
  if (!b) return;
  const from = timeText(state.cachedAt || state.lastGood);
  let text = null;
  if (!state.online) text = navigator.onLine === false ? i18n.t('offline.banner', from) : i18n.t('offline.unreachable', from);
  else if (state.cachedAt) text = i18n.t('offline.stale', timeText(state.cachedAt));
  b.hidden = !text;
  b.textContent = text || '';
  b.classList.toggle('offline-banner-stale', Boolean(state.online && state.cachedAt));
  document.body.classList.toggle('is-offline', !state.online);
  b.dataset.state = !state.online ? 'offline' : state.cachedAt ? 'stale' : 'online';
}

/**
 * Before signing out: reports still waiting stay on the device (for this user's next sign-in), so ask first; then
 * the cached data of every user is deleted and the service worker forgets who was signed in. False: stay.
 */
export async function signOutCleanup() {
  const n = pendingCount();
  if (n > 0 && !window.confirm(i18n.t('outbox.signoutPending', n))) return false;
  try {
    if (window.caches) {
      for (const name of await caches.keys()) {
        if (name.startsWith('bz-data-') || name === 'bz-meta') await caches.delete(name);
      }
    }
    navigator.serviceWorker?.controller?.postMessage({ type: 'bz-signout' });
  } catch (e) {
    console.warn('sign-out cleanup', e);
  }
  return true;
}
