/**
 * The declaration of a map layer (one module per layer, one line in index.ts's registry). Kept
 * apart from the registry so the layer modules, which the registry imports, need not import it back.
 */
import type { Component } from 'svelte';
import type { DistrictLevel } from '../../api/client.js';
import type { Me } from '../../api/auth.js';
import type { nl } from '../../i18n/nl.js';

/** A permission of the role matrix (server/auth/roles.ts), as the session reports it. */
export type Permission = Me['permissions'][number];

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
  /** Layers that are never shown together with this one (turning it on turns them off). */
  excludes?: string[];
  /** MapLibre layer ids of this layer that own a click (the district underneath is not selected). */
  clickTargets?: string[];
  /** Why the layer has no data at this level (it is then disabled), or null. May read shared data. */
  unavailable?: (level: DistrictLevel) => string | null;
  /** The permission the layer's data needs; without it the layer is locked (see `locked`). */
  permission?: Permission;
}

