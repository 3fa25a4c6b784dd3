import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon } from '@turf/turf';
import { demoWijkenFromGeoJson, type DemoWijk } from '../../../server/demo/incidents.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/incidents/', import.meta.url));

export function fixturePath(name: string): string {
  return FIXTURES + name;
}

/** The 16 CBS wijken of Apeldoorn (2022, simplified), converted to RD New. */
export function loadWijken(): DemoWijk[] {
  return demoWijkenFromGeoJson(JSON.parse(readFileSync(fixturePath('apeldoorn-wijken.geojson'), 'utf8')));
}

export function inWijk(w: DemoWijk, x: number, y: number): boolean {
  return booleanPointInPolygon([x, y], w.geometry as Parameters<typeof booleanPointInPolygon>[1]);
}

/** "Inside the gemeente" = inside one of its wijken (their union is the gemeente polygon). */
export function gemeenteIsInside(): (x: number, y: number) => boolean {
  const wijken = loadWijken();
  return (x, y) => wijken.some((w) => inWijk(w, x, y));
}
