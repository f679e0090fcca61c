// The planners' export of the hot spots at 99 % confidence: the Gi* cells of GET /api/hotspots (the filter's
// window and types, 2 km hexagons over the whole border zone, FDR-corrected bins) whose bin is +3, saved as a
// GeoJSON file. Gi* is computed by the server per request (docs/HOTSPOTS.md), not stored, so there is no
// /api/exports dataset for it: the file holds exactly the cells the API answered, with their count, z, p and bin.
import { api } from './api.js';

export const HOTSPOT_EXPORT = { id: 'hotspots99', can: 'hotspots', formats: ['geojson'], cellKm: 2, bin: 3 };

/** The FeatureCollection of the 99 % hot cells for the filter's hotspot parameters ({from, to, type}). */
export async function hotCells(params) {
  const fc = await api.hotspots({ ...params, cellKm: HOTSPOT_EXPORT.cellKm });
  return {
    type: 'FeatureCollection',
    features: fc.features.filter((f) => f.properties.bin === HOTSPOT_EXPORT.bin),
  };
}

/** Fetches the cells and hands the browser a file to save (an object URL on a temporary link). */
export async function downloadHotCells(params) {
  const fc = await hotCells(params);
  const url = URL.createObjectURL(new Blob([JSON.stringify(fc)], { type: 'application/geo+json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `hotspots-99-${params.from || ''}-${params.to || ''}.geojson`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return fc.features.length;
}
