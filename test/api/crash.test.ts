/**
 * Crash test: the real server (server/main.ts in a child process, embedded PGlite in a temporary
 * data folder, no demo data) is killed with SIGKILL at several points of an incident import over
 * HTTP, restarted on the same folder, and the database is checked for all-or-nothing after each
 * restart (through the API) and at the end (SQL: no dangling rows, an index scan and a sequential
 * scan count the same rows, the id sequence is ahead of the highest id, every stored batch has
 * exactly one import row in the audit trail and no import row names a missing batch).
 *
 * The import needs an analist: each server start creates (first start) or keeps the admin account
 * from VK_ADMIN_PASSWORD (every role, no forced password change) and the test logs in over HTTP
 * (session cookie + X-CSRF-Token). Each restart after a SIGKILL must take over the data folder's
 * stale lock (server/db/lock.ts) and say so in its log.
 *
 * Kill points: (1) right after a complete import answered 200 (durability; it also measures how
 * long an import takes), (2) halfway through the upload, (3-4) after the whole file was sent,
 * at 30 % and 80 % of the measured import time, (5) as soon as the folder's write-ahead log moves
 * (the import has begun writing: batch row, first insert chunk). The timed points may land
 * anywhere; point 5 is the one that catches a non-atomic import (checked: with the import's
 * transaction removed this test fails there).
 *
 * Six server starts (each with a login): ~45 s on an idle machine, ~100 s on a loaded 2-core one;
 * a start is dominated by opening PGlite with PostGIS, which a loaded machine stretches to 25 s
 * (hence the generous timeout).
 *
 * The folder starts as a copy of the run's migrated template (written by PGlite into a real
 * folder once), so no start pays for creating PostGIS. Runs on PGlite only: PostgreSQL's own
 * crash safety is not this project's code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeSchema } from '../../server/contract/auth.js';
import { BatchListSchema, IncidentSummarySchema } from '../../server/contract/incidents.js';
import { LOCK_FILE } from '../../server/db/lock.js';
import { openPglite } from '../../server/db/pglite.js';
import { ROOT, TEMPLATE_FILE } from '../support/paths.js';

const ROWS = 4000;
const ADMIN_USER = 'crashtest';
const ADMIN_PASSWORD = 'crash-test-wachtwoord-1';
const T0 = performance.now();
/** Progress on stderr, so a slow machine shows where the time goes. */
const step = (s: string) => process.stderr.write(`[crash ${Math.round((performance.now() - T0) / 1000)} s] ${s}\n`);

/** A valid police export of `n` burglaries inside Apeldoorn, ids `<prefix>-<i>`. */
function exportFile(prefix: string, n: number): Buffer {
  const lines = ['Registratienummer;Soort delict;Pleegdatum van;Pleegdatum tot;X-coördinaat;Y-coördinaat;Adres;Postcode;Werkwijze;Woningtype'];
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    const x = 193_000 + ((i * 7919) % 3000);
    const y = 468_500 + ((i * 104_729) % 2500);
    lines.push(`${prefix}-${i};Woninginbraak;${day}-${month}-2024 18:30;${day}-${month}-2024 21:45;${x};${y};Hoofdstraat ${i};7311 AA;flipperen;Tussenwoning`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

interface Child {
  proc: ChildProcess;
  port: number;
  exited: Promise<void>;
  /** Everything the server wrote so far (stdout, then stderr). */
  log: () => string;
  /** The logged-in session: Cookie header and its CSRF token. */
  cookie: string;
  csrf: string;
}

/** Starts server/main.ts on `dir`, waits until it listens (port from its "Klaar" line), logs in. */
async function startServer(dir: string): Promise<Child> {
  step('server start');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VK_DATA_DIR: dir,
    VK_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    VK_WEB_DIR: join(dir, 'geen-web'),
    VK_ADMIN_USER: ADMIN_USER,
    VK_ADMIN_PASSWORD: ADMIN_PASSWORD,
  };
  delete env.DATABASE_URL;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let out = '';
  let err = '';
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Klaar in \d+ ms: http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.once('exit', (code, signal) => reject(new Error(`server stopped before it was ready (${code ?? signal}):\n${out}\n${err}`)));
  });
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: ADMIN_USER, password: ADMIN_PASSWORD }),
  });
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  const me = MeSchema.parse(body);
  // The account from VK_ADMIN_PASSWORD has every role and need not change its password first.
  expect(me.user?.mustChangePassword).toBe(false);
  expect(me.permissions).toEqual(expect.arrayContaining(['incidents:import', 'incidents:batches']));
  const session = res.headers.getSetCookie().find((c) => c.startsWith('vk_session='));
  expect(session, 'vk_session cookie').toBeDefined();
  return { proc, port, exited, log: () => out + err, cookie: session!.split(';')[0]!, csrf: me.csrfToken! };
}

/** Starts the server again after `victim` was killed with SIGKILL: it must take over the stale lock. */
async function restartAfterKill(dir: string, victim: Child): Promise<Child> {
  expect(existsSync(join(dir, LOCK_FILE)), 'kill -9 leaves the lock behind').toBe(true);
  const next = await startServer(dir);
  expect(next.log()).toMatch(new RegExp(`Verouderde vergrendeling van ${escapeRe(dir)} overgenomen: server op http://127\\.0\\.0\\.1:0 \\(pid ${victim.proc.pid}, `));
  return next;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function kill(child: Child, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  step(`${signal}`);
  child.proc.kill(signal);
  await child.exited;
}

async function getJson(child: Child, path: string): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${child.port}${path}`, { headers: { Cookie: child.cookie } });
  expect(res.status, path).toBe(200);
  return res.json();
}

/**
 * Uploads `body` to the import route in 64 KiB chunks. `stopAfter` bytes: stop writing there
 * (the request stays open). Resolves `sent` when the last chunk is flushed, `answered` with the
 * status (or the error when the server died).
 */
function upload(child: Child, name: string, body: Buffer, stopAfter = body.length) {
  const req = request({
    host: '127.0.0.1',
    port: child.port,
    method: 'POST',
    path: `/api/incidents/import?name=${encodeURIComponent(name)}`,
    headers: { 'Content-Type': 'text/csv', 'Content-Length': body.length, Cookie: child.cookie, 'X-CSRF-Token': child.csrf },
  });
  const answered = new Promise<number | Error>((resolve) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', (e) => resolve(e));
  });
  const sent = (async () => {
    for (let at = 0; at < stopAfter; at += 64 * 1024) {
      const chunk = body.subarray(at, Math.min(at + 64 * 1024, stopAfter));
      await new Promise<void>((resolve, reject) => req.write(chunk, (e) => (e ? reject(e) : resolve())));
    }
    if (stopAfter >= body.length) req.end();
  })().catch(() => undefined);
  return { sent, answered };
}

/** All-or-nothing through the API: the file's batch is absent, or present with all its rows. */
async function outcome(child: Child, name: string): Promise<'none' | 'all'> {
  const { batches } = BatchListSchema.parse(await getJson(child, '/api/incidents/batches'));
  const summary = IncidentSummarySchema.parse(await getJson(child, '/api/incidents/summary'));
  expect(summary.count).toBe(batches.reduce((s, b) => s + b.incidents, 0));
  for (const b of batches) expect(b.incidents, b.source).toBe(b.imported);
  const mine = batches.filter((b) => b.source === name);
  expect(mine.length).toBeLessThanOrEqual(1);
  if (mine.length === 0) return 'none';
  expect(mine[0]!.imported).toBe(ROWS);
  return 'all';
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('an import killed with SIGKILL (embedded PGlite)', () => {
  /** Latest modification of the folder's write-ahead log: it moves once the import writes. */
  const walStamp = (folder: string) => {
    const wal = join(folder, 'pg_wal');
    return Math.max(0, ...readdirSync(wal).map((f) => statSync(join(wal, f)).mtimeMs));
  };

  let dir: string;
  let server: Child | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vk-crash-'));
    // The run's migrated template, written into a real folder by PGlite (a copy costs seconds).
    const db = await openPglite(dir, new Blob([readFileSync(TEMPLATE_FILE)]));
    await db.close();
  });

  afterAll(async () => {
    if (server) await kill(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is stored all or nothing at every kill point, and the database stays consistent', { timeout: 480_000 }, async () => {
    const outcomes: Record<string, string> = {};

    // 1. Killed right after a complete import answered: everything must be there.
    server = await startServer(dir);
    expect(server.log()).toContain(`Eerste start: account "${ADMIN_USER}" aangemaakt met het wachtwoord uit VK_ADMIN_PASSWORD.`);
    expect(server.log()).not.toContain('Verouderde vergrendeling'); // the template's lock was released
    const file1 = exportFile('K1', ROWS);
    const t0 = performance.now();
    const first = upload(server, 'kill-1.csv', file1);
    await first.sent;
    const tSent = performance.now();
    expect(await first.answered).toBe(200);
    const importMs = Math.max(50, performance.now() - tSent);
    let victim = server;
    await kill(victim);
    server = await restartAfterKill(dir, victim);
    expect(server.log()).not.toContain('Eerste start'); // the account survived the kill
    outcomes['na het antwoord'] = await outcome(server, 'kill-1.csv');
    expect(outcomes['na het antwoord']).toBe('all');

    // 2. Killed halfway through the upload: nothing may be stored.
    const file2 = exportFile('K2', ROWS);
    const second = upload(server, 'kill-2.csv', file2, Math.floor(file2.length / 2));
    await second.sent;
    victim = server;
    await kill(victim);
    server = await restartAfterKill(dir, victim);
    outcomes['halverwege upload'] = await outcome(server, 'kill-2.csv');
    expect(outcomes['halverwege upload']).toBe('none');

    // 3-4. Killed at a fraction of the measured import time after the file was sent.
    for (const [i, fraction] of [
      [3, 0.3],
      [4, 0.8],
    ] as const) {
      const name = `kill-${i}.csv`;
      const up = upload(server, name, exportFile(`K${i}`, ROWS));
      await up.sent;
      victim = server;
      await new Promise<void>((resolve) => setTimeout(resolve, importMs * fraction));
      await kill(victim);
      server = await restartAfterKill(dir, victim);
      outcomes[`${fraction * 100} % van de importtijd`] = await outcome(server, name);
    }
    // 5. Killed as soon as the import writes to the database (the batch row, the first rows).
    {
      const before = walStamp(dir);
      const up = upload(server, 'kill-5.csv', exportFile('K5', ROWS));
      await up.sent;
      await expect.poll(() => walStamp(dir) > before, { interval: 1, timeout: 120_000 }).toBe(true);
      victim = server;
      await kill(victim);
      server = await restartAfterKill(dir, victim);
      outcomes['eerste schrijfactie'] = await outcome(server, 'kill-5.csv');
    }
    console.log(`crash test: import of ${ROWS} rows took ${Math.round(importMs)} ms (upload ${Math.round(tSent - t0)} ms); outcomes`, outcomes);

    // A clean stop, then SQL on the folder: no dangling rows, index and heap agree.
    await kill(server, 'SIGTERM');
    server = null;
    expect(existsSync(join(dir, LOCK_FILE)), 'a clean stop releases the lock').toBe(false);
    const db = await openPglite(dir);
    try {
      const one = async <T>(q: string) => (await db.query<T>(q))[0]!;
      await db.exec('SET enable_seqscan = off; SET enable_bitmapscan = on; SET enable_indexscan = on;');
      const indexPlan = (await db.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT count(*) FROM incident WHERE batch_id > 0")).map((r) => r['QUERY PLAN']).join('\n');
      expect(indexPlan).toMatch(/Index/);
      const byIndex = Number((await one<{ n: number }>('SELECT count(*)::int AS n FROM incident WHERE batch_id > 0')).n);
      await db.exec('SET enable_seqscan = on; SET enable_bitmapscan = off; SET enable_indexscan = off; SET enable_indexonlyscan = off;');
      const seqPlan = (await db.query<{ 'QUERY PLAN': string }>("EXPLAIN SELECT count(*) FROM incident WHERE batch_id > 0")).map((r) => r['QUERY PLAN']).join('\n');
      expect(seqPlan).toMatch(/Seq Scan/);
      const bySeq = Number((await one<{ n: number }>('SELECT count(*)::int AS n FROM incident WHERE batch_id > 0')).n);
      expect(byIndex).toBe(bySeq);
      await db.exec('RESET ALL;');

      const dangling = await one<{ n: number }>('SELECT count(*)::int AS n FROM incident i WHERE NOT EXISTS (SELECT 1 FROM import_batch b WHERE b.id = i.batch_id)');
      expect(Number(dangling.n)).toBe(0);
      const incomplete = await one<{ n: number }>(
        'SELECT count(*)::int AS n FROM import_batch b WHERE deleted_at IS NULL AND rows_imported <> (SELECT count(*) FROM incident i WHERE i.batch_id = b.id)',
      );
      expect(Number(incomplete.n)).toBe(0);
      const perFile = await db.query<{ prefix: string; n: number }>("SELECT split_part(source_id, '-', 1) AS prefix, count(*)::int AS n FROM incident GROUP BY 1 ORDER BY 1");
      for (const f of perFile) expect(Number(f.n), f.prefix).toBe(ROWS);
      expect(perFile.map((f) => f.prefix)).toContain('K1');
      expect(perFile.map((f) => f.prefix)).not.toContain('K2');
      expect(Number(bySeq)).toBe(perFile.length * ROWS);
      // The audit row is written in the import's transaction: one per stored batch, none without.
      const unaudited = await one<{ n: number }>(
        "SELECT count(*)::int AS n FROM import_batch b WHERE NOT b.is_demo AND (SELECT count(*) FROM audit a WHERE a.action = 'import' AND a.table_name = 'import_batch' AND a.record_id = b.id::text) <> 1",
      );
      expect(Number(unaudited.n)).toBe(0);
      const orphanAudit = await one<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit a WHERE a.action = 'import' AND a.table_name = 'import_batch' AND NOT EXISTS (SELECT 1 FROM import_batch b WHERE b.id::text = a.record_id)",
      );
      expect(Number(orphanAudit.n)).toBe(0);
      const seq = await one<{ last: number; max: number | null }>('SELECT (SELECT last_value FROM incident_id_seq)::bigint AS last, (SELECT max(id) FROM incident) AS max');
      expect(Number(seq.last)).toBeGreaterThanOrEqual(Number(seq.max ?? 0));
    } finally {
      await db.close();
    }
  });
});
