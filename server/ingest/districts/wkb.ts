/**
 * A small reader for the GeoPackage geometry blob (GeoPackage 1.3 §2.1.3: "GP" header with
 * flags, srs_id and optional envelope, then standard WKB) and for WKB itself (OGC Simple
 * Features, ISO 13249 Z/M type codes and the PostGIS EWKB flags), producing GeoJSON-like
 * geometries with 2-D coordinates (Z and M are dropped). Only the seven simple types are
 * decoded; curved types are reported by name. Hand-written: no WKB library is installed.
 */
import type { RawGeometry } from './types.js';

export class WkbError extends Error {}

const TYPE_NAMES: Record<number, string> = {
  1: 'Point', 2: 'LineString', 3: 'Polygon', 4: 'MultiPoint', 5: 'MultiLineString', 6: 'MultiPolygon', 7: 'GeometryCollection',
  8: 'CircularString', 9: 'CompoundCurve', 10: 'CurvePolygon', 11: 'MultiCurve', 12: 'MultiSurface', 13: 'Curve', 14: 'Surface',
  15: 'PolyhedralSurface', 16: 'TIN', 17: 'Triangle',
};

/** Geometry of a type this reader does not decode (curves, surfaces): only its name. */
export interface UnsupportedGeometry {
  type: 'Unsupported';
  name: string;
}

class Reader {
  pos: number;
  constructor(readonly view: DataView, start: number) {
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.view.byteLength) throw new WkbError(`WKB afgebroken (byte ${this.pos} van ${this.view.byteLength})`);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u32(le: boolean): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, le);
    this.pos += 4;
    return v;
  }
  f64(le: boolean): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, le);
    this.pos += 8;
    return v;
  }
}

function readGeometry(r: Reader): RawGeometry | UnsupportedGeometry {
  const order = r.u8();
  if (order !== 0 && order !== 1) throw new WkbError(`ongeldige WKB-bytevolgorde ${order}`);
  const le = order === 1;
  let type = r.u32(le);
  // EWKB (PostGIS): high flag bits for Z, M and an embedded SRID.
  let hasZ = (type & 0x80000000) !== 0;
  let hasM = (type & 0x40000000) !== 0;
  const hasSrid = (type & 0x20000000) !== 0;
  type &= 0x0fffffff;
  if (hasSrid) r.u32(le);
  // ISO WKB: 1000s digit for Z (1), M (2), ZM (3).
  const iso = Math.floor(type / 1000);
  if (iso >= 1 && iso <= 3) {
    hasZ ||= iso === 1 || iso === 3;
    hasM ||= iso === 2 || iso === 3;
  } else if (iso !== 0) throw new WkbError(`onbekend WKB-geometrietype ${type}`);
  const base = type % 1000;
  const dims = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);

  const point = (): number[] => {
    const x = r.f64(le);
    const y = r.f64(le);
    for (let d = 2; d < dims; d++) r.f64(le);
    return [x, y];
  };
  const points = (): number[][] => {
    const n = r.u32(le);
    r.need(n * dims * 8);
    const out: number[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = point();
    return out;
  };
  const rings = (): number[][][] => {
    const n = r.u32(le);
    const out: number[][][] = [];
    for (let i = 0; i < n; i++) out.push(points());
    return out;
  };
  const parts = (expect: number): unknown[] => {
    const n = r.u32(le);
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const g = readGeometry(r);
      const name = g.type === 'Unsupported' ? (g as UnsupportedGeometry).name : g.type;
      if (name !== TYPE_NAMES[expect]) throw new WkbError(`${TYPE_NAMES[base]} bevat een ${name}`);
      out.push((g as RawGeometry).coordinates);
    }
    return out;
  };

  switch (base) {
    case 1: {
      const p = point();
      return { type: 'Point', coordinates: Number.isNaN(p[0]) && Number.isNaN(p[1]) ? [] : p };
    }
    case 2:
      return { type: 'LineString', coordinates: points() };
    case 3:
      return { type: 'Polygon', coordinates: rings() };
    case 4:
      return { type: 'MultiPoint', coordinates: parts(1) };
    case 5:
      return { type: 'MultiLineString', coordinates: parts(2) };
    case 6:
      return { type: 'MultiPolygon', coordinates: parts(3) };
    case 7: {
      const n = r.u32(le);
      const geometries: unknown[] = [];
      for (let i = 0; i < n; i++) geometries.push(readGeometry(r));
      return { type: 'GeometryCollection', geometries };
    }
    default: {
      const name = TYPE_NAMES[base];
      if (!name) throw new WkbError(`onbekend WKB-geometrietype ${type}`);
      return { type: 'Unsupported', name };
    }
  }
}

/** Decodes standard WKB / EWKB starting at `offset`. */
export function parseWkb(bytes: Uint8Array, offset = 0): RawGeometry | UnsupportedGeometry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return readGeometry(new Reader(view, offset));
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

export interface GpkgGeometry {
  srsId: number;
  empty: boolean;
  /** Null when the empty flag is set. */
  geometry: RawGeometry | UnsupportedGeometry | null;
}

/** Decodes a GeoPackage geometry blob: header (magic, version, flags, srs_id, envelope) + WKB. */
export function parseGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new WkbError('geen GeoPackage-geometrie (kop "GP" ontbreekt)');
  const flags = blob[3]!;
  if (flags & 0x20) throw new WkbError('GeoPackage-geometrie met uitgebreid type (ExtendedGeoPackageBinary) wordt niet ondersteund');
  const le = (flags & 0x01) === 1;
  const empty = (flags & 0x10) !== 0;
  const envelope = (flags >> 1) & 0x07;
  const envBytes = ENVELOPE_BYTES[envelope];
  if (envBytes === undefined) throw new WkbError(`ongeldige envelopcode ${envelope} in GeoPackage-geometrie`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, le);
  const start = 8 + envBytes;
  if (empty) return { srsId, empty, geometry: null };
  if (start >= blob.length) throw new WkbError('GeoPackage-geometrie zonder WKB');
  return { srsId, empty, geometry: parseWkb(blob, start) };
}
