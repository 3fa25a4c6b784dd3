/**
 * The PostGIS step of the shared geodata reader: a batch of rows (geometry as WKB hex, WKT or
 * GeoJSON in RD New or WGS84) becomes RD New geometry with its type and OGC validity per row
 * (named query `features-to-rd`: ST_GeomFromWKB/Text/GeoJSON, ST_IsValidDetail, optionally
 * ST_MakeValid, ST_Transform, GeometryType). PostGIS does the decoding and checking, so no WKB
 * or WKT parser is written here. Run it outside a transaction: a value PostGIS cannot parse
 * fails the statement, and the batch is then retried row by row to name that row.
 */
import type { Db } from '../../db/db.js';
import { DatabaseUnavailableError, isConnectionError } from '../../db/errors.js';
import { sql } from '../../db/queries.js';
import type { FeatureGeometry, FeatureSrid } from './types.js';

export interface GeometryInput {
  geometry: FeatureGeometry;
  srid: FeatureSrid | null;
}

export interface GeometryCheck {
  /** False when there was nothing to check or PostGIS could not read it (see `error`). */
  read: boolean;
  /** Dutch: no geometry, unknown CRS, or PostGIS's parse error. */
  error: string | null;
  /** GeometryType as read (e.g. POLYGON, MULTIPOLYGON, POINT), null when unread. */
  sourceType: string | null;
  empty: boolean;
  /** OGC validity as read; null when unread. */
  valid: boolean | null;
  /** GEOS reason as PostGIS gives it (English), and in Dutch with the location. */
  reason: string | null;
  reasonNl: string | null;
  /** Location of the problem in the source CRS. */
  location: [number, number] | null;
  /** ST_MakeValid was applied (only with `makeValid`). */
  repaired: boolean;
  /** GeometryType of the RD New geometry (may differ after a repair, e.g. GEOMETRYCOLLECTION). */
  type: string | null;
  /** Validity after the transformation to RD New (as it would be stored). */
  rdValid: boolean | null;
  rdReasonNl: string | null;
  /** RD New geometry as hex EWKB (SRID 28992), ready for ST_GeomFromEWKB; null when invalid and not repaired. */
  ewkbHex: string | null;
  /** Bounding box in RD New metres [minX, minY, maxX, maxY]. */
  bbox: [number, number, number, number] | null;
}

export interface GeometryCheckOptions {
  /** Repair invalid geometries with ST_MakeValid (only when the user asks for it). */
  makeValid?: boolean;
  /** Rows per statement (default 200) and total text per statement (default 4 MB). */
  maxRows?: number;
  maxChars?: number;
}

/** GEOS validity reasons (ST_IsValidReason / ST_IsValidDetail) in Dutch; unknown ones are passed on as they are. */
const GEOS_REASONS: [RegExp, string][] = [
  [/^Ring Self-intersection/i, 'ring raakt of snijdt zichzelf'],
  [/^Self-intersection/i, 'zelfdoorsnijding: randen snijden elkaar'],
  [/^Too few points/i, 'te weinig punten'],
  [/^Hole lies outside shell/i, 'gat ligt buiten de buitenrand'],
  [/^Holes are nested/i, 'gaten liggen in elkaar'],
  [/^Interior is disconnected/i, 'binnengebied is in stukken gedeeld'],
  [/^Nested shells/i, 'deelvlakken liggen in elkaar'],
  [/^Duplicate Rings/i, 'dubbele ringen'],
  [/^Invalid Coordinate/i, 'ongeldige coördinaat'],
  [/^Ring is not closed/i, 'ring is niet gesloten'],
];

/** `ongeldig vlak: <Dutch reason> (<GEOS reason>) bij (x, y)`. */
export function geosReasonNl(reason: string, loc?: [number, number] | null): string {
  const base = reason.replace(/\[.*\]$/, '').trim();
  const hit = GEOS_REASONS.find(([re]) => re.test(base));
  const text = hit ? `${hit[1]} (${base})` : base;
  const at = loc && Number.isFinite(loc[0]) && Number.isFinite(loc[1]) ? ` bij (${Number(loc[0].toPrecision(9))}, ${Number(loc[1].toPrecision(9))})` : '';
  return `ongeldig vlak: ${text}${at}`;
}

interface Row {
  ord: number;
  source_type: string | null;
  empty: boolean | null;
  valid: boolean | null;
  reason: string | null;
  loc_x: number | null;
  loc_y: number | null;
  repaired: boolean | null;
  type: string | null;
  rd_valid: boolean | null;
  rd_reason: string | null;
  geom_rd: string | null;
  xmin: number | null;
  ymin: number | null;
  xmax: number | null;
  ymax: number | null;
}

type Prepared = { kind: 'wkb' | 'wkt' | 'geojson'; value: string; srid: FeatureSrid };

function prepare(g: GeometryInput): Prepared | string {
  if (g.geometry === null) return 'geen geometrie';
  if (g.srid === null) return 'onbekend coördinatenstelsel; geef RD New (EPSG:28992) of WGS84 (EPSG:4326) op';
  if ('wkbHex' in g.geometry) return { kind: 'wkb', value: g.geometry.wkbHex, srid: g.srid };
  if ('wkt' in g.geometry) return { kind: 'wkt', value: g.geometry.wkt, srid: g.srid };
  return { kind: 'geojson', value: JSON.stringify(g.geometry.geojson), srid: g.srid };
}

function unread(error: string): GeometryCheck {
  return { read: false, error, sourceType: null, empty: false, valid: null, reason: null, reasonNl: null, location: null, repaired: false, type: null, rdValid: null, rdReasonNl: null, ewkbHex: null, bbox: null };
}

function fromRow(r: Row): GeometryCheck {
  const location: [number, number] | null = r.loc_x === null || r.loc_y === null ? null : [Number(r.loc_x), Number(r.loc_y)];
  const valid = r.valid === null ? null : Boolean(r.valid);
  return {
    read: true,
    error: null,
    sourceType: r.source_type,
    empty: Boolean(r.empty),
    valid,
    reason: valid === false ? r.reason : null,
    reasonNl: valid === false ? geosReasonNl(r.reason ?? 'ongeldig', location) : null,
    location: valid === false ? location : null,
    repaired: Boolean(r.repaired),
    type: r.type,
    rdValid: r.rd_valid === null ? null : Boolean(r.rd_valid),
    rdReasonNl: r.rd_valid === false ? `${geosReasonNl(r.rd_reason ?? 'ongeldig')} na omzetting naar RD New` : null,
    ewkbHex: r.geom_rd,
    bbox: r.xmin === null || r.ymin === null || r.xmax === null || r.ymax === null ? null : [Number(r.xmin), Number(r.ymin), Number(r.xmax), Number(r.ymax)],
  };
}

function parseError(err: unknown): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
  return `geometrie onleesbaar voor PostGIS: ${msg}`;
}

function isLostDatabase(err: unknown): boolean {
  return err instanceof DatabaseUnavailableError || isConnectionError(err);
}

async function run(db: Db, batch: Prepared[], makeValid: boolean): Promise<Row[]> {
  return db.query<Row>(sql('features-to-rd'), [batch.map((b) => b.kind), batch.map((b) => b.value), batch.map((b) => b.srid), makeValid]);
}

/**
 * Decodes, checks and transforms the rows' geometries in PostGIS; one result per input, in order.
 * Rows without geometry or CRS are answered without the database.
 */
export async function checkGeometries(db: Db, inputs: readonly GeometryInput[], opts: GeometryCheckOptions = {}): Promise<GeometryCheck[]> {
  const makeValid = opts.makeValid === true;
  const maxRows = opts.maxRows ?? 200;
  const maxChars = opts.maxChars ?? 4_000_000;
  const out: GeometryCheck[] = new Array(inputs.length);
  const pending: { i: number; p: Prepared }[] = [];
  inputs.forEach((g, i) => {
    const p = prepare(g);
    if (typeof p === 'string') out[i] = unread(p);
    else pending.push({ i, p });
  });
  let start = 0;
  while (start < pending.length) {
    let end = start;
    let chars = 0;
    while (end < pending.length && end - start < maxRows && (end === start || chars + pending[end]!.p.value.length <= maxChars)) chars += pending[end++]!.p.value.length;
    const batch = pending.slice(start, end);
    try {
      const rows = await run(db, batch.map((b) => b.p), makeValid);
      for (const r of rows) out[batch[Number(r.ord) - 1]!.i] = fromRow(r);
    } catch (batchErr) {
      if (isLostDatabase(batchErr)) throw batchErr;
      // One unreadable value fails the statement: find it (and any others) row by row.
      for (const b of batch) {
        try {
          const [r] = await run(db, [b.p], makeValid);
          out[b.i] = r ? fromRow(r) : unread('geometrie onleesbaar voor PostGIS');
        } catch (err) {
          if (isLostDatabase(err)) throw err;
          out[b.i] = unread(parseError(err));
        }
      }
    }
    start = end;
  }
  return out;
}

export interface DecodedWkb {
  /** ST_GeometryType without the prefix, e.g. 'MultiPolygon', 'CurvePolygon'; null when unreadable. */
  type: string | null;
  empty: boolean;
  /** 2D GeoJSON geometry in the source CRS; null for types GeoJSON lacks (curves, surfaces) or unreadable WKB. */
  geojson: { type: string; coordinates?: unknown; geometries?: unknown } | null;
  /** Dutch: PostGIS could not read the WKB. */
  error: string | null;
}

/**
 * Decodes standard WKB (hex) in PostGIS into GeoJSON in its own CRS (named query
 * `features-wkb-geojson`), for checks that need coordinates; one result per input, in order.
 */
export async function decodeWkbToGeoJson(db: Db, hexes: readonly string[], maxRows = 200): Promise<DecodedWkb[]> {
  type R = { ord: number; type: string | null; empty: boolean | null; geojson: string | null };
  const toDecoded = (r: R | undefined): DecodedWkb =>
    r ? { type: r.type, empty: Boolean(r.empty), geojson: r.geojson === null ? null : JSON.parse(r.geojson), error: null } : { type: null, empty: false, geojson: null, error: 'geometrie onleesbaar voor PostGIS' };
  const out: DecodedWkb[] = [];
  for (let start = 0; start < hexes.length; start += maxRows) {
    const batch = hexes.slice(start, start + maxRows);
    try {
      const rows = await db.query<R>(sql('features-wkb-geojson'), [batch]);
      const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
      batch.forEach((_, i) => out.push(toDecoded(byOrd.get(i + 1))));
    } catch (batchErr) {
      if (isLostDatabase(batchErr)) throw batchErr;
      for (const hex of batch) {
        try {
          out.push(toDecoded((await db.query<R>(sql('features-wkb-geojson'), [[hex]]))[0]));
        } catch (err) {
          if (isLostDatabase(err)) throw err;
          out.push({ type: null, empty: false, geojson: null, error: parseError(err) });
        }
      }
    }
  }
  return out;
}
