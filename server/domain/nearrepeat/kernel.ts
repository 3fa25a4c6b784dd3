/**
 * Hot loop of the Knox test: count stored event pairs per (spatial row, temporal band) for one
 * assignment of times to locations, and the Monte Carlo permutations of those times.
 *
 * Kept free of spatial-index code so a worker thread can import it cheaply. Every array in a
 * KernelContext may live on a SharedArrayBuffer, so workers read the same memory.
 *
 * Layout: events are stored in a spatially coherent order (position k holds input event
 * order[k]), which keeps the time look-ups of near pairs close together in memory. Pairs are a
 * CSR structure: the partners of position k are cols[rowStart[k] .. rowStart[k+1]), all > k,
 * with the pair's spatial row in rows[]. Permutations shuffle the times in INPUT order and then
 * gather them into storage order, so results depend only on the seed and the input order,
 * never on how the spatial index happened to order the events.
 */
import { mulberry32, shuffleInPlace } from '../random.js';

export interface KernelContext {
  /** Number of events. */
  n: number;
  /** order[k] = input index of the event stored at position k. */
  order: Uint32Array;
  /** CSR row offsets, length n + 1. */
  rowStart: Uint32Array;
  /** Partner position of each stored pair (always greater than the row's position). */
  cols: Uint32Array;
  /** Internal spatial row of each stored pair. */
  rows: Uint8Array;
  /** Number of internal spatial rows (finite spatial bands, plus one "below the first break" row when needed). */
  numRows: number;
  /**
   * Number of internal temporal columns: the temporal bands with a finite upper break, plus one
   * "below the first break" column when the last band is open and the first break is above 0.
   * Lags in the open band (or outside every band) are not counted here: the open column is
   * derived as (pairs in the row) - (counted columns), as row totals never change.
   */
  numCols: number;
  /** Event times in input order as whole days (fast path), or null. */
  timesInt: Int32Array | null;
  /** Event times in input order as (fractional) days, used when timesInt is null. */
  timesFloat: Float64Array | null;
  /** For the whole-day path: lookup[lag] = internal column of that lag, or SKIP. */
  lookup: Uint8Array | null;
  /** Finite temporal breaks bounding the counted columns (b_0 .. b_numFinite), for the fractional-day path. */
  temporalBreaks: Float64Array;
  /** Internal column for lags below temporalBreaks[0], or SKIP. */
  belowCol: number;
}

/** Lookup code of a lag that is not counted. */
export const SKIP = 255;

/** Internal column of lag d given the finite breaks (see KernelContext), or SKIP. */
export function lagColumn(tb: ArrayLike<number>, belowCol: number, d: number): number {
  const nb = tb.length;
  if (!(d >= tb[0]!)) return belowCol;
  if (!(d < tb[nb - 1]!)) return SKIP;
  let lo = 0;
  let hi = nb - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (d >= tb[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** murmur3's 32-bit finaliser: a bijective, well-mixing hash of a 32-bit integer. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Seed of permutation p for run seed s. Every permutation has its own generator, so the result
 * for a seed is identical however the permutations are split over worker threads.
 */
export function permutationSeed(seed: number, p: number): number {
  return fmix32((seed >>> 0) ^ fmix32((Math.imul(p + 1, 0x9e3779b9) >>> 0) ^ 0x5bd1e995));
}

/** Adds the counts of all stored pairs for times tp (storage order) to hist (numRows x numCols). */
export function countPairs(ctx: KernelContext, tp: Int32Array | Float64Array, hist: Float64Array): void {
  if (ctx.numCols === 0) return;
  if (ctx.lookup && tp instanceof Int32Array) countPairsWholeDays(ctx, ctx.lookup, tp, hist);
  else countPairsFractional(ctx, tp, hist);
}

/** Whole days: the column of a lag is one table look-up; most lags are skipped (open band). */
function countPairsWholeDays(ctx: KernelContext, lookup: Uint8Array, tp: Int32Array, hist: Float64Array): void {
  const { n, rowStart, cols, rows } = ctx;
  const w = ctx.numCols;
  for (let i = 0; i < n; i++) {
    const ti = tp[i]!;
    const end = rowStart[i + 1]!;
    for (let k = rowStart[i]!; k < end; k++) {
      // Math.abs, not `if (d < 0) d = -d`: the sign is random and the branch mispredicts half
      // the time (measured: twice as slow).
      const c = lookup[Math.abs(ti - tp[cols[k]!]!)]!;
      if (c !== SKIP) {
        const cell = rows[k]! * w + c;
        hist[cell] = hist[cell]! + 1;
      }
    }
  }
}

/** Fractional days (times of day given): range check, then binary search on the breaks. */
function countPairsFractional(ctx: KernelContext, tp: Int32Array | Float64Array, hist: Float64Array): void {
  const { n, rowStart, cols, rows, belowCol } = ctx;
  const w = ctx.numCols;
  const tb = ctx.temporalBreaks;
  const first = tb[0]!;
  const last = tb[tb.length - 1]!;
  for (let i = 0; i < n; i++) {
    const ti = tp[i]!;
    const end = rowStart[i + 1]!;
    for (let k = rowStart[i]!; k < end; k++) {
      const d = Math.abs(ti - tp[cols[k]!]!);
      if (d >= last) continue;
      const c = d < first ? belowCol : lagColumn(tb, belowCol, d);
      if (c !== SKIP) {
        const cell = rows[k]! * w + c;
        hist[cell] = hist[cell]! + 1;
      }
    }
  }
}

function timeBuffers(ctx: KernelContext): { base: Int32Array | Float64Array; work: Int32Array | Float64Array; tp: Int32Array | Float64Array } {
  if (ctx.timesInt) {
    return { base: ctx.timesInt, work: new Int32Array(ctx.n), tp: new Int32Array(ctx.n) };
  }
  return { base: ctx.timesFloat!, work: new Float64Array(ctx.n), tp: new Float64Array(ctx.n) };
}

/** Counts of the observed data: numRows x numCols, row-major. */
export function countObserved(ctx: KernelContext): Float64Array {
  const { base, tp } = timeBuffers(ctx);
  for (let k = 0; k < ctx.n; k++) tp[k] = base[ctx.order[k]!]!;
  const hist = new Float64Array(ctx.numRows * ctx.numCols);
  countPairs(ctx, tp, hist);
  return hist;
}

/**
 * Counts for permutations from (inclusive) to to (exclusive): (to - from) blocks of
 * numRows x numCols, permutation-major. Permutation p shuffles the input-order times with
 * mulberry32(permutationSeed(seed, p)) (Fisher-Yates, sampling without replacement).
 */
export function simulateRange(ctx: KernelContext, seed: number, from: number, to: number): Float64Array {
  const { base, work, tp } = timeBuffers(ctx);
  const cells = ctx.numRows * ctx.numCols;
  const out = new Float64Array(Math.max(0, to - from) * cells);
  if (cells === 0) return out;
  const order = ctx.order;
  for (let p = from; p < to; p++) {
    work.set(base);
    shuffleInPlace(mulberry32(permutationSeed(seed, p)), work);
    for (let k = 0; k < ctx.n; k++) tp[k] = work[order[k]!]!;
    countPairs(ctx, tp, out.subarray((p - from) * cells, (p - from + 1) * cells));
  }
  return out;
}
