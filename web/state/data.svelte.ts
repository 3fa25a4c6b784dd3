/**
 * Data shared by layers and panels: the app meta (municipality, datasets, basemap) and the
 * district collection of the current level, cached per level.
 */
import { api, type DistrictCollection, type DistrictLevel, type Meta } from '../api/client.js';

class SharedData {
  meta = $state.raw<Meta | null>(null);
  metaError = $state<string | null>(null);
  /** Districts of the level last asked for (raw: GeoJSON is not made deeply reactive). */
  districts = $state.raw<DistrictCollection | null>(null);
  districtsLevel = $state<DistrictLevel | null>(null);
  districtsLoading = $state(false);
  districtsError = $state<string | null>(null);
  gemeente = $state.raw<DistrictCollection | null>(null);

  #cache = new Map<DistrictLevel, DistrictCollection>();
  #ctrl: AbortController | null = null;

  async loadMeta(): Promise<void> {
    try {
      this.metaError = null;
      this.meta = await api.meta();
      this.gemeente = await this.get('gemeente');
    } catch (err) {
      this.metaError = (err as Error).message;
    }
  }

  /** The districts of a level, fetched once and then cached. */
  async get(level: DistrictLevel, signal?: AbortSignal): Promise<DistrictCollection> {
    const hit = this.#cache.get(level);
    if (hit) return hit;
    const fc = await api.districts(level, signal);
    this.#cache.set(level, fc);
    return fc;
  }

  async loadDistricts(level: DistrictLevel): Promise<void> {
    this.#ctrl?.abort();
    const ctrl = (this.#ctrl = new AbortController());
    this.districtsLoading = true;
    this.districtsError = null;
    try {
      const fc = await this.get(level, ctrl.signal);
      if (ctrl.signal.aborted) return;
      this.districts = fc;
      this.districtsLevel = level;
    } catch (err) {
      if ((err as Error).name !== 'AbortError') this.districtsError = (err as Error).message;
    } finally {
      if (this.#ctrl === ctrl) this.districtsLoading = false;
    }
  }
}

export const shared = new SharedData();
