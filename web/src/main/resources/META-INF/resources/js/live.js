// Live updates from the server: ONE EventSource per tab on GET /api/events (Server-Sent Events, docs/LIVE.md),
// opened on first use, authenticated by the session cookie (EventSource cannot send an Authorization header).
// onLive(kinds, cb): cb(event) for every event whose kind is in `kinds` (e.g. ['incident', 'segment']), and for
// every 'reset' (the server could not replay what this tab missed: reload everything); an event is
// {id, kind, entityId, action, layers}; returns an unsubscribe function.
// onLiveState(cb): cb('open' | 'connecting' | 'closed') now and on every change; returns an unsubscribe function.
//
// A dropped stream is reopened by the browser itself, which sends the last id it received as Last-Event-ID; the
// server replays what was missed. When the server refuses the stream (signed out, 429, 503) the browser gives
// up: then this module retries with a growing delay, passing the last id as ?lastEventId=.

const listeners = new Set();
const stateListeners = new Set();
let source = null;
let state = 'closed';
let lastId = null;
let retryTimer = null;
let backoff = 1000;
let leaving = false; // between pagehide and pageshow: no stream is opened (see below)

function setState(next) {
  if (next === state) return;
  state = next;
  document.documentElement.dataset.live = next; // for tests and styles
  stateListeners.forEach((fn) => fn(next));
}

function dispatch(event) {
  for (const l of listeners) {
    if (event.kind === 'reset' || l.kinds.has(event.kind)) {
      try {
        l.cb(event);
      } catch (e) {
        console.error(e);
      }
    }
  }
}

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, backoff);
  backoff = Math.min(backoff * 2, 30000);
}

function connect() {
  if (source || leaving || typeof window.EventSource === 'undefined') return;
  clearTimeout(retryTimer);
  setState('connecting');
  const url = lastId ? `/api/events?lastEventId=${encodeURIComponent(lastId)}` : '/api/events';
  const es = new window.EventSource(url);
  source = es;
  es.onopen = () => {
    backoff = 1000;
    setState('open');
  };
  es.onmessage = (m) => {
    if (m.lastEventId) lastId = m.lastEventId;
    let event;
    try {
      event = JSON.parse(m.data);
    } catch (e) {
      return;
    }
    if (event.kind === 'ready') {
      setState('open');
      return;
    }
    dispatch(event);
  };
  es.onerror = () => {
    if (es.readyState === window.EventSource.CLOSED) {
      es.close();
      if (source === es) source = null;
      setState('closed');
      scheduleRetry();
    } else {
      setState('connecting'); // the browser reconnects by itself, with Last-Event-ID
    }
  };
}

// A page that is left closes its stream at once. Left open, the stream of a page the browser keeps in its
// back/forward cache held one of the six connections it allows per server until the server's next heartbeat
// found it gone (a minute): a few pages later the map's first requests waited ~50 s (docs/LIVE.md). Shown again
// from that cache, the page reconnects with the last id it had, and the server replays what it missed.
// Nothing opens one while the page is leaving: a module that subscribes after pagehide (a load still finishing)
// would otherwise leave a stream open in the frozen page, where nothing closes it.
window.addEventListener('pagehide', () => {
  leaving = true;
  clearTimeout(retryTimer);
  if (source) {
    source.close();
    source = null;
  }
  setState('closed');
});
window.addEventListener('pageshow', (e) => {
  leaving = false;
  if (e.persisted && (listeners.size || stateListeners.size)) {
    backoff = 1000;
    connect();
  }
});

window.addEventListener('online', () => {
  if (!source) {
    backoff = 1000;
    connect();
  }
});

export function onLive(kinds, cb) {
  const l = { kinds: new Set(kinds), cb };
  listeners.add(l);
  connect();
  return () => listeners.delete(l);
}

export function onLiveState(cb) {
  stateListeners.add(cb);
  cb(state);
  connect();
  return () => stateListeners.delete(cb);
}

/** The connection state now: 'open' | 'connecting' | 'closed'. */
export const liveState = () => state;
