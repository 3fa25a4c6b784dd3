/** Registry entries of the near-repeat layers (issue 4). */
import type { LayerDef } from './index.js';

export const NEARREPEAT_LAYERS: LayerDef[] = [];
