/**
 * Typed coordinates for the geometry editor (the keyboard alternative to drawing): one coordinate
 * per line or a WKT text, as RD New (x y, metres) or WGS84 (lat, lon; in WKT lon lat). The CRS and
 * the axis order are detected per coordinate: RD values are large numbers inside the RD validity
 * box; WGS84 degrees are recognised by the Dutch latitude (50.75–53.7) and longitude (3.2–7.22)
 * ranges, which do not overlap, so "52.2, 5.9" and "5.9 52.2" both mean the same place.
 * Pure: returns a WGS84 GeoJSON geometry or a Dutch error message.
 */
import { kinks } from '@turf/turf';
import { NL_WGS84_BOUNDS, RD_BOUNDS, rdToWgs84 } from '../../../server/domain/crs.js';

export type GeometryKind = 'polygon' | 'point' | 'linestring';
export type EditorGeometry = GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point | GeoJSON.LineString;
export type ParseResult = { ok: true; geometry: EditorGeometry; crs: 'RD' | 'WGS84' } | { ok: false; error: string };

const NUM = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;
const WKT_TYPES: Record<string, GeometryKind> = { POLYGON: 'polygon', POINT: 'point', LINESTRING: 'linestring' };
const KIND_NAME: Record<GeometryKind, string> = { polygon: 'een vlak (POLYGON)', point: 'een punt (POINT)', linestring: 'een lijn (LINESTRING)' };

const inLat = (v: number) => v >= NL_WGS84_BOUNDS.minLat && v <= NL_WGS84_BOUNDS.maxLat;
const inLon = (v: number) => v >= NL_WGS84_BOUNDS.minLon && v <= NL_WGS84_BOUNDS.maxLon;

/** One coordinate pair (two numbers) -> [lon, lat] WGS84, or a Dutch error. */
export function toLonLat(a: number, b: number): { ok: true; lonLat: [number, number]; crs: 'RD' | 'WGS84' } | { ok: false; error: string } {
  if (Math.abs(a) > 180 || Math.abs(b) > 180) {
    if (a < RD_BOUNDS.minX || a > RD_BOUNDS.maxX || b < RD_BOUNDS.minY || b > RD_BOUNDS.maxY) return { ok: false, error: 'Coördinaat buiten Nederland' };
    const [lon, lat] = rdToWgs84(a, b);
    if (!inLat(lat) || !inLon(lon)) return { ok: false, error: 'Coördinaat buiten Nederland' };
    return { ok: true, lonLat: [lon, lat], crs: 'RD' };
  }
  if (inLat(a) && inLon(b)) return { ok: true, lonLat: [b, a], crs: 'WGS84' };
  if (inLon(a) && inLat(b)) return { ok: true, lonLat: [a, b], crs: 'WGS84' };
  return { ok: false, error: 'Coördinaat buiten Nederland' };
}

/** "x y", "x, y", "x;y" -> two numbers (a decimal comma is allowed when the separator is not a comma). */
function pair(text: string): [number, number] | null {
  const t = text.trim();
  let parts: string[];
  if (t.includes(';')) parts = t.split(';');
  else if (/\s/.test(t)) parts = t.replace(/,\s+/, ' ').split(/\s+/);
  else parts = t.split(',');
  parts = parts.map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length !== 2 || !parts.every((p) => NUM.test(p))) return null;
  const [a, b] = parts.map((p) => Number(p.replace(',', '.'))) as [number, number];
  return [a, b];
}

function sameCoord(p: [number, number], q: [number, number]): boolean {
  return Math.abs(p[0] - q[0]) < 1e-9 && Math.abs(p[1] - q[1]) < 1e-9;
}

function build(kind: GeometryKind, pts: [number, number][]): { ok: true; geometry: EditorGeometry } | { ok: false; error: string } {
  if (kind === 'point') {
    if (pts.length !== 1) return { ok: false, error: 'Een punt heeft precies één coördinaat nodig' };
    return { ok: true, geometry: { type: 'Point', coordinates: pts[0]! } };
  }
  if (kind === 'linestring') {
    if (pts.length < 2) return { ok: false, error: 'Een lijn heeft minstens 2 punten nodig' };
    return { ok: true, geometry: { type: 'LineString', coordinates: pts } };
  }
  const ring = pts.length > 1 && sameCoord(pts[0]!, pts[pts.length - 1]!) ? pts.slice(0, -1) : pts;
  if (ring.length < 3) return { ok: false, error: 'Een vlak heeft minstens 3 punten nodig' };
  const geometry: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
  if (kinks(geometry).features.length > 0) return { ok: false, error: 'De rand van het vlak snijdt zichzelf' };
  return { ok: true, geometry };
}

/**
 * Parses typed coordinates for a geometry of the given kind. Accepts WKT (POINT, LINESTRING,
 * POLYGON with one ring) or one coordinate per line (empty lines ignored); a polygon's ring is
 * closed automatically.
 */
export function parseCoordinates(text: string, kind: GeometryKind): ParseResult {
  const src = text.trim();
  if (src === '') return { ok: false, error: 'Voer coördinaten in' };
  let lines: { text: string; label: string }[];
  const wkt = /^([A-Za-z]+)\s*\((.*)\)$/s.exec(src);
  if (wkt) {
    const type = wkt[1]!.toUpperCase();
    const found = WKT_TYPES[type];
    if (!found) return { ok: false, error: `Onbekend WKT-type ${type}; gebruik POINT, LINESTRING of POLYGON` };
    if (found !== kind) return { ok: false, error: `Verwacht ${KIND_NAME[kind]}, maar de tekst is ${type}` };
    let body = wkt[2]!.trim();
    if (found === 'polygon') {
      const rings = /^\((.*)\)$/s.exec(body);
      if (!rings) return { ok: false, error: 'Ongeldige WKT: een POLYGON heeft dubbele haakjes, bijvoorbeeld POLYGON((x y, x y, x y))' };
      body = rings[1]!;
      if (body.includes('(') || body.includes(')')) return { ok: false, error: 'Een vlak met gaten (meer dan één ring) wordt niet ondersteund' };
    }
    lines = body.split(',').map((t, i) => ({ text: t, label: `punt ${i + 1}` }));
  } else {
    lines = src
      .split(/\r?\n/)
      .map((t, i) => ({ text: t, label: `regel ${i + 1}` }))
      .filter((l) => l.text.trim() !== '');
  }
  const pts: [number, number][] = [];
  const crs = new Set<'RD' | 'WGS84'>();
  for (const l of lines) {
    const p = pair(l.text);
    if (!p) return { ok: false, error: `Geen coördinaat herkend (${l.label}): "${l.text.trim()}"` };
    const c = toLonLat(p[0], p[1]);
    if (!c.ok) return { ok: false, error: `${c.error} (${l.label})` };
    crs.add(c.crs);
    pts.push(c.lonLat);
  }
  if (crs.size > 1) return { ok: false, error: 'Gebruik één stelsel: alle punten in RD of alle in WGS84' };
  const built = build(kind, pts);
  if (!built.ok) return built;
  return { ok: true, geometry: built.geometry, crs: [...crs][0]! };
}
