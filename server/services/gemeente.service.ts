/**
 * The gemeente the dashboard serves: its RD bounding box (the default extent of the hotspot and
 * near-repeat analyses) and the inside test of the incident import, from the shipped outline
 * (server/db/queries/incidents-gemeente.sql), loaded once per database.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { Extent } from '../domain/hotspots/grid.js';
import { AppError } from '../errors.js';

/** Tolerance around the (simplified) gemeente outline for the import's inside test, metres. */
export const GEMEENTE_TOLERANCE_M = 100;

export interface Gemeente {
  code: string;
  name: string;
  bbox: Extent;
  /** True for RD points inside the gemeente (outline buffered by GEMEENTE_TOLERANCE_M). */
  isInside: (x: number, y: number) => boolean;
}

const gemeenteCache = new WeakMap<Db, Promise<Gemeente>>();

/** The gemeente, loaded once per database (its outline is shipped geodata, not edited at run time). */
export function gemeente(db: Db): Promise<Gemeente> {
  let p = gemeenteCache.get(db);
  if (!p) {
    p = (async () => {
      const [r] = await db.query<{ code: string; name: string; min_x: number; min_y: number; max_x: number; max_y: number; outline: string }>(
        sql('incidents-gemeente'),
        [GEMEENTE_TOLERANCE_M],
      );
      if (!r) throw new AppError(503, 'Geen gemeentegrens', 'De gemeentegrens ontbreekt in de database; laad eerst de geodata.');
      const outline = JSON.parse(r.outline) as { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
      return {
        code: r.code,
        name: r.name,
        bbox: { minX: Number(r.min_x), minY: Number(r.min_y), maxX: Number(r.max_x), maxY: Number(r.max_y) },
        // Planar ray casting: valid on RD metres as on degrees.
        isInside: (x: number, y: number) => booleanPointInPolygon([x, y], outline as Parameters<typeof booleanPointInPolygon>[1]),
      };
    })();
    p.catch(() => gemeenteCache.delete(db));
    gemeenteCache.set(db, p);
  }
  return p;
}
