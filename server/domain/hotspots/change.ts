/**
 * Does a change in incident counts between two periods say anything? (pure)
 *
 * Small counts swing wildly by chance: 1 -> 6 is "+500 %" and means nothing. Two rules, applied
 * to every change the rates table shows:
 * - too few: fewer than `minTotal` (10) incidents in the two periods together;
 * - not significant: the exact conditional test of equal Poisson rates (as R's poisson.test for
 *   two counts): given n = current + base, current ~ Binomial(n, r / (1 + r)) under "no change",
 *   r = length of the current period / length of the base period; two-sided p-value by summing
 *   the outcomes no more likely than the observed one (binom.test's method). p > alpha (0.05):
 *   no clear change.
 * Source: Przyborowski & Wilenski (1940), the conditional test for comparing Poisson means;
 * R documentation of stats::poisson.test and stats::binom.test.
 *
 * periodsCoincide: the "previous" period (same length just before) and the "year ago" period
 * (same dates a year earlier) are the same period for a 12-month selection; then one column is
 * enough. A leap day may shift one end by a day.
 */

const DAY_MS = 86_400_000;

/** ln(k!) for k = 0..n (cumulative). */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) out[k] = out[k - 1]! + Math.log(k);
  return out;
}

/**
 * Two-sided p-value of the exact conditional test that `current` and `base` come from Poisson
 * rates that are equal, with `exposureRatio` = length of the current period / length of the
 * base period (default 1).
 */
export function poissonChangePValue(current: number, base: number, exposureRatio = 1): number {
  if (!(Number.isInteger(current) && Number.isInteger(base) && current >= 0 && base >= 0)) throw new RangeError('counts must be non-negative integers');
  if (!(exposureRatio > 0)) throw new RangeError('exposureRatio must be positive');
  const n = current + base;
  if (n === 0) return 1;
  const p = exposureRatio / (1 + exposureRatio);
  const lf = logFactorials(n);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const logPmf = (k: number) => lf[n]! - lf[k]! - lf[n - k]! + k * lp + (n - k) * lq;
  const observed = logPmf(current);
  // Outcomes no more likely than the observed one (relative tolerance as in binom.test).
  const limit = observed + Math.log1p(1e-7);
  let sum = 0;
  for (let k = 0; k <= n; k++) {
    const l = logPmf(k);
    if (l <= limit) sum += Math.exp(l);
  }
  return Math.min(1, sum);
}

export type ChangeVerdict = 'too-few' | 'not-significant' | 'significant';

export interface ChangeAssessment {
  current: number;
  base: number;
  /** (current − base) / base · 100; null when base is 0. */
  percent: number | null;
  /** Two-sided p-value of the conditional Poisson test. */
  p: number;
  verdict: ChangeVerdict;
  /** True only for a significant change: the UI shows it in colour, the rest in grey. */
  meaningful: boolean;
  /** Dutch explanation for a change that says nothing; null for a meaningful one. */
  text: string | null;
}

export interface AssessOptions {
  /** Current period length / base period length (default 1). */
  exposureRatio?: number;
  /** Fewer incidents than this in both periods together: too few (default 10). */
  minTotal?: number;
  /** Significance level of the Poisson test (default 0.05). */
  alpha?: number;
}

export const CHANGE_TEXT: Record<Exclude<ChangeVerdict, 'significant'>, string> = {
  'too-few': 'te weinig om iets te zeggen',
  'not-significant': 'geen duidelijke verandering (kan toeval zijn)',
};

/** Whether the change from `base` to `current` incidents says anything (see module comment). */
export function assessChange(current: number, base: number, options: AssessOptions = {}): ChangeAssessment {
  const { exposureRatio = 1, minTotal = 10, alpha = 0.05 } = options;
  const p = poissonChangePValue(current, base, exposureRatio);
  const verdict: ChangeVerdict = current + base < minTotal ? 'too-few' : p > alpha ? 'not-significant' : 'significant';
  return {
    current,
    base,
    percent: base !== 0 ? ((current - base) / base) * 100 : null,
    p,
    verdict,
    meaningful: verdict === 'significant',
    text: verdict === 'significant' ? null : CHANGE_TEXT[verdict],
  };
}

/** A period as epoch ms [from, to) or as the API's inclusive YYYY-MM-DD dates. */
export type PeriodLike = { from: number; to: number } | { from: string; to: string };

function bounds(p: PeriodLike): [number, number] {
  if (typeof p.from === 'number') return [p.from, p.to as number];
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`);
  return [day(p.from), day(p.to as string) + DAY_MS];
}

/** True when two periods are the same up to `toleranceDays` (default 1: a leap day) at each end. */
export function periodsCoincide(a: PeriodLike, b: PeriodLike, toleranceDays = 1): boolean {
  const [af, at] = bounds(a);
  const [bf, bt] = bounds(b);
  // Half a day extra absorbs DST hours between epoch-ms periods.
  const tol = toleranceDays * DAY_MS + DAY_MS / 2;
  return Math.abs(af - bf) <= tol && Math.abs(at - bt) <= tol;
}

/** Length of a period in days (for the exposure ratio of two periods). */
export function periodDays(p: PeriodLike): number {
  const [f, t] = bounds(p);
  return Math.round((t - f) / DAY_MS);
}
