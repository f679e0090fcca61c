// UI texts from the server's i18n/web bundle (GET /api/i18n). English is the base; Khmer and Lao are planned.
// t(key, ...args) fills {0}, {1}… ; a missing key falls back to the given default, then to the key itself.

let texts = {};
let language = 'en';

export async function loadTexts(api) {
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get('lang') || (navigator.language || 'en').split('-')[0];
  try {
    texts = await api.texts(/^[A-Za-z]{2,8}$/.test(wanted) ? wanted : 'en');
    language = wanted;
  } catch (e) {
    texts = {};
  }
  document.documentElement.lang = texts['app.lang'] || 'en';
  applyTexts(document);
}

export function t(key, ...args) {
  let s = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
  args.forEach((a, i) => {
    s = s.split(`{${i}}`).join(String(a));
  });
  return s;
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(texts, key);
}

export const currentLanguage = () => language;

/** Replaces texts of elements marked data-i18n / data-i18n-title / data-i18n-aria-label / -placeholder. */
export function applyTexts(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    if (has(el.dataset.i18n)) el.textContent = t(el.dataset.i18n);
  }
  for (const [attr, data] of [['title', 'i18nTitle'], ['aria-label', 'i18nAriaLabel'], ['placeholder', 'i18nPlaceholder']]) {
    for (const el of root.querySelectorAll(`[data-${attr === 'aria-label' ? 'i18n-aria-label' : `i18n-${attr}`}]`)) {
      if (has(el.dataset[data])) el.setAttribute(attr, t(el.dataset[data]));
    }
  }
}

/** Number formatting in the UI language. */
export function fmt(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '–';
  return Number(value).toLocaleString(texts['app.lang'] || 'en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Percent as the panels show it: one decimal, rounded half up (the browser test relies on this). */
export function percentText(value) {
  const rounded = Math.round(Number(value) * 10) / 10;
  return rounded.toFixed(1);
}

export function dateText(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleDateString(texts['app.lang'] || 'en', { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * A number typed by a user: ASCII, Khmer (U+17E0–17E9) or Lao (U+0ED0–0ED9) digits, an optional sign and one
 * '.' as the decimal mark; spaces around are ignored. NaN for anything else (never a silently changed value).
 */
export function parseNumber(text) {
  if (text === null || text === undefined) return NaN;
  const ascii = String(text).trim().replace(/[\u17E0-\u17E9]/g, (d) => String(d.charCodeAt(0) - 0x17E0))
    .replace(/[\u0ED0-\u0ED9]/g, (d) => String(d.charCodeAt(0) - 0x0ED0));
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(ascii) ? Number(ascii) : NaN;
}
