/**
 * A drawn area (polygon, WGS84) as a selection for the hot times: started from the Hotspots
 * panel and drawn with the map's geometry editor (web/map/draw/editor.svelte.ts, polygon mode):
 * clicking vertices on the map or, from the keyboard, panning and adding the map centre, typing
 * coordinates or choosing districts; finished with Enter or "Klaar", cancelled with Escape.
 * Not in the URL (a polygon is too long).
 */
import { area as turfArea } from '@turf/turf';
import { geometryEditor } from '../map/draw/editor.svelte.js';

class DrawState {
  area = $state.raw<GeoJSON.Polygon | null>(null);
  #mine = $state(false);

  /** True while the hot-times area is being drawn. */
  get active(): boolean {
    return this.#mine && geometryEditor.active;
  }

  /** Number of vertices so far. */
  get count(): number {
    return geometryEditor.vertexCount;
  }

  start(): void {
    this.#mine = true;
    void geometryEditor.start('polygon').then((g) => {
      this.#mine = false;
      if (g?.type === 'Polygon') this.area = g;
    });
  }

  addCenter(): void {
    if (this.active) geometryEditor.addCenter();
  }

  /** Closes the area; needs at least three points. */
  finish(): boolean {
    return this.active && geometryEditor.finish();
  }

  cancel(): void {
    if (this.active) geometryEditor.cancel();
  }

  clear(): void {
    this.cancel();
    this.area = null;
  }

  get hectares(): number {
    return this.area ? turfArea({ type: 'Feature', geometry: this.area, properties: {} }) / 10_000 : 0;
  }
}

export const drawing = new DrawState();
