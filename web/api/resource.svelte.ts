/**
 * One data-loading helper for the web: fetch a JSON resource through apiFetch with an
 * AbortController (a new load aborts the previous one), and keep `data`, `loading` and `error`
 * as runes state. `error` is the Dutch message of describeError.
 *
 *   const r = new Resource<FeatureCollection>();
 *   void r.load('/api/groups');   // r.loading, r.error, r.data
 */
import { apiFetch, describeError } from './client.js';

export class Resource<T> {
  data = $state<T | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The path of the last (or running) load. */
  path = $state<string | null>(null);
  #ctl: AbortController | null = null;

  /** `transform` shapes an answer before it is stored (e.g. copies a feature's id into its properties). */
  readonly transform: (d: T) => T;
  constructor(transform: (d: T) => T = (d) => d) {
    this.transform = transform;
  }

  /** Loads `path` (aborting a running load); resolves with the data, or null on error or abort. */
  async load(path: string): Promise<T | null> {
    this.#ctl?.abort();
    const ctl = (this.#ctl = new AbortController());
    this.path = path;
    this.loading = true;
    this.error = null;
    try {
      const d = await apiFetch<T>(path, { signal: ctl.signal });
      if (ctl.signal.aborted) return null;
      this.data = this.transform(d);
      return this.data;
    } catch (err) {
      if (ctl.signal.aborted || (err as Error).name === 'AbortError') return null;
      this.error = describeError(err).message;
      return null;
    } finally {
      if (this.#ctl === ctl) {
        this.loading = false;
        this.#ctl = null;
      }
    }
  }

  /** Loads once: does nothing while data of `path` is there or loading. */
  ensure(path: string): Promise<T | null> | null {
    if (this.path === path && (this.data || this.loading)) return null;
    return this.load(path);
  }

  /** Loads the last path again. */
  reload(): Promise<T | null> | null {
    return this.path ? this.load(this.path) : null;
  }

  abort(): void {
    this.#ctl?.abort();
  }
}
