/** Registry entries of the incident/hotspot layers (issue 3). */
import type { LayerDef } from './index.js';

export const HOTSPOT_LAYERS: LayerDef[] = [];
