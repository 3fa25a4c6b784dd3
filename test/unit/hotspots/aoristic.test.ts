import { describe, expect, it } from 'vitest';
import {
  aoristicWeekHour,
  aoristicWeights,
  hourTotals,
  weekdayTotals,
  weekHourMask,
} from '../../../server/domain/hotspots/aoristic.js';
import { HOUR_MS, makeIntlOffset } from '../../../server/domain/hotspots/time.js';
import { mulberry32 } from '../../../server/domain/random.js';

const H = HOUR_MS;
const MIN = 60_000;
const cell = (weekday: number, hour: number) => weekday * 24 + hour;
const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);
/** Non-zero cells as {cell: weight}. */
const nonZero = (m: Float64Array) => Object.fromEntries([...m.entries()].filter(([, v]) => v !== 0));

describe('aoristicWeekHour', () => {
  it('22:30-01:30 crossing midnight (Tue -> Wed, CET): 1/6, 1/3, 1/3, 1/6', () => {
    // 2024-01-09 is a Tuesday; 22:30 CET = 21:30 UTC; the window lasts 3 h
    const r = aoristicWeekHour([{ from: Date.UTC(2024, 0, 9, 21, 30), to: Date.UTC(2024, 0, 10, 0, 30) }]);
    const m = r.matrix;
    expect(m[cell(1, 22)]).toBeCloseTo(0.5 / 3, 15);
    expect(m[cell(1, 23)]).toBeCloseTo(1 / 3, 15);
    expect(m[cell(2, 0)]).toBeCloseTo(1 / 3, 15);
    expect(m[cell(2, 1)]).toBeCloseTo(0.5 / 3, 15);
    expect(Object.keys(nonZero(m)).length).toBe(4);
    expect(sum(m)).toBeCloseTo(1, 15);
    expect(r.incidents).toBe(1);
  });

  it('Sunday night into Monday wraps the week', () => {
    // Sun 2024-01-07 23:30 CET -> Mon 00:30 CET
    const m = aoristicWeekHour([{ from: Date.UTC(2024, 0, 7, 22, 30), to: Date.UTC(2024, 0, 7, 23, 30) }]).matrix;
    expect(nonZero(m)).toEqual({ [cell(6, 23)]: 0.5, [cell(0, 0)]: 0.5 });
  });

  it('summer time: local hours are UTC+2', () => {
    // Wed 2024-07-03 14:00-16:00 CEST = 12:00-14:00 UTC
    const m = aoristicWeekHour([{ from: Date.UTC(2024, 6, 3, 12), to: Date.UTC(2024, 6, 3, 14) }]).matrix;
    expect(nonZero(m)).toEqual({ [cell(2, 14)]: 0.5, [cell(2, 15)]: 0.5 });
  });

  it('spring forward (Sun 2024-03-31): 01:30 CET -> 03:30 CEST is one hour, nothing in 02:00', () => {
    const m = aoristicWeekHour([{ from: Date.UTC(2024, 2, 31, 0, 30), to: Date.UTC(2024, 2, 31, 1, 30) }]).matrix;
    expect(nonZero(m)).toEqual({ [cell(6, 1)]: 0.5, [cell(6, 3)]: 0.5 });
  });

  it('fall back (Sun 2024-10-27): 01:30 CEST -> 03:30 CET is three hours, 02:00 counted twice', () => {
    // 01:30 CEST = Sat 23:30 UTC; 03:30 CET = 02:30 UTC
    const m = aoristicWeekHour([{ from: Date.UTC(2024, 9, 26, 23, 30), to: Date.UTC(2024, 9, 27, 2, 30) }]).matrix;
    expect(m[cell(6, 1)]).toBeCloseTo(0.5 / 3, 15);
    expect(m[cell(6, 2)]).toBeCloseTo(2 / 3, 15);
    expect(m[cell(6, 3)]).toBeCloseTo(0.5 / 3, 15);
    expect(Object.keys(nonZero(m)).length).toBe(3);
  });

  it('zero-length and missing ends put weight 1 in one hour; invalid windows are skipped', () => {
    const t = Date.UTC(2024, 0, 10, 8, 59, 59); // Wed 09:59:59 CET
    const r = aoristicWeekHour([
      { from: t, to: t },
      { from: t },
      { from: t, to: null },
      { from: t, to: t - 1 },
      { from: NaN, to: t },
    ]);
    expect(nonZero(r.matrix)).toEqual({ [cell(2, 9)]: 3 });
    expect(r.incidents).toBe(3);
    expect(r.skipped).toBe(2);
  });

  it('windows of a week or longer spread evenly over all 168 cells', () => {
    const from = Date.UTC(2024, 0, 10, 8, 17);
    const m = aoristicWeekHour([{ from, to: from + 7 * 24 * H }, { from, to: from + 30 * 24 * H }]).matrix;
    for (let c = 0; c < 168; c++) expect(m[c]).toBeCloseTo(2 / 168, 15);
  });

  it('a window just under a week is spread exactly (pro rata at both ends)', () => {
    const from = Date.UTC(2024, 0, 8, 0, 15) - H; // Mon 00:15 CET
    const to = from + 7 * 24 * H - 30 * MIN; // next Sun 23:45 CET
    const m = aoristicWeekHour([{ from, to }]).matrix;
    const d = 7 * 24 - 0.5;
    expect(m[cell(0, 0)]).toBeCloseTo(0.75 / d, 15);
    expect(m[cell(6, 23)]).toBeCloseTo(0.75 / d, 15);
    expect(m[cell(3, 12)]).toBeCloseTo(1 / d, 15);
    expect(sum(m)).toBeCloseTo(1, 13);
  });

  it('the matrix sums to the number of incidents on random data; array and object inputs agree', () => {
    const rng = mulberry32(11);
    const n = 3000;
    const from = new Float64Array(n);
    const to = new Float64Array(n);
    const objs = [];
    for (let i = 0; i < n; i++) {
      from[i] = Date.UTC(2023, 0, 1) + rng() * 730 * 24 * H;
      to[i] = rng() < 0.1 ? NaN : from[i]! + rng() * rng() * 9 * 24 * H;
      objs.push({ from: from[i]!, to: Number.isNaN(to[i]!) ? null : to[i]! });
    }
    const a = aoristicWeekHour({ from, to });
    const b = aoristicWeekHour(objs);
    expect(a.incidents).toBe(n);
    expect(sum(a.matrix)).toBeCloseTo(n, 9);
    for (let c = 0; c < 168; c++) expect(a.matrix[c]).toBeCloseTo(b.matrix[c]!, 12);
    // same result with the slower Intl offset
    const c = aoristicWeekHour({ from, to }, { offset: makeIntlOffset('Europe/Amsterdam') });
    for (let k = 0; k < 168; k++) expect(c.matrix[k]).toBeCloseTo(a.matrix[k]!, 9);
    expect(sum(hourTotals(a.matrix))).toBeCloseTo(n, 9);
    expect(sum(weekdayTotals(a.matrix))).toBeCloseTo(n, 9);
  });

  it('works with any offset function, also half-hour zones and mid-hour changes', () => {
    // UTC+5:30: 00:00-01:00 UTC on Mon 2024-01-08 is 05:30-06:30 local
    const india = () => 5.5 * H;
    expect(nonZero(aoristicWeekHour([{ from: Date.UTC(2024, 0, 8), to: Date.UTC(2024, 0, 8, 1) }], { offset: india }).matrix)).toEqual({
      [cell(0, 5)]: 0.5,
      [cell(0, 6)]: 0.5,
    });
    // an artificial zone that jumps from UTC+0 to UTC+1 at 10:30 UTC (found by bisection)
    const T = Date.UTC(2024, 0, 8, 10, 30);
    const jumpy = (t: number) => (t < T ? 0 : H);
    const m = aoristicWeekHour([{ from: T - H, to: T + H }], { offset: jumpy }).matrix;
    // before: local 09:30-10:30 (hours 9, 10); after: local 11:30-12:30 (hours 11, 12)
    expect(nonZero(m)).toEqual({ [cell(0, 9)]: 0.25, [cell(0, 10)]: 0.25, [cell(0, 11)]: 0.25, [cell(0, 12)]: 0.25 });
  });
});

describe('aoristicWeights', () => {
  it('fraction of each window inside a weekday-hour selection', () => {
    const evenings = weekHourMask([0, 1, 2, 3, 4, 5, 6], [18, 19, 20, 21, 22, 23]);
    expect(sum(evenings)).toBe(42);
    const w = aoristicWeights(
      [
        { from: Date.UTC(2024, 0, 9, 21, 30), to: Date.UTC(2024, 0, 10, 0, 30) }, // 22:30-01:30: 1.5 of 3 h in the evening
        { from: Date.UTC(2024, 0, 9, 9), to: Date.UTC(2024, 0, 9, 10) }, // 10:00-11:00
        { from: Date.UTC(2024, 0, 9, 19) }, // 20:00 exactly
        { from: 5, to: 1 }, // invalid
      ],
      evenings,
    );
    expect([...w]).toEqual([0.5, 0, 1, 0]);
    expect(() => aoristicWeights([], new Uint8Array(24))).toThrow(RangeError);
  });
});
