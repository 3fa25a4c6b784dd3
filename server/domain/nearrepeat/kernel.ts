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
  /** Number of temporal bands; lags outside every band go to a discard column with this index. */
  numT: number;
  /** Event times in input order as whole days (fast path), or null. */
  timesInt: Int32Array | null;
  /** Event times in input order as (fractional) days, used when timesInt is null. */
  timesFloat: Float64Array | null;
  /** For the whole-day path: lookup[lag] = temporal band of that lag, or numT when outside every band. */
  lookup: Uint8Array | null;
  /** Temporal breaks (last may be Infinity), for the fractional-day path. */
  temporalBreaks: Float64Array;
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

/** Adds the counts of all stored pairs for times tp (storage order) to hist (numRows x (numT + 1)). */
export function countPairs(ctx: KernelContext, tp: Int32Array | Float64Array, hist: Float64Array): void {
  if (ctx.lookup && tp instanceof Int32Array) countPairsWholeDays(ctx, ctx.lookup, tp, hist);
  else countPairsFractional(ctx, tp, hist);
}

/** Whole days: the temporal band of a lag is one table look-up. */
function countPairsWholeDays(ctx: KernelContext, lookup: Uint8Array, tp: Int32Array, hist: Float64Array): void {
  const { n, rowStart, cols, rows } = ctx;
  const w = ctx.numT + 1;
  for (let i = 0; i < n; i++) {
    const ti = tp[i]!;
    const end = rowStart[i + 1]!;
    for (let k = rowStart[i]!; k < end; k++) {
      let d = ti - tp[cols[k]!]!;
      if (d < 0) d = -d;
      const cell = rows[k]! * w + lookup[d]!;
      hist[cell] = hist[cell]! + 1;
    }
  }
}

/** Fractional days (times of day given): binary search on the temporal breaks. */
function countPairsFractional(ctx: KernelContext, tp: Int32Array | Float64Array, hist: Float64Array): void {
  const { n, rowStart, cols, rows, numT } = ctx;
  const w = numT + 1;
  const tb = ctx.temporalBreaks;
  const first = tb[0]!;
  const last = tb[tb.length - 1]!;
  const nb = tb.length;
  for (let i = 0; i < n; i++) {
    const ti = tp[i]!;
    const end = rowStart[i + 1]!;
    for (let k = rowStart[i]!; k < end; k++) {
      const d = Math.abs(ti - tp[cols[k]!]!);
      let band = numT;
      if (d >= first && d < last) {
        let lo = 0;
        let hi = nb - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (d >= tb[mid]!) lo = mid;
          else hi = mid;
        }
        band = lo;
      }
      const cell = rows[k]! * w + band;
      hist[cell] = hist[cell]! + 1;
    }
  }
}

function timeBuffers(ctx: KernelContext): { base: Int32Array | Float64Array; work: Int32Array | Float64Array; tp: Int32Array | Float64Array } {
  if (ctx.timesInt) {
    return { base: ctx.timesInt, work: new Int32Array(ctx.n), tp: new Int32Array(ctx.n) };
  }
  return { base: ctx.timesFloat!, work: new Float64Array(ctx.n), tp: new Float64Array(ctx.n) };
}

/** Copies the numRows x numT counts (dropping the discard column) into out at offset. */
function emit(ctx: KernelContext, hist: Float64Array, out: Float64Array, offset: number): void {
  const w = ctx.numT + 1;
  let o = offset;
  for (let r = 0; r < ctx.numRows; r++) {
    for (let c = 0; c < ctx.numT; c++) out[o++] = hist[r * w + c]!;
  }
}

/** Counts of the observed data: numRows x numT, row-major. */
export function countObserved(ctx: KernelContext): Float64Array {
  const { base, tp } = timeBuffers(ctx);
  for (let k = 0; k < ctx.n; k++) tp[k] = base[ctx.order[k]!]!;
  const hist = new Float64Array(ctx.numRows * (ctx.numT + 1));
  countPairs(ctx, tp, hist);
  const out = new Float64Array(ctx.numRows * ctx.numT);
  emit(ctx, hist, out, 0);
  return out;
}

/**
 * Counts for permutations from (inclusive) to to (exclusive): (to - from) blocks of
 * numRows x numT, permutation-major. Permutation p shuffles the input-order times with
 * mulberry32(permutationSeed(seed, p)) (Fisher-Yates, sampling without replacement).
 */
export function simulateRange(ctx: KernelContext, seed: number, from: number, to: number): Float64Array {
  const { base, work, tp } = timeBuffers(ctx);
  const cells = ctx.numRows * ctx.numT;
  const out = new Float64Array(Math.max(0, to - from) * cells);
  if (cells === 0) return out;
  const hist = new Float64Array(ctx.numRows * (ctx.numT + 1));
  const order = ctx.order;
  for (let p = from; p < to; p++) {
    work.set(base);
    shuffleInPlace(mulberry32(permutationSeed(seed, p)), work);
    for (let k = 0; k < ctx.n; k++) tp[k] = work[order[k]!]!;
    hist.fill(0);
    countPairs(ctx, tp, hist);
    emit(ctx, hist, out, (p - from) * cells);
  }
  return out;
}
