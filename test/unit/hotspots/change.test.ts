/**
 * Whether a change in counts between two periods says anything: exact conditional Poisson test
 * (the binomial test of R's poisson.test), a floor on small numbers, and whether the "previous"
 * and "year ago" comparison periods are the same period.
 */
import { describe, expect, it } from 'vitest';
import { assessChange, periodsCoincide, poissonChangePValue } from '../../../server/domain/hotspots/change.js';
import { comparisonPeriods } from '../../../server/domain/hotspots/rates.js';
import { amsterdamToUtc } from '../../../server/domain/incidents/time.js';

describe('poissonChangePValue: exact two-sided test of equal rates (R poisson.test / binom.test)', () => {
  it('matches R reference values', () => {
    // poisson.test(c(6, 1)) = binom.test(6, 7): p = 0.125
    expect(poissonChangePValue(6, 1)).toBeCloseTo(0.125, 10);
    // binom.test(20, 30): p = 0.09874
    expect(poissonChangePValue(20, 10)).toBeCloseTo(0.09874, 4);
    // binom.test(70, 100): p = 7.85e-05
    expect(poissonChangePValue(70, 30)).toBeCloseTo(7.85e-5, 6);
    // No change: p = 1; symmetric in the two counts.
    expect(poissonChangePValue(15, 15)).toBeCloseTo(1, 10);
    expect(poissonChangePValue(1, 6)).toBeCloseTo(poissonChangePValue(6, 1), 12);
    expect(poissonChangePValue(0, 0)).toBe(1);
  });

  it('takes unequal period lengths into account', () => {
    // 20 in 2 days against 10 in 1 day is no change at all.
    expect(poissonChangePValue(20, 10, 2)).toBeGreaterThan(0.9);
    expect(poissonChangePValue(20, 10, 1)).toBeLessThan(0.1);
  });

  it('stays finite and small for large counts', () => {
    const p = poissonChangePValue(5200, 4800);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-4);
  });
});

describe('assessChange', () => {
  it('1 -> 6 (+500 %) is too few to say anything', () => {
    const a = assessChange(6, 1);
    expect(a).toMatchObject({ current: 6, base: 1, percent: 500, verdict: 'too-few', meaningful: false });
    expect(a.text).toBe('te weinig om iets te zeggen');
  });

  it('30 -> 20 is enough incidents but not a significant change', () => {
    const a = assessChange(20, 30);
    expect(a.verdict).toBe('not-significant');
    expect(a.meaningful).toBe(false);
    expect(a.percent).toBeCloseTo(-33.33, 2);
  });

  it('100 -> 160 is a real change', () => {
    const a = assessChange(160, 100);
    expect(a).toMatchObject({ verdict: 'significant', meaningful: true, percent: 60 });
    expect(a.p).toBeLessThan(0.05);
  });

  it('a base of 0 has no percentage', () => {
    expect(assessChange(12, 0).percent).toBeNull();
    expect(assessChange(12, 0).verdict).toBe('significant');
    expect(assessChange(3, 0).verdict).toBe('too-few');
  });
});

describe('periodsCoincide: "Vorige" and "Vorig jaar" are the same period', () => {
  const period = (from: [number, number, number], to: [number, number, number]) => ({
    from: amsterdamToUtc(...from).getTime(),
    to: amsterdamToUtc(to[0], to[1], to[2] + 1).getTime(),
  });

  it('for the 12-month preset (also over a leap day), not for a season or two weeks', () => {
    const twelve = comparisonPeriods(period([2025, 12, 4], [2026, 12, 3]));
    expect(periodsCoincide(twelve.previous, twelve.yearAgo)).toBe(true);
    const leap = comparisonPeriods(period([2023, 12, 4], [2024, 12, 3]));
    expect(periodsCoincide(leap.previous, leap.yearAgo)).toBe(true);
    const season = comparisonPeriods(period([2026, 10, 1], [2027, 3, 31]));
    expect(periodsCoincide(season.previous, season.yearAgo)).toBe(false);
    const twoWeeks = comparisonPeriods(period([2026, 11, 20], [2026, 12, 3]));
    expect(periodsCoincide(twoWeeks.previous, twoWeeks.yearAgo)).toBe(false);
  });

  it('works on the API\'s inclusive date strings too', () => {
    expect(periodsCoincide({ from: '2024-12-04', to: '2025-12-03' }, { from: '2024-12-04', to: '2025-12-03' })).toBe(true);
    expect(periodsCoincide({ from: '2023-12-04', to: '2024-12-02' }, { from: '2023-12-04', to: '2024-12-03' })).toBe(true);
    expect(periodsCoincide({ from: '2025-06-01', to: '2025-12-03' }, { from: '2024-12-04', to: '2025-12-03' })).toBe(false);
  });
});
