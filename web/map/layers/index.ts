/**
 * The layer registry: every map layer is one module (a Svelte component that adds its MapLibre
 * and/or deck.gl layers through useMap()), listed here once with its label, group and legend.
 * The layer panel and the map view both read this list; its order is the deck.gl drawing order.
 * The registry also declares how layers get along: which exclude each other (`excludes`, made
 * symmetric here), which take clicks before the districts underneath (`clickTargets`), and at
 * which levels a layer has no data (`unavailable`, a one-line reason in the layer panel), and
 * which permission a layer's data needs (`permission`: without it the layer is disabled with a
 * login button and never asks for its data, so the public sees no refused request).
 */
import type { DistrictLevel } from '../../api/client.js';
import { session } from '../../state/session.svelte.js';
import { nl } from '../../i18n/nl.js';
import { shared } from '../../state/data.svelte.js';
import { rateClasses } from './crime-rate.js';
import DistrictsLayer from './DistrictsLayer.svelte';
import CrimeRateLayer from './CrimeRateLayer.svelte';
import CrimeRateLegend from './CrimeRateLegend.svelte';
import { HOTSPOT_LAYERS } from './hotspots.js';
import { NEARREPEAT_LAYERS } from './nearrepeat.js';
import { REGISTER_LAYERS } from './registers.js';
import CoverageGapsLayer from './CoverageGapsLayer.svelte';
import CoverageGapsLegend from './CoverageGapsLegend.svelte';
import { nlVr } from '../../i18n/nl-vr.js';

export type { LayerDef, Permission } from './types.js';
import type { LayerDef } from './types.js';

/** Registered crimes exist per wijk and buurt; at a level without them the map would be empty. */
function crimeRateUnavailable(level: DistrictLevel): string | null {
  const t = nl.map.unavailable;
  if (level === 'postcode') return t.crimeRatePostcode;
  if (shared.districtsLevel !== level) return null; // not loaded yet: do not flicker
  // A choropleth compares areas: with fewer than two shapes that have figures it shows nothing.
  if ([...rateClasses(shared.districts).rates.values()].filter((r) => r.rate !== null).length >= 2) return null;
  return level === 'buurt' ? t.crimeRateNoShapes : t.crimeRateNoData;
}

/** Drawing order for deck.gl: later entries on top. */
export const LAYERS: LayerDef[] = withSymmetricExclusions([
  ...HOTSPOT_LAYERS.filter((l) => l.group === 'gebieden'),
  {
    id: 'crime-rate',
    label: nl.districts.choropleth,
    group: 'gebieden',
    defaultVisible: true,
    component: CrimeRateLayer,
    legend: CrimeRateLegend,
    // One choropleth at a time, and none under the red of hot spots, heat and zones.
    excludes: ['rates', 'gistar', 'heat', 'nearrepeat-zones'],
    unavailable: crimeRateUnavailable,
  },
  { id: 'districts', label: nl.districts.layer, group: 'gebieden', defaultVisible: true, component: DistrictsLayer },
  ...HOTSPOT_LAYERS.filter((l) => l.group !== 'gebieden'),
  ...NEARREPEAT_LAYERS,
  ...REGISTER_LAYERS,
  { id: 'coverage-gaps', label: nlVr.layer, group: 'registers', defaultVisible: false, component: CoverageGapsLayer, legend: CoverageGapsLegend, clickTargets: ['coverage-gaps-fill'], description: nlVr.layerDescription },
]);

/** Every exclusion holds both ways, whichever side declared it. */
function withSymmetricExclusions(defs: LayerDef[]): LayerDef[] {
  for (const d of defs)
    for (const other of d.excludes ?? []) {
      const o = defs.find((x) => x.id === other);
      if (o && !(o.excludes ?? []).includes(d.id)) o.excludes = [...(o.excludes ?? []), d.id];
    }
  return defs;
}

/** Layer id -> the layers it excludes (for AppState.setVisible). */
export const EXCLUSIONS: Record<string, string[]> = Object.fromEntries(LAYERS.map((l) => [l.id, l.excludes ?? []]));

/** The MapLibre layers that own clicks, given the visible registry layers. */
export function clickTargets(visible: (id: string) => boolean): string[] {
  return LAYERS.filter((l) => visible(l.id)).flatMap((l) => l.clickTargets ?? []);
}

/**
 * True while the caller lacks the layer's permission (also before GET /api/auth/me answered):
 * the layer is then off whatever the URL asks, and loads nothing.
 */
export function locked(l: LayerDef): boolean {
  return l.permission !== undefined && !session.can(l.permission);
}

/** The reason a layer cannot be shown (no permission, or no data at this level), or null. */
export function unavailableReason(l: LayerDef, level: DistrictLevel): string | null {
  if (locked(l)) return nl.map.unavailable.needsAnalyst;
  return l.unavailable?.(level) ?? null;
}
