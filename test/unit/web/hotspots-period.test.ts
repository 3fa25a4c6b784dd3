import { describe, expect, it } from 'vitest';
import { ddoSeason, formatPeriod, isPeriod, parseDay, periodDays, presetPeriod, referenceDay, weeksOf } from '../../../web/panels/hotspots/period.js';

const day = (s: string) => parseDay(s)!;

describe('period presets', () => {
  it('anchors to the latest incident, or today when that is earlier', () => {
    expect(referenceDay('2026-03-10', new Date(2026, 10, 24, 15))).toEqual(day('2026-03-10'));
    expect(referenceDay('2027-01-01', new Date(2026, 10, 24, 15))).toEqual(day('2026-11-24'));
    expect(referenceDay(null, new Date(2026, 10, 24, 15))).toEqual(day('2026-11-24'));
  });

  it('last 2 weeks: 14 days up to the reference day', () => {
    const p = presetPeriod('2w', day('2026-03-10'));
    expect(p).toMatchObject({ from: '2026-02-25', to: '2026-03-10' });
    expect(periodDays(p)).toBe(14);
  });

  it('DDO season: the running one (up to the reference day), or the last one in summer', () => {
    expect(presetPeriod('ddo', day('2026-11-24'))).toMatchObject({ from: '2026-10-01', to: '2026-11-24', label: '2026/27' });
    expect(presetPeriod('ddo', day('2026-02-15'))).toMatchObject({ from: '2025-10-01', to: '2026-02-15', label: '2025/26' });
    expect(presetPeriod('ddo', day('2026-03-31'))).toMatchObject({ from: '2025-10-01', to: '2026-03-31' });
    expect(presetPeriod('ddo', day('2026-07-01'))).toMatchObject({ from: '2025-10-01', to: '2026-03-31', label: '2025/26' });
    expect(presetPeriod('ddoPrev', day('2026-11-24'))).toMatchObject({ from: '2025-10-01', to: '2026-03-31', label: '2025/26' });
    expect(presetPeriod('ddoPrev', day('2026-02-15'))).toMatchObject({ from: '2024-10-01', to: '2025-03-31' });
    expect(ddoSeason(day('2024-02-29')).end).toEqual(day('2024-03-31'));
  });

  it('last 12 months and the last complete calendar year', () => {
    expect(presetPeriod('12m', day('2026-11-23'))).toMatchObject({ from: '2025-11-24', to: '2026-11-23' });
    expect(presetPeriod('12m', day('2024-02-29'))).toMatchObject({ from: '2023-03-01', to: '2024-02-29' });
    expect(presetPeriod('year', day('2026-11-23'))).toMatchObject({ from: '2025-01-01', to: '2025-12-31', label: '2025' });
  });
});

describe('weeks and dates', () => {
  it('splits a period into 7-day steps, the last one shorter', () => {
    const w = weeksOf({ from: '2025-10-01', to: '2025-10-20' });
    expect(w).toEqual([
      { index: 0, from: '2025-10-01', to: '2025-10-07' },
      { index: 1, from: '2025-10-08', to: '2025-10-14' },
      { index: 2, from: '2025-10-15', to: '2025-10-20' },
    ]);
    expect(weeksOf({ from: '2025-10-01', to: '2026-03-31' })).toHaveLength(26);
    expect(weeksOf({ from: '2025-10-02', to: '2025-10-01' })).toEqual([]);
  });

  it('steps by calendar days across the DST change', () => {
    const w = weeksOf({ from: '2026-03-23', to: '2026-04-05' });
    expect(w.map((x) => x.from)).toEqual(['2026-03-23', '2026-03-30']);
  });

  it('validates dates and periods', () => {
    expect(parseDay('2025-02-30')).toBeNull();
    expect(parseDay('2025-2-3')).toBeNull();
    expect(isPeriod({ from: '2025-01-01', to: '2025-01-01' })).toBe(true);
    expect(isPeriod({ from: '2025-01-02', to: '2025-01-01' })).toBe(false);
    expect(isPeriod({ from: undefined, to: '2025-01-01' })).toBe(false);
  });

  it('formats periods in Dutch', () => {
    expect(formatPeriod({ from: '2025-10-01', to: '2026-03-31' })).toBe('1 okt 2025 – 31 mrt 2026');
    expect(formatPeriod({ from: '2026-03-01', to: '2026-03-14' })).toBe('1 mrt – 14 mrt 2026');
  });
});
