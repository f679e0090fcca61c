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
import { typeIcon } from './incident-types.js';
import { createSegmentPanel } from './panels/segment-detail.js';
import { createInspectionForm } from './panels/inspection-form.js';
import { rolesOf } from './roles.js';
import { createFilter } from './filter.js';
import { createMapClick } from './map-click.js';
import { createIncidentsLayer } from './layers/incidents.js';
import { createHotSegmentsLayer } from './layers/hot-segments.js';
import { createHotspotLayer } from './layers/hotspots.js';
import { createDensityLayer } from './layers/density.js';
import { createClustersLayer } from './layers/clusters.js';
import { createEmergingLayer } from './layers/emerging.js';
import { createNetworkLayer } from './layers/network.js';
import { createBasesLayer } from './layers/bases.js';
import { createPatrolRouteLayer } from './layers/patrol-route.js';
import { createCoverageLayer } from './layers/coverage.js';
import { createIncidentsPanel } from './panels/incidents.js';
import { createIncidentReport } from './panels/incident-report.js';
import { createIncidentImport } from './panels/incident-import.js';
import { createPatrolPanel } from './panels/patrol.js';

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
  tabs.forEach((tab) => {
    tab.addEventListener('click', () => select(tab.dataset.tab));
    tab.addEventListener('keydown', (e) => {
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (!d) return;
      const shown = tabs.filter((x) => !x.hidden);
      const next = shown[(shown.indexOf(tab) + d + shown.length) % shown.length];
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
function legendControl(config, { counts, pillarState, extras }) {
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
      const open = this.box.firstChild ? this.box.firstChild.open : false; // starts folded: the border's ends stay visible
      replace(this.box, el('details', { open },
        el('summary', { text: t('legend.title') }),
        extras(),
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
          el('span', { text: t('legend.place') })),
          el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('path', { d: 'M2 6 L26 6', stroke: '#f0a500', 'stroke-width': 8, 'stroke-opacity': 0.55, 'stroke-dasharray': '3 4' }),
            svg('path', { d: 'M2 6 L26 6', stroke: SEGMENT_STYLE.DEMARCATED.color, 'stroke-width': 3 })),
          el('span', { text: t('legend.pendingSignoff') })))));
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
  const inspect = params.get('tab') === 'inspection' && !document.getElementById('tab-inspection').hidden;
  selectTab(inspect ? 'inspection' : 'segment');
}

/** Who is signed in, with a sign-out button (only where the server has users: GET /api/me). */
async function showUser() {
  let me;
  try {
    me = await api.me();
  } catch (e) {
    return rolesOf(null); // no user management on this server, or not signed in
  }
  const roles = rolesOf(me);
  document.body.dataset.role = me.role;
  document.body.dataset.org = me.org;
  const logout = el('button', { type: 'button', class: 'topbar-button', text: t('user.logout') });
  logout.addEventListener('click', async () => {
    try {
      await api.logout();
    } catch (e) {
      // the server answers the sign-out with a redirect; either way, go to the sign-in page
    }
    window.location.assign('/login?logout');
  });
  const user = el('span', { class: 'topbar-user', id: 'topbar-user' },
    el('span', { class: `org-badge org-badge-${me.org}`, text: me.org, title: t(`org.${me.org}`) }),
    el('span', { text: t('user.signed-in-as', me.displayName || me.username, t(`org.${me.org}`), t(`role.${me.role}`)) }));
  const admin = roles.can('admin') ? el('a', { class: 'topbar-button', href: '/admin.html', id: 'admin-link', text: t('user.admin') }) : null;
  document.getElementById('panel-toggle').before(...[user, admin, logout].filter(Boolean));
  return roles;
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

  const roles = await showUser();
  document.getElementById('tab-inspection').hidden = !roles.can('recordInspection');
  document.getElementById('tab-patrol').hidden = !roles.can('planPatrols');
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
    roles,
    onZoom: (id) => segments.select(id, true),
    onSigned: (seg) => {
      toast(t('segment.signatureRecorded', t(`status.${seg?.properties?.pendingSignoffs?.[0]?.toStatus || 'DEMARCATED'}`)), 'ok');
      refreshAll(seg?.properties?.id ?? seg?.id);
    },
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
  // ---------------------------------------------------------------- incidents, hotspots, patrols
  const filter = createFilter();
  const mapClick = createMapClick(map);
  const renderLegend = () => legend?.render();
  const incidentsPanel = createIncidentsPanel(document.getElementById('panel-incidents'), {
    filter,
    onHotSegment: (f) => {
      if (!map.hasLayer(hot.layer)) hot.layer.addTo(map);
      hot.zoomTo(f);
    },
  });
  const incidents = createIncidentsLayer(map, filter, {
    roles,
    onState: (st) => {
      incidentsPanel.showTotal(st);
      renderLegend();
    },
  });
  const hot = createHotSegmentsLayer(map, filter, { onLoaded: (fc, err) => incidentsPanel.showHot(fc, err) });
  if (roles.can('reportIncident')) {
    const box = el('div');
    incidentsPanel.actions.append(box);
    createIncidentReport(box, { map, mapClick, onReported: () => { incidents.refresh(); hot.refresh(); } });
  }
  if (roles.can('importIncidents')) {
    const box = el('div');
    incidentsPanel.actions.append(box);
    createIncidentImport(box, { onImported: () => { incidents.refresh(); hot.refresh(); } });
  }
  const analysis = roles.can('hotspots') ? {
    hex: createHotspotLayer(map, filter, { onChange: renderLegend }),
    density: createDensityLayer(map, filter, { onChange: renderLegend }),
    clusters: createClustersLayer(map, filter, { onChange: renderLegend }),
    emerging: createEmergingLayer(map, filter, { onChange: renderLegend }),
  } : null;
  const network = createNetworkLayer(map, { onChange: renderLegend });
  let patrolPanel = null;
  const bases = createBasesLayer(map, { onPick: (f) => patrolPanel?.pickBase(f) });
  const routeLayer = createPatrolRouteLayer(map);
  const coverage = roles.can('planPatrols') ? createCoverageLayer(map, {
    onChange: (fc, error) => {
      patrolPanel?.coverageChanged(fc, error);
      renderLegend();
    },
  }) : null;

  const incidentsLegend = () => {
    const st = incidents.state();
    if (!map.hasLayer(incidents.layer)) return null;
    return [
      el('div', { class: 'legend-section', text: t('legend.incidents') }),
      el('ul', { class: 'legend-list' },
        st.mode === 'points'
          ? el('li', {}, el('span', { class: 'legend-icons', 'aria-hidden': 'true' }, typeIcon('SMUGGLING', 14), typeIcon('UXO', 14)),
            el('span', { text: t('legend.incidentIcons') }))
          : el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
            svg('circle', { cx: 8, cy: 6, r: 3.5, class: 'legend-bubble' }), svg('circle', { cx: 19, cy: 6, r: 5.5, class: 'legend-bubble' })),
          el('span', { text: t('legend.incidentBubbles', incidents.pointMinZoom) })),
        map.hasLayer(hot.layer) ? el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
          svg('path', { d: 'M3 6 L25 6', stroke: '#d73027', 'stroke-width': 9, 'stroke-opacity': 0.45, 'stroke-linecap': 'round' })),
        el('span', { text: t('legend.hotSegments') })) : null),
      el('div', { class: 'legend-note', text: t('legend.incidentTotal', fmt(st.total, 0)) }),
    ];
  };
  const extras = () => [
    incidentsLegend(),
    ...(analysis ? Object.values(analysis).map((a) => a.legend()) : []),
    coverage ? coverage.legend() : null,
    network.legend(),
  ];

  legend = legendControl(config, { counts, pillarState: () => pillarState, extras }).addTo(map);

  // incidents matter to planners and patrols; the commission and viewers switch them on when they want them
  const incidentsFirst = roles.can('reportIncident');
  if (incidentsFirst) {
    incidents.layer.addTo(map);
    hot.layer.addTo(map);
  }
  const overlays = {
    [t('layer.segments')]: segments.layer,
    [t('layer.pillars')]: pillars.layer,
    [t('layer.disputed')]: disputed.layer,
    [t('layer.incidents')]: incidents.layer,
    [t('layer.hotSegments')]: hot.layer,
  };
  if (analysis) {
    overlays[t('layer.hotspots')] = analysis.hex.layer;
    overlays[t('layer.density')] = analysis.density.layer;
    overlays[t('layer.emerging')] = analysis.emerging.layer;
    overlays[t('layer.clusters')] = analysis.clusters.layer;
    // hexagons, density and emerging cover the same ground: one at a time
    const exclusive = [analysis.hex.layer, analysis.density.layer, analysis.emerging.layer];
    map.on('overlayadd', (e) => {
      if (exclusive.includes(e.layer)) exclusive.filter((l) => l !== e.layer && map.hasLayer(l)).forEach((l) => l.remove());
    });
  }
  overlays[t('layer.network')] = network.layer;
  overlays[t('layer.bases')] = bases.layer;
  if (coverage) overlays[t('layer.coverage')] = coverage.layer;
  if (roles.can('planPatrols')) {
    network.layer.addTo(map);
    bases.layer.addTo(map);
  }
  Promise.allSettled([bases.load()]).then(() => {
    if (roles.can('planPatrols')) {
      patrolPanel = createPatrolPanel(document.getElementById('panel-patrol'), {
        map, roles, filter, mapClick, bases, routeLayer, coverage,
      });
      patrolPanel.init();
    }
  });
  incidents.refresh();
  hot.refresh();
  network.refresh();
  if (base.mekong) overlays[t('layer.mekong')] = base.mekong;
  if (base.places) overlays[t('layer.places')] = base.places;
  const baseLayers = { [t('layer.offline')]: base.countries };
  if (base.tiles) baseLayers[t('layer.tiles')] = base.tiles;
  L.control.layers(baseLayers, overlays, { position: 'topright', collapsed: true }).addTo(map);

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
  window.borderzone = { map, segments, config, roles, filter, incidents, hot, analysis, network, bases, routeLayer };
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  toast(e.detail || e.message || String(e), 'error');
  document.body.dataset.ready = 'error';
});
