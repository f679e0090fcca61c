// Clicks and hovering over the layers drawn on canvas from vector tiles (layers/mvt-layer.js): canvases are
// not interactive, so the map's own mouse events are hit-tested against the drawn features, in the order the
// layers were registered (the topmost first). Hovering shows the feature's tooltip and a pointer; a click
// goes to the feature's layer. While someone picks a point on the map (map-click.js: reporting an incident,
// patrol stops), or when the click landed on a Leaflet marker, popup or vector, the tiles stay out of it.
const L = window.L;
// a finger is wider than a mouse pointer: on touch screens a 20 px icon is hit from a 44 px circle around it
const TOLERANCE_PX = window.matchMedia?.('(pointer: coarse)').matches ? 12 : 5;

export function createTileInteraction(map, mapClick) {
  const entries = []; // {layer, tooltip(hit) → node|null, click(hit, latlng)}
  const tooltip = L.tooltip({ direction: 'top', offset: [0, -10], className: 'bz-tile-tooltip', opacity: 0.95 });
  const container = map.getContainer();
  let frame = 0;
  let lastMove = null;

  const onOther = (e) => {
    const target = e.originalEvent?.target;
    return target instanceof Element && Boolean(target.closest('.leaflet-interactive, .leaflet-marker-icon, .leaflet-popup, .leaflet-control'));
  };

  /** The topmost registered layer's nearest feature under the container point, with its entry. */
  function hitAt(point) {
    if (!point) return null;
    for (const entry of entries) {
      if (!map.hasLayer(entry.layer)) continue;
      const hit = entry.layer.hitTest(point, TOLERANCE_PX);
      if (hit) return { ...hit, entry };
    }
    return null;
  }

  function hover() {
    frame = 0;
    const e = lastMove;
    if (!e || mapClick.owner() || onOther(e) || map.dragging?.moving?.()) {
      hide();
      return;
    }
    const hit = hitAt(e.containerPoint);
    const content = hit ? hit.entry.tooltip?.(hit) : null;
    container.classList.toggle('bz-feature-hover', Boolean(hit));
    if (!content) {
      tooltip.remove();
      return;
    }
    tooltip.setLatLng(e.latlng).setContent(content);
    if (!map.hasLayer(tooltip)) tooltip.addTo(map);
  }

  function hide() {
    container.classList.remove('bz-feature-hover');
    tooltip.remove();
  }

  map.on('mousemove', (e) => {
    lastMove = e;
    if (!frame) frame = requestAnimationFrame(hover);
  });
  map.on('mouseout movestart zoomstart', () => {
    lastMove = null;
    hide();
  });
  map.on('click', (e) => {
    if (e.bzPicked || mapClick.owner() || onOther(e)) return;
    const hit = hitAt(e.containerPoint || map.latLngToContainerPoint(e.latlng));
    if (!hit) return;
    hide();
    hit.entry.click?.(hit, e.latlng);
  });

  return {
    /** Adds a tile layer to the hit tests; layers registered first win where features overlap. */
    register(layer, { tooltip: tip, click } = {}) {
      entries.push({ layer, tooltip: tip, click });
    },
    hitAt,
  };
}
