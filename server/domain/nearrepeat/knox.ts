/**
 * Knox test for near-repeat analysis, numerically compatible with the R package NearRepeat
 * (Wouter Steenbeek, `NearRepeat()` with its default interval arguments) and able to lay out its
 * table like Ratcliffe's Near Repeat Calculator (NRC).
 *
 * Semantics (as NearRepeat):
 * - every unordered pair of distinct events counts once; spatial distance Euclidean or
 *   Manhattan (|dx| + |dy|, NearRepeat's default), temporal distance |t_i - t_j| in days;
 * - bands are left-closed, right-open [b_k, b_k+1) (R's `cut(right = FALSE)`); pairs below the
 *   first or at/above the last break are left out; a last break of Infinity is an open band;
 * - null distribution: the event times are permuted over the locations (sampling without
 *   replacement) and the table recounted, `permutations` times;
 * - per cell: observed count, mean and median of the simulated counts, Knox ratio
 *   observed / mean (and observed / median), p = (#{sim >= observed} + 1) / (permutations + 1).
 *
 * Speed: spatial bands do not change under permutation, so the pairs closer than the last
 * finite spatial break are gathered once (kdbush radius queries) into typed arrays, and each
 * permutation only recounts their time lags (a table look-up for whole days). When the last
 * spatial break is Infinity, the open band is "all pairs minus the finite bands": the all-pairs
 * histogram of time lags depends only on the multiset of times, which a permutation does not
 * change, so it is computed once in O(n log n + n * bands) from the sorted times. Permutations
 * can be spread over worker threads; each permutation has its own generator derived from
 * (seed, permutation index), so results for a seed do not depend on the number of workers.
 */
import KDBush from 'kdbush';
import { Worker } from 'node:worker_threads';
import { axisFromBreaks, bandIndex, nrcNote, nrcSpatialAxis, nrcTemporalAxis, type BandAxis } from './bands.js';
import { countObserved, lagColumn, simulateRange, SKIP, type KernelContext } from './kernel.js';

export type DistanceMethod = 'euclidean' | 'manhattan';

/** One event: x, y in metres (RD New), t in days (whole days, or fractional when a time of day is known). */
export interface KnoxEvent {
  x: number;
  y: number;
  t: number;
}

/** Columnar events (same units as KnoxEvent); cheaper for large inputs. */
export interface KnoxColumns {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  t: ArrayLike<number>;
}

export type KnoxInput = readonly KnoxEvent[] | KnoxColumns;

/** NRC layout: bandwidths and numbers of bands as entered in the Near Repeat Calculator. */
export interface NrcSettings {
  spatialBandwidth: number;
  spatialBands: number;
  temporalBandwidth: number;
  temporalBands: number;
}

export interface KnoxOptions {
  /** Spatial breaks in metres, e.g. [0, 1, 101, 201, 301, 401, Infinity]. Ignored when nrc is set. */
  spatialBreaks?: readonly number[];
  /** Temporal breaks in days, e.g. [0, 7, 14, 21, 28, Infinity]. Ignored when nrc is set. */
  temporalBreaks?: readonly number[];
  /** NRC mode: NRC labels, with the breaks the NRC actually counts with. */
  nrc?: NrcSettings;
  /** Spatial distance; default 'manhattan' (NearRepeat's default). */
  distance?: DistanceMethod;
  /** Number of Monte Carlo permutations; default 999. */
  permutations?: number;
  /** Seed of the permutations (unsigned 32-bit integer); default 1. */
  seed?: number;
  /** Worker threads for the permutations (knoxTest only); default 1 = in this thread. */
  workers?: number;
  /** Also return every simulated count (result.simulations). Default false. */
  keepSimulations?: boolean;
  /** Safety limit on stored near pairs (5 bytes each); default 300 million. */
  maxPairs?: number;
  /**
   * Progress hook (knoxTest only): called with the number of finished permutations and the
   * total. When set, knoxTest runs the permutations in chunks (in this thread, yielding to the
   * event loop between chunks, or spread over the workers); every permutation keeps its own
   * generator, so the result is the same as without the hook.
   */
  onProgress?: (done: number, total: number) => void;
}

export interface KnoxResult {
  /** 'nrc' when the NRC layout was requested. */
  mode: 'breaks' | 'nrc';
  distance: DistanceMethod;
  permutations: number;
  seed: number;
  /** Number of events. */
  events: number;
  /** All unordered pairs, n (n - 1) / 2. */
  pairs: number;
  /** Pairs closer than the last finite spatial break (the ones recounted per permutation). */
  nearPairs: number;
  spatialBreaks: number[];
  temporalBreaks: number[];
  /** Row labels to display (NRC labels in NRC mode, else interval labels). */
  spatialBands: string[];
  /** Column labels to display (NRC labels in NRC mode, else interval labels). */
  temporalBands: string[];
  /** Exact interval of every row, "[0,1)", "[1,101)", ..., "[401,Inf)". */
  spatialIntervals: string[];
  /** Exact interval of every column, "[0,7)", ..., "[28,Inf)". */
  temporalIntervals: string[];
  /** Matrices below: rows = spatial bands, columns = temporal bands. */
  observed: number[][];
  simulatedMean: number[][];
  simulatedMedian: number[][];
  /** observed / simulatedMean; null when the mean is 0 (R gives NaN or Inf there). */
  knoxRatio: (number | null)[][];
  /** observed / simulatedMedian; null when the median is 0. */
  knoxRatioMedian: (number | null)[][];
  /** (#{simulated >= observed} + 1) / (permutations + 1). */
  pValue: number[][];
  /** Dutch explanation of the NRC layout in NRC mode, else null. */
  note: string | null;
  /** simulations[s][t][p] when keepSimulations was set. */
  simulations?: number[][][];
}

/** Bad input data or options; the message is Dutch and meant for end users. */
export class KnoxInputError extends Error {}

const DEFAULT_MAX_PAIRS = 300_000_000;
/** Largest day span for which the lag-to-band look-up table is used. */
const MAX_LOOKUP_SPAN = 20_000_000;

interface Columns {
  x: Float64Array;
  y: Float64Array;
  t: Float64Array;
}

function toColumns(input: KnoxInput): Columns {
  let n: number;
  let get: (i: number) => [unknown, unknown, unknown];
  if (Array.isArray(input)) {
    const rows = input as readonly KnoxEvent[];
    n = rows.length;
    get = (i) => {
      const e = rows[i]!;
      return [e.x, e.y, e.t];
    };
  } else {
    const c = input as KnoxColumns;
    n = c.x.length;
    if (c.y.length !== n || c.t.length !== n) {
      throw new KnoxInputError('De kolommen x, y en t moeten even lang zijn.');
    }
    get = (i) => [c.x[i], c.y[i], c.t[i]];
  }
  if (n < 2) throw new KnoxInputError(`Er zijn minstens 2 gebeurtenissen nodig voor de Knox-test (gevonden: ${n}).`);
  if (n >= 2 ** 32 - 1) throw new KnoxInputError('Te veel gebeurtenissen.');
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [xi, yi, ti] = get(i);
    if (typeof xi !== 'number' || typeof yi !== 'number' || typeof ti !== 'number' || !Number.isFinite(xi) || !Number.isFinite(yi) || !Number.isFinite(ti)) {
      throw new KnoxInputError(`Gebeurtenis ${i + 1} heeft geen geldige x, y of tijd.`);
    }
    x[i] = xi;
    y[i] = yi;
    t[i] = ti;
  }
  return { x, y, t };
}

function checkInt(v: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new KnoxInputError(`${what} moet een geheel getal van ${min} tot en met ${max} zijn (gekregen: ${v}).`);
  }
  return v;
}

interface Settings {
  mode: 'breaks' | 'nrc';
  spatial: BandAxis;
  temporal: BandAxis;
  note: string | null;
  distance: DistanceMethod;
  permutations: number;
  seed: number;
  workers: number;
  keepSimulations: boolean;
  maxPairs: number;
}

function settingsFrom(options: KnoxOptions): Settings {
  let spatial: BandAxis;
  let temporal: BandAxis;
  let note: string | null = null;
  let mode: 'breaks' | 'nrc' = 'breaks';
  if (options.nrc) {
    mode = 'nrc';
    spatial = nrcSpatialAxis(options.nrc.spatialBandwidth, options.nrc.spatialBands);
    temporal = nrcTemporalAxis(options.nrc.temporalBandwidth, options.nrc.temporalBands);
    note = nrcNote(spatial, temporal);
  } else {
    if (!options.spatialBreaks || !options.temporalBreaks) {
      throw new KnoxInputError('Geef ruimtelijke en temporele grenzen op, of een NRC-indeling.');
    }
    spatial = axisFromBreaks(options.spatialBreaks, 'Ruimtelijke grenzen');
    temporal = axisFromBreaks(options.temporalBreaks, 'Temporele grenzen');
  }
  const distance = options.distance ?? 'manhattan';
  if (distance !== 'euclidean' && distance !== 'manhattan') {
    throw new KnoxInputError(`Onbekende afstandsmaat "${String(distance)}"; kies euclidean of manhattan.`);
  }
  return {
    mode,
    spatial,
    temporal,
    note,
    distance,
    permutations: checkInt(options.permutations ?? 999, 'Het aantal permutaties', 1, 10_000_000),
    seed: checkInt(options.seed ?? 1, 'De seed', 0, 2 ** 32 - 1),
    workers: checkInt(options.workers ?? 1, 'Het aantal workers', 1, 64),
    keepSimulations: options.keepSimulations ?? false,
    maxPairs: checkInt(options.maxPairs ?? DEFAULT_MAX_PAIRS, 'maxPairs', 0, 2 ** 32 - 2),
  };
}

function uint32(len: number, shared: boolean): Uint32Array {
  return shared ? new Uint32Array(new SharedArrayBuffer(Math.max(1, len) * 4), 0, len) : new Uint32Array(len);
}
function uint8(len: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(Math.max(1, len)), 0, len) : new Uint8Array(len);
}

/** Internal layout of the spatial axis. */
interface SpatialPlan {
  /** Spatial bands with a finite upper break (rows 0 .. finiteRows-1). */
  finiteRows: number;
  /** Whether the last band is open (last break Infinity). */
  open: boolean;
  /** Whether pairs below the first break must be counted (to subtract them from the open band). */
  needBelow: boolean;
  /** Internal rows: finiteRows, plus one "below the first break" row when needBelow. */
  numRows: number;
  /** Pairs with distance < cut are gathered. */
  cut: number;
}

function planSpatial(breaks: readonly number[]): SpatialPlan {
  const bands = breaks.length - 1;
  const open = breaks[bands] === Infinity;
  const finiteRows = open ? bands - 1 : bands;
  const needBelow = open && breaks[0]! > 0;
  return { finiteRows, open, needBelow, numRows: finiteRows + (needBelow ? 1 : 0), cut: breaks[finiteRows]! };
}

/**
 * Gathers every pair closer than plan.cut into CSR arrays, in a spatially coherent storage
 * order (kdbush's tree order). Distances are computed exactly as R's dist() does.
 */
function gatherPairs(
  cols: Columns,
  breaks: readonly number[],
  plan: SpatialPlan,
  distance: DistanceMethod,
  maxPairs: number,
  shared: boolean,
): Pick<KernelContext, 'order' | 'rowStart' | 'cols' | 'rows'> {
  const n = cols.x.length;
  const rowStart = uint32(n + 1, shared);
  if (plan.numRows === 0 || !(plan.cut > 0)) {
    const order = uint32(n, shared);
    for (let k = 0; k < n; k++) order[k] = k;
    return { order, rowStart, cols: uint32(0, shared), rows: uint8(0, shared) };
  }
  const { x, y } = cols;
  const index = new KDBush(n, 64, Float64Array);
  for (let i = 0; i < n; i++) index.add(x[i]!, y[i]!);
  index.finish();
  const order = uint32(n, shared);
  order.set(index.ids);
  const pos = new Uint32Array(n);
  for (let k = 0; k < n; k++) pos[order[k]!] = k;

  const cut = plan.cut;
  const b0 = breaks[0]!;
  const belowRow = plan.finiteRows;
  const needBelow = plan.needBelow;
  const euclidean = distance === 'euclidean';
  // Query a hair wider than the cut, then filter exactly: kdbush compares squared distances.
  const radius = cut * (1 + 1e-9) + 1e-9;
  let cap = Math.min(maxPairs, Math.max(1024, n * 8));
  let pc = new Uint32Array(cap);
  let pr = new Uint8Array(cap);
  let m = 0;
  const found: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const xi = x[i]!;
    const yi = y[i]!;
    const hits = index.withinInto(xi, yi, radius, found);
    for (let h = 0; h < hits; h++) {
      const j = found[h]!;
      const pj = pos[j]!;
      if (pj <= k) continue;
      const dx = xi - x[j]!;
      const dy = yi - y[j]!;
      const d = euclidean ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
      if (!(d < cut)) continue;
      let row: number;
      if (d < b0) {
        if (!needBelow) continue;
        row = belowRow;
      } else {
        row = bandIndex(breaks, d);
      }
      if (m === cap) {
        if (cap >= maxPairs) {
          throw new KnoxInputError(
            `Te veel paren dichter bij elkaar dan ${cut} m (meer dan ${maxPairs.toLocaleString('nl-NL')}). ` +
              'Kies een kleinere laatste eindige afstandsgrens, eventueel gevolgd door Inf.',
          );
        }
        cap = Math.min(maxPairs, cap * 2);
        const nc = new Uint32Array(cap);
        nc.set(pc);
        pc = nc;
        const nr = new Uint8Array(cap);
        nr.set(pr);
        pr = nr;
      }
      pc[m] = pj;
      pr[m] = row;
      m++;
    }
    rowStart[k + 1] = m;
  }
  let outCols: Uint32Array;
  let outRows: Uint8Array;
  if (shared) {
    outCols = uint32(m, true);
    outCols.set(pc.subarray(0, m));
    outRows = uint8(m, true);
    outRows.set(pr.subarray(0, m));
  } else {
    outCols = m === cap ? pc : pc.slice(0, m);
    outRows = m === cap ? pr : pr.slice(0, m);
  }
  return { order, rowStart, cols: outCols, rows: outRows };
}

/** Internal layout of the temporal axis (see KernelContext.numCols). */
interface TemporalPlan {
  /** Whether the last band is open (last break Infinity). */
  open: boolean;
  /** Temporal bands with a finite upper break (columns 0 .. finiteCols-1). */
  finiteCols: number;
  /** Internal column for lags below the first break, or SKIP. */
  belowCol: number;
  numCols: number;
  /** Breaks b_0 .. b_finiteCols. */
  counted: number[];
}

function planTemporal(breaks: readonly number[]): TemporalPlan {
  const bands = breaks.length - 1;
  const open = breaks[bands] === Infinity;
  const finiteCols = open ? bands - 1 : bands;
  const needBelow = open && breaks[0]! > 0;
  return {
    open,
    finiteCols,
    belowCol: needBelow ? finiteCols : SKIP,
    numCols: finiteCols + (needBelow ? 1 : 0),
    counted: breaks.slice(0, finiteCols + 1),
  };
}

/** Times for the kernel: whole days with a lag look-up table when possible. */
function prepareTimes(
  t: Float64Array,
  plan: TemporalPlan,
  shared: boolean,
): Pick<KernelContext, 'timesInt' | 'timesFloat' | 'lookup' | 'temporalBreaks' | 'belowCol' | 'numCols'> {
  const n = t.length;
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = t[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  const temporalBreaks = shared ? new Float64Array(new SharedArrayBuffer(plan.counted.length * 8)) : new Float64Array(plan.counted.length);
  temporalBreaks.set(plan.counted);
  const common = { temporalBreaks, belowCol: plan.belowCol, numCols: plan.numCols };
  if (whole && max - min <= MAX_LOOKUP_SPAN) {
    const span = max - min;
    const timesInt = shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
    for (let i = 0; i < n; i++) timesInt[i] = t[i]! - min;
    const lookup = uint8(span + 1, shared);
    for (let d = 0; d <= span; d++) lookup[d] = lagColumn(plan.counted, plan.belowCol, d);
    return { timesInt, timesFloat: null, lookup, ...common };
  }
  const timesFloat = shared ? new Float64Array(new SharedArrayBuffer(n * 8)) : new Float64Array(n);
  timesFloat.set(t);
  return { timesInt: null, timesFloat, lookup: null, ...common };
}

/**
 * Histogram of the time lags of ALL n (n - 1) / 2 pairs over the temporal bands. Invariant under
 * permutation of the times. Two pointers over the sorted times per break: O(n log n + n * bands).
 */
export function allPairsLagHistogram(times: ArrayLike<number>, breaks: readonly number[]): number[] {
  const n = times.length;
  const sorted = Float64Array.from(times as ArrayLike<number>).sort();
  const total = (n * (n - 1)) / 2;
  const below = (b: number): number => {
    if (b === Infinity) return total;
    if (!(b > 0)) return 0;
    let count = 0;
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (j <= i) j = i + 1;
      const ti = sorted[i]!;
      while (j < n && sorted[j]! - ti < b) j++;
      count += j - i - 1;
    }
    return count;
  };
  const cum = breaks.map(below);
  const out: number[] = [];
  for (let k = 0; k + 1 < breaks.length; k++) out.push(cum[k + 1]! - cum[k]!);
  return out;
}

interface Prepared {
  settings: Settings;
  plan: SpatialPlan;
  tplan: TemporalPlan;
  ctx: KernelContext;
  /** Stored pairs per internal spatial row (constant under permutation). */
  rowTotals: Float64Array;
  /** All-pairs lag histogram (open spatial band only). */
  allLags: number[] | null;
  events: number;
}

function prepare(input: KnoxInput, options: KnoxOptions, shared: boolean): Prepared {
  const settings = settingsFrom(options);
  const cols = toColumns(input);
  const sBreaks = settings.spatial.breaks;
  const tBreaks = settings.temporal.breaks;
  const plan = planSpatial(sBreaks);
  const tplan = planTemporal(tBreaks);
  const pairs = gatherPairs(cols, sBreaks, plan, settings.distance, settings.maxPairs, shared);
  const times = prepareTimes(cols.t, tplan, shared);
  const ctx: KernelContext = { n: cols.x.length, ...pairs, numRows: plan.numRows, ...times };
  const rowTotals = new Float64Array(plan.numRows);
  for (let k = 0; k < pairs.rows.length; k++) rowTotals[pairs.rows[k]!]!++;
  return {
    settings,
    plan,
    tplan,
    ctx,
    rowTotals,
    allLags: plan.open ? allPairsLagHistogram(cols.t, tBreaks) : null,
    events: cols.x.length,
  };
}

/**
 * Maps internal counts (numRows x numCols at offset) to the output table (spatial x temporal
 * bands): the open temporal column is the row total minus the counted columns, the open spatial
 * row is the all-pairs lag histogram minus the internal rows.
 */
function toTable(prep: Prepared, internal: Float64Array, offset: number, out: Float64Array, outOffset: number): void {
  const { plan, tplan, ctx, allLags, rowTotals } = prep;
  const nT = prep.settings.temporal.breaks.length - 1;
  const w = ctx.numCols;
  const full = (r: number, c: number): number => {
    if (c < tplan.finiteCols) return internal[offset + r * w + c]!;
    let v = rowTotals[r]!;
    for (let k = 0; k < w; k++) v -= internal[offset + r * w + k]!;
    return v;
  };
  for (let s = 0; s < plan.finiteRows; s++) {
    for (let c = 0; c < nT; c++) out[outOffset + s * nT + c] = full(s, c);
  }
  if (plan.open && allLags) {
    const openRow = plan.finiteRows;
    for (let c = 0; c < nT; c++) {
      let v = allLags[c]!;
      for (let r = 0; r < plan.numRows; r++) v -= full(r, c);
      out[outOffset + openRow * nT + c] = v;
    }
  }
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  const h = n >>> 1;
  return n % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

function buildResult(prep: Prepared, observedInternal: Float64Array, simsInternal: Float64Array): KnoxResult {
  const { settings, ctx } = prep;
  const nS = settings.spatial.breaks.length - 1;
  const nT = settings.temporal.breaks.length - 1;
  const cells = nS * nT;
  const P = settings.permutations;
  const internalCells = ctx.numRows * ctx.numCols;
  const obs = new Float64Array(cells);
  toTable(prep, observedInternal, 0, obs, 0);
  const sims = new Float64Array(P * cells);
  for (let p = 0; p < P; p++) toTable(prep, simsInternal, p * internalCells, sims, p * cells);

  const matrix = <T>(): T[][] => Array.from({ length: nS }, () => new Array<T>(nT));
  const observed = matrix<number>();
  const simulatedMean = matrix<number>();
  const simulatedMedian = matrix<number>();
  const knoxRatio = matrix<number | null>();
  const knoxRatioMedian = matrix<number | null>();
  const pValue = matrix<number>();
  const simulations = settings.keepSimulations ? matrix<number[]>() : undefined;
  const column = new Float64Array(P);
  for (let s = 0; s < nS; s++) {
    for (let c = 0; c < nT; c++) {
      const cell = s * nT + c;
      const o = obs[cell]!;
      let sum = 0;
      let atLeast = 0;
      for (let p = 0; p < P; p++) {
        const v = sims[p * cells + cell]!;
        column[p] = v;
        sum += v;
        if (v >= o) atLeast++;
      }
      const mean = sum / P;
      if (simulations) simulations[s]![c] = Array.from(column);
      column.sort();
      const med = median(column);
      observed[s]![c] = o;
      simulatedMean[s]![c] = mean;
      simulatedMedian[s]![c] = med;
      knoxRatio[s]![c] = mean === 0 ? null : o / mean;
      knoxRatioMedian[s]![c] = med === 0 ? null : o / med;
      pValue[s]![c] = (atLeast + 1) / (P + 1);
    }
  }
  const n = prep.events;
  const result: KnoxResult = {
    mode: settings.mode,
    distance: settings.distance,
    permutations: P,
    seed: settings.seed,
    events: n,
    pairs: (n * (n - 1)) / 2,
    nearPairs: ctx.cols.length,
    spatialBreaks: [...settings.spatial.breaks],
    temporalBreaks: [...settings.temporal.breaks],
    spatialBands: [...settings.spatial.labels],
    temporalBands: [...settings.temporal.labels],
    spatialIntervals: [...settings.spatial.intervals],
    temporalIntervals: [...settings.temporal.intervals],
    observed,
    simulatedMean,
    simulatedMedian,
    knoxRatio,
    knoxRatioMedian,
    pValue,
    note: settings.note,
  };
  if (simulations) result.simulations = simulations;
  return result;
}

/** Knox test in the calling thread (options.workers must be absent or 1). */
export function knoxTestSync(input: KnoxInput, options: KnoxOptions): KnoxResult {
  if ((options.workers ?? 1) > 1) throw new KnoxInputError('knoxTestSync draait zonder workers; gebruik knoxTest.');
  const prep = prepare(input, options, false);
  const observed = countObserved(prep.ctx);
  const sims = simulateRange(prep.ctx, prep.settings.seed, 0, prep.settings.permutations);
  return buildResult(prep, observed, sims);
}

/**
 * Knox test; with options.workers > 1 the permutations run on that many worker threads (the
 * calling thread then only waits). The result for a seed is the same for any number of workers.
 */
export async function knoxTest(input: KnoxInput, options: KnoxOptions): Promise<KnoxResult> {
  const requested = checkInt(options.workers ?? 1, 'Het aantal workers', 1, 64);
  const workers = Math.min(requested, options.permutations ?? 999);
  const onProgress = options.onProgress;
  if (workers <= 1) {
    if (!onProgress) return knoxTestSync(input, { ...options, workers: 1 });
    return knoxInThreadWithProgress(input, { ...options, workers: 1 }, onProgress);
  }
  const prep = prepare(input, options, true);
  const { permutations: P, seed } = prep.settings;
  const observed = countObserved(prep.ctx);
  // Without a progress hook one chunk per worker; with it a few chunks per worker, run by a
  // pool of `workers`, so progress moves while the result stays the same.
  const numChunks = onProgress ? Math.min(P, workers * PROGRESS_CHUNKS_PER_WORKER) : workers;
  const chunks: [number, number][] = [];
  for (let w = 0; w < numChunks; w++) chunks.push([Math.floor((w * P) / numChunks), Math.floor(((w + 1) * P) / numChunks)]);
  const parts: Float64Array[] = new Array<Float64Array>(numChunks);
  let next = 0;
  let done = 0;
  onProgress?.(0, P);
  const runner = async (): Promise<void> => {
    while (next < numChunks) {
      const c = next++;
      const [from, to] = chunks[c]!;
      parts[c] = await runWorker(prep.ctx, seed, from, to);
      done += to - from;
      onProgress?.(done, P);
    }
  };
  await Promise.all(Array.from({ length: workers }, runner));
  const cells = prep.ctx.numRows * prep.ctx.numCols;
  const sims = new Float64Array(P * cells);
  parts.forEach((part, c) => sims.set(part, chunks[c]![0] * cells));
  return buildResult(prep, observed, sims);
}

/** Chunks per worker when a progress hook is set (each chunk starts one worker thread). */
const PROGRESS_CHUNKS_PER_WORKER = 4;
/** Chunks of the in-thread run with a progress hook. */
const PROGRESS_CHUNKS_IN_THREAD = 50;

/** In-thread run in chunks, yielding to the event loop between them and reporting progress. */
async function knoxInThreadWithProgress(input: KnoxInput, options: KnoxOptions, onProgress: (done: number, total: number) => void): Promise<KnoxResult> {
  const prep = prepare(input, options, false);
  const { permutations: P, seed } = prep.settings;
  const observed = countObserved(prep.ctx);
  const cells = prep.ctx.numRows * prep.ctx.numCols;
  const sims = new Float64Array(P * cells);
  const step = Math.max(1, Math.ceil(P / PROGRESS_CHUNKS_IN_THREAD));
  onProgress(0, P);
  for (let from = 0; from < P; from += step) {
    const to = Math.min(P, from + step);
    sims.set(simulateRange(prep.ctx, seed, from, to), from * cells);
    onProgress(to, P);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return buildResult(prep, observed, sims);
}

/**
 * Starts a worker on knox-worker. Under tsx or vitest (this module is a .ts file) Node cannot
 * load a .ts worker by itself and worker threads do not inherit tsx's loader, so a tiny eval'd
 * bootstrap loads the entry through tsx's tsImport API; compiled .js runs it directly.
 */
function startWorker(data: { ctx: KernelContext; seed: number; from: number; to: number }): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./knox-worker.ts', here).href;
    const api = import.meta.resolve('tsx/esm/api');
    const src = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
    return new Worker(src, { eval: true, workerData: data, execArgv: [] });
  }
  return new Worker(new URL('./knox-worker.js', here), { workerData: data, execArgv: [] });
}

function runWorker(ctx: KernelContext, seed: number, from: number, to: number): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const worker = startWorker({ ctx, seed, from, to });
    let done = false;
    worker.once('message', (msg: Float64Array) => {
      done = true;
      resolve(msg);
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`Knox-worker stopte onverwacht (code ${code}).`));
    });
  });
}

/** JSON shape of a KnoxResult: breaks with Infinity written as "Inf". */
export type KnoxResultJson = Omit<KnoxResult, 'spatialBreaks' | 'temporalBreaks'> & {
  spatialBreaks: (number | 'Inf')[];
  temporalBreaks: (number | 'Inf')[];
};

export function knoxResultToJson(r: KnoxResult): KnoxResultJson {
  const inf = (b: number): number | 'Inf' => (b === Infinity ? 'Inf' : b);
  return { ...r, spatialBreaks: r.spatialBreaks.map(inf), temporalBreaks: r.temporalBreaks.map(inf) };
}
