// The one way a field report leaves the device: submitReport(feature[, {photos}]) (contract for the phone form and
// the offline outbox; docs/OFFLINE.md). The report is written to IndexedDB with a client id (a UUID in
// properties.clientId) BEFORE any network attempt, then sent; whatever the link does, it is sent again with the same
// id until the server has answered (the server stores one incident per user and client id, V19: a resend answers
// the stored incident, never a duplicate). Sent on `online`, on focus, on a timer with backoff and on "send now".
// Each item is queued → sending → sent, or rejected with the server's problem (a 4xx: the report is wrong, not the
// link). Items belong to the user who made them: two users may share a device, and one never sends the other's.
import { api, request, ApiError } from './api.js';
import { openDb, inStore } from './idb.js';

const DB_NAME = 'borderzone-outbox';
const STORE = 'items';
/** Backoff between automatic attempts: 5 s, doubled per failure, at most 5 min (with ±20 % jitter). */
const FIRST_DELAY_MS = 5000;
const MAX_DELAY_MS = 5 * 60 * 1000;
/** Sent items stay listed this long ("sent"), then they are removed from the device. */
const KEEP_SENT_MS = 24 * 3600 * 1000;

let dbPromise = null;
let user = null;
let items = []; // the current user's items, newest first (a copy of the store)
const listeners = new Set();
let timer = null;
let flushing = null;
let started = false;

const db = () => {
  if (!dbPromise) {
    dbPromise = openDb(DB_NAME, 1, (d) => {
      const store = d.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('user', 'user');
    });
  }
  return dbPromise;
};

/** A random (version 4) UUID; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newClientId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const save = async (item) => inStore(await db(), STORE, 'readwrite', (s) => s.put(item));

async function reload() {
  if (!user) {
    items = [];
  } else {
    const all = await inStore(await db(), STORE, 'readonly', (s) => s.index('user').getAll(user));
    items = (all || []).sort((a, b) => b.createdAt - a.createdAt);
  }
  changed();
}

function changed() {
  for (const cb of [...listeners]) {
    try {
      cb();
    } catch (e) {
      console.error(e);
    }
  }
}

/**
 * Who is signed in (from /api/me; null when nobody): the outbox shows and sends only their items. Called once the
 * map knows the user; starts the triggers (online, focus, the timer).
 */
export async function setOutboxUser(username) {
  user = username || null;
  if (!started) {
    started = true;
    window.addEventListener('online', () => flush());
    window.addEventListener('focus', () => flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') flush();
    });
  }
  if (!user) return reload();
  // an item left "sending" by a closed page is sent again (its client id makes that safe); old sent ones go
  const now = Date.now();
  const all = await inStore(await db(), STORE, 'readonly', (s) => s.index('user').getAll(user));
  for (const it of all || []) {
    if (it.state === 'sending') await save({ ...it, state: 'queued' });
    else if (it.state === 'sent' && now - (it.sentAt || 0) > KEEP_SENT_MS) {
      await inStore(await db(), STORE, 'readwrite', (s) => s.delete(it.id));
    }
  }
  await reload();
  flush();
  return undefined;
}

/**
 * Sends one report (a GeoJSON Feature as POST /api/incidents takes it; `photos`: Blobs kept with it and sent after
 * the incident). Resolves to {state: 'sent', incident} when the server stored it, or {state: 'queued', item} when
 * it waits in the outbox; rejects with the server's problem (an ApiError) when the server refused it (4xx: the
 * report is wrong, not the link); the form shows it, and the refused report is not kept.
 */
export async function submitReport(feature, { photos = [] } = {}) {
  const id = newClientId();
  const f = JSON.parse(JSON.stringify(feature));
  f.properties = { ...(f.properties || {}), clientId: id };
  const item = {
    id, user, feature: f, photos: [...photos], state: 'queued', createdAt: Date.now(), attempts: 0,
    nextAttemptAt: 0, lastError: null, problem: null, incident: null, incidentId: null, sentAt: null,
  };
  await save(item); // on the device before anything goes on the wire
  requestPersistence();
  await reload();
  const done = await sendOne(item, { fromForm: true });
  if (done.state === 'sent') return { state: 'sent', incident: done.incident };
  if (done.state === 'rejected') {
    await inStore(await db(), STORE, 'readwrite', (s) => s.delete(id));
    await reload();
    throw done.error;
  }
  schedule();
  return { state: 'queued', item: done };
}

/** How many of the current user's reports wait to be sent (queued or sending; refused ones not). */
export function pendingCount() {
  return items.filter((i) => i.state === 'queued' || i.state === 'sending').length;
}

/** The current user's items, newest first: {id, state, feature, createdAt, attempts, nextAttemptAt, lastError, problem, incidentId, sentAt, photos}. */
export function outboxItems() {
  return items.map((i) => ({ ...i }));
}

/** cb() after every change of the outbox (queued, sending, sent, rejected); returns an unsubscribe function. */
export function onOutboxChange(cb) {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** "Send now": every waiting item of the user at once, whatever its backoff says. */
export function sendNow() {
  return flush({ force: true });
}

/** Removes one item (a refused report the user has read, or one they no longer want to send). */
export async function discard(id) {
  const it = items.find((i) => i.id === id);
  if (!it || it.state === 'sending') return;
  await inStore(await db(), STORE, 'readwrite', (s) => s.delete(id));
  await reload();
}

/** The waiting and refused reports as a GeoJSON FeatureCollection (kept by hand if the browser evicts the outbox). */
export function pendingAsGeoJson() {
  const features = items.filter((i) => i.state !== 'sent').map((i) => ({
    ...i.feature,
    properties: { ...i.feature.properties, outboxState: i.state, savedAt: new Date(i.createdAt).toISOString(),
      photos: i.photos?.length || 0, problem: i.problem?.detail || null },
  }));
  return { type: 'FeatureCollection', features };
}

let persistAsked = false;
/** Asks the browser to keep the outbox under storage pressure (a no-op in ordinary Safari tabs: docs/OFFLINE.md). */
export async function requestPersistence() {
  if (persistAsked || !navigator.storage?.persist) return null;
  persistAsked = true;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch (e) {
    return false;
  }
}

/** Sends the user's waiting items one after the other (one flush at a time). */
function flush({ force = false } = {}) {
  if (flushing) return flushing.then(() => (force ? flush({ force }) : undefined));
  flushing = (async () => {
    try {
      await reload();
      const now = Date.now();
      for (const it of [...items].reverse()) { // oldest first
        if (it.state !== 'queued' || (!force && it.nextAttemptAt > now)) continue;
        const done = await sendOne(it, {});
        if (done.offline) break; // the link is down: the others would fail the same way
      }
    } finally {
      flushing = null;
      schedule();
    }
  })();
  return flushing;
}

/** The next automatic attempt: when the earliest waiting item's backoff ends. */
function schedule() {
  clearTimeout(timer);
  const waiting = items.filter((i) => i.state === 'queued');
  if (!waiting.length) return;
  const next = Math.min(...waiting.map((i) => i.nextAttemptAt || 0));
  timer = setTimeout(() => flush(), Math.max(1000, next - Date.now()));
}

/** Whether a failure is the link's (try again later) rather than the report's. */
function transient(e) {
  return !(e instanceof ApiError) || e.status === 0 || e.status === 401 || e.status === 408 || e.status === 429
    || e.status >= 500;
}

/** One attempt for one item; resolves to the item as stored afterwards (plus `error`/`offline` for the caller). */
async function sendOne(item, { fromForm }) {
  if (!item.user || item.user !== user) return item; // never under another user's session
  let it = { ...item, state: 'sending', attempts: item.attempts + 1 };
  await save(it);
  await reload();
  try {
    if (!it.incidentId) {
      const incident = await api.reportIncident(it.feature, it.id);
      it = { ...it, incident, incidentId: incident?.id ?? incident?.properties?.id ?? null };
      await save(it);
    }
    for (const photo of it.photos || []) {
      await request(`/api/incidents/${encodeURIComponent(it.incidentId)}/photos`, {
        method: 'POST', raw: photo, contentType: photo.type || 'application/octet-stream', idempotencyKey: `${it.id}-photo-${it.photos.indexOf(photo)}`,
      });
    }
    it = { ...it, state: 'sent', sentAt: Date.now(), photos: [], lastError: null, problem: null, nextAttemptAt: 0 };
    await save(it);
    await reload();
    return it;
  } catch (e) {
    if (transient(e)) {
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(10, it.attempts - 1)) * (0.8 + Math.random() * 0.4);
      it = { ...it, state: 'queued', lastError: e.detail || e.message, nextAttemptAt: Date.now() + delay };
      await save(it);
      await reload();
      return { ...it, offline: !(e instanceof ApiError) || e.status === 0 };
    }
    it = { ...it, state: 'rejected', lastError: e.detail || e.message, problem: e.problem || { status: e.status, detail: e.detail } };
    if (!fromForm) {
      await save(it);
      await reload();
    }
    return { ...it, error: e };
  }
}
