/**
 * Incident reads: the shared filters (period, kinds, district) of every incident and hotspot
 * endpoint, the filtered points for the analyses, the incident GeoJSON and the summary. SQL
 * lives in server/db/queries/incidents-*.sql. The import and its batches are in
 * incident-import.service.ts, the gemeente in gemeente.service.ts, the CSV export in
 * server/domain/incidents/export.ts.
 */
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import {
  DEFAULT_KINDS,
  MAX_INCIDENT_FEATURES,
  type IncidentCollection,
  type IncidentFiltersInput,
  type IncidentSummary,
  type ResolvedFilters,
} from '../contract/incidents.js';
import { INCIDENT_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { amsterdamToUtc, localDate, parseLocalDate, shiftDate } from '../domain/incidents/time.js';
import { DEMO_WARNING } from '../domain/incidents/demo-mark.js';
import type { Extent } from '../domain/hotspots/grid.js';
import { AppError, NotFoundError } from '../errors.js';
import { selectColumnar } from '../domain/incidents/columnar.js';
import { incidentIndex } from './incident-index.service.js';

// ------------------------------------------------------------------------------------------
// Dates
// ------------------------------------------------------------------------------------------

/** Start (00:00 Europe/Amsterdam) of a YYYY-MM-DD date plus `addDays`, as epoch ms. */
function startOfLocalDate(date: string, addDays = 0): number {
  const [y, m, d] = parseLocalDate(date);
  return amsterdamToUtc(y, m, d + addDays).getTime();
}

/** Inclusive local dates of a half-open instant range [fromMs, toMs) that starts and ends at local midnight. */
export function periodDates(p: { from: number; to: number }): { from: string; to: string } {
  return { from: localDate(p.from), to: localDate(p.to - 1) };
}

// ------------------------------------------------------------------------------------------
// Filters
// ------------------------------------------------------------------------------------------

export interface DistrictFilter {
  code: string;
  level: string;
  name: string;
  /** RD bounding box, or null when the district has no shape. */
  bbox: Extent | null;
  wijken: string[] | null;
  buurt: string | null;
  pc4: string | null;
}

export interface Filters extends ResolvedFilters {
  districtInfo: DistrictFilter | null;
}

/** Extra spatial restrictions besides the district (hot times of a drawn area or a clicked cell). */
export interface SpatialExtra {
  /** GeoJSON geometry in WGS84. */
  area?: unknown;
  /** RD box, half-open [minX, maxX) x [minY, maxY). */
  box?: Extent;
}

interface DistrictRow {
  code: string;
  level: string;
  name: string;
  min_x: number | null;
  min_y: number | null;
  max_x: number | null;
  max_y: number | null;
  wijken: string[] | null;
}

async function resolveDistrict(db: Db, code: string): Promise<DistrictFilter> {
  const [r] = await db.query<DistrictRow>(sql('incidents-district'), [code]);
  if (!r) throw new NotFoundError(`Gebied ${code} bestaat niet.`);
  const bbox = r.min_x === null ? null : { minX: Number(r.min_x), minY: Number(r.min_y), maxX: Number(r.max_x), maxY: Number(r.max_y) };
  const f: DistrictFilter = { code: r.code, level: r.level, name: r.name, bbox, wijken: null, buurt: null, pc4: null };
  if (r.level === 'wijk') f.wijken = [r.code];
  else if (r.level === 'stadsdeel') f.wijken = r.wijken ?? [];
  else if (r.level === 'buurt') f.buurt = r.code;
  else if (r.level === 'postcode') f.pc4 = r.code;
  return f;
}

/** Fills in the defaults: the 365 days up to the latest incident, burglary kinds, no district. */
export async function resolveFilters(db: Db, input: IncidentFiltersInput): Promise<Filters> {
  let { from, to } = input;
  if (!to) {
    if (from) {
      to = shiftDate(from, 364);
    } else {
      const { latestT0 } = (await incidentIndex(db)).index;
      to = localDate(latestT0 !== null ? new Date(latestT0) : new Date());
    }
  }
  if (!from) from = shiftDate(to, -364);
  const districtInfo = input.district ? await resolveDistrict(db, input.district) : null;
  return {
    from,
    to,
    fromMs: startOfLocalDate(from),
    toMs: startOfLocalDate(to, 1),
    kinds: input.kinds && input.kinds.length > 0 ? input.kinds : [...DEFAULT_KINDS],
    district: districtInfo?.code ?? null,
    districtInfo,
  };
}

/** The 11 parameters of the shared incident filter (server/db/queries/_incident-filter.sql). */
export function filterParams(f: Filters, extra: SpatialExtra = {}): unknown[] {
  const d = f.districtInfo;
  const box = extra.box;
  return [
    new Date(f.fromMs).toISOString(),
    new Date(f.toMs).toISOString(),
    f.kinds,
    d?.wijken ?? null,
    d?.buurt ?? null,
    d?.pc4 ?? null,
    extra.area ? JSON.stringify(extra.area) : null,
    box?.minX ?? null,
    box?.minY ?? null,
    box?.maxX ?? null,
    box?.maxY ?? null,
  ];
}

/** RD points and time windows of the filtered incidents, as typed arrays for the domain functions. */
export interface IncidentPoints {
  xs: Float64Array;
  ys: Float64Array;
  from: Float64Array;
  to: Float64Array;
  n: number;
}

/**
 * The filtered points, from the in-memory index (incident-index.service.ts) without SQL; only a
 * drawn area (a polygon, rare) is still selected by PostGIS.
 */
export async function loadPoints(db: Db, f: Filters, extra: SpatialExtra = {}): Promise<IncidentPoints> {
  if (!extra.area) {
    const d = f.districtInfo;
    const { index } = await incidentIndex(db);
    return selectColumnar(index, { fromMs: f.fromMs, toMs: f.toMs, kinds: f.kinds, wijken: d?.wijken ?? null, buurt: d?.buurt ?? null, pc4: d?.pc4 ?? null, box: extra.box ?? null });
  }
  const rows = await db.query<{ x: number; y: number; t0: number; t1: number }>(sql('incidents-points'), filterParams(f, extra));
  const n = rows.length;
  const out = { xs: new Float64Array(n), ys: new Float64Array(n), from: new Float64Array(n), to: new Float64Array(n), n };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.xs[i] = Number(r.x);
    out.ys[i] = Number(r.y);
    out.from[i] = Number(r.t0);
    out.to[i] = Number(r.t1);
  }
  return out;
}

// ------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------

interface FeatureRow {
  id: number;
  source_id: string;
  kind: IncidentKind;
  time_from: Date | string;
  time_to: Date | string;
  lon: number;
  lat: number;
  wijk_code: string | null;
  buurt_code: string | null;
  pc4_code: string | null;
  address: string | null;
  modus_operandi: string | null;
  target_type: string | null;
  is_demo: boolean;
}

const iso = (v: Date | string) => new Date(v).toISOString();
const round6 = (v: number) => Math.round(Number(v) * 1e6) / 1e6;

export async function listIncidents(caller: Caller, db: Db, input: IncidentFiltersInput, limit = MAX_INCIDENT_FEATURES): Promise<IncidentCollection> {
  assertCan(caller, 'incidents:read-exact');
  const f = await resolveFilters(db, input);
  const rows = await db.query<FeatureRow>(sql('incidents-features'), [...filterParams(f), limit + 1]);
  if (rows.length > limit) {
    throw new AppError(
      422,
      'Te veel incidenten',
      `De selectie bevat meer dan ${limit.toLocaleString('nl-NL')} incidenten. Kies een kortere periode, minder soorten of een kleiner gebied.`,
      { limit },
    );
  }
  // Who viewed exact incidents (points, addresses, police ids), with what selection.
  await writeAudit(db, caller, { action: 'view', table: 'incident', after: { from: f.from, to: f.to, kinds: f.kinds, district: f.district, count: rows.length } });
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => {
      const properties: IncidentCollection['features'][number]['properties'] = {
        id: Number(r.id),
        sourceId: r.source_id,
        kind: r.kind,
        from: iso(r.time_from),
        to: iso(r.time_to),
        wijkCode: r.wijk_code,
        buurtCode: r.buurt_code,
        pc4Code: r.pc4_code,
        demo: Boolean(r.is_demo),
      };
      if (r.address) properties.address = r.address;
      if (r.modus_operandi) properties.modusOperandi = r.modus_operandi;
      if (r.target_type) properties.targetType = r.target_type;
      return {
        type: 'Feature' as const,
        id: Number(r.id),
        geometry: { type: 'Point' as const, coordinates: [round6(r.lon), round6(r.lat)] },
        properties,
      };
    }),
    meta: {
      count: rows.length,
      demo: rows.length > 0 && rows.every((r) => r.is_demo),
      ...(rows.some((r) => r.is_demo) ? { warning: DEMO_WARNING } : {}),
      from: f.from,
      to: f.to,
      kinds: f.kinds,
      district: f.district,
    },
  };
}

export async function incidentSummary(caller: Caller, db: Db): Promise<IncidentSummary> {
  assertCan(caller, 'aggregates:read');
  const [s] = await db.query<{ count: number; demo_count: number; first: Date | string | null; last: Date | string | null }>(sql('incidents-summary'));
  const kindRows = await db.query<{ kind: string; n: number }>(sql('incidents-kind-counts'));
  const count = Number(s?.count ?? 0);
  const demoCount = Number(s?.demo_count ?? 0);
  const kinds: Record<string, number> = Object.fromEntries(INCIDENT_KINDS.map((k) => [k, 0]));
  for (const r of kindRows) kinds[r.kind] = Number(r.n);
  return {
    count,
    demoCount,
    realCount: count - demoCount,
    demo: count > 0 && demoCount === count,
    first: s?.first ? localDate(new Date(s.first)) : null,
    last: s?.last ? localDate(new Date(s.last)) : null,
    kinds,
  };
}
