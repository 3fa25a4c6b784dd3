/**
 * Near repeats: live zones (named queries + pure domain in domain/nearrepeat/zones.ts), the
 * notification letter per zone, and the Knox test as a background job whose window is stored
 * (knox_run) and becomes the zones' default radius and duration.
 */
import { availableParallelism } from 'node:os';
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import {
  DEFAULT_NRC,
  DEFAULT_ZONE_WINDOW,
  ZONE_DAYS_MAX,
  ZONE_DAYS_MIN,
  ZONE_RADIUS_MAX,
  ZONE_RADIUS_MIN,
  type KnoxJob,
  type KnoxRequest,
  type KnoxRun,
  type ZonesQuery,
  type ZonesResponse,
} from '../contract/nearrepeat.js';
import { BURGLARY_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { DAY_MS, toLocalMs } from '../domain/hotspots/time.js';
import { amsterdamEndOfDay, amsterdamToUtc, localDate, parseLocalDate } from '../domain/incidents/time.js';
import { axisFromBreaks, BandError, nrcSpatialAxis, nrcTemporalAxis } from '../domain/nearrepeat/bands.js';
import { KnoxInputError, knoxResultToJson, knoxTest, type KnoxOptions } from '../domain/nearrepeat/knox.js';
import { summarizeKnox } from '../domain/nearrepeat/summary.js';
import { nearRepeatView, zoneTiming, type ZoneBurglary } from '../domain/nearrepeat/zones.js';
import { buildNotificationText } from '../domain/nearrepeat/letter.js';
import { gemeente } from './gemeente.service.js';
import { incidentDataVersion } from './data-version.service.js';
import { DEMO_MARK, demoFileName } from '../domain/incidents/demo-mark.js';
import type { JobRegistry } from './jobs.js';

// ------------------------------------------------------------------------------------------------
// Dates
// ------------------------------------------------------------------------------------------------

/** Reference instant of a date: its last millisecond in Europe/Amsterdam. */
function referenceInstant(date: string): Date {
  return amsterdamEndOfDay(...parseLocalDate(date));
}

// ------------------------------------------------------------------------------------------------
// Default window (latest Knox run)
// ------------------------------------------------------------------------------------------------

interface KnoxRunRow {
  id: number;
  params: string;
  result: string;
  events: number;
  window_radius: number | null;
  window_days: number | null;
  created_at: Date | string;
  data_version: number | null;
  demo: boolean;
  stale: boolean;
}

/** Why a stored Knox run no longer sets the zones' defaults. */
export const KNOX_STALE_REASON = 'verouderd: berekend op andere incidentgegevens';

/** What a Knox run stores as its result (the rest is read from its row). */
type KnoxRunBody = Omit<KnoxRun, 'runId' | 'createdAt' | 'dataVersion' | 'stale' | 'staleReason'>;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

export interface DefaultWindow {
  radius: number;
  days: number;
  source: 'knox' | 'default';
  knoxRunId: number | null;
  /** The latest run was computed on other incident data: it no longer sets the default. */
  knoxStale: boolean;
}

/**
 * The zones' default window: that of the latest Knox run (clamped to the allowed ranges), or
 * 200 m / 14 days when no run is stored, the latest run found no significant window, or the
 * latest run is out of date (computed on another incident data version).
 */
async function defaultWindow(db: Db): Promise<DefaultWindow> {
  const [run] = await db.query<Pick<KnoxRunRow, 'id' | 'window_radius' | 'window_days' | 'stale'>>(sql('nearrepeat-knox-latest-window'));
  const knoxStale = Boolean(run?.stale);
  if (run && !knoxStale && run.window_radius !== null && run.window_days !== null) {
    return {
      radius: clamp(Number(run.window_radius), ZONE_RADIUS_MIN, ZONE_RADIUS_MAX),
      days: clamp(Number(run.window_days), ZONE_DAYS_MIN, ZONE_DAYS_MAX),
      source: 'knox',
      knoxRunId: Number(run.id),
      knoxStale,
    };
  }
  return { ...DEFAULT_ZONE_WINDOW, source: 'default', knoxRunId: run ? Number(run.id) : null, knoxStale };
}

// ------------------------------------------------------------------------------------------------
// Zones
// ------------------------------------------------------------------------------------------------

interface BurglaryRow {
  id: number;
  source_id: string;
  kind: IncidentKind;
  time_from: Date | string;
  time_to: Date | string;
  x: number;
  y: number;
  lon: number;
  lat: number;
  is_demo: boolean;
}
type Burglary = ZoneBurglary & { kind: IncidentKind; lon: number; lat: number; isDemo: boolean };

interface ZoneRow {
  id: number;
  member_ids: number[];
  geometry: string;
  area_m2: number;
  dwellings: number | null;
  inhabitants: number | null;
  wijken: string;
}

const iso = (d: Date): string => d.toISOString();
const round = (v: number | null): number | null => (v === null ? null : Math.round(Number(v)));

/** Live zones with their member burglaries (analists); the view is audited. */
export async function computeZones(caller: Caller, db: Db, q: ZonesQuery): Promise<ZonesResponse> {
  assertCan(caller, 'nearrepeat:zones');
  const res = await zonesOf(db, q);
  await writeAudit(db, caller, { action: 'view', table: 'nearrepeat_zone', after: { ...res.meta, zones: res.zones.features.length } });
  return res;
}

async function zonesOf(db: Db, q: ZonesQuery): Promise<ZonesResponse> {
  const date = q.date ?? localDate(new Date());
  const kinds = q.kinds ?? [...BURGLARY_KINDS];
  const defaults = await defaultWindow(db);
  const radius = q.radius ?? defaults.radius;
  const days = q.days ?? defaults.days;
  const ref = referenceInstant(date);

  // Candidates: active burglaries (age < D) and their originators (up to D earlier still).
  const lower = new Date(ref.getTime() - 2 * days * DAY_MS);
  const rows = await db.query<BurglaryRow>(sql('nearrepeat-burglaries'), [kinds, lower.toISOString(), ref.toISOString()]);
  const burglaries: Burglary[] = rows.map((r) => ({
    id: Number(r.id),
    sourceId: r.source_id,
    kind: r.kind,
    from: new Date(r.time_from),
    to: new Date(r.time_to),
    x: Number(r.x),
    y: Number(r.y),
    lon: Number(r.lon),
    lat: Number(r.lat),
    isDemo: Boolean(r.is_demo),
  }));
  const view = nearRepeatView(burglaries, ref, { radiusMetres: radius, days });
  const activeById = new Map(view.active.map((b) => [b.id, b]));

  const zoneRows = view.active.length === 0 ? [] : await db.query<ZoneRow>(sql('nearrepeat-zones'), [view.active.map((b) => b.id), radius]);
  const zones = zoneRows.map((z) => {
    const members = z.member_ids.map((id) => activeById.get(Number(id))!).sort((a, b) => a.to.getTime() - b.to.getTime() || a.id - b.id);
    const timing = zoneTiming(members);
    const wijken = (JSON.parse(z.wijken) as { code: string; name: string; areaM2: number }[]).map((w) => ({ ...w, areaM2: Math.round(Number(w.areaM2)) }));
    return {
      type: 'Feature' as const,
      id: timing.id,
      geometry: JSON.parse(z.geometry),
      properties: {
        id: timing.id,
        members: members.map((m) => ({ id: m.id, sourceId: m.sourceId, kind: m.kind, from: iso(m.from), to: iso(m.to), daysLeft: m.daysLeft, expiresAt: iso(m.expiresAt) })),
        daysLeft: timing.daysLeft,
        expiresAt: iso(timing.expiresAt),
        areaM2: Math.round(Number(z.area_m2)),
        dwellings: round(z.dwellings),
        inhabitants: round(z.inhabitants),
        method: 'area-weighted-wijk' as const,
        whatsappCovered: null,
        wijken,
      },
    };
  });

  return {
    meta: {
      date,
      radius,
      days,
      source: defaults.source,
      activeCount: view.active.length,
      defaults: { radius: defaults.radius, days: defaults.days },
      knoxRunId: defaults.knoxRunId,
      knoxStale: defaults.knoxStale,
      demo: view.shown.some((b) => b.isDemo),
      kinds,
      referenceTime: iso(ref),
      eventTime: 'to',
    },
    zones: { type: 'FeatureCollection', features: zones },
    burglaries: {
      type: 'FeatureCollection',
      features: view.shown.map((b) => ({
        type: 'Feature' as const,
        id: b.id,
        geometry: { type: 'Point' as const, coordinates: [Math.round(b.lon * 1e6) / 1e6, Math.round(b.lat * 1e6) / 1e6] },
        properties: {
          id: b.id,
          sourceId: b.sourceId,
          kind: b.kind,
          from: iso(b.from),
          to: iso(b.to),
          active: b.active,
          daysLeft: b.daysLeft,
          expiresAt: iso(b.expiresAt),
          originatorIds: b.originatorIds,
          explainsIds: b.explainsIds,
          isDemo: b.isDemo,
        },
      })),
    },
  };
}

export interface ZoneLetter {
  text: string;
  /** Made from demo incidents (the text says so; the file name starts with demo-). */
  demo: boolean;
  fileName: string;
}

/** The Dutch letter (and Burgernet message) for one zone of computeZones(q). */
export async function zoneLetter(caller: Caller, db: Db, id: number, q: ZonesQuery): Promise<ZoneLetter> {
  assertCan(caller, 'nearrepeat:letters');
  const res = await zonesOf(db, q);
  const zone = res.zones.features.find((f) => f.id === id);
  if (!zone) {
    throw new NotFoundError(
      `Zone ${id} bestaat niet op ${res.meta.date} (straal ${res.meta.radius} m, ${res.meta.days} dagen). ` +
        'Een zone heet naar de kleinste inbraak-id erin; vraag de zones opnieuw op met dezelfde instellingen.',
    );
  }
  // Without a gemeente in the database (503 from gemeente()) the letter is signed as Apeldoorn.
  const municipality = await gemeente(db).then(
    (gm) => gm.name,
    (err: unknown) => {
      if (err instanceof AppError && err.status === 503) return 'Apeldoorn';
      throw err;
    },
  );
  const p = zone.properties;
  await writeAudit(db, caller, { action: 'export', table: 'nearrepeat_zone', recordId: id, after: { date: res.meta.date, radius: res.meta.radius, days: res.meta.days, letter: true } });
  const demoIds = new Set(res.burglaries.features.filter((b) => b.properties.isDemo).map((b) => b.id));
  const demo = p.members.some((m) => demoIds.has(m.id));
  const text = buildNotificationText(
    {
      members: p.members.map((m) => ({ kind: m.kind, to: new Date(m.to) })),
      daysLeft: p.daysLeft,
      expiresAt: new Date(p.expiresAt),
      radiusMetres: res.meta.radius,
      wijken: p.wijken.map((w) => w.name),
    },
    { municipality, date: new Date(res.meta.referenceTime), burgernetRadiusMetres: 200, demo },
  );
  return { text, demo, fileName: demoFileName(`brief-zone-${id}-${res.meta.date}.txt`, demo) };
}

// ------------------------------------------------------------------------------------------------
// Knox job
// ------------------------------------------------------------------------------------------------

const KNOX_JOB = 'knox';
const MAX_RUNNING_KNOX = 2;
/** From this many events the permutations are spread over two worker threads. */
const WORKER_THRESHOLD = 3000;

type Break = number | 'Inf';
const toBreak = (b: Break): number => (b === 'Inf' ? Infinity : b);

/** Knox options and the normalised parameters to store; band errors become a 400. */
function knoxSettings(req: KnoxRequest): { options: KnoxOptions; params: KnoxRun['params'] } {
  const base = { distance: req.distance, permutations: req.permutations, seed: req.seed };
  const params: KnoxRun['params'] = { from: req.from ?? null, to: req.to ?? null, kinds: req.kinds, ...base };
  try {
    if (req.spatialBreaks && req.temporalBreaks) {
      const spatialBreaks = req.spatialBreaks.map(toBreak);
      const temporalBreaks = req.temporalBreaks.map(toBreak);
      axisFromBreaks(spatialBreaks, 'Ruimtelijke grenzen (spatialBreaks)');
      axisFromBreaks(temporalBreaks, 'Temporele grenzen (temporalBreaks)');
      return { options: { ...base, spatialBreaks, temporalBreaks }, params: { ...params, spatialBreaks: req.spatialBreaks, temporalBreaks: req.temporalBreaks } };
    }
    const nrc = req.nrc ?? { ...DEFAULT_NRC };
    nrcSpatialAxis(nrc.spatialBandwidth, nrc.spatialBands);
    nrcTemporalAxis(nrc.temporalBandwidth, nrc.temporalBands);
    return { options: { ...base, nrc }, params: { ...params, nrc } };
  } catch (err) {
    if (err instanceof BandError) throw new ValidationError(err.message, [{ path: 'breaks', message: err.message }]);
    throw err;
  }
}

/** Day number (days since 1970-01-01) of the Europe/Amsterdam calendar date of an instant. */
function localDayNumber(d: Date): number {
  return Math.floor(toLocalMs(d.getTime()) / DAY_MS);
}

function rowToRun(row: KnoxRunRow): KnoxRun {
  const result = JSON.parse(row.result) as KnoxRunBody;
  const stale = Boolean(row.stale);
  return {
    ...result,
    demo: Boolean(row.demo),
    runId: Number(row.id),
    createdAt: new Date(row.created_at).toISOString(),
    dataVersion: row.data_version === null ? null : Number(row.data_version),
    stale,
    staleReason: stale ? KNOX_STALE_REASON : null,
  };
}

/**
 * Validates the request, reads the events (event time: end of the pleegperiode, as a local
 * calendar day) and starts the Knox test as a job. Fewer than 2 events: 422.
 */
export async function startKnoxJob(caller: Caller, db: Db, jobs: JobRegistry, req: KnoxRequest): Promise<KnoxJob> {
  assertCan(caller, 'knox:run');
  const { options, params } = knoxSettings(req);
  if (jobs.running(KNOX_JOB).length >= MAX_RUNNING_KNOX) {
    throw new AppError(409, 'Berekening loopt al', `Er lopen al ${MAX_RUNNING_KNOX} Knox-berekeningen. Wacht tot er één klaar is en probeer het dan opnieuw.`);
  }
  const from = req.from ? amsterdamToUtc(...parseLocalDate(req.from)) : null;
  const to = req.to ? amsterdamEndOfDay(...parseLocalDate(req.to)) : null;
  // The version first: a change committed before the events are read marks this run out of date.
  const dataVersion = await incidentDataVersion(db);
  const rows = await db.query<{ x: number; y: number; time_to: Date | string; is_demo: boolean }>(sql('nearrepeat-events'), [
    req.kinds,
    from?.toISOString() ?? null,
    to?.toISOString() ?? null,
  ]);
  if (rows.length < 2) {
    const period = req.from || req.to ? ` in de periode ${req.from ?? 'begin'} t/m ${req.to ?? 'nu'}` : '';
    throw new AppError(
      422,
      'Te weinig gegevens',
      `Voor de Knox-test zijn minstens 2 incidenten nodig; gevonden: ${rows.length}${period} (soorten: ${req.kinds.join(', ')}). Kies een langere periode of importeer incidenten.`,
      { events: rows.length },
    );
  }
  const n = rows.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  rows.forEach((r, i) => {
    x[i] = Number(r.x);
    y[i] = Number(r.y);
    t[i] = localDayNumber(new Date(r.time_to));
  });
  const demo = rows.some((r) => r.is_demo);
  const workers = n >= WORKER_THRESHOLD ? Math.min(2, availableParallelism()) : 1;

  const job = jobs.start<KnoxRun>(
    KNOX_JOB,
    async (progress) => {
      progress(0.02);
      const result = await knoxTest({ x, y, t }, { ...options, workers, onProgress: (done, total) => progress(0.05 + (0.9 * done) / total) });
      const summary = summarizeKnox(result, { noun: 'inbraak' });
      const body: KnoxRunBody = {
        params,
        ...knoxResultToJson(result),
        significant: summary.significant,
        summary: demo ? `${DEMO_MARK}. ${summary.text}` : summary.text,
        summaryLines: demo ? [`${DEMO_MARK}.`, ...summary.lines] : summary.lines,
        window: summary.window,
        demo,
      };
      // A stored run sets the live zones' default window for everyone: audited with it.
      const row = await db.transaction(async (tx) => {
        const [r] = await tx.query<{ id: number; created_at: Date | string }>(sql('nearrepeat-knox-insert'), [
          JSON.stringify(params),
          JSON.stringify(body),
          n,
          summary.window?.radiusMetres ?? null,
          summary.window?.days ?? null,
          dataVersion,
          demo,
        ]);
        await writeAudit(tx, caller, { action: 'run', table: 'knox_run', recordId: Number(r!.id), after: { params, events: n, window: summary.window ?? null, dataVersion } });
        return r;
      });
      // Stale already when the incidents changed while the test ran.
      const stale = (await incidentDataVersion(db)) !== dataVersion;
      return {
        ...body,
        runId: Number(row!.id),
        createdAt: new Date(row!.created_at).toISOString(),
        dataVersion,
        stale,
        staleReason: stale ? KNOX_STALE_REASON : null,
      };
    },
    (err) => (err instanceof KnoxInputError || err instanceof BandError ? err.message : null),
  );
  return { jobId: job.id, status: 'running', progress: 0 };
}

export function getKnoxJob(caller: Caller, jobs: JobRegistry, jobId: string): KnoxJob {
  assertCan(caller, 'knox:run');
  const job = jobs.get<KnoxRun>(jobId);
  if (!job || job.kind !== KNOX_JOB) throw new NotFoundError(`Knox-berekening ${jobId} is niet (meer) bekend. Taken blijven alleen bewaard zolang de server draait.`);
  return {
    jobId: job.id,
    status: job.status,
    progress: job.progress,
    ...(job.result ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}

export async function latestKnoxRun(caller: Caller, db: Db): Promise<KnoxRun> {
  assertCan(caller, 'aggregates:read');
  const [row] = await db.query<KnoxRunRow>(sql('nearrepeat-knox-latest'));
  if (!row) throw new NotFoundError('Er is nog geen Knox-test uitgevoerd. Start er een met POST /api/nearrepeat/knox.');
  return rowToRun(row);
}
