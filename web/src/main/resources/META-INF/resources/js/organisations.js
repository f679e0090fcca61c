// Organisations are data (docs/EXCHANGE.md "Organisations"): the UI lists them from GET /api/organisations, each
// with its name in the reader's language, so an organisation an administrator adds (a third party such as Viet
// Nam) appears without a code change. Loaded once after sign-in (main.js); until then, and for a code the server
// does not know, the bundle's org.<code> text or the code itself is shown.
import { request } from './api.js';
import { t, has } from './i18n.js';

let list = [];
let byCode = new Map();

/** Reads the organisations (every signed-in user may); an error leaves the list empty (codes are shown). */
export async function loadOrganisations() {
  try {
    // the names in the language the page shows (it may come from ?lang=, which this call does not carry)
    const lang = document.documentElement.lang;
    const body = await request(`/api/organisations${lang ? `?lang=${encodeURIComponent(lang)}` : ''}`);
    list = Array.isArray(body) ? body : [];
  } catch (e) {
    list = [];
  }
  byCode = new Map(list.map((o) => [o.code, o]));
  return list;
}

/** Every organisation the server knows (countries first), or only the active ones. */
export const organisations = ({ activeOnly = false } = {}) => list.filter((o) => !activeOnly || o.active);

/** The name of {@code code} in the reader's language. */
export function orgName(code) {
  if (!code) return '–';
  const o = byCode.get(code);
  if (o?.name) return o.name;
  const key = `org.${code}`;
  return has(key) ? t(key) : code;
}

/** Whether {@code code} is the joint body (kind JOINT). */
export const isJointBody = (code) => byCode.get(code)?.kind === 'JOINT';

/**
 * The two countries a segment separates: its {@code parties} (V26), else the first two parts of its code
 * ({@code <a>-<b>-<nnn>}, which the server builds from the same two columns).
 */
export function segmentParties(p) {
  if (Array.isArray(p?.parties) && p.parties.length === 2) return p.parties;
  const parts = String(p?.code ?? '').split('-');
  return parts.length >= 3 ? parts.slice(0, 2) : [];
}

/** The other party of a segment's sign-off than {@code org}. */
export function otherParty(p, org) {
  return segmentParties(p).find((c) => c !== org) ?? '–';
}
