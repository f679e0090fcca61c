// The GPS position written into a JPEG by the camera (Exif 2.3 GPS IFD), read in the browser. Used only when
// the reporter ticks "use the photo's location" and the device has no fix; the server strips these tags from
// the stored photo either way (incidents/PhotoSanitizer.java).

/**
 * {lat, lng, accuracy (metres, GPSHPositioningError, or null), time (ms since epoch, or null)} from the Exif of
 * a JPEG's bytes (an ArrayBuffer), or null when it has none.
 */
export function exifGps(buffer) {
  const v = new DataView(buffer);
  if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return null;
  let p = 2;
  while (p + 4 <= v.byteLength) {
    if (v.getUint8(p) !== 0xff) return null;
    const marker = v.getUint8(p + 1);
    if (marker === 0xda || marker === 0xd9) return null; // the image data: no Exif before it
    const len = v.getUint16(p + 2);
    if (marker === 0xe1 && len > 8 && v.getUint32(p + 4) === 0x45786966 && v.getUint16(p + 8) === 0) {
      return tiffGps(new DataView(buffer, p + 10, Math.min(len - 8, v.byteLength - p - 10)));
    }
    p += 2 + len;
  }
  return null;
}

function tiffGps(t) {
  if (t.byteLength < 8) return null;
  const little = t.getUint16(0) === 0x4949;
  const u16 = (o) => t.getUint16(o, little);
  const u32 = (o) => t.getUint32(o, little);
  const ok = (o, n) => o >= 0 && o + n <= t.byteLength;
  const entries = (ifd) => {
    if (!ok(ifd, 2)) return [];
    const out = [];
    for (let i = 0, n = u16(ifd); i < n && ok(ifd + 2 + i * 12, 12); i++) {
      const e = ifd + 2 + i * 12;
      out.push({ tag: u16(e), type: u16(e + 2), count: u32(e + 4), at: e + 8 });
    }
    return out;
  };
  const gpsPointer = entries(u32(4)).find((e) => e.tag === 0x8825);
  if (!gpsPointer) return null;
  const gps = Object.fromEntries(entries(u32(gpsPointer.at)).map((e) => [e.tag, e]));
  const rationals = (e) => {
    if (!e || e.type !== 5) return null;
    const o = u32(e.at);
    if (!ok(o, e.count * 8)) return null;
    return Array.from({ length: e.count }, (_, i) => u32(o + i * 8) / (u32(o + i * 8 + 4) || NaN));
  };
  const ascii = (e) => {
    if (!e || e.type !== 2) return null;
    const o = e.count <= 4 ? e.at : u32(e.at);
    if (!ok(o, e.count)) return null;
    let s = '';
    for (let i = 0; i < e.count && t.getUint8(o + i); i++) s += String.fromCharCode(t.getUint8(o + i));
    return s;
  };
  const degrees = (r) => (r && r.length === 3 ? r[0] + r[1] / 60 + r[2] / 3600 : NaN);
  let lat = degrees(rationals(gps[2]));
  let lng = degrees(rationals(gps[4]));
  if (!Number.isFinite(lat) || !Number.isFinite(lng)) return null;
  if (ascii(gps[1]) === 'S') lat = -lat;
  if (ascii(gps[3]) === 'W') lng = -lng;
  const err = rationals(gps[31]);
  const date = ascii(gps[29]); // YYYY:MM:DD
  const hms = rationals(gps[7]);
  let time = null;
  if (date && /^\d{4}:\d{2}:\d{2}$/.test(date) && hms && hms.every(Number.isFinite)) {
    time = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10), hms[0], hms[1], 0) + hms[2] * 1000;
  }
  return { lat, lng, accuracy: err && Number.isFinite(err[0]) && err[0] > 0 ? err[0] : null, time };
}
