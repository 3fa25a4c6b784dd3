/**
 * One process per PGlite data folder, end to end: a real server process holds the folder; the
 * CLI (and a second server) is refused with a Dutch message naming it, and the database is left
 * unchanged. After the server is killed with SIGKILL its lock is stale and the CLI takes it over.
 * Always on embedded PGlite in a temporary folder, also when the run itself uses PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../server/db/pglite.js';
import { LOCK_FILE } from '../../server/db/lock.js';
import { ROOT, TEMPLATE_FILE } from '../support/paths.js';

const FIXTURE = join(ROOT, 'test/fixtures/incidents/nl-rd-puntkomma.csv');
let dataDir: string;
let env: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the real server on dataDir; resolves once it says it is ready. */
function startServer(port: number): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/Klaar in/.test(out)) resolve({ child, out: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server stopped (${code}) before it was ready:\n${out}`)));
  });
}

/**
 * Runs a process to its end without blocking this one (spawnSync would stall the fetch client's
 * keep-alive timers, so its next request could reuse a socket the server already closed).
 */
function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}
const cli = (...args: string[]) => run(['server/cli.ts', ...args]);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vk-lock-data-'));
  // The run's migrated template with geodata, unpacked into a real folder.
  const db = await openPglite(dataDir, new Blob([readFileSync(TEMPLATE_FILE)]));
  await db.close();
  env = { ...process.env, VK_DATA_DIR: dataDir, HOST: '127.0.0.1', VK_WEB_DIR: '/nonexistent' };
  delete env.DATABASE_URL;
  delete env.VK_DEMO;
}, 240_000);

afterEach(async () => {
  // A test that failed half-way leaves its server running: stop it, so it holds no lock.
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGKILL');
    await exited;
  }
  server = undefined;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('one process per data folder', () => {
  it('refuses the CLI and a second server while a server runs; takes over after kill -9', async () => {
    const port = await freePort();
    const s = await startServer(port);
    server = s.child;
    const base = `http://127.0.0.1:${port}`;
    const state = async () => ({
      summary: await (await fetch(`${base}/api/incidents/summary`)).json(),
      batches: await (await fetch(`${base}/api/incidents/batches`)).json(),
    });
    const before = await state();
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; role: string };
    expect(lock).toMatchObject({ pid: s.child.pid, role: `server op ${base}` });

    const refused = await cli('import-incidents', FIXTURE);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`Fout: De datamap ${dataDir} is al in gebruik door server op ${base} (pid ${s.child.pid}, sinds `);
    expect(refused.stderr).toMatch(/Stop eerst dat proces .* of gebruik PostgreSQL \(DATABASE_URL\)/);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await state()).toEqual(before);

    const second = await run(['server/main.ts'], { PORT: String(await freePort()) });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`is al in gebruik door server op ${base} (pid ${s.child.pid}`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(await state()).toEqual(before);

    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGKILL');
    await exited;
    server = undefined;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true); // kill -9 leaves it behind

    const ok = await cli('import-incidents', FIXTURE);
    expect(ok.stderr).toMatch(new RegExp(`Verouderde vergrendeling van .* overgenomen: server op ${base.replace(/\./g, '\\.')} \\(pid ${s.child.pid}, `));
    expect(ok.stdout).toMatch(/Ingelezen: 8/);
    expect(ok.status).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false); // released on exit
  }, 300_000);

  it('the import --dry-run report reaches a pipe in full (over 64 KiB)', async () => {
    // 600 rows with a long id and no coordinates: 500 rejections are reported, ~90 KB.
    const lines = ['Registratienummer;Soort delict;Pleegdatum van;X-coördinaat;Y-coördinaat'];
    lines.push('PL0600-OK-1;Woninginbraak;15-01-2024 18:30;196371,02;472684,59');
    for (let i = 0; i < 600; i++) lines.push(`PL0600-2024-${String(i).padStart(6, '0')}-${'x'.repeat(60)};Woninginbraak;15-01-2024 18:30;;`);
    const file = join(dataDir, 'veel-fouten.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import-incidents', '--dry-run', file], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(0);
    expect(Buffer.byteLength(out)).toBeGreaterThan(65_536);
    expect(out).toMatch(/Afgewezen: 600\n/);
    expect(out).toMatch(/… en nog 100 rijen\n$/);
  }, 240_000);
});
