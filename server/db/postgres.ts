/** Server adapter: PostgreSQL + PostGIS through node-postgres, a small pool. */
import pg from 'pg';
import type { Db } from './db.js';

// numeric and bigint come back as strings by default; our figures fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Client = Pick<pg.PoolClient, 'query'>;

function wrap(conn: Client, pool: pg.Pool | null): Db {
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await conn.query(sql, params);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!pool) throw new Error('Geneste transacties worden niet ondersteund.');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client, null));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (pool) await pool.end();
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const db = wrap(pool, pool);
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis;');
  return db;
}
