/**
 * Start-up: cold start (new data folder: create the database, migrate, load the shipped geodata,
 * seed demo data) and warm start (reopen) of the real server process, each measured to a healthy
 * API and to the first districts response, with the server's resident memory.
 * Baseline in the same run: bare PGlite + PostGIS creating/reopening an empty data folder, i.e.
 * the floor that our migrations, ingest and route code add to.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, until } from './support.js';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function startServer(dataDir: string): Promise<{ health: number; districts: number; rss: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), VK_DATA_DIR: dataDir, VK_WEB_DIR: '/nonexistent' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 120_000, 50);
    const health = performance.now() - t0;
    const res = await fetch(`${base}/api/districts?level=wijk`);
    const fc = (await res.json()) as { features: unknown[] };
    if (fc.features.length !== 16) throw new Error(`expected 16 wijken, got ${fc.features.length}`);
    const districts = performance.now() - t0;
    return { health, districts, rss: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function bare(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const db = await PGlite.create({ dataDir, extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  await db.query('SELECT postgis_lib_version()');
  const ms = performance.now() - t0;
  await db.close();
  return ms;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const dir = mkdtempSync(join(tmpdir(), 'vk-bench-start-'));
const bareDir = mkdtempSync(join(tmpdir(), 'vk-bench-bare-'));
try {
  const bareCold = await bare(bareDir);
  const bareWarm = await bare(bareDir);
  const cold = await startServer(dir);
  const warm = await startServer(dir);
  const warm2 = await startServer(dir);
  console.log('start-up of the server process (PGlite data folder)     healthy API   first /api/districts   RSS');
  console.log(`  cold (new data folder)                                  ${fmt(cold.health).padStart(9)}   ${fmt(cold.districts).padStart(9)}              ${cold.rss.toFixed(0)} MB`);
  console.log(`  warm (reopen)                                           ${fmt(warm.health).padStart(9)}   ${fmt(warm.districts).padStart(9)}              ${warm.rss.toFixed(0)} MB`);
  console.log(`  warm (reopen, again)                                    ${fmt(warm2.health).padStart(9)}   ${fmt(warm2.districts).padStart(9)}              ${warm2.rss.toFixed(0)} MB`);
  console.log('baseline: bare PGlite + PostGIS, empty database, in this process');
  console.log(`  create                                                  ${fmt(bareCold).padStart(9)}`);
  console.log(`  reopen                                                  ${fmt(bareWarm).padStart(9)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bareDir, { recursive: true, force: true });
}
