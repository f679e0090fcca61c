// The offline banner's clock. i18n.js owns formatting: its CLDR patterns are used where it has them.
import * as i18n from './i18n.js';

/**
 * A time of day as HH:MM, 24 h (the banner's "data from 14:05"), through i18n's CLDR patterns where it has them
 * (formatPattern, the wall clock of Cambodia and Laos), else the browser's clock; never Intl (no km/lo data).
 */
export function timeText(when) {
  const d = when instanceof Date ? when : new Date(when);
  if (Number.isNaN(d.getTime())) return '–';
  if (typeof i18n.formatPattern === 'function') return i18n.formatPattern(d, 'HH:mm');
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
