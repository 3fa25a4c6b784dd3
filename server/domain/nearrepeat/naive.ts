/**
 * Literal, slow Knox test: a direct transcription of NearRepeat's algorithm (all pairs, cut,
 * table, per permutation recompute every pair). It uses the same permutations as knox.ts
 * (input-order times shuffled with mulberry32(permutationSeed(seed, p))), so for the same seed
 * both must give identical tables. Used as a test oracle and as the benchmark baseline only.
 */
import { mulberry32, shuffleInPlace } from '../random.js';
import { bandIndex } from './bands.js';
import { permutationSeed } from './kernel.js';
import type { DistanceMethod, KnoxEvent } from './knox.js';

export interface NaiveKnox {
  observed: number[][];
  /** simulations[s][t][p] */
  simulations: number[][][];
}

function table(events: readonly KnoxEvent[], t: ArrayLike<number>, sBreaks: readonly number[], tBreaks: readonly number[], distance: DistanceMethod): number[][] {
  const out = Array.from({ length: sBreaks.length - 1 }, () => new Array<number>(tBreaks.length - 1).fill(0));
  const n = events.length;
  for (let i = 0; i < n; i++) {
    const a = events[i]!;
    for (let j = i + 1; j < n; j++) {
      const b = events[j]!;
      const dx = a.x - b.x;
      const dy = a.y - b.y;
      const d = distance === 'euclidean' ? Math.sqrt(dx * dx + dy * dy) : Math.abs(dx) + Math.abs(dy);
      const s = bandIndex(sBreaks, d);
      if (s < 0) continue;
      const c = bandIndex(tBreaks, Math.abs(t[i]! - t[j]!));
      if (c < 0) continue;
      out[s]![c]!++;
    }
  }
  return out;
}

export function knoxNaive(
  events: readonly KnoxEvent[],
  opts: { spatialBreaks: readonly number[]; temporalBreaks: readonly number[]; distance: DistanceMethod; permutations: number; seed: number },
): NaiveKnox {
  const t0 = events.map((e) => e.t);
  const observed = table(events, t0, opts.spatialBreaks, opts.temporalBreaks, opts.distance);
  const simulations = observed.map((row) => row.map(() => [] as number[]));
  const work = new Float64Array(events.length);
  for (let p = 0; p < opts.permutations; p++) {
    work.set(t0);
    shuffleInPlace(mulberry32(permutationSeed(opts.seed, p)), work);
    const tab = table(events, work, opts.spatialBreaks, opts.temporalBreaks, opts.distance);
    tab.forEach((row, s) => row.forEach((v, c) => simulations[s]![c]!.push(v)));
  }
  return { observed, simulations };
}
