import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  cellBounds,
  cellCentre,
  cellIndexOf,
  gridCounts,
  gridSpecFor,
} from '../../../server/domain/hotspots/grid.js';
import { mulberry32 } from '../../../server/domain/random.js';

describe('gridCounts', () => {
  it('snaps the bounding box outward to cell multiples; a point on the max edge gets its own cell', () => {
    // x in [0, 200], y in [0, 50]: columns [0,100), [100,200), [200,300); one row [0,100)
    const g = gridCounts({ xs: [0, 150, 200], ys: [0, 50, 50] }, { cellSize: 100 });
    expect([g.originX, g.originY, g.nx, g.ny]).toEqual([0, 0, 3, 1]);
    expect([...g.counts]).toEqual([1, 1, 1]);
    expect(cellBounds(g, 2)).toEqual({ minX: 200, minY: 0, maxX: 300, maxY: 100 });
  });

  it('aligns to RD multiples, not to the first point', () => {
    const pts = [
      { x: 194_123.4, y: 468_987.1 },
      { x: 194_399.9, y: 469_001 },
      { x: 194_250, y: 468_999.99 },
    ];
    const g = gridCounts(pts, { cellSize: 250 });
    expect(g.originX).toBe(194_000);
    expect(g.originY).toBe(468_750);
    expect(g.nx).toBe(2); // 194000-194250, 194250-194500
    expect(g.ny).toBe(2); // 468750-469000, 469000-469250
    // row-major, row 0 = south: cells (0,0)=1st, (1,0)=3rd (x=194250 is the edge -> east cell), (1,1)=2nd
    expect([...g.counts]).toEqual([1, 1, 0, 1]);
    expect(g.total).toBe(3);
  });

  it('handles 100/250/500 m cells and negative coordinates', () => {
    for (const cs of [100, 250, 500]) {
      const g = gridCounts({ xs: [-1, 1], ys: [-cs, cs - 1] }, { cellSize: cs });
      expect(g.originX).toBe(-cs);
      expect(g.originY).toBe(-cs);
      expect(g.nx).toBe(2);
      expect(g.ny).toBe(2);
      expect([...g.counts]).toEqual([1, 0, 0, 1]);
    }
  });

  it('uses weights and skips invalid points', () => {
    const g = gridCounts({ xs: [10, 20, NaN, 30, 120], ys: [10, 20, 5, Infinity, 10] }, { cellSize: 100, weights: [0.25, 0.5, 1, 1, 2] });
    expect(g.nx).toBe(2);
    expect(g.ny).toBe(1);
    expect([...g.counts]).toEqual([0.75, 2]);
    expect(g.total).toBe(2.75);
    expect(g.invalid).toBe(2);
    expect(() => gridCounts({ xs: [1], ys: [1] }, { weights: [1, 2] })).toThrow(RangeError);
  });

  it('with an explicit half-open extent drops outside points', () => {
    const g = gridCounts({ xs: [0, 999.9, 1000, -0.1, 500], ys: [0, 999.9, 500, 500, 1000] }, { cellSize: 100, extent: { minX: 0, minY: 0, maxX: 1000, maxY: 1000 } });
    expect([g.nx, g.ny]).toEqual([10, 10]);
    expect(g.total).toBe(2);
    expect(g.outside).toBe(3);
    expect(g.counts[0]).toBe(1);
    expect(g.counts[99]).toBe(1);
  });

  it('an extent not on multiples is snapped outward', () => {
    const s = gridSpecFor({ minX: 150, minY: 220, maxX: 301, maxY: 300 }, 100);
    expect(s).toEqual({ cellSize: 100, originX: 100, originY: 200, nx: 3, ny: 1 });
  });

  it('empty input gives an empty grid; a single point one cell', () => {
    const e = gridCounts([], {});
    expect([e.nx, e.ny, e.counts.length, e.total]).toEqual([0, 0, 0, 0]);
    const one = gridCounts([{ x: 194_000, y: 470_000 }]);
    expect([one.nx, one.ny, one.originX, one.originY, one.counts[0]]).toEqual([1, 1, 194_000, 470_000, 1]);
  });

  it('refuses grids beyond maxCells and bad cell sizes', () => {
    expect(() => gridCounts({ xs: [0, 300_000], ys: [0, 600_000] }, { cellSize: 10 })).toThrow(/exceeds/);
    expect(() => gridCounts({ xs: [0], ys: [0] }, { cellSize: 0 })).toThrow(RangeError);
    expect(() => gridCounts({ xs: [0], ys: [0] }, { cellSize: -100 })).toThrow(RangeError);
  });

  it('cellIndexOf / cellCentre agree with the counts on random points', () => {
    const rng = mulberry32(7);
    const n = 5000;
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      xs[i] = 190_000 + rng() * 3000;
      ys[i] = 465_000 + rng() * 2000;
    }
    const g = gridCounts({ xs, ys }, { cellSize: 100 });
    const again = new Float64Array(g.nx * g.ny);
    for (let i = 0; i < n; i++) {
      const k = cellIndexOf(g, xs[i]!, ys[i]!);
      expect(k).toBeGreaterThanOrEqual(0);
      const b = cellBounds(g, k);
      expect(xs[i]! >= b.minX && xs[i]! < b.maxX && ys[i]! >= b.minY && ys[i]! < b.maxY).toBe(true);
      again[k]! += 1;
    }
    expect([...again]).toEqual([...g.counts]);
    expect(g.counts.reduce((a, b) => a + b, 0)).toBe(n);
    expect(cellCentre(g, 0)).toEqual({ x: g.originX + 50, y: g.originY + 50 });
    expect(cellIndexOf(g, g.originX - 1, g.originY)).toBe(-1);
    expect(boundingBox({ xs, ys })!.minX).toBeGreaterThanOrEqual(g.originX);
  });
});
