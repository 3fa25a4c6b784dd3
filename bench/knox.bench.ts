/**
 * Knox test benchmark: `node --expose-gc --import tsx bench/knox.bench.ts`
 *
 * Synthetic events over a 25 x 25 km Apeldoorn-sized area (RD New) in two years, 60% in
 * neighbourhood clusters and 40% uniform; breaks 0,1,101,201,301,401,Inf m and 0,7,14,21,28,Inf
 * days, Euclidean distance. Prints wall time and memory of the fast implementation at 20,000
 * and 100,000 events x 999 permutations, and a naive all-pairs baseline (every pair's distance
 * recomputed per permutation, as a literal NearRepeat port) at 2,000 events x 99 permutations,
 * extrapolated per permutation. Whole run: about 1-2 minutes on two cores.
 */
import { cpus } from 'node:os';
import { mulberry32, randomNormal } from '../server/domain/random.js';
import { knoxTest, type KnoxColumns, type KnoxEvent, type KnoxOptions } from '../server/domain/nearrepeat/knox.js';
import { knoxNaive } from '../server/domain/nearrepeat/naive.js';

const SPATIAL = [0, 1, 101, 201, 301, 401, Infinity];
const TEMPORAL = [0, 7, 14, 21, 28, Infinity];
const X0 = 182_000;
const Y0 = 457_000;
const SIZE = 25_000;
const DAYS = 730;

function synthetic(n: number, seed: number): KnoxColumns & { x: Float64Array; y: Float64Array; t: Float64Array } {
  const r = mulberry32(seed);
  const centres = Array.from({ length: 120 }, () => [X0 + 2000 + r() * (SIZE - 4000), Y0 + 2000 + r() * (SIZE - 4000)] as const);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (r() < 0.6) {
      const c = centres[Math.floor(r() * centres.length)]!;
      x[i] = Math.min(X0 + SIZE, Math.max(X0, c[0] + 500 * randomNormal(r)));
      y[i] = Math.min(Y0 + SIZE, Math.max(Y0, c[1] + 500 * randomNormal(r)));
    } else {
      x[i] = X0 + r() * SIZE;
      y[i] = Y0 + r() * SIZE;
    }
    x[i] = Math.round(x[i]!);
    y[i] = Math.round(y[i]!);
    t[i] = Math.floor(r() * DAYS);
  }
  return { x, y, t };
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function memory(): string {
  gc?.();
  const m = process.memoryUsage();
  return `heapUsed ${mb(m.heapUsed)}, arrayBuffers ${mb(m.arrayBuffers)}, rss ${mb(m.rss)}, peak rss ${mb(process.resourceUsage().maxRSS * 1024)}`;
}

async function fast(n: number, permutations: number, workers: number): Promise<{ ms: number; nearPairs: number }> {
  const events = synthetic(n, 1);
  gc?.();
  const options: KnoxOptions = { spatialBreaks: SPATIAL, temporalBreaks: TEMPORAL, distance: 'euclidean', permutations, seed: 1, workers };
  const t0 = performance.now();
  const r = await knoxTest(events, options);
  const ms = performance.now() - t0;
  console.log(
    `fast   ${String(n).padStart(7)} events x ${permutations} perms, ${workers} worker(s): ${s(ms).padStart(8)}` +
      `  (${r.nearPairs.toLocaleString('en')} near pairs = ${mb(r.nearPairs * 5)} pair storage, ${(ms / permutations).toFixed(2)} ms/perm)`,
  );
  console.log(`       memory after run: ${memory()}`);
  return { ms, nearPairs: r.nearPairs };
}

async function main(): Promise<void> {
  if (!gc) console.log('(run with --expose-gc for stable memory figures)');
  console.log(`Knox benchmark, node ${process.version}, ${cpus().length} cores, ${cpus()[0]?.model ?? ''}`);
  console.log(`memory at start: ${memory()}\n`);

  // Naive baseline: all pairs, distances recomputed per permutation.
  const nNaive = 2000;
  const pNaive = 99;
  const cols = synthetic(nNaive, 1);
  const rows: KnoxEvent[] = Array.from(cols.x, (x, i) => ({ x, y: cols.y[i]!, t: cols.t[i]! }));
  let t0 = performance.now();
  knoxNaive(rows, { spatialBreaks: SPATIAL, temporalBreaks: TEMPORAL, distance: 'euclidean', permutations: pNaive, seed: 1 });
  const naiveMs = performance.now() - t0;
  const perPerm = naiveMs / (pNaive + 1);
  const perPair = perPerm / ((nNaive * (nNaive - 1)) / 2);
  console.log(`naive  ${String(nNaive).padStart(7)} events x ${pNaive} perms: ${s(naiveMs).padStart(8)}  (${perPerm.toFixed(2)} ms/perm, ${(perPair * 1e6).toFixed(2)} ns/pair)`);
  for (const n of [20_000, 100_000]) {
    const msPerPerm = perPair * ((n * (n - 1)) / 2);
    console.log(
      `       extrapolated naive ${n.toLocaleString('en')} x 999: ${((msPerPerm * 1000) / 1000 / 60).toFixed(0)} min (${(msPerPerm / 1000).toFixed(1)} s per permutation)`,
    );
  }
  t0 = performance.now();
  await knoxTest(cols, { spatialBreaks: SPATIAL, temporalBreaks: TEMPORAL, distance: 'euclidean', permutations: pNaive, seed: 1 });
  const fastSmall = performance.now() - t0;
  console.log(`fast   ${String(nNaive).padStart(7)} events x ${pNaive} perms, 1 worker(s): ${s(fastSmall).padStart(8)}  (${(naiveMs / fastSmall).toFixed(0)}x faster than naive)\n`);

  await fast(20_000, 999, 1);
  await fast(20_000, 999, 2);
  console.log('');
  await fast(100_000, 999, 2);
}

const started = performance.now();
await main();
console.log(`\ntotal bench time ${s(performance.now() - started)}`);
