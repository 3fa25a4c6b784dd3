/**
 * A fresh database per test file, copied from the run's template (see global-setup.ts):
 * PGlite by default, or a new database on the PostgreSQL server named by DATABASE_URL.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../server/db/db.js';
import { openPglite } from '../../server/db/pglite.js';
import { loadConfig, type Config } from '../../server/config.js';
import { createApp } from '../../server/app.js';
import { systemCaller } from '../../server/auth/caller.js';
import type { AssignableRole } from '../../server/auth/roles.js';
import { createUser } from '../../server/services/user.service.js';
import { TEMPLATE_FILE, PG_TEMPLATE_DB, adminUrl } from './paths.js';

export async function freshDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pg = (await import('pg')).default;
    const name = 'vk_test_' + randomBytes(6).toString('hex');
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const { openPostgres } = await import('../../server/db/postgres.js');
    const u = new URL(url);
    u.pathname = '/' + name;
    const db = await openPostgres(u.toString());
    return {
      ...db,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: adminUrl(url) });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const tar = readFileSync(TEMPLATE_FILE);
  return openPglite('memory://', new Blob([tar]));
}

export function testConfig(over: Partial<Config> = {}): Config {
  return { ...loadConfig({}), dataDir: 'memory://', webDir: '/nonexistent', ...over };
}

type App = ReturnType<typeof createApp>;

export interface TestAppOptions extends Partial<Config> {
  /** Log in with a fresh account holding these roles; every app.request then carries its cookie and CSRF token. */
  as?: AssignableRole | AssignableRole[];
  /** The auth clock (sessions, throttling). */
  clock?: () => Date;
}

/**
 * A fresh database and app. Without `as` the app is called as the public (no login); with
 * `as: 'analist'` (or several roles) requests are made as a logged-in user with those roles.
 */
export async function testApp(opts: TestAppOptions = {}) {
  const { as, clock, ...over } = opts;
  const db = await freshDb();
  const config = testConfig(over);
  let app = createApp({ db, config, ...(clock ? { clock } : {}) });
  let auth: Record<string, string> = {};
  if (as) {
    auth = await loginAs(app, db, as);
    app = withHeaders(app, auth);
  }
  return { db, config, app, auth };
}

let seq = 0;
export const TEST_PASSWORD = 'correct-horse-battery';

/** Creates an account with `roles` (directly in the database) and logs in through POST /api/auth/login. */
export async function createTestUser(db: Db, roles: AssignableRole | AssignableRole[], password = TEST_PASSWORD): Promise<string> {
  const list = Array.isArray(roles) ? roles : [roles];
  const username = `test-${list.join('-') || 'geen'}-${process.pid}-${++seq}`;
  await createUser(systemCaller('test'), db, { username, roles: list, password });
  return username;
}

/** Headers of a logged-in session (Cookie + X-CSRF-Token) for a new account with `roles`. */
export async function loginAs(app: App, db: Db, roles: AssignableRole | AssignableRole[]): Promise<Record<string, string>> {
  const username = await createTestUser(db, roles);
  return login(app, username, TEST_PASSWORD);
}

export async function login(app: App, username: string, password: string): Promise<Record<string, string>> {
  const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as { csrfToken: string };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { Cookie: cookie, 'X-CSRF-Token': me.csrfToken };
}

/** The app with `headers` added to every app.request (explicit headers of a call win). */
export function withHeaders(app: App, headers: Record<string, string>): App {
  return new Proxy(app, {
    get(target, prop, receiver) {
      if (prop !== 'request') return Reflect.get(target, prop, receiver) as unknown;
      return (input: string | Request | URL, init?: RequestInit, ...rest: unknown[]) => {
        const h = new Headers(headers);
        new Headers(init?.headers).forEach((v, k) => h.set(k, v));
        return (target.request as (...a: unknown[]) => unknown)(input, { ...init, headers: h }, ...rest);
      };
    },
  });
}
