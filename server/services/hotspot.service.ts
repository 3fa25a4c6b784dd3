/**
 * Hotspot analyses on the stored incidents: SQL fetches RD points and time windows for the
 * filters (incident.service.ts), the pure domain functions (server/domain/hotspots) do the
 * statistics, this file shapes the responses (cells as WGS84 polygons).
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { GridCollection, GridQuery, HotTimesResponse, KdeCollection, RatesResponse } from '../contract/hotspots.js';
import type { IncidentFiltersInput } from '../contract/incidents.js';
import { rdToWgs84 } from '../domain/crs.js';
import {
  aoristicWeekHour,
  cellBounds,
  comparisonPeriods,
  describeParameters,
  districtRates,
  optimizedHotSpots,
  hourTotals,
  kernelDensity,
  weekdayTotals,
  type Extent,
  type Polygons,
  type RateRow,
} from '../domain/hotspots/index.js';
import { AppError, ForbiddenError } from '../errors.js';
import { assertCan, can, type Caller } from '../auth/caller.js';
import { MIN_AGGREGATE_BANDWIDTH_M, MIN_AGGREGATE_CELL_M, SUPPRESS_BELOW, minKdeDensity, suppressCount } from '../domain/privacy.js';
import { gemeente } from './gemeente.service.js';
import { cachedAnswer } from './answer-cache.js';
import { loadPoints, periodDates, resolveFilters, type Filters, type SpatialExtra } from './incident.service.js';

/** Largest grid the API computes (cells); 100 m over the whole gemeente is ~60,000. */
const MAX_API_CELLS = 2_000_000;

const sig = (v: number, digits = 6) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : 0);
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** A cell square as a WGS84 polygon (corners transformed from RD). */
function cellPolygon(b: Extent) {
  const corner = (x: number, y: number) => rdToWgs84(x, y).map(r6);
  const sw = corner(b.minX, b.minY);
  return {
    type: 'Polygon' as const,
    coordinates: [[sw, corner(b.maxX, b.minY), corner(b.maxX, b.maxY), corner(b.minX, b.maxY), sw]],
  };
}

/** The analysis extent: the selected district's bounding box, else the gemeente's. */
async function analysisExtent(db: Db, f: Filters): Promise<Extent> {
  return f.districtInfo?.bbox ?? (await gemeente(db)).bbox;
}

function tooLarge(): never {
  throw new AppError(422, 'Raster te groot', 'Het raster wordt te groot voor deze celgrootte; kies een grotere cel of een kleiner gebied.');
}

const filterMeta = (f: Filters) => ({ from: f.from, to: f.to, kinds: f.kinds, district: f.district });

/** Aggregate-only callers get the disclosure rules of domain/privacy.ts; analysts exact figures. */
function exact(caller: Caller): boolean {
  assertCan(caller, 'aggregates:read');
  return can(caller, 'aggregates:read-exact');
}

/** The study area: the district's or the gemeente's shape (RD polygons), or null when it has none. */
async function studyArea(db: Db, f: Filters): Promise<{ polygons: Polygons; name: string; level: string } | null> {
  const [r] = await db.query<{ code: string; name: string; level: string; geom: string }>(sql('hotspots-study-area'), [f.district]);
  if (!r) return null;
  const g = JSON.parse(r.geom) as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Polygons;
  return { polygons, name: r.name, level: r.level };
}

const LEVEL_NAMES: Record<string, string> = { gemeente: 'gemeente', stadsdeel: 'stadsdeel', wijk: 'wijk', buurt: 'buurt', postcode: 'postcodegebied' };

/**
 * Grid counts with Getis-Ord Gi*: by default the optimized analysis (server/domain/hotspots/
 * optimized.ts: cells inside the gemeente or district only, cell size and distance band from
 * the data, FDR); a given cell size or band replaces that choice. Fewer than MIN_INCIDENTS
 * incidents: counts without ratings and a Dutch warning. A band that gives no cell a
 * neighbour is refused (422).
 */
export async function gridHotspots(caller: Caller, db: Db, q: GridQuery): Promise<GridCollection> {
  const isExact = exact(caller);
  if (!isExact && q.cell !== null && q.cell < MIN_AGGREGATE_CELL_M) throw new ForbiddenError(`Zonder analistenrol zijn cellen minstens ${MIN_AGGREGATE_CELL_M} m.`);
  return cachedAnswer(db, 'grid', { q, isExact }, async () => {
    const f = await resolveFilters(db, q);
    const [extent, area, pts] = await Promise.all([analysisExtent(db, f), studyArea(db, f), loadPoints(db, f)]);
    if (q.band !== null && q.cell !== null && q.band < q.cell) {
      throw new AppError(
        422,
        'Afstandsband te klein',
        `Met een afstandsband van ${q.band} m en cellen van ${q.cell} m heeft geen enkele cel een buurcel; Gi* zou dan alleen het eigen aantal van elke cel beoordelen. Kies een afstandsband van minstens ${q.cell} m, of laat de afstandsband automatisch kiezen.`,
        { cell: q.cell, band: q.band },
      );
    }
    let res;
    try {
      res = optimizedHotSpots(pts, { extent, studyArea: area?.polygons ?? null, cellSize: q.cell, band: q.band, fdr: q.fdr, maxCells: MAX_API_CELLS, ...(isExact ? {} : { minCellSize: MIN_AGGREGATE_CELL_M }) });
    } catch (err) {
      if (err instanceof RangeError) tooLarge();
      throw err;
    }
    const { grid, gi, mask, parameters: p } = res;
    if (p.warnings.includes('neighbourless')) {
      throw new AppError(
        422,
        'Afstandsband te klein',
        `Met een afstandsband van ${p.distanceBand} m en cellen van ${p.cellSize} m heeft geen enkele cel een buurcel. Kies een grotere afstandsband of laat die automatisch kiezen.`,
        { cell: p.cellSize, band: p.distanceBand },
      );
    }
    const features: GridCollection['features'] = [];
    let hot = 0;
    let cold = 0;
    for (let i = 0; i < grid.counts.length; i++) {
      if (mask && !mask[i]) continue;
      const bin = gi?.bins[i] ?? 0;
      if (bin > 0) hot++;
      else if (bin < 0) cold++;
      const count = grid.counts[i]!;
      if (count === 0 && bin === 0) continue;
      const b = cellBounds(grid, i);
      const properties: GridCollection['features'][number]['properties'] = {
        x: b.minX,
        y: b.minY,
        count: isExact ? count : suppressCount(count),
        z: p.rated && gi ? sig(gi.z[i]!) : 0,
        p: p.rated && gi ? sig(gi.p[i]!) : 1,
        bin,
      };
      if (gi?.pFdr) properties.pFdr = p.rated ? sig(gi.pFdr[i]!) : 1;
      features.push({ type: 'Feature', geometry: cellPolygon(b), properties });
    }
    const text = describeParameters(p);
    const areaName = area ? `${LEVEL_NAMES[area.level] ?? area.level} ${area.name}` : null;
    const studyAreaReason = area
      ? `Alleen cellen binnen ${areaName} (en cellen met een incident); cellen daarbuiten zijn onbekend en tellen niet mee.`
      : 'Het gebied heeft geen grens in de database; alle cellen van de omsluitende rechthoek tellen mee.';
    return {
      type: 'FeatureCollection',
      features,
      parameters: {
        method: p.method,
        cellSize: p.cellSize,
        distanceBand: sig(p.distanceBand),
        neighbours: { min: p.neighbours.min, mean: sig(p.neighbours.mean, 3) },
        incidents: p.incidents,
        cells: p.cells,
        fdr: p.fdr,
        rated: p.rated,
        reasons: {
          cellSize: text.cellSize,
          distanceBand: text.distanceBand,
          studyArea: studyAreaReason,
          dwellings: DWELLINGS_NOTE,
        },
        warnings: text.warnings,
        autocorrelation: p.isa.map((s) => ({ distance: sig(s.distance), I: sig(s.I), z: sig(s.z), neighbours: sig(s.neighbours.mean, 3) })),
      },
      meta: {
        cellSize: grid.cellSize,
        band: sig(p.distanceBand),
        n: p.cells,
        nx: grid.nx,
        ny: grid.ny,
        originX: grid.originX,
        originY: grid.originY,
        total: grid.total,
        fdr: q.fdr,
        significantHot: hot,
        significantCold: cold,
        ...filterMeta(f),
      },
    };
  });
}

/**
 * Dwelling locations (BAG verblijfsobjecten) are not in the database (geodata/SOURCES.md: only
 * 490 for one business-park buurt exist and are not shipped); CBS dwelling counts are known per
 * wijk only. So cells without dwellings cannot be left out; the note says so.
 */
const DWELLINGS_NOTE =
  'Waar woningen staan is niet bekend (geen BAG-adressen geladen; het aantal woningen is alleen per wijk bekend), dus cellen zonder woningen, zoals bos en bedrijventerrein, tellen mee als cellen zonder inbraak.';

export async function kdeHotspots(caller: Caller, db: Db, q: IncidentFiltersInput & { bandwidth: number; cell: number }): Promise<KdeCollection> {
  const isExact = exact(caller);
  if (!isExact && (q.cell < MIN_AGGREGATE_CELL_M || q.bandwidth < MIN_AGGREGATE_BANDWIDTH_M)) {
    throw new ForbiddenError(`Zonder analistenrol is de cel minstens ${MIN_AGGREGATE_CELL_M} m en de kernstraal minstens ${MIN_AGGREGATE_BANDWIDTH_M} m.`);
  }
  return cachedAnswer(db, 'kde', { q, isExact }, async () => {
    const floor = isExact ? 0 : minKdeDensity(q.bandwidth);
    const f = await resolveFilters(db, q);
    const extent = await analysisExtent(db, f);
    const pts = await loadPoints(db, f);
    let kde;
    try {
      kde = kernelDensity(pts, { bandwidth: q.bandwidth, cellSize: q.cell, extent, maxCells: MAX_API_CELLS });
    } catch (err) {
      if (err instanceof RangeError) tooLarge();
      throw err;
    }
    const features: KdeCollection['features'] = [];
    for (let i = 0; i < kde.density.length; i++) {
      const d = kde.density[i]!;
      if (!(d > 0) || d < floor) continue;
      const b = cellBounds(kde, i);
      features.push({ type: 'Feature', geometry: cellPolygon(b), properties: { x: b.minX, y: b.minY, density: sig(d) } });
    }
    return {
      type: 'FeatureCollection',
      features,
      meta: { max: sig(kde.max), bandwidth: q.bandwidth, cellSize: q.cell, total: pts.n, ...filterMeta(f) },
    };
  });
}

interface CountRow {
  code: string | null;
  current: number;
  previous: number;
  year_ago: number;
}
interface DenominatorRow {
  code: string;
  name: string;
  woningen: number | null;
  inwoners: number | null;
}

const round = (v: number | null, digits = 4) => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function comparisons(row: RateRow, periods: { previous: { from: string; to: string }; lastYear: { from: string; to: string } }) {
  return {
    previous: {
      ...periods.previous,
      count: row.previous,
      rate: round(row.previousRate),
      change: round(row.vsPrevious.percent, 2),
      changeCount: row.vsPrevious.count,
    },
    lastYear: {
      ...periods.lastYear,
      count: row.yearAgo,
      rate: round(row.yearAgoRate),
      change: round(row.vsYearAgo.percent, 2),
      changeCount: row.vsYearAgo.count,
    },
  };
}

/**
 * Rates per 1,000 dwellings (inhabitants where dwellings are unknown, e.g. PC4) per district of
 * `level`, against the previous period and the same period a year earlier. The city rate is
 * the whole gemeente (all incidents of the kinds, CBS gemeente dwellings/inhabitants) with the
 * same denominator as the row. The district filter only selects which districts are listed.
 */
export async function districtRatesFor(caller: Caller, db: Db, q: IncidentFiltersInput & { level: 'wijk' | 'stadsdeel' | 'postcode' }): Promise<RatesResponse> {
  assertCan(caller, 'aggregates:read');
  return cachedAnswer(db, 'rates', { q, exact: can(caller, 'aggregates:read-exact') }, async () => {
    const f = await resolveFilters(db, q);
    const cp = comparisonPeriods({ from: f.fromMs, to: f.toMs });
    const iso = (ms: number) => new Date(ms).toISOString();
    const [counts, dens, cityDen] = await Promise.all([
      db.query<CountRow>(sql('hotspots-counts-by-district'), [
        q.level,
        iso(cp.current.from),
        iso(cp.current.to),
        iso(cp.previous.from),
        iso(cp.previous.to),
        iso(cp.yearAgo.from),
        iso(cp.yearAgo.to),
        f.kinds,
      ]),
      db.query<DenominatorRow>(sql('hotspots-denominators'), [q.level, f.district]),
      db.query<{ code: string; woningen: number | null; inwoners: number | null }>(sql('hotspots-city-denominators')),
    ]);
    const byCode = new Map(counts.filter((c) => c.code !== null).map((c) => [c.code!, c]));
    const unassigned = counts.find((c) => c.code === null);
    const city = { current: 0, previous: 0, yearAgo: 0 };
    for (const c of counts) {
      city.current += Number(c.current);
      city.previous += Number(c.previous);
      city.yearAgo += Number(c.year_ago);
    }
    const gm = cityDen[0];
    const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    const input = dens.map((d) => {
      const c = byCode.get(d.code);
      return {
        id: d.code,
        name: d.name,
        current: Number(c?.current ?? 0),
        previous: Number(c?.previous ?? 0),
        yearAgo: Number(c?.year_ago ?? 0),
        dwellings: num(d.woningen),
        inhabitants: num(d.inwoners),
      };
    });
    const result = districtRates(input, { city: { ...city, dwellings: num(gm?.woningen) } });
    const cityInh = districtRates([], { city: { ...city, dwellings: null, inhabitants: num(gm?.inwoners) } }).city;
    const periods = { previous: periodDates(cp.previous), lastYear: periodDates(cp.yearAgo) };
    return {
      districts: result.districts.map((r) => ({
        code: r.id,
        name: r.name ?? r.id,
        count: r.current,
        denominator: r.denominatorValue,
        denominatorKind: r.denominator === 'dwellings' ? 'woningen' : r.denominator === 'inhabitants' ? 'inwoners' : null,
        rate: round(r.rate),
        cityRate: round(r.denominator === 'inhabitants' ? cityInh.rate : result.city.rate),
        ...comparisons(r, periods),
      })),
      meta: {
        level: q.level,
        per: result.per,
        kinds: f.kinds,
        district: f.district,
        period: { from: f.from, to: f.to },
        ...periods,
        city: {
          code: gm?.code ?? '',
          count: result.city.current,
          woningen: num(gm?.woningen),
          inwoners: num(gm?.inwoners),
          rate: round(result.city.rate),
          rateInwoners: round(cityInh.rate),
          ...comparisons(result.city, periods),
        },
        unassigned: Number(unassigned?.current ?? 0),
      },
    };
  });
}

/**
 * Aoristic weekday x hour matrix (Monday first, Europe/Amsterdam) of the filtered incidents,
 * optionally only those in an RD cell or a drawn area. Each incident's whole window is spread
 * (also the part outside the period), so the matrix sums to the number of incidents.
 */
export async function hotTimes(
  caller: Caller,
  db: Db,
  q: IncidentFiltersInput & { cell?: { x: number; y: number; size: number } | undefined },
  area?: unknown,
): Promise<HotTimesResponse> {
  const isExact = exact(caller);
  if (!isExact && q.cell && q.cell.size < MIN_AGGREGATE_CELL_M) throw new ForbiddenError(`Zonder analistenrol is een cel minstens ${MIN_AGGREGATE_CELL_M} m.`);
  // A drawn area is not cached (each one is new); the period/cell answers are.
  if (area === undefined) return cachedAnswer(db, 'hot-times', { q, isExact }, () => computeHotTimes(db, q, isExact, undefined));
  return computeHotTimes(db, q, isExact, area);
}

async function computeHotTimes(db: Db, q: IncidentFiltersInput & { cell?: { x: number; y: number; size: number } | undefined }, isExact: boolean, area: unknown): Promise<HotTimesResponse> {
  const f = await resolveFilters(db, q);
  const extra: SpatialExtra = {};
  if (q.cell) extra.box = { minX: q.cell.x, minY: q.cell.y, maxX: q.cell.x + q.cell.size, maxY: q.cell.y + q.cell.size };
  if (area !== undefined) extra.area = area;
  const pts = await loadPoints(db, f, extra);
  if (!isExact && (q.cell || area !== undefined) && pts.n > 0 && pts.n < SUPPRESS_BELOW) {
    // Fewer than 5 incidents in a small selection: their times could point to a household.
    const zeros = (k: number) => Array.from({ length: k }, () => 0);
    return { matrix: zeros(168), total: 0, count: 0, byWeekday: zeros(7), byHour: zeros(24), suppressed: true, meta: { ...filterMeta(f), cell: q.cell ?? null, area: area !== undefined } };
  }
  const res = aoristicWeekHour({ from: pts.from, to: pts.to });
  const matrix = Array.from(res.matrix, (v) => r6(v));
  return {
    matrix,
    total: r6(res.matrix.reduce((s, v) => s + v, 0)),
    count: res.incidents,
    byWeekday: Array.from(weekdayTotals(res.matrix), r6),
    byHour: Array.from(hourTotals(res.matrix), r6),
    meta: { ...filterMeta(f), cell: q.cell ?? null, area: area !== undefined },
  };
}
