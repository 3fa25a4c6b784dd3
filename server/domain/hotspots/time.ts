/**
 * Local time in Europe/Amsterdam without a timezone library.
 *
 * Method: the EU summer-time rules as encoded in the IANA tz database (rule "EU", which the
 * Netherlands follows since 1977): summer time (UTC+2) starts at 01:00 UTC on the first Sunday
 * of April (1977-1980) or the last Sunday of March (1981 on) and ends at 01:00 UTC on the last
 * Sunday of September (1977, 1979-1995), on 1 October (1978) or the last Sunday of October
 * (1996 on). Outside summer time the offset is UTC+1. Before 1977 this function returns UTC+1,
 * which is wrong for the war years and 1916-1940 (not relevant for incident data).
 * The transitions are precomputed for 1977-2199 in a table; `makeIntlOffset` gives the same
 * answer from the platform's ICU data for any zone (slower; the tests check that both agree for
 * every hour of 1977-2037).
 *
 * All functions are pure: times are epoch milliseconds, offsets are milliseconds to ADD to UTC
 * to get local wall-clock time.
 */

/** Offset (ms) to add to a UTC epoch time to get local wall-clock time at that instant. */
export type OffsetFn = (epochMs: number) => number;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

const FIRST_YEAR = 1977;
const LAST_YEAR = 2199;

/** Day number (days since 1970-01-01) of a UTC calendar date; month is 1-12. */
function daysFromCivil(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Weekday of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
function weekdaySun0(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function lastSunday(y: number, m: number): number {
  const last = daysFromCivil(y, m + 1, 0); // day 0 of next month = last day of m
  return last - weekdaySun0(last);
}

function firstSundayOnOrAfter(y: number, m: number, d: number): number {
  const day = daysFromCivil(y, m, d);
  return day + ((7 - weekdaySun0(day)) % 7);
}

/** Sorted transition instants [start0, end0, start1, end1, ...] (UTC ms), summer time in between. */
const TRANSITIONS: Float64Array = (() => {
  const t = new Float64Array((LAST_YEAR - FIRST_YEAR + 1) * 2);
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    const startDay = y <= 1980 ? firstSundayOnOrAfter(y, 4, 1) : lastSunday(y, 3);
    let endDay: number;
    if (y === 1978) endDay = daysFromCivil(1978, 10, 1);
    else if (y <= 1995) endDay = lastSunday(y, 9);
    else endDay = lastSunday(y, 10);
    const i = (y - FIRST_YEAR) * 2;
    t[i] = startDay * DAY_MS + HOUR_MS;
    t[i + 1] = endDay * DAY_MS + HOUR_MS;
  }
  return t;
})();

let cacheFrom = 0;
let cacheTo = -1;
let cacheOffset = HOUR_MS;

/**
 * UTC offset of Europe/Amsterdam at an instant (3_600_000 in winter, 7_200_000 in summer),
 * rule-based and fast (table lookup with a one-interval cache). Valid from 1977 to 2199.
 */
export function amsterdamOffset(epochMs: number): number {
  if (epochMs >= cacheFrom && epochMs < cacheTo) return cacheOffset;
  const t = TRANSITIONS;
  // index of the first transition > epochMs
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= epochMs) lo = mid + 1;
    else hi = mid;
  }
  // lo transitions have happened; odd count = inside summer time
  const offset = lo % 2 === 1 ? 2 * HOUR_MS : HOUR_MS;
  cacheFrom = lo === 0 ? -Infinity : t[lo - 1]!;
  cacheTo = lo === t.length ? Infinity : t[lo]!;
  cacheOffset = offset;
  return offset;
}

/**
 * Offset function for any IANA zone from the platform's Intl (ICU) data, memoised per UTC
 * quarter hour (every real zone changes offset on a quarter-hour boundary). Slower than
 * `amsterdamOffset`; meant for other zones and for cross-checking.
 */
export function makeIntlOffset(timeZone: string): OffsetFn {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const cache = new Map<number, number>();
  const QUARTER = 900_000;
  return (epochMs: number) => {
    const key = Math.floor(epochMs / QUARTER);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const base = key * QUARTER;
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(new Date(base))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    const offset = local - base;
    if (cache.size > 200_000) cache.clear();
    cache.set(key, offset);
    return offset;
  };
}

/** Local wall-clock time (as if UTC) of an instant. */
export function toLocalMs(epochMs: number, offset: OffsetFn = amsterdamOffset): number {
  return epochMs + offset(epochMs);
}

/**
 * The instant at which the local wall clock shows `localMs` (wall-clock time written as if it
 * were UTC). For a time that occurs twice (autumn) the first (summer-time) instant is returned;
 * for a time in the spring gap, the instant one hour later on the clock.
 */
export function fromLocalMs(localMs: number, offset: OffsetFn = amsterdamOffset): number {
  const guess = localMs - offset(localMs);
  const t = localMs - offset(guess);
  // autumn overlap: prefer the earlier instant if it also maps to localMs
  const earlier = localMs - offset(t - HOUR_MS);
  if (earlier < t && earlier + offset(earlier) === localMs) return earlier;
  return t;
}

/** Weekday (0 = Monday ... 6 = Sunday) and hour (0-23) of a local wall-clock time. */
export function weekdayHourOfLocal(localMs: number): { weekday: number; hour: number } {
  const day = Math.floor(localMs / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // 1970-01-01 (day 0) was a Thursday = 3
  const hour = Math.floor((localMs - day * DAY_MS) / HOUR_MS);
  return { weekday, hour };
}
