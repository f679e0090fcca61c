// "Report here": the phone's way to report (issue 11). A floating button takes the device's GPS position
// (geo-watch.js, high accuracy), shows it with its accuracy circle and a colour band (green ≤ 5 m, amber ≤ 15 m,
// red above: ref. section 7), and opens a bottom sheet with the form in touch wording. The marker can be
// dragged (the point is then 'manual'), the map tapped (then 'map'), or, with the reporter's consent and no
// fix, the photo's own GPS used ('photo'). A fix worse than the server's limit (GET /api/config
// report.maxAccuracyM) is sent only after an explicit confirmation. The report leaves through outbox.js.
import { t, fmt } from './i18n.js';
import { el, replace, toast } from './dom.js';
import { INCIDENT_TYPES, typeIcon } from './incident-types.js';
import { submitReport } from './outbox.js';
import { watchPosition, accuracyBand, hasGeolocation } from './geo-watch.js';
import { exifGps } from './exif-gps.js';
import { clearErrors, markErrors } from './panels/incident-report.js';

const L = window.L;
const DEFAULTS = { maxAccuracyM: 100, goodAccuracyM: 5, fairAccuracyM: 15, maxPhotoBytes: 5242880, maxPhotos: 5 };
const PHOTO_TYPES = ['image/jpeg', 'image/png'];

/** A radio group drawn as big touch chips; returns {box, value()}. */
function chips(name, legend, options, selected, extraClass = '') {
  const box = el('fieldset', { class: `rh-chips ${extraClass}`.trim(), dataset: { field: name } },
    el('legend', { text: legend }),
    options.map((o, i) => {
      const id = `rh-${name}-${i}`;
      return el('label', { class: 'rh-chip', for: id },
        el('input', { type: 'radio', name: `rh-${name}`, id, value: o.value, checked: o.value === selected }),
        o.icon || null, el('span', { text: o.text }));
    }),
    el('div', { class: 'field-error', 'aria-live': 'polite' }));
  return { box, value: () => box.querySelector('input:checked')?.value ?? null };
}

/**
 * The floating button and its sheet. `options`: map, mapClick, config (GET /api/config), onReported(feature),
 * beforeOpen() (e.g. close the side panel on a phone so the form never opens inside it).
 */
export function createReportHere({ map, mapClick, config, onReported, beforeOpen }) {
  const cfg = { ...DEFAULTS, ...(config?.report || {}) };
  let marker = null;
  let circle = null;
  let location = null; // {lat, lng, accuracy, source, fixTime}
  let fix = null; // the last GPS fix while the sheet is open
  let gpsError = null;
  let unwatch = null;
  let photoFix = null; // the photo's Exif GPS, if any

  const fab = el('button', { type: 'button', class: 'report-fab', id: 'report-here', 'aria-haspopup': 'dialog' },
    el('span', { class: 'report-fab-icon', 'aria-hidden': 'true', text: '+' }), el('span', { text: t('reportHere.button') }));
  fab.addEventListener('click', open);
  document.body.append(fab);

  const badge = el('div', { class: 'accuracy-badge band-none', id: 'report-accuracy', 'aria-live': 'polite' });
  const where = el('div', { class: 'muted report-where', id: 'report-here-where' });
  const useGps = el('button', { type: 'button', class: 'btn btn-secondary', id: 'report-use-gps', hidden: true,
    text: t('reportHere.useGps'), on: { click: () => { location = null; follow(); } } });
  const sheet = el('section', { class: 'sheet report-sheet', id: 'report-sheet', role: 'dialog',
    'aria-labelledby': 'report-sheet-title', hidden: true });
  document.body.append(sheet);

  const dialog = el('dialog', { class: 'confirm-dialog', id: 'accuracy-confirm' });
  document.body.append(dialog);

  /** The accuracy line: the band's colour and words, from the location in use. */
  function showAccuracy() {
    const src = location?.source;
    let band = 'none';
    let text;
    if (src === 'manual' || src === 'map') {
      text = t(src === 'manual' ? 'reportHere.manual' : 'reportHere.tapped');
    } else if (location && location.accuracy != null) {
      band = accuracyBand(location.accuracy, cfg);
      text = t(src === 'photo' ? 'reportHere.photoAccuracy' : 'reportHere.accuracy', fmt(location.accuracy, 0));
      if (location.accuracy > cfg.maxAccuracyM) text += ` · ${t('reportHere.overLimit', fmt(cfg.maxAccuracyM, 0))}`;
    } else if (src === 'photo') {
      band = 'poor';
      text = t('reportHere.photoNoAccuracy');
    } else if (gpsError && gpsError.code === 1) {
      text = t('reportHere.denied');
    } else if (gpsError && !fix) {
      text = t('reportHere.noFix');
    } else {
      text = t('reportHere.waiting');
    }
    badge.className = `accuracy-badge band-${band}`;
    badge.dataset.band = band;
    badge.textContent = text;
    circle?.setStyle({ className: `accuracy-circle band-${band}` });
    if (circle) circle.getElement?.()?.setAttribute('class', `leaflet-interactive accuracy-circle band-${band}`);
    where.textContent = location ? t('report.where', fmt(location.lng, 5), fmt(location.lat, 5)) : '';
    useGps.hidden = !(location && (src === 'manual' || src === 'map') && hasGeolocation());
    sheet.dataset.source = src || '';
  }

  /** Puts the marker (and the accuracy circle) at the location in use, keeping it in the visible part of the map. */
  function place(pan) {
    if (!location) return;
    const ll = L.latLng(location.lat, location.lng);
    if (!marker) {
      marker = L.marker(ll, {
        draggable: true, keyboard: true, title: t('reportHere.markerTitle'), alt: t('reportHere.markerTitle'),
        icon: L.divIcon({ html: el('span', { class: 'report-pin-dot' }), className: 'report-pin', iconSize: [44, 44] }),
      }).addTo(map);
      marker.on('dragend', () => {
        const p = marker.getLatLng();
        location = { lat: p.lat, lng: p.lng, accuracy: null, source: 'manual', fixTime: null };
        circle?.remove();
        circle = null;
        showAccuracy();
      });
    } else {
      marker.setLatLng(ll);
    }
    if (location.accuracy != null && (location.source === 'gps' || location.source === 'photo')) {
      if (!circle) circle = L.circle(ll, { radius: location.accuracy, interactive: false, className: 'accuracy-circle' }).addTo(map);
      else circle.setLatLng(ll).setRadius(location.accuracy);
    } else {
      circle?.remove();
      circle = null;
    }
    if (pan) showOnMap(ll, location.accuracy);
  }

  /**
   * Centres ll in the part of the map the sheet leaves visible (above a bottom sheet on a phone, left of the
   * floating sheet on a desktop), zoomed so the accuracy circle fits.
   */
  function showOnMap(ll, accuracy) {
    const zoom = Math.max(map.getZoom(), accuracy && accuracy > 150 ? 14 : 16);
    let shift = [0, 0];
    if (!sheet.hidden) {
      const m = map.getContainer().getBoundingClientRect();
      const s = sheet.getBoundingClientRect();
      shift = s.width >= m.width * 0.9 ? [0, Math.max(0, m.bottom - s.top) / 2] : [Math.max(0, m.right - s.left) / 2, 0];
    }
    const target = map.project(ll, zoom).add(shift);
    map.setView(map.unproject(target, zoom), zoom, { animate: false });
  }

  /** Follows the GPS while the location is not set by hand. */
  function follow() {
    unwatch?.();
    unwatch = watchPosition((f, error) => {
      gpsError = error;
      if (f) fix = f;
      if (f && (!location || location.source === 'gps')) {
        const first = !location;
        location = { lat: f.lat, lng: f.lng, accuracy: f.accuracy, source: 'gps', fixTime: f.time };
        place(first);
      } else if (!f && !location && photoFix && consent()) {
        usePhotoLocation();
      }
      showAccuracy();
    });
    showAccuracy();
  }

  let consent = () => false;

  function usePhotoLocation() {
    if (!photoFix || (location && location.source !== 'photo')) return;
    location = { lat: photoFix.lat, lng: photoFix.lng, accuracy: photoFix.accuracy, source: 'photo', fixTime: photoFix.time };
    place(true);
    showAccuracy();
  }

  function open() {
    beforeOpen?.();
    location = null;
    fix = null;
    photoFix = null;
    gpsError = null;
    form();
    sheet.hidden = false;
    document.body.classList.add('report-open');
    fab.hidden = true;
    follow();
    // a tap on the map puts the point there (source 'map') when the GPS gives nothing or is wrong
    mapClick.take('report-here', (ll) => {
      location = { lat: ll.lat, lng: ll.lng, accuracy: null, source: 'map', fixTime: null };
      place(false);
      showAccuracy();
    }, () => {});
    sheet.querySelector('#report-sheet-title')?.focus();
  }

  function close() {
    unwatch?.();
    unwatch = null;
    mapClick.release('report-here');
    marker?.remove();
    circle?.remove();
    marker = null;
    circle = null;
    sheet.hidden = true;
    document.body.classList.remove('report-open');
    fab.hidden = false;
    fab.focus();
  }

  /** Resolves true when the reporter confirms sending a fix worse than the limit. */
  function confirmAccuracy(accuracy) {
    return new Promise((resolve) => {
      const done = (v) => {
        dialog.close();
        resolve(v);
      };
      replace(dialog,
        el('h2', { text: t('reportHere.confirmTitle') }),
        el('p', { text: t('reportHere.confirmText', fmt(accuracy, 0), fmt(cfg.maxAccuracyM, 0)) }),
        el('div', { class: 'button-row' },
          el('button', { type: 'button', class: 'btn', id: 'accuracy-confirm-send', text: t('reportHere.confirmSend'), on: { click: () => done(true) } }),
          el('button', { type: 'button', class: 'btn btn-secondary', id: 'accuracy-confirm-wait', text: t('reportHere.confirmWait'), on: { click: () => done(false) } })));
      dialog.addEventListener('cancel', () => resolve(false), { once: true });
      dialog.showModal();
    });
  }

  function form() {
    const type = chips('type', t('incident.type'), INCIDENT_TYPES.map((ty) => ({ value: ty.code, text: t(`incidentType.${ty.code}`), icon: typeIcon(ty.code, 22) })), null, 'rh-chips-types');
    const severity = chips('severity', t('incident.severity'), [1, 2, 3, 4, 5].map((s) => ({ value: String(s), text: t(`severity.${s}`) })), '3', 'rh-chips-severity');
    const when = chips('occurredAt', t('incident.occurredAt'), [{ value: 'now', text: t('reportHere.now') }, { value: 'earlier', text: t('reportHere.earlier') }], 'now', 'rh-chips-two');
    const earlier = el('input', { type: 'datetime-local', id: 'rh-occurred', class: 'touch-input', hidden: true });
    when.box.addEventListener('change', () => {
      earlier.hidden = when.value() !== 'earlier';
      if (!earlier.hidden && !earlier.value) {
        const d = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
        earlier.value = d.toISOString().slice(0, 16);
        earlier.max = earlier.value;
      }
    });
    when.box.insertBefore(earlier, when.box.querySelector('.field-error'));
    const description = el('textarea', { id: 'rh-description', class: 'touch-input', rows: 3, maxlength: 4000 });
    const releasability = chips('releasability', t('incident.releasability'), ['NATIONAL', 'SHARED'].map((r) => ({ value: r, text: t(`releasability.${r}`) })), 'NATIONAL', 'rh-chips-two');
    const photoInput = el('input', { type: 'file', id: 'rh-photo', class: 'visually-hidden', accept: PHOTO_TYPES.join(','), capture: 'environment' });
    const photoName = el('span', { class: 'muted', id: 'rh-photo-name', text: t('reportHere.noPhoto') });
    const consentBox = el('input', { type: 'checkbox', id: 'rh-photo-consent' });
    consent = () => consentBox.checked;
    const onPhotoOrConsent = async () => {
      const file = photoInput.files?.[0] || null;
      photoName.textContent = file ? `${file.name} · ${fmt(file.size / 1048576, 1)} MB` : t('reportHere.noPhoto');
      photoFix = null;
      if (file && file.type === 'image/jpeg') {
        try {
          photoFix = exifGps(await file.slice(0, 256 * 1024).arrayBuffer());
        } catch (e) {
          photoFix = null;
        }
      }
      if (location?.source === 'photo' && !(photoFix && consentBox.checked)) location = null;
      if (!fix && photoFix && consentBox.checked) usePhotoLocation();
      showAccuracy();
    };
    photoInput.addEventListener('change', onPhotoOrConsent);
    consentBox.addEventListener('change', onPhotoOrConsent);
    const message = el('div', { class: 'form-message', role: 'alert', id: 'rh-message' });
    const submit = el('button', { type: 'submit', class: 'btn btn-block', id: 'report-here-submit', text: t('report.submit') });
    const title = el('h2', { id: 'report-sheet-title', tabindex: '-1', text: t('reportHere.title') });
    const f = el('form', { class: 'form report-here-form', id: 'report-here-form', novalidate: true },
      el('div', { class: 'field', dataset: { field: 'geometry' } }, where, el('div', { class: 'field-error', 'aria-live': 'polite' })),
      el('div', { class: 'field', dataset: { field: 'location' } }, el('div', { class: 'field-error', 'aria-live': 'polite' })),
      useGps,
      type.box, severity.box, when.box,
      el('div', { class: 'field', dataset: { field: 'description' } },
        el('label', { for: 'rh-description', text: t('incident.description') }), description,
        el('div', { class: 'field-error', 'aria-live': 'polite' })),
      releasability.box,
      el('div', { class: 'field photo-field', dataset: { field: 'photo' } },
        el('label', { for: 'rh-photo', class: 'btn btn-secondary photo-button', text: t('reportHere.addPhoto') }), photoInput, photoName,
        el('label', { class: 'check-row', for: 'rh-photo-consent' }, consentBox, el('span', { text: t('reportHere.photoConsent') })),
        el('div', { class: 'field-error', 'aria-live': 'polite' })),
      message,
      el('div', { class: 'form-actions sheet-actions' }, submit,
        el('button', { type: 'button', class: 'btn btn-secondary btn-block', id: 'report-here-cancel', text: t('common.cancel'), on: { click: close } })));
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(f);
      message.textContent = '';
      message.className = 'form-message';
      if (!location) {
        message.textContent = t('reportHere.noPosition');
        message.className = 'form-message error';
        return;
      }
      if (!type.value()) {
        markErrors(f, [{ field: 'properties.type', message: t('reportHere.chooseType') }]);
        type.box.querySelector('input')?.focus();
        return;
      }
      const file = photoInput.files?.[0] || null;
      if (file && (!PHOTO_TYPES.includes(file.type) || file.size > cfg.maxPhotoBytes)) {
        markErrors(f, [{ field: 'photo', message: t('reportHere.photoRefused', fmt(cfg.maxPhotoBytes / 1048576, 0)) }]);
        return;
      }
      const measured = location.source === 'gps' || location.source === 'photo';
      let confirmed = false;
      if (measured && location.accuracy != null && location.accuracy > cfg.maxAccuracyM) {
        confirmed = await confirmAccuracy(location.accuracy);
        if (!confirmed) return;
      }
      let occurredAt = new Date().toISOString();
      if (when.value() === 'earlier') {
        const d = earlier.value ? new Date(earlier.value) : null;
        occurredAt = d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
      }
      const feature = {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number(location.lng.toFixed(7)), Number(location.lat.toFixed(7))] },
        properties: {
          type: type.value(),
          severity: Number(severity.value()),
          occurredAt,
          description: description.value.trim() || null,
          releasability: releasability.value(),
        },
        location: {
          source: location.source,
          accuracy: measured && location.accuracy != null ? Math.round(location.accuracy * 10) / 10 : undefined,
          fixTime: measured && location.fixTime ? new Date(location.fixTime).toISOString() : undefined,
          deviceTime: new Date().toISOString(),
          accuracyConfirmed: confirmed || undefined,
        },
      };
      submit.disabled = true;
      try {
        const result = await submitReport(feature, { photos: file ? [file] : [] });
        const id = result.incident?.id ?? result.incident?.properties?.id ?? '';
        if (result.state === 'queued') toast(t('reportHere.queued'), 'ok');
        else if (result.photoErrors?.length) toast(t('reportHere.photoFailed', id, result.photoErrors[0].detail || result.photoErrors[0].message), 'error');
        else toast(t('report.done', id), 'ok');
        close();
        onReported?.(result.incident);
      } catch (err) {
        message.textContent = err.detail || err.message;
        message.className = 'form-message error';
        markErrors(f, err.errors);
      } finally {
        submit.disabled = false;
      }
    });
    replace(sheet,
      el('div', { class: 'sheet-top' },
        el('div', { class: 'sheet-head' },
          title,
          el('button', { type: 'button', class: 'sheet-close', 'aria-label': t('common.close'), title: t('common.close'), text: '×', on: { click: close } })),
        badge),
      el('p', { class: 'hint report-hint', text: t('reportHere.hint') }),
      f);
    showAccuracy();
  }

  return { open, close, button: fab, state: () => ({ location, fix }) };
}
