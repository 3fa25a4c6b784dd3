/** Registry entries of the near-repeat layers (issue 4). */
import type { LayerDef } from './types.js';
import { nlNearrepeat } from '../../i18n/nl-nearrepeat.js';
import NearRepeatZonesLayer from './NearRepeatZonesLayer.svelte';
import NearRepeatLegend from './NearRepeatLegend.svelte';
import { nearRepeat } from '../../panels/nearrepeat/store.svelte.js';

export const NEARREPEAT_ZONES_LAYER = 'nearrepeat-zones';

export const NEARREPEAT_LAYERS: LayerDef[] = [
  {
    id: NEARREPEAT_ZONES_LAYER,
    label: nlNearrepeat.layer,
    group: 'nearrepeat',
    defaultVisible: false,
    component: NearRepeatZonesLayer,
    legend: NearRepeatLegend,
    clickTargets: ['nearrepeat-zones-fill'],
    permission: 'nearrepeat:zones',
    // A getter: the demo badge shows while the zones are made from generated demo incidents.
    get demoData() {
      return nearRepeat.data?.burglaries.features.some((b) => b.properties.isDemo) ?? false;
    },
    description: nlNearrepeat.layerDescription,
  },
];
