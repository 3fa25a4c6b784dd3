/**
 * Incident rates per district with period-over-period comparison.
 *
 * Method: crude rates per 1,000 dwellings (the denominator the Dutch police and CBS use for
 * residential burglary, "woninginbraken per 1.000 woningen"), falling back to per 1,000
 * inhabitants where the number of dwellings is unknown (flagged in the result). Each district is
 * compared with (a) the previous period of the same length immediately before and (b) the same
 * period a year earlier. Changes are given as count difference, rate difference and percent
 * change ((current − base) / base · 100, null when the base count is 0). The same denominator is
 * used for all three periods (the latest known number of dwellings), so the percent change of
 * the rate equals that of the count.
 *
 * Periods are half-open [from, to) in epoch milliseconds. `comparisonPeriods` derives the two
 * comparison periods in Europe/Amsterdam local calendar terms (see its JSDoc).
 */
import { amsterdamOffset, DAY_MS, fromLocalMs, toLocalMs, type OffsetFn } from './time.js';

export const DEFAULT_RATE_PER = 1000;

/** Incident counts of one district in the three periods plus its denominators. */
export interface DistrictPeriodCounts {
  /** District code, e.g. CBS wijk/buurt code. */
  id: string;
  name?: string;
  /** Count in the selected period. */
  current: number;
  /** Count in the previous period of the same length. */
  previous: number;
  /** Count in the same period a year earlier. */
  yearAgo: number;
  /** Number of dwellings; null/undefined when unknown. */
  dwellings?: number | null;
  /** Number of inhabitants, used only when dwellings are unknown. */
  inhabitants?: number | null;
}

export type Denominator = 'dwellings' | 'inhabitants';

/** Change of the current period against a base period. */
export interface Change {
  /** current − base (incidents). */
  count: number;
  /** currentRate − baseRate, null when there is no rate. */
  rate: number | null;
  /** (current − base) / base · 100, null when base is 0. */
  percent: number | null;
}

export interface RateRow {
  id: string;
  name?: string;
  /** Which denominator the rates use; null when neither is known. */
  denominator: Denominator | null;
  /** True when inhabitants had to stand in for unknown dwellings. */
  fallbackToInhabitants: boolean;
  denominatorValue: number | null;
  current: number;
  previous: number;
  yearAgo: number;
  /** Incidents per `per` units of the denominator; null when the denominator is unknown or 0. */
  rate: number | null;
  previousRate: number | null;
  yearAgoRate: number | null;
  vsPrevious: Change;
  vsYearAgo: Change;
}

export interface CityRateRow extends RateRow {
  /** Districts whose counts and denominators went into the city row. */
  districtsIncluded: number;
  districtsTotal: number;
  /** False when some districts were left out because their denominator kind differed. */
  complete: boolean;
}

/** Explicit city totals (e.g. incidents without district, CBS municipality dwellings). */
export interface CityTotals {
  current: number;
  previous: number;
  yearAgo: number;
  dwellings?: number | null;
  inhabitants?: number | null;
}

export interface RatesOptions {
  /** Rate per this many units (default 1,000). */
  per?: number;
  /** Use these totals for the city row instead of summing the districts. */
  city?: CityTotals;
}

export interface RatesResult {
  per: number;
  districts: RateRow[];
  city: CityRateRow;
}

function known(v: number | null | undefined): v is number {
  return v != null && Number.isFinite(v) && v >= 0;
}

function change(current: number, base: number, rate: number | null, baseRate: number | null): Change {
  return {
    count: current - base,
    rate: rate != null && baseRate != null ? rate - baseRate : null,
    percent: base !== 0 ? ((current - base) / base) * 100 : null,
  };
}

function row(
  c: { id: string; name?: string; current: number; previous: number; yearAgo: number; dwellings?: number | null; inhabitants?: number | null },
  per: number,
): RateRow {
  let denominator: Denominator | null = null;
  let value: number | null = null;
  if (known(c.dwellings)) {
    denominator = 'dwellings';
    value = c.dwellings;
  } else if (known(c.inhabitants)) {
    denominator = 'inhabitants';
    value = c.inhabitants;
  }
  const r = (k: number): number | null => (value != null && value > 0 ? (k / value) * per : null);
  const rate = r(c.current);
  const previousRate = r(c.previous);
  const yearAgoRate = r(c.yearAgo);
  const out: RateRow = {
    id: c.id,
    denominator,
    fallbackToInhabitants: denominator === 'inhabitants',
    denominatorValue: value,
    current: c.current,
    previous: c.previous,
    yearAgo: c.yearAgo,
    rate,
    previousRate,
    yearAgoRate,
    vsPrevious: change(c.current, c.previous, rate, previousRate),
    vsYearAgo: change(c.current, c.yearAgo, rate, yearAgoRate),
  };
  if (c.name !== undefined) out.name = c.name;
  return out;
}

/**
 * Rates per `per` (1,000) dwellings — or inhabitants where dwellings are unknown — for every
 * district, with changes against the previous period and the year-ago period, plus a city row.
 *
 * City row (unless `options.city` is given): counts and denominators summed over the districts.
 * It uses dwellings when every district has them, else inhabitants when every district has
 * those; otherwise it sums only the districts with known dwellings and sets `complete: false`.
 */
export function districtRates(districts: readonly DistrictPeriodCounts[], options: RatesOptions = {}): RatesResult {
  const per = options.per ?? DEFAULT_RATE_PER;
  if (!(per > 0)) throw new RangeError(`per must be positive, got ${per}`);
  const rows = districts.map((d) => row(d, per));

  let city: CityRateRow;
  if (options.city) {
    city = { ...row({ id: 'city', ...options.city }, per), districtsIncluded: districts.length, districtsTotal: districts.length, complete: true };
  } else {
    const allDwellings = districts.every((d) => known(d.dwellings));
    const allInhabitants = districts.every((d) => known(d.inhabitants));
    const kind: Denominator = allDwellings || !allInhabitants ? 'dwellings' : 'inhabitants';
    const included = districts.filter((d) => known(kind === 'dwellings' ? d.dwellings : d.inhabitants));
    const sum = (f: (d: DistrictPeriodCounts) => number): number => included.reduce((s, d) => s + f(d), 0);
    const totals = {
      id: 'city',
      current: sum((d) => d.current),
      previous: sum((d) => d.previous),
      yearAgo: sum((d) => d.yearAgo),
      dwellings: kind === 'dwellings' && included.length > 0 ? sum((d) => d.dwellings!) : null,
      inhabitants: kind === 'inhabitants' ? sum((d) => d.inhabitants!) : null,
    };
    city = {
      ...row(totals, per),
      districtsIncluded: included.length,
      districtsTotal: districts.length,
      complete: included.length === districts.length,
    };
  }
  return { per, districts: rows, city };
}

/** A half-open period [from, to) in epoch milliseconds. */
export interface Period {
  from: number;
  to: number;
}

export interface ComparisonPeriods {
  current: Period;
  /** Same length, ending where `current` starts. */
  previous: Period;
  /** The same local calendar dates and clock times one year earlier. */
  yearAgo: Period;
  /** Length in local calendar days when both ends are at local midnight, else null. */
  days: number | null;
}

/** Shift a local wall-clock time (ms, as if UTC) by −1 year; 29 February becomes 28 February. */
function localMinusOneYear(localMs: number): number {
  const d = new Date(localMs);
  const y = d.getUTCFullYear() - 1;
  const m = d.getUTCMonth();
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  const timeOfDay = localMs - Date.UTC(d.getUTCFullYear(), m, d.getUTCDate());
  return Date.UTC(y, m, day) + timeOfDay;
}

/**
 * The previous and year-ago comparison periods of a half-open period [from, to).
 *
 * - previous: same length immediately before. When both ends fall on local midnight (the usual
 *   case: whole days, weeks, months) the length is counted in local calendar days, so a period
 *   spanning a DST change is compared with the same number of whole days (e.g. 1-31 March 2024,
 *   31 days, against 30 January-29 February). Otherwise the length in milliseconds is used.
 * - yearAgo: both ends moved one year back on the local calendar (same dates and clock times;
 *   29 February maps to 28 February), so its length can differ by a leap day.
 * Times are epoch ms (Date objects accepted); local time is Europe/Amsterdam unless `offset`.
 */
export function comparisonPeriods(period: { from: number | Date; to: number | Date }, options: { offset?: OffsetFn } = {}): ComparisonPeriods {
  const offset = options.offset ?? amsterdamOffset;
  const from = +period.from;
  const to = +period.to;
  if (!Number.isFinite(from) || !Number.isFinite(to) || !(to > from)) {
    throw new RangeError(`invalid period: from must be before to (${period.from} .. ${period.to})`);
  }
  const localFrom = toLocalMs(from, offset);
  const localTo = toLocalMs(to, offset);
  const wholeDays = localFrom % DAY_MS === 0 && localTo % DAY_MS === 0;
  let previous: Period;
  let days: number | null = null;
  if (wholeDays) {
    days = Math.round((localTo - localFrom) / DAY_MS);
    previous = { from: fromLocalMs(localFrom - days * DAY_MS, offset), to: from };
  } else {
    previous = { from: from - (to - from), to: from };
  }
  const yearAgo = { from: fromLocalMs(localMinusOneYear(localFrom), offset), to: fromLocalMs(localMinusOneYear(localTo), offset) };
  return { current: { from, to }, previous, yearAgo, days };
}
