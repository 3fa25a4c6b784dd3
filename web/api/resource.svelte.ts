/**
 * One data-loading helper for the web: load a resource with an AbortController (a new load
 * aborts the previous one, so a stale answer never overwrites a newer one), and keep `data`,
 * `loading` and `error` as runes state. `error` is the Dutch message of describeError.
 *
 *   const r = new Resource<FeatureCollection>();
 *   void r.load('/api/groups');                                   // GET through apiFetch
 *   void r.run((signal) => hotspotsApi.rates(q, signal), key);    // any loader taking a signal
 *   $effect(() => { void r.run(...); return () => r.abort(); });  // in an effect
 *
 * r.loading, r.error, r.data; r.needsLogin with `loginHint`; r.fieldErrors with `fields`. run,
 * ensure and reset only write state, so an effect calling them depends on its own inputs alone.
 */
import { untrack } from 'svelte';
import { ApiError, apiFetch, describeError } from './client.js';

export interface ResourceOptions<T> {
  /** Shapes an answer before it is stored (e.g. copies a feature's id into its properties). */
  transform?: (d: T) => T;
  /**
   * What happens to the data of an earlier load: 'always' (the default) keeps it while the next
   * load runs and when that fails; 'reloading' keeps it while the next load runs, but a failure
   * empties it; 'never' empties it when a load starts (a different subject, e.g. another district).
   */
  keep?: 'always' | 'reloading' | 'never';
  /** A 401 sets `needsLogin` (the caller offers the login) instead of `error`. */
  loginHint?: boolean;
  /** Field names whose errors of a 400/422 go to `fieldErrors` (describeError's fields). */
  fields?: readonly string[];
  /** The Dutch message of a failure, for the cases describeError does not word (e.g. a 404). */
  describe?: (err: unknown) => string | undefined;
}

export class Resource<T> {
  data = $state.raw<T | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** With `loginHint`: the last load was refused for want of a login (a 401). */
  needsLogin = $state(false);
  /** With `fields`: field name -> message of the last failure. */
  fieldErrors = $state.raw<Record<string, string>>({});
  /** The key (the path for `load`) of the last (or running) load. */
  path = $state<string | null>(null);
  /** The key the current `data` was loaded with. */
  dataKey = $state<string | null>(null);
  #ctl: AbortController | null = null;
  #running: Promise<T | null> | null = null;

  readonly transform: (d: T) => T;
  readonly #opts: ResourceOptions<T>;

  /** A function is the `transform` option (the short form). */
  constructor(options: ResourceOptions<T> | ((d: T) => T) = {}) {
    this.#opts = typeof options === 'function' ? { transform: options } : options;
    this.transform = this.#opts.transform ?? ((d) => d);
  }

  /** Loads `path` with a GET through apiFetch (aborting a running load); resolves with the data, or null on error or abort. */
  load(path: string): Promise<T | null> {
    return this.run((signal) => apiFetch<T>(path, { signal }), path);
  }

  /**
   * Runs `loader` (aborting a running load) and stores what it resolves with. `key` names what
   * is loaded (for `ensure` and `dataKey`). Resolves with the data, or null on error or abort.
   */
  run(loader: (signal: AbortSignal) => Promise<T>, key: string | null = null): Promise<T | null> {
    this.#ctl?.abort();
    const ctl = (this.#ctl = new AbortController());
    this.path = key;
    this.loading = true;
    this.error = null;
    this.needsLogin = false;
    this.fieldErrors = {};
    if (this.#opts.keep === 'never') this.#set(null, null);
    const p = this.#settle(loader, ctl, key);
    this.#running = p;
    return p;
  }

  async #settle(loader: (signal: AbortSignal) => Promise<T>, ctl: AbortController, key: string | null): Promise<T | null> {
    try {
      const d = await loader(ctl.signal);
      if (ctl.signal.aborted) return null;
      this.#set(this.transform(d), key);
      return this.data;
    } catch (err) {
      if (ctl.signal.aborted || (err as Error)?.name === 'AbortError') return null;
      if (this.#opts.keep === 'reloading') this.#set(null, null);
      if (this.#opts.loginHint && err instanceof ApiError && err.status === 401) {
        this.needsLogin = true;
        return null;
      }
      const view = describeError(err, this.#opts.fields);
      this.error = this.#opts.describe?.(err) ?? view.message;
      this.fieldErrors = view.fields;
      return null;
    } finally {
      if (this.#ctl === ctl) {
        this.loading = false;
        this.#ctl = null;
        this.#running = null;
      }
    }
  }

  #set(data: T | null, key: string | null): void {
    this.data = data;
    this.dataKey = key;
  }

  /**
   * Loads once: while `key` is loading, answers that load; while data of `key` is there, does
   * nothing (resolves with it). `loader` defaults to a GET of `key`.
   */
  ensure(key: string, loader?: (signal: AbortSignal) => Promise<T>): Promise<T | null> {
    // Untracked: an effect calling ensure reruns for its own inputs, not for this state.
    return untrack(() => {
      if (this.path === key && this.loading && this.#running) return this.#running;
      if (this.dataKey === key && this.data !== null) return Promise.resolve(this.data);
      return loader ? this.run(loader, key) : this.load(key);
    });
  }

  /** Loads the last path again (only for loads by path). */
  reload(): Promise<T | null> | null {
    return this.path ? this.load(this.path) : null;
  }

  /** Aborts a running load: its answer is dropped and `loading` is false at once. */
  abort(): void {
    if (!this.#ctl) return;
    this.#ctl.abort();
    this.#ctl = null;
    this.#running = null;
    this.loading = false;
  }

  /** Aborts a running load and forgets data, error and key (nothing selected). */
  reset(): void {
    this.abort();
    this.#set(null, null);
    this.path = null;
    this.error = null;
    this.needsLogin = false;
    this.fieldErrors = {};
  }
}
