/**
 * Data shared by layers and panels: the app meta (municipality, datasets, basemap) and the
 * district collection of the current level, cached per level. Each load is a Resource.
 */
import { api, type DistrictCollection, type DistrictLevel, type Meta } from '../api/client.js';
import { Resource } from '../api/resource.svelte.js';

class SharedData {
  #meta = new Resource<Meta>();
  #gemeente = new Resource<DistrictCollection>();
  /** Districts of the level last asked for (kept while another level loads, and when it fails). */
  #districts = new Resource<DistrictCollection>();
  #cache = new Map<DistrictLevel, DistrictCollection>();

  get meta(): Meta | null {
    return this.#meta.data;
  }
  get metaError(): string | null {
    return this.#meta.error ?? this.#gemeente.error;
  }
  get gemeente(): DistrictCollection | null {
    return this.#gemeente.data;
  }
  get districts(): DistrictCollection | null {
    return this.#districts.data;
  }
  /** The level `districts` belongs to. */
  get districtsLevel(): DistrictLevel | null {
    return this.#districts.dataKey as DistrictLevel | null;
  }
  get districtsLoading(): boolean {
    return this.#districts.loading;
  }
  get districtsError(): string | null {
    return this.#districts.error;
  }

  async loadMeta(): Promise<void> {
    if (await this.#meta.run((signal) => api.meta(signal), 'meta')) await this.#gemeente.run((signal) => this.get('gemeente', signal), 'gemeente');
  }

  /** The districts of a level, fetched once and then cached. */
  async get(level: DistrictLevel, signal?: AbortSignal): Promise<DistrictCollection> {
    const hit = this.#cache.get(level);
    if (hit) return hit;
    const fc = await api.districts(level, signal);
    this.#cache.set(level, fc);
    return fc;
  }

  /** Shows the districts of `level` (a newer call aborts an older one). */
  async loadDistricts(level: DistrictLevel): Promise<void> {
    await this.#districts.run((signal) => this.get(level, signal), level);
  }
}

export const shared = new SharedData();
