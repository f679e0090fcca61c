// Offline base map: the two countries' outlines (OpenStreetMap, ODbL), the rivers and lakes within 75 km of the
// border (Natural Earth 1:10m, public domain) and populated places (GeoNames), all served by the server from
// data/ (data/README.md). Drawn quietly so that the border and the incidents stay readable: rivers thin and blue,
// lakes filled, river names in the reader's language where the feature has one (name_km, name_lo), villages from
// zoom 10. An online tile layer is added only when the server is configured with one
// (borderzone.map.tile-url).
import { api } from '../api.js';
import { t, currentLanguage, placeName } from '../i18n.js';
import { el, svg } from '../dom.js';

const L = window.L;

// The land colours of the two countries of this border (the outlines of the reference data, keyed by their ISO
// code): named styling data, not a list of organisations (docs/EXCHANGE.md "Organisations"); any other outline
// takes the first.
const COUNTRY_STYLE = {
  KH: { color: '#8a7f6a', weight: 1, fillColor: '#f3ecdc', fillOpacity: 1 },
  LA: { color: '#7c8a6a', weight: 1, fillColor: '#e8efdc', fillOpacity: 1 },
};

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const link = (href, text) => `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;

/** Attribution HTML for the data we draw (texts from the bundle, escaped). */
export function dataAttributions() {
  return {
    osm: link('https://www.openstreetmap.org/copyright', t('attribution.osm')),
    naturalEarth: link('https://www.naturalearthdata.com/', t('attribution.naturalEarth')),
    geonames: link('https://www.geonames.org/', t('attribution.geonames')),
  };
}

export function createPanes(map) {
  const panes = [
    ['bz-countries', 200],
    ['bz-water', 205],
    ['bz-tiles', 210],
    ['bz-labels-country', 250],
    ['bz-analysis', 340],
    ['bz-mekong', 350],
    ['bz-disputed', 380],
    ['bz-network', 390],
    ['bz-clusters', 395],
    ['bz-hot', 405],
    ['bz-segments', 410],
    ['bz-pillars', 450],
    ['bz-places', 460],
    ['bz-incidents', 470],
    // hot segments over the bubbles and icons (they hid under them): a translucent halo, the bubbles show through
    ['bz-hot-segments', 475],
    ['bz-route', 480],
    ['bz-bases', 490],
  ];
  for (const [name, z] of panes) {
    const pane = map.createPane(name);
    pane.classList.add(`pane-z-${z}`);
  }
  map.getPane('bz-labels-country').classList.add('leaflet-no-pointer');
}

/** River and lake styles: blue, thin enough for the border's lines to stay on top visually. */
export const WATER_STYLE = {
  river: { color: '#5b9bd5', weight: 2, opacity: 0.9, lineCap: 'round', lineJoin: 'round' },
  lake: { color: '#5b9bd5', weight: 1, opacity: 0.9, fillColor: '#a9cfee', fillOpacity: 0.85 },
};

/** A feature's name in the reader's language (name_km, name_lo) where it has one, else its name. */
export function localName(p, lang = currentLanguage()) {
  return (lang && p[`name_${lang}`]) || p.name || '';
}

/** The legend's reference items for the base map: rivers, lakes and a town or village. */
export function basemapLegendItems() {
  return [
    el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
      svg('path', { d: 'M2 8 C8 2, 14 12, 26 4', fill: 'none', stroke: WATER_STYLE.river.color, 'stroke-width': 2 })),
    el('span', { text: t('legend.rivers') })),
    el('li', {}, svg('svg', { class: 'swatch', viewBox: '0 0 28 12', 'aria-hidden': 'true' },
      svg('circle', { cx: 14, cy: 6, r: 3.5, fill: '#333' })),
    el('span', { text: t('legend.place') })),
  ];
}

/** Adds the base map; resolves to {countries, mekong, places, tiles} layers (those that loaded). */
export async function addBasemap(map, config) {
  const attr = dataAttributions();
  const result = {};

  const countriesLayer = L.geoJSON(null, {
    pane: 'bz-countries',
    interactive: false,
    style: (f) => COUNTRY_STYLE[f.properties.isoA2] || COUNTRY_STYLE.KH,
  });
  const labels = L.layerGroup([], { pane: 'bz-labels-country' });
  result.countries = L.layerGroup([countriesLayer, labels]);
  result.countries.addTo(map);

  if (config.tileUrl) {
    result.tiles = L.tileLayer(config.tileUrl, {
      pane: 'bz-tiles',
      opacity: 0.85,
      attribution: config.tileAttribution ? escapeHtml(config.tileAttribution) : '',
    });
  }

  const jobs = [
    api.countries(50).then((fc) => {
      countriesLayer.addData(fc);
      for (const f of fc.features) {
        const label = f.properties.label;
        if (!label) continue;
        L.tooltip({ permanent: true, direction: 'center', className: 'bz-country-label', pane: 'bz-labels-country', interactive: false })
          .setLatLng([label[1], label[0]])
          .setContent(el('span', { text: t(`country.${f.properties.isoA2}`) }))
          .addTo(labels);
      }
    }),
    api.water().then((fc) => {
      const renderer = L.svg({ pane: 'bz-water', padding: 0.5 });
      result.water = L.geoJSON(fc, {
        pane: 'bz-water',
        renderer,
        interactive: false,
        style: (f) => {
          const lake = /Polygon/.test(f.geometry.type);
          const kind = lake ? 'lake' : 'river';
          // the big rivers (lower scale rank) a little wider
          const weight = lake ? WATER_STYLE.lake.weight : (f.properties.scalerank || 9) <= 3 ? 3 : 2;
          return { ...WATER_STYLE[kind], weight, className: `bz-water bz-${kind}` };
        },
        onEachFeature: (f, lyr) => {
          const name = localName(f.properties);
          if (name && !/Polygon/.test(f.geometry.type)) {
            lyr.bindTooltip(el('span', { text: name }), {
              permanent: true, direction: 'center', className: 'bz-river-label', pane: 'bz-water', interactive: false,
            });
          }
        },
        attribution: attr.naturalEarth,
      }).addTo(map);
    }),
    api.places().then((fc) => {
      result.places = L.geoJSON(fc, {
        pane: 'bz-places',
        attribution: attr.geonames,
        pointToLayer: (f, latlng) => {
          const big = (f.properties.population || 0) >= 4000;
          const marker = L.circleMarker(latlng, {
            pane: 'bz-places',
            radius: big ? 4 : 3,
            color: '#333',
            weight: 1,
            fillColor: big ? '#333' : '#fff',
            fillOpacity: 1,
            className: 'bz-place',
          });
          const name = placeName(f.properties);
          marker.bindTooltip(el('span', { class: 'bz-place-name', lang: name.lang, text: name.text }), {
            permanent: true,
            direction: 'right',
            offset: [4, 0],
            className: big ? 'bz-place-label bz-place-label-big' : 'bz-place-label',
            pane: 'bz-places',
          });
          return marker;
        },
      }).addTo(map);
    }),
  ];
  const outcomes = await Promise.allSettled(jobs);
  outcomes.filter((o) => o.status === 'rejected').forEach((o) => console.warn('base map layer failed', o.reason));
  return result;
}
