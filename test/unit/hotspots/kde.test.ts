import { describe, expect, it } from 'vitest';
import { defaultBandwidth, kernelDensity, quarticKernel } from '../../../server/domain/hotspots/kde.js';
import { cellCentre } from '../../../server/domain/hotspots/grid.js';
import { mulberry32 } from '../../../server/domain/random.js';

/** Independent all-pairs evaluation, per km². */
function naiveDensity(xs: number[], ys: number[], cx: number, cy: number, h: number, w?: number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = Math.hypot(xs[i]! - cx, ys[i]! - cy);
    if (d < h) s += (w ? w[i]! : 1) * (3 / (Math.PI * h * h)) * (1 - (d * d) / (h * h)) ** 2;
  }
  return s * 1e6;
}

describe('quartic kernel', () => {
  it('has the Silverman form and is 0 from h on', () => {
    expect(quarticKernel(0, 200)).toBeCloseTo(3 / (Math.PI * 40_000), 18);
    // d = 100, h = 200: (1 - 1/4)^2 = 0.5625
    expect(quarticKernel(100, 200)).toBeCloseTo((3 / (Math.PI * 40_000)) * 0.5625, 18);
    expect(quarticKernel(200, 200)).toBe(0);
    expect(quarticKernel(250, 200)).toBe(0);
  });
});

describe('kernelDensity', () => {
  it('a single point: hand-computed value at a cell centre', () => {
    const r = kernelDensity({ xs: [1000], ys: [1000] }, { bandwidth: 200, cellSize: 50, extent: { minX: 800, minY: 800, maxX: 1200, maxY: 1200 } });
    expect([r.originX, r.originY, r.nx, r.ny]).toEqual([800, 800, 8, 8]);
    // centre (1025, 1025): d² = 25² + 25² = 1250, 1 - 1250/40000 = 0.96875, squared 0.9384765625
    // K = 3 / (π · 40000) · 0.9384765625 = 2.24044...e-5 per m² = 22.4044... per km²
    const expected = ((3 / (Math.PI * 40_000)) * 0.9384765625) * 1e6;
    const k = 4 * 8 + 4; // ix = 4 (1000-1050), iy = 4
    expect(cellCentre(r, k)).toEqual({ x: 1025, y: 1025 });
    expect(r.density[k]).toBeCloseTo(expected, 12);
    expect(r.density[k]).toBeCloseTo(22.40443, 4);
    // centre (825, 825): d = 247.5 > 200 -> 0
    expect(r.density[0]).toBe(0);
    // symmetric around the point
    expect(r.density[3 * 8 + 3]).toBeCloseTo(expected, 12);
    expect(r.max).toBeCloseTo(expected, 12);
  });

  it('integrates to the number of points (per m², fine grid)', () => {
    const r = kernelDensity({ xs: [5000, 5100, 4900], ys: [5000, 5050, 4950] }, { bandwidth: 200, cellSize: 5, pad: 300, units: 'm2' });
    const integral = r.density.reduce((a, b) => a + b, 0) * 25;
    expect(integral).toBeCloseTo(3, 3);
  });

  it('matches an all-pairs evaluation on random points, both methods, with weights', () => {
    const rng = mulberry32(42);
    const n = 800;
    const xs: number[] = [];
    const ys: number[] = [];
    const w: number[] = [];
    for (let i = 0; i < n; i++) {
      xs.push(190_000 + rng() * 2000);
      ys.push(465_000 + rng() * 1500);
      w.push(rng() < 0.5 ? 1 : rng());
    }
    const a = kernelDensity({ xs, ys }, { bandwidth: 180, cellSize: 50, weights: w, method: 'index' });
    const b = kernelDensity({ xs, ys }, { bandwidth: 180, cellSize: 50, weights: w });
    expect(a.nx).toBeGreaterThan(30);
    expect(a.points).toBe(n);
    for (let k = 0; k < a.density.length; k++) {
      const c = cellCentre(a, k);
      const ref = naiveDensity(xs, ys, c.x, c.y, 180, w);
      expect(Math.abs(a.density[k]! - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, ref));
      expect(Math.abs(b.density[k]! - ref)).toBeLessThanOrEqual(1e-12 * Math.max(1, ref));
    }
  });

  it('points outside an explicit extent still contribute nearby', () => {
    for (const method of ['scatter', 'index'] as const) {
      const r = kernelDensity({ xs: [-10], ys: [50] }, { bandwidth: 100, cellSize: 50, extent: { minX: 0, minY: 0, maxX: 100, maxY: 100 }, method });
      expect(r.density[0]).toBeCloseTo(naiveDensity([-10], [50], 25, 25, 100), 12);
      expect(r.density[0]).toBeGreaterThan(0);
      expect(r.density[2]).toBeCloseTo(naiveDensity([-10], [50], 25, 75, 100), 12);
    }
  });

  it('empty input and bad bandwidth', () => {
    expect(kernelDensity([], {}).density.length).toBe(0);
    expect(() => kernelDensity([{ x: 0, y: 0 }], { bandwidth: 0 })).toThrow(RangeError);
  });
});

describe('defaultBandwidth (ArcGIS rule)', () => {
  it('four points on a square: 0.9 · min(SD, √(1/ln2)·Dm) · n^-0.2', () => {
    const pts = [
      { x: 100, y: 100 },
      { x: -100, y: 100 },
      { x: -100, y: -100 },
      { x: 100, y: -100 },
    ];
    // mean centre (0,0); every distance √20000 = 141.42; SD = √(80000/4) = 141.42 = Dm
    // min(141.42, 1.2011·141.42) = 141.42; h = 0.9 · 141.42 · 0.75786 = 96.4596
    expect(defaultBandwidth(pts)).toBeCloseTo(0.9 * Math.sqrt(20_000) * 4 ** -0.2, 10);
    expect(defaultBandwidth(pts)).toBeCloseTo(96.4596, 3);
    expect(defaultBandwidth([{ x: 1, y: 1 }])).toBeNaN();
  });

  it('uses the median distance when it is the smaller term', () => {
    // 5 points: 4 at the centre, 1 far away -> Dm = distance of the middle one
    const pts = [
      { x: 0, y: 0 },
      { x: 0, y: 0 },
      { x: 0, y: 0 },
      { x: 0, y: 0 },
      { x: 1000, y: 0 },
    ];
    // mean (200, 0); distances 200,200,200,200,800; median 200; SD = √((4·40000 + 640000)/5) = 400
    // √(1/ln2)·200 = 240.2 < 400 -> h = 0.9 · 240.22 · 5^-0.2
    expect(defaultBandwidth(pts)).toBeCloseTo(0.9 * Math.sqrt(1 / Math.LN2) * 200 * 5 ** -0.2, 10);
  });
});
