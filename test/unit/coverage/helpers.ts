import type { Polygon } from 'geojson';

/** Axis-aligned rectangle in RD New metres, offset to a realistic Apeldoorn origin. */
export const X0 = 194_000;
export const Y0 = 469_000;

export function rect(x1: number, y1: number, x2: number, y2: number): Polygon {
  return {
    type: 'Polygon',
    coordinates: [[[X0 + x1, Y0 + y1], [X0 + x2, Y0 + y1], [X0 + x2, Y0 + y2], [X0 + x1, Y0 + y2], [X0 + x1, Y0 + y1]]],
  };
}

export function pt(x: number, y: number) {
  return { type: 'Point' as const, coordinates: [X0 + x, Y0 + y] };
}
