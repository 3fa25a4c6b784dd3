/**
 * A drawn area (polygon, WGS84) as a selection for the hot times: started from the Hotspots
 * panel, drawn by clicking on the map (web/map/DrawArea.svelte) or, from the keyboard, by panning
 * and adding the map centre, finished with a double click,
 * Enter or the "Klaar" button, cancelled with Escape. Not in the URL (a polygon is too long).
 */
import { area as turfArea } from '@turf/turf';

class DrawState {
  active = $state(false);
  points = $state.raw<[number, number][]>([]);
  area = $state.raw<GeoJSON.Polygon | null>(null);

  start(): void {
    this.points = [];
    this.active = true;
  }

  add(p: [number, number]): void {
    if (this.active) this.points = [...this.points, p];
  }

  /** The map's centre, provided by the map (DrawArea): the keyboard way to add a vertex. */
  center: (() => [number, number]) | null = null;

  /** Adds the map centre as a vertex (pan with the arrow keys, then press the button). */
  addCenter(): void {
    const c = this.center?.();
    if (c) this.add(c);
  }

  /** Closes the ring; needs at least three points. */
  finish(): boolean {
    if (this.points.length < 3) return false;
    const ring = [...this.points, this.points[0]!];
    this.area = { type: 'Polygon', coordinates: [ring] };
    this.active = false;
    this.points = [];
    return true;
  }

  cancel(): void {
    this.active = false;
    this.points = [];
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
