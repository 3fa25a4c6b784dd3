import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, giBin, giStar, neighbourOffsets } from '../../../server/domain/hotspots/gistar.js';
import { gridCounts } from '../../../server/domain/hotspots/grid.js';
import { erfc } from '../../../server/domain/hotspots/normal.js';
import { mulberry32 } from '../../../server/domain/random.js';

/**
 * Independent reference: all pairs of cells, weights from Euclidean centre distances, textbook
 * variance formula s = sqrt(Σx²/n − x̄²). O(n²).
 */
function naiveGiStar(x: number[], nx: number, ny: number, cell: number, band: number): number[] {
  const n = nx * ny;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  const z: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = (i % nx) * cell;
    const yi = Math.floor(i / nx) * cell;
    let lx = 0;
    let W = 0;
    let S1 = 0;
    for (let j = 0; j < n; j++) {
      const d = Math.hypot((j % nx) * cell - xi, Math.floor(j / nx) * cell - yi);
      const w = i === j || (d > 0 && d <= band + 1e-9) ? 1 : 0;
      lx += w * x[j]!;
      W += w;
      S1 += w * w;
    }
    z.push((lx - mean * W) / (s * Math.sqrt((n * S1 - W * W) / (n - 1))));
  }
  return z;
}

const p2 = (z: number) => erfc(Math.abs(z) / Math.SQRT2);

describe('neighbourOffsets', () => {
  it('150 m band on 100 m cells = self + 8 neighbours; 100 m = rook; 250 m cells = self only', () => {
    expect(neighbourOffsets(100, 150).length / 2).toBe(9);
    expect(neighbourOffsets(100, 100).length / 2).toBe(5);
    expect(neighbourOffsets(100, 100 * Math.SQRT2).length / 2).toBe(9); // diagonal included despite rounding
    expect(neighbourOffsets(100, 99.9).length / 2).toBe(1);
    expect(neighbourOffsets(250, 150).length / 2).toBe(1);
    expect(neighbourOffsets(100, 200).length / 2).toBe(13); // + (±2,0), (0,±2)
  });
});

describe('giStar by hand', () => {
  it('3×3, value 9 in the centre cell, band 150', () => {
    // n = 9, Σx = 9, x̄ = 1, Σx² = 81, s² = 81/9 − 1 = 8, s = 2√2
    // corner (W = 4, sum 9): (9 − 4) / (2√2 · √((9·4 − 16)/8)) = 5 / (2√2 · √2.5) = 5/(2√5) = √5/2
    // edge (W = 6, sum 9):   (9 − 6) / (2√2 · √((54 − 36)/8)) = 3 / (2√2 · 1.5) = 1/√2
    // centre (W = 9 = n): 0/0 -> z = 0, p = 1 (documented degenerate case)
    const grid = { nx: 3, ny: 3, cellSize: 100, counts: [0, 0, 0, 0, 9, 0, 0, 0, 0] };
    const r = giStar(grid);
    expect(r.mean).toBe(1);
    expect(r.sd).toBeCloseTo(2 * Math.SQRT2, 15);
    for (const corner of [0, 2, 6, 8]) expect(r.z[corner]).toBeCloseTo(Math.sqrt(5) / 2, 14);
    for (const edge of [1, 3, 5, 7]) expect(r.z[edge]).toBeCloseTo(1 / Math.SQRT2, 14);
    expect(r.z[4]).toBe(0);
    expect(r.p[4]).toBe(1);
    // p = erfc(z/√2): mpmath gives 0.2635524772829727 and 0.4795001221869535
    expect(r.p[0]).toBeCloseTo(0.2635524772829727, 14);
    expect(r.p[1]).toBeCloseTo(0.4795001221869535, 14);
    expect([...r.bins]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('4×4, value 16 in cell (1,1), band 150', () => {
    // n = 16, x̄ = 1, Σx² = 256, s² = 16 − 1 = 15
    // (1,1) interior W = 9, sum 16: 7 / (√15 · √((144 − 81)/15)) = 7/√63 = √7/3
    // (0,0) corner W = 4, sum 16: 12 / (√15 · √(48/15)) = 12/√48 = √3
    // (3,3) corner W = 4, sum 0: −4/√48 = −1/√3
    // (2,0) edge W = 6, sum 16: 10 / (√15 · √(60/15)) = 10/(2√15) = √15/3
    // (3,1) edge W = 6, sum 0: −6/(2√15) = −3/√15
    const counts = new Array(16).fill(0);
    counts[1 * 4 + 1] = 16;
    const r = giStar({ nx: 4, ny: 4, cellSize: 100, counts });
    const at = (ix: number, iy: number) => r.z[iy * 4 + ix]!;
    expect(at(1, 1)).toBeCloseTo(Math.sqrt(7) / 3, 14);
    expect(at(2, 2)).toBeCloseTo(Math.sqrt(7) / 3, 14);
    expect(at(0, 0)).toBeCloseTo(Math.sqrt(3), 14);
    expect(at(3, 3)).toBeCloseTo(-1 / Math.sqrt(3), 14);
    expect(at(3, 0)).toBeCloseTo(-1 / Math.sqrt(3), 14);
    expect(at(2, 0)).toBeCloseTo(Math.sqrt(15) / 3, 14);
    expect(at(3, 1)).toBeCloseTo(-3 / Math.sqrt(15), 14);
    // √3 = 1.732: p = 0.0832645166635504 (mpmath) -> 90 % hot spot, bin +1
    expect(r.p[0]).toBeCloseTo(0.0832645166635504, 14);
    expect(r.bins[0]).toBe(1);
    expect(r.bins[15]).toBe(0);
    expect(r.neighbours).toBe(9);
  });

  it('agrees with the grid counts pipeline', () => {
    // 16 points in cell (1,1) of a 4x4 grid spanned by points in (0,0)..(3,3)
    const xs = [5, 395, ...new Array(16).fill(150)];
    const ys = [5, 395, ...new Array(16).fill(150)];
    const g = gridCounts({ xs, ys }, { cellSize: 100 });
    expect([g.nx, g.ny]).toEqual([4, 4]);
    const r = giStar(g);
    const ref = naiveGiStar([...g.counts], 4, 4, 100, 150);
    for (let i = 0; i < 16; i++) expect(r.z[i]).toBeCloseTo(ref[i]!, 12);
  });
});

describe('giStar vs naive all-pairs', () => {
  it.each([
    [1, 17, 13, 100, 150],
    [2, 20, 20, 100, 100],
    [3, 15, 11, 100, 350],
    [4, 12, 9, 250, 600],
    [5, 30, 2, 100, 150],
    [6, 1, 25, 100, 150],
  ])('seed %i: %i×%i cells of %i m, band %i', (seed, nx, ny, cell, band) => {
    const rng = mulberry32(seed);
    const x: number[] = [];
    for (let i = 0; i < nx * ny; i++) x.push(rng() < 0.4 ? 0 : Math.floor(rng() * 12) + (rng() < 0.05 ? 40 : 0));
    const r = giStar({ nx, ny, cellSize: cell, counts: Float64Array.from(x) }, { band });
    const ref = naiveGiStar(x, nx, ny, cell, band);
    let nonzero = 0;
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(r.z[i]! - ref[i]!)).toBeLessThan(1e-9);
      expect(Math.abs(r.p[i]! - p2(ref[i]!))).toBeLessThan(1e-9);
      if (Math.abs(ref[i]!) > 0.1) nonzero++;
    }
    expect(nonzero).toBeGreaterThan(x.length / 4);
  });

  it('finds a planted cluster at 99 % and leaves noise mostly unclassified', () => {
    const rng = mulberry32(99);
    const nx = 40;
    const ny = 40;
    const x = new Float64Array(nx * ny);
    for (let i = 0; i < x.length; i++) x[i] = rng() < 0.1 ? 1 : 0;
    for (let iy = 20; iy < 23; iy++) for (let ix = 10; ix < 13; ix++) x[iy * nx + ix] = 8;
    const r = giStar({ nx, ny, cellSize: 100, counts: x }, { fdr: true });
    expect(r.bins[21 * nx + 11]).toBe(3);
    expect(r.pFdr![21 * nx + 11]).toBeLessThan(0.01);
    let hot = 0;
    for (let i = 0; i < x.length; i++) if (r.bins[i]! > 0) hot++;
    expect(hot).toBeGreaterThanOrEqual(9);
    expect(hot).toBeLessThan(40);
  });
});

describe('degenerate grids', () => {
  it('constant values: z = 0, p = 1, constant flag', () => {
    const r = giStar({ nx: 5, ny: 5, cellSize: 100, counts: new Array(25).fill(0.1) });
    expect(r.constant).toBe(true);
    expect([...r.z].every((v) => v === 0)).toBe(true);
    expect([...r.p].every((v) => v === 1)).toBe(true);
    const zero = giStar({ nx: 3, ny: 2, cellSize: 100, counts: new Array(6).fill(0) });
    expect(zero.constant).toBe(true);
  });

  it('2×2 grid where every cell neighbours every cell; a single cell; an empty grid', () => {
    const r = giStar({ nx: 2, ny: 2, cellSize: 100, counts: [1, 2, 3, 4] });
    expect(r.constant).toBe(false);
    expect([...r.z]).toEqual([0, 0, 0, 0]);
    expect(giStar({ nx: 1, ny: 1, cellSize: 100, counts: [5] }).z[0]).toBe(0);
    expect(giStar({ nx: 0, ny: 0, cellSize: 100, counts: [] }).n).toBe(0);
  });

  it('rejects a counts array of the wrong length', () => {
    expect(() => giStar({ nx: 2, ny: 2, cellSize: 100, counts: [1, 2, 3] })).toThrow(RangeError);
  });
});

describe('FDR and bins', () => {
  it('Benjamini-Hochberg by hand', () => {
    // sorted: 0.005, 0.01, 0.03, 0.04, 0.5; n·p/rank: 0.025, 0.025, 0.05, 0.05, 0.5
    // running minimum from the top: 0.5, 0.05, 0.05, 0.025, 0.025
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.5]);
    const expected = [0.025, 0.05, 0.05, 0.025, 0.5];
    for (let i = 0; i < 5; i++) expect(q[i]).toBeCloseTo(expected[i]!, 15);
    // step-up check at α = 0.05: largest k with p_(k) <= k·0.05/5 is k = 4 -> four significant
    expect([...q].filter((v) => v <= 0.05).length).toBe(4);
    // monotone and capped at 1
    const q2 = benjaminiHochberg([0.9, 0.95, NaN]);
    expect(q2[0]).toBeCloseTo(0.95, 15);
    expect(q2[1]).toBeCloseTo(0.95, 15);
    expect(q2[2]).toBeNaN();
  });

  it('bins follow the 90/95/99 % thresholds and the sign of z', () => {
    expect(giBin(3, 0.005)).toBe(3);
    expect(giBin(-3, 0.01)).toBe(-3);
    expect(giBin(2, 0.03)).toBe(2);
    expect(giBin(-1.7, 0.09)).toBe(-1);
    expect(giBin(1.2, 0.2)).toBe(0);
    expect(giBin(0, 0.001)).toBe(0);
  });

  it('FDR can only demote bins', () => {
    const rng = mulberry32(5);
    const x = new Float64Array(900);
    for (let i = 0; i < x.length; i++) x[i] = Math.floor(rng() * 4) + (rng() < 0.02 ? 6 : 0);
    const a = giStar({ nx: 30, ny: 30, cellSize: 100, counts: x });
    const b = giStar({ nx: 30, ny: 30, cellSize: 100, counts: x }, { fdr: true });
    expect(a.pFdr).toBeNull();
    let demoted = 0;
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(b.bins[i]!)).toBeLessThanOrEqual(Math.abs(a.bins[i]!));
      expect(b.pFdr![i]!).toBeGreaterThanOrEqual(b.p[i]! - 1e-15);
      if (Math.abs(b.bins[i]!) < Math.abs(a.bins[i]!)) demoted++;
    }
    expect(demoted).toBeGreaterThan(0);
  });
});
