// Borderzone map: wires the layers, the legend and the side panel together. Opens on the extent of the
// border line, offline (country outlines from the server); an online tile layer only if configured.
import { api } from './api.js';
import { loadTexts, t, fmt, percentText } from './i18n.js';
import { el, svg, replace, toast } from './dom.js';
import { createPanes, addBasemap, dataAttributions } from './layers/basemap.js';
import { createSegmentsLayer, SEGMENT_STYLE } from './layers/segments.js';
import { createPillarsLayer, PILLAR_STYLE } from './layers/pillars.js';
import { createDisputedLayer, DISPUTED_STYLE } from './layers/disputed.js';
import { createProgressPanel, statusSwatch } from './panels/progress.js';
import { createSegmentPanel } from './panels/segment-detail.js';
import { createInspectionForm } from './panels/inspection-form.js';

const L = window.L;
/** Used before the configuration arrives, and if the server has no border line yet. */
const FALLBACK_EXTENT = [105.2, 13.9, 107.56, 14.7];

function extentBounds(extent) {
  const [minLon, minLat, maxLon, maxLat] = extent || FALLBACK_EXTENT;
  return L.latLngBounds([minLat, minLon], [maxLat, maxLon]);
}

// ------------------------------------------------------------------ side panel: tabs and collapse
function setupTabs() {
  const tabs = [...document.querySelectorAll('.tab')];
  const select = (name) => {
    for (const tab of tabs) {
      const on = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
    }
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(tab.dataset.tab));
    tab.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const next = tabs[(i + d + tabs.length) % tabs.length];
      next.focus();
      select(next.dataset.tab);
    });
  });
  return select;
}

function setupPanelToggle(map) {
  const button = document.getElementById('panel-toggle');
  const setOpen = (open) => {
    document.body.classList.toggle('panel-open', open);
    document.body.classList.toggle('panel-closed', !open);
    button.setAttribute('aria-expanded', String(open));
    document.getElementById('side-panel').hidden = !open;
    map.invalidateSize({ pan: false });
  };
  button.addEventListener('click', () => setOpen(button.getAttribute('aria-expanded') !== 'true'));
  if (window.matchMedia('(max-width: 700px)').matches) setOpen(false);
  return setOpen;
}

// ------------------------------------------------------------------ legend
function legendControl(config, { counts, pillarState }) {
  const Legend = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd() {
      const box = el('div', { class: 'legend leaflet-bar', id: 'legend' });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      this.box = box;
      this.render();
      return box;
    },
    render() {
      const statuses = (config.statuses || []).map((s) => s.code);
      const c = counts();
      const ps = pillarState();
      const pillarsNote = !ps.available ? t('legend.pillarsUnavailable')
        : ps.visible ? null : t('legend.pillarsFromZoom', ps.minZoom);
      replace(this.box, el('details', { open: true },
        el('summary', { text: t('legend.title') }),
        el('div', { class: 'legend-section', text: t('legend.segments') }),
        el('ul', { class: 'legend-list' }, statuses.map((s) => el('li', { dataset: { status: s } },
          statusSwatch(s), el('span', { text: t(`status.${s}`) }),
          el('span', { class: 'legend-count', text: c[s] ? String(c[s]) : '0' })))),
        el('div', { class: 'legend-section', text: t('legend.pillars') }),
        el('ul', { class: 'legend-list legend-pillars' }, Object.keys(PILLAR_STYLE).map((s) => el('li', {},
          el('span', { class: `dot dot-${s}`, 'aria-hidden': 'true' }), el('span', { text: t(`pillarStatus.${s}`) })))),
        pillarsNote ? el('div', { class: 'legend-note', text: pillarsNote }) : null,
        el('div', { class: 'legend-section', text: t('legend.reference') }),
        el('ul', { class: 'legend-list' },
          el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('rect', { x: 2, y: 1, width: 24, height: 10, fill: DISPUTED_STYLE.fillColor, 'fill-opacity': 0.2, stroke: DISPUTED_STYLE.color, 'stroke-dasharray': '3 2' })),
          el('span', { text: t('legend.disputed') })),
          el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('path', { d: 'M2 8 C8 2, 14 12, 26 4', fill: 'none', stroke: '#4f8fc0', 'stroke-width': 3 })),
          el('span', { text: t('legend.mekong') })),
          el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('circle', { cx: 14, cy: 6, r: 3.5, fill: '#333' })),
          el('span', { text: t('legend.place') })))));
    },
  });
  return new Legend();
}

/** #segment=KH-LA-123[&tab=inspection] opens that segment (links can be shared). */
function openFromHash(segments, segmentPanel, inspectionForm, selectTab) {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const code = params.get('segment');
  if (!code) return;
  const f = segments.features().find((x) => x.properties.code === code);
  if (!f) return;
  segments.select(f.properties.id, true);
  segmentPanel.show(f);
  inspectionForm.show(f);
  selectTab(params.get('tab') === 'inspection' ? 'inspection' : 'segment');
}

/** Who is signed in, with a sign-out button (only where the server has users: GET /api/me). */
async function showUser() {
  let me;
  try {
    me = await api.me();
  } catch (e) {
    return; // no user management on this server, or not signed in
  }
  const logout = el('button', { type: 'button', class: 'topbar-button', text: t('user.logout') });
  logout.addEventListener('click', async () => {
    try {
      await api.logout();
    } catch (e) {
      // the server answers the sign-out with a redirect; either way, go to the sign-in page
    }
    window.location.assign('/login?logout');
  });
  const user = el('span', { class: 'topbar-user', text: t('user.signed-in-as', me.displayName || me.username, me.org, me.role) });
  document.getElementById('panel-toggle').before(user, logout);
}

// ------------------------------------------------------------------ start
async function start() {
  await loadTexts(api);
  document.title = t('app.title');

  const map = L.map('map', { zoomControl: false, minZoom: 5, maxZoom: 17, attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  L.control.zoom({ position: 'topleft', zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  L.control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  createPanes(map);
  map.fitBounds(extentBounds(null), { padding: [24, 24] });

  showUser();
  const selectTab = setupTabs();
  setupPanelToggle(map);

  let config;
  try {
    config = await api.config();
  } catch (e) {
    toast(e.detail || e.message, 'error');
    config = { statuses: Object.keys(SEGMENT_STYLE).map((code) => ({ code })), pillarMinZoom: 11 };
  }
  const home = extentBounds(config.extent);
  map.fitBounds(home, { padding: [24, 24] });
  document.body.dataset.extent = (config.extent || FALLBACK_EXTENT).join(',');

  const attr = dataAttributions();
  map.attributionControl.addAttribution(`${attr.osm} (ODbL)`);

  const base = await addBasemap(map, config);
  const disputed = createDisputedLayer(map);

  // panels and layers reference each other through these callbacks
  let segmentPanel;
  let inspectionForm;
  let progressPanel;
  let legend;
  let pillarState = { visible: false, available: true, minZoom: config.pillarMinZoom || 11 };

  const segments = createSegmentsLayer(map, {
    onSelect: (f) => {
      window.history.replaceState(null, '', `#segment=${encodeURIComponent(f.properties.code)}`);
      segmentPanel.show(f);
      inspectionForm.show(f);
      selectTab('segment');
    },
  });
  const pillars = createPillarsLayer(map, config, {
    onStateChange: (s) => {
      pillarState = s;
      legend?.render();
    },
  });
  pillars.layer.addTo(map);

  const refreshAll = async (segmentId) => {
    await Promise.allSettled([segments.reload(), disputed.reload(), pillars.refresh()]);
    legend?.render();
    progressPanel.load().catch((e) => toast(e.detail || e.message, 'error'));
    const f = segmentId ? segments.feature(segmentId) : null;
    if (f) {
      segments.select(segmentId, false);
      segmentPanel.show(f);
      inspectionForm.show(f);
    }
  };

  segmentPanel = createSegmentPanel(document.getElementById('panel-segment'), {
    onZoom: (id) => segments.select(id, true),
    onInspect: (f) => {
      inspectionForm.show(f);
      selectTab('inspection');
    },
    onChanged: (updated) => {
      toast(t('segment.statusChanged', updated.properties?.code || '', t(`status.${updated.properties?.status}`)), 'ok');
      refreshAll(updated.properties?.id ?? updated.id);
    },
  });
  inspectionForm = createInspectionForm(document.getElementById('panel-inspection'), {
    segmentLayer: segments,
    onRecorded: (saved, segmentId) => {
      selectTab('segment');
      refreshAll(segmentId);
    },
  });
  progressPanel = createProgressPanel(document.getElementById('panel-progress'), {
    segments,
    onSector: (sc) => {
      const b = segments.boundsOf((f) => f.properties.sectorId === sc.id);
      if (b) map.fitBounds(b, { padding: [30, 30] });
    },
    onLoaded: (p) => {
      const summary = document.getElementById('header-summary');
      replace(summary,
        el('span', { class: 'summary-figure', text: `${percentText(p.percentDemarcated)} %` }),
        el('span', { text: t('header.demarcated', fmt(p.totalKm, 0)) }));
    },
  });

  try {
    await segments.reload();
  } catch (e) {
    toast(e.detail || e.message, 'error');
  }
  await disputed.reload();

  const counts = () => {
    const c = {};
    for (const f of segments.features()) c[f.properties.status] = (c[f.properties.status] || 0) + 1;
    return c;
  };
  legend = legendControl(config, { counts, pillarState: () => pillarState }).addTo(map);

  const overlays = {
    [t('layer.segments')]: segments.layer,
    [t('layer.pillars')]: pillars.layer,
    [t('layer.disputed')]: disputed.layer,
  };
  if (base.mekong) overlays[t('layer.mekong')] = base.mekong;
  if (base.places) overlays[t('layer.places')] = base.places;
  const bases = { [t('layer.offline')]: base.countries };
  if (base.tiles) bases[t('layer.tiles')] = base.tiles;
  L.control.layers(bases, overlays, { position: 'topright', collapsed: true }).addTo(map);

  // "home" button: back to the border's extent
  const Home = L.Control.extend({
    options: { position: 'topleft' },
    onAdd() {
      const b = el('button', { type: 'button', class: 'home-button', title: t('map.home'), 'aria-label': t('map.home') },
        svg('svg', { viewBox: '0 0 20 20', 'aria-hidden': 'true' },
          svg('path', { d: 'M3 4h5M3 4v5M17 4h-5M17 4v5M3 16h5M3 16v-5M17 16h-5M17 16v-5', stroke: 'currentColor', 'stroke-width': 2, fill: 'none' })));
      L.DomEvent.disableClickPropagation(b);
      b.addEventListener('click', () => map.fitBounds(home, { padding: [24, 24] }));
      return el('div', { class: 'leaflet-bar' }, b);
    },
  });
  new Home().addTo(map);

  try {
    await progressPanel.load();
  } catch (e) {
    replace(document.getElementById('panel-progress'), el('p', { class: 'form-message error', text: e.detail || e.message }));
  }
  pillars.refresh();
  openFromHash(segments, segmentPanel, inspectionForm, selectTab);
  const zoomClass = () => {
    map.getContainer().classList.toggle('bz-zoom-low', map.getZoom() < 10);
  };
  map.on('zoomend', zoomClass);
  zoomClass();
  const showView = () => {
    map.getContainer().dataset.view = `${map.getBounds().toBBoxString()} z${map.getZoom()} ${map.getSize().x}x${map.getSize().y}`;
  };
  map.on('moveend', showView);
  showView();
  // for the browser test and for debugging: the map object and what it shows
  window.borderzone = { map, segments, config };
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  toast(e.detail || e.message || String(e), 'error');
  document.body.dataset.ready = 'error';
});
