// A planned patrol (POST /api/routes): one line per team in the team's colour, numbered stops, the points
// the user picked (start, end, loop stops) and the hot cells the plan had to skip.
import { t, fmt } from '../i18n.js';
import { el } from '../dom.js';

const L = window.L;

/** Team colours (distinct from the segment, hotspot and incident palettes). */
export const TEAM_COLOURS = ['#1f78b4', '#e7298a', '#33a02c', '#ff7f00', '#6a3d9a', '#b15928', '#01665e', '#8c510a', '#c51b7d', '#4d4d4d'];
export const teamColour = (team) => TEAM_COLOURS[(Math.max(1, team) - 1) % TEAM_COLOURS.length];

export const durationText = (s) => {
  const m = Math.round((s || 0) / 60);
  return m >= 60 ? `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min` : `${m} min`;
};

export function createPatrolRouteLayer(map) {
  const layer = L.layerGroup([], { pane: 'bz-route' });
  const picks = L.layerGroup([], { pane: 'bz-route' }).addTo(map);
  layer.addTo(map);

  function show(fc) {
    layer.clearLayers();
    // incident icons step back while a route is shown, so the route and its stops read first
    map.getContainer().classList.toggle('bz-route-shown', Boolean(fc));
    if (!fc) return;
    const lines = fc.features.filter((f) => f.properties.kind === 'route');
    for (const f of lines) {
      const latlngs = f.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
      L.polyline(latlngs, { pane: 'bz-route', color: '#ffffff', weight: 8, opacity: 0.9, interactive: false }).addTo(layer);
      L.polyline(latlngs, {
        pane: 'bz-route', color: teamColour(f.properties.team), weight: 4.5, opacity: 1,
        className: `bz-route bz-route-team-${f.properties.team}`,
      }).bindTooltip(el('span', { text: t('patrol.teamTip', f.properties.team, fmt(f.properties.lengthM / 1000, 1), durationText(f.properties.durationS)) }), { sticky: true })
        .addTo(layer);
    }
    for (const f of fc.features.filter((x) => x.properties.kind === 'stop')) {
      const p = f.properties;
      if (p.role === 'base' && p.order > 0) continue; // the return to base: same place as stop 0
      const [lon, lat] = f.geometry.coordinates;
      const icon = el('div', { class: `bz-stop bz-stop-${p.role} bz-stop-team-${(p.team - 1) % TEAM_COLOURS.length + 1}` },
        el('span', { text: p.role === 'base' ? '⌂' : String(p.order) }));
      L.marker([lat, lon], {
        pane: 'bz-route',
        icon: L.divIcon({ html: icon, className: 'bz-stop-icon', iconSize: [22, 22] }),
        keyboard: false,
      }).bindTooltip(el('span', { text: t('patrol.stopTip', p.order, fmt(p.distanceM / 1000, 1), durationText(p.etaS)) }), { direction: 'top', offset: [0, -10] })
        .addTo(layer);
    }
    for (const s of fc.skippedCells || []) {
      const [lon, lat] = s.position;
      L.circleMarker([lat, lon], {
        pane: 'bz-route', radius: 5, color: '#7f7f7f', weight: 1.5, dashArray: '2 2', fill: false, className: 'bz-skipped',
      }).bindTooltip(el('span', { text: `${s.cellId} · ${t(`patrol.skip.${s.reason}`)}` })).addTo(layer);
    }
    if (lines.length) map.fitBounds(L.featureGroup(layer.getLayers().filter((l) => l instanceof L.Polyline)).getBounds(), { padding: [50, 50], maxZoom: 14 });
  }

  /** The user's picks: [{latlng, label, kind}] (start, end or numbered loop stops). */
  function showPicks(list) {
    picks.clearLayers();
    for (const p of list) {
      const icon = el('div', { class: `bz-pick bz-pick-${p.kind}` }, el('span', { text: p.label }));
      L.marker(p.latlng, { pane: 'bz-route', icon: L.divIcon({ html: icon, className: 'bz-pick-icon', iconSize: [20, 20] }), interactive: false }).addTo(picks);
    }
  }

  return { layer, show, showPicks, clear: () => { layer.clearLayers(); picks.clearLayers(); map.getContainer().classList.remove('bz-route-shown'); } };
}
