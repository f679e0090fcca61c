// Borderzone's service worker (scope /, docs/OFFLINE.md): the map opens and shows the last viewed data without
// a network. The server renders this file with the build (offline/ShellController): its version, the base of the
// versioned static files (/app/<version>) and their list.
//   - the shell (the page, the scripts, styles, fonts and Leaflet): kept at install, cache-first by their
//     versioned URLs; the page itself network-first (a new build is seen at once), from the cache offline;
//   - the base map (/api/basemap/*, the same for every user), the texts and the configuration (public, read
//     before the page knows who is signed in): network-first, kept in a shared cache;
//   - the data the map reads (GET /api/*, /tiles/*): network-first with the cache as the fallback, tiles
//     cache-first by their versioned URL; kept per user (two users may share a device) and deleted on sign-out;
//     never a problem (non-2xx) answer, never one the server marked no-store. A cached copy carries the time it
//     was fetched (X-Bz-Cached-At); the page is told when it is shown data from the cache (the offline banner).
// Writes (POST…) are never touched: the outbox (js/outbox.js) sends reports from the page.

self.BZ_BUILD = null;
const BUILD = self.BZ_BUILD || { version: 'dev', base: '', files: [] };

const SHELL = `bz-shell-${BUILD.version}`;
const BASEMAP = 'bz-basemap-v1';
const DATA = 'bz-data-';
const META = 'bz-meta';
const USER_KEY = '/__bz/user';
/** An API read that takes longer than this is answered from the cache (when there is a copy) meanwhile. */
const API_TIMEOUT_MS = 10000;
const NAV_TIMEOUT_MS = 6000;

/** Leaflet's own images, referenced from its CSS. */
const LEAFLET_IMAGES = ['layers.png', 'layers-2x.png', 'marker-icon.png', 'marker-icon-2x.png', 'marker-shadow.png'];

let user; // undefined: not read yet; null: nobody signed in

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const page = await fetch('/', { cache: 'no-cache', credentials: 'same-origin' });
    if (!page.ok) throw new Error(`shell: ${page.status}`);
    const html = await page.clone().text();
    await cache.put('/', page);
    // what the page references (its own styles, the webjars), the modules main.js imports, Leaflet's images
    const refs = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
    const leaflet = refs.find((r) => /\/webjars\/leaflet\/[^/]+\/dist\/leaflet\.css$/.test(r));
    const urls = new Set([...refs, ...BUILD.files.map((f) => BUILD.base + f),
      ...(leaflet ? LEAFLET_IMAGES.map((i) => leaflet.replace(/leaflet\.css$/, `images/${i}`)) : [])]);
    await Promise.all([...urls].map((u) => cache.add(u).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('bz-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'bz-signout') user = null;
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  // The live stream never passes through here: nothing of it can be kept, and a stream the worker relays would
  // live as long as the worker, not as its page (docs/LIVE.md "Leaving a page").
  if (path === '/api/events' || (request.headers.get('Accept') || '').includes('text/event-stream')) return;
  if (request.mode === 'navigate') {
    if (path === '/' || path === '/index.html' || path === '/admin.html') event.respondWith(page(request, path));
    return;
  }
  if (path.startsWith('/app/') || path.startsWith('/webjars/')) {
    event.respondWith(cacheFirst(SHELL, request));
  } else if (path.startsWith('/api/basemap/') || path.startsWith('/fonts/') || path === '/api/i18n' || path === '/api/config') {
    event.respondWith(networkFirst(request, event.clientId, async () => BASEMAP));
  } else if (path === '/api/me') {
    event.respondWith(me(request, event.clientId));
  } else if (path.startsWith('/tiles/') && path.endsWith('.mvt') && url.searchParams.has('v')) {
    event.respondWith(tile(request, event.clientId));
  } else if ((path.startsWith('/api/') || path.startsWith('/tiles/')) && !/^\/api\/(exports|admin|tokens|audit)(\/|$)/.test(path)
      && !path.startsWith('/api/incidents/import')) {
    event.respondWith(networkFirst(request, event.clientId, dataCache));
  }
  // everything else (health, login, OGC API…) goes to the network as usual
});

/** The page: from the network (its ETag makes that a 304), from the cache when that fails or takes too long. */
async function page(request, path) {
  const cache = await caches.open(SHELL);
  try {
    const response = await withTimeout(fetch(request), NAV_TIMEOUT_MS);
    if (response.ok && path === '/') cache.put('/', response.clone());
    if (response.ok || !(await cache.match(path === '/admin.html' ? path : '/'))) return response;
  } catch (e) {
    // offline or unreachable: the cached shell below
  }
  return (await cache.match(path === '/admin.html' ? path : '/')) || Response.error();
}

async function cacheFirst(name, request) {
  const cache = await caches.open(name);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

/** The signed-in user's data cache (null: nobody, then nothing is kept). */
async function dataCache() {
  if (user === undefined) {
    const stored = await (await caches.open(META)).match(USER_KEY);
    user = stored ? await stored.text() : null;
  }
  return user ? DATA + encodeURIComponent(user) : null;
}

async function setUser(name) {
  user = name;
  const meta = await caches.open(META);
  if (name) await meta.put(USER_KEY, new Response(name));
  else await meta.delete(USER_KEY);
}

/** /api/me says who is signed in: that decides the data cache (and a 401 that nobody is). */
async function me(request, clientId) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const body = await response.clone().json().catch(() => null);
      if (body?.username) {
        await setUser(body.username);
        await keep(await dataCache(), request, response.clone());
      }
    } else if (response.status === 401) {
      await setUser(null);
    }
    tell(clientId, { type: 'bz-fresh' });
    return response;
  } catch (e) {
    return fromCache(await dataCache(), request, clientId, e);
  }
}

async function tile(request, clientId) {
  const name = await dataCache();
  const hit = name ? await (await caches.open(name)).match(request) : null;
  if (hit) return hit;
  return networkFirst(request, clientId, async () => name);
}

/**
 * From the network; kept in the cache `which()` names when it is a success the server lets us keep. When the
 * network fails, answers 502–504 or takes longer than API_TIMEOUT_MS, the cached copy (the page is told).
 */
async function networkFirst(request, clientId, which) {
  const name = await which();
  const network = fetch(request).then(async (response) => {
    if (name && keepable(response)) await keep(name, request, response.clone());
    return response;
  });
  try {
    const response = await withTimeout(network, API_TIMEOUT_MS);
    if (response.status >= 502 && response.status <= 504) {
      const cached = name ? await fromCache(name, request, clientId, null) : null;
      if (cached && cached.ok) return cached;
    } else {
      tell(clientId, { type: 'bz-fresh' });
    }
    return response;
  } catch (e) {
    const cached = name ? await fromCache(name, request, clientId, e) : null;
    if (cached && cached.ok) return cached;
    // no copy: wait for the network after all (a slow link), or fail as the network did
    return e && e.timeout ? network : Promise.reject(e);
  }
}

function keepable(response) {
  if (!response.ok || response.status === 206) return false;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('problem+json')) return false;
  return !/no-store/i.test(response.headers.get('Cache-Control') || '');
}

/** A copy with the time it was fetched. */
async function keep(name, request, response) {
  const headers = new Headers(response.headers);
  headers.set('X-Bz-Cached-At', String(Date.now()));
  const body = response.status === 204 ? null : await response.blob();
  await (await caches.open(name)).put(request, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

async function fromCache(name, request, clientId, error) {
  const hit = name ? await (await caches.open(name)).match(request) : null;
  if (!hit) {
    if (error && !error.timeout) throw error;
    return null;
  }
  tell(clientId, { type: 'bz-cached', cachedAt: Number(hit.headers.get('X-Bz-Cached-At')) || null, url: request.url });
  return hit;
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { timeout: true })), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function tell(clientId, message) {
  if (!clientId) return;
  const client = await self.clients.get(clientId);
  client?.postMessage(message);
}
