/**
 * What a map layer module gets from the map view: the MapLibre map and a slot for its deck.gl
 * layers (merged into one MapboxOverlay in registry order).
 */
import { getContext, setContext } from 'svelte';
import type { Map } from 'maplibre-gl';
import type { Layer } from '@deck.gl/core';
import type { AppState } from '../state/app.svelte.js';
import type { LabelRegistry } from './labels.svelte.js';

export interface MapContext {
  map: Map;
  state: AppState;
  setDeckLayers(owner: string, layers: Layer[]): void;
  /** MapLibre layers that own a click, from the layer registry (only those shown). */
  clickTargets(): string[];
  /** Where text layers register their labels; they draw only the ones it keeps (no overlaps). */
  labels: LabelRegistry;
}

const KEY = Symbol('map');

export function provideMap(ctx: { current: MapContext | null }): void {
  setContext(KEY, ctx);
}

export function useMap(): MapContext {
  const holder = getContext<{ current: MapContext | null }>(KEY);
  if (!holder?.current) throw new Error('useMap() outside a ready MapView');
  return holder.current;
}
