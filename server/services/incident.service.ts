/**
 * Incident store: import batches (parse -> one transaction with spatial join), the shared
 * filters (period, kinds, district) of every incident and hotspot endpoint, the incident
 * GeoJSON and the summary. SQL lives in server/db/queries/incidents-*.sql.
 */
import { booleanPointInPolygon } from '@turf/turf';
import Papa from 'papaparse';
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import {
  DEFAULT_KINDS,
  MAX_INCIDENT_FEATURES,
  type BatchList,
  type ImportReport,
  type IncidentCollection,
  type IncidentFiltersInput,
  type IncidentSummary,
  type ResolvedFilters,
} from '../contract/incidents.js';
import type { ValidIncident } from '../domain/incidents/incident.js';
import { INCIDENT_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { amsterdamParts, amsterdamToUtc, localDate, parseLocalDate, shiftDate } from '../domain/incidents/time.js';
import { DEMO_WARNING } from '../domain/incidents/demo-mark.js';
import type { Extent } from '../domain/hotspots/grid.js';
import { AppError, NotFoundError } from '../errors.js';
import {
  IncidentFileError,
  parseIncidents,
  type IncidentFileFormat,
  type IncidentInput,
  type ParseIncidentsResult,
} from '../ingest/incidents/parse.js';

/** Rows per multi-row INSERT (parallel arrays through unnest). */
const INSERT_CHUNK = 1000;
/** Rejected rows returned in an import report (all are counted). */
const REPORT_REJECTED = 500;
/** Rejected rows kept in the batch's stored report. */
const STORED_REJECTED = 2000;
/** Tolerance around the (simplified) gemeente outline for the import's inside test, metres. */
export const GEMEENTE_TOLERANCE_M = 100;

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
      const [row] = await db.query<{ latest: Date | string | null }>(sql('incidents-latest'));
      to = localDate(row?.latest ? new Date(row.latest) : new Date());
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

export async function loadPoints(db: Db, f: Filters, extra: SpatialExtra = {}): Promise<IncidentPoints> {
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

/** True when any incident of the collection is a demo incident (the output must say so). */
export const hasDemo = (fc: IncidentCollection): boolean => fc.features.some((f) => f.properties.demo);

const pad2 = (n: number) => String(n).padStart(2, '0');
/** "2024-01-15 18:30" in Europe/Amsterdam. */
function localDateTime(isoString: string): string {
  const p = amsterdamParts(new Date(isoString));
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)} ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/**
 * The incidents as a CSV download (";" separated, local times, WGS84). Made from demo incidents,
 * it starts with a "# DEMO — fictieve gegevens" comment line; every row says in its `demo`
 * column whether it is a demo incident.
 */
export function incidentsToCsv(fc: IncidentCollection): string {
  const rows = fc.features.map((f) => {
    const p = f.properties;
    return [
      p.sourceId,
      p.kind,
      localDateTime(p.from),
      localDateTime(p.to),
      f.geometry.coordinates[0],
      f.geometry.coordinates[1],
      p.wijkCode ?? '',
      p.buurtCode ?? '',
      p.pc4Code ?? '',
      p.address ?? '',
      p.modusOperandi ?? '',
      p.targetType ?? '',
      p.demo ? 'ja' : 'nee',
    ];
  });
  const fields = ['registratienummer', 'soort', 'van', 'tot', 'lengtegraad', 'breedtegraad', 'wijk', 'buurt', 'postcode4', 'adres', 'werkwijze', 'woningtype', 'demo'];
  const body = Papa.unparse({ fields, data: rows }, { delimiter: ';', newline: '\n' });
  return `${hasDemo(fc) ? `# ${DEMO_WARNING}\n` : ''}${body}\n`;
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

// ------------------------------------------------------------------------------------------
// Gemeente (inside test, default extent)
// ------------------------------------------------------------------------------------------

export interface Gemeente {
  code: string;
  name: string;
  bbox: Extent;
  /** True for RD points inside the gemeente (outline buffered by GEMEENTE_TOLERANCE_M). */
  isInside: (x: number, y: number) => boolean;
}

const gemeenteCache = new WeakMap<Db, Promise<Gemeente>>();

/** The gemeente, loaded once per database (its outline is shipped geodata, not edited at run time). */
export function gemeente(db: Db): Promise<Gemeente> {
  let p = gemeenteCache.get(db);
  if (!p) {
    p = (async () => {
      const [r] = await db.query<{ code: string; name: string; min_x: number; min_y: number; max_x: number; max_y: number; outline: string }>(
        sql('incidents-gemeente'),
        [GEMEENTE_TOLERANCE_M],
      );
      if (!r) throw new AppError(503, 'Geen gemeentegrens', 'De gemeentegrens ontbreekt in de database; laad eerst de geodata.');
      const outline = JSON.parse(r.outline) as { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
      return {
        code: r.code,
        name: r.name,
        bbox: { minX: Number(r.min_x), minY: Number(r.min_y), maxX: Number(r.max_x), maxY: Number(r.max_y) },
        // Planar ray casting: valid on RD metres as on degrees.
        isInside: (x: number, y: number) => booleanPointInPolygon([x, y], outline as Parameters<typeof booleanPointInPolygon>[1]),
      };
    })();
    p.catch(() => gemeenteCache.delete(db));
    gemeenteCache.set(db, p);
  }
  return p;
}

// ------------------------------------------------------------------------------------------
// Writing
// ------------------------------------------------------------------------------------------

export interface NewBatch {
  source: string;
  format: IncidentFileFormat | 'demo';
  demo: boolean;
  total: number;
  rejected: number;
  report?: unknown;
  parameters?: unknown;
}

/**
 * Stores a batch and its incidents on `tx` (call inside a transaction): chunked multi-row
 * INSERTs with the spatial join to buurt/wijk/PC4. Returns the batch id and the stored count.
 */
export async function storeBatch(tx: Db, batch: NewBatch, rows: readonly ValidIncident[]): Promise<{ batchId: number; imported: number }> {
  const [b] = await tx.query<{ id: number }>(sql('incidents-insert-batch'), [
    batch.source,
    batch.format,
    batch.demo,
    batch.total,
    batch.rejected,
    batch.report === undefined ? null : JSON.stringify(batch.report),
    batch.parameters === undefined ? null : JSON.stringify(batch.parameters),
  ]);
  const batchId = Number(b!.id);
  const insert = sql('incidents-insert');
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    await tx.query(insert, [
      batchId,
      batch.demo,
      chunk.map((r) => r.sourceId),
      chunk.map((r) => r.kind),
      chunk.map((r) => r.from.toISOString()),
      chunk.map((r) => r.to.toISOString()),
      chunk.map((r) => r.x),
      chunk.map((r) => r.y),
      chunk.map((r) => r.address ?? null),
      chunk.map((r) => r.postcode ?? null),
      chunk.map((r) => r.modusOperandi ?? null),
      chunk.map((r) => r.targetType ?? null),
    ]);
  }
  const [fin] = await tx.query<{ imported: number }>(sql('incidents-finish-batch'), [batchId]);
  return { batchId, imported: Number(fin?.imported ?? 0) };
}

export interface ImportOptions {
  dryRun: boolean;
  /** File name or other description of the source. */
  source: string;
  format?: IncidentFileFormat | undefined;
  onProgress?: (rowsDone: number, bytesDone: number) => void;
  /** Rows starting more than a day after this are rejected (default: now). */
  now?: Date;
}

/** Thrown when the file as a whole cannot be imported (nothing is stored); `message` is Dutch. */
export class IncidentImportRefused extends AppError {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(422, 'Bestand geweigerd', detail, { code });
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/**
 * Parses an incident file and, unless `dryRun`, stores all valid rows in one transaction:
 * the batch, its incidents and (for real data) the removal of the demo incidents commit
 * together or not at all. Rejected rows (bad values, outside the gemeente, duplicate ids in the
 * file or already stored) are reported with their line numbers.
 */
export async function importIncidents(caller: Caller, db: Db, input: IncidentInput, options: ImportOptions): Promise<ImportReport> {
  assertCan(caller, 'incidents:import');
  const gm = await gemeente(db);
  const knownIds = new Set((await db.query<{ source_id: string }>(sql('incidents-known-ids'))).map((r) => r.source_id));
  let parsed: ParseIncidentsResult;
  try {
    parsed = await parseIncidents(input, {
      ...(options.format ? { format: options.format } : {}),
      isInside: gm.isInside,
      knownIds,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (err) {
    if (err instanceof IncidentFileError) throw new IncidentImportRefused(err.code, err.message);
    throw err;
  }
  const report: ImportReport = {
    dryRun: options.dryRun,
    batchId: null,
    source: options.source,
    total: parsed.total,
    imported: parsed.rows.length,
    rejectedCount: parsed.rejectedCount,
    rejected: parsed.rejected.slice(0, REPORT_REJECTED),
    replacedDemo: 0,
    detected: parsed.detected as unknown as Record<string, unknown>,
  };
  if (options.dryRun || parsed.rows.length === 0) return report;

  try {
    const stored = await db.transaction(async (tx) => {
      const res = await storeBatch(
        tx,
        {
          source: options.source,
          format: parsed.detected.format,
          demo: false,
          total: parsed.total,
          rejected: parsed.rejectedCount,
          report: { detected: parsed.detected, rejectedCount: parsed.rejectedCount, rejected: parsed.rejected.slice(0, STORED_REJECTED) },
        },
        parsed.rows,
      );
      const [gone] = await tx.query<{ deleted: number }>(sql('incidents-delete-demo'));
      await tx.query(sql('incidents-delete-demo-batches'));
      const replacedDemo = Number(gone?.deleted ?? 0);
      await writeAudit(tx, caller, {
        action: 'import',
        table: 'import_batch',
        recordId: res.batchId,
        after: { source: options.source, format: parsed.detected.format, total: parsed.total, imported: res.imported, rejected: parsed.rejectedCount, replacedDemo },
      });
      return { ...res, replacedDemo };
    });
    report.batchId = stored.batchId;
    report.imported = stored.imported;
    report.replacedDemo = stored.replacedDemo;
    return report;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(409, 'Dubbele incidenten', 'Een deel van deze incidenten is intussen al ingelezen (gelijktijdige import). Er is niets opgeslagen; probeer het opnieuw.');
    }
    throw err;
  }
}

// ------------------------------------------------------------------------------------------
// Batches
// ------------------------------------------------------------------------------------------

export async function listBatches(caller: Caller, db: Db): Promise<BatchList> {
  assertCan(caller, 'incidents:batches');
  const rows = await db.query<{
    id: number;
    source: string;
    format: string;
    is_demo: boolean;
    rows_total: number;
    rows_imported: number;
    rows_rejected: number;
    imported_at: Date | string;
    parameters: unknown;
    incidents: number;
  }>(sql('incidents-batches'));
  return {
    batches: rows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      format: r.format,
      demo: Boolean(r.is_demo),
      total: Number(r.rows_total),
      imported: Number(r.rows_imported),
      rejected: Number(r.rows_rejected),
      incidents: Number(r.incidents),
      importedAt: iso(r.imported_at),
      parameters: (typeof r.parameters === 'string' ? JSON.parse(r.parameters) : r.parameters) as Record<string, unknown> | null,
    })),
  };
}

/** Removes a batch's incidents in one transaction; a real batch stays listed as removed in the database. */
export async function deleteBatch(caller: Caller, db: Db, id: number): Promise<{ id: number; deleted: number }> {
  assertCan(caller, 'incidents:delete');
  return db.transaction(async (tx) => {
    const [b] = await tx.query<{ id: number; deleted_at: unknown; source?: string; is_demo?: boolean }>(sql('incidents-batch-by-id'), [id]);
    if (!b || b.deleted_at) throw new NotFoundError(`Import ${id} bestaat niet (of is al verwijderd).`);
    const [gone] = await tx.query<{ deleted: number }>(sql('incidents-delete-batch-incidents'), [id]);
    await tx.query(sql('incidents-remove-batch'), [id]);
    const deleted = Number(gone?.deleted ?? 0);
    await writeAudit(tx, caller, { action: 'delete', table: 'import_batch', recordId: id, before: b, after: { deleted } });
    return { id, deleted };
  });
}
