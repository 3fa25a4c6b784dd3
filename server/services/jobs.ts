/**
 * A small in-memory registry of background jobs (long computations such as the Knox test) with
 * progress. One registry per app: `jobsFor(deps)` keys it by the app's Deps object, so tests that
 * build several apps never share jobs and nothing global leaks between them. Jobs do not survive
 * a restart; results that must persist are stored by the job itself.
 */
import { randomUUID } from 'node:crypto';
import { describeError } from '../db/errors.js';

export type JobStatus = 'running' | 'done' | 'failed';

export interface Job<R> {
  id: string;
  kind: string;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  createdAt: Date;
  finishedAt: Date | null;
  result?: R;
  /** Dutch message for the user when failed. */
  error?: string;
}

/** Reports progress (clamped to 0..1, never backwards). */
export type ProgressFn = (fraction: number) => void;

export class JobRegistry {
  private readonly jobs = new Map<string, Job<unknown>>();

  constructor(
    /** Finished jobs kept for polling; the oldest finished ones are dropped beyond this. */
    private readonly keepFinished = 50,
  ) {}

  /**
   * Starts `run` in the background and returns the job at once. A thrown error fails the job:
   * its message is kept when `userMessage` recognises it, else a generic Dutch message.
   */
  start<R>(kind: string, run: (progress: ProgressFn) => Promise<R>, userMessage: (err: unknown) => string | null = () => null): Job<R> {
    const job: Job<R> = { id: randomUUID(), kind, status: 'running', progress: 0, createdAt: new Date(), finishedAt: null };
    const progress: ProgressFn = (f) => {
      if (job.status !== 'running' || !Number.isFinite(f)) return;
      job.progress = Math.max(job.progress, Math.min(1, Math.max(0, f)));
    };
    void (async () => {
      try {
        // Let the caller answer before the work starts.
        await new Promise<void>((resolve) => setImmediate(resolve));
        job.result = await run(progress);
        job.status = 'done';
        job.progress = 1;
      } catch (err) {
        const msg = userMessage(err);
        if (msg === null) console.error(`Taak ${kind} mislukt: ${describeError(err)}`); // no query parameters
        job.status = 'failed';
        job.error = msg ?? 'De berekening is mislukt door een fout op de server. Probeer het opnieuw of meld dit bij de beheerder.';
      } finally {
        job.finishedAt = new Date();
        this.prune();
      }
    })();
    this.jobs.set(job.id, job as Job<unknown>);
    return job;
  }

  get<R = unknown>(id: string): Job<R> | undefined {
    return this.jobs.get(id) as Job<R> | undefined;
  }

  running(kind: string): Job<unknown>[] {
    return [...this.jobs.values()].filter((j) => j.kind === kind && j.status === 'running');
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status !== 'running').sort((a, b) => a.finishedAt!.getTime() - b.finishedAt!.getTime());
    for (const j of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.jobs.delete(j.id);
  }
}

const registries = new WeakMap<object, JobRegistry>();

/** The job registry of one app, keyed by its Deps object (created on first use). */
export function jobsFor(owner: object): JobRegistry {
  let r = registries.get(owner);
  if (!r) {
    r = new JobRegistry();
    registries.set(owner, r);
  }
  return r;
}
