// Exchange section "meetings" (owned by the meetings helper of issue 12; see panel.js for ctx).

/** Builds the section into container. */
export function createMeetings(container, ctx) {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = ctx.t('common.loading');
  container.replaceChildren(p);
}
