/** Registry entries of the near-repeat layers (issue 4). */
import type { LayerDef } from './index.js';
import { nlNearrepeat } from '../../i18n/nl-nearrepeat.js';
import NearRepeatZonesLayer from './NearRepeatZonesLayer.svelte';
import NearRepeatLegend from './NearRepeatLegend.svelte';

export const NEARREPEAT_ZONES_LAYER = 'nearrepeat-zones';

export const NEARREPEAT_LAYERS: LayerDef[] = [
  {
    id: NEARREPEAT_ZONES_LAYER,
    label: nlNearrepeat.layer,
    group: 'nearrepeat',
    defaultVisible: false,
    component: NearRepeatZonesLayer,
    legend: NearRepeatLegend,
    demoData: true,
    description: nlNearrepeat.layerDescription,
  },
];
