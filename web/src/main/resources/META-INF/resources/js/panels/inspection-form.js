// Record a joint inspection of the selected segment (POST /api/inspections): date, organisations, outcome,
// minutes reference, notes, an optional new status for the segment and a finding per inspected pillar.
// Server errors (problem+json) are shown with their `detail` and the offending fields are marked.
import { api, bboxOf } from '../api.js';
import { t, numberValue, NUMBER_INPUT } from '../i18n.js';
import { el, replace, toast } from '../dom.js';
import { allowedTargets } from './segment-detail.js';
import { organisations, orgName, segmentParties } from '../organisations.js';

const OUTCOMES = ['SATISFACTORY', 'ISSUES_FOUND', 'FOLLOW_UP_REQUIRED'];
const CONDITIONS = ['GOOD', 'DAMAGED', 'MISSING', 'DISPLACED'];

const today = () => {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export function createInspectionForm(container, { segmentLayer, onRecorded }) {
  let token = 0;

  function field(id, label, control, fieldName) {
    control.id = id;
    return el('div', { class: 'field', dataset: { field: fieldName } },
      el('label', { for: id, text: label }), control, el('div', { class: 'field-error', 'aria-live': 'polite' }));
  }

  async function pillarsOf(feature) {
    const bounds = segmentLayer.boundsOf((f) => f.properties.id === feature.properties.id);
    if (!bounds) return [];
    const fc = await api.pillars({ bbox: bboxOf(bounds.pad(0.05)) });
    return fc.features.filter((f) => f.properties.segmentId === feature.properties.id)
      .sort((a, b) => String(a.properties.number).localeCompare(String(b.properties.number)));
  }

  function findingRow(pillar, i) {
    const p = pillar.properties;
    const condition = el('select', { id: `finding-${i}-condition`, 'aria-label': t('inspection.condition') },
      el('option', { value: '', text: t('inspection.notInspected') }),
      CONDITIONS.map((c) => el('option', { value: c, text: t(`condition.${c}`) })));
    const lon = el('input', { ...NUMBER_INPUT, id: `finding-${i}-lon`, placeholder: t('inspection.lonShort'), 'aria-label': t('inspection.lon') });
    const lat = el('input', { ...NUMBER_INPUT, id: `finding-${i}-lat`, placeholder: t('inspection.latShort'), 'aria-label': t('inspection.lat') });
    const notes = el('input', { type: 'text', id: `finding-${i}-notes`, maxlength: 1000, placeholder: t('inspection.findingNotes'), 'aria-label': t('inspection.findingNotes') });
    const row = el('div', { class: 'finding' },
      el('div', { class: 'finding-head' },
        el('strong', { text: p.number }),
        el('span', { class: 'muted', text: t(`pillarStatus.${p.status}`) }),
        condition),
      el('div', { class: 'finding-more' }, lon, lat, notes),
      el('div', { class: 'field-error', 'aria-live': 'polite' }));
    return {
      row,
      value() {
        if (!condition.value) return null;
        const f = { pillarId: p.id, condition: condition.value, notes: notes.value.trim() || null };
        if (lon.value !== '' || lat.value !== '') f.measured = [numberValue(lon), numberValue(lat)];
        return f;
      },
    };
  }

  async function show(feature) {
    const mine = ++token;
    if (!feature) {
      replace(container, el('p', { class: 'hint', text: t('inspection.selectFirst') }));
      return;
    }
    const p = feature.properties;
    const date = el('input', { type: 'date', name: 'inspectedOn', value: today(), max: today(), required: true });
    // the participants: every active organisation (GET /api/organisations); the segment's two countries ticked
    const parties = segmentParties(p);
    const known = organisations({ activeOnly: true }).map((o) => o.code);
    const orgs = (known.length ? known : parties).map((code) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', name: 'organisations', value: code, checked: parties.includes(code) }),
      el('span', { text: orgName(code) })));
    const outcome = el('select', { name: 'outcome' }, OUTCOMES.map((o) => el('option', { value: o, text: t(`outcome.${o}`) })));
    const minutes = el('input', { type: 'text', name: 'minutesRef', maxlength: 200, placeholder: t('inspection.minutesPlaceholder') });
    const notes = el('textarea', { name: 'notes', rows: 3, maxlength: 4000 });
    const target = el('select', { name: 'segmentStatus' },
      el('option', { value: '', text: t('inspection.statusUnchanged') }),
      allowedTargets(p.status).map((s) => el('option', { value: s, text: t(`status.${s}`) })));
    const findingsBox = el('div', { class: 'findings' }, el('div', { class: 'loading', text: t('common.loading') }));
    const message = el('div', { class: 'form-message', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'btn', id: 'inspection-submit', text: t('inspection.submit') });
    let findingRows = [];

    const form = el('form', { id: 'inspection-form', class: 'form card', novalidate: true },
      el('div', { class: 'segment-title' },
        el('h2', { text: t('inspection.title', p.code) })),
      el('p', { class: 'muted', text: `${p.sectorCode} · ${p.sectorName}` }),
      field('insp-date', t('inspection.date'), date, 'inspectedOn'),
      el('fieldset', { class: 'field', dataset: { field: 'organisations' } },
        el('legend', { text: t('inspection.organisations') }), el('div', { class: 'checks' }, orgs),
        el('div', { class: 'field-error', 'aria-live': 'polite' })),
      field('insp-outcome', t('inspection.outcome'), outcome, 'outcome'),
      field('insp-minutes', t('inspection.minutesRef'), minutes, 'minutesRef'),
      field('insp-notes', t('inspection.notes'), notes, 'notes'),
      field('insp-status', t('inspection.segmentStatus'), target, 'segmentStatus'),
      el('fieldset', { class: 'field', dataset: { field: 'findings' } },
        el('legend', { text: t('inspection.findings') }), findingsBox,
        el('div', { class: 'field-error', 'aria-live': 'polite' })),
      el('div', { class: 'form-actions' }, submit),
      message);

    replace(container, form);

    try {
      const pillars = await pillarsOf(feature);
      if (mine !== token) return;
      findingRows = pillars.map(findingRow);
      replace(findingsBox, findingRows.length ? findingRows.map((r) => r.row)
        : el('p', { class: 'hint', text: t('inspection.noPillars') }));
    } catch (e) {
      if (mine !== token) return;
      replace(findingsBox, el('p', { class: 'hint', text: e.missing ? t('inspection.pillarsUnavailable') : (e.detail || e.message) }));
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      message.textContent = '';
      message.className = 'form-message';
      const included = [];
      const findings = [];
      findingRows.forEach((r) => {
        const v = r.value();
        if (v) {
          included.push(r);
          findings.push(v);
        }
      });
      const body = {
        inspectedOn: date.value || null,
        organisations: orgs.map((l) => l.querySelector('input')).filter((c) => c.checked).map((c) => c.value),
        segmentIds: [p.id],
        outcome: outcome.value,
        minutesRef: minutes.value.trim() || null,
        notes: notes.value.trim() || null,
        segmentStatus: target.value || null,
        findings,
      };
      submit.disabled = true;
      try {
        const saved = await api.recordInspection(body);
        toast(t('inspection.recorded', saved.id ?? '', p.code), 'ok');
        onRecorded?.(saved, p.id);
      } catch (err) {
        message.textContent = err.detail || err.message;
        message.className = 'form-message error';
        markErrors(form, err.errors, included);
      } finally {
        submit.disabled = false;
      }
    });
  }

  return { show };
}

function clearErrors(form) {
  for (const n of form.querySelectorAll('.has-error')) n.classList.remove('has-error');
  for (const n of form.querySelectorAll('.field-error')) n.textContent = '';
  for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
}

/** Puts each {field, message} of a problem next to its control: "findings[1].measured" → second sent finding. */
function markErrors(form, errors, includedRows) {
  for (const { field, message } of errors || []) {
    if (!field) continue;
    const m = /^findings\[(\d+)]/.exec(field);
    let box = null;
    if (m && includedRows[Number(m[1])]) box = includedRows[Number(m[1])].row;
    else box = form.querySelector(`[data-field="${CSS.escape(field.split(/[.[]/)[0])}"]`);
    if (!box) continue;
    box.classList.add('has-error');
    const slot = box.querySelector('.field-error');
    if (slot) slot.textContent = m ? `${field}: ${message}` : message;
    for (const c of box.querySelectorAll('input, select, textarea')) c.setAttribute('aria-invalid', 'true');
  }
}
