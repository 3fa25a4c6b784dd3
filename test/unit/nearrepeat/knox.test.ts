import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../server/domain/random.js';
import { parseEventsCsv } from '../../../server/domain/nearrepeat/events.js';
import {
  allPairsLagHistogram,
  KnoxInputError,
  knoxResultToJson,
  knoxTest,
  knoxTestSync,
  type DistanceMethod,
  type KnoxEvent,
} from '../../../server/domain/nearrepeat/knox.js';
import { knoxNaive } from '../../../server/domain/nearrepeat/naive.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/nearrepeat/${name}`, import.meta.url), 'utf8');
const edges = parseEventsCsv(fixture('edges.csv')).columns;

const S = [0, 1, 101, 201, 301, 401, Infinity];
const T = [0, 7, 14, 21, 28, Infinity];

/*
 * edges.csv, by hand (days: a,b 0; c 7; d 14; e 28; f 60; g,h 161; i 167):
 *   pair  euclid   manhattan  lag
 *   a-b     0         0        0
 *   a-c     1         1        7
 *   a-d   101       101       14
 *   a-e   100       140       28
 *   a-f   401       401       60
 *   b-*   as a-*
 *   c-d   100       100        7
 *   c-e    99.40    139       21
 *   c-f   401.001   402       53
 *   d-e    89.89    121       14
 *   d-f   413.52    502       46
 *   e-f   326.56    381       32
 *   g-h   201       201        0
 *   g-i   301       301        6
 *   h-i   361.94    502        6
 *   {g,h,i} x {a..f}: > 401 m, >= 101 days (18 pairs)
 */
const EUCLID = [
  [1, 0, 0, 0, 0],
  [0, 3, 1, 1, 2],
  [0, 0, 2, 0, 0],
  [1, 0, 0, 0, 0],
  [2, 0, 0, 0, 1],
  [0, 0, 0, 0, 22],
];
const MANHATTAN = [
  [1, 0, 0, 0, 0],
  [0, 3, 0, 0, 0],
  [0, 0, 3, 1, 2],
  [1, 0, 0, 0, 0],
  [1, 0, 0, 0, 1],
  [1, 0, 0, 0, 22],
];

function randomEvents(n: number, seed: number, size = 3000, days = 200, fractional = false): KnoxEvent[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => ({
    // Coordinates on a 1 m grid, so many pairs fall exactly on band edges.
    x: Math.round(r() * size),
    y: Math.round(r() * size),
    t: fractional ? Math.round(r() * days * 24) / 24 : Math.floor(r() * days),
  }));
}

describe('observed counts (hand-computed, band edges)', () => {
  it('Euclidean', () => {
    const r = knoxTestSync(edges, { spatialBreaks: S, temporalBreaks: T, distance: 'euclidean', permutations: 9 });
    expect(r.observed).toEqual(EUCLID);
    expect(r.events).toBe(9);
    expect(r.pairs).toBe(36);
    expect(r.spatialBands).toEqual(['[0,1)', '[1,101)', '[101,201)', '[201,301)', '[301,401)', '[401,Inf)']);
    expect(r.temporalBands).toEqual(['[0,7)', '[7,14)', '[14,21)', '[21,28)', '[28,Inf)']);
  });

  it('Manhattan (the default, as in NearRepeat)', () => {
    const r = knoxTestSync(edges, { spatialBreaks: S, temporalBreaks: T, permutations: 9 });
    expect(r.distance).toBe('manhattan');
    expect(r.observed).toEqual(MANHATTAN);
  });

  it('finite last breaks leave out pairs at or beyond them', () => {
    const r = knoxTestSync(edges, { spatialBreaks: S.slice(0, -1), temporalBreaks: T.slice(0, -1), distance: 'euclidean', permutations: 9 });
    expect(r.observed).toEqual(EUCLID.slice(0, -1).map((row) => row.slice(0, -1)));
  });

  it('open last band with a first break above 0: pairs below the first break are left out', () => {
    const r = knoxTestSync(edges, { spatialBreaks: [101, 201, Infinity], temporalBreaks: T, distance: 'euclidean', permutations: 19 });
    expect(r.observed).toEqual([
      [0, 0, 2, 0, 0],
      [3, 0, 0, 0, 23],
    ]);
    // The open band is derived as all pairs minus the rest; its simulated counts must stay
    // consistent with that (every permutation conserves the all-pairs lag histogram).
    const naive = knoxNaive(
      Array.from(edges.x, (x, i) => ({ x, y: edges.y[i]!, t: edges.t[i]! })),
      { spatialBreaks: [101, 201, Infinity], temporalBreaks: T, distance: 'euclidean', permutations: 19, seed: 1 },
    );
    const full = knoxTestSync(edges, { spatialBreaks: [101, 201, Infinity], temporalBreaks: T, distance: 'euclidean', permutations: 19, keepSimulations: true });
    expect(full.simulations).toEqual(naive.simulations);
  });

  it('a single open band [0,Inf) holds every pair and never varies', () => {
    const r = knoxTestSync(edges, { spatialBreaks: [0, Infinity], temporalBreaks: [0, Infinity], permutations: 5 });
    expect(r.observed).toEqual([[36]]);
    expect(r.simulatedMean).toEqual([[36]]);
    expect(r.pValue).toEqual([[1]]);
    expect(r.nearPairs).toBe(0);
  });
});

describe('agrees exactly with the literal all-pairs algorithm', () => {
  const configs: { name: string; s: number[]; t: number[]; distance: DistanceMethod; fractional?: boolean }[] = [
    { name: 'open bands, euclidean', s: S, t: T, distance: 'euclidean' },
    { name: 'open bands, manhattan', s: S, t: T, distance: 'manhattan' },
    { name: 'closed bands', s: [0, 1, 101, 201, 301, 401], t: [0, 7, 14, 21, 28], distance: 'euclidean' },
    { name: 'first breaks above 0', s: [50, 150, 400, Infinity], t: [3, 10, 30], distance: 'manhattan' },
    { name: 'fractional days', s: [0, 1, 101, 201, Infinity], t: [0, 0.5, 7, 14.25, Infinity], distance: 'euclidean', fractional: true },
    { name: 'first temporal break above 0 with an open last band', s: [0, 101, Infinity], t: [3, 10, Infinity], distance: 'euclidean' },
    { name: 'fractional, both first breaks above 0, open bands', s: [50, 200, Infinity], t: [0.5, 2, Infinity], distance: 'manhattan', fractional: true },
    { name: 'a single open temporal band', s: [0, 101, 201], t: [0, Infinity], distance: 'euclidean' },
    { name: 'only open bands above a first break', s: [150, Infinity], t: [5, Infinity], distance: 'euclidean' },
  ];
  for (const c of configs) {
    it(c.name, () => {
      const events = randomEvents(300, 42, 1500, 120, c.fractional);
      const opts = { spatialBreaks: c.s, temporalBreaks: c.t, distance: c.distance, permutations: 25, seed: 7 };
      const fast = knoxTestSync(events, { ...opts, keepSimulations: true });
      const naive = knoxNaive(events, opts);
      expect(fast.observed).toEqual(naive.observed);
      expect(fast.simulations).toEqual(naive.simulations);
      expect(fast.observed.flat().some((v) => v > 0)).toBe(true);
    });
  }
});

describe('statistics per cell', () => {
  const events = randomEvents(250, 3, 1200, 90);
  const r = knoxTestSync(events, { spatialBreaks: S, temporalBreaks: T, distance: 'euclidean', permutations: 40, seed: 11, keepSimulations: true });

  it('mean, median (even number of permutations), ratio and p-value follow NearRepeat', () => {
    r.observed.forEach((row, s) =>
      row.forEach((o, t) => {
        const sims = r.simulations![s]![t]!;
        expect(sims).toHaveLength(40);
        const mean = sims.reduce((a, b) => a + b, 0) / sims.length;
        const sorted = [...sims].sort((a, b) => a - b);
        const median = (sorted[19]! + sorted[20]!) / 2;
        expect(r.simulatedMean[s]![t]).toBeCloseTo(mean, 10);
        expect(r.simulatedMedian[s]![t]).toBe(median);
        expect(r.knoxRatio[s]![t]).toBe(mean === 0 ? null : o / r.simulatedMean[s]![t]!);
        expect(r.knoxRatioMedian[s]![t]).toBe(median === 0 ? null : o / median);
        expect(r.pValue[s]![t]).toBe((sims.filter((v) => v >= o).length + 1) / 41);
      }),
    );
  });

  it('odd number of permutations: median is the middle value', () => {
    const odd = knoxTestSync(events, { spatialBreaks: S, temporalBreaks: T, permutations: 7, seed: 2, keepSimulations: true });
    const sims = odd.simulations![1]![0]!;
    expect(odd.simulatedMedian[1]![0]).toBe([...sims].sort((a, b) => a - b)[3]);
  });

  it('the same-location band of scattered points is empty: ratio null, p = 1', () => {
    expect(r.observed[0]).toEqual([0, 0, 0, 0, 0]);
    expect(r.knoxRatio[0]).toEqual([null, null, null, null, null]);
    expect(r.pValue[0]).toEqual([1, 1, 1, 1, 1]);
  });

  it('every permutation conserves the number of pairs per spatial band', () => {
    for (let s = 0; s < r.observed.length; s++) {
      const total = r.observed[s]!.reduce((a, b) => a + b, 0);
      for (let p = 0; p < 40; p++) expect(r.simulations![s]!.reduce((a, col) => a + col[p]!, 0)).toBe(total);
    }
  });
});

describe('reproducibility', () => {
  const events = randomEvents(400, 9, 2500, 365);
  const opts = { spatialBreaks: S, temporalBreaks: T, distance: 'euclidean' as const, permutations: 30 };

  it('same seed, same result; another seed, other simulations', () => {
    const a = knoxTestSync(events, { ...opts, seed: 123 });
    const b = knoxTestSync(events, { ...opts, seed: 123 });
    const c = knoxTestSync(events, { ...opts, seed: 124 });
    expect(b).toEqual(a);
    expect(c.observed).toEqual(a.observed);
    expect(c.simulatedMean).not.toEqual(a.simulatedMean);
  });

  it('identical for any number of worker threads', async () => {
    const one = knoxTestSync(events, { ...opts, seed: 5 });
    const two = await knoxTest(events, { ...opts, seed: 5, workers: 2 });
    const three = await knoxTest(events, { ...opts, seed: 5, workers: 3 });
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  }, 30_000);

  it('independent of the columnar or row input form', () => {
    const cols = { x: events.map((e) => e.x), y: events.map((e) => e.y), t: events.map((e) => e.t) };
    expect(knoxTestSync(cols, { ...opts, seed: 8 })).toEqual(knoxTestSync(events, { ...opts, seed: 8 }));
  });
});

describe('all-pairs lag histogram', () => {
  it('matches brute force, including breaks on exact lags', () => {
    const r = mulberry32(77);
    const t = Array.from({ length: 200 }, () => Math.floor(r() * 60));
    const breaks = [0, 1, 7, 14, 30, Infinity];
    const brute = new Array<number>(breaks.length - 1).fill(0);
    for (let i = 0; i < t.length; i++) {
      for (let j = i + 1; j < t.length; j++) {
        const lag = Math.abs(t[i]! - t[j]!);
        const k = breaks.findIndex((b, idx) => idx + 1 < breaks.length && lag >= b && lag < breaks[idx + 1]!);
        if (k >= 0) brute[k]!++;
      }
    }
    expect(allPairsLagHistogram(t, breaks)).toEqual(brute);
    expect(allPairsLagHistogram(t, [5, 10])).toEqual([countBetween(t, 5, 10)]);
  });
});

function countBetween(t: number[], lo: number, hi: number): number {
  let c = 0;
  for (let i = 0; i < t.length; i++) for (let j = i + 1; j < t.length; j++) {
    const d = Math.abs(t[i]! - t[j]!);
    if (d >= lo && d < hi) c++;
  }
  return c;
}

describe('input checks', () => {
  const opts = { spatialBreaks: S, temporalBreaks: T };
  it('needs at least two events', () => {
    expect(() => knoxTestSync([{ x: 0, y: 0, t: 0 }], opts)).toThrow(KnoxInputError);
    expect(() => knoxTestSync([{ x: 0, y: 0, t: 0 }], opts)).toThrow(/minstens 2/);
  });
  it('rejects non-finite values and bad options', () => {
    expect(() => knoxTestSync([{ x: 0, y: 0, t: 0 }, { x: NaN, y: 0, t: 0 }], opts)).toThrow(/Gebeurtenis 2/);
    const two = [{ x: 0, y: 0, t: 0 }, { x: 1, y: 0, t: 0 }];
    expect(() => knoxTestSync(two, { ...opts, permutations: 0 })).toThrow(/permutaties/);
    expect(() => knoxTestSync(two, { ...opts, seed: -1 })).toThrow(/seed/);
    expect(() => knoxTestSync(two, { spatialBreaks: [0, 10, 5], temporalBreaks: T })).toThrow(/strikt oplopen/);
    expect(() => knoxTestSync(two, { ...opts, distance: 'chebyshev' as DistanceMethod })).toThrow(/afstandsmaat/);
  });
  it('guards memory with maxPairs', () => {
    const events = randomEvents(200, 1, 100, 10);
    expect(() => knoxTestSync(events, { ...opts, maxPairs: 1000 })).toThrow(/Te veel paren/);
  });
});

describe('JSON form', () => {
  it('writes Infinity breaks as "Inf" and undefined ratios as null', () => {
    const r = knoxTestSync(edges, { spatialBreaks: S, temporalBreaks: T, permutations: 9 });
    const json = JSON.parse(JSON.stringify(knoxResultToJson(r))) as Record<string, unknown>;
    expect(json['spatialBreaks']).toEqual([0, 1, 101, 201, 301, 401, 'Inf']);
    expect(json['temporalBreaks']).toEqual([0, 7, 14, 21, 28, 'Inf']);
    expect((json['knoxRatio'] as unknown[][]).flat().every((v) => v === null || typeof v === 'number')).toBe(true);
  });
});
