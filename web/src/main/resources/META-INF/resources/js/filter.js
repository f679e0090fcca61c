// The shared incident filter: a time window (whole days, both inclusive) and the incident types. Every
// incident-based layer and list (incidents, grid, hot segments, hotspots, density, clusters, emerging, auto
// patrols) listens to it, so one control drives them all.
import { INCIDENT_TYPES } from './incident-types.js';

const DAY = 86400000;

/** 'YYYY-MM-DD' of a Date in UTC. */
export const isoDay = (d) => new Date(d).toISOString().slice(0, 10);
export const addDays = (day, n) => isoDay(Date.parse(`${day}T00:00:00Z`) + n * DAY);

export function createFilter({ months = 12, spanMonths = 36 } = {}) {
  const today = isoDay(Date.now());
  const start = new Date(Date.parse(`${today}T00:00:00Z`));
  start.setUTCMonth(start.getUTCMonth() - spanMonths);
  const defaultFrom = new Date(Date.parse(`${today}T00:00:00Z`));
  defaultFrom.setUTCMonth(defaultFrom.getUTCMonth() - months);
  const state = {
    min: isoDay(start),
    max: today,
    from: addDays(isoDay(defaultFrom), 1),
    to: today,
    types: new Set(INCIDENT_TYPES.map((t) => t.code)),
  };
  const listeners = new Set();
  let timer = null;

  const typeParam = () => (state.types.size === INCIDENT_TYPES.length ? undefined : [...state.types].join(','));

  const api = {
    get: () => ({ ...state, types: new Set(state.types) }),
    /** Changes the window and/or types; listeners are told once, after a short pause (sliders move fast). */
    set({ from, to, types } = {}, { immediate = false } = {}) {
      if (from) state.from = from < state.min ? state.min : from;
      if (to) state.to = to > state.max ? state.max : to;
      if (state.from > state.to) [state.from, state.to] = [state.to, state.from];
      if (types) state.types = new Set(types);
      clearTimeout(timer);
      const fire = () => listeners.forEach((fn) => fn(api.get()));
      if (immediate) fire();
      else timer = setTimeout(fire, 350);
    },
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    /** True when no type is selected: layers show nothing and ask the server nothing. */
    empty: () => state.types.size === 0,
    /** Parameters of /api/incidents, /grid and /api/segments/hot: `to` is exclusive there (next day, 00:00 UTC). */
    incidentParams: () => ({ from: state.from, to: addDays(state.to, 1), type: typeParam() }),
    /** Parameters of /api/hotspots/*: dates are whole days, both inclusive. */
    hotspotParams: () => ({ from: state.from, to: state.to, type: typeParam() }),
    /** The window of an automatic patrol (POST /api/routes, `window`). */
    routeWindow: () => ({ from: `${state.from}T00:00:00Z`, to: `${addDays(state.to, 1)}T00:00:00Z` }),
  };
  return api;
}
