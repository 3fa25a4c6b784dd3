/**
 * The layer registry: every map layer is one module (a Svelte component that adds its MapLibre
 * and/or deck.gl layers through useMap()), listed here once with its label, group and legend.
 * The layer panel and the map view both read this list; its order is the deck.gl drawing order.
 */
import type { Component } from 'svelte';
import { nl } from '../../i18n/nl.js';
import DistrictsLayer from './DistrictsLayer.svelte';
import CrimeRateLayer from './CrimeRateLayer.svelte';
import CrimeRateLegend from './CrimeRateLegend.svelte';
import { HOTSPOT_LAYERS } from './hotspots.js';
import { NEARREPEAT_LAYERS } from './nearrepeat.js';

export interface LayerDef {
  id: string;
  label: string;
  group: keyof typeof nl.groups | string;
  defaultVisible: boolean;
  component: Component<{ visible: boolean }>;
  legend?: Component;
  /** Shows a "demo" badge while the layer's data is generated demo data. */
  demoData?: boolean;
  description?: string;
}

/** Drawing order for deck.gl: later entries on top. */
export const LAYERS: LayerDef[] = [
  ...HOTSPOT_LAYERS.filter((l) => l.group === 'gebieden'),
  { id: 'crime-rate', label: nl.districts.choropleth, group: 'gebieden', defaultVisible: true, component: CrimeRateLayer, legend: CrimeRateLegend },
  { id: 'districts', label: nl.districts.layer, group: 'gebieden', defaultVisible: true, component: DistrictsLayer },
  ...HOTSPOT_LAYERS.filter((l) => l.group !== 'gebieden'),
  ...NEARREPEAT_LAYERS,
];
