// Exchange section "inbox" (owned by the messages helper of issue 12; see panel.js for ctx).

/** Builds the section into container. */
export function createInbox(container, ctx) {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = ctx.t('common.loading');
  container.replaceChildren(p);
}
