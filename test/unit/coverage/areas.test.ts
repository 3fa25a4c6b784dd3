import { describe, expect, it } from 'vitest';
import { coverageOfAreas, placeOf, uncoveredHotspots, type CoverageGroup } from '../../../server/domain/coverage/index.js';
import { rect } from './helpers.js';

const group = (id: string, x1: number, y1: number, x2: number, y2: number, status = 'actief'): CoverageGroup => ({ id, geometry: rect(x1, y1, x2, y2), status });

describe('coverageOfAreas', () => {
  it('a zone three-quarters inside two active groups is covered, with both groups, largest overlap first', () => {
    const r = coverageOfAreas([{ id: 'z', geometry: rect(0, 0, 100, 100) }], [group('small', 0, 0, 25, 100), group('big', 25, 0, 75, 100)]).get('z')!;
    expect(r.coveredShare).toBeCloseTo(0.75, 9);
    expect(r.covered).toBe(true);
    expect(r.groupIds).toEqual(['big', 'small']);
  });

  it('a zone touched by a group but mostly outside is not covered, and still names the overlapping group', () => {
    const r = coverageOfAreas([{ id: 'z', geometry: rect(0, 0, 100, 100) }], [group('g', 80, 0, 300, 100)]).get('z')!;
    expect(r.coveredShare).toBeCloseTo(0.2, 9);
    expect(r.covered).toBe(false);
    expect(r.groupIds).toEqual(['g']);
  });

  it('dormant groups do not count; no groups at all means not covered', () => {
    expect(coverageOfAreas([{ id: 'z', geometry: rect(0, 0, 10, 10) }], [group('s', 0, 0, 10, 10, 'slapend')]).get('z')).toEqual({ coveredShare: 0, covered: false, groupIds: [] });
    expect(coverageOfAreas([{ id: 'z', geometry: rect(0, 0, 10, 10) }], []).get('z')!.covered).toBe(false);
  });

  it('an unusable area is unknown (null), not a guess', () => {
    expect(coverageOfAreas([{ id: 'z', geometry: null }], [group('g', 0, 0, 10, 10)]).get('z')).toEqual({ coveredShare: null, covered: null, groupIds: [] });
  });

  it('agrees with uncoveredHotspots on which areas are gaps', () => {
    const areas = [0, 30, 45, 55, 70].map((x) => ({ id: `a${x}`, kind: 'nearrepeat' as const, burglaries: 1, geometry: rect(x, 0, x + 100, 100) }));
    const groups = [group('g', 50, -10, 400, 110)];
    const cov = coverageOfAreas(areas, groups);
    const gaps = new Set(uncoveredHotspots(areas, groups).items.map((i) => i.id));
    for (const a of areas) expect(cov.get(a.id)!.covered).toBe(!gaps.has(a.id));
  });
});

describe('placeOf', () => {
  const west = { name: 'West', geometry: rect(0, 0, 100, 100) };
  const east = { name: 'Oost', geometry: rect(100, 0, 200, 100) };
  it('names the district holding the centre of the area', () => {
    expect(placeOf(rect(120, 10, 150, 40), [west, east])?.name).toBe('Oost');
    expect(placeOf(rect(60, 10, 130, 40), [west, east])?.name).toBe('West');
  });
  it('is null outside every district, for an unusable area, and skips districts without shape', () => {
    expect(placeOf(rect(500, 500, 510, 510), [west, east])).toBeNull();
    expect(placeOf(null, [west])).toBeNull();
    expect(placeOf(rect(10, 10, 20, 20), [{ name: 'Leeg', geometry: null }, west])?.name).toBe('West');
  });
});
