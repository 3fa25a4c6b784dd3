import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupCoverageByDistrict, uncoveredHotspots, type CoverageGroup } from '../../../server/domain/coverage/index.js';
import { rect, pt } from './helpers.js';

const district = { code: 'WK020001', name: 'Binnenstad', geometry: rect(0, 0, 100, 100), dwellings: 400, inhabitants: 800 };
const group = (id: string, x1: number, y1: number, x2: number, y2: number, status = 'actief'): CoverageGroup => ({ id, geometry: rect(x1, y1, x2, y2), status });

describe('groupCoverageByDistrict', () => {
  it('a 100×100 m district half covered by a group has share 0.5 and half its dwellings (estimate)', () => {
    const [row] = groupCoverageByDistrict([district], [group('g1', 0, 0, 50, 100)]).districts;
    expect(row!.areaM2).toBeCloseTo(10_000, 6);
    expect(row!.coveredM2).toBeCloseTo(5_000, 6);
    expect(row!.share).toBeCloseTo(0.5, 9);
    expect(row!.groups).toBe(1);
    expect(row!.dwellings).toEqual({ total: 400, covered: expect.closeTo(200, 6), estimate: true, label: 'schatting' });
    expect(row!.inhabitants.covered).toBeCloseTo(400, 6);
  });

  it('two overlapping groups are unioned, not double-counted', () => {
    // 0..60 and 40..100 across the full height: union covers everything once (share 1, not 1.2).
    const [row] = groupCoverageByDistrict([district], [group('a', 0, 0, 60, 100), group('b', 40, 0, 100, 100)]).districts;
    expect(row!.share).toBeCloseTo(1, 9);
    expect(row!.groups).toBe(2);
    // Overlap in one corner: 50×50 + 50×50 − 25×25 = 4375 m².
    const [r2] = groupCoverageByDistrict([district], [group('a', 0, 0, 50, 50), group('b', 25, 25, 75, 75)]).districts;
    expect(r2!.coveredM2).toBeCloseTo(4375, 6);
  });

  it('a group reaching beyond the district counts only its part inside', () => {
    const [row] = groupCoverageByDistrict([district], [group('g', 75, -50, 300, 300)]).districts;
    expect(row!.share).toBeCloseTo(0.25, 9);
  });

  it('only active groups count unless the options say otherwise', () => {
    const groups = [group('a', 0, 0, 50, 100), group('b', 50, 0, 100, 100, 'slapend')];
    expect(groupCoverageByDistrict([district], groups).districts[0]!.share).toBeCloseTo(0.5, 9);
    expect(groupCoverageByDistrict([district], groups, { activeStatuses: ['actief', 'slapend'] }).districts[0]!.share).toBeCloseTo(1, 9);
  });

  it('no groups: share 0 and covered 0; unknown figures stay null', () => {
    const [row] = groupCoverageByDistrict([{ code: 'X', name: 'X', geometry: rect(0, 0, 10, 10) }], []).districts;
    expect(row!.share).toBe(0);
    expect(row!.dwellings).toEqual({ total: null, covered: null, estimate: true, label: 'schatting' });
  });

  it('empty inputs give empty results', () => {
    expect(groupCoverageByDistrict([], [])).toEqual({ districts: [], skippedGroups: [] });
  });

  it('a degenerate district gets share null (not NaN) and a problem', () => {
    const flat = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [20, 0], [0, 0]]] };
    const res = groupCoverageByDistrict([{ ...district, geometry: flat }, { ...district, code: 'Y', geometry: null }], [group('g', 0, 0, 50, 100)]);
    for (const row of res.districts) {
      expect(row.share).toBeNull();
      expect(row.dwellings.covered).toBeNull();
      expect(row.problems.length).toBe(1);
    }
  });

  it('groups with unusable geometry are skipped and named; the others still count', () => {
    const res = groupCoverageByDistrict(
      [district],
      [group('ok', 0, 0, 50, 100), { id: 'punt', geometry: pt(10, 10), status: 'actief' }, { id: 'nan', geometry: { type: 'Polygon', coordinates: [[[0, 0], [Number.NaN, 1], [1, 1], [0, 0]]] }, status: 'actief' }],
    );
    expect(res.districts[0]!.share).toBeCloseTo(0.5, 9);
    expect(res.skippedGroups.map((s) => s.id).sort()).toEqual(['nan', 'punt']);
  });

  it('a self-intersecting (bow-tie) group does not throw', () => {
    const bowtie = { type: 'Polygon' as const, coordinates: [[[194_000, 469_000], [194_100, 469_100], [194_100, 469_000], [194_000, 469_100], [194_000, 469_000]]] };
    const res = groupCoverageByDistrict([district], [{ id: 'bow', geometry: bowtie, status: 'actief' }]);
    const share = res.districts[0]!.share;
    expect(share === null || (share >= 0 && share <= 1)).toBe(true);
  });

  const box = fc
    .tuple(fc.integer({ min: -50, max: 150 }), fc.integer({ min: -50, max: 150 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 }))
    .map(([x, y, w, h]) => group(`g${x}_${y}_${w}_${h}`, x, y, x + w, y + h));

  it('property: the covered share is always in [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 6 }), (groups) => {
        const share = groupCoverageByDistrict([district], groups).districts[0]!.share!;
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });

  it('property: adding a group never lowers the coverage', () => {
    fc.assert(
      fc.property(fc.array(box, { maxLength: 5 }), box, (groups, extra) => {
        const before = groupCoverageByDistrict([district], groups).districts[0]!.coveredM2;
        const after = groupCoverageByDistrict([district], [...groups, extra]).districts[0]!.coveredM2;
        expect(after).toBeGreaterThanOrEqual(before - 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});

describe('uncoveredHotspots', () => {
  const groups = [group('g', 0, 0, 100, 100)];

  it('keeps hot spots covered less than half, ranked by burglaries with a stable tie-break', () => {
    const items = [
      { id: 'c1', kind: 'gistar' as const, geometry: rect(0, 0, 50, 50), burglaries: 9 }, // fully covered
      { id: 'c2', kind: 'gistar' as const, geometry: rect(80, 0, 180, 100), burglaries: 5 }, // 20 % covered
      { id: 'z1', kind: 'nearrepeat' as const, geometry: rect(200, 200, 300, 300), burglaries: 5 }, // uncovered
      { id: 'c0', kind: 'gistar' as const, geometry: rect(300, 0, 400, 100), burglaries: 5 }, // uncovered
      { id: 'z2', kind: 'nearrepeat' as const, geometry: rect(50, 0, 150, 100), burglaries: 12 }, // exactly 50 %: covered
      { id: 'p1', kind: 'nearrepeat' as const, geometry: pt(500, 500), burglaries: 7 }, // point outside
      { id: 'p2', kind: 'nearrepeat' as const, geometry: pt(10, 10), burglaries: 70 }, // point inside
    ];
    const res = uncoveredHotspots(items, groups);
    expect(res.items.map((i) => [i.rank, i.id])).toEqual([[1, 'p1'], [2, 'c0'], [3, 'c2'], [4, 'z1']]);
    expect(res.items.find((i) => i.id === 'c2')!.coveredShare).toBeCloseTo(0.2, 9);
    // Same answer whatever the input order.
    expect(uncoveredHotspots([...items].reverse(), groups).items.map((i) => i.id)).toEqual(['p1', 'c0', 'c2', 'z1']);
  });

  it('the threshold is configurable; inactive groups do not cover', () => {
    const items = [{ id: 'c2', kind: 'gistar' as const, geometry: rect(80, 0, 180, 100), burglaries: 5 }];
    expect(uncoveredHotspots(items, groups, { minCoveredShare: 0.1 }).items).toEqual([]);
    expect(uncoveredHotspots(items, [group('g', 0, 0, 100, 100, 'opgeheven')], { minCoveredShare: 0.1 }).items.map((i) => i.coveredShare)).toEqual([0]);
    expect(() => uncoveredHotspots(items, groups, { minCoveredShare: 0 })).toThrow(RangeError);
  });

  it('empty inputs and unusable geometry', () => {
    expect(uncoveredHotspots([], [])).toEqual({ items: [], skipped: [] });
    const res = uncoveredHotspots([{ id: 'x', kind: 'gistar', geometry: null, burglaries: 3 }, { id: 'y', kind: 'gistar', geometry: rect(0, 0, 1, 1), burglaries: 1 }], []);
    expect(res.items.map((i) => i.id)).toEqual(['y']);
    expect(res.skipped).toEqual([{ id: 'x', reason: 'geen geometrie' }]);
  });
});
