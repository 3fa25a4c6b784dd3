import { describe, expect, it } from 'vitest';
import {
  amsterdamOffset,
  fromLocalMs,
  HOUR_MS,
  makeIntlOffset,
  toLocalMs,
  weekdayHourOfLocal,
} from '../../../server/domain/hotspots/time.js';

const H = HOUR_MS;

describe('amsterdamOffset', () => {
  it('switches at 01:00 UTC on the last Sundays of March and October (2024)', () => {
    expect(amsterdamOffset(Date.UTC(2024, 2, 31, 0, 59, 59, 999))).toBe(1 * H);
    expect(amsterdamOffset(Date.UTC(2024, 2, 31, 1))).toBe(2 * H);
    expect(amsterdamOffset(Date.UTC(2024, 9, 27, 0, 59, 59, 999))).toBe(2 * H);
    expect(amsterdamOffset(Date.UTC(2024, 9, 27, 1))).toBe(1 * H);
    expect(amsterdamOffset(Date.UTC(2024, 6, 1))).toBe(2 * H);
    expect(amsterdamOffset(Date.UTC(2024, 0, 1))).toBe(1 * H);
  });

  it('follows the older EU rules (1977-1995)', () => {
    // 1978: summer time ended on 1 October; 1980: started first Sunday of April (6 April)
    expect(amsterdamOffset(Date.UTC(1978, 9, 1, 0, 59))).toBe(2 * H);
    expect(amsterdamOffset(Date.UTC(1978, 9, 1, 1))).toBe(1 * H);
    expect(amsterdamOffset(Date.UTC(1980, 3, 6, 0, 59))).toBe(1 * H);
    expect(amsterdamOffset(Date.UTC(1980, 3, 6, 1))).toBe(2 * H);
    // 1995 ended last Sunday of September (24th), 1996 last Sunday of October (27th)
    expect(amsterdamOffset(Date.UTC(1995, 8, 24, 1))).toBe(1 * H);
    expect(amsterdamOffset(Date.UTC(1996, 8, 29, 1))).toBe(2 * H);
    expect(amsterdamOffset(Date.UTC(1996, 9, 27, 1))).toBe(1 * H);
  });

  it('agrees with Intl (ICU tz data) around every transition 1977-2037 and at daily samples', () => {
    const intl = makeIntlOffset('Europe/Amsterdam');
    let checked = 0;
    for (let t = Date.UTC(1977, 0, 1); t < Date.UTC(2038, 0, 1); t += H) {
      const d = new Date(t);
      const m = d.getUTCMonth();
      const transitionMonth = m === 2 || m === 3 || m === 8 || m === 9;
      if (!transitionMonth && d.getUTCHours() !== 12) continue;
      if (transitionMonth && d.getUTCDay() !== 0 && d.getUTCHours() !== 12) continue; // every hour on Sundays
      expect(amsterdamOffset(t), d.toISOString()).toBe(intl(t));
      checked++;
    }
    expect(checked).toBeGreaterThan(30_000);
  });
});

describe('local time helpers', () => {
  it('converts to local wall-clock time and back, including the autumn overlap and spring gap', () => {
    const t = Date.UTC(2024, 0, 9, 21, 30); // Tue 22:30 CET
    expect(toLocalMs(t)).toBe(Date.UTC(2024, 0, 9, 22, 30));
    expect(fromLocalMs(Date.UTC(2024, 0, 9, 22, 30))).toBe(t);
    // 2024-10-27 02:30 occurs twice: first at 00:30 UTC (CEST)
    expect(fromLocalMs(Date.UTC(2024, 9, 27, 2, 30))).toBe(Date.UTC(2024, 9, 27, 0, 30));
    // 2024-03-31 02:30 does not exist: 01:30 UTC (03:30 CEST)
    expect(fromLocalMs(Date.UTC(2024, 2, 31, 2, 30))).toBe(Date.UTC(2024, 2, 31, 1, 30));
    expect(fromLocalMs(Date.UTC(2024, 6, 1, 0, 0))).toBe(Date.UTC(2024, 5, 30, 22, 0));
  });

  it('weekday is Monday = 0', () => {
    expect(weekdayHourOfLocal(Date.UTC(2024, 0, 1, 5, 10))).toEqual({ weekday: 0, hour: 5 }); // Monday
    expect(weekdayHourOfLocal(Date.UTC(2024, 0, 7, 23, 59))).toEqual({ weekday: 6, hour: 23 }); // Sunday
    expect(weekdayHourOfLocal(Date.UTC(1969, 11, 31, 0, 0))).toEqual({ weekday: 2, hour: 0 }); // Wednesday, before epoch
  });

  it('Intl offset works for a half-hour zone', () => {
    const kolkata = makeIntlOffset('Asia/Kolkata');
    expect(kolkata(Date.UTC(2024, 0, 1))).toBe(5.5 * H);
  });
});
