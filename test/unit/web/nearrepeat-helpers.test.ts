import { describe, expect, it } from 'vitest';
import type { BurglaryFeature, ZoneFeature } from '../../../web/api/nearrepeat.js';
import {
  addDays,
  burglaryLinks,
  curvedPath,
  diffDays,
  formatCountdown,
  isIsoDate,
  originatorIds,
  parseBreakList,
  playbackRange,
  positiveInt,
  safeFileName,
  sortZones,
  todayLocal,
} from '../../../web/panels/nearrepeat/helpers.js';

function burglary(id: number, lon: number, lat: number, originatorIds: number[] = []): BurglaryFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { id, sourceId: `B${id}`, kind: 'woninginbraak', from: '', to: '', active: true, daysLeft: 3, originatorIds },
  };
}

function zone(id: number, daysLeft: number, members: number): ZoneFeature {
  return {
    type: 'Feature',
    geometry: { type: 'Polygon', coordinates: [] },
    properties: {
      id,
      members: Array.from({ length: members }, (_, i) => ({ id: id + i, sourceId: `S${id + i}`, kind: 'woninginbraak', from: '', to: '', daysLeft, expiresAt: '' })),
      daysLeft,
      expiresAt: '',
      areaM2: 0,
      dwellings: null,
      inhabitants: null,
      method: null,
      whatsappCovered: null,
    },
  };
}

describe('calendar dates', () => {
  it('validates, adds and subtracts days across month, year and DST boundaries', () => {
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-7-1')).toBe(false);
    expect(isIsoDate(undefined)).toBe(false);
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31'); // DST starts 30 March in NL
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(diffDays('2025-07-01', '2025-07-18')).toBe(17);
  });

  it("gives today's date in Europe/Amsterdam", () => {
    expect(todayLocal(new Date('2025-06-30T22:30:00Z'))).toBe('2025-07-01'); // 00:30 in Amsterdam
    expect(todayLocal(new Date('2025-12-31T22:59:00Z'))).toBe('2025-12-31');
  });

  it('spans the playback over the last days plus the risk window', () => {
    expect(playbackRange('2025-07-05', 14, 60)).toEqual(['2025-05-07', '2025-07-19']);
    expect(playbackRange('2025-07-05', 0, 1)).toEqual(['2025-07-05', '2025-07-05']);
  });

  it('reads positive integers from the URL', () => {
    expect(positiveInt('200', 2000)).toBe(200);
    expect(positiveInt('0', 2000)).toBeUndefined();
    expect(positiveInt('2001', 2000)).toBeUndefined();
    expect(positiveInt('12.5', 2000)).toBeUndefined();
    expect(positiveInt(undefined, 2000)).toBeUndefined();
  });
});

describe('links from originating burglaries', () => {
  it('makes one link per originator that is present, skipping self-references', () => {
    const bs = [burglary(1, 5.96, 52.21), burglary(2, 5.961, 52.211, [1]), burglary(3, 5.962, 52.212, [1, 2, 3, 99])];
    const links = burglaryLinks(bs);
    expect(links.map((l) => `${l.fromId}>${l.toId}`)).toEqual(['1>2', '1>3', '2>3']);
    expect(links[0]!.from).toEqual([5.96, 52.21]);
    expect(links[0]!.to).toEqual([5.961, 52.211]);
    expect([...originatorIds(bs)].sort()).toEqual([1, 2, 99]);
  });

  it('curves between the two end points', () => {
    const path = curvedPath([5.96, 52.21], [5.97, 52.21], 8);
    expect(path).toHaveLength(9);
    expect(path[0]).toEqual([5.96, 52.21]);
    expect(path[8]![0]).toBeCloseTo(5.97, 12);
    expect(path[8]![1]).toBeCloseTo(52.21, 12);
    // An eastward link bulges north (to the left of the direction of travel).
    expect(path[4]![1]).toBeGreaterThan(52.21);
  });
});

describe('zones, breaks and formatting', () => {
  it('sorts zones by days left, then members', () => {
    const sorted = sortZones([zone(1, 3, 1), zone(5, 10, 1), zone(9, 3, 4)]);
    expect(sorted.map((z) => z.properties.id)).toEqual([5, 9, 1]);
  });

  it('parses break lists as typed by analysts', () => {
    expect(parseBreakList('0,1,101,201,Inf')).toEqual([0, 1, 101, 201, 'Inf']);
    expect(parseBreakList('0 7 14 21')).toEqual([0, 7, 14, 21]);
    expect(parseBreakList('0,Inf,7')).toBeNull();
    expect(parseBreakList('0,7,7')).toBeNull();
    expect(parseBreakList('7')).toBeNull();
    expect(parseBreakList('0,-1')).toBeNull();
    expect(parseBreakList('0,abc')).toBeNull();
  });

  it('formats a countdown and file names', () => {
    expect(formatCountdown(((3 * 24 + 4) * 60 + 12) * 60_000)).toBe('3 d 04:12 u');
    expect(formatCountdown(59 * 60_000)).toBe('00:59 u');
    expect(formatCountdown(0)).toBe('verlopen');
    expect(safeFileName('Near repeat zone 12 – 2025-07-05')).toBe('near-repeat-zone-12-2025-07-05');
  });
});
