/**
 * Optimized hot spot analysis for incident points: the study area, cell size and distance band
 * are derived from the data, then Getis-Ord Gi* (gistar.ts) runs with the FDR correction.
 *
 * Method, following ArcGIS "How Optimized Hot Spot Analysis works"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/how-optimized-hot-spot-analysis-works.htm)
 * and "Incremental Spatial Autocorrelation"
 * (https://pro.arcgis.com/en/pro-app/latest/tool-reference/spatial-statistics/incremental-spatial-autocorrelation.htm)
 * where they fit a fixed RD grid:
 *
 * 1. Initial assessment: at least MIN_INCIDENTS (30, as ArcGIS asks) incidents, else no cell is
 *    rated (`rated: false`, warning `too-few`).
 * 2. Study area ("bounding polygons defining where incidents are possible"): only cells whose
 *    centre lies inside the study-area polygons, plus every cell that holds an incident, exist;
 *    cells outside are unknown (left out of n, x̄, s, the neighbours and the FDR ranking), not
 *    zero. `polygonMask` rasterises the polygons (even-odd rule) on the grid.
 * 3. Cell size: ArcGIS derives the fishnet cell size from the spacing of the incidents. Here:
 *    twice the median distance from an incident to the nearest incident at another location
 *    (robust to the spatial outliers ArcGIS removes first; queried for at most 10,000 sampled
 *    incidents), rounded to a multiple of CELL_STEP (50 m) and
 *    clamped to [MIN_CELL, MAX_CELL] = [50, 500] m, so cells line up with RD multiples.
 * 4. Distance band: incremental spatial autocorrelation, global Moran's I (moran.ts, binary
 *    weights, randomisation variance) of the cell counts at ISA_BANDS (10, ArcGIS's default)
 *    distances. The beginning distance is the smallest distance at which every cell has at least
 *    one neighbour (ArcGIS's default), at least one cell size; the increment is one cell size
 *    (the cells' nearest-neighbour distance). The band is the first peak of the z-scores that is
 *    significant (z >= 1.96; `firstPeak`). Without such a peak the band is the smallest
 *    distance at which cells have on average K neighbours, K = 5 % of the cells clamped to
 *    3..30 (our reading of ArcGIS's no-peak rule), never below the beginning distance. So
 *    every cell has at least one neighbour.
 * 5. Gi* with the Benjamini-Hochberg FDR correction (gistar.ts).
 *
 * Manual cell size or band replace steps 3 or 4; a manual band shorter than the cell size gives
 * no cell a neighbour (`neighbourless`), which callers refuse.
 */
import KDBush from 'kdbush';
import { gridCounts, pointArrays, type Extent, type Grid, type GridSpec, type PointsInput } from './grid.js';
import { giStar, type GiStarResult, type GridValues } from './gistar.js';
import { moranFromSums, type MoranVariance } from './moran.js';
import { fmtM } from './parameter-sentence.js';

export { parameterSentence } from './parameter-sentence.js';

export const MIN_INCIDENTS = 30;
export const CELL_STEP = 50;
export const MIN_CELL = 50;
export const MAX_CELL = 500;
export const ISA_BANDS = 10;
/** Cell size used when the data cannot choose one (fewer than two distinct locations). */
export const FALLBACK_CELL = 250;

/** RD polygons: polygon -> rings -> [x, y] positions (GeoJSON MultiPolygon coordinates). */
export type Polygons = ReadonlyArray<ReadonlyArray<ReadonlyArray<readonly number[]>>>;

// ------------------------------------------------------------------------------------------
// Study area
// ------------------------------------------------------------------------------------------

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

// ------------------------------------------------------------------------------------------
// Cell size
// ------------------------------------------------------------------------------------------

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
 * Cell size from the incidents' spacing (module header, step 3): 2 × the median
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

// ------------------------------------------------------------------------------------------
// Incremental spatial autocorrelation on a (masked) grid
// ------------------------------------------------------------------------------------------

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

// ------------------------------------------------------------------------------------------
// The pipeline
// ------------------------------------------------------------------------------------------

export type BandReason = 'peak' | 'neighbours' | 'manual';
export type OptimizedWarning = 'too-few' | 'neighbourless' | 'isolated-cells' | 'constant';

export interface OptimizedOptions {
  /** Region to grid (gemeente or district bounding box), RD metres; default the points' bounding box. */
  extent?: Extent | null;
  /** Study-area polygons (RD); default: the whole extent. */
  studyArea?: Polygons | null;
  /** Manual cell size, metres; default chosen from the data. */
  cellSize?: number | null;
  /** Smallest cell the data-driven choice may pick (e.g. 100 m for aggregate-only callers); default MIN_CELL. */
  minCellSize?: number;
  /** Manual distance band, metres; default from incremental spatial autocorrelation. */
  band?: number | null;
  /** BH FDR correction (default true). */
  fdr?: boolean;
  minIncidents?: number;
  maxCells?: number;
}

export interface OptimizedParameters {
  method: 'optimized' | 'manual';
  cellSize: number;
  cellSizeReason: CellSizeReason;
  /** Median nearest-neighbour distance of distinct incident locations, metres (null when unknown/unused). */
  nearestNeighbour: number | null;
  distanceBand: number;
  bandReason: BandReason;
  /** The ISA series the band came from (empty with a manual band or too few incidents). */
  isa: IsaStep[];
  /** Average-neighbour target K of the no-peak rule (null when not used). */
  targetNeighbours: number | null;
  neighbours: { min: number; mean: number };
  /** Incidents counted in the grid. */
  incidents: number;
  /** Cells in the study area (the n of Gi*). */
  cells: number;
  fdr: boolean;
  /** False when no cell was rated (too few incidents, no neighbours, constant counts). */
  rated: boolean;
  warnings: OptimizedWarning[];
}

export interface OptimizedResult {
  grid: Grid;
  /** Study-area mask (1 = cell exists); null = every cell of the grid. */
  mask: Uint8Array | null;
  gi: GiStarResult | null;
  parameters: OptimizedParameters;
}

/** Runs the optimized (or partly manual) hot spot analysis described in the module header. */
export function optimizedHotSpots(points: PointsInput, options: OptimizedOptions): OptimizedResult {
  const minIncidents = options.minIncidents ?? MIN_INCIDENTS;
  const fdr = options.fdr ?? true;
  const manualCell = options.cellSize ?? null;
  const manualBand = options.band ?? null;
  const warnings: OptimizedWarning[] = [];

  const chosen = manualCell === null ? chooseCellSize(points, { min: Math.max(MIN_CELL, options.minCellSize ?? MIN_CELL) }) : { cellSize: manualCell, reason: 'manual' as const, nearestNeighbour: null };
  const grid = gridCounts(points, {
    cellSize: chosen.cellSize,
    ...(options.extent ? { extent: options.extent } : {}),
    ...(options.maxCells ? { maxCells: options.maxCells } : {}),
  });
  let mask: Uint8Array | null = null;
  if (options.studyArea) {
    mask = polygonMask(grid, options.studyArea);
    for (let i = 0; i < mask.length; i++) if (grid.counts[i]! > 0) mask[i] = 1;
  }
  let cells = 0;
  if (mask) for (let i = 0; i < mask.length; i++) cells += mask[i]!;
  else cells = grid.nx * grid.ny;
  const incidents = grid.total;
  const tooFew = incidents < minIncidents;
  if (tooFew) warnings.push('too-few');

  // Band
  let band: number;
  let bandReason: BandReason;
  let isa: IsaStep[] = [];
  let targetNeighbours: number | null = null;
  if (manualBand !== null) {
    band = manualBand;
    bandReason = 'manual';
  } else {
    const begin = Math.max(grid.cellSize, minNeighbourDistance(grid, mask) ?? grid.cellSize);
    const inc = grid.cellSize;
    const distances = Array.from({ length: ISA_BANDS }, (_, k) => begin + k * inc);
    let peak = -1;
    if (!tooFew) {
      isa = incrementalMoran(grid, distances, { mask });
      peak = firstPeak(isa.map((s) => s.z));
    }
    if (peak >= 0) {
      band = isa[peak]!.distance;
      bandReason = 'peak';
    } else {
      const target = Math.min(30, Math.max(3, Math.round(0.05 * cells)));
      targetNeighbours = target;
      band = isa.find((st) => st.neighbours.mean >= target)?.distance ?? neighbourTargetDistance(grid, mask, begin, inc, target);
      bandReason = 'neighbours';
    }
  }

  const method = manualCell === null && manualBand === null ? 'optimized' : 'manual';
  const base = {
    method,
    cellSize: grid.cellSize,
    cellSizeReason: chosen.reason,
    nearestNeighbour: chosen.nearestNeighbour,
    distanceBand: band,
    bandReason,
    isa,
    targetNeighbours,
    incidents,
    cells,
    fdr,
  } as const;
  if (band < grid.cellSize * (1 - 1e-9)) {
    warnings.push('neighbourless');
    return { grid, mask, gi: null, parameters: { ...base, neighbours: { min: 0, mean: 0 }, rated: false, warnings } };
  }
  const gi = giStar(grid, { band, fdr, mask });
  if (gi.neighbourStats.min === 0) warnings.push('isolated-cells');
  if (gi.constant) warnings.push('constant');
  const rated = !tooFew && !gi.constant;
  if (!rated) {
    gi.bins.fill(0);
  }
  return { grid, mask, gi, parameters: { ...base, neighbours: gi.neighbourStats, rated, warnings } };
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

// ------------------------------------------------------------------------------------------
// Dutch explanation
// ------------------------------------------------------------------------------------------


/** Dutch reasons per choice and warnings, for the API and the CLI. */
export function describeParameters(p: OptimizedParameters): { cellSize: string; distanceBand: string; warnings: string[] } {
  const cellSize =
    p.cellSizeReason === 'manual'
      ? 'zelf gekozen'
      : p.cellSizeReason === 'fallback'
        ? 'standaardwaarde, te weinig verschillende locaties om uit te rekenen'
        : `uit de afstand tussen de incidenten (mediaan ${fmtM(p.nearestNeighbour ?? 0)} tot de dichtstbijzijnde)` +
          (p.cellSizeReason === 'minimum' ? `, begrensd op minimaal ${fmtM(MIN_CELL)}` : p.cellSizeReason === 'maximum' ? `, begrensd op maximaal ${fmtM(MAX_CELL)}` : '');
  const distanceBand =
    p.bandReason === 'manual'
      ? 'zelf gekozen'
      : p.bandReason === 'peak'
        ? 'waar de ruimtelijke samenhang het sterkst is'
        : `zonder duidelijke piek in de ruimtelijke samenhang: gemiddeld ${p.targetNeighbours ?? 0} buurcellen`;
  const warnings = p.warnings.map((w) => {
    switch (w) {
      case 'too-few':
        return `Te weinig incidenten voor een betrouwbare hotspotanalyse: ${p.incidents}, minstens ${MIN_INCIDENTS} nodig. Er zijn geen cellen als hotspot beoordeeld; kies een langere periode, meer soorten of een groter gebied.`;
      case 'neighbourless':
        return `De afstandsband (${fmtM(p.distanceBand)}) is kleiner dan de celgrootte (${fmtM(p.cellSize)}): geen cel heeft een buurcel.`;
      case 'isolated-cells':
        return `Sommige cellen hebben binnen ${fmtM(p.distanceBand)} geen buurcel; hun score berust alleen op hun eigen aantal.`;
      case 'constant':
        return 'Alle cellen hebben hetzelfde aantal incidenten; er is niets te vergelijken.';
    }
  });
  return { cellSize, distanceBand, warnings };
}

