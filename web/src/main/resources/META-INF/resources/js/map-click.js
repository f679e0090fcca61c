// One owner at a time for clicks on the empty map (reporting an incident, picking patrol start/end/stops):
// whoever asks last gets the clicks until it releases them or Escape is pressed. While a pick is armed no layer
// takes a click: the container's bz-picking class turns off the pointer events of every Leaflet marker, vector
// and tooltip (css/mapread.css), the canvas tiles stay out through e.bzPicked (tile-interaction.js), so a click on
// an incident, a segment, a cluster or a base sets the point there and opens nothing; after the release the
// layers answer clicks again.
const L = window.L;

export function createMapClick(map) {
  let current = null; // {owner, handler, onCancel}
  const container = map.getContainer();

  const release = (owner) => {
    if (!current || (owner && current.owner !== owner)) return;
    const { onCancel } = current;
    current = null;
    container.classList.remove('bz-picking');
    delete container.dataset.picking;
    onCancel?.();
  };

  map.on('click', (e) => {
    if (!current) return;
    e.bzPicked = true; // the click was a pick: the layers' own click handling (tile-interaction.js) stays out
    current.handler(e.latlng);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') release();
  });

  return {
    /** Sends map clicks to handler(latlng) until release(owner); onCancel runs when another owner takes over. */
    take(owner, handler, onCancel) {
      if (current && current.owner !== owner) release();
      current = { owner, handler, onCancel };
      map.closePopup(); // an open popup would sit over the point being picked
      container.classList.add('bz-picking');
      container.dataset.picking = owner;
    },
    release,
    owner: () => current?.owner || null,
    stop: (e) => L.DomEvent.stopPropagation(e),
  };
}
