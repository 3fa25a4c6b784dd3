/**
 * CSV sources (papaparse): `;`, `,` or tab, detected from the header (encoding: see below).
 * Geometry comes from one WKT column (`wkt`, `geometry`, `geom`, `the_geom`, `geometrie`; EWKT's
 * `SRID=28992;` prefix is honoured) or from a coordinate pair (`x`/`y`, `lon`/`lat`,
 * `lng`/`lat`, `longitude`/`latitude`), found case-insensitively or named in the options. A CSV
 * declares no CRS: an option gives it, else the coordinate ranges (RD New metres vs WGS84
 * degrees in the Netherlands) do, else it stays unknown and the caller asks for the option.
 * Encoding: UTF-8 (with or without BOM), UTF-16, or Windows-1252 for what is not UTF-8 (../text.ts).
 */
import Papa from 'papaparse';
import { decodeText } from '../text.js';
import { crsFromCoordinates, supportedSrid } from './crs.js';
import { FeatureFileError, type DetectedCrs, type FeatureRow, type FeatureSource, type FeatureSrid } from './types.js';

export const WKT_COLUMNS = ['wkt', 'geometry', 'geom', 'the_geom', 'geometrie'];
export const XY_COLUMNS: [string, string][] = [['x', 'y'], ['lon', 'lat'], ['lng', 'lat'], ['longitude', 'latitude'], ['x_rd', 'y_rd']];

export interface CsvGeometryOptions {
  /** Column with WKT/EWKT geometry (default: the first of WKT_COLUMNS present). */
  wktColumn?: string | undefined;
  /** Columns with x/lon and y/lat (default: the first pair of XY_COLUMNS present). */
  xColumn?: string | undefined;
  yColumn?: string | undefined;
}

export interface ReadCsvOptions extends CsvGeometryOptions {
  /** The CRS of the coordinates when the file cannot tell (CSV declares none). */
  crs?: FeatureSrid | undefined;
}

/** A number as written in a Dutch or international CSV: `155000`, `155000.5`, `155000,5`, `5,97`. */
export function parseCoordinate(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

const EWKT = /^\s*SRID=(\d+)\s*;\s*/i;
const FIRST_PAIR = /([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s+([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/;

function findColumn(headers: string[], wanted: string | undefined, candidates: string[]): string | null {
  const lower = new Map(headers.map((h) => [h.toLowerCase(), h]));
  if (wanted !== undefined) return lower.get(wanted.toLowerCase()) ?? null;
  for (const c of candidates) {
    const h = lower.get(c);
    if (h !== undefined) return h;
  }
  return null;
}

export function readCsvFeatures(data: Uint8Array, fileName: string, opts: ReadCsvOptions = {}): FeatureSource {
  // Dutch Excel writes Windows-1252 (or UTF-16 for "Unicode text"); the encoding is detected as for incident files.
  const { text } = decodeText(data);
  if (text.trim() === '') throw new FeatureFileError(`${fileName} is leeg.`);
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    delimitersToGuess: [';', ',', '\t'],
    transformHeader: (h) => h.trim(),
  });
  const headers = parsed.meta.fields ?? [];
  if (headers.length === 0) throw new FeatureFileError(`${fileName} heeft geen kopregel.`);
  const delimiter = parsed.meta.delimiter;

  const wktCol = opts.xColumn || opts.yColumn ? null : findColumn(headers, opts.wktColumn, WKT_COLUMNS);
  if (opts.wktColumn !== undefined && wktCol === null) throw new FeatureFileError(`${fileName}: kolom ${opts.wktColumn} bestaat niet; kolommen: ${headers.join(', ')}.`);
  let xCol: string | null = null;
  let yCol: string | null = null;
  if (wktCol === null) {
    if (opts.xColumn !== undefined || opts.yColumn !== undefined) {
      xCol = findColumn(headers, opts.xColumn ?? 'x', []);
      yCol = findColumn(headers, opts.yColumn ?? 'y', []);
      if (xCol === null || yCol === null) throw new FeatureFileError(`${fileName}: kolom ${xCol === null ? (opts.xColumn ?? 'x') : (opts.yColumn ?? 'y')} bestaat niet; kolommen: ${headers.join(', ')}.`);
    } else {
      for (const [x, y] of XY_COLUMNS) {
        xCol = findColumn(headers, undefined, [x]);
        yCol = findColumn(headers, undefined, [y]);
        if (xCol !== null && yCol !== null) break;
        xCol = yCol = null;
      }
    }
  }
  const geometryColumns = new Set([wktCol, xCol, yCol].filter((c): c is string => c !== null));
  const warnings: string[] = [];
  if (geometryColumns.size === 0) warnings.push(`geen geometriekolom gevonden (verwacht ${WKT_COLUMNS.join('/')} met WKT, of x/y, lon/lat)`);

  const fieldErrors = new Map<number, string>();
  for (const e of parsed.errors) {
    if (typeof e.row === 'number' && !fieldErrors.has(e.row)) fieldErrors.set(e.row, e.code === 'TooFewFields' || e.code === 'TooManyFields' ? `rij heeft een ander aantal velden dan de kopregel (${headers.length})` : e.message);
  }

  const samples: [number, number][] = [];
  const ewktSrids = new Set<number>();
  const ownSrids: (number | null)[] = [];
  const rows: FeatureRow[] = parsed.data.map((rec, i) => {
    const problems: string[] = [];
    const fe = fieldErrors.get(i);
    if (fe) problems.push(fe);
    const properties: Record<string, unknown> = {};
    for (const h of headers) if (!geometryColumns.has(h)) properties[h] = rec[h] ?? null;
    let geometry: FeatureRow['geometry'] = null;
    let srid: number | null = null;
    if (wktCol !== null) {
      let wkt = (rec[wktCol] ?? '').trim();
      const m = EWKT.exec(wkt);
      if (m) {
        srid = Number(m[1]);
        ewktSrids.add(srid);
        wkt = wkt.slice(m[0].length);
      }
      if (wkt !== '') {
        geometry = { wkt };
        const p = FIRST_PAIR.exec(wkt);
        if (p && srid === null && samples.length < 1000) samples.push([Number(p[1]), Number(p[2])]);
      }
    } else if (xCol !== null && yCol !== null) {
      const rx = (rec[xCol] ?? '').trim();
      const ry = (rec[yCol] ?? '').trim();
      if (rx !== '' || ry !== '') {
        const x = parseCoordinate(rx);
        const y = parseCoordinate(ry);
        if (x === null) problems.push(`${xCol} is geen getal: '${rx.slice(0, 40)}'`);
        if (y === null) problems.push(`${yCol} is geen getal: '${ry.slice(0, 40)}'`);
        if (x !== null && y !== null) {
          geometry = { wkt: `POINT(${x} ${y})` };
          if (samples.length < 1000) samples.push([x, y]);
        }
      }
    }
    ownSrids.push(srid);
    return { rowNumber: i + 2, ref: `rij ${i + 2}`, properties, geometry, srid: null, problems };
  });

  let crs: DetectedCrs;
  if (opts.crs !== undefined) crs = { srid: opts.crs, label: opts.crs === 28992 ? 'RD New (EPSG:28992), opgegeven' : 'WGS84 (EPSG:4326), opgegeven', source: 'option' };
  else if (samples.length === 0 && ewktSrids.size === 1) {
    const code = [...ewktSrids][0]!;
    crs = { srid: supportedSrid(code), label: `EPSG:${code} (SRID in de WKT)`, source: 'declared' };
  } else crs = crsFromCoordinates(samples);

  rows.forEach((r, i) => {
    const own = ownSrids[i];
    if (own !== null && own !== undefined) {
      r.srid = supportedSrid(own);
      if (r.srid === null) r.problems.push(`SRID ${own} in de WKT wordt niet ondersteund; gebruik 28992 of 4326`);
    } else r.srid = crs.srid;
  });
  const csv: FeatureSource['csv'] = { delimiter, geometry: wktCol !== null ? { wkt: wktCol } : xCol !== null && yCol !== null ? { x: xCol, y: yCol } : null };
  return { format: 'csv', crs, columns: headers.filter((h) => !geometryColumns.has(h)), layers: [], csv, rows, warnings };
}
