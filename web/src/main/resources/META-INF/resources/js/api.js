// The single place where the front end talks to the server. Every error becomes an ApiError carrying the
// RFC 9457 problem's `detail` (and the offending `field`s), so panels can show what the server said.

export class ApiError extends Error {
  constructor(status, title, detail, errors = []) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    /** [{field, message}] from the problem document. */
    this.errors = Array.isArray(errors) ? errors : [];
  }

  /** True when the endpoint does not exist (yet) on this server: the UI degrades instead of failing. */
  get missing() {
    return this.status === 404 || this.status === 405 || this.status === 501;
  }
}

/** The CSRF token the server put in the XSRF-TOKEN cookie (sent back as X-XSRF-TOKEN on writes). */
function csrfToken() {
  const m = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : null;
}

/**
 * One request; resolves to the parsed body, rejects with an ApiError. Exported for pages other than the map.
 * Options: `body` (sent as JSON), or `raw` (a Blob, File or string sent as is) with `contentType`; `accept`
 * (default JSON); `as: 'blob'` or `as: 'arraybuffer'` for a binary answer (GPX, vector tiles); `full: true` resolves to {status, location,
 * body} instead of the body (e.g. for 202 Accepted with a Location to poll); `idempotencyKey` (see newKey) makes
 * a retry of the same write safe.
 */
export async function request(path, { method = 'GET', body, raw, contentType, accept, as, full = false, signal,
  idempotencyKey } = {}) {
  const headers = { Accept: accept || 'application/json, application/geo+json, application/problem+json' };
  // A retried write with the same key is answered from the first one instead of being stored twice.
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const init = { method, headers, signal, credentials: 'same-origin' };
  if (raw !== undefined) {
    headers['Content-Type'] = contentType || 'application/octet-stream';
    init.body = raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken()) headers['X-XSRF-TOKEN'] = csrfToken();
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Network error', `The server could not be reached (${e.message}).`);
  }
  const type = response.headers.get('Content-Type') || '';
  if (response.status === 401 && method === 'GET' && !path.startsWith('/api/me')) {
    // the session has ended (or never began): sign in, then come back to the map
    window.location.assign('/login');
  }
  if (!response.ok) {
    if (type.includes('json')) {
      let problem = {};
      try {
        problem = await response.json();
      } catch (ignored) {
        // not JSON after all: fall through with the status line
      }
      const error = new ApiError(response.status, problem.title, problem.detail, problem.errors);
      error.problem = problem;
      throw error;
    }
    throw new ApiError(response.status, response.statusText, `${response.status} ${response.statusText}`);
  }
  let parsed = null;
  if (response.status !== 204) {
    if (as === 'blob') parsed = await response.blob();
    else if (as === 'arraybuffer') parsed = await response.arrayBuffer();
    else parsed = type.includes('json') ? await response.json() : await response.text();
  }
  if (!full) return parsed;
  return { status: response.status, location: response.headers.get('Location'), body: parsed };
}

/**
 * A fresh Idempotency-Key: 128 random bits as hex (crypto.getRandomValues works on plain HTTP too, where
 * crypto.randomUUID does not).
 */
export function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const query = (params) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** Leaflet bounds → "minLon,minLat,maxLon,maxLat" with 5 decimals. */
export const bboxOf = (bounds) =>
  [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((v) => v.toFixed(5)).join(',');

export const api = {
  config: () => request('/api/config'),
  me: () => request('/api/me'),
  setLanguage: (language) => request('/api/me/language', { method: 'PUT', body: { language } }),
  logout: () => request('/logout', { method: 'POST' }),
  texts: (lang) => request(`/api/i18n${query({ lang })}`),
  countries: (simplify) => request(`/api/basemap/countries${query({ simplify })}`),
  places: () => request('/api/basemap/places'),
  mekong: () => request('/api/basemap/mekong'),
  water: () => request('/api/basemap/water'),
  disputedAreas: () => request('/api/disputed-areas'),
  segments: (params) => request(`/api/segments${query(params)}`),
  segment: (id) => request(`/api/segments/${encodeURIComponent(id)}`),
  segmentHistory: (id) => request(`/api/segments/${encodeURIComponent(id)}/history`),
  changeSegmentStatus: (id, status, reason, version) =>
    request(`/api/segments/${encodeURIComponent(id)}/status`, { method: 'POST', body: { status, reason, version }, full: true }),
  pillars: (params, signal) => request(`/api/pillars${query(params)}`, { signal }),
  inspections: (params) => request(`/api/inspections${query(params)}`),
  recordInspection: (body) => request('/api/inspections', { method: 'POST', body }),
  progress: () => request('/api/progress'),
  /** `{by: 'sector'}` adds each sector's figures and the target (the sector chart, docs/CHARTS.md). */
  timeline: (params) => request(`/api/progress/timeline${query(params)}`),

  // incidents (docs/INCIDENTS.md)
  incidents: (params, signal) => request(`/api/incidents${query(params)}`, { signal }),
  incidentGrid: (params, signal) => request(`/api/incidents/grid${query(params)}`, { signal }),
  incident: (id) => request(`/api/incidents/${encodeURIComponent(id)}`),
  /** `key` (newKey()) is kept for every retry of the same report: the server stores it once. */
  reportIncident: (feature, key) => request('/api/incidents', { method: 'POST', body: feature, idempotencyKey: key }),
  /** A JPEG or PNG Blob/File added to an incident (its bytes are the body). */
  addIncidentPhoto: (id, blob, key) => request(`/api/incidents/${encodeURIComponent(id)}/photos`,
    { method: 'POST', raw: blob, contentType: blob.type, idempotencyKey: key }),
  changeIncidentStatus: (id, status, version, reason) =>
    request(`/api/incidents/${encodeURIComponent(id)}/status`, { method: 'POST', body: { status, version, reason } }),
  /** A CSV or GeoJSON file sent as is; resolves to {status, location, body} (201 done, 202 a job to poll). */
  importIncidents: (file, contentType) =>
    request('/api/incidents/import', { method: 'POST', raw: file, contentType, full: true }),
  importJob: (location) => request(location.startsWith('/api/') ? location : new URL(location).pathname),
  /** Incidents per month and type the reader may see (the Incidents panel's chart). */
  incidentsMonthly: (params, signal) => request(`/api/incidents/monthly${query(params)}`, { signal }),
  hotSegments: (params, signal) => request(`/api/segments/hot${query(params)}`, { signal }),

  // vector tiles (docs/TILES.md): one tile's bytes (null for 204, an empty tile), and the layer versions
  tile: (url, signal) => request(url, { signal, accept: 'application/vnd.mapbox-vector-tile, application/problem+json', as: 'arraybuffer' }),
  tileVersions: () => request('/tiles/versions'),

  // hotspot statistics (docs/HOTSPOTS.md; PLANNER and ADMIN)
  hotspots: (params, signal) => request(`/api/hotspots${query(params)}`, { signal }),
  density: (params, signal) => request(`/api/hotspots/density${query(params)}`, { signal }),
  clusters: (params, signal) => request(`/api/hotspots/clusters${query(params)}`, { signal }),
  emerging: (params, signal) => request(`/api/hotspots/emerging${query(params)}`, { signal }),
  /** One hexagon's monthly series and trend (`cell` = i_j; the hot-cell chart). */
  hotspotCell: (params, signal) => request(`/api/hotspots/cell${query(params)}`, { signal }),

  // patrols (PLANNER and PATROL)
  bases: () => request('/api/bases'),
  network: (params, signal) => request(`/api/network${query(params)}`, { signal }),
  route: (body) => request('/api/routes', { method: 'POST', body }),
  routeGpx: (body) => request('/api/routes', { method: 'POST', body, accept: 'application/gpx+xml, application/problem+json', as: 'blob' }),
  plans: () => request('/api/patrol-plans'),
  savePlan: (name, route) => request('/api/patrol-plans', { method: 'POST', body: { name, route } }),
  changePlanStatus: (id, status) => request(`/api/patrol-plans/${encodeURIComponent(id)}/status`, { method: 'POST', body: { status } }),
  coverage: (days) => request(`/api/patrol-plans/coverage${query({ days })}`),
};
