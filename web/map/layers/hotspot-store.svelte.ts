/**
 * What the hotspot layers loaded, for their legends and the panel (legends get no props):
 * the latest grid, KDE and rates responses and the incident count, with loading/error flags.
 */
import { ApiError } from '../../api/client.js';
import type { GridCollection, KdeCollection, RatesResponse } from '../../api/hotspots.js';

export type HotspotLayerKey = 'incidents' | 'heat' | 'gistar' | 'rates';

class HotspotLayerData {
  grid = $state.raw<GridCollection | null>(null);
  kde = $state.raw<KdeCollection | null>(null);
  rates = $state.raw<RatesResponse | null>(null);
  incidents = $state.raw<{ count: number; shown: number; demo: boolean } | null>(null);
  loading = $state<Record<HotspotLayerKey, boolean>>({ incidents: false, heat: false, gistar: false, rates: false });
  errors = $state<Record<HotspotLayerKey, string | null>>({ incidents: null, heat: null, gistar: null, rates: null });
  /** The layer's data needs a login (a 401): its legend offers the login, not an error. */
  loginRequired = $state<Record<HotspotLayerKey, boolean>>({ incidents: false, heat: false, gistar: false, rates: false });
}

export const hotspotLayerData = new HotspotLayerData();

/**
 * Runs `load` for the current inputs with an AbortController, recording loading and errors
 * under `key`. Call inside an $effect and return its result (the cleanup aborts the request).
 */
export function loadInto<T>(key: HotspotLayerKey, load: (signal: AbortSignal) => Promise<T>, done: (value: T) => void): () => void {
  const ctrl = new AbortController();
  hotspotLayerData.loading[key] = true;
  load(ctrl.signal)
    .then((v) => {
      if (ctrl.signal.aborted) return;
      hotspotLayerData.errors[key] = null;
      hotspotLayerData.loginRequired[key] = false;
      done(v);
    })
    .catch((err: unknown) => {
      if ((err as Error).name === 'AbortError' || ctrl.signal.aborted) return;
      const login = err instanceof ApiError && err.status === 401;
      hotspotLayerData.loginRequired[key] = login;
      hotspotLayerData.errors[key] = login ? null : (err as Error).message;
    })
    .finally(() => {
      if (!ctrl.signal.aborted) hotspotLayerData.loading[key] = false;
    });
  return () => {
    ctrl.abort();
    hotspotLayerData.loading[key] = false;
  };
}
