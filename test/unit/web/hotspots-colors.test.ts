import { describe, expect, it } from 'vitest';
import { GI_COLORS, countBins, formatChange, heatColorExpression, hotTimeColor, matrixSums, rateBreaks, rateColor, RATE_CLASS_COLORS, RATE_NO_DATA } from '../../../web/map/layers/hotspot-colors.js';
import { formatCellRef, importContentType, parseCellRef } from '../../../web/api/hotspots.js';
import { rateLevelOf } from '../../../web/map/layers/rates-level.js';
import { formatWindow } from '../../../web/map/layers/incident-popup.js';

describe('Gi* classes', () => {
  it('uses the ArcGIS hot/cold colours', () => {
    expect([GI_COLORS[3], GI_COLORS[2], GI_COLORS[1]]).toEqual(['#d62f27', '#ed7551', '#fab984']);
    expect([GI_COLORS[-1], GI_COLORS[-2], GI_COLORS[-3]]).toEqual(['#a3c4dc', '#5d8fc2', '#2c5fa8']);
  });
  it('counts cells per bin', () => {
    const c = countBins([3, 3, 2, 0, -1, -3].map((bin) => ({ properties: { bin } })));
    expect(c).toEqual({ 3: 2, 2: 1, 1: 0, 0: 1, [-1]: 1, [-2]: 0, [-3]: 1 });
  });
});

describe('rates', () => {
  it('makes round equal-interval breaks from 0 to the maximum', () => {
    expect(rateBreaks([0.4, 2.2, 4.9, null])).toEqual([1, 2, 3, 4]);
    expect(rateBreaks([12, 37])).toEqual([10, 20, 30, 40]);
    expect(rateBreaks([null, 0])).toEqual([]);
  });
  it('colours by class, grey without a rate', () => {
    const b = [1, 2, 3, 4];
    expect(rateColor(b, 0.5)).toBe(RATE_CLASS_COLORS[0]);
    expect(rateColor(b, 2)).toBe(RATE_CLASS_COLORS[2]);
    expect(rateColor(b, 9)).toBe(RATE_CLASS_COLORS[4]);
    expect(rateColor(b, null)).toBe(RATE_NO_DATA);
  });
  it('formats changes with a sign', () => {
    expect(formatChange(28.57)).toBe('+29 %');
    expect(formatChange(-37.5)).toBe('−38 %');
    expect(formatChange(0.2)).toBe('0 %');
    expect(formatChange(null)).toBeNull();
  });
  it('maps app levels to rate levels', () => {
    expect(['wijk', 'buurt', 'gemeente', 'stadsdeel', 'postcode'].map(rateLevelOf)).toEqual(['wijk', 'wijk', 'wijk', 'stadsdeel', 'postcode']);
  });
});

describe('hot times and density', () => {
  it('sums a 7×24 matrix by weekday and hour, Monday first', () => {
    const m = Array.from({ length: 168 }, () => 0);
    m[0 * 24 + 20] = 2.5; // Monday 20:00
    m[5 * 24 + 3] = 1.5; // Saturday 03:00
    m[6 * 24 + 20] = 1;
    const s = matrixSums(m);
    expect(s.total).toBe(5);
    expect(s.byWeekday).toEqual([2.5, 0, 0, 0, 0, 1.5, 1]);
    expect(s.byHour[20]).toBe(3.5);
    expect(s.byHour[3]).toBe(1.5);
    expect(s.peak).toEqual({ weekday: 0, hour: 20 });
  });
  it('colours zero white and the maximum dark red', () => {
    expect(hotTimeColor(0, 4)).toBe('#ffffff');
    expect(hotTimeColor(4, 4)).toBe('rgb(153, 0, 13)');
    expect(hotTimeColor(2, 4)).toBe('rgb(252, 141, 89)');
  });
  it('scales the density ramp to the maximum', () => {
    const e = heatColorExpression(50);
    expect(e.slice(0, 3)).toEqual(['interpolate', ['linear'], ['get', 'density']]);
    expect(e[3]).toBe(0);
    expect(e.at(-2)).toBe(50);
  });
});

describe('client helpers', () => {
  it('parses and formats the cell URL value', () => {
    expect(parseCellRef('194100,469300,100')).toEqual({ x: 194100, y: 469300, size: 100 });
    expect(formatCellRef({ x: 194100, y: 469300, size: 250 })).toBe('194100,469300,250');
    expect(parseCellRef('1,2')).toBeNull();
    expect(parseCellRef('1,2,0')).toBeNull();
    expect(parseCellRef('a,b,c')).toBeNull();
  });
  it('picks the upload Content-Type by extension', () => {
    expect(importContentType({ name: 'export.csv', type: 'application/vnd.ms-excel' })).toBe('text/csv');
    expect(importContentType({ name: 'inc.geojson', type: '' })).toBe('application/geo+json');
    expect(importContentType({ name: 'data', type: 'application/json' })).toBe('application/geo+json');
  });
  it('formats an incident window in Amsterdam time', () => {
    expect(formatWindow('2025-10-04T18:45:00.000Z', '2025-10-04T20:15:00.000Z')).toBe('za 4 okt 2025, 20:45 – 22:15');
    expect(formatWindow('2025-10-04T18:45:00.000Z', '2025-10-05T06:00:00.000Z')).toBe('za 4 okt 2025, 20:45 – zo 5 okt 2025, 08:00');
  });
});
