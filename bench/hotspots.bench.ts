/**
 * Benchmark of the hotspot analysis functions (server/domain/hotspots) against naive baselines.
 *
 * Run: `node --expose-gc --import tsx bench/hotspots.bench.ts` (or `npm run bench -- hotspots`).
 * Synthetic, seeded incidents over a 25 × 25 km Apeldoorn-sized extent (RD 182000-207000,
 * 458000-483000): 70 % in 40 Gaussian clusters (σ 300 m), 30 % uniform; time windows from
 * exact (40 %) to several days. For 10k, 100k and 1M incidents it times
 *   grid (100 m cells), Gi* (band 150 m), KDE (50 m cells, h = 200 m; scatter and kdbush) and
 *   the aoristic weekday × hour matrix,
 * the optimized pipeline (nearest-neighbour cell size + incremental spatial autocorrelation over
 * 10 distances + Gi* with FDR, server/domain/hotspots/optimized.ts) against the manual
 * grid + Gi* above, and its ISA step against Moran's I recomputed from scratch per distance,
 * and naive baselines in the same process: string-keyed Map binning, all-pairs Gi*, all-pairs
 * KDE and Intl-per-hour aoristic. The all-pairs baselines are run on a sample of target cells
 * (or incidents) and extrapolated linearly (marked "~"); their sampled values are checked
 * against the fast results (column "max diff"). Memory: deltas of process.memoryUsage() around
 * each step after a forced GC (heapUsed, arrayBuffers = typed arrays, rss).
 */
import { mulberry32, randomNormal } from '../server/domain/random.js';
import { aoristicWeekHour } from '../server/domain/hotspots/aoristic.js';
import { cellCentre, gridCounts } from '../server/domain/hotspots/grid.js';
import { giStar } from '../server/domain/hotspots/gistar.js';
import { kernelDensity } from '../server/domain/hotspots/kde.js';
import { chooseCellSize, incrementalMoran, optimizedHotSpots } from '../server/domain/hotspots/index.js';
import { HOUR_MS } from '../server/domain/hotspots/time.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.warn('warning: run with --expose-gc for meaningful memory figures');

const EXT = { minX: 182_000, minY: 458_000, maxX: 207_000, maxY: 483_000 };
const SIZES = [10_000, 100_000, 1_000_000];

interface Row {
  n: string;
  step: string;
  method: string;
  ms: number;
  extrapolated: boolean;
  heap: number;
  ext: number;
  rss: number;
  check: string;
}
const rows: Row[] = [];

function synth(n: number, seed: number) {
  const rng = mulberry32(seed);
  const centres = Array.from({ length: 40 }, () => [EXT.minX + 2000 + rng() * 21_000, EXT.minY + 2000 + rng() * 21_000] as const);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const from = new Float64Array(n);
  const to = new Float64Array(n);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    let x: number;
    let y: number;
    if (rng() < 0.7) {
      const c = centres[Math.floor(rng() * centres.length)]!;
      x = c[0] + 300 * randomNormal(rng);
      y = c[1] + 300 * randomNormal(rng);
    } else {
      x = EXT.minX + rng() * 25_000;
      y = EXT.minY + rng() * 25_000;
    }
    xs[i] = Math.min(EXT.maxX - 0.01, Math.max(EXT.minX, x));
    ys[i] = Math.min(EXT.maxY - 0.01, Math.max(EXT.minY, y));
    from[i] = t0 + Math.floor(rng() * 365 * 24 * 60) * 60_000;
    to[i] = rng() < 0.4 ? from[i]! : from[i]! + Math.min(10 * 24 * HOUR_MS, -Math.log(1 - rng()) * 6 * HOUR_MS);
  }
  return { xs, ys, from, to };
}

async function settle(): Promise<void> {
  // a GC, then a turn of the event loop so freed ArrayBuffer backing stores are released
  gc?.();
  await new Promise((r) => setImmediate(r));
  gc?.();
}

async function measure<T>(n: string, step: string, method: string, fn: () => T, opts: { scale?: number; check?: (r: T) => string } = {}): Promise<T> {
  await settle();
  const m0 = process.memoryUsage();
  const t0 = performance.now();
  const result = fn();
  const ms = (performance.now() - t0) * (opts.scale ?? 1);
  const m1 = process.memoryUsage();
  const mb = (b: number) => b / 1048576;
  rows.push({
    n,
    step,
    method,
    ms,
    extrapolated: (opts.scale ?? 1) !== 1,
    heap: mb(m1.heapUsed - m0.heapUsed),
    ext: mb(m1.arrayBuffers - m0.arrayBuffers),
    rss: mb(m1.rss - m0.rss),
    check: opts.check ? opts.check(result) : '',
  });
  return result;
}

/** Largest |a[k] - b[k]| (/ max(1, |a[k]|) when relative), without spreading huge arrays. */
function maxDiff(a: ArrayLike<number>, b: (k: number) => number, relative = false): string {
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    const d = Math.abs(a[k]! - b(k)) / (relative ? Math.max(1, Math.abs(a[k]!)) : 1);
    if (d > m) m = d;
  }
  return m.toExponential(1);
}

/** Naive binning: string keys in a Map. */
function naiveGrid(xs: Float64Array, ys: Float64Array, cell: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < xs.length; i++) {
    const k = `${Math.floor(xs[i]! / cell)},${Math.floor(ys[i]! / cell)}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** All-pairs Gi* for the first `targets` cells (O(targets · n)). */
function naiveGiStar(x: Float64Array, nx: number, ny: number, cell: number, band: number, targets: number[]): number[] {
  const n = nx * ny;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s1 += x[i]!;
    s2 += x[i]! * x[i]!;
  }
  const mean = s1 / n;
  const s = Math.sqrt(s2 / n - mean * mean);
  return targets.map((i) => {
    const xi = (i % nx) * cell;
    const yi = Math.floor(i / nx) * cell;
    let lx = 0;
    let W = 0;
    for (let j = 0; j < n; j++) {
      const dx = (j % nx) * cell - xi;
      const dy = Math.floor(j / nx) * cell - yi;
      if (dx * dx + dy * dy <= band * band) {
        lx += x[j]!;
        W++;
      }
    }
    return (lx - mean * W) / (s * Math.sqrt((n * W - W * W) / (n - 1)));
  });
}

/** All-pairs KDE at the given cell centres, per km². */
function naiveKde(xs: Float64Array, ys: Float64Array, centres: { x: number; y: number }[], h: number): number[] {
  const h2 = h * h;
  const c = (3 / (Math.PI * h2)) * 1e6;
  return centres.map(({ x, y }) => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const dx = xs[i]! - x;
      const dy = ys[i]! - y;
      const d2 = dx * dx + dy * dy;
      if (d2 < h2) s += (1 - d2 / h2) ** 2;
    }
    return s * c;
  });
}

/** Aoristic with an uncached Intl lookup per covered hour (what a straightforward version does). */
function naiveAoristic(from: Float64Array, to: Float64Array, count: number): Float64Array {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', weekday: 'short', hour: 'numeric', hourCycle: 'h23' });
  const days: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  const m = new Float64Array(168);
  for (let i = 0; i < count; i++) {
    const a = from[i]!;
    const b = to[i]!;
    const d = b - a;
    const cellAt = (t: number) => {
      const p = fmt.formatToParts(new Date(t));
      return days[p.find((q) => q.type === 'weekday')!.value]! * 24 + Number(p.find((q) => q.type === 'hour')!.value);
    };
    if (d === 0) {
      m[cellAt(a)]! += 1;
      continue;
    }
    for (let t = a; t < b; ) {
      const next = Math.min(b, Math.floor(t / HOUR_MS) * HOUR_MS + HOUR_MS);
      m[cellAt(t)]! += (next - t) / d;
      t = next;
    }
  }
  return m;
}

const started = performance.now();
for (const n of SIZES) {
  const label = n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
  const data = synth(n, 2024 + n);
  const pts = { xs: data.xs, ys: data.ys };

  const grid = await measure(label, 'grid 100 m', 'typed arrays', () => gridCounts(pts, { cellSize: 100 }));
  await measure(label, 'grid 100 m', 'naive Map<string>', () => naiveGrid(data.xs, data.ys, 100), {
    check: (m) => `cells ${m.size} vs ${grid.counts.filter((c) => c > 0).length}`,
  });

  const gi = await measure(label, `Gi* ${grid.nx}x${grid.ny}`, 'offsets O(n·k)', () => giStar(grid, { band: 150, fdr: true }));
  const giTargets = Array.from({ length: 1000 }, (_, k) => Math.floor((k * grid.counts.length) / 1000));
  await measure(label, `Gi* ${grid.nx}x${grid.ny}`, 'naive all pairs', () => naiveGiStar(grid.counts, grid.nx, grid.ny, 100, 150, giTargets), {
    scale: grid.counts.length / giTargets.length,
    check: (z) => `max diff ${maxDiff(z, (k) => gi.z[giTargets[k]!]!)}`,
  });

  const opt = await measure(label, 'optimized Gi*', 'NN + ISA + Gi* FDR', () => optimizedHotSpots(pts, { extent: EXT }), {
    check: (r) => `cell ${r.parameters.cellSize} m, band ${r.parameters.distanceBand} m (${r.parameters.bandReason}), vs manual grid+Gi* above`,
  });
  await measure(label, 'optimized Gi*', 'of which cell size', () => chooseCellSize(pts), {
    check: (r) => `median NN ${r.nearestNeighbour?.toFixed(1)} m`,
  });
  const dists = opt.parameters.isa.map((st) => st.distance);
  const og = opt.grid;
  const isa = await measure(label, `ISA ${og.nx}x${og.ny}`, `incremental ${dists.length} d`, () => incrementalMoran(og, dists));
  await measure(label, `ISA ${og.nx}x${og.ny}`, 'from scratch per d', () => dists.map((d) => incrementalMoran(og, [d])[0]!), {
    check: (r) => `max diff z ${maxDiff(Float64Array.from(r, (st) => st.z), (k) => isa[k]!.z)}`,
  });

  const kde = await measure(label, 'KDE 50 m, h 200', 'scatter', () => kernelDensity(pts, { bandwidth: 200, cellSize: 50 }));
  await measure(label, 'KDE 50 m, h 200', 'kdbush gather', () => kernelDensity(pts, { bandwidth: 200, cellSize: 50, method: 'index' }), {
    check: (r) => `max rel diff ${maxDiff(r.density, (k) => kde.density[k]!, true)}`,
  });
  const kdeSample = Math.max(50, Math.round(5e7 / n));
  const kdeTargets = Array.from({ length: kdeSample }, (_, k) => Math.floor((k * kde.density.length) / kdeSample));
  await measure(label, 'KDE 50 m, h 200', 'naive all pairs', () => naiveKde(data.xs, data.ys, kdeTargets.map((k) => cellCentre(kde, k)), 200), {
    scale: kde.density.length / kdeTargets.length,
    check: (d) => `max rel diff ${maxDiff(d, (k) => kde.density[kdeTargets[k]!]!, true)}`,
  });

  const ao = await measure(label, 'aoristic 7x24', 'rule-based offsets', () => aoristicWeekHour({ from: data.from, to: data.to }));
  const sample = Math.min(n, 5000);
  await measure(label, 'aoristic 7x24', 'naive Intl per hour', () => naiveAoristic(data.from, data.to, sample), {
    scale: n / sample,
    check: () => `sum ${ao.matrix.reduce((a, b) => a + b, 0).toFixed(3)} of ${ao.incidents}`,
  });
}

const pad = (s: string, w: number, right = false) => (right ? s.padStart(w) : s.padEnd(w));
const header = `${pad('n', 5)} ${pad('step', 17)} ${pad('method', 20)} ${pad('time ms', 11, true)} ${pad('heap MB', 8, true)} ${pad('typed MB', 9, true)} ${pad('rss MB', 8, true)}  check`;
console.log(header);
console.log('-'.repeat(header.length + 20));
for (const r of rows) {
  const t = (r.extrapolated ? '~' : '') + (r.ms < 10 ? r.ms.toFixed(2) : r.ms.toFixed(0));
  console.log(
    `${pad(r.n, 5)} ${pad(r.step, 17)} ${pad(r.method, 20)} ${pad(t, 11, true)} ${pad(r.heap.toFixed(1), 8, true)} ${pad(r.ext.toFixed(1), 9, true)} ${pad(r.rss.toFixed(1), 8, true)}  ${r.check}`,
  );
}
console.log(`\n~ = extrapolated linearly from a sample of target cells / incidents. Total ${((performance.now() - started) / 1000).toFixed(1)} s.`);
