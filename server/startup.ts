/**
 * Opens the configured database, migrates it and loads the shipped geodata: shared by main, CLI
 * and tests. Demo incidents are seeded by main only (server/main.ts), so a CLI import on a fresh
 * database does not first generate demo data it then replaces.
 */
import type { Config } from './config.js';
import { openDb, type Db } from './db/db.js';
import { migrate } from './db/migrate.js';
import { loadShippedGeodata } from './ingest/geodata.js';

/** `role` names this process in the PGlite data folder's lock ("server op http://…"). */
export async function openReadyDb(config: Config, log: (s: string) => void = () => undefined, role?: string): Promise<Db> {
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, role, log });
  const applied = await migrate(db);
  if (applied.length) log(`Migraties toegepast: ${applied.join(', ')}`);
  const res = await loadShippedGeodata(db, config.geodataDir);
  if (res.loaded) log(`Geodata geladen: ${Object.entries(res.counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  return db;
}
