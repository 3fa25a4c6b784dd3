/**
 * Aoristic analysis of incident times: a weekday × hour "hot times" matrix.
 *
 * Method: aoristic temporal analysis (Ratcliffe & McCullagh 1998, "Aoristic crime analysis",
 * Int. J. Geogr. Inf. Sci. 12(7); Ratcliffe 2002, "Aoristic signatures and the spatio-temporal
 * analysis of high volume crime patterns", J. Quant. Criminol. 18(1)). A burglary is usually
 * known only to have happened between `from` (last seen secure) and `to` (discovered); its unit
 * weight is spread over the clock hours the window covers, in proportion to the time spent in
 * each (partial hours pro rata), so every incident contributes exactly 1 and the matrix sums to
 * the number of incidents counted.
 *
 * Rules:
 * - Matrix layout: 7 × 24, row-major, index = weekday · 24 + hour, weekday 0 = Monday ...
 *   6 = Sunday, hours of LOCAL time (Europe/Amsterdam by default; any `OffsetFn` can be given).
 * - The window is cut at local hour boundaries and at offset changes, so DST is handled: on the
 *   spring-forward day the non-existent hour 02:00 gets nothing; on the fall-back day hour 02:00
 *   receives both real hours.
 * - `to` equal to `from`, or missing (null/undefined/NaN): weight 1 in the hour of `from`.
 * - Windows of one week (7 × 24 h) or longer: weight 1/168 in every cell (they say nothing about
 *   the time of day). This is the only cap.
 * - `to` before `from`, or a non-finite `from`: the incident is skipped (counted in `skipped`).
 */
import { amsterdamOffset, DAY_MS, HOUR_MS, WEEK_MS, type OffsetFn } from './time.js';

export const WEEK_HOURS = 168;

/** An incident's time window in epoch milliseconds; `to` may be missing (exact time known). */
export interface TimeWindow {
  from: number;
  to?: number | null;
}

/** Windows as two epoch-ms arrays (NaN in `to` = exact time) or as objects. */
export type TimeWindowsInput = { from: ArrayLike<number>; to: ArrayLike<number> } | ReadonlyArray<TimeWindow>;

export interface AoristicOptions {
  /** Local-time offset function; default Europe/Amsterdam (`amsterdamOffset`). */
  offset?: OffsetFn;
}

export interface AoristicResult {
  /** 168 cells, index weekday·24 + hour, Monday first; sums to `incidents`. */
  matrix: Float64Array;
  /** Number of incidents spread into the matrix. */
  incidents: number;
  /** Incidents skipped (to < from, or from not finite). */
  skipped: number;
}

/** Matrix cell (weekday·24 + hour, Monday = 0) of a local wall-clock time in ms. */
function cellOfLocal(local: number): number {
  const day = Math.floor(local / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // day 0 = Thu 1970-01-01
  const hour = Math.floor((local - day * DAY_MS) / HOUR_MS);
  return weekday * 24 + hour;
}

/**
 * Spreads one window over the matrix cells, calling `emit(cell, fraction)` per piece; the
 * fractions sum to 1. Returns false (and emits nothing) for an invalid window.
 */
export function spreadWindow(from: number, to: number | null | undefined, offset: OffsetFn, emit: (cell: number, fraction: number) => void): boolean {
  if (!Number.isFinite(from)) return false;
  const end = to == null || Number.isNaN(to) ? from : to;
  if (!(end >= from)) return false;
  const duration = end - from;
  if (duration === 0) {
    emit(cellOfLocal(from + offset(from)), 1);
    return true;
  }
  if (duration >= WEEK_MS) {
    for (let c = 0; c < WEEK_HOURS; c++) emit(c, 1 / WEEK_HOURS);
    return true;
  }
  let t = from;
  while (t < end) {
    const off = offset(t);
    const local = t + off;
    const hourStart = Math.floor(local / HOUR_MS) * HOUR_MS;
    let segEnd = t + (hourStart + HOUR_MS - local);
    if (segEnd > end) segEnd = end;
    if (segEnd - t > 1 && offset(segEnd - 1) !== off) {
      // an offset change inside this piece: find its first instant by bisection (ms resolution)
      let lo = t;
      let hi = segEnd - 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offset(mid) === off) lo = mid;
        else hi = mid;
      }
      segEnd = hi;
    }
    emit(cellOfLocal(local), (segEnd - t) / duration);
    t = segEnd;
  }
  return true;
}

function windowAt(input: TimeWindowsInput, i: number): [number, number | null | undefined] {
  if (Array.isArray(input)) {
    const w = (input as ReadonlyArray<TimeWindow>)[i]!;
    return [w.from, w.to];
  }
  const a = input as { from: ArrayLike<number>; to: ArrayLike<number> };
  return [a.from[i]!, a.to[i]];
}

function windowCount(input: TimeWindowsInput): number {
  if (Array.isArray(input)) return input.length;
  const a = input as { from: ArrayLike<number>; to: ArrayLike<number> };
  if (a.from.length !== a.to.length) throw new RangeError(`from and to differ in length (${a.from.length} vs ${a.to.length})`);
  return a.from.length;
}

/**
 * Aoristic weekday × hour matrix (7 × 24, Monday first, local time) of incident windows.
 * O(total hours covered), at most 168 pieces per incident.
 */
export function aoristicWeekHour(input: TimeWindowsInput, options: AoristicOptions = {}): AoristicResult {
  const offset = options.offset ?? amsterdamOffset;
  const matrix = new Float64Array(WEEK_HOURS);
  const emit = (cell: number, f: number): void => {
    matrix[cell]! += f;
  };
  const n = windowCount(input);
  let incidents = 0;
  let skipped = 0;
  for (let i = 0; i < n; i++) {
    const [from, to] = windowAt(input, i);
    if (spreadWindow(from, to, offset, emit)) incidents++;
    else skipped++;
  }
  return { matrix, incidents, skipped };
}

/**
 * Per-incident aoristic weight inside a selection of weekday-hour cells: Σ_cells fraction ·
 * mask[cell], with `mask` 168 numbers (1/0 to select, e.g. evenings). Use as `weights` for
 * `gridCounts` / `kernelDensity` to map where incidents happened in the selected hours.
 * Invalid windows get weight 0.
 */
export function aoristicWeights(input: TimeWindowsInput, mask: ArrayLike<number>, options: AoristicOptions = {}): Float64Array {
  if (mask.length !== WEEK_HOURS) throw new RangeError(`mask must have 168 cells, got ${mask.length}`);
  const offset = options.offset ?? amsterdamOffset;
  const n = windowCount(input);
  const out = new Float64Array(n);
  let acc = 0;
  const emit = (cell: number, f: number): void => {
    acc += f * mask[cell]!;
  };
  for (let i = 0; i < n; i++) {
    const [from, to] = windowAt(input, i);
    acc = 0;
    spreadWindow(from, to, offset, emit);
    out[i] = acc;
  }
  return out;
}

/** Mask of 168 cells selecting the given weekdays (0 = Monday) and local hours (0-23). */
export function weekHourMask(weekdays: Iterable<number>, hours: Iterable<number>): Uint8Array {
  const mask = new Uint8Array(WEEK_HOURS);
  const hs = [...hours];
  for (const d of weekdays) for (const h of hs) if (d >= 0 && d < 7 && h >= 0 && h < 24) mask[d * 24 + h] = 1;
  return mask;
}

/** Totals per local hour of day (24 values) from a weekday × hour matrix. */
export function hourTotals(matrix: ArrayLike<number>): Float64Array {
  const out = new Float64Array(24);
  for (let c = 0; c < WEEK_HOURS; c++) out[c % 24]! += matrix[c]!;
  return out;
}

/** Totals per weekday (7 values, Monday first) from a weekday × hour matrix. */
export function weekdayTotals(matrix: ArrayLike<number>): Float64Array {
  const out = new Float64Array(7);
  for (let c = 0; c < WEEK_HOURS; c++) out[Math.floor(c / 24)]! += matrix[c]!;
  return out;
}
