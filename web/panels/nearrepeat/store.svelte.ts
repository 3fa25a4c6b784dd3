/**
 * Near-repeat state shared by the map layer and the panel: the live zones of the current
 * parameters (reference date, radius, days from the URL keys nrdate, nrradius, nrdays), the
 * hovered and selected zone, and the Knox job. One instance for the app.
 */
import { ApiError } from '../../api/client.js';
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

function message(err: unknown): string {
  if (err instanceof ApiError) return err.detail || err.title;
  return (err as Error)?.message || nl.errors.generic;
}

class NearRepeatStore {
  data = $state.raw<ZonesResponse | null>(null);
  /**
   * The parameters `data` was loaded with. While the zones of a new date load, the old zones are
   * still shown: anything asked about them (the letter of the selected zone) must use these, not
   * the URL's current parameters, or it asks for a zone that does not exist on the new date.
   */
  dataParams = $state.raw<(ZoneParams & { date: string }) | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The zones need a login (a 401): the panel offers the login instead of showing an error. */
  needsLogin = $state(false);
  hoveredId = $state<string | null>(null);

  knoxJob = $state.raw<KnoxJob | null>(null);
  knoxResult = $state.raw<KnoxResult | null>(null);
  knoxError = $state<string | null>(null);
  knoxRunning = $state(false);
  /** Bumped to ask the map to fit a zone (panel list → map). */
  focusZone = $state<string | null>(null);

  #key: string | null = null;
  #ctrl: AbortController | null = null;
  #knoxCtrl: AbortController | null = null;
  #latestLoaded: string | null = null;

  /**
   * Loads the zones for these parameters unless they are loaded or loading already. The incident
   * version is part of the key (and read here, so a calling effect reruns): after an import the
   * zones are loaded again.
   */
  ensure(p: ZoneParams & { date: string }): Promise<void> {
    const key = JSON.stringify([p.date, p.radius ?? null, p.days ?? null, p.kinds ?? null, incidentData.version]);
    if (key === this.#key) return Promise.resolve();
    this.#key = key;
    this.#ctrl?.abort();
    const ctrl = (this.#ctrl = new AbortController());
    this.loading = true;
    this.error = null;
    this.needsLogin = false;
    return nearRepeatApi
      .zones(p, ctrl.signal)
      .then((d) => {
        if (ctrl.signal.aborted) return;
        this.data = d;
        this.dataParams = { ...p };
      })
      .catch((err: unknown) => {
        if ((err as Error).name === 'AbortError' || ctrl.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) this.needsLogin = true;
        else this.error = message(err);
        this.data = null;
        this.dataParams = null;
        this.#key = null;
      })
      .finally(() => {
        if (this.#ctrl === ctrl) this.loading = false;
      });
  }

  /** Forget the loaded zones (e.g. after a new Knox run changed the defaults). */
  refresh(p: ZoneParams & { date: string }): Promise<void> {
    this.#key = null;
    return this.ensure(p);
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
    this.#knoxCtrl?.abort();
    const ctrl = (this.#knoxCtrl = new AbortController());
    this.knoxRunning = true;
    this.knoxError = null;
    this.knoxJob = { status: 'running', progress: 0 };
    try {
      const { jobId } = await nearRepeatApi.startKnox(req, ctrl.signal);
      for (;;) {
        const job = await nearRepeatApi.knoxJob(jobId, ctrl.signal);
        if (ctrl.signal.aborted) return;
        this.knoxJob = job;
        if (job.status === 'done') {
          this.knoxResult = job.result ?? null;
          break;
        }
        if (job.status === 'failed') {
          this.knoxError = job.error || nl.errors.generic;
          break;
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') this.knoxError = message(err);
    } finally {
      if (this.#knoxCtrl === ctrl) this.knoxRunning = false;
    }
  }

  cancelKnox(): void {
    this.#knoxCtrl?.abort();
    this.knoxRunning = false;
    this.knoxJob = null;
  }
}

export const nearRepeat = new NearRepeatStore();
