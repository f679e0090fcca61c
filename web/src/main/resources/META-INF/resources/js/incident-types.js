// Incident types (IncidentType on the server): a colour and a small glyph each, used by the point markers,
// the type checkboxes (which double as the legend) and the cluster labels.
import { svg } from './dom.js';

/** Glyphs are drawn white on the coloured disc, in a 16×16 box. */
export const INCIDENT_TYPES = [
  { code: 'DRUG_TRAFFICKING', color: '#8e44ad', glyph: 'M4.5 9.5 L9.5 4.5 A2.5 2.5 0 0 1 13 8 L8 13 A2.5 2.5 0 0 1 4.5 9.5 Z M7 7 L10 10' },
  { code: 'HUMAN_TRAFFICKING', color: '#c0392b', glyph: 'M8 3.2 A1.9 1.9 0 1 1 7.99 3.2 Z M5 13 L5.8 8.2 L10.2 8.2 L11 13 Z' },
  { code: 'SMUGGLING', color: '#d35400', glyph: 'M3.5 6 L8 3.5 L12.5 6 L12.5 11 L8 13.5 L3.5 11 Z M3.5 6 L8 8.5 L12.5 6 M8 8.5 L8 13.5' },
  { code: 'ILLEGAL_LOGGING', color: '#6d4c2e', glyph: 'M8 2.5 L12.5 9 L9 9 L9 13.5 L7 13.5 L7 9 L3.5 9 Z' },
  { code: 'WILDLIFE_TRAFFICKING', color: '#27ae60', glyph: 'M5 6 A1.3 1.3 0 1 1 4.99 6 Z M11 6 A1.3 1.3 0 1 1 10.99 6 Z M8 4.3 A1.3 1.3 0 1 1 7.99 4.3 Z M5 11.5 C5 8.5 11 8.5 11 11.5 C11 13 5 13 5 11.5 Z' },
  { code: 'ILLEGAL_CROSSING', color: '#2471a3', glyph: 'M2.5 8 L11 8 M8 4.5 L11.5 8 L8 11.5 M13.5 3 L13.5 13' },
  { code: 'ARMED_INCURSION', color: '#1b2631', glyph: 'M8 3 L8 13 M3 8 L13 8 M8 5 A3 3 0 1 1 7.99 5 Z' },
  { code: 'TERRORISM', color: '#922b21', glyph: 'M8 3 L8 9.5 M8 11.8 L8 12.6' },
  { code: 'UXO', color: '#b7950b', glyph: 'M7 6 A3.5 3.5 0 1 1 6.99 6 Z M9.5 5 L11.5 3' },
  { code: 'DISASTER', color: '#117a65', glyph: 'M2.5 10 C4.5 7 6 7 8 10 C10 13 11.5 13 13.5 10 M2.5 6.5 C4.5 3.5 6 3.5 8 6.5 C10 9.5 11.5 9.5 13.5 6.5' },
  { code: 'OTHER', color: '#707b7c', glyph: 'M6 6.2 C6 3.8 10 3.8 10 6.2 C10 8 8 8 8 10 M8 12 L8 12.8' },
];

export const TYPE_BY_CODE = Object.fromEntries(INCIDENT_TYPES.map((t) => [t.code, t]));

/** An SVG disc with the type's glyph; size in px. */
export function typeIcon(code, size = 16, extraClass = '') {
  const t = TYPE_BY_CODE[code] || TYPE_BY_CODE.OTHER;
  return svg('svg', { class: `type-icon ${extraClass}`.trim(), viewBox: '0 0 16 16', width: size, height: size, 'aria-hidden': 'true' },
    svg('circle', { cx: 8, cy: 8, r: 7.5, fill: t.color, stroke: '#fff', 'stroke-width': 1 }),
    svg('path', { d: t.glyph, fill: 'none', stroke: '#fff', 'stroke-width': 1.5, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
}
