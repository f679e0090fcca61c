// Bulk import (PLANNER): a CSV or GeoJSON file is sent as is to POST /api/incidents/import. 201: done at
// once; 202: a job whose Location is polled for a progress bar until DONE or FAILED; 422 (or FAILED): the
// report of bad rows (line, field, message).
import { api } from '../api.js';
import { t, fmt } from '../i18n.js';
import { el, replace, toast } from '../dom.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function createIncidentImport(container, { onImported }) {
  const file = el('input', { type: 'file', id: 'import-file', accept: '.csv,.geojson,.json,text/csv,application/geo+json,application/json' });
  const submit = el('button', { type: 'button', class: 'btn', id: 'import-submit', text: t('import.submit') });
  const bar = el('progress', { id: 'import-progress', max: 100, value: 0, hidden: true });
  const status = el('div', { class: 'muted', id: 'import-status', 'aria-live': 'polite' });
  const report = el('div', { id: 'import-report' });

  const contentTypeOf = (f) => (/\.csv$/i.test(f.name) || f.type === 'text/csv' ? 'text/csv' : 'application/geo+json');

  function showErrors(errors, total, omitted) {
    replace(report,
      el('p', { class: 'form-message error', text: t('import.refused', fmt(total ?? errors.length, 0)) }),
      el('table', { class: 'sector-table import-errors' },
        el('thead', {}, el('tr', {}, el('th', { text: t('import.line') }), el('th', { text: t('import.field') }), el('th', { text: t('import.message') }))),
        el('tbody', {}, errors.slice(0, 200).map((e) => el('tr', {},
          el('td', { class: 'num', text: e.line ?? '–' }), el('td', { text: e.field || '–' }), el('td', { text: e.message || '' }))))),
      omitted || errors.length > 200 ? el('p', { class: 'muted', text: t('import.more') }) : null);
  }

  async function poll(location) {
    bar.hidden = false;
    for (;;) {
      const job = await api.importJob(location);
      bar.value = job.percent ?? 0;
      status.textContent = t('import.progress', t(`importState.${job.state}`), fmt(job.rowsDone ?? 0, 0), fmt(job.rowsTotal ?? 0, 0));
      if (job.state === 'DONE') return job;
      if (job.state === 'FAILED') {
        showErrors(job.errors || [], job.errorCount, job.errorsOmitted);
        if (job.message) status.textContent = job.message;
        return null;
      }
      await sleep(1000);
    }
  }

  submit.addEventListener('click', async () => {
    const f = file.files[0];
    replace(report);
    if (!f) {
      status.textContent = t('import.chooseFile');
      return;
    }
    submit.disabled = true;
    bar.hidden = true;
    status.textContent = t('import.sending', f.name, fmt(f.size / 1024, 0));
    try {
      const r = await api.importIncidents(f, contentTypeOf(f));
      let imported = r.body?.imported;
      if (r.status === 202 && r.location) {
        const job = await poll(r.location);
        if (!job) return;
        imported = job.importedCount;
      }
      bar.hidden = false;
      bar.value = 100;
      status.textContent = t('import.done', fmt(imported ?? 0, 0));
      toast(t('import.done', fmt(imported ?? 0, 0)), 'ok');
      onImported?.();
    } catch (err) {
      status.textContent = err.detail || err.message;
      if (err.errors?.length) showErrors(err.errors, err.problem?.errorCount, err.problem?.errorsOmitted);
    } finally {
      submit.disabled = false;
    }
  });

  replace(container, el('section', { class: 'card', id: 'import-card' },
    el('details', { class: 'card-details' },
      el('summary', { text: t('import.title') }),
      el('p', { class: 'muted', text: t('import.explain') }),
      el('div', { class: 'import-row' }, file, submit),
      bar, status, report)));
}
