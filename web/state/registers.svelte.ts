/**
 * The three registers' FeatureCollections (GET /api/groups, /api/parks, /api/fire-compartments),
 * shared by their map layers and the Registers panel: one Resource each, loaded on first use.
 */
import { Resource } from '../api/resource.svelte.js';

export type RegisterName = 'groups' | 'parks' | 'fire-compartments';
export const REGISTER_NAMES: readonly RegisterName[] = ['groups', 'parks', 'fire-compartments'];

export interface RegisterProps {
  id: number;
  version: number;
  demo: boolean;
  name: string;
  [key: string]: unknown;
}
export type RegisterFeature = GeoJSON.Feature<GeoJSON.Geometry, RegisterProps>;
export type RegisterCollection = GeoJSON.FeatureCollection<GeoJSON.Geometry, RegisterProps>;

export const registerPath = (r: RegisterName) => `/api/${r}`;
/** A park's information card: a print-ready A4 page served by the API (server/views/park-card.ts), opened in a new tab. */
export const parkCardPath = (id: number | string) => `/api/parks/${id}/card`;

/** The API keeps a record's id on the feature (`id`); the web also reads it as `properties.id`. */
export function withId<F extends GeoJSON.Feature>(f: F): F {
  return { ...f, properties: { ...f.properties, id: Number(f.id) } };
}
const withIds = (fc: RegisterCollection): RegisterCollection => ({ ...fc, features: fc.features.map(withId) });

export const registers: Record<RegisterName, Resource<RegisterCollection>> = {
  groups: new Resource<RegisterCollection>(withIds),
  parks: new Resource<RegisterCollection>(withIds),
  'fire-compartments': new Resource<RegisterCollection>(withIds),
};

/** Loads a register once (a no-op while it is loaded or loading). */
export function ensureRegister(r: RegisterName): void {
  void registers[r].ensure(registerPath(r));
}

/** True while the register's loaded features are generated demo data. */
export function isDemo(r: RegisterName): boolean {
  return registers[r].data?.features.some((f) => f.properties.demo) ?? false;
}

/**
 * A request from a panel to fly the map to a register record and highlight it (the register
 * layer with that name answers it; `n` makes a repeated request for the same record new).
 */
export const registerFocus = $state<{ request: { register: RegisterName; id: number; n: number } | null }>({ request: null });
let focusCount = 0;
export function focusRecord(register: RegisterName, id: number): void {
  registerFocus.request = { register, id, n: ++focusCount };
}
