import { describe, expect, it } from 'vitest';
import { periodFromDatetime } from '../../../server/ogc/hotspot-grid.js';

describe('OGC datetime -> hotspot period', () => {
  it('takes dates, intervals and open ends', () => {
    expect(periodFromDatetime('2025-03-01')).toEqual({ from: '2025-03-01', to: '2025-03-01' });
    expect(periodFromDatetime('2025-01-01/2025-12-31')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodFromDatetime('../2025-12-31')).toEqual({ to: '2025-12-31' });
    expect(periodFromDatetime('2025-01-01/..')).toEqual({ from: '2025-01-01' });
  });

  it('reads RFC 3339 date-times as their Europe/Amsterdam calendar day', () => {
    // 23:30 UTC on 31 December is already 1 January in Amsterdam (UTC+1).
    expect(periodFromDatetime('2024-12-31T23:30:00Z/2025-06-30T12:00:00+02:00')).toEqual({ from: '2025-01-01', to: '2025-06-30' });
  });

  it('refuses what is no date, a reversed interval and three parts', () => {
    for (const bad of ['gisteren', '2025-02-30', '2025-12-31/2025-01-01', '2025-01-01/2025-02-01/2025-03-01', '1800-01-01']) {
      expect(() => periodFromDatetime(bad), bad).toThrow(/datetime/);
    }
  });
});
