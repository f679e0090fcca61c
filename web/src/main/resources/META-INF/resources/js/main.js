// Borderzone map: wires the layers, the legend and the side panel together; each layer module draws its own
// legend entry and main.js only puts them in order. Opens on the extent of the
// border line, offline (country outlines from the server); an online tile layer only if configured.
import { api } from './api.js';
import { loadTexts, t, fmt, percentText } from './i18n.js';
import { el, svg, replace, toast } from './dom.js';
import { createLegend, referenceSection } from './legend.js';
import { createPanes, addBasemap, dataAttributions, basemapLegendItems } from './layers/basemap.js';
import { createSegmentsLayer, SEGMENT_STYLE, pendingSignoffLegendItem } from './layers/segments.js';
import { createPillarsLayer } from './layers/pillars.js';
import { createDisputedLayer, disputedLegendItem } from './layers/disputed.js';
import { createProgressPanel } from './panels/progress.js';
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
import { createTileVersions } from './tile-versions.js';
import { createLanguageSwitch } from './lang-switch.js';
import { createTileInteraction } from './tile-interaction.js';
import { createExportControl } from './export-control.js';
import { createMonthlyChart } from './charts/incidents-monthly.js';
import { showCellTrend } from './charts/cell-trend.js';
import { wireLive, createLiveIndicator } from './live-hooks.js';
import { onLive } from './live.js';
import { createAnalysisChoice } from './analysis-choice.js';
import { fitControls } from './control-fit.js';
import { setupUserMenu, setupPanelSheet, createMyPosition, createAttributionToggle, isPhone } from './phone.js';
import { createReportHere } from './report-here.js';
import { startOffline, signOutCleanup } from './offline.js';
import { setupAccessibility } from './a11y.js';
import { createExchangePanel } from './exchange/panel.js';
import { loadOrganisations, orgName } from './organisations.js';

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
  await loadOrganisations(); // names of organisations in the reader's language (organisations.js)
  const roles = rolesOf(me);
  document.body.dataset.role = me.role;
  document.body.dataset.org = me.org;
  const logout = el('button', { type: 'button', class: 'topbar-button', id: 'logout-button', text: t('user.logout') });
  logout.addEventListener('click', async () => {
    if (!(await signOutCleanup())) return; // reports still waiting: the user chose to stay
    try {
      await api.logout();
    } catch (e) {
      // the server answers the sign-out with a redirect; either way, go to the sign-in page
    }
    window.location.assign('/login?logout');
  });
  const user = el('span', { class: 'topbar-user', id: 'topbar-user' },
    el('span', { class: `org-badge org-badge-${me.org}`, text: me.org, title: orgName(me.org) }),
    el('span', { text: t('user.signed-in-as', me.displayName || me.username, orgName(me.org), t(`role.${me.role}`)) }));
  const admin = roles.can('admin') ? el('a', { class: 'topbar-button', href: '/admin.html', id: 'admin-link', text: t('user.admin') }) : null;
  // the admin page lists an ADMIN's own tokens under the users: one link (and one Tab stop) for both
  const tokens = admin ? null : el('a', { class: 'topbar-button', href: '/admin.html#tokens', id: 'tokens-link', text: t('user.tokens') });
  document.getElementById('panel-toggle').before(...[user, admin, tokens, logout].filter(Boolean));
  return roles;
}

// ------------------------------------------------------------------ start
/** The map with its controls, on the fallback extent until the configuration arrives. */
function createMap() {
  const map = L.map('map', { zoomControl: false, minZoom: 5, maxZoom: 17, attributionControl: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  L.control.zoom({ position: 'topleft', zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(map);
  L.control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  createPanes(map);
  map.fitBounds(extentBounds(null), { padding: [24, 24] });
  return map;
}

/** GET /api/config, or defaults that keep the map usable (with a message) when it fails. */
async function loadConfig() {
  try {
    return await api.config();
  } catch (e) {
    toast(e.detail || e.message, 'error');
    return { statuses: Object.keys(SEGMENT_STYLE).map((code) => ({ code })), pillarMinZoom: 11 };
  }
}

/**
 * The border: disputed areas, segments and pillars with the segment, inspection and progress panels, which
 * reference each other through callbacks. Resolves once the segments and disputed areas are loaded.
 */
async function createBorder(map, config, roles, { selectTab, renderLegend, versions, interaction }) {
  const disputed = createDisputedLayer(map);
  const border = { disputed };

  border.segments = createSegmentsLayer(map, {
    versions,
    interaction,
    statuses: (config.statuses || []).map((s) => s.code),
    onSelect: (f) => {
      window.history.replaceState(null, '', `#segment=${encodeURIComponent(f.properties.code)}`);
      border.segmentPanel.show(f);
      border.inspectionForm.show(f);
      selectTab('segment');
    },
  });
  const { segments } = border;
  border.pillars = createPillarsLayer(map, config, { onStateChange: renderLegend });
  border.pillars.layer.addTo(map);

  const refreshAll = async (segmentId) => {
    versions.poll(); // the write bumped the layer version: the tiles follow
    await Promise.allSettled([segments.reload(), disputed.reload(), border.pillars.refresh()]);
    renderLegend();
    border.progressPanel.load().catch((e) => toast(e.detail || e.message, 'error'));
    const f = segmentId ? segments.feature(segmentId) : null;
    if (f) {
      segments.select(segmentId, false);
      border.segmentPanel.show(f);
      border.inspectionForm.show(f);
    }
  };

  border.refreshAll = refreshAll;
  border.segmentPanel = createSegmentPanel(document.getElementById('panel-segment'), {
    roles,
    onZoom: (id) => segments.select(id, true),
    onSigned: (seg) => {
      toast(t('segment.signatureRecorded', t(`status.${seg?.properties?.pendingSignoffs?.[0]?.toStatus || 'DEMARCATED'}`)), 'ok');
      refreshAll(seg?.properties?.id ?? seg?.id);
    },
    onInspect: (f) => {
      border.inspectionForm.show(f);
      selectTab('inspection');
    },
    onChanged: (updated) => {
      toast(t('segment.statusChanged', updated.properties?.code || '', t(`status.${updated.properties?.status}`)), 'ok');
      refreshAll(updated.properties?.id ?? updated.id);
    },
  });
  border.inspectionForm = createInspectionForm(document.getElementById('panel-inspection'), {
    segmentLayer: segments,
    onRecorded: (saved, segmentId) => {
      selectTab('segment');
      refreshAll(segmentId);
    },
  });
  border.progressPanel = createProgressPanel(document.getElementById('panel-progress'), {
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
  return border;
}

/**
 * What happens in the field: incidents and hot segments with their panel, the analysis layers (for those who
 * may run them), the patrol network, bases, routes and plan coverage. The patrol panel comes later
 * ({@link showLayers}), once the bases are loaded.
 */
function createField(map, roles, { renderLegend, versions, interaction, mapClick }) {
  const filter = createFilter();
  const field = { filter, mapClick, patrolPanel: null };
  const incidentsPanel = createIncidentsPanel(document.getElementById('panel-incidents'), {
    filter,
    onHotSegment: (f) => {
      if (!map.hasLayer(field.hot.layer)) field.hot.layer.addTo(map);
      field.hot.zoomTo(f);
    },
  });
  createMonthlyChart(incidentsPanel.charts, { filter });
  // the map's own writes bump layer versions: ask for them at once rather than at the next poll
  const changed = () => versions.poll();
  field.incidents = createIncidentsLayer(map, filter, {
    roles,
    versions,
    interaction,
    onChanged: changed,
    onState: (st) => {
      incidentsPanel.showTotal(st);
      renderLegend();
    },
  });
  field.hot = createHotSegmentsLayer(map, filter, {
    versions, interaction, onLoaded: (fc, err) => incidentsPanel.showHot(fc, err),
  });
  if (roles.can('reportIncident')) {
    const box = el('div');
    incidentsPanel.actions.append(box);
    createIncidentReport(box, { map, mapClick, onReported: changed });
  }
  if (roles.can('importIncidents')) {
    const box = el('div');
    incidentsPanel.actions.append(box);
    createIncidentImport(box, { onImported: changed });
  }
  const onCell = (cell, latlng, params) => showCellTrend(map, latlng, cell, params);
  field.analysis = roles.can('hotspots') ? {
    hex: createHotspotLayer(map, filter, { onChange: renderLegend, versions, interaction, onCell }),
    density: createDensityLayer(map, filter, { onChange: renderLegend, versions }),
    clusters: createClustersLayer(map, filter, { onChange: renderLegend, versions }),
    emerging: createEmergingLayer(map, filter, { onChange: renderLegend, versions, onCell }),
  } : null;
  if (field.analysis) {
    // the choice of analysis right under the filter that drives it
    const box = el('div');
    (document.querySelector('#panel-incidents .filter-card') || incidentsPanel.actions).after(box);
    field.analysisChoice = createAnalysisChoice(map, field.analysis, box, { onChange: renderLegend });
  }
  field.network = createNetworkLayer(map, { onChange: renderLegend });
  field.bases = createBasesLayer(map, { onPick: (f) => field.patrolPanel?.pickBase(f) });
  field.routeLayer = createPatrolRouteLayer(map);
  field.coverage = roles.can('planPatrols') ? createCoverageLayer(map, {
    onChange: (fc, error) => {
      field.patrolPanel?.coverageChanged(fc, error);
      renderLegend();
    },
  }) : null;
  return field;
}

/** The legend's entries, each from its own layer, top to bottom. */
function legendEntries(border, field) {
  return () => [
    field.incidents.legend(field.hot.legendItem()),
    ...(field.analysis ? Object.values(field.analysis).map((a) => a.legend()) : []),
    field.coverage?.legend(),
    field.network.legend(),
    border.segments.legend(),
    border.pillars.legend(),
    referenceSection([disputedLegendItem(), ...basemapLegendItems(), pendingSignoffLegendItem()]),
  ];
}

/** Shows what the role needs first, starts the loads, opens the patrol panel and adds the layer switcher. */
function showLayers(map, roles, base, border, field) {
  const { incidents, hot, analysis, network, bases, coverage } = field;
  // incidents matter to planners and patrols; the commission and viewers switch them on when they want them
  if (roles.can('reportIncident')) {
    incidents.layer.addTo(map);
    hot.layer.addTo(map);
  }
  const overlays = {
    [t('layer.segments')]: border.segments.layer,
    [t('layer.pillars')]: border.pillars.layer,
    [t('layer.disputed')]: border.disputed.layer,
    [t('layer.incidents')]: incidents.layer,
    [t('layer.hotSegments')]: hot.layer,
  };
  if (analysis) {
    overlays[t('layer.hotspots')] = analysis.hex.layer;
    overlays[t('layer.density')] = analysis.density.layer;
    overlays[t('layer.emerging')] = analysis.emerging.layer;
    overlays[t('layer.clusters')] = analysis.clusters.layer;
    // one analysis at a time: analysis-choice.js keeps the panel's radio group and these four in step
  }
  overlays[t('layer.network')] = network.layer;
  overlays[t('layer.bases')] = bases.layer;
  if (coverage) overlays[t('layer.coverage')] = coverage.layer;
  // the patrol network and bases are off for everyone at first (they hide the border at every zoom): on
  // through the layer list
  Promise.allSettled([bases.load()]).then(() => {
    if (roles.can('planPatrols')) {
      field.patrolPanel = createPatrolPanel(document.getElementById('panel-patrol'), {
        map, roles, filter: field.filter, mapClick: field.mapClick, bases, routeLayer: field.routeLayer, coverage,
      });
      field.patrolPanel.init();
    }
  });
  incidents.refresh();
  hot.refresh();
  network.refresh();
  if (base.water) overlays[t('layer.water')] = base.water;
  if (base.places) overlays[t('layer.places')] = base.places;
  const baseLayers = { [t('layer.offline')]: base.countries };
  if (base.tiles) baseLayers[t('layer.tiles')] = base.tiles;
  L.control.layers(baseLayers, overlays, { position: 'topright', collapsed: true }).addTo(map);
}

/** The "home" button: back to the border's extent. */
function addHomeButton(map, home) {
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
}

/** Zoom class and view description on the map container (styles and the browser tests read them). */
function trackView(map) {
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
}

async function start() {
  await loadTexts(api);
  document.title = t('app.title');
  const map = createMap();
  setupAccessibility(map);

  const roles = await showUser();
  document.getElementById('panel-toggle').before(createLanguageSwitch({ api, signedIn: Boolean(document.body.dataset.role) }));
  startOffline(roles.me, { canReport: roles.can('reportIncident'), map });
  document.getElementById('tab-inspection').hidden = !roles.can('recordInspection');
  document.getElementById('tab-patrol').hidden = !roles.can('planPatrols');
  const selectTab = setupTabs();
  const setPanelOpen = setupPanelToggle(map);
  setupUserMenu(); // phone.js: one menu button for the user items (a drop-down on a phone)
  setupPanelSheet(setPanelOpen); // phone.js: the side panel is a bottom sheet on a phone

  const config = await loadConfig();
  const home = extentBounds(config.extent);
  map.fitBounds(home, { padding: [24, 24] });
  document.body.dataset.extent = (config.extent || FALLBACK_EXTENT).join(',');
  map.attributionControl.addAttribution(`${dataAttributions().osm} (ODbL)`);
  const base = await addBasemap(map, config);

  let legend = null;
  const renderLegend = () => legend?.render();
  // the vector tile layers: their versions (polled), and one hit test for their clicks and tooltips, in
  // order from the top (incidents over segments over hot segments over Gi* cells)
  const versions = createTileVersions();
  await versions.poll();
  const mapClick = createMapClick(map);
  const interaction = createTileInteraction(map, mapClick);
  const order = [];
  const ordered = { register: (layer, spec) => order.push([layer, spec]) };
  const border = await createBorder(map, config, roles, { selectTab, renderLegend, versions, interaction: ordered });
  const field = createField(map, roles, { renderLegend, versions, interaction: ordered, mapClick });
  const rank = (name) => ['incidents', 'segments', 'hot-segments', 'gistar'].indexOf(name);
  order.sort((a, b) => rank(a[0].spec.name) - rank(b[0].spec.name)).forEach(([layer, spec]) => interaction.register(layer, spec));
  legend = createLegend(legendEntries(border, field)).addTo(map);
  showLayers(map, roles, base, border, field);
  addHomeButton(map, home);
  createMyPosition(map, config).addTo(map);
  createAttributionToggle(map).addTo(map);
  // phone.js / report-here.js: "Report here" from the device's GPS; the side panel closes first on a phone
  if (roles.can('reportIncident')) {
    createReportHere({ map, mapClick, config, onReported: () => versions.poll(), beforeOpen: () => isPhone() && setPanelOpen(false) });
  }
  createExportControl(map, field.filter, roles).addTo(map);
  createLiveIndicator(document.getElementById('panel-toggle'));
  wireLive({ versions, border, field });
  // exchange/panel.js: liaison messages, joint cases, meetings and figures between the organisations
  let exchange = null;
  if (roles.can('exchange')) {
    document.getElementById('tab-exchange').hidden = false;
    exchange = createExchangePanel({ api, t, fmt, roles, map, selectTab, onLive });
  }
  fitControls(map, legend);

  try {
    await border.progressPanel.load();
  } catch (e) {
    replace(document.getElementById('panel-progress'), el('p', { class: 'form-message error', text: e.detail || e.message }));
  }
  border.pillars.refresh();
  openFromHash(border.segments, border.segmentPanel, border.inspectionForm, selectTab);
  trackView(map);
  // for the browser test and for debugging: the map object and what it shows
  const { incidents, hot, analysis, network, bases, routeLayer, filter } = field;
  window.borderzone = { map, segments: border.segments, config, roles, filter, incidents, hot, analysis, network, bases, routeLayer, versions, interaction, analysisChoice: field.analysisChoice, base, exchange };
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  toast(e.detail || e.message || String(e), 'error');
  document.body.dataset.ready = 'error';
});
