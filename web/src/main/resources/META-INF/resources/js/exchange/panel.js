// The Exchange tab (issue 12, docs/EXCHANGE.md): liaison messages, joint cases, meetings and the exchange figures
// between the organisations, as four sections behind a row of sub-tabs. Each section is its own module with
// one entry point, create*(container, ctx), called once when the tab is first opened:
//   ctx = { api, t, fmt (i18n.js fmt(value, digits)), roles, map, selectTab, onLive (live.js), badge(count, overdue) }
// badge() sets the unread/overdue mark on the Exchange tab itself (the inbox calls it).
import { createInbox } from './inbox.js';
import { createCases } from './cases.js';
import { createMeetings } from './meetings.js';
import { createFigures } from './figures.js';

const SECTIONS = [
  ['inbox', 'exchange.tab.inbox', createInbox],
  ['cases', 'exchange.tab.cases', createCases],
  ['meetings', 'exchange.tab.meetings', createMeetings],
  ['figures', 'exchange.tab.figures', createFigures],
];

/** Builds the Exchange panel into #panel-exchange; returns { open(section) }. */
export function createExchangePanel(ctx) {
  const panel = document.getElementById('panel-exchange');
  const tab = document.getElementById('tab-exchange');
  const { t } = ctx;
  panel.replaceChildren();
  const bar = document.createElement('div');
  bar.className = 'xc-subtabs';
  bar.setAttribute('role', 'tablist');
  bar.setAttribute('aria-label', t('exchange.label'));
  panel.append(bar);
  const made = new Map();
  const bodies = new Map();
  const buttons = new Map();
  const badge = (count, overdue) => {
    let mark = tab.querySelector('.xc-badge');
    if (!count) {
      mark?.remove();
      tab.removeAttribute('data-unread');
      return;
    }
    if (!mark) {
      mark = document.createElement('span');
      mark.className = 'xc-badge';
      tab.append(mark);
    }
    mark.textContent = ctx.fmt(count, 0);
    mark.classList.toggle('overdue', Boolean(overdue));
    tab.dataset.unread = String(count);
  };
  const sectionCtx = { ...ctx, badge };
  const open = (name) => {
    for (const [key, body] of bodies) {
      const on = key === name;
      body.hidden = !on;
      buttons.get(key).setAttribute('aria-selected', String(on));
      buttons.get(key).tabIndex = on ? 0 : -1;
      if (on && !made.has(key)) {
        made.set(key, true);
        SECTIONS.find((s) => s[0] === key)[2](body, sectionCtx);
      }
    }
  };
  for (const [key, label] of SECTIONS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'xc-subtab';
    b.id = `xc-tab-${key}`;
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-controls', `xc-${key}`);
    b.textContent = t(label);
    b.addEventListener('click', () => open(key));
    bar.append(b);
    buttons.set(key, b);
    const body = document.createElement('div');
    body.id = `xc-${key}`;
    body.className = 'xc-section';
    body.setAttribute('role', 'tabpanel');
    body.setAttribute('aria-labelledby', b.id);
    body.hidden = true;
    panel.append(body);
    bodies.set(key, body);
  }
  bar.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const keys = SECTIONS.map((s) => s[0]);
    const cur = keys.findIndex((k) => buttons.get(k).getAttribute('aria-selected') === 'true');
    const next = keys[(cur + (e.key === 'ArrowRight' ? 1 : keys.length - 1)) % keys.length];
    open(next);
    buttons.get(next).focus();
  });
  open('inbox');
  return { open, badge };
}
