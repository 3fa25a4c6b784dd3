/**
 * One database interface, two adapters chosen once at start-up: embedded PGlite with its
 * PostGIS extension (default) or a PostgreSQL + PostGIS server (DATABASE_URL). Everything
 * above this file speaks plain PostGIS SQL with $1-style parameters.
 */
export type { Db } from './types.js';
import type { Db } from './types.js';

export interface OpenDbOptions {
  /** postgres://... for a PostgreSQL + PostGIS server; absent for embedded PGlite. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' for a throwaway database. */
  dataDir?: string | undefined;
  /** A dumpDataDir() tarball to start a fresh PGlite database from (tests). */
  loadDataDir?: Blob | undefined;
  /** PGlite: what this process is ("server op http://…"), named to a second process that is refused. */
  role?: string | undefined;
  /** PGlite: gets the line about a stale data folder lock taken over. */
  log?: ((s: string) => void) | undefined;
}

/** Opens the configured database; the adapter modules are loaded lazily so `pg` is optional. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(opts.databaseUrl);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(opts.dataDir ?? './data', opts.loadDataDir, { role: opts.role, log: opts.log });
}
