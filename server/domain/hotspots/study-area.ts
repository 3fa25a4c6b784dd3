/**
 * Study-area mask for the optimized hot spot analysis (optimized.ts, step 2).
 *
 * ArcGIS "How Optimized Hot Spot Analysis works"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm)
 * aggregates incidents into fishnet cells within "bounding polygons defining where incidents are
 * possible". Here only cells whose centre lies inside the study-area polygons (plus, added by the
 * pipeline, every cell that holds an incident) exist; cells outside are unknown, not zero.
 * `polygonMask` rasterises the polygons on the grid with the even-odd rule, one scanline per row.
 */
import type { GridSpec } from './grid.js';

/** RD polygons: polygon -> rings -> [x, y] positions (GeoJSON MultiPolygon coordinates). */
export type Polygons = ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly number[]>>>;

/**
 * 1 for every cell of `spec` whose centre lies inside `polygons` (even-odd rule over all rings,
 * so holes are excluded), else 0. Scanline per row: O(rows · edges + cells).
 */
export function polygonMask(spec: GridSpec, polygons: Polygons): Uint8Array {
  const { nx, ny, cellSize, originX, originY } = spec;
  const mask = new Uint8Array(nx * ny);
  const edges: number[] = [];
  for (const poly of polygons) {
    for (const ring of poly) {
      for (let k = 0; k < ring.length; k++) {
        const a = ring[k]!;
        const b = ring[(k + 1) % ring.length]!;
        if (a[1] !== b[1]) edges.push(a[0]!, a[1]!, b[0]!, b[1]!);
      }
    }
  }
  const xs: number[] = [];
  for (let iy = 0; iy < ny; iy++) {
    const y = originY + (iy + 0.5) * cellSize;
    xs.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const y0 = edges[e + 1]!;
      const y1 = edges[e + 3]!;
      // half-open in y so a vertex on the scanline counts once
      if ((y0 <= y && y < y1) || (y1 <= y && y < y0)) {
        const x0 = edges[e]!;
        const x1 = edges[e + 2]!;
        xs.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // cells whose centre x lies in [xs[k], xs[k+1])
      const from = Math.max(0, Math.ceil((xs[k]! - originX) / cellSize - 0.5));
      const to = Math.min(nx - 1, Math.ceil((xs[k + 1]! - originX) / cellSize - 0.5) - 1);
      for (let ix = from; ix <= to; ix++) mask[iy * nx + ix] = 1;
    }
  }
  return mask;
}
