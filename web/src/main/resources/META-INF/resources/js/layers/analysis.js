// The life cycle shared by the analysis layers (Gi* hexagons, density, clusters, emerging hot spots): load
// when the layer is shown and whenever the shared filter changes, cancel a superseded request, and keep the
// last run's metadata and error for the legend. Each layer only says how to load and how to draw.

/**
 * @param map the Leaflet map
 * @param layer the layer whose visibility drives loading
 * @param filter the shared time/type filter
 * @param load (signal) => Promise of a FeatureCollection
 * @param draw (fc) => metadata to keep (default: fc.metadata); draws the features
 * @param onError optional, called after a failed load (e.g. to clear what is drawn)
 * @param onChange called whenever what the legend shows may have changed
 * @param stateKey optional data-* attribute of the map container set to loading/ready/error (for tests)
 */
export function analysisLifecycle(map, layer, filter, { load, draw, onError, onChange, stateKey }) {
  const state = { metadata: null, error: null };
  let controller = null;
  const mark = (s) => {
    if (stateKey) map.getContainer().dataset[stateKey] = s;
  };

  async function refresh() {
    if (!map.hasLayer(layer)) return;
    controller?.abort();
    if (filter.empty()) {
      layer.clearLayers();
      state.metadata = null;
      onChange?.();
      return;
    }
    controller = new AbortController();
    mark('loading');
    try {
      const fc = await load(controller.signal);
      state.metadata = draw(fc) ?? fc.metadata ?? {};
      state.error = null;
      mark('ready');
    } catch (e) {
      if (e.name === 'AbortError') return;
      state.error = e.detail || e.message;
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
  return { refresh, state };
}
