// The device's position, shared: one navigator.geolocation.watchPosition (high accuracy: ODK found that the
// balanced mode never woke the GPS without Wi-Fi or a cell signal, ref. section 7) runs while anyone listens,
// "my position" on the map and the "Report here" sheet alike. The last fix is kept, so a second listener starts
// with it instead of waiting.

let watchId = null;
let last = null; // {lat, lng, accuracy, time}
let lastError = null;
const listeners = new Set();

/** The accuracy bands of a fix (metres): 'good' ≤ good, 'fair' ≤ fair, 'poor' above (green, amber, red). */
export function accuracyBand(accuracy, { goodAccuracyM = 5, fairAccuracyM = 15 } = {}) {
  if (accuracy === null || accuracy === undefined || !Number.isFinite(accuracy)) return 'none';
  if (accuracy <= goodAccuracyM) return 'good';
  if (accuracy <= fairAccuracyM) return 'fair';
  return 'poor';
}

export const hasGeolocation = () => Boolean(navigator.geolocation);

function emit() {
  for (const cb of [...listeners]) cb(last, lastError);
}

function start() {
  if (watchId !== null || !navigator.geolocation) return;
  if (last && Date.now() - last.time > 60000) last = null; // an old fix is no fix: wait for a fresh one
  watchId = navigator.geolocation.watchPosition(
    (p) => {
      last = { lat: p.coords.latitude, lng: p.coords.longitude, accuracy: p.coords.accuracy, time: p.timestamp };
      lastError = null;
      emit();
    },
    (e) => {
      lastError = e; // 1 denied, 2 unavailable, 3 timeout: the watch goes on after a timeout
      emit();
    },
    { enableHighAccuracy: true, maximumAge: 0, timeout: 30000 },
  );
}

function stop() {
  if (watchId === null) return;
  navigator.geolocation.clearWatch(watchId);
  watchId = null;
}

/**
 * cb(fix, error) on every fix or error while subscribed; called at once with the last fix if there is one.
 * Returns the unsubscribe function; the GPS stops when nobody listens.
 */
export function watchPosition(cb) {
  listeners.add(cb);
  if (!navigator.geolocation) {
    cb(null, { code: 2, message: 'no geolocation' });
  } else {
    start();
    if (last || lastError) cb(last, lastError);
  }
  return () => {
    listeners.delete(cb);
    if (!listeners.size) stop();
  };
}

/** The last fix (or null). */
export const lastFix = () => last;
