/**
 * The database going away and coming back, and what the log says about failing queries:
 * - a failing query's log line names the query and the error, never a parameter value;
 * - /api/health says whether the database answers (503 when not);
 * - PostgreSQL only: backends terminated by the server (restart, failover, pg_terminate_backend)
 *   do not crash the process and the next request succeeds; while the server is unreachable,
 *   requests get 503 problem+json and the app recovers without a restart.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';
import { format } from 'node:util';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { createApp } from '../../server/app.js';
import { openPostgres } from '../../server/db/postgres.js';
import type { Db } from '../../server/db/db.js';
import { adminUrl, ROOT } from '../support/paths.js';
import { freshDb, testApp, testConfig } from '../support/db.js';

const PG = process.env.DATABASE_URL;
const CSV = readFileSync(`${ROOT}/test/fixtures/incidents/nl-rd-puntkomma.csv`, 'utf8');

afterEach(() => vi.restoreAllMocks());

/** Polls `check` until it returns true (no fixed sleeps); the test's timeout bounds it. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 20));
}

const logged = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((args) => format(...args)).join('\n');

describe('log lines of failing queries', () => {
  it('name the query and the error, not the parameter values (ids, addresses)', async () => {
    const { db, app } = await testApp({ as: 'analist' }); // the import needs incidents:import
    try {
      // Every new incident row now fails: the database error carries the rows' values.
      await db.exec('ALTER TABLE incident ADD CONSTRAINT vk_test_refuse CHECK (false) NOT VALID');
      const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      const res = await app.request('/api/incidents/import', { method: 'POST', body: CSV, headers: { 'Content-Type': 'text/csv' } });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const text = logged(spy);
      expect(text).toMatch(/vk_test_refuse|23514/); // the error is logged…
      expect(text).toMatch(/query /); // …with the name of the query
      for (const value of ['Zwolseweg', 'PL0600-2024-0001', '7315', 'Loolaan', 'cilinder']) expect(text).not.toContain(value);
    } finally {
      await db.close();
    }
  });
});

describe('GET /api/health', () => {
  it('says the database answers', async () => {
    const { db, app } = await testApp();
    try {
      const res = await app.request('/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', engine: PG ? 'postgres' : 'pglite' });
    } finally {
      await db.close();
    }
  });

  it('answers 503 with database "unavailable" when the database is gone (closed)', async () => {
    const { db, app } = await testApp();
    await db.close();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await app.request('/api/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unavailable' });
  });
});

/** A TCP proxy in front of the PostgreSQL server that can be taken down and brought back. */
class Outage {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  /** Connections to the PostgreSQL server it has not closed yet. */
  serverOpen = 0;
  constructor(private readonly target: { host: string; port: number }) {}
  async up(): Promise<void> {
    // Half-open sockets pass each side's FIN on as it comes, as a direct connection would.
    this.server = createServer({ allowHalfOpen: true }, (client) => {
      const upstream = connect({ port: this.target.port, host: this.target.host, allowHalfOpen: true });
      this.serverOpen++;
      let counted = true;
      const gone = () => {
        if (counted) this.serverOpen--;
        counted = false;
      };
      upstream.once('end', gone);
      upstream.once('close', gone);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }
  async down(): Promise<void> {
    const closed = new Promise((r) => this.server!.close(r));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

const pgTarget = () => {
  const u = new URL(PG!);
  return { host: u.hostname, port: Number(u.port || 5432) };
};

/** The URL of `db`'s database, reached through the proxy. */
async function urlThrough(outage: Outage, db: Db): Promise<string> {
  const [{ name }] = (await db.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
  const url = new URL(PG!);
  url.host = `127.0.0.1:${outage.port}`;
  url.pathname = `/${name}`;
  return url.toString();
}

describe.skipIf(!PG)(`PostgreSQL outages${PG ? '' : ' (skipped: set DATABASE_URL to a PostgreSQL + PostGIS server)'}`, () => {
  it('backends terminated by the server: no crash, the next request succeeds', async () => {
    const { db, app } = await testApp();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const [{ name }] = (await db.query<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
      // Several requests at once leave several idle clients in the pool.
      const first = await Promise.all(Array.from({ length: 4 }, () => app.request('/api/districts?level=wijk')));
      expect(first.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const admin = new pg.Client({ connectionString: adminUrl(PG!) });
      await admin.connect();
      try {
        // A transaction holds a client between two statements while its backend is terminated.
        let terminated!: () => void;
        const killed = new Promise<void>((r) => (terminated = r));
        const tx = db.transaction(async (t) => {
          await t.query('SELECT 1');
          await killed;
          await t.query('SELECT 1');
        });
        const res = await admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
        expect(res.rows.length).toBeGreaterThanOrEqual(2);
        // Every client notices its connection is gone (logged, the process lives on)…
        await until(() => errors.mock.calls.length >= res.rows.length);
        terminated();
        await expect(tx).rejects.toMatchObject({ status: 503 });
      } finally {
        await admin.end();
      }
      expect(logged(errors)).toMatch(/57P01|terminat/i);
      // …and the next requests get fresh connections.
      const after = await app.request('/api/districts?level=wijk');
      expect(after.status).toBe(200);
      const health = await app.request('/api/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ database: 'ok' });
    } finally {
      await db.close();
    }
  });

  it('close() returns once the server has closed every connection (so a DROP DATABASE next terminates nothing)', async () => {
    // test/support/db.ts drops a test database WITH (FORCE) right after close(): a connection
    // still open then is terminated, and its client reported 57P01 (the random CI failure).
    const base = await freshDb();
    const outage = new Outage(pgTarget());
    await outage.up();
    const db = await openPostgres(await urlThrough(outage, base));
    try {
      await Promise.all(Array.from({ length: 6 }, () => db.query('SELECT pg_sleep(0.05)')));
      expect(outage.serverOpen).toBeGreaterThanOrEqual(2);
      await db.close();
      expect(outage.serverOpen).toBe(0);
    } finally {
      await outage.down();
      await base.close();
    }
  });

  it('while the server is unreachable: 503 problem+json, health "unavailable"; recovers without a restart', async () => {
    const base = await freshDb(); // its own database; reached through a proxy that can go away
    const outage = new Outage(pgTarget());
    await outage.up();
    const db = await openPostgres(await urlThrough(outage, base));
    const app = createApp({ db, config: testConfig() });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect((await app.request('/api/districts?level=wijk')).status).toBe(200);

      await outage.down();
      const res = await app.request('/api/districts?level=wijk');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      const problem = (await res.json()) as { status: number; detail: string };
      expect(problem.status).toBe(503);
      expect(problem.detail).toMatch(/database is tijdelijk niet bereikbaar/);
      const health = await app.request('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'unavailable', database: 'unavailable', engine: 'postgres' });

      await outage.up();
      expect((await app.request('/api/districts?level=wijk')).status).toBe(200);
      const healthy = await app.request('/api/health');
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toMatchObject({ status: 'ok', database: 'ok' });
      expect(logged(errors)).not.toMatch(/\n\s+at /); // one-line log entries, no stack traces
    } finally {
      await db.close();
      await outage.down().catch(() => undefined);
      await base.close();
    }
  });
});
