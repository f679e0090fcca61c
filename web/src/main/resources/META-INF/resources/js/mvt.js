// A small decoder of Mapbox Vector Tiles (MVT 2.1, https://github.com/mapbox/vector-tile-spec): the protocol
// buffer wire format read by hand (varints, zigzag, length-delimited fields, fixed32/64), then layers, keys,
// values and the geometry commands. Written for the map's canvas tile layer (layers/mvt-layer.js) so that no
// third-party bundle is needed; it decodes everything the tiles of docs/TILES.md carry and skips what it
// does not know (unknown fields, as protobuf requires).

/** MVT geometry types (vector_tile.proto, GeomType). */
export const GEOM = { UNKNOWN: 0, POINT: 1, LINESTRING: 2, POLYGON: 3 };

const TWO_32 = 4294967296;

/** A cursor over the bytes of one protocol buffer message. */
class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** An unsigned varint up to 2^53 (larger ones lose precision, as any JS number would). */
  varint() {
    const b = this.bytes;
    let byte = b[this.pos++];
    let lo = byte & 0x7f;
    if (byte < 0x80) return lo;
    for (let shift = 7; shift < 28; shift += 7) {
      byte = b[this.pos++];
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) return lo;
    }
    return this.varintHigh(lo, false);
  }

  /** A varint read as int64 (two's complement: a negative value takes ten bytes). */
  int64() {
    const start = this.pos;
    const v = this.varint();
    if (this.pos - start < 10) return v;
    this.pos = start;
    const b = this.bytes;
    let lo = 0;
    for (let shift = 0; shift < 28; shift += 7) lo |= (b[this.pos++] & 0x7f) << shift;
    return this.varintHigh(lo, true);
  }

  varintHigh(lo28, signed) {
    const b = this.bytes;
    let byte = b[this.pos++];
    const lo = (lo28 | ((byte & 0x0f) << 28)) >>> 0;
    let hi = (byte & 0x70) >> 4;
    for (let shift = 3; byte >= 0x80 && shift < 32; shift += 7) {
      byte = b[this.pos++];
      hi |= (byte & 0x7f) << shift;
    }
    if (byte >= 0x80) throw new Error('MVT: varint longer than 10 bytes');
    hi >>>= 0;
    if (signed && hi & 0x80000000) return -((~hi >>> 0) * TWO_32 + ((~lo >>> 0) + 1));
    return hi * TWO_32 + lo;
  }

  zigzag() {
    const n = this.varint();
    return n % 2 === 1 ? (n + 1) / -2 : n / 2;
  }

  bytesField() {
    const len = this.varint();
    const start = this.pos;
    this.pos += len;
    if (this.pos > this.end) throw new Error('MVT: field runs past the end of its message');
    return [start, this.pos];
  }

  string() {
    const [s, e] = this.bytesField();
    return DECODER.decode(this.bytes.subarray(s, e));
  }

  /** Skips a field of the given wire type. */
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytesField();
    else if (wire === 5) this.pos += 4;
    else throw new Error(`MVT: unsupported wire type ${wire}`);
  }

  /** Calls fn(field, wire) for every field of the message until its end. */
  fields(fn) {
    while (this.pos < this.end) {
      const key = this.varint();
      const before = this.pos;
      if (fn(key >>> 3, key & 7) === false) this.skip(key & 7);
      if (this.pos === before && (key & 7) !== 0) throw new Error('MVT: field not consumed');
    }
  }

  /** A packed repeated uint32 field as an array. */
  packed() {
    const [s, e] = this.bytesField();
    const saved = this.pos;
    this.pos = s;
    const out = [];
    while (this.pos < e) out.push(this.varint());
    this.pos = saved;
    return out;
  }
}

const DECODER = new TextDecoder('utf-8');

function readValue(r) {
  let value = null;
  r.fields((field, wire) => {
    if (field === 1 && wire === 2) value = r.string();
    else if (field === 2 && wire === 5) {
      value = r.view.getFloat32(r.pos, true);
      r.pos += 4;
    } else if (field === 3 && wire === 1) {
      value = r.view.getFloat64(r.pos, true);
      r.pos += 8;
    } else if (field === 4 && wire === 0) value = r.int64();
    else if (field === 5 && wire === 0) value = r.varint();
    else if (field === 6 && wire === 0) value = r.zigzag();
    else if (field === 7 && wire === 0) value = r.varint() !== 0;
    else return false;
    return true;
  });
  return value;
}

/**
 * Geometry commands → rings: an array of flat coordinate arrays [x0, y0, x1, y1, …] in tile units.
 * Points: one entry per point; lines: one per MoveTo; polygons: one per ring (exterior and holes alike: the
 * canvas fills them with the even-odd rule and hit tests count crossings, so they need no classification).
 */
export function decodeGeometry(commands) {
  const rings = [];
  let ring = null;
  let x = 0;
  let y = 0;
  let i = 0;
  while (i < commands.length) {
    const c = commands[i++];
    const id = c & 7;
    const count = c >>> 3;
    if (id === 1 || id === 2) {
      for (let k = 0; k < count; k++) {
        if (i + 1 >= commands.length) throw new Error('MVT: geometry ends inside a command');
        const dx = commands[i++];
        const dy = commands[i++];
        x += dx % 2 === 1 ? (dx + 1) / -2 : dx / 2;
        y += dy % 2 === 1 ? (dy + 1) / -2 : dy / 2;
        if (id === 1) {
          ring = [x, y];
          rings.push(ring);
        } else {
          if (!ring) throw new Error('MVT: LineTo before MoveTo');
          ring.push(x, y);
        }
      }
    } else if (id === 7) {
      if (ring && ring.length >= 2) ring.push(ring[0], ring[1]);
    } else {
      throw new Error(`MVT: unknown geometry command ${id}`);
    }
  }
  return rings;
}

function readFeature(r, keys, values) {
  const f = { id: undefined, type: GEOM.UNKNOWN, properties: {}, rings: null };
  let tags = [];
  let commands = [];
  r.fields((field, wire) => {
    if (field === 1 && wire === 0) f.id = r.varint();
    else if (field === 2 && wire === 2) tags = r.packed();
    else if (field === 3 && wire === 0) f.type = r.varint();
    else if (field === 4 && wire === 2) commands = r.packed();
    else return false;
    return true;
  });
  for (let k = 0; k + 1 < tags.length; k += 2) {
    const key = keys[tags[k]];
    if (key === undefined || tags[k + 1] >= values.length) throw new Error('MVT: tag out of range');
    f.properties[key] = values[tags[k + 1]];
  }
  f.rings = decodeGeometry(commands);
  return f;
}

function readLayer(r) {
  const layer = { name: '', version: 1, extent: 4096, features: [] };
  const keys = [];
  const values = [];
  const featureSpans = [];
  r.fields((field, wire) => {
    if (field === 15 && wire === 0) layer.version = r.varint();
    else if (field === 1 && wire === 2) layer.name = r.string();
    else if (field === 2 && wire === 2) featureSpans.push(r.bytesField()); // keys and values may come later
    else if (field === 3 && wire === 2) keys.push(r.string());
    else if (field === 4 && wire === 2) {
      const [s, e] = r.bytesField();
      values.push(readValue(new Reader(r.bytes, s, e)));
    } else if (field === 5 && wire === 0) layer.extent = r.varint();
    else return false;
    return true;
  });
  for (const [s, e] of featureSpans) layer.features.push(readFeature(new Reader(r.bytes, s, e), keys, values));
  return layer;
}

/**
 * Decodes one tile (ArrayBuffer or Uint8Array) into {layerName: {name, version, extent, features}}; each
 * feature is {id, type (GEOM), properties, rings}. An empty buffer (HTTP 204) is a tile without layers.
 */
export function decodeTile(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data || new ArrayBuffer(0));
  const r = new Reader(bytes);
  const layers = {};
  r.fields((field, wire) => {
    if (field !== 3 || wire !== 2) return false;
    const [s, e] = r.bytesField();
    const layer = readLayer(new Reader(bytes, s, e));
    layers[layer.name] = layer;
    return true;
  });
  return layers;
}
