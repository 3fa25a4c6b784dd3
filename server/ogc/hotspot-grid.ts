/**
 * The aggregated hot spot grid as an OGC collection: the cells of the hotspot service's grid
 * (server/services/hotspot.service.ts, called with the caller, so its disclosure rules hold:
 * without `aggregates:read-exact` counts of 1-4 are null and cells are at least 100 m). Defaults:
 * 250 m cells over the hotspot period (the 365 days up to the latest incident), burglary kinds,
 * the automatic distance band and FDR; every parameter of GET /api/hotspots/grid can be given as
 * a query parameter, the period also as OGC `datetime` (dates, Europe/Amsterdam).
 * Cells are computed per request, so bbox and paging run over the computed list.
 */
import { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import { GridQuerySchema, type GridCollection } from '../contract/hotspots.js';
import { LocalDateSchema } from '../contract/common.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { localDate } from '../domain/incidents/time.js';
import { ValidationError } from '../errors.js';
import { gridHotspots } from '../services/hotspot.service.js';
import { resolveFilters } from '../services/incident.service.js';
import { EPSG_28992, type BBox, type ItemsQuery, type OgcCollection, type OgcFeature } from './collection.js';

export const DEFAULT_GRID_CELL_M = 250;

type GridParams = z.infer<typeof GridQuerySchema>;
type Cell = GridCollection['features'][number];

/** `datetime` (an instant or interval of dates or date-times, open ends `..`) -> from/to dates. */
export function periodFromDatetime(datetime: string): { from?: string; to?: string } {
  const parts = datetime.split('/');
  if (parts.length > 2) throw new ValidationError('Ongeldige datetime: verwacht één datum of een interval van/tot (bijvoorbeeld 2025-01-01/2025-12-31).');
  const day = (s: string): string | undefined => {
    if (s === '..' || s === '') return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)) ? localDate(new Date(s)) : null;
    if (d === null || !LocalDateSchema.safeParse(d).success) throw new ValidationError(`Ongeldige datetime: "${s.slice(0, 40)}" is geen datum (JJJJ-MM-DD) of tijdstip (RFC 3339).`);
    return d;
  };
  const from = day(parts[0]!);
  const to = parts.length === 2 ? day(parts[1]!) : from;
  if (from && to && from > to) throw new ValidationError('Ongeldige datetime: het begin ligt na het einde.');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

async function computeCells(caller: Caller, db: Db, params: Record<string, unknown>, datetime: string | null) {
  const p = params as GridParams;
  let query: GridParams = p;
  if (datetime) {
    if (p.from || p.to) throw new ValidationError('Geef de periode met datetime óf met from/to, niet met beide.');
    query = { ...p, ...periodFromDatetime(datetime) };
  }
  const grid = await gridHotspots(caller, db, query);
  return { cells: grid.features, cellSize: grid.meta.cellSize, period: { from: grid.meta.from, to: grid.meta.to } };
}

function overlaps(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

function envelope(ring: number[][]): [number, number, number, number] {
  const xs = ring.map((c) => c[0]!);
  const ys = ring.map((c) => c[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function cellInBox(c: Cell, size: number, box: BBox): boolean {
  const { x, y } = c.properties;
  const env: [number, number, number, number] = box.crs === EPSG_28992 ? [x, y, x + size, y + size] : envelope(c.geometry.coordinates[0]!);
  return overlaps(env, box.coords);
}

function toFeature(c: Cell, size: number, crs: ItemsQuery['crs'], period: { from: string; to: string }): OgcFeature {
  const { x, y, count, z: zScore, p, pFdr, bin } = c.properties;
  const geometry =
    crs === EPSG_28992
      ? { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] }
      : c.geometry;
  return {
    id: `${x}_${y}`,
    geometry,
    properties: {
      x_rd: x,
      y_rd: y,
      celgrootte_m: size,
      aantal: count,
      gi_z: zScore,
      gi_p: p,
      gi_p_fdr: pFdr ?? null,
      klasse: bin,
      van: period.from,
      tot_en_met: period.to,
    },
  };
}

export const hotspotGridCollection: OgcCollection = {
  id: 'hotspot-raster',
  title: 'Hotspotraster (inbraken per cel)',
  description:
    `Incidenten per vierkante RD-cel met Getis-Ord Gi*-klasse (−3..3: koude/hete vlek met 99/95/90 % betrouwbaarheid). ` +
    `Standaard cellen van ${DEFAULT_GRID_CELL_M} m over de 365 dagen tot het laatste incident, woninginbraak en poging; ` +
    `parameters: datetime (of from/to), kinds, district, cell (veelvoud van 50 m), band, fdr. ` +
    `Zonder analistenrol is een aantal van 1-4 leeg (onderdrukt) en is een cel minstens 100 m.`,
  permission: 'aggregates:read',
  geometryType: 'Polygon',
  temporal: true,
  params: GridQuerySchema,
  paramDefaults: { cell: String(DEFAULT_GRID_CELL_M) },
  async extent(_caller: Caller, db: Db) {
    const [[gm], f] = await Promise.all([db.query<{ bbox: string }>(sql('municipality-bbox')), resolveFilters(db, {})]);
    const ring = gm ? (JSON.parse(gm.bbox) as { coordinates: number[][][] }).coordinates[0]! : null;
    return { bbox: ring ? envelope(ring) : null, temporal: [new Date(f.fromMs).toISOString(), new Date(f.toMs).toISOString()] };
  },
  async items(caller: Caller, db: Db, q: ItemsQuery) {
    const { cells, cellSize, period } = await computeCells(caller, db, q.params, q.datetime);
    const matched = q.bbox ? cells.filter((c) => cellInBox(c, cellSize, q.bbox!)) : cells;
    const page = matched.slice(q.offset, q.offset + q.limit);
    return { features: page.map((c) => toFeature(c, cellSize, q.crs, period)), numberMatched: matched.length };
  },
  async item(caller: Caller, db: Db, id: string, q) {
    const { cells, cellSize, period } = await computeCells(caller, db, q.params, q.datetime);
    const cell = cells.find((c) => `${c.properties.x}_${c.properties.y}` === id);
    return cell ? toFeature(cell, cellSize, q.crs, period) : null;
  },
};
