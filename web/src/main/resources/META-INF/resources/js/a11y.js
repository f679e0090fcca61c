// Keyboard access to the map page (issue 11, accessibility). Two things the page cannot say in HTML alone:
// - the skip link ("Skip to the side panel", the page's first focusable element) opens the panel when it is
//   closed and puts the focus on its selected tab, without touching location.hash (#segment=… is a route);
// - the map's features stay out of the Tab order. Leaflet adds focus listeners to every SVG path with a
//   tooltip, and Chromium makes an SVG element with a focus listener focusable, so every pillar, disputed area
//   or route leg became an unnamed Tab stop (589 of them before the segments moved to canvas tiles). They are
//   reached with the pointer; the keyboard reaches the same data through the panels (sectors, segment codes,
//   incident lists). The map itself stays one Tab stop (arrow keys pan, + and − zoom), and so do its controls
//   and popups.

const FEATURES = '.leaflet-map-pane path.leaflet-interactive, .leaflet-map-pane .leaflet-marker-icon';

/** Takes one element (and what is under it) out of the Tab order if it is a map feature. */
function quiet(node) {
  if (!(node instanceof Element) || node.closest('.leaflet-popup-pane, .leaflet-tooltip-pane')) return;
  if (node.matches(FEATURES)) node.setAttribute('tabindex', '-1');
  for (const f of node.querySelectorAll(FEATURES)) f.setAttribute('tabindex', '-1');
}

/** Marker icons get their tabindex after they are in the document: watch that attribute too. */
function watchMap(container) {
  quiet(container);
  new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === 'attributes') {
        if (c.target.getAttribute('tabindex') !== '-1') quiet(c.target);
      } else {
        for (const n of c.addedNodes) quiet(n);
      }
    }
  }).observe(container, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex'] });
}

function setupSkipLink() {
  const link = document.getElementById('skip-to-panel');
  if (!link) return;
  link.addEventListener('click', (e) => {
    e.preventDefault();
    if (!document.body.classList.contains('panel-open')) document.getElementById('panel-toggle')?.click();
    const panel = document.getElementById('side-panel');
    const tab = panel?.querySelector('[role=tab][aria-selected=true]:not([hidden])')
      || panel?.querySelector('[role=tab]:not([hidden])');
    (tab || panel)?.focus();
  });
}

/** Called once by main.js with the Leaflet map. */
export function setupAccessibility(map) {
  setupSkipLink();
  watchMap(map.getContainer());
}
