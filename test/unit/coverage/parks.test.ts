import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bedsAtRiskWithoutPlan,
  evacuationPlanShare,
  parksByCompartment,
  type CoverageCompartment,
  type CoveragePark,
  type PlanStatus,
} from '../../../server/domain/coverage/index.js';
import { pt, rect } from './helpers.js';

const park = (id: string, geometry: CoveragePark['geometry'], plan: PlanStatus = 'geen', beds: number | null = 100, sizeClass: CoveragePark['sizeClass'] = 'klein'): CoveragePark => ({
  id, name: `Park ${id}`, geometry, plan, beds, units: beds === null ? null : beds / 4, sizeClass,
});
const hoog: CoverageCompartment = { id: 'C-hoog', geometry: rect(0, 0, 1000, 1000), riskClass: 'hoog' };
const middel: CoverageCompartment = { id: 'C-middel', geometry: rect(2000, 0, 3000, 1000), riskClass: 'middel' };

describe('parksByCompartment', () => {
  it("a park 50 m outside a compartment with a 100 m buffer is 'nabij'; inside is 'in'", () => {
    const res = parksByCompartment([park('a', pt(1050, 500)), park('b', pt(500, 500)), park('c', pt(1150, 500))], [hoog], { bufferMetres: 100 });
    expect(res.map((r) => [r.parkId, r.riskClass, r.proximity])).toEqual([['a', 'hoog', 'nabij'], ['b', 'hoog', 'in'], ['c', null, null]]);
    expect(res[0]!.distanceMetres).toBeCloseTo(50, 9);
    expect(res[1]!.distanceMetres).toBe(0);
  });

  it('without a buffer only in counts; a park polygon overlapping the edge is in', () => {
    const res = parksByCompartment([park('a', pt(1050, 500)), park('p', rect(950, 100, 1100, 200))], [hoog]);
    expect(res.map((r) => r.proximity)).toEqual([null, 'in']);
  });

  it('a park polygon 30 m east of the edge is at distance 30; one diagonal off the corner is 30·√2 ≈ 42 m', () => {
    const [r] = parksByCompartment([park('p', rect(1030, 200, 1100, 300))], [hoog], { bufferMetres: 40 });
    expect(r!.distanceMetres).toBeCloseTo(30, 9);
    const [c] = parksByCompartment([park('q', rect(1030, 1030, 1100, 1100))], [hoog], { bufferMetres: 40 });
    expect(c!.proximity).toBe(null); // 42.4 m
  });

  it('the highest class wins, even when the park is only near it', () => {
    const between = pt(1500, 500); // 500 m from both
    const inMiddelNearHoog = { id: 'C-middel2', geometry: rect(1000, 0, 1500, 1000), riskClass: 'middel' };
    const res = parksByCompartment([park('x', pt(1080, 500))], [hoog, inMiddelNearHoog], { bufferMetres: 100 });
    expect(res[0]).toMatchObject({ riskClass: 'hoog', proximity: 'nabij', compartmentId: 'C-hoog' });
    expect(parksByCompartment([park('y', between)], [hoog, middel], { bufferMetres: 600 })[0]!.riskClass).toBe('hoog');
    // A custom order makes 'middel' the highest.
    expect(parksByCompartment([park('y', between)], [hoog, middel], { bufferMetres: 600, riskOrder: ['hoog', 'middel'] })[0]!.riskClass).toBe('middel');
  });

  it("within one class 'in' wins over 'nabij'", () => {
    const other = { id: 'C-hoog-2', geometry: rect(1010, 0, 2000, 1000), riskClass: 'hoog' };
    const [r] = parksByCompartment([park('x', pt(1500, 500))], [hoog, other], { bufferMetres: 1000 });
    expect(r).toMatchObject({ proximity: 'in', compartmentId: 'C-hoog-2' });
  });

  it('missing or broken geometry gives a row with a problem; a negative buffer is refused', () => {
    const res = parksByCompartment([park('n', null), park('nan', { type: 'Point', coordinates: [Number.NaN, 1] })], [hoog, { id: 'bad', geometry: null, riskClass: 'hoog' }], { bufferMetres: 10 });
    expect(res.map((r) => [r.riskClass, r.problems.length])).toEqual([[null, 1], [null, 1]]);
    expect(() => parksByCompartment([], [], { bufferMetres: -1 })).toThrow(RangeError);
    expect(parksByCompartment([], [hoog])).toEqual([]);
  });
});

describe('evacuationPlanShare', () => {
  it('with 0 parks every share is null, never NaN, and the target is neither met nor missed', () => {
    expect(evacuationPlanShare([])).toEqual({
      n: 0, withPlan: 0, share: null, target: 0.9, meetsTarget: null,
      large: { n: 0, withPlan: 0, share: null }, small: { n: 0, withPlan: 0, share: null }, unknownSize: 0, concept: 0,
    });
  });

  it('counts only adopted plans; a draft does not count; large/small split', () => {
    const parks = [
      park('1', pt(0, 0), 'vastgesteld', 10, 'groot'),
      park('2', pt(0, 0), 'vastgesteld', 10, 'groot'),
      park('3', pt(0, 0), 'concept', 10, 'groot'),
      park('4', pt(0, 0), 'vastgesteld', 10, 'klein'),
      park('5', pt(0, 0), 'geen', 10, null),
    ];
    const res = evacuationPlanShare(parks);
    expect(res).toMatchObject({ n: 5, withPlan: 3, share: 0.6, meetsTarget: false, unknownSize: 1, concept: 1 });
    expect(res.large).toEqual({ n: 3, withPlan: 2, share: 2 / 3 });
    expect(res.small).toEqual({ n: 1, withPlan: 1, share: 1 });
  });

  it('exactly 90 % meets the target', () => {
    const parks = Array.from({ length: 10 }, (_, i) => park(String(i), null, i < 9 ? 'vastgesteld' : 'concept'));
    expect(evacuationPlanShare(parks)).toMatchObject({ share: 0.9, meetsTarget: true });
  });

  it('property: share is in [0, 1] or null for no parks', () => {
    const plan = fc.constantFrom<PlanStatus>('geen', 'concept', 'vastgesteld');
    const size = fc.constantFrom<CoveragePark['sizeClass']>('groot', 'klein', null);
    fc.assert(
      fc.property(fc.array(fc.tuple(plan, size), { maxLength: 30 }), (xs) => {
        const res = evacuationPlanShare(xs.map(([p, s], i) => park(String(i), null, p, 1, s)));
        for (const share of [res.share, res.large.share, res.small.share]) {
          if (share !== null) {
            expect(share).toBeGreaterThanOrEqual(0);
            expect(share).toBeLessThanOrEqual(1);
          }
        }
        expect(res.share === null).toBe(xs.length === 0);
        expect(res.large.n + res.small.n + res.unknownSize).toBe(res.n);
      }),
    );
  });
});

describe('bedsAtRiskWithoutPlan', () => {
  it('answers the fire service: parks in or near high-risk compartments without an adopted plan, and their beds', () => {
    const parks = [
      park('in-geen', pt(500, 500), 'geen', 120),
      park('in-concept', pt(600, 500), 'concept', 300),
      park('in-vast', pt(700, 500), 'vastgesteld', 999),
      park('nabij-geen', pt(1050, 500), 'geen', 80),
      park('nabij-onbekend', pt(1060, 500), 'geen', null),
      park('ver', pt(1500, 500), 'geen', 50),
      park('middel', pt(2500, 500), 'geen', 40),
      park('kapot', null, 'geen', 10),
    ];
    const res = bedsAtRiskWithoutPlan(parks, [hoog, middel], { bufferMetres: 100 });
    expect(res.rows.map((r) => [r.parkId, r.riskClass, r.proximity, r.plan, r.beds])).toEqual([
      ['in-concept', 'hoog', 'in', 'concept', 300],
      ['in-geen', 'hoog', 'in', 'geen', 120],
      ['nabij-geen', 'hoog', 'nabij', 'geen', 80],
      ['nabij-onbekend', 'hoog', 'nabij', 'geen', null],
    ]);
    expect(res.totals).toEqual({
      parks: 4, beds: 500, bedsUnknown: 1,
      in: { parks: 2, beds: 420, bedsUnknown: 0 },
      nabij: { parks: 2, beds: 80, bedsUnknown: 1 },
    });
    expect(res.unplaced).toEqual(['kapot']);
    expect(res.rows[0]!.name).toBe('Park in-concept');
  });

  it('a lower minimum class brings in the middle class, sorted after high', () => {
    const parks = [park('m', pt(2500, 500), 'geen', 400), park('h', pt(500, 500), 'geen', 10)];
    const res = bedsAtRiskWithoutPlan(parks, [hoog, middel], { minRiskClass: 'middel' });
    expect(res.rows.map((r) => r.parkId)).toEqual(['h', 'm']);
    expect(() => bedsAtRiskWithoutPlan(parks, [hoog], { minRiskClass: 'extreem' })).toThrow(RangeError);
  });

  it('no parks: no rows and zero totals', () => {
    expect(bedsAtRiskWithoutPlan([], [hoog], { bufferMetres: 100 })).toEqual({
      rows: [],
      totals: { parks: 0, beds: 0, bedsUnknown: 0, in: { parks: 0, beds: 0, bedsUnknown: 0 }, nabij: { parks: 0, beds: 0, bedsUnknown: 0 } },
      unplaced: [],
    });
  });
});
