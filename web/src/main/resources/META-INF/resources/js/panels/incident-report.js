// Report an incident (PATROL, PLANNER): "Report" arms the map, a click puts a marker there and opens the
// form (type, severity, time, description, releasability); POST /api/incidents sends a GeoJSON Feature.
// Problems come back as problem+json and each errors[].field is shown next to its control.
import { submitReport } from '../outbox.js';
import { t, fmt } from '../i18n.js';
import { el, replace, toast } from '../dom.js';
import { INCIDENT_TYPES } from '../incident-types.js';

const L = window.L;

const localNow = () => {
  const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
};

export function createIncidentReport(container, { map, mapClick, onReported }) {
  let marker = null;
  const box = el('div');

  function idle() {
    marker?.remove();
    marker = null;
    mapClick.release('report');
    replace(box,
      el('p', { class: 'muted', text: t('report.explain') }),
      el('button', { type: 'button', class: 'btn', id: 'report-start', text: t('report.start'), on: { click: arm } }));
  }

  function arm() {
    replace(box,
      el('p', { class: 'notice', id: 'report-armed', text: t('report.clickMap') }),
      el('button', { type: 'button', class: 'btn btn-secondary', text: t('common.cancel'), on: { click: idle } }));
    mapClick.take('report', (latlng) => form(latlng), () => {});
  }

  function field(id, label, control, name) {
    control.id = id;
    return el('div', { class: 'field', dataset: { field: name } },
      el('label', { for: id, text: label }), control, el('div', { class: 'field-error', 'aria-live': 'polite' }));
  }

  function form(latlng) {
    mapClick.release('report');
    marker?.remove();
    marker = L.marker(latlng, {
      pane: 'bz-route', draggable: true,
      icon: L.divIcon({ html: el('div', { class: 'bz-pick bz-pick-report' }, el('span', { text: '!' })), className: 'bz-pick-icon', iconSize: [22, 22] }),
    }).addTo(map);
    const where = el('div', { class: 'muted', id: 'report-where' });
    const showWhere = () => {
      const p = marker.getLatLng();
      where.textContent = t('report.where', fmt(p.lng, 5), fmt(p.lat, 5));
    };
    marker.on('dragend', showWhere);
    showWhere();
    const type = el('select', { name: 'type' }, INCIDENT_TYPES.map((ty) => el('option', { value: ty.code, text: t(`incidentType.${ty.code}`) })));
    const severity = el('select', { name: 'severity' }, [1, 2, 3, 4, 5].map((s) => el('option', { value: s, text: t(`severity.${s}`), selected: s === 3 })));
    const occurred = el('input', { type: 'datetime-local', name: 'occurredAt', value: localNow(), max: localNow() });
    const description = el('textarea', { name: 'description', rows: 3, maxlength: 4000 });
    const releasability = el('select', { name: 'releasability' },
      ['NATIONAL', 'SHARED'].map((r) => el('option', { value: r, text: t(`releasability.${r}`) })));
    const message = el('div', { class: 'form-message', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'btn', id: 'report-submit', text: t('report.submit') });
    const f = el('form', { class: 'form', id: 'report-form', novalidate: true },
      where,
      el('div', { class: 'field', dataset: { field: 'geometry' } }, el('div', { class: 'field-error', 'aria-live': 'polite' })),
      field('report-type', t('incident.type'), type, 'type'),
      field('report-severity', t('incident.severity'), severity, 'severity'),
      field('report-occurred', t('incident.occurredAt'), occurred, 'occurredAt'),
      field('report-description', t('incident.description'), description, 'description'),
      field('report-releasability', t('incident.releasability'), releasability, 'releasability'),
      el('div', { class: 'form-actions button-row' }, submit,
        el('button', { type: 'button', class: 'btn btn-secondary', text: t('common.cancel'), on: { click: idle } })),
      message);
    // The outbox (outbox.js) keeps the report on the device with its client id and sends it until the server has
    // it: a lost answer or a dropped link never stores it twice.
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(f);
      message.textContent = '';
      message.className = 'form-message';
      const p = marker.getLatLng();
      const when = occurred.value ? new Date(occurred.value) : null;
      const feature = {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number(p.lng.toFixed(6)), Number(p.lat.toFixed(6))] },
        properties: {
          type: type.value,
          severity: Number(severity.value),
          occurredAt: when && !Number.isNaN(when.getTime()) ? when.toISOString() : null,
          description: description.value.trim() || null,
          releasability: releasability.value,
        },
      };
      submit.disabled = true;
      try {
        const result = await submitReport(feature);
        if (result.state === 'queued') {
          toast(t('outbox.queued'), 'ok');
          idle();
          return;
        }
        const saved = result.incident;
        toast(t('report.done', saved.id ?? saved.properties?.id ?? ''), 'ok');
        idle();
        onReported?.(saved);
      } catch (err) {
        message.textContent = err.detail || err.message;
        message.className = 'form-message error';
        markErrors(f, err.errors);
      } finally {
        submit.disabled = false;
      }
    });
    replace(box, f);
    type.focus();
  }

  replace(container, el('section', { class: 'card', id: 'report-card' }, el('h3', { text: t('report.title') }), box));
  idle();
  return { idle };
}

export function clearErrors(form) {
  for (const n of form.querySelectorAll('.has-error')) n.classList.remove('has-error');
  for (const n of form.querySelectorAll('.field-error')) n.textContent = '';
  for (const n of form.querySelectorAll('[aria-invalid]')) n.removeAttribute('aria-invalid');
}

/** "properties.severity" → the control of field "severity"; "geometry…" → the location line. */
export function markErrors(form, errors) {
  for (const { field, message } of errors || []) {
    if (!field) continue;
    const name = field.replace(/^properties\./, '').split(/[.[]/)[0];
    const box = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!box) continue;
    box.classList.add('has-error');
    const slot = box.querySelector('.field-error');
    if (slot) slot.textContent = message;
    for (const c of box.querySelectorAll('input, select, textarea')) c.setAttribute('aria-invalid', 'true');
  }
}
