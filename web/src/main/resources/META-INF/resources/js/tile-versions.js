// The layer versions of the vector tiles (GET /tiles/versions, docs/TILES.md). Each tile URL carries its
// layer's version (?v=), so a tile cached by the browser is never stale: when a number changes, the layers
// listening for it re-fetch their tiles. Polled every 30 s while the page is visible, and right after the
// map's own writes (a report, a status change, an inspection, an import) through poll().
import { api } from './api.js';

export function createTileVersions({ intervalMs = 30000 } = {}) {
  let versions = {};
  const listeners = new Set();
  let running = null;

  async function poll() {
    if (running) return running;
    running = (async () => {
      try {
        const next = (await api.tileVersions())?.layers || {};
        const changed = Object.keys(next).filter((k) => versions[k] !== undefined && versions[k] !== next[k]);
        versions = next;
        if (changed.length) listeners.forEach((fn) => fn(changed));
      } catch (e) {
        // no answer this time: the tiles keep their URLs and the next poll tries again
      } finally {
        running = null;
      }
    })();
    return running;
  }

  setInterval(() => {
    if (document.visibilityState !== 'hidden') poll();
  }, intervalMs);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') poll();
  });

  return {
    /** The current version of a tile layer (undefined before the first answer). */
    of: (layer) => versions[layer],
    poll,
    /** fn(changedLayers) after a poll that saw new numbers. */
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
