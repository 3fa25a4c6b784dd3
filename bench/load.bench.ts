/**
 * Load bench (`npm run bench -- load`): the server around the analyses, at volume.
 *
 * 1. Generates LOAD_N (default 100,000) realistic incidents twice with the seeded demo
 *    generator (server/demo/incidents.ts, rates scaled up, seeded subsample to exactly N) as CSV.
 * 2. Starts the real server (`server/main.ts`) on a fresh PGlite data folder, or on a fresh
 *    database of the PostgreSQL server in DATABASE_URL (created and dropped here), with a probe
 *    preloaded (bench/load/probe.ts: the server's own event-loop delay and RSS per run).
 * 3. On the demo data (about 1,100 incidents), then after importing the first file: drives each
 *    read endpoint alone and a mixed run from a second process (bench/load/drive.ts, autocannon,
 *    50 connections, loopback, bounded by LOAD_SECONDS and a request count), periods varied.
 * 4. The mixed run again while the second file (another N rows) is imported.
 * Prints req/s, p50/p95/p99, errors (non-2xx except 503), 503s, the largest event-loop delay,
 * RSS, the import times, and the p95 ratio volume / demo per endpoint.
 *
 * Environment: LOAD_N, LOAD_SECONDS (default 10 per run), LOAD_CONNECTIONS (default 50),
 * DATABASE_URL (PostgreSQL instead of PGlite).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, until } from './support.js';
import { demoWijkenFromGeoJson, generateDemoIncidents, type DemoIncident } from '../server/demo/incidents.js';
import { mulberry32 } from '../server/domain/random.js';
import type { DriveResult } from './load/drive.js';

const N = Number(process.env.LOAD_N ?? 100_000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 50);
const MAX_REQUESTS = 20_000;
const ADMIN_PASSWORD = 'load-bench-wachtwoord-1';
const DATA_FROM = new Date('2024-01-01T00:00:00Z');
const DATA_TO = new Date('2026-12-01T00:00:00Z');

// ---------------------------------------------------------------------------------------------
// Data

const wijken = demoWijkenFromGeoJson(JSON.parse(readFileSync('geodata/apeldoorn-wijken.geojson', 'utf8')));

/** N incidents from the demo generator with its rates scaled by `factor`, subsampled (seeded) to exactly n. */
function incidents(n: number, seed: number, idPrefix: string): DemoIncident[] {
  const pilot = generateDemoIncidents({ wijken, from: DATA_FROM, to: DATA_TO, seed }).incidents.length;
  const factor = (n / pilot) * 1.1;
  const all = generateDemoIncidents({
    wijken,
    from: DATA_FROM,
    to: DATA_TO,
    seed,
    idPrefix,
    burglaryRate: 2.5 * factor,
    otherRates: { straatroof: 0.2 * factor, overval: 0.05 * factor, geweld: 0.4 * factor },
  }).incidents;
  if (all.length < n) throw new Error(`generator gave ${all.length} < ${n}`);
  const rng = mulberry32(seed ^ 0x5eed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, n);
}

function csv(rows: readonly DemoIncident[]): string {
  const lines = ['id;soort;van;tot;x;y;modus_operandi;woningtype'];
  for (const r of rows) lines.push([r.sourceId, r.kind, r.from.toISOString(), r.to.toISOString(), r.x.toFixed(1), r.y.toFixed(1), r.modusOperandi ?? '', r.targetType ?? ''].join(';'));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Requests

const day = (d: Date) => d.toISOString().slice(0, 10);
/** Read endpoints with varied periods (4 weeks to a year, ending on different days). */
function endpointPaths(seed: number): Record<string, string[]> {
  const rng = mulberry32(seed);
  const periods = Array.from({ length: 24 }, () => {
    const len = [28, 91, 182, 364][Math.floor(rng() * 4)]!;
    const end = new Date(DATA_TO.getTime() - Math.floor(rng() * 600) * 86_400_000);
    return { from: day(new Date(end.getTime() - (len - 1) * 86_400_000)), to: day(end) };
  });
  const q = (p: { from: string; to: string }, extra = '') => `from=${p.from}&to=${p.to}&kinds=woninginbraak${extra}`;
  return {
    'grid (Gi*, auto)': periods.map((p) => `/api/hotspots/grid?${q(p)}`),
    'grid (Gi*, 100 m / 300 m)': periods.map((p) => `/api/hotspots/grid?${q(p, '&cell=100&band=300')}`),
    kde: periods.map((p) => `/api/hotspots/kde?${q(p)}`),
    'hot-times': periods.map((p) => `/api/hotspots/hot-times?${q(p)}`),
    rates: periods.map((p) => `/api/hotspots/rates?${q(p)}`),
    'near-repeat zones': periods.map((p) => `/api/nearrepeat/zones?date=${p.to}`),
    incidents: periods.map((p) => `/api/incidents?${q(p)}`),
  };
}

// ---------------------------------------------------------------------------------------------
// Processes

function drive(base: string, paths: string[], headers: Record<string, string>, seed: number): Promise<DriveResult> {
  return new Promise((resolve, reject) => {
    const arg = JSON.stringify({ base, paths, connections: CONNECTIONS, durationS: SECONDS, maxRequests: MAX_REQUESTS, headers, seed });
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load/drive.ts', arg], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as DriveResult) : reject(new Error(`drive exited ${code}`))));
  });
}

interface Probe {
  maxLoopDelayMs: number;
  p99LoopDelayMs: number;
  rssMb: number;
  peakRssMb: number;
}
async function probe(server: ChildProcess, file: string): Promise<Probe> {
  rmSync(file, { force: true });
  server.kill('SIGUSR2');
  // The server answers the signal only when its event loop is free: after a run it may still be
  // computing requests whose clients have gone (PGlite runs on that loop), for many seconds.
  return until(async () => JSON.parse(readFileSync(file, 'utf8')) as Probe, 300_000);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: a fresh database per run

function psql(url: string, sql: string) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
}

// ---------------------------------------------------------------------------------------------

interface Row {
  phase: string;
  endpoint: string;
  r: DriveResult;
  p: Probe;
}
const rows: Row[] = [];
const fmt = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '-');

async function main() {
  const adapter = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(`Load bench on ${adapter}: ${N} incidents per file, ${CONNECTIONS} connections, ${SECONDS} s per run (max ${MAX_REQUESTS} requests)`);
  const work = mkdtempSync(join(tmpdir(), 'vk-load-'));
  let t = performance.now();
  const fileA = join(work, 'a.csv');
  const fileB = join(work, 'b.csv');
  writeFileSync(fileA, csv(incidents(N, 20261203, 'LOADA-')));
  writeFileSync(fileB, csv(incidents(N, 20261204, 'LOADB-')));
  console.log(`Generated 2 × ${N} incidents in ${fmt((performance.now() - t) / 1000, 1)} s`);

  let dbUrl: string | undefined;
  const baseUrl = process.env.DATABASE_URL;
  const dbName = `vk_load_${process.pid}`;
  if (baseUrl) {
    psql(baseUrl, `CREATE DATABASE ${dbName}`);
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    dbUrl = u.toString();
  }
  const port = await freePort();
  const probeFile = join(work, 'probe.json');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), VK_DATA_DIR: join(work, 'data'), VK_WEB_DIR: '/nonexistent', VK_ADMIN_PASSWORD: ADMIN_PASSWORD, VK_PROBE_FILE: probeFile };
  if (dbUrl) env.DATABASE_URL = dbUrl;
  else delete env.DATABASE_URL;
  t = performance.now();
  const server = spawn(process.execPath, ['--import', 'tsx', '--import', './bench/load/probe.ts', 'server/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await until(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 180_000);
    console.log(`Server healthy in ${fmt(performance.now() - t)} ms (cold start, demo data seeded)`);
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    if (!login.ok) throw new Error(`login ${login.status}: ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie };
    const idle = await probe(server, probeFile);
    console.log(`Idle RSS after start: ${fmt(idle.rssMb)} MB`);

    const paths = endpointPaths(7);
    const mixed = Object.values(paths).flat();
    const runAll = async (phase: string) => {
      for (const [name, p] of [...Object.entries(paths), ['mixed', mixed] as const]) {
        await probe(server, probeFile); // start a new window
        const r = await drive(base, p, headers, 11);
        rows.push({ phase, endpoint: name, r, p: await probe(server, probeFile) });
        console.log(`  ${phase} ${name}: ${fmt(r.reqPerS, 1)} req/s, p95 ${fmt(r.p95)} ms`);
      }
    };
    const importFile = async (file: string) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/incidents/import`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'text/csv' }, body: readFileSync(file) });
      const body = (await res.json()) as { imported?: number; detail?: string };
      if (!res.ok) throw new Error(`import ${res.status}: ${body.detail}`);
      return { ms: performance.now() - t0, imported: body.imported ?? NaN };
    };

    await runAll('demo');
    await probe(server, probeFile);
    const a = await importFile(fileA);
    const pa = await probe(server, probeFile);
    console.log(`Import of ${N} rows (idle server): ${fmt(a.ms / 1000, 1)} s, ${a.imported} imported, largest event-loop delay ${fmt(pa.maxLoopDelayMs)} ms, peak RSS ${fmt(pa.peakRssMb)} MB`);
    await runAll(`${N / 1000}k`);

    await probe(server, probeFile);
    const during = drive(base, mixed, headers, 13);
    const b = await importFile(fileB);
    const r = await during;
    const pb = await probe(server, probeFile);
    rows.push({ phase: 'during import', endpoint: 'mixed', r, p: pb });
    console.log(`Import of ${N} more rows under the mixed load: ${fmt(b.ms / 1000, 1)} s, ${b.imported} imported`);

    print();
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(work, { recursive: true, force: true });
    if (baseUrl) psql(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

function print() {
  const head = ['phase', 'endpoint', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', '503', 'kB/resp', 'loop max ms', 'RSS MB', 'p95 ÷ demo'];
  const demoP95 = new Map(rows.filter((x) => x.phase === 'demo').map((x) => [x.endpoint, x.r.p95]));
  const table = rows.map(({ phase, endpoint, r, p }) => [
    phase,
    endpoint,
    fmt(r.reqPerS, 1),
    fmt(r.p50),
    fmt(r.p95),
    fmt(r.p99),
    fmt(r.max),
    String(r.errors + r.timeouts) + (Object.keys(r.statuses).length ? ` (${Object.entries(r.statuses).map(([k, v]) => `${v}×${k}`).join(', ')})` : ''),
    String(r.busy503),
    fmt(r.bytesPerReq / 1024, 1),
    fmt(p.maxLoopDelayMs),
    fmt(p.peakRssMb),
    phase === 'demo' ? '' : fmt(r.p95 / (demoP95.get(endpoint) ?? NaN), 1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log('\n' + line(head));
  for (const row of table) console.log(line(row));
}

await main();
