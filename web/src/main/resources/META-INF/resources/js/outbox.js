// The one way a field report leaves the device: submitReport(feature) (contract for the phone form and the
// offline outbox). Today it sends at once with a fresh Idempotency-Key; the offline outbox (issue 11) keeps the
// report in IndexedDB first and resends it with the same key until the server has it.
import { api, newKey } from './api.js';

/**
 * Sends one report (a GeoJSON Feature as POST /api/incidents takes it) and its photos (Blobs or Files, JPEG or
 * PNG: POST /api/incidents/{id}/photos after the incident is stored, with its returned id). Resolves to
 * {state: 'sent', incident, photos, photoErrors} when the server stored it, or {state: 'queued', item} when it
 * waits in the outbox; rejects with the server's problem when the server refused the report (4xx: the report
 * is wrong, not the link). A refused photo does not undo the stored report: it is listed in photoErrors.
 */
export async function submitReport(feature, { photos = [] } = {}) {
  const incident = await api.reportIncident(feature, newKey());
  const sent = [];
  const photoErrors = [];
  for (const photo of photos) {
    try {
      sent.push(await api.addIncidentPhoto(incident.id, photo, newKey()));
    } catch (e) {
      photoErrors.push(e);
    }
  }
  return { state: 'sent', incident, photos: sent, photoErrors };
}

/** How many reports wait to be sent. */
export function pendingCount() {
  return 0;
}

/** cb() after every change of the outbox (queued, sending, sent, rejected); returns an unsubscribe function. */
export function onOutboxChange(cb) {
  return () => {};
}
