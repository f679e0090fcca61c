// What the map does with live events (js/live.js): a small indicator in the header, and refreshes of what
// changed. Incident events ask for the layer versions at once (the incident tiles follow) and update an open
// popup of that incident; import events and resets reload everything of the incidents; segment, sign-off,
// inspection and pillar events reload the border and the progress panel, and the open segment's details.
// Bursts are coalesced: at most one reload per 250 ms and kind of data.
import { onLive, onLiveState } from './live.js';
import { el } from './dom.js';
import { t } from './i18n.js';

function debounced(fn, ms = 250) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/** The header's live indicator: a dot and a word, its state as data-state (open, connecting, closed). */
export function createLiveIndicator(before) {
  const label = el('span', { class: 'live-label' });
  const box = el('span', { class: 'live-indicator', id: 'live-indicator', role: 'status' },
    el('span', { class: 'live-dot', 'aria-hidden': 'true' }), label);
  before.before(box);
  onLiveState((s) => {
    box.dataset.state = s;
    label.textContent = t(`live.${s}`);
    box.title = t(`live.${s}.title`);
  });
  return box;
}

export function wireLive({ versions, border, field }) {
  const incidentsChanged = debounced(() => {
    versions.poll(); // the incident tiles and hot segments follow the layer version
  });
  const allIncidents = debounced(() => {
    versions.poll();
    field.incidents.refresh();
    field.hot.refresh();
    if (field.analysis) Object.values(field.analysis).forEach((a) => (a.layer && a.refresh ? a.refresh() : null));
  });
  const borderChanged = debounced(async () => {
    await border.refreshAll?.();
    // the segment open in the panel shows its new state (the inspection form is left as it is)
    const open = border.segmentPanel?.current?.();
    const id = open?.properties?.id ?? open?.id;
    const f = id != null ? border.segments.feature(id) : null;
    if (f) border.segmentPanel.show(f);
  });
  onLive(['incident'], (e) => {
    incidentsChanged();
    if (e.entityId) field.incidents.update?.(e.entityId);
  });
  onLive(['import'], (e) => (e.kind === 'reset' ? null : allIncidents()));
  onLive(['release'], () => allIncidents()); // a release or withdrawal for this organisation (issue 12)
  onLive(['segment', 'signoff', 'inspection', 'pillar'], (e) => (e.kind === 'reset' ? null : borderChanged()));
  onLive([], (e) => {
    if (e.kind === 'reset') {
      allIncidents();
      borderChanged();
    }
  });
}
