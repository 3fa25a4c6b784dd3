import { describe, expect, it } from 'vitest';
import { moranI } from '../../../server/domain/hotspots/moran.js';
import {
  chooseCellSize,
  describeParameters,
  firstPeak,
  incrementalMoran,
  minNeighbourDistance,
  nearestNeighbourDistances,
  optimizedHotSpots,
  polygonMask,
} from '../../../server/domain/hotspots/index.js';
import { giStar } from '../../../server/domain/hotspots/gistar.js';
import { mulberry32 } from '../../../server/domain/random.js';

describe("moranI (binary weights, Cliff & Ord moments)", () => {
  // x = 1, 2, 3, 4 on a path 1-2-3-4. By hand:
  // x̄ = 2.5, z = (−1.5, −0.5, 0.5, 1.5), Σz² = 5, Σz⁴ = 10.25
  // Σ_ij w_ij z_i z_j = 2·(0.75 − 0.25 + 0.75) = 2.5; S0 = 6, S1 = 12, S2 = 4·(1+4+4+1) = 40
  // I = (4/6)·(2.5/5) = 1/3; E[I] = −1/3
  // normality: (16·12 − 4·40 + 3·36)/(15·36) − 1/9 = 140/540 − 60/540 = 4/27
  // randomisation: b2 = 4·10.25/25 = 1.64;
  //   [4·(7·12 − 160 + 108) − 1.64·(12·12 − 320 + 216)] / (3·2·1·36) − 1/9 = (128 − 65.6)/216 − 1/9 = 0.17777…
  const x = [1, 2, 3, 4];
  const nb = [[1], [0, 2], [1, 3], [2]];

  it('I and E[I] of a path, by hand', () => {
    const r = moranI(x, nb);
    expect(r.I).toBeCloseTo(1 / 3, 14);
    expect(r.expected).toBeCloseTo(-1 / 3, 14);
  });

  it('variance under normality and under randomisation, by hand', () => {
    const n = moranI(x, nb, 'normality');
    expect(n.variance).toBeCloseTo(4 / 27, 14);
    expect(n.z).toBeCloseTo((1 / 3 + 1 / 3) / Math.sqrt(4 / 27), 12);
    const r = moranI(x, nb, 'randomisation');
    expect(r.variance).toBeCloseTo(62.4 / 216 - 1 / 9, 14);
    expect(r.z).toBeCloseTo((2 / 3) / Math.sqrt(62.4 / 216 - 1 / 9), 12);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThan(1);
  });

  it('alternating values are negatively autocorrelated; constant values are undefined, not NaN', () => {
    const alt = moranI([1, 0, 1, 0, 1, 0], [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]);
    expect(alt.I).toBeCloseTo(-1, 12); // every neighbour pair differs: I = (6/10)·(−10·0.25)/(6·0.25)
    expect(alt.z).toBeLessThan(0);
    const flat = moranI([2, 2, 2, 2], nb);
    expect(flat).toMatchObject({ I: 0, z: 0, p: 1, defined: false });
  });
});

describe('incrementalMoran on a grid', () => {
  /** Brute force: neighbour lists from all centre distances, then moranI. */
  function bruteMoran(counts: number[], nx: number, ny: number, mask: number[] | null, d: number) {
    const ids: number[] = [];
    for (let i = 0; i < nx * ny; i++) if (!mask || mask[i]) ids.push(i);
    const nb = ids.map((i) =>
      ids
        .map((j, k) => ({ j, k }))
        .filter(({ j }) => j !== i && Math.hypot((j % nx) - (i % nx), Math.floor(j / nx) - Math.floor(i / nx)) * 100 <= d + 1e-9)
        .map(({ k }) => k),
    );
    return moranI(
      ids.map((i) => counts[i]!),
      nb,
    );
  }

  it('matches a brute-force Moran at every distance, with and without a mask', () => {
    const rnd = mulberry32(7);
    const nx = 9;
    const ny = 7;
    const counts = Array.from({ length: nx * ny }, (_, i) => Math.floor(rnd() * 4) + (i % nx < 3 ? 3 : 0));
    const mask = counts.map((_, i) => (i % nx === 8 && Math.floor(i / nx) < 4 ? 0 : 1));
    const distances = [100, 150, 200, 250, 300, 400];
    for (const m of [null, mask]) {
      const series = incrementalMoran({ nx, ny, cellSize: 100, counts }, distances, { mask: m });
      series.forEach((s, k) => {
        const b = bruteMoran(counts, nx, ny, m, distances[k]!);
        expect(s.I).toBeCloseTo(b.I, 12);
        expect(s.z).toBeCloseTo(b.z, 10);
      });
      expect(series[0]!.neighbours.min).toBe(2); // a corner has 2 rook neighbours
    }
  });
});

describe('firstPeak', () => {
  it('takes the first significant local maximum, not the edges or an insignificant bump', () => {
    expect(firstPeak([1, 3, 2, 5, 4])).toBe(1);
    expect(firstPeak([1, 1.5, 1.2, 5, 4])).toBe(3); // 1.5 < 1.96
    expect(firstPeak([5, 4, 3])).toBe(-1); // falling from the start: no peak
    expect(firstPeak([1, 2, 3, 4])).toBe(-1); // still rising at the last distance
    expect(firstPeak([1, 3, 3, 2])).toBe(1); // plateau: its first distance
  });
});

describe('minNeighbourDistance', () => {
  it('is one cell on a full grid and reaches an isolated masked cell', () => {
    const g = { nx: 5, ny: 5, cellSize: 100, counts: new Float64Array(25) };
    expect(minNeighbourDistance(g)).toBe(100);
    const mask = new Uint8Array(25);
    mask[0] = mask[1] = 1; // a pair
    mask[24] = mask[22] = 1; // two cells 200 m apart
    expect(minNeighbourDistance(g, mask)).toBe(200);
  });
});

describe('cell size from the data', () => {
  it('nearest-neighbour distances ignore duplicate locations', () => {
    const d = nearestNeighbourDistances([
      { x: 0, y: 0 },
      { x: 0, y: 0 },
      { x: 30, y: 40 },
      { x: 1000, y: 0 },
    ]);
    // each incident's nearest incident at another location: the repeat at (0, 0) is not 0 m away
    expect(Array.from(d).sort((a, b) => a - b)).toEqual([50, 50, 50, Math.hypot(970, 40)]);
    // sampled queries: every k-th incident, still searched against all
    const line = Array.from({ length: 1000 }, (_, i) => ({ x: i * 10, y: 0 }));
    const sampled = nearestNeighbourDistances(line, 100);
    expect(sampled).toHaveLength(100);
    expect(Array.from(sampled).every((v) => v === 10)).toBe(true);
  });

  it('is twice the median spacing, rounded to 50 m and clamped to 50..500 m', () => {
    // a 10 × 10 lattice with 80 m spacing: median NN 80 m -> 160 -> 150 m
    const lattice = Array.from({ length: 100 }, (_, i) => ({ x: 150000 + (i % 10) * 80, y: 450000 + Math.floor(i / 10) * 80 }));
    expect(chooseCellSize(lattice)).toMatchObject({ cellSize: 150, reason: 'nearest-neighbour', nearestNeighbour: 80 });
    const dense = lattice.map((p) => ({ x: 150000 + (p.x - 150000) / 10, y: p.y }));
    expect(chooseCellSize(dense).reason).toBe('minimum');
    expect(chooseCellSize(dense).cellSize).toBe(50);
    const sparse = lattice.map((p) => ({ x: 150000 + (p.x - 150000) * 10, y: 450000 + (p.y - 450000) * 10 }));
    expect(chooseCellSize(sparse)).toMatchObject({ cellSize: 500, reason: 'maximum' });
    expect(chooseCellSize([{ x: 1, y: 1 }]).reason).toBe('fallback');
  });
});

describe('study area', () => {
  it('polygonMask keeps cells whose centre is inside, excluding holes', () => {
    const spec = { cellSize: 100, originX: 0, originY: 0, nx: 6, ny: 6 };
    const outer = [
      [0, 0],
      [600, 0],
      [600, 600],
      [0, 600],
      [0, 0],
    ];
    const hole = [
      [200, 200],
      [400, 200],
      [400, 400],
      [200, 400],
      [200, 200],
    ];
    const m = polygonMask(spec, [[outer, hole]]);
    expect(m.reduce((s, v) => s + v, 0)).toBe(36 - 4);
    expect(m[2 * 6 + 2]).toBe(0);
    // a triangle: the lower-left half (centre x + y < 600)
    const tri = polygonMask(spec, [[[[0, 0], [600, 0], [0, 600], [0, 0]]]]);
    for (let iy = 0; iy < 6; iy++) for (let ix = 0; ix < 6; ix++) expect(tri[iy * 6 + ix]).toBe(ix + iy < 5 ? 1 : 0);
  });

  it('Gi* with a mask equals Gi* on the cells inside, cells outside take no part', () => {
    // 4×3 grid whose right column is outside: the same as the 3×3 grid alone
    const inner = [0, 1, 0, 2, 9, 1, 0, 1, 0];
    const counts = new Float64Array(12);
    const mask = new Uint8Array(12);
    for (let iy = 0; iy < 3; iy++) {
      for (let ix = 0; ix < 3; ix++) {
        counts[iy * 4 + ix] = inner[iy * 3 + ix]!;
        mask[iy * 4 + ix] = 1;
      }
    }
    counts[3] = 50; // outside: ignored
    const masked = giStar({ nx: 4, ny: 3, cellSize: 100, counts }, { band: 150, fdr: true, mask });
    const alone = giStar({ nx: 3, ny: 3, cellSize: 100, counts: inner }, { band: 150, fdr: true });
    expect(masked.n).toBe(9);
    for (let iy = 0; iy < 3; iy++) {
      for (let ix = 0; ix < 3; ix++) {
        expect(masked.z[iy * 4 + ix]).toBeCloseTo(alone.z[iy * 3 + ix]!, 14);
        expect(masked.pFdr![iy * 4 + ix]).toBeCloseTo(alone.pFdr![iy * 3 + ix]!, 14);
      }
    }
    expect(masked.bins[3]).toBe(0);
    expect(masked.neighbourStats).toEqual(alone.neighbourStats);
    expect(alone.neighbourStats.min).toBe(3);
  });
});

describe('optimizedHotSpots', () => {
  const extent = { minX: 150000, minY: 450000, maxX: 156000, maxY: 456000 };
  /** A cluster of `k` incidents around (153000, 453000) in a uniform background of `m`. */
  function scene(k: number, m: number, seed = 3) {
    const rnd = mulberry32(seed);
    const pts: { x: number; y: number }[] = [];
    for (let i = 0; i < k; i++) pts.push({ x: 153000 + (rnd() - 0.5) * 400, y: 453000 + (rnd() - 0.5) * 400 });
    for (let i = 0; i < m; i++) pts.push({ x: 150000 + rnd() * 6000, y: 450000 + rnd() * 6000 });
    return pts;
  }

  it('finds the cluster with data-driven parameters, every cell has a neighbour, FDR on', () => {
    const r = optimizedHotSpots(scene(80, 120), { extent });
    const p = r.parameters;
    expect(p.method).toBe('optimized');
    expect(p.cellSize % 50).toBe(0);
    expect(p.cellSize).toBeGreaterThanOrEqual(50);
    expect(p.cellSize).toBeLessThanOrEqual(500);
    expect(p.distanceBand).toBeGreaterThanOrEqual(p.cellSize);
    expect(p.neighbours.min).toBeGreaterThanOrEqual(1);
    expect(p.fdr).toBe(true);
    expect(p.rated).toBe(true);
    expect(p.incidents).toBe(200);
    expect(p.isa).toHaveLength(10);
    expect(['peak', 'neighbours']).toContain(p.bandReason);
    const centre = Math.floor((453000 - r.grid.originY) / p.cellSize) * r.grid.nx + Math.floor((153000 - r.grid.originX) / p.cellSize);
    expect(r.gi!.bins[centre]).toBe(3);
    // a lone background incident far from the cluster is not a 99 % hot spot
    const lone = r.grid.counts.findIndex((c, i) => c === 1 && Math.abs((i % r.grid.nx) * p.cellSize + r.grid.originX - 153000) > 2500);
    expect(lone).toBeGreaterThanOrEqual(0);
    expect(r.gi!.bins[lone]).toBeLessThan(3);
  });

  it('with fewer than 30 incidents rates no cell and says so', () => {
    const r = optimizedHotSpots(scene(5, 0), { extent });
    expect(r.parameters.rated).toBe(false);
    expect(r.parameters.warnings).toContain('too-few');
    expect(r.gi?.bins.every((b) => b === 0) ?? true).toBe(true);
    expect(describeParameters(r.parameters).warnings[0]).toMatch(/Te weinig incidenten.*5, minstens 30/);
  });

  it('leaves cells outside the study area out, keeps cells with incidents', () => {
    // study area: the western half; one incident just east of it
    const west = [[[[150000, 450000], [153000, 450000], [153000, 456000], [150000, 456000], [150000, 450000]]]];
    const pts = [...scene(0, 60).filter((q) => q.x < 153000), { x: 154123, y: 451234 }];
    const r = optimizedHotSpots(pts, { extent, studyArea: west, cellSize: 200, band: 400 });
    expect(r.parameters.method).toBe('manual');
    expect(r.parameters.cells).toBe(15 * 30 + 1);
    const outside = Math.floor((455000 - 450000) / 200) * r.grid.nx + Math.floor((155000 - 150000) / 200);
    expect(r.mask![outside]).toBe(0);
    expect(r.mask![Math.floor((451234 - 450000) / 200) * r.grid.nx + Math.floor((154123 - 150000) / 200)]).toBe(1);
  });

  it('flags a manual band shorter than the cell size', () => {
    const r = optimizedHotSpots(scene(40, 40), { extent, cellSize: 250, band: 150 });
    expect(r.parameters.warnings).toContain('neighbourless');
    expect(r.parameters.rated).toBe(false);
    expect(r.gi).toBeNull();
  });
});

describe('parameterSentence', () => {
  it('puts the parameters in one Dutch sentence', async () => {
    const { parameterSentence } = await import('../../../server/domain/hotspots/parameter-sentence.js');
    expect(parameterSentence({ cellSize: 150, distanceBand: 450, incidents: 312, fdr: true }, { distanceBand: 'waar de ruimtelijke samenhang het sterkst is' })).toBe(
      'Cellen van 150 m; afstandsband 450 m, waar de ruimtelijke samenhang het sterkst is; 312 incidenten; FDR-correctie',
    );
    expect(parameterSentence({ cellSize: 300, distanceBand: 1200, incidents: 1, fdr: false }, { distanceBand: 'zelf gekozen' })).toBe(
      'Cellen van 300 m; afstandsband 1.200 m, zelf gekozen; 1 incident; zonder FDR-correctie',
    );
  });
});
