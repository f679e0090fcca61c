// UI texts and formatting in English, Khmer and Lao (docs/I18N.md). The server decides the language in one
// place (?lang, the user's stored language, the bz_lang cookie, Accept-Language) and answers GET /api/i18n with
// every text of the web bundle plus `_format`: ICU4J's month and weekday names, number symbols, native digits
// and date patterns. Numbers and dates are formatted from those tables, never with the browser's Intl or
// toLocaleString: Chromium has no Khmer or Lao locale data and silently answers in English.
// t(key, ...args) fills {0}, {1}… ; a missing key falls back to the key itself.

export const LANGUAGES = ['en', 'km', 'lo'];
/** Each language named in itself (not a translation, so not in the bundles). */
export const AUTONYMS = { en: 'English', km: 'ខ្មែរ', lo: 'ລາວ' };
export const LANG_COOKIE = 'bz_lang';

/** English tables, for when /api/i18n could not be read (ICU4J's en data). */
const ENGLISH = {
  language: 'en',
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  monthsShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  weekdaysShort: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  ampm: ['AM', 'PM'],
  decimal: '.',
  group: ',',
  percent: '%',
  minus: '-',
  nativeDigits: '0123456789',
  patterns: { fullDate: 'EEEE, MMMM d, y', mediumDate: 'MMM d, y', shortDate: 'M/d/yy', dateTime: 'MMM d, y, h:mm\u202Fa', time: 'h:mm\u202Fa' },
  utcOffsetMinutes: 420,
};

let texts = {};
let format = ENGLISH;
let language = 'en';

/** The language a user asked for in the URL (?lang=km), if it is one of ours. */
function urlLanguage() {
  const wanted = new URLSearchParams(window.location.search).get('lang');
  return LANGUAGES.includes(wanted) ? wanted : undefined;
}

export async function loadTexts(api) {
  restoreCookie();
  let body = null;
  try {
    body = await api.texts(urlLanguage());
  } catch (e) {
    body = null;
  }
  useTexts(body);
  applyTexts(document);
}

/** Takes an answer of GET /api/i18n (texts and `_format`), or null for English; sets `<html lang>`. */
export function useTexts(body) {
  const ok = body && typeof body === 'object';
  format = ok && body._format && typeof body._format === 'object' ? { ...ENGLISH, ...body._format } : ENGLISH;
  texts = ok ? { ...body } : {};
  delete texts._format;
  language = LANGUAGES.includes(format.language) ? format.language : 'en';
  document.documentElement.lang = language;
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

// ------------------------------------------------------------------ numbers

function digitsOf(text, native) {
  if (!native) return text;
  const d = format.nativeDigits || '0123456789';
  return text.replace(/[0-9]/g, (c) => d[Number(c)] ?? c);
}

/**
 * A number with exactly `digits` decimals and grouping by three, with the language's symbols
 * (en/km "1,234.5", lo "1.234,5"), as ICU4J formats it on the server. `native` gives Khmer or Lao digits.
 */
export function fmt(value, digits = 1, { native = false } = {}) {
  if (value === null || value === undefined || value === '' || Number.isNaN(Number(value))) return '–';
  const n = Number(value);
  if (!Number.isFinite(n)) return '–';
  const fixed = Math.abs(n).toFixed(Math.max(0, Math.min(20, digits)));
  const [whole, frac] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u0000').split('\u0000').join(format.group);
  const negative = n < 0 && Number(fixed) !== 0;
  const text = (negative ? format.minus : '') + grouped + (frac ? format.decimal + frac : '');
  return digitsOf(text, native);
}

/** Percent as the panels show it: one decimal, rounded half up (the browser test relies on this). */
export function percentText(value) {
  const rounded = Math.round(Number(value) * 10) / 10;
  return fmt(rounded, 1);
}

// ------------------------------------------------------------------ dates

const pad = (n, w) => String(n).padStart(w, '0');

/** The fields of a moment as the wall clock of Cambodia and Laos shows it (UTC+7, no daylight saving). */
function wallClock(d) {
  const local = new Date(d.getTime() + (format.utcOffsetMinutes ?? 420) * 60000);
  return {
    y: local.getUTCFullYear(), M: local.getUTCMonth(), d: local.getUTCDate(), E: local.getUTCDay(),
    H: local.getUTCHours(), m: local.getUTCMinutes(),
  };
}

/** Formats a moment with an ICU/CLDR date pattern (the subset CLDR uses for en, km and lo). */
export function formatPattern(date, pattern, { native = false } = {}) {
  const f = wallClock(date);
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") { // quoted literal; '' is a quote
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) { out += "'"; i += 2; continue; }
      out += pattern.slice(i + 1, end < 0 ? pattern.length : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) { out += c; i += 1; continue; }
    let n = 1;
    while (pattern[i + n] === c) n += 1;
    i += n;
    switch (c) {
      case 'y': out += digitsOf(n === 2 ? pad(f.y % 100, 2) : String(f.y), native); break;
      case 'M': case 'L':
        out += n >= 4 ? format.months[f.M] : n === 3 ? format.monthsShort[f.M] : digitsOf(pad(f.M + 1, n), native);
        break;
      case 'd': out += digitsOf(pad(f.d, n), native); break;
      case 'E': case 'c': out += n >= 4 ? format.weekdays[f.E] : format.weekdaysShort[f.E]; break;
      case 'H': out += digitsOf(pad(f.H, n), native); break;
      case 'h': out += digitsOf(pad(f.H % 12 === 0 ? 12 : f.H % 12, n), native); break;
      case 'm': out += digitsOf(pad(f.m, n), native); break;
      case 'a': out += format.ampm[f.H < 12 ? 0 : 1]; break;
      default: out += c.repeat(n); // a field we do not show: kept visible rather than dropped silently
    }
  }
  return out;
}

function parsed(iso) {
  if (!iso) return null;
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A day as the lists show it: "Dec 1, 2026" · "1 ធ្នូ 2026" · "1 ທ.ວ. 2026" (style: medium, full, short). */
export function dateText(iso, style = 'medium') {
  const d = parsed(iso);
  if (!d) return iso ? String(iso) : '–';
  const key = { full: 'fullDate', short: 'shortDate' }[style] || 'mediumDate';
  return formatPattern(d, format.patterns[key] || ENGLISH.patterns[key]);
}

/** A moment with its time in UTC+7: "Dec 1, 2026, 11:30 PM" · "1 ທ.ວ. 2026, 23:30". */
export function dateTimeText(iso) {
  const d = parsed(iso);
  if (!d) return iso ? String(iso) : '–';
  return formatPattern(d, format.patterns.dateTime || ENGLISH.patterns.dateTime);
}

/**
 * A place's name in the UI language where the data has one (name_km, name_lo: GeoNames alternate names, often
 * missing), else its English/romanised name: {text, lang} (lang for the element, so the right font applies).
 */
export function placeName(props) {
  const own = props?.[`name_${language}`];
  if (own) return { text: own, lang: language };
  return { text: props?.name_en || props?.name || '', lang: 'en' };
}

/** The formatting tables in use (for tests and for modules that draw their own labels). */
export const formatData = () => format;

// ------------------------------------------------------------------ input

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

/**
 * The value of a number field for a request body: null when empty, the number when parseNumber reads it, else
 * the text as typed, so that the server refuses it naming the field (never a silently dropped or changed value).
 * Number fields are `type="text" inputmode="decimal"`: Chromium's type="number" empties Khmer or Lao digits.
 */
export function numberValue(input) {
  const raw = String(input.value ?? '').trim();
  if (raw === '') return null;
  const n = parseNumber(raw);
  return Number.isNaN(n) ? raw : n;
}

/** Attributes of a number field that accepts Khmer and Lao digits (see numberValue). */
export const NUMBER_INPUT = { type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false' };

// ------------------------------------------------------------------ choosing the language

/**
 * Remembers a language on this device (the bz_lang cookie the server reads, and localStorage) and, for a
 * signed-in user, on the server (PUT /api/me/language); then reloads the page without ?lang so that the new
 * choice decides. A failed server call still keeps the device's choice.
 */
export async function chooseLanguage(lang, { api, signedIn } = {}) {
  if (!LANGUAGES.includes(lang)) return;
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; samesite=lax`;
  try { window.localStorage.setItem(LANG_COOKIE, lang); } catch (e) { /* private mode: the cookie is enough */ }
  if (signedIn && api?.setLanguage) {
    try { await api.setLanguage(lang); } catch (e) { /* offline or refused: the device keeps the choice */ }
  }
  const url = new URL(window.location.href);
  url.searchParams.delete('lang');
  if (url.toString() === window.location.href) window.location.reload();
  else window.location.replace(url.toString());
}

/** The device's choice back into the cookie when only localStorage kept it (the server reads the cookie). */
function restoreCookie() {
  if (document.cookie.split('; ').some((c) => c.startsWith(`${LANG_COOKIE}=`))) return;
  let kept = null;
  try { kept = window.localStorage.getItem(LANG_COOKIE); } catch (e) { /* no storage */ }
  if (LANGUAGES.includes(kept)) document.cookie = `${LANG_COOKIE}=${kept}; path=/; max-age=31536000; samesite=lax`;
}
