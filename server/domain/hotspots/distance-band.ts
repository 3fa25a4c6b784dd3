/**
 * Distance band for the optimized hot spot analysis (optimized.ts, step 4): incremental spatial
 * autocorrelation (ISA) on a (masked) grid.
 *
 * ArcGIS "Incremental Spatial Autocorrelation"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/incremental-spatial-autocorrelation.htm)
 * and "How Optimized Hot Spot Analysis works"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm):
 * global Moran's I (moran.ts, binary weights, randomisation variance) of the cell counts at
 * ISA_BANDS (10, ArcGIS's default) distances. The beginning distance is the smallest distance at
 * which every cell has at least one neighbour (ArcGIS's default), at least one cell size; the
 * increment is one cell size (the cells' nearest-neighbour distance). The band is the first peak
 * of the z-scores that is significant (z >= 1.96; `firstPeak`). Without such a peak the band is
 * the smallest distance at which cells have on average K neighbours, K = 5 % of the cells
 * clamped to 3..30 (our reading of ArcGIS's no-peak rule), never below the beginning distance.
 * So every cell has at least one neighbour. Cells outside the mask do not exist.
 */
import type { GridValues } from './gistar.js';
import { moranFromSums, type MoranVariance } from './moran.js';

export const ISA_BANDS = 10;

export type BandReason = 'peak' | 'neighbours' | 'manual';

export interface IsaStep {
  /** Distance band, metres. */
  distance: number;
  I: number;
  z: number;
  p: number;
  /** Neighbours per cell at this distance (excluding the cell itself). */
  neighbours: { min: number; mean: number };
}

/**
 * Accumulates binary distance-band weights on a grid one offset ring at a time, so a series
 * of increasing distances costs O(cells · offsets up to the largest distance) in all.
 */
class BandAccumulator {
  readonly n: number;
  readonly m2: number;
  readonly m4: number;
  private readonly z: Float64Array;
  private readonly deg: Int32Array;
  private readonly offsets: Array<[number, number, number]> = [];
  private next = 0;
  private reach = 0;
  cross = 0;
  S0 = 0;
  sumD2 = 0;
  /** Cells in the mask without any neighbour yet. */
  isolated: number;

  constructor(
    private readonly grid: GridValues,
    private readonly mask: ArrayLike<number> | null,
  ) {
    const { nx, ny } = grid;
    const all = nx * ny;
    const inside = (i: number) => (mask ? mask[i] === 1 : true);
    let n = 0;
    let sum = 0;
    for (let i = 0; i < all; i++) {
      if (inside(i)) {
        n++;
        sum += grid.counts[i]!;
      }
    }
    const mean = n > 0 ? sum / n : 0;
    this.z = new Float64Array(all);
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < all; i++) {
      if (!inside(i)) continue;
      const d = grid.counts[i]! - mean;
      this.z[i] = d;
      m2 += d * d;
      m4 += d * d * d * d;
    }
    this.n = n;
    this.m2 = m2;
    this.m4 = m4;
    this.deg = new Int32Array(all);
    this.isolated = n;
  }

  /** Offsets (half plane) with cell distance in (reach, r], sorted by distance. */
  private extendOffsets(r: number): void {
    const R = Math.ceil(r);
    const fresh: Array<[number, number, number]> = [];
    for (let dy = 0; dy <= R; dy++) {
      for (let dx = dy === 0 ? 1 : -R; dx <= R; dx++) {
        const d2 = dx * dx + dy * dy;
        if (d2 > this.reach * this.reach * (1 + 1e-9) && d2 <= R * R) fresh.push([dx, dy, d2]);
      }
    }
    fresh.sort((a, b) => a[2] - b[2]);
    this.offsets.push(...fresh);
    this.reach = R;
  }

  private apply(dx: number, dy: number): void {
    const { nx, ny } = this.grid;
    const m = this.mask;
    const z = this.z;
    const deg = this.deg;
    const ixA = Math.max(0, -dx);
    const ixB = Math.min(nx, nx - dx);
    const step = dy * nx + dx;
    // locals in the hot loop, written back once
    let cross = 0;
    let pairs = 0;
    let sumD2 = 0;
    let isolated = this.isolated;
    for (let iy = 0; iy + dy < ny; iy++) {
      const row = iy * nx;
      for (let ix = ixA; ix < ixB; ix++) {
        const i = row + ix;
        const j = i + step;
        if (m && (m[i] !== 1 || m[j] !== 1)) continue;
        cross += z[i]! * z[j]!;
        pairs++;
        const di = deg[i]!;
        const dj = deg[j]!;
        if (di === 0) isolated--;
        if (dj === 0) isolated--;
        sumD2 += 2 * di + 2 * dj + 2;
        deg[i] = di + 1;
        deg[j] = dj + 1;
      }
    }
    this.cross += 2 * cross;
    this.S0 += 2 * pairs;
    this.sumD2 += sumD2;
    this.isolated = isolated;
  }

  /** Adds every offset whose centre distance is <= distance (metres). */
  advanceTo(distance: number): void {
    const r = distance / this.grid.cellSize;
    if (r > this.reach) this.extendOffsets(r);
    const lim = r * r * (1 + 1e-9);
    while (this.next < this.offsets.length && this.offsets[this.next]![2] <= lim) {
      const [dx, dy] = this.offsets[this.next]!;
      this.apply(dx, dy);
      this.next++;
    }
  }

  /** The next offset distance (metres) beyond the current ones, or null when past `limit` cells. */
  nextDistance(limitCells: number): number | null {
    if (this.next >= this.offsets.length) this.extendOffsets(this.reach + 1);
    const o = this.offsets[this.next];
    if (!o || Math.sqrt(o[2]) > limitCells) return null;
    return Math.sqrt(o[2]) * this.grid.cellSize;
  }

  minDegree(): number {
    if (this.isolated > 0) return 0;
    let min = Infinity;
    const m = this.mask;
    for (let i = 0; i < this.deg.length; i++) if ((!m || m[i] === 1) && this.deg[i]! < min) min = this.deg[i]!;
    return min === Infinity ? 0 : min;
  }

  step(distance: number, variance: MoranVariance): IsaStep {
    this.advanceTo(distance);
    const r = moranFromSums({ n: this.n, m2: this.m2, m4: this.m4, cross: this.cross, S0: this.S0, S1: 2 * this.S0, S2: 4 * this.sumD2 }, variance);
    return { distance, I: r.I, z: r.z, p: r.p, neighbours: { min: this.minDegree(), mean: this.n > 0 ? this.S0 / this.n : 0 } };
  }
}

/**
 * Global Moran's I (binary distance-band weights between cell centres) of the grid values at
 * each of the increasing `distances` (metres); cells outside `mask` do not exist.
 */
export function incrementalMoran(
  grid: GridValues,
  distances: readonly number[],
  options: { mask?: ArrayLike<number> | null; variance?: MoranVariance } = {},
): IsaStep[] {
  const acc = new BandAccumulator(grid, options.mask ?? null);
  const out: IsaStep[] = [];
  let last = -Infinity;
  for (const d of distances) {
    if (!(d >= last)) throw new RangeError('distances must increase');
    last = d;
    out.push(acc.step(d, options.variance ?? 'randomisation'));
  }
  return out;
}

/**
 * Smallest centre distance (metres) at which every cell of the mask has at least one neighbour,
 * searched up to `limitCells` cell sizes; null when some cell is further from all others.
 */
export function minNeighbourDistance(grid: GridValues, mask: ArrayLike<number> | null = null, limitCells = 20): number | null {
  const acc = new BandAccumulator(grid, mask);
  if (acc.n < 2) return null;
  for (;;) {
    const d = acc.nextDistance(limitCells);
    if (d === null) return null;
    acc.advanceTo(d);
    if (acc.isolated === 0) return d;
  }
}

/**
 * Index of the first peak in a z-score series: z rises to it and does not rise after it, and
 * it is at least `minZ` (1.96, significant at 95 %). The first and last distances cannot be
 * peaks (nothing on one side). -1 when there is none.
 */
export function firstPeak(z: readonly number[], minZ = 1.96): number {
  for (let k = 1; k + 1 < z.length; k++) {
    if (z[k]! > z[k - 1]! && z[k]! >= z[k + 1]! && z[k]! >= minZ) return k;
  }
  return -1;
}

/** A distance band chosen from the data, with the series it came from. */
export interface BandChoice {
  /** Distance band, metres. */
  band: number;
  reason: Exclude<BandReason, 'manual'>;
  /** The ISA series (empty when it was not run). */
  isa: IsaStep[];
  /** Average-neighbour target K of the no-peak rule (null when not used). */
  targetNeighbours: number | null;
}

/**
 * The distance band by the rule in the module header. `cells` is the number of cells in the
 * mask (for K); with `runIsa: false` (too few incidents) the series is not computed and the
 * no-peak rule decides.
 */
export function chooseDistanceBand(grid: GridValues, mask: ArrayLike<number> | null, options: { cells: number; runIsa: boolean }): BandChoice {
  const begin = Math.max(grid.cellSize, minNeighbourDistance(grid, mask) ?? grid.cellSize);
  const inc = grid.cellSize;
  const distances = Array.from({ length: ISA_BANDS }, (_, k) => begin + k * inc);
  let isa: IsaStep[] = [];
  let peak = -1;
  if (options.runIsa) {
    isa = incrementalMoran(grid, distances, { mask });
    peak = firstPeak(isa.map((s) => s.z));
  }
  if (peak >= 0) return { band: isa[peak]!.distance, reason: 'peak', isa, targetNeighbours: null };
  const target = Math.min(30, Math.max(3, Math.round(0.05 * options.cells)));
  const band = isa.find((st) => st.neighbours.mean >= target)?.distance ?? neighbourTargetDistance(grid, mask, begin, inc, target);
  return { band, reason: 'neighbours', isa, targetNeighbours: target };
}

/** Smallest distance begin + k·inc (k <= 30) at which cells have on average >= target neighbours. */
function neighbourTargetDistance(grid: GridValues, mask: ArrayLike<number> | null, begin: number, inc: number, target: number): number {
  const acc = new BandAccumulator(grid, mask);
  let d = begin;
  for (let k = 0; k <= 30; k++, d = begin + k * inc) {
    acc.advanceTo(d);
    if (acc.n === 0 || acc.S0 / acc.n >= target) return d;
  }
  return d - inc;
}
