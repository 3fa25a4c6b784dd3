import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../server/domain/random.js';
import { knoxResultToJson, knoxTestSync, type KnoxEvent } from '../../../server/domain/nearrepeat/knox.js';
import { largestSignificantWindow, significantCells, summarizeKnox, type KnoxTable } from '../../../server/domain/nearrepeat/summary.js';

// Rows [0,1), [1,101), [101,201), [201,Inf); columns [0,7), [7,14), [14,Inf).
const table: KnoxTable = {
  spatialBreaks: [0, 1, 101, 201, Infinity],
  temporalBreaks: [0, 7, 14, Infinity],
  knoxRatio: [
    [null, 0.9, 3.0], // open temporal band: never a window
    [1.8, 1.0, 1.0],
    [1.1, 1.3, 1.0], // [101,201)x[0,7): p small but ratio below 1.2
    [1.5, 1.0, 1.0], // open spatial band: never a window
  ],
  pValue: [
    [1, 0.5, 0.001],
    [0.001, 0.5, 0.5],
    [0.01, 0.03, 0.5],
    [0.001, 0.5, 0.5],
  ],
};

describe('significance (NRC: p <= 0.05 and ratio >= 1.2)', () => {
  it('flags cells', () => {
    expect(significantCells(table)).toEqual([
      [false, false, true],
      [true, false, false],
      [false, true, false],
      [true, false, false],
    ]);
  });
  it('p = 0.05 and ratio = 1.2 exactly are significant; criteria are adjustable', () => {
    const edge: KnoxTable = { spatialBreaks: [0, 100], temporalBreaks: [0, 7], knoxRatio: [[1.2]], pValue: [[0.05]] };
    expect(significantCells(edge)).toEqual([[true]]);
    expect(significantCells(edge, { alpha: 0.01 })).toEqual([[false]]);
    expect(significantCells(edge, { minRatio: 1.5 })).toEqual([[false]]);
  });
});

describe('largestSignificantWindow', () => {
  it('largest bounded significant distance and time band (upper breaks, exclusive)', () => {
    expect(largestSignificantWindow(table)).toEqual({ radiusMetres: 201, days: 14, spatialBand: 2, temporalBand: 1 });
  });
  it('null when nothing bounded is significant', () => {
    const none: KnoxTable = { ...table, pValue: table.pValue.map((row) => row.map(() => 0.5)) };
    expect(largestSignificantWindow(none)).toBeNull();
    const onlyOpen: KnoxTable = { ...table, pValue: [[1, 1, 0.001], [1, 1, 1], [1, 1, 1], [0.001, 1, 1]] };
    expect(largestSignificantWindow(onlyOpen)).toBeNull();
  });
  it('reads the JSON form ("Inf")', () => {
    const json: KnoxTable = { ...table, spatialBreaks: [0, 1, 101, 201, 'Inf'], temporalBreaks: [0, 7, 14, 'Inf'] };
    expect(largestSignificantWindow(json)).toEqual({ radiusMetres: 201, days: 14, spatialBand: 2, temporalBand: 1 });
  });
});

describe('summarizeKnox', () => {
  it('plain Dutch', () => {
    const s = summarizeKnox(table, { noun: 'inbraak' });
    expect(s.lines[0]).toBe(
      'Significant near-repeatpatroon (p ≤ 0,05 en Knox-ratio ≥ 1,2): binnen 201 m en 14 dagen na een inbraak is de kans op nog een inbraak tot 80% hoger dan verwacht.',
    );
    expect(s.lines[1]).toBe('Het sterkst op 1 tot 101 m afstand en 0 tot 7 dagen later (Knox-ratio 1,8, p = 0,001).');
    expect(s.text).toContain('Op 101 tot 201 m: bijna-herhalingen oververtegenwoordigd tot 14 dagen na een inbraak (Knox-ratio tot 1,3).');
    expect(s.text).toContain('Geen aanwijzing voor herhaling op dezelfde locatie.');
    expect(s.window).toEqual(largestSignificantWindow(table));
  });
  it('says so when nothing is significant', () => {
    const none: KnoxTable = { ...table, pValue: table.pValue.map((row) => row.map(() => 0.5)) };
    const s = summarizeKnox(none);
    expect(s.lines[0]).toBe('Geen significant near-repeatpatroon gevonden (p ≤ 0,05 en Knox-ratio ≥ 1,2).');
    expect(s.window).toBeNull();
  });
});

describe('Monte Carlo sanity', () => {
  const S = [0, 1, 101, 201, 301, 401, Infinity];
  const T = [0, 7, 14, 21, 28, Infinity];

  it('uniform random events: ratios near 1, p-values not small', () => {
    const r = mulberry32(2024);
    const events: KnoxEvent[] = Array.from({ length: 800 }, () => ({ x: r() * 4000, y: r() * 4000, t: Math.floor(r() * 365) }));
    const res = knoxTestSync(events, { spatialBreaks: S, temporalBreaks: T, distance: 'euclidean', permutations: 199, seed: 3 });
    const ps: number[] = [];
    res.simulatedMean.forEach((row, s) =>
      row.forEach((mean, t) => {
        if (mean < 30) return;
        ps.push(res.pValue[s]![t]!);
        expect(res.knoxRatio[s]![t]!).toBeGreaterThan(0.75);
        expect(res.knoxRatio[s]![t]!).toBeLessThan(1.25);
      }),
    );
    expect(ps.length).toBeGreaterThan(15);
    expect(ps.filter((p) => p <= 0.01).length).toBeLessThanOrEqual(1);
    expect(ps.reduce((a, b) => a + b, 0) / ps.length).toBeGreaterThan(0.3);
    expect(largestSignificantWindow(res)).toBeNull();
  });

  it('injected near repeats (within 80 m, 0-6 days later): the near cell is significant', () => {
    const r = mulberry32(99);
    const events: KnoxEvent[] = Array.from({ length: 500 }, () => ({ x: r() * 5000, y: r() * 5000, t: Math.floor(r() * 365) }));
    for (let k = 0; k < 120; k++) {
      const src = events[Math.floor(r() * 500)]!;
      const a = r() * 2 * Math.PI;
      const d = 2 + r() * 78;
      events.push({ x: src.x + d * Math.cos(a), y: src.y + d * Math.sin(a), t: src.t + Math.floor(r() * 7) });
    }
    const res = knoxTestSync(events, { spatialBreaks: S, temporalBreaks: T, distance: 'euclidean', permutations: 199, seed: 4 });
    expect(res.pValue[1]![0]).toBe(1 / 200);
    expect(res.knoxRatio[1]![0]!).toBeGreaterThan(3);
    const w = largestSignificantWindow(res)!;
    expect(w.radiusMetres).toBeGreaterThanOrEqual(101);
    expect(w.days).toBeGreaterThanOrEqual(7);
    expect(summarizeKnox(knoxResultToJson(res), { noun: 'inbraak' }).lines[0]).toMatch(/^Significant near-repeatpatroon .*binnen \d+ m en \d+ dagen na een inbraak/);
  });
});

describe('increase wording', () => {
  it('uses percentages below a doubling and "keer zo groot" above', async () => {
    const { increase } = await import('../../../server/domain/nearrepeat/summary.js');
    expect(increase(1.8)).toBe('tot 80% hoger dan verwacht');
    expect(increase(1.2)).toBe('tot 20% hoger dan verwacht');
    expect(increase(14.47)).toBe('tot 14,5 keer zo groot als verwacht');
    expect(increase(2)).toBe('tot 2 keer zo groot als verwacht');
  });
});
