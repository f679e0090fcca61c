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

/** One request; resolves to the parsed body, rejects with an ApiError. Exported for pages other than the map. */
export async function request(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json, application/geo+json, application/problem+json' };
  const init = { method, headers, signal, credentials: 'same-origin' };
  if (body !== undefined) {
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
      throw new ApiError(response.status, problem.title, problem.detail, problem.errors);
    }
    throw new ApiError(response.status, response.statusText, `${response.status} ${response.statusText}`);
  }
  if (response.status === 204) return null;
  return type.includes('json') ? response.json() : response.text();
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
  logout: () => request('/logout', { method: 'POST' }),
  texts: (lang) => request(`/api/i18n${query({ lang })}`),
  countries: (simplify) => request(`/api/basemap/countries${query({ simplify })}`),
  places: () => request('/api/basemap/places'),
  mekong: () => request('/api/basemap/mekong'),
  disputedAreas: () => request('/api/disputed-areas'),
  segments: (params) => request(`/api/segments${query(params)}`),
  segment: (id) => request(`/api/segments/${encodeURIComponent(id)}`),
  segmentHistory: (id) => request(`/api/segments/${encodeURIComponent(id)}/history`),
  changeSegmentStatus: (id, status, reason, version) =>
    request(`/api/segments/${encodeURIComponent(id)}/status`, { method: 'POST', body: { status, reason, version } }),
  pillars: (params, signal) => request(`/api/pillars${query(params)}`, { signal }),
  inspections: (params) => request(`/api/inspections${query(params)}`),
  recordInspection: (body) => request('/api/inspections', { method: 'POST', body }),
  progress: () => request('/api/progress'),
  timeline: () => request('/api/progress/timeline'),
};
