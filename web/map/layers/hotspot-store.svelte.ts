/**
 * What the hotspot layers loaded, for their legends and the panel (legends get no props):
 * the latest grid, KDE and rates responses and the incident count, with loading/error flags
 * from one Resource per layer.
 */
import { Resource } from '../../api/resource.svelte.js';
import type { GridCollection, KdeCollection, RatesResponse } from '../../api/hotspots.js';

export type HotspotLayerKey = 'incidents' | 'heat' | 'gistar' | 'rates';
const KEYS: readonly HotspotLayerKey[] = ['incidents', 'heat', 'gistar', 'rates'];

class HotspotLayerData {
  grid = $state.raw<GridCollection | null>(null);
  kde = $state.raw<KdeCollection | null>(null);
  rates = $state.raw<RatesResponse | null>(null);
  incidents = $state.raw<{ count: number; shown: number; demo: boolean } | null>(null);
  /** A 401 sets the layer's `needsLogin`: its legend offers the login, not an error. */
  readonly loads = Object.fromEntries(KEYS.map((k) => [k, new Resource<unknown>({ loginHint: true })])) as Record<HotspotLayerKey, Resource<unknown>>;

  get loading(): Record<HotspotLayerKey, boolean> {
    return this.#byKey((r) => r.loading);
  }
  get errors(): Record<HotspotLayerKey, string | null> {
    return this.#byKey((r) => r.error);
  }
  /** The layer's data needs a login (a 401): its legend offers the login, not an error. */
  get loginRequired(): Record<HotspotLayerKey, boolean> {
    return this.#byKey((r) => r.needsLogin);
  }
  #byKey<V>(f: (r: Resource<unknown>) => V): Record<HotspotLayerKey, V> {
    return Object.fromEntries(KEYS.map((k) => [k, f(this.loads[k])])) as Record<HotspotLayerKey, V>;
  }
}

export const hotspotLayerData = new HotspotLayerData();

/**
 * Runs `load` for the current inputs through the layer's Resource (a newer load aborts an older
 * one), recording loading and errors under `key`; `done` gets a fresh answer. Call inside an
 * $effect and return its result (the cleanup aborts the request).
 */
export function loadInto<T>(key: HotspotLayerKey, load: (signal: AbortSignal) => Promise<T>, done: (value: T) => void): () => void {
  const r = hotspotLayerData.loads[key];
  void r.run(async (signal) => {
    const v = await load(signal);
    if (!signal.aborted) done(v);
    return v;
  });
  return () => r.abort();
}
