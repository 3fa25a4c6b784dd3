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

export const LAYERS: LayerDef[] = [
  { id: 'crime-rate', label: nl.districts.choropleth, group: 'gebieden', defaultVisible: true, component: CrimeRateLayer, legend: CrimeRateLegend },
  { id: 'districts', label: nl.districts.layer, group: 'gebieden', defaultVisible: true, component: DistrictsLayer },
];
