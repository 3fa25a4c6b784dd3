/**
 * The Knox test as a background job: the request's bands checked, the events read (event time:
 * end of the pleegperiode, as a local calendar day), the test run on worker threads
 * (domain/nearrepeat/knox.ts), its result summarised and stored (knox_run, audited) with the
 * incident data version, so a run on other incident data is marked out of date. The latest run's
 * window becomes the zones' default radius and duration (nearrepeat.service.ts).
 */
import { availableParallelism } from 'node:os';
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { DEFAULT_NRC, type KnoxJob, type KnoxRequest, type KnoxRun } from '../contract/nearrepeat.js';
import { DAY_MS, toLocalMs } from '../domain/hotspots/time.js';
import { amsterdamEndOfDay, amsterdamToUtc, parseLocalDate } from '../domain/incidents/time.js';
import { axisFromBreaks, BandError, nrcSpatialAxis, nrcTemporalAxis } from '../domain/nearrepeat/bands.js';
import { KnoxInputError, knoxResultToJson, knoxTest, type KnoxOptions } from '../domain/nearrepeat/knox.js';
import { summarizeKnox } from '../domain/nearrepeat/summary.js';
import { incidentDataVersion } from './data-version.service.js';
import { DEMO_MARK } from '../domain/incidents/demo-mark.js';
import type { JobRegistry } from './jobs.js';

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

/**
 * The window (radius in metres, days; null when the run found none) of the latest stored run,
 * and whether it is out of date (computed on other incident data); null when no run is stored.
 */
export async function latestKnoxWindow(db: Db): Promise<{ runId: number; radius: number | null; days: number | null; stale: boolean } | null> {
  const [row] = await db.query<Pick<KnoxRunRow, 'id' | 'window_radius' | 'window_days' | 'stale'>>(sql('nearrepeat-knox-latest-window'));
  if (!row) return null;
  return {
    runId: Number(row.id),
    radius: row.window_radius === null ? null : Number(row.window_radius),
    days: row.window_days === null ? null : Number(row.window_days),
    stale: Boolean(row.stale),
  };
}
