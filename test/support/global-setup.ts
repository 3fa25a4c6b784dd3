/**
 * Builds one migrated database with the shipped geodata per test run, as a template that every
 * test file copies: a PGlite dumpDataDir tarball (embedded) or a PostgreSQL template database
 * (when DATABASE_URL is set). Creating PostGIS from scratch costs ~10 s; a copy ~3 s.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../server/config.js';
import { migrate } from '../../server/db/migrate.js';
import { openPglite } from '../../server/db/pglite.js';
import { loadShippedGeodata } from '../../server/ingest/geodata.js';
import { TEMPLATE_FILE, TEMPLATE_DIR, PG_TEMPLATE_DB, adminUrl } from './paths.js';

export default async function setup(): Promise<void> {
  const config = loadConfig({});
  if (process.env.DATABASE_URL) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: adminUrl(process.env.DATABASE_URL) });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const { openPostgres } = await import('../../server/db/postgres.js');
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/' + PG_TEMPLATE_DB;
    const db = await openPostgres(url.toString());
    await migrate(db);
    await loadShippedGeodata(db, config.geodataDir);
    await db.close();
    return;
  }
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const db = await openPglite('memory://');
  await migrate(db);
  await loadShippedGeodata(db, config.geodataDir);
  const blob = await db.dump();
  writeFileSync(TEMPLATE_FILE, Buffer.from(await blob.arrayBuffer()));
  await db.close();
}
