import { describe, expect, it } from 'vitest';
import { comparisonPeriods, districtRates } from '../../../server/domain/hotspots/rates.js';
import { fromLocalMs } from '../../../server/domain/hotspots/time.js';

/** Epoch ms of a Europe/Amsterdam wall-clock time. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => fromLocalMs(Date.UTC(y, m - 1, d, h, min));

describe('districtRates', () => {
  const districts = [
    { id: 'WK020001', name: 'Centrum', current: 30, previous: 20, yearAgo: 40, dwellings: 6000, inhabitants: 11000 },
    { id: 'WK020002', name: 'Zuid', current: 12, previous: 0, yearAgo: 12, dwellings: 4000 },
    { id: 'WK020003', current: 5, previous: 10, yearAgo: 4, dwellings: null, inhabitants: 2500 },
    { id: 'WK020004', current: 3, previous: 1, yearAgo: 0 },
  ];

  it('rates per 1,000 dwellings with changes', () => {
    const r = districtRates(districts);
    const [c, z, fallback, none] = r.districts;
    // 30 / 6000 · 1000 = 5; 20 -> 3.3333; 40 -> 6.6667
    expect(c!.denominator).toBe('dwellings');
    expect(c!.fallbackToInhabitants).toBe(false);
    expect(c!.rate).toBe(5);
    expect(c!.previousRate).toBeCloseTo(10 / 3, 12);
    expect(c!.yearAgoRate).toBeCloseTo(20 / 3, 12);
    expect(c!.vsPrevious).toEqual({ count: 10, rate: expect.closeTo(5 / 3, 12), percent: 50 });
    expect(c!.vsYearAgo).toEqual({ count: -10, rate: expect.closeTo(-5 / 3, 12), percent: -25 });
    expect(c!.name).toBe('Centrum');
    // base 0 -> percent null, rate change still defined
    expect(z!.rate).toBe(3);
    expect(z!.vsPrevious).toEqual({ count: 12, rate: 3, percent: null });
    expect(z!.vsYearAgo.percent).toBe(0);
    // dwellings unknown -> inhabitants, flagged: 5 / 2500 · 1000 = 2
    expect(fallback!.denominator).toBe('inhabitants');
    expect(fallback!.fallbackToInhabitants).toBe(true);
    expect(fallback!.rate).toBe(2);
    expect(fallback!.vsPrevious.percent).toBe(-50);
    // nothing known -> no rates
    expect(none!.denominator).toBeNull();
    expect(none!.rate).toBeNull();
    expect(none!.vsPrevious).toEqual({ count: 2, rate: null, percent: 200 });
    expect(none!.vsYearAgo.percent).toBeNull();
  });

  it('city row sums the districts with dwellings and says when it is incomplete', () => {
    const r = districtRates(districts);
    // districts 1 and 2: (30 + 12) / (6000 + 4000) · 1000 = 4.2
    expect(r.city.denominator).toBe('dwellings');
    expect(r.city.rate).toBeCloseTo(4.2, 12);
    expect(r.city.previousRate).toBeCloseTo(2, 12);
    expect(r.city.yearAgoRate).toBeCloseTo(5.2, 12);
    expect(r.city.vsPrevious.percent).toBeCloseTo(110, 12);
    expect(r.city.districtsIncluded).toBe(2);
    expect(r.city.districtsTotal).toBe(4);
    expect(r.city.complete).toBe(false);
  });

  it('complete city row, per 10,000, explicit city totals', () => {
    const two = districts.slice(0, 2);
    const r = districtRates(two, { per: 10_000 });
    expect(r.city.complete).toBe(true);
    expect(r.city.rate).toBeCloseTo(42, 12);
    const e = districtRates(two, { city: { current: 50, previous: 25, yearAgo: 0, dwellings: 80_000 } });
    expect(e.city.rate).toBeCloseTo(0.625, 12);
    expect(e.city.vsYearAgo.percent).toBeNull();
    expect(e.city.vsPrevious.percent).toBe(100);
  });

  it('zero dwellings gives no rate; empty input works', () => {
    const r = districtRates([{ id: 'x', current: 2, previous: 1, yearAgo: 1, dwellings: 0 }]);
    expect(r.districts[0]!.rate).toBeNull();
    expect(r.districts[0]!.denominator).toBe('dwellings');
    const e = districtRates([]);
    expect(e.districts).toEqual([]);
    expect(e.city.rate).toBeNull();
  });
});

describe('comparisonPeriods', () => {
  it('a calendar month: previous = same number of local days before, year ago = same dates', () => {
    const p = comparisonPeriods({ from: local(2024, 3, 1), to: local(2024, 4, 1) });
    expect(p.days).toBe(31);
    expect(p.previous).toEqual({ from: local(2024, 1, 30), to: local(2024, 3, 1) });
    expect(p.yearAgo).toEqual({ from: local(2023, 3, 1), to: local(2023, 4, 1) });
    // March 2024 contains the switch to summer time: 31 local days = 743 hours
    expect((p.current.to - p.current.from) / 3_600_000).toBe(743);
  });

  it('two weeks across the DST change stay on local midnights', () => {
    const p = comparisonPeriods({ from: new Date(local(2024, 4, 1)), to: new Date(local(2024, 4, 15)) });
    expect(p.days).toBe(14);
    expect(p.previous).toEqual({ from: local(2024, 3, 18), to: local(2024, 4, 1) });
  });

  it('29 February maps to 28 February a year earlier', () => {
    const p = comparisonPeriods({ from: local(2024, 2, 29), to: local(2024, 3, 1) });
    expect(p.yearAgo).toEqual({ from: local(2023, 2, 28), to: local(2023, 3, 1) });
    expect(p.previous).toEqual({ from: local(2024, 2, 28), to: local(2024, 2, 29) });
  });

  it('periods not on midnight use milliseconds for the previous period', () => {
    const from = Date.UTC(2024, 5, 10, 6, 15);
    const to = Date.UTC(2024, 5, 10, 18, 45);
    const p = comparisonPeriods({ from, to });
    expect(p.days).toBeNull();
    expect(p.previous).toEqual({ from: from - 12.5 * 3_600_000, to: from });
    expect(p.yearAgo).toEqual({ from: Date.UTC(2023, 5, 10, 6, 15), to: Date.UTC(2023, 5, 10, 18, 45) });
  });

  it('rejects empty or reversed periods', () => {
    expect(() => comparisonPeriods({ from: 10, to: 10 })).toThrow(RangeError);
    expect(() => comparisonPeriods({ from: 10, to: 5 })).toThrow(RangeError);
    expect(() => comparisonPeriods({ from: NaN, to: 5 })).toThrow(RangeError);
  });
});
