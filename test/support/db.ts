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

export async function testApp(over: Partial<Config> = {}) {
  const db = await freshDb();
  const config = testConfig(over);
  return { db, config, app: createApp({ db, config }) };
}
