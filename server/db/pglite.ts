/** Embedded adapter: PGlite (Postgres in WebAssembly) with the PostGIS extension. */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db } from './types.js';
import { acquireDataDirLock } from './lock.js';
import { fromStatementError } from './errors.js';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(conn: Queryable, root: PGlite | null, onClose: () => void = () => undefined): Db {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        const res = await conn.query<T>(sql, params);
        return res.rows;
      } catch (err) {
        throw fromStatementError(err, sql); // without the parameters PGlite puts on the error
      }
    },
    async exec(sql: string) {
      try {
        await conn.exec(sql);
      } catch (err) {
        throw fromStatementError(err, sql);
      }
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!root) throw new Error('Geneste transacties worden niet ondersteund.');
      return root.transaction((tx) => fn(wrap(tx, null)));
    },
    async close() {
      if (!root) return;
      try {
        if (!root.closed) await root.close();
      } finally {
        onClose();
      }
    },
  };
}

export interface PgliteLockOptions {
  /** What this process is, named to a second process that is refused (server/db/lock.ts). */
  role?: string | undefined;
  /** Gets the line about a stale lock taken over. */
  log?: ((s: string) => void) | undefined;
}

/**
 * Opens (or creates) the PGlite database in dataDir; `memory://` keeps it in memory. A real
 * folder is locked for this process until close (one process per data folder, see lock.ts).
 */
export async function openPglite(dataDir: string, loadDataDir?: Blob, opts: PgliteLockOptions = {}): Promise<Db & { dump(): Promise<Blob> }> {
  let release = () => undefined as void;
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    release = acquireDataDirLock(dataDir, opts.role, opts.log).release;
  }
  try {
    const pg = await PGlite.create(dataDir, { extensions: { postgis }, ...(loadDataDir ? { loadDataDir } : {}) });
    await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis;');
    return Object.assign(wrap(pg, pg, release), { dump: () => pg.dumpDataDir('none') });
  } catch (err) {
    release();
    throw err;
  }
}
