/**
 * Cell size for the optimized hot spot analysis (optimized.ts, step 3), from the incidents'
 * nearest-neighbour spacing.
 *
 * ArcGIS "How Optimized Hot Spot Analysis works"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm)
 * derives the fishnet cell size from the spacing of the incidents. Here: twice the median
 * distance from an incident to the nearest incident at another location (robust to the spatial
 * outliers ArcGIS removes first; queried for at most NN_SAMPLE (10,000) sampled incidents),
 * rounded to a multiple of CELL_STEP (50 m) and clamped to [MIN_CELL, MAX_CELL] = [50, 500] m,
 * so cells line up with RD multiples. Nearest neighbours are searched with kdbush.
 */
import KDBush from 'kdbush';
import { pointArrays, type PointsInput } from './grid.js';

export const CELL_STEP = 50;
export const MIN_CELL = 50;
export const MAX_CELL = 500;
/** Cell size used when the data cannot choose one (fewer than two distinct locations). */
export const FALLBACK_CELL = 250;

/** Incidents sampled (evenly, deterministic) for the nearest-neighbour distances. */
export const NN_SAMPLE = 10_000;

/**
 * For each of up to `sample` incidents (every k-th, so the result is deterministic), the
 * distance to the nearest incident at another location (coordinates equal within 1 cm count as
 * one location: repeat burglaries at one address do not make the spacing 0), metres. All
 * incidents are searched (kdbush); only the queries are sampled, so the median is that of the
 * whole set up to sampling error. Empty when fewer than two distinct locations.
 */
export function nearestNeighbourDistances(points: PointsInput, sample = NN_SAMPLE): Float64Array {
  const { xs, ys, n } = pointArrays(points);
  const ok: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(xs[i]!) && Number.isFinite(ys[i]!)) ok.push(i);
  const m = ok.length;
  if (m < 2) return new Float64Array(0);
  const index = new KDBush(m, 64, Float64Array);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const i of ok) {
    const x = xs[i]!;
    const y = ys[i]!;
    index.add(x, y);
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  index.finish();
  if (maxX - minX < 0.01 && maxY - minY < 0.01) return new Float64Array(0);
  // first search radius: the mean spacing of m points spread evenly over the bounding box
  const r0 = Math.max(1, Math.sqrt(((maxX - minX + 1) * (maxY - minY + 1)) / m));
  const q = Math.min(m, sample);
  const out = new Float64Array(q);
  for (let k = 0; k < q; k++) {
    const i = ok[Math.floor((k * m) / q)]!;
    const x = xs[i]!;
    const y = ys[i]!;
    let r = r0;
    for (;;) {
      let best = Infinity;
      for (const j of index.within(x, y, r)) {
        const d = Math.hypot(xs[ok[j]!]! - x, ys[ok[j]!]! - y);
        if (d >= 0.01 && d < best) best = d;
      }
      if (best <= r) {
        out[k] = best;
        break;
      }
      r *= 2;
    }
  }
  return out;
}

function median(values: Float64Array): number {
  const s = Float64Array.from(values).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

export type CellSizeReason = 'nearest-neighbour' | 'minimum' | 'maximum' | 'fallback' | 'manual';

/**
 * Cell size from the incidents' spacing (module header): 2 × the median
 * nearest-neighbour distance, rounded to `step`, clamped to [min, max].
 */
export function chooseCellSize(
  points: PointsInput,
  options: { step?: number; min?: number; max?: number } = {},
): { cellSize: number; reason: CellSizeReason; nearestNeighbour: number | null } {
  const step = options.step ?? CELL_STEP;
  const min = options.min ?? MIN_CELL;
  const max = options.max ?? MAX_CELL;
  const nn = nearestNeighbourDistances(points);
  if (nn.length === 0) return { cellSize: Math.min(max, Math.max(min, FALLBACK_CELL)), reason: 'fallback', nearestNeighbour: null };
  const med = median(nn);
  const raw = Math.round((2 * med) / step) * step;
  if (raw < min) return { cellSize: min, reason: 'minimum', nearestNeighbour: med };
  if (raw > max) return { cellSize: max, reason: 'maximum', nearestNeighbour: med };
  return { cellSize: raw, reason: 'nearest-neighbour', nearestNeighbour: med };
}
