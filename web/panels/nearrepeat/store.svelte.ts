/**
 * Near-repeat state shared by the map layer and the panel: the live zones of the current
 * parameters (reference date, radius, days from the URL keys nrdate, nrradius, nrdays), the
 * hovered and selected zone, and the Knox job. One instance for the app.
 */
import { Resource } from '../../api/resource.svelte.js';
import { nearRepeatApi, type KnoxJob, type KnoxRequest, type KnoxResult, type ZoneParams, type ZonesResponse } from '../../api/nearrepeat.js';
import type { AppState } from '../../state/app.svelte.js';
import { incidentData } from '../../state/filters.svelte.js';
import { nl } from '../../i18n/nl.js';
import { session } from '../../state/session.svelte.js';
import { isIsoDate, positiveInt, todayLocal } from './helpers.js';

export const URL_KEYS = { date: 'nrdate', radius: 'nrradius', days: 'nrdays', zone: 'nrzone' } as const;
export const MIN_RADIUS = 10;
export const MAX_RADIUS = 2000;
export const MAX_DAYS = 90;

/** The zone parameters as set in the URL (radius/days undefined: the API's defaults). */
export function zoneParams(appState: AppState): ZoneParams & { date: string } {
  const e = appState.extra;
  return {
    date: isIsoDate(e[URL_KEYS.date]) ? e[URL_KEYS.date]! : todayLocal(),
    radius: positiveInt(e[URL_KEYS.radius], MAX_RADIUS),
    days: positiveInt(e[URL_KEYS.days], MAX_DAYS),
  };
}

/**
 * Whether to ask for the zones: once the session is known, and only a caller with the permission
 * (the public gets a login hint, not a refused request and an error).
 */
export function mayLoadZones(): boolean {
  return session.loaded && session.can('nearrepeat:zones');
}

/** The zones with the parameters they were loaded with. */
interface LoadedZones {
  zones: ZonesResponse;
  params: ZoneParams & { date: string };
}

class NearRepeatStore {
  /**
   * The zones: while the zones of a new date load, the old ones are still shown; a failure
   * empties them. A 401 sets `needsLogin` (the panel offers the login instead of an error).
   */
  #zones = new Resource<LoadedZones>({ keep: 'reloading', loginHint: true });
  /** The Knox job: running, its error; `knoxJob` follows its progress. */
  #knox = new Resource<KnoxJob>();

  get data(): ZonesResponse | null {
    return this.#zones.data?.zones ?? null;
  }
  /**
   * The parameters `data` was loaded with. While the zones of a new date load, the old zones are
   * still shown: anything asked about them (the letter of the selected zone) must use these, not
   * the URL's current parameters, or it asks for a zone that does not exist on the new date.
   */
  get dataParams(): (ZoneParams & { date: string }) | null {
    return this.#zones.data?.params ?? null;
  }
  get loading(): boolean {
    return this.#zones.loading;
  }
  get error(): string | null {
    return this.#zones.error;
  }
  /** The zones need a login (a 401): the panel offers the login instead of showing an error. */
  get needsLogin(): boolean {
    return this.#zones.needsLogin;
  }
  hoveredId = $state<string | null>(null);

  knoxJob = $state.raw<KnoxJob | null>(null);
  knoxResult = $state.raw<KnoxResult | null>(null);
  get knoxError(): string | null {
    return this.#knox.error;
  }
  get knoxRunning(): boolean {
    return this.#knox.loading;
  }
  /** Bumped to ask the map to fit a zone (panel list → map). */
  focusZone = $state<string | null>(null);

  #latestLoaded: string | null = null;

  /**
   * Loads the zones for these parameters unless they are loaded or loading already. The incident
   * version is part of the key (and read here, so a calling effect reruns): after an import the
   * zones are loaded again.
   */
  async ensure(p: ZoneParams & { date: string }): Promise<void> {
    await this.#zones.ensure(...this.#zonesLoad(p));
  }

  /** Forget the loaded zones (e.g. after a new Knox run changed the defaults). */
  async refresh(p: ZoneParams & { date: string }): Promise<void> {
    const [key, loader] = this.#zonesLoad(p);
    await this.#zones.run(loader, key);
  }

  #zonesLoad(p: ZoneParams & { date: string }): [string, (signal: AbortSignal) => Promise<LoadedZones>] {
    const key = JSON.stringify([p.date, p.radius ?? null, p.days ?? null, p.kinds ?? null, incidentData.version]);
    const params = { ...p };
    return [key, async (signal) => ({ zones: await nearRepeatApi.zones(params, signal), params })];
  }

  /**
   * Shows the stored Knox run (the one behind the zones' defaults) unless it is shown already in
   * the same state: a run that became out of date (the incident data changed) is loaded again.
   */
  async loadLatestKnox(runId: number | null | undefined, stale = false): Promise<void> {
    const key = `${runId}:${stale}`;
    const shown = this.knoxResult?.runId === runId && Boolean(this.knoxResult?.stale) === stale;
    if (runId === null || runId === undefined || this.#latestLoaded === key || shown || this.knoxRunning) return;
    this.#latestLoaded = key;
    try {
      const run = await nearRepeatApi.latestKnox();
      if (run && !this.knoxRunning) this.knoxResult = run;
    } catch {
      // No earlier run to show: not an error for the user.
    }
  }

  async runKnox(req: KnoxRequest, pollMs = 250): Promise<void> {
    this.knoxJob = { status: 'running', progress: 0 };
    await this.#knox.run(async (signal) => {
      const { jobId } = await nearRepeatApi.startKnox(req, signal);
      for (;;) {
        const job = await nearRepeatApi.knoxJob(jobId, signal);
        if (signal.aborted) return job;
        this.knoxJob = job;
        if (job.status === 'done') {
          this.knoxResult = job.result ?? null;
          return job;
        }
        if (job.status === 'failed') throw new Error(job.error || nl.errors.generic);
        await new Promise((r) => setTimeout(r, pollMs));
      }
    });
  }

  cancelKnox(): void {
    this.#knox.abort();
    this.knoxJob = null;
  }
}

export const nearRepeat = new NearRepeatStore();
