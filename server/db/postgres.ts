/**
 * Server adapter: PostgreSQL + PostGIS through node-postgres, a small pool.
 *
 * The server may drop connections at any time (restart, failover, pg_terminate_backend). node-pg
 * reports that as an 'error' event on the client and, for an idle client, on the pool; an
 * 'error' event without a listener kills the process, so both have one. The pool discards broken
 * clients and opens new connections on demand, so the app recovers by itself once the server is
 * back; meanwhile statements fail with DatabaseUnavailableError (503 + Retry-After).
 */
import pg from 'pg';
import type { Db } from './types.js';
import { DatabaseUnavailableError, describeError, fromStatementError, isConnectionError } from './errors.js';

// numeric and bigint come back as strings by default; our figures fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

type Client = Pick<pg.PoolClient, 'query'>;

/** Logs a lost connection in one line, without personal data. */
function logConnectionError(err: Error): void {
  console.error(`[db] Verbinding met PostgreSQL verbroken: ${describeError(err).split('\n')[0]}`);
}

async function run<T>(text: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fromStatementError(err, text);
  }
}

/**
 * pool.end() resolves once the pool has let go of its clients, before their connections are
 * closed; a DROP DATABASE … WITH (FORCE) right after it (the tests' clean-up) then terminated
 * connections still closing, which reported 57P01. This waits until every client has ended.
 */
async function endPool(pool: pg.Pool, open: Set<pg.PoolClient>): Promise<void> {
  const allEnded = new Promise<void>((resolve) => {
    const check = () => {
      if (open.size > 0) return;
      pool.off('remove', check);
      resolve();
    };
    pool.on('remove', check);
    check();
  });
  if (!pool.ending && !pool.ended) await pool.end();
  await allEnded;
}

function wrap(conn: Client, pool: pg.Pool | null, open = new Set<pg.PoolClient>()): Db {
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      const res = await run(sql, () => conn.query(sql, params));
      return res.rows as T[];
    },
    async exec(sql: string) {
      await run(sql, () => conn.query(sql));
    },
    async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
      if (!pool) throw new Error('Geneste transacties worden niet ondersteund.');
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw isConnectionError(err) ? new DatabaseUnavailableError({ cause: err }) : err;
      }
      // A checked-out client has no pool listener: without this one, a connection lost between
      // two statements of the transaction would be an unhandled 'error' event.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        if (!lost) logConnectionError(err);
        lost ??= err;
      };
      client.on('error', onError);
      try {
        await run('BEGIN', () => client.query('BEGIN'));
        const out = await fn(wrap(client, null));
        await run('COMMIT', () => client.query('COMMIT'));
        return out;
      } catch (err) {
        if (err instanceof DatabaseUnavailableError) lost ??= err;
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        throw lost && !(err instanceof DatabaseUnavailableError) && isConnectionError(lost) ? new DatabaseUnavailableError({ cause: lost }) : err;
      } finally {
        client.off('error', onError);
        client.release(lost); // a broken connection is destroyed, not returned to the pool
      }
    },
    async close() {
      if (pool) await endPool(pool, open);
    },
  };
}

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 10_000 });
  // An idle client whose connection died: the pool drops it; log it, do not crash.
  pool.on('error', logConnectionError);
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  const db = wrap(pool, pool, open);
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis;');
  return db;
}
