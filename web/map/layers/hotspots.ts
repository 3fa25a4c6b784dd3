/**
 * Registry entries of the incident/hotspot layers (issue 3). `demoData` is a getter: true while
 * the stored incidents are generated demo data (from /api/incidents/summary), so the layer
 * panel's demo badge disappears after a real import.
 */
import type { LayerDef } from './types.js';
import { nl } from '../../i18n/nl.js';
import { incidentData } from '../../state/filters.svelte.js';
import IncidentsLayer from './IncidentsLayer.svelte';
import IncidentsLegend from './IncidentsLegend.svelte';
import HeatLayer from './HeatLayer.svelte';
import HeatLegend from './HeatLegend.svelte';
import GiStarLayer from './GiStarLayer.svelte';
import GiStarLegend from './GiStarLegend.svelte';
import RatesLayer from './RatesLayer.svelte';
import RatesLegend from './RatesLegend.svelte';

const t = nl.hotspots;

function entry(def: Omit<LayerDef, 'demoData'>): LayerDef {
  return {
    ...def,
    get demoData() {
      return incidentData.demo;
    },
  };
}

/** Drawing order within each group: later entries on top. */
export const HOTSPOT_LAYERS: LayerDef[] = [
  entry({ id: 'rates', label: t.layers.rates, group: 'gebieden', defaultVisible: false, component: RatesLayer, legend: RatesLegend, excludes: ['crime-rate'], description: t.layerDescriptions.rates }),
  entry({ id: 'heat', label: t.layers.heat, group: 'criminaliteit', defaultVisible: false, component: HeatLayer, legend: HeatLegend, description: t.layerDescriptions.heat }),
  entry({ id: 'gistar', label: t.layers.gistar, group: 'criminaliteit', defaultVisible: false, component: GiStarLayer, legend: GiStarLegend, clickTargets: ['gistar-fill'], description: t.layerDescriptions.gistar }),
  entry({ id: 'incidents', label: t.layers.incidents, group: 'criminaliteit', defaultVisible: false, component: IncidentsLayer, legend: IncidentsLegend, clickTargets: ['incidents-points', 'incidents-clusters'], permission: 'incidents:read-exact', description: t.layerDescriptions.incidents }),
];
