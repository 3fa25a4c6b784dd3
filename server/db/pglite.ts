/** Embedded adapter: PGlite (Postgres in WebAssembly) with the PostGIS extension. */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Db } from './db.js';

type Queryable = Pick<PGlite, 'query' | 'exec'> | Transaction;

function wrap(conn: Queryable, root: PGlite | null): Db {
  return {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await conn.query<T>(sql, params);
      return res.rows;
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!root) throw new Error('Geneste transacties worden niet ondersteund.');
      return root.transaction((tx) => fn(wrap(tx, null)));
    },
    async close() {
      if (root) await root.close();
    },
  };
}

/** Opens (or creates) the PGlite database in dataDir; `memory://` keeps it in memory. */
export async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<Db & { dump(): Promise<Blob> }> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir, { extensions: { postgis }, ...(loadDataDir ? { loadDataDir } : {}) });
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis;');
  return Object.assign(wrap(pg, pg), { dump: () => pg.dumpDataDir('none') });
}
