// The phone layout (issue 11, css/phone.css): the header's user items folded into one menu button, the side
// panel as a bottom sheet with a drag handle, and the "my position" control (locate, then follow) on the map.
// On a desktop the user items stay in the header as before and the panel stays at the side.
import { t } from './i18n.js';
import { el, svg } from './dom.js';
import { watchPosition, accuracyBand } from './geo-watch.js';

const L = window.L;
export const PHONE = '(max-width: 700px)';
export const isPhone = () => window.matchMedia(PHONE).matches;

/**
 * Puts the user label, the admin and token links and Sign out (whatever main.js put before the panel toggle)
 * into one menu: a button with the organisation badge that opens them as a list. CSS shows the list inline
 * in the header on wide screens, as a drop-down on a phone.
 */
export function setupUserMenu() {
  const items = ['topbar-user', 'admin-link', 'tokens-link', 'logout-button'].map((id) => document.getElementById(id)).filter(Boolean);
  if (!items.length) return null;
  const org = document.body.dataset.org || '';
  const list = el('div', { class: 'user-menu-list', id: 'user-menu-list' });
  const button = el('button', { type: 'button', class: 'user-menu-button', id: 'user-menu-button', 'aria-expanded': 'false',
    // the name holds the badge's visible text (WCAG 2.5.3, axe label-content-name-mismatch): "User menu KH"
    'aria-controls': 'user-menu-list', 'aria-label': org ? `${t('user.menu')} ${org}` : t('user.menu'), title: t('user.menu') },
  svg('svg', { viewBox: '0 0 20 20', 'aria-hidden': 'true', class: 'user-menu-icon' },
    svg('circle', { cx: 10, cy: 7, r: 3.6, fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8 }),
    svg('path', { d: 'M3.5 17.5 C4.5 12.5 15.5 12.5 16.5 17.5', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8 })),
  org ? el('span', { class: `org-badge org-badge-${org}`, text: org }) : null);
  const menu = el('div', { class: 'user-menu', id: 'user-menu' }, button, list);
  items[0].before(menu);
  list.append(...items);
  const setOpen = (open) => {
    menu.classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
  };
  button.addEventListener('click', (e) => {
    e.stopPropagation();
    setOpen(!menu.classList.contains('open'));
  });
  document.addEventListener('click', (e) => {
    if (!menu.contains(e.target)) setOpen(false);
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && menu.classList.contains('open')) {
      setOpen(false);
      button.focus();
    }
  });
  return { setOpen };
}

/**
 * The side panel as a bottom sheet on a phone: a handle at its top (a 44 px button) that toggles between half
 * and full height on a tap, and closes the sheet when dragged down (or grows it when dragged up).
 */
export function setupPanelSheet(setPanelOpen) {
  const panel = document.getElementById('side-panel');
  const handle = el('button', { type: 'button', class: 'sheet-handle', id: 'panel-handle', 'aria-label': t('panel.handle'),
    title: t('panel.handle') }, el('span', { class: 'sheet-handle-bar', 'aria-hidden': 'true' }));
  panel.prepend(handle);
  let startY = null;
  let moved = 0;
  handle.addEventListener('pointerdown', (e) => {
    startY = e.clientY;
    moved = 0;
    handle.setPointerCapture?.(e.pointerId);
  });
  handle.addEventListener('pointermove', (e) => {
    if (startY !== null) moved = e.clientY - startY;
  });
  handle.addEventListener('pointerup', () => {
    if (startY === null) return;
    startY = null;
    if (moved > 60) {
      if (panel.classList.contains('sheet-full')) panel.classList.remove('sheet-full');
      else setPanelOpen(false);
    } else if (moved < -60) {
      panel.classList.add('sheet-full');
    }
  });
  handle.addEventListener('click', () => {
    if (Math.abs(moved) > 60) return; // a drag, handled above
    panel.classList.toggle('sheet-full');
  });
}

/**
 * The "my position" control: the first tap finds the device and follows it (the map recentres on every fix
 * until the map is dragged), the next tap stops. The position is a dot with its accuracy circle, coloured by
 * band (config.report good/fair accuracy).
 */
export function createMyPosition(map, config) {
  const bands = config?.report || {};
  let unwatch = null;
  let following = false;
  let dot = null;
  let circle = null;
  let button = null;

  const setState = (state) => {
    button.dataset.state = state;
    button.setAttribute('aria-pressed', String(state !== 'off'));
  };
  const stop = () => {
    unwatch?.();
    unwatch = null;
    following = false;
    dot?.remove();
    circle?.remove();
    dot = null;
    circle = null;
    setState('off');
  };
  const start = () => {
    following = true;
    setState('locating');
    unwatch = watchPosition((fix, error) => {
      if (!fix) {
        if (error) setState(error.code === 1 ? 'denied' : 'locating');
        return;
      }
      const ll = L.latLng(fix.lat, fix.lng);
      const band = accuracyBand(fix.accuracy, bands);
      if (!dot) {
        circle = L.circle(ll, { radius: fix.accuracy, interactive: false, className: `my-position-circle band-${band}` }).addTo(map);
        dot = L.circleMarker(ll, { radius: 7, interactive: false, className: 'my-position-dot' }).addTo(map);
      } else {
        dot.setLatLng(ll);
        circle.setLatLng(ll).setRadius(fix.accuracy);
        circle.getElement?.()?.setAttribute('class', `my-position-circle band-${band}`);
      }
      if (following) {
        map.setView(ll, Math.max(map.getZoom(), 15), { animate: false });
        setState('following');
      }
    });
  };
  // a drag of the map ends following (the dot stays); the next tap follows again
  map.on('dragstart', () => {
    if (unwatch && following) {
      following = false;
      setState('shown');
    }
  });

  const Control = L.Control.extend({
    options: { position: 'topleft' },
    onAdd() {
      button = el('button', { type: 'button', class: 'my-position-button', id: 'my-position', title: t('map.myPosition'),
        'aria-label': t('map.myPosition'), 'aria-pressed': 'false', dataset: { state: 'off' } },
      svg('svg', { viewBox: '0 0 20 20', 'aria-hidden': 'true' },
        svg('circle', { cx: 10, cy: 10, r: 5.2, fill: 'none', stroke: 'currentColor', 'stroke-width': 2 }),
        svg('circle', { cx: 10, cy: 10, r: 1.8, fill: 'currentColor' }),
        svg('path', { d: 'M10 1.5v3M10 15.5v3M1.5 10h3M15.5 10h3', stroke: 'currentColor', 'stroke-width': 2 })));
      L.DomEvent.disableClickPropagation(button);
      button.addEventListener('click', () => {
        if (!unwatch) start();
        else if (!following) {
          following = true;
          setState('locating');
        } else stop();
      });
      return el('div', { class: 'leaflet-bar' }, button);
    },
  });
  return new Control();
}

/**
 * On a phone the attribution folds into an "i" button (44 px) in the bottom-right corner that shows it on a tap:
 * three lines of links would otherwise cover the bottom of the map. On a desktop nothing changes.
 */
export function createAttributionToggle(map) {
  const Control = L.Control.extend({
    options: { position: 'bottomright' },
    onAdd() {
      const b = el('button', { type: 'button', class: 'attribution-toggle', id: 'attribution-toggle', 'aria-expanded': 'false',
        'aria-label': t('map.attribution'), title: t('map.attribution'), text: 'i' });
      L.DomEvent.disableClickPropagation(b);
      b.addEventListener('click', () => {
        const open = !document.body.classList.contains('attribution-open');
        document.body.classList.toggle('attribution-open', open);
        b.setAttribute('aria-expanded', String(open));
      });
      return el('div', { class: 'leaflet-bar attribution-toggle-bar' }, b);
    },
  });
  return new Control();
}
