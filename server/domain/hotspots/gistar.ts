/**
 * Getis-Ord Gi* hot spot statistic on a regular grid.
 *
 * Method: Getis & Ord (1992) "The analysis of spatial association by use of distance
 * statistics", Geogr. Anal. 24(3), and Ord & Getis (1995) "Local spatial autocorrelation
 * statistics: distributional issues and an application", Geogr. Anal. 27(4), eq. 14 (the
 * standardised G*_i), exactly as ArcGIS "Hot Spot Analysis (Getis-Ord Gi*)" and R
 * spdep::localG with include.self() compute it:
 *
 *   z_i = (Σ_j w_ij x_j − x̄ W_i) / ( s · √((n S1_i − W_i²)/(n − 1)) )
 *
 * with binary fixed-distance weights w_ij = 1 for cell centres at distance 0 < d_ij <= band,
 * w_ii = 1 (the cell itself), W_i = Σ_j w_ij, S1_i = Σ_j w_ij² (= W_i for binary weights),
 * x̄ and s the mean and standard deviation (divisor n) over ALL n cells of the grid, empty
 * cells included. Cells outside the grid do not exist (edge cells have fewer neighbours).
 * The distance band is compared with a relative tolerance of 1e-9, so band = 100·√2 includes
 * the diagonal neighbours of 100 m cells despite rounding.
 *
 * The neighbourhood is a fixed set of integer (dx, dy) offsets, so the cost is O(n·k) for k
 * offsets, not O(n²). p-values are two-sided from the standard normal (Cody's erfc).
 *
 * Study area (`mask`): with a mask only cells with mask[i] = 1 exist. n, x̄ and s are taken over
 * those cells, W_i counts only neighbours inside the mask, and cells outside get z = 0, p = 1,
 * bin 0 and take no part in the FDR ranking: they are unknown, not zero. This is Gi* on the
 * subset of cells (spdep::localG on the masked cells' neighbour list gives the same values).
 *
 * Degenerate cases: when all cells have the same value (s = 0) or a cell neighbours every cell
 * (n·S1_i − W_i² = 0, e.g. a 2×2 grid), the statistic is 0/0; such cells get z = 0, p = 1 and
 * bin 0 (not significant), and `constant` tells the first case apart. A grid of one cell gives
 * the same. No NaN is produced for finite input, so results serialise to JSON as they are.
 *
 * Classes (`bins`), like ArcGIS's Gi_Bin: ±3 at 99 % confidence (p <= 0.01), ±2 at 95 %
 * (p <= 0.05), ±1 at 90 % (p <= 0.10), sign of z; 0 otherwise.
 *
 * False Discovery Rate (`fdr: true`): the Benjamini-Hochberg (1995) step-up procedure over all
 * n cells, applied at each confidence level. For level α, sort the p-values p_(1) <= ... <= p_(n);
 * with k the largest rank with p_(k) <= k·α/n, the k smallest p-values are significant. This is
 * computed through BH-adjusted p-values q_(k) = min_{j>=k} min(1, n·p_(j)/j): a cell is
 * significant at level α iff q <= α, and its bin then uses q instead of p. ArcGIS's FDR option
 * describes the same ranking-and-pruning of the weakest p-values per confidence level (its
 * documentation gives no formula; small differences from its implementation are possible).
 */
import type { GridSpec } from './grid.js';
import { twoSidedP } from './normal.js';

export const DEFAULT_BAND = 150;

/** Values on a grid: anything with the grid geometry and a row-major `counts` array. */
export interface GridValues extends Pick<GridSpec, 'nx' | 'ny' | 'cellSize'> {
  counts: ArrayLike<number>;
}

export interface GiStarOptions {
  /** Distance band in metres between cell centres (default 150: the 8 neighbours of 100 m cells). */
  band?: number;
  /** Benjamini-Hochberg FDR correction for the bins (default false). */
  fdr?: boolean;
  /** Study area: 1 for cells that exist, 0 for cells outside (see module header). Default: all cells. */
  mask?: ArrayLike<number> | null;
}

export interface GiStarResult {
  /** z-score per cell (row-major, like the input). */
  z: Float64Array;
  /** Two-sided p-value per cell (uncorrected). */
  p: Float64Array;
  /** BH-adjusted p-value per cell when `fdr`, else null. */
  pFdr: Float64Array | null;
  /** Hot/cold class per cell, −3..+3 (see module header); uses pFdr when `fdr`. */
  bins: Int8Array;
  /** Number of cells (inside the mask, when given). */
  n: number;
  /** Mean over all cells. */
  mean: number;
  /** Standard deviation over all cells (divisor n). */
  sd: number;
  /** True when all cells are equal (s = 0): every z is 0. */
  constant: boolean;
  band: number;
  /** Neighbourhood size incl. the cell itself for an interior cell. */
  neighbours: number;
  /** Neighbours per cell (excluding the cell itself, within the mask): fewest and mean. */
  neighbourStats: { min: number; mean: number };
}

/**
 * Integer cell offsets (dx, dy) whose centre distance d satisfies d <= band (including (0, 0)),
 * as a flat Int32Array [dx0, dy0, dx1, dy1, ...], sorted by dy then dx.
 */
export function neighbourOffsets(cellSize: number, band: number): Int32Array {
  if (!(cellSize > 0)) throw new RangeError(`cell size must be positive, got ${cellSize}`);
  if (!(band >= 0) || !Number.isFinite(band)) throw new RangeError(`band must be a non-negative number, got ${band}`);
  const r = Math.floor((band / cellSize) * (1 + 1e-9));
  const lim = (band / cellSize) ** 2 * (1 + 1e-9);
  const out: number[] = [];
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      if (dx * dx + dy * dy <= lim) out.push(dx, dy);
    }
  }
  return Int32Array.from(out);
}

/** Half-width per row offset dy: the offsets form, per dy in [-R, R], a run dx in [-rx[dy], rx[dy]]. */
function rowRuns(offsets: Int32Array): { R: number; rx: Int32Array } {
  let R = 0;
  for (let i = 1; i < offsets.length; i += 2) R = Math.max(R, Math.abs(offsets[i]!));
  const rx = new Int32Array(2 * R + 1).fill(-1);
  for (let i = 0; i < offsets.length; i += 2) {
    const dx = offsets[i]!;
    const dy = offsets[i + 1]!;
    rx[dy + R] = Math.max(rx[dy + R]!, Math.abs(dx));
  }
  return { R, rx };
}

/**
 * Benjamini-Hochberg adjusted p-values: q_(k) = min_{j>=k} min(1, n·p_(j)/j).
 * NaN p-values are left NaN and not counted in n.
 */
export function benjaminiHochberg(p: ArrayLike<number>): Float64Array {
  const n0 = p.length;
  const q = new Float64Array(n0).fill(NaN);
  const idx: number[] = [];
  for (let i = 0; i < n0; i++) if (!Number.isNaN(p[i]!)) idx.push(i);
  const order = Uint32Array.from(idx).sort((a, b) => p[a]! - p[b]!);
  const n = order.length;
  let running = 1;
  for (let k = n - 1; k >= 0; k--) {
    const i = order[k]!;
    const v = Math.min(1, (n * p[i]!) / (k + 1));
    if (v < running) running = v;
    q[i] = running;
  }
  return q;
}

/** Gi_Bin-style class from z and a (possibly adjusted) p-value. */
export function giBin(z: number, p: number): number {
  if (!(p <= 0.1) || z === 0) return 0;
  const s = z > 0 ? 1 : -1;
  if (p <= 0.01) return 3 * s;
  if (p <= 0.05) return 2 * s;
  return s;
}

/**
 * Getis-Ord Gi* z-scores, p-values and hot/cold bins for every cell of a grid
 * (e.g. the result of `gridCounts`). See the module header for the definitions.
 */
export function giStar(grid: GridValues, options: GiStarOptions = {}): GiStarResult {
  const band = options.band ?? DEFAULT_BAND;
  const { nx, ny, cellSize } = grid;
  const x = grid.counts;
  const cellsAll = nx * ny;
  if (x.length !== cellsAll) throw new RangeError(`counts length ${x.length} differs from nx·ny = ${cellsAll}`);
  const offsets = neighbourOffsets(cellSize, band);
  if (options.mask) return giStarMasked(grid, options.mask, band, offsets, options.fdr === true);
  const n = cellsAll;
  const { R, rx } = rowRuns(offsets);
  let minNb = Infinity;
  let sumNb = 0;

  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i]!;
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean;
    ss += d * d;
    const a = Math.abs(x[i]!);
    if (a > maxAbs) maxAbs = a;
  }
  // two-pass variance, identical in exact arithmetic to Σx²/n − x̄² but without cancellation
  const sd = n > 0 ? Math.sqrt(ss / n) : 0;
  const constant = !(sd > 1e-12 * maxAbs); // also true for sd = 0 or n = 0

  const z = new Float64Array(n);
  const p = new Float64Array(n).fill(1);
  if (!constant && n > 1) {
    for (let iy = 0; iy < ny; iy++) {
      const dyA = Math.max(-R, -iy);
      const dyB = Math.min(R, ny - 1 - iy);
      for (let ix = 0; ix < nx; ix++) {
        let lx = 0;
        let W = 0;
        for (let dy = dyA; dy <= dyB; dy++) {
          const r = rx[dy + R]!;
          if (r < 0) continue;
          const xa = Math.max(ix - r, 0);
          const xb = Math.min(ix + r, nx - 1);
          const row = (iy + dy) * nx;
          for (let j = row + xa; j <= row + xb; j++) lx += x[j]!;
          W += xb - xa + 1;
        }
        if (W - 1 < minNb) minNb = W - 1;
        sumNb += W - 1;
        // binary weights: S1 = W
        const denomSq = (n * W - W * W) / (n - 1);
        const i = iy * nx + ix;
        if (denomSq > 0) {
          const zi = (lx - mean * W) / (sd * Math.sqrt(denomSq));
          z[i] = zi;
          p[i] = twoSidedP(zi);
        }
      }
    }
  }
  const pFdr = options.fdr ? benjaminiHochberg(p) : null;
  const bins = new Int8Array(n);
  const pb = pFdr ?? p;
  for (let i = 0; i < n; i++) bins[i] = giBin(z[i]!, pb[i]!);
  if (minNb === Infinity) ({ min: minNb, sum: sumNb } = neighbourStatsUnmasked(nx, ny, R, rx));
  return { z, p, pFdr, bins, n, mean, sd, constant, band, neighbours: offsets.length / 2, neighbourStats: { min: minNb, mean: n > 0 ? sumNb / n : 0 } };
}

/** Neighbour counts when the main loop did not run (constant grid): min and sum over all cells. */
function neighbourStatsUnmasked(nx: number, ny: number, R: number, rx: Int32Array): { min: number; sum: number } {
  let min = nx * ny > 0 ? Infinity : 0;
  let sum = 0;
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      let W = 0;
      for (let dy = Math.max(-R, -iy); dy <= Math.min(R, ny - 1 - iy); dy++) {
        const r = rx[dy + R]!;
        if (r >= 0) W += Math.min(ix + r, nx - 1) - Math.max(ix - r, 0) + 1;
      }
      if (W - 1 < min) min = W - 1;
      sum += W - 1;
    }
  }
  return { min, sum };
}

/** giStar restricted to the cells of a study-area mask (see module header). */
function giStarMasked(grid: GridValues, mask: ArrayLike<number>, band: number, offsets: Int32Array, fdr: boolean): GiStarResult {
  const { nx, ny } = grid;
  const x = grid.counts;
  const cellsAll = nx * ny;
  if (mask.length !== cellsAll) throw new RangeError(`mask length ${mask.length} differs from nx·ny = ${cellsAll}`);
  const { R, rx } = rowRuns(offsets);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < cellsAll; i++) {
    if (mask[i]) {
      n++;
      sum += x[i]!;
    }
  }
  const mean = n > 0 ? sum / n : 0;
  let ss = 0;
  let maxAbs = 0;
  for (let i = 0; i < cellsAll; i++) {
    if (!mask[i]) continue;
    const d = x[i]! - mean;
    ss += d * d;
    maxAbs = Math.max(maxAbs, Math.abs(x[i]!));
  }
  const sd = n > 0 ? Math.sqrt(ss / n) : 0;
  const constant = !(sd > 1e-12 * maxAbs);
  const z = new Float64Array(cellsAll);
  const p = new Float64Array(cellsAll).fill(1);
  const pRank = new Float64Array(cellsAll).fill(NaN);
  let minNb = Infinity;
  let sumNb = 0;
  for (let iy = 0; iy < ny; iy++) {
    const dyA = Math.max(-R, -iy);
    const dyB = Math.min(R, ny - 1 - iy);
    for (let ix = 0; ix < nx; ix++) {
      const i = iy * nx + ix;
      if (!mask[i]) continue;
      let lx = 0;
      let W = 0;
      for (let dy = dyA; dy <= dyB; dy++) {
        const r = rx[dy + R]!;
        if (r < 0) continue;
        const row = (iy + dy) * nx;
        const jb = row + Math.min(ix + r, nx - 1);
        for (let j = row + Math.max(ix - r, 0); j <= jb; j++) {
          if (mask[j]) {
            lx += x[j]!;
            W++;
          }
        }
      }
      if (W - 1 < minNb) minNb = W - 1;
      sumNb += W - 1;
      const denomSq = (n * W - W * W) / (n - 1);
      if (!constant && n > 1 && denomSq > 0) {
        const zi = (lx - mean * W) / (sd * Math.sqrt(denomSq));
        z[i] = zi;
        p[i] = twoSidedP(zi);
      }
      pRank[i] = p[i]!;
    }
  }
  const pFdr = fdr ? benjaminiHochberg(pRank) : null;
  const bins = new Int8Array(cellsAll);
  const pb = pFdr ?? p;
  for (let i = 0; i < cellsAll; i++) if (mask[i]) bins[i] = giBin(z[i]!, pb[i]!);
  return {
    z,
    p,
    pFdr,
    bins,
    n,
    mean,
    sd,
    constant,
    band,
    neighbours: offsets.length / 2,
    neighbourStats: { min: minNb === Infinity ? 0 : minNb, mean: n > 0 ? sumNb / n : 0 },
  };
}
