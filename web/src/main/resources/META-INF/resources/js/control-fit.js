// The legend (bottom right) never covers a control: its height is capped so that its top, and the controls stacked
// above it in its corner, stay below every control of the top corners it would reach (the layer list, zoom, home,
// export), and an opened layer list is
// capped so that its bottom stays above the legend's folded header. Recomputed whenever one of them changes size
// (the legend opened or re-rendered, the layer list opened, the map resized: a phone turned, the panel closed).
const GAP = 8;

function overlapsX(a, b) {
  return a.left < b.right && b.left < a.right;
}

/** @param legend the legend control (legend.js), already on the map */
export function fitControls(map, legend) {
  const container = map.getContainer();
  const box = legend.box || legend.getContainer();
  const layers = container.querySelector('.leaflet-control-layers');
  const list = layers?.querySelector('.leaflet-control-layers-list');
  let frame = 0;

  /** Height of the legend folded: its header and padding. */
  const foldedHeight = () => {
    const summary = box.querySelector('summary');
    const cs = getComputedStyle(box);
    return (summary?.offsetHeight || 18) + parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + 2;
  };

  function fit() {
    frame = 0;
    const bottom = box.getBoundingClientRect().bottom;
    const width = Math.max(box.offsetWidth, 240);
    const span = { left: box.getBoundingClientRect().right - width, right: box.getBoundingClientRect().right };
    // the opened layer list first: it may use the height down to the folded legend, then it scrolls
    if (layers && list) {
      if (layers.classList.contains('leaflet-control-layers-expanded')) {
        list.style.height = '';
        const room = bottom - foldedHeight() - GAP - list.getBoundingClientRect().top - GAP;
        list.style.maxHeight = `${Math.max(80, Math.floor(room))}px`;
        list.style.overflowY = 'auto';
      } else {
        list.style.maxHeight = '';
      }
    }
    // then the legend: from its bottom up to the lowest control above it
    let top = container.getBoundingClientRect().top;
    for (const c of container.querySelectorAll('.leaflet-top .leaflet-control')) {
      const r = c.getBoundingClientRect();
      if (r.height > 0 && overlapsX(r, span)) top = Math.max(top, r.bottom);
    }
    // controls stacked above the legend in its own corner (e.g. the phone's attribution button) rise with it
    const legendControl = box.closest('.leaflet-control') || box;
    let above = 0;
    for (let c = legendControl.previousElementSibling; c; c = c.previousElementSibling) {
      const cs = getComputedStyle(c);
      above += c.offsetHeight + parseFloat(cs.marginTop) + parseFloat(cs.marginBottom);
    }
    const max = Math.floor(bottom - top - GAP - above);
    box.style.maxHeight = `${Math.max(foldedHeight(), max)}px`;
    container.dataset.legendMax = String(max);
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(fit);
  };

  const render = legend.render.bind(legend);
  legend.render = () => {
    render();
    schedule();
  };
  box.addEventListener('toggle', schedule, true); // the legend's <details> opened or folded
  if (layers) new MutationObserver(schedule).observe(layers, { attributes: true, attributeFilter: ['class'] });
  const ro = new ResizeObserver(schedule);
  ro.observe(container);
  container.querySelectorAll('.leaflet-top, .leaflet-bottom').forEach((corner) => ro.observe(corner));
  map.on('resize', schedule);
  fit();
  return { fit };
}
