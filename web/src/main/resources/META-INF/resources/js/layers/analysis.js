// The life cycle shared by the analysis layers (Gi* hexagons, density, clusters, emerging hot spots): load
// when the layer is shown and whenever the shared filter changes, cancel a superseded request, and keep the
// last run's metadata and error for the legend. Each layer only says how to load and how to draw. Answers are
// kept per query (the filter's parameters and the incidents' layer version): showing a layer again, or going
// back to a window seen a moment ago, draws what is held and asks the server nothing (switching analyses used
// to fetch some 233 KB every time).

/** Answers kept per layer: a few windows back and forth. */
const CACHED = 4;

/**
 * @param map the Leaflet map
 * @param layer the layer whose visibility drives loading
 * @param filter the shared time/type filter
 * @param load (signal) => Promise of a FeatureCollection
 * @param draw (fc) => metadata to keep (default: fc.metadata); draws the features
 * @param onError optional, called after a failed load (e.g. to clear what is drawn)
 * @param onChange called whenever what the legend shows may have changed
 * @param stateKey optional data-* attribute of the map container set to loading/ready/error (for tests)
 * @param versions optional tile versions (tile-versions.js): a new incidents version is a new query
 */
export function analysisLifecycle(map, layer, filter, { load, draw, onError, onChange, stateKey, versions }) {
  const state = { metadata: null, error: null, key: null, fetches: 0 };
  const cache = new Map(); // key → FeatureCollection, oldest first
  let controller = null;
  const keyOf = () => `${JSON.stringify(filter.hotspotParams())}|${versions?.of('incidents') ?? ''}`;
  const mark = (s) => {
    if (stateKey) map.getContainer().dataset[stateKey] = s;
  };

  async function refresh() {
    if (!map.hasLayer(layer)) return;
    controller?.abort();
    controller = null;
    if (filter.empty()) {
      layer.clearLayers();
      state.metadata = null;
      state.key = null;
      onChange?.();
      return;
    }
    const key = keyOf();
    if (key === state.key && !state.error) {
      mark('ready'); // drawn already: shown again as it was
      onChange?.();
      return;
    }
    const show = (fc) => {
      state.metadata = draw(fc) ?? fc.metadata ?? {};
      state.error = null;
      state.key = key;
      mark('ready');
    };
    if (cache.has(key)) {
      const fc = cache.get(key);
      cache.delete(key);
      cache.set(key, fc);
      show(fc);
      onChange?.();
      return;
    }
    const own = new AbortController();
    controller = own;
    mark('loading');
    try {
      state.fetches++;
      const fc = await load(own.signal);
      if (own.signal.aborted) return;
      cache.set(key, fc);
      while (cache.size > CACHED) cache.delete(cache.keys().next().value);
      show(fc);
    } catch (e) {
      if (e.name === 'AbortError' || own.signal.aborted) return;
      state.error = e.detail || e.message;
      state.key = null;
      onError?.();
      mark('error');
    }
    onChange?.();
  }

  map.on('overlayadd', (e) => {
    if (e.layer === layer) refresh();
  });
  map.on('overlayremove', (e) => {
    if (e.layer === layer) onChange?.();
  });
  filter.onChange(refresh);
  versions?.onChange((changed) => {
    if (changed.includes('incidents')) refresh();
  });
  return { refresh, state };
}
