/**
 * Keeps the in-memory incident index (domain/incidents/columnar.ts) of each database current:
 * every caller first reads the incident data version (one single-row query, migration 0004); when
 * it differs from the index's version, the index is rebuilt from the database, once, however many
 * requests ask at the same time. The database stays the source of truth, and a change committed
 * by another app process (PostgreSQL, several processes) is seen by the next request here.
 *
 * The version is read BEFORE the rows (see data-version.service.ts): a change committed in
 * between leaves the index marked with the older version, so the next request rebuilds it.
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { buildColumnar, type ColumnarIncidents, type IndexRow } from '../domain/incidents/columnar.js';
import { incidentDataVersion } from './data-version.service.js';

export interface VersionedIndex {
  version: number;
  index: ColumnarIncidents;
}

interface State {
  current?: VersionedIndex;
  pending?: { version: number; promise: Promise<VersionedIndex> };
}
const states = new WeakMap<Db, State>();

async function load(db: Db, state: State): Promise<VersionedIndex> {
  const version = await incidentDataVersion(db);
  const rows = await db.query<IndexRow>(sql('incidents-index-rows'));
  for (const r of rows) {
    // pg returns float8 as number; be strict anyway (PGlite/pg differences must not leak in).
    r.x = Number(r.x);
    r.y = Number(r.y);
    r.t0 = Number(r.t0);
    r.t1 = Number(r.t1);
  }
  const loaded = { version, index: buildColumnar(rows) };
  if (!state.current || state.current.version <= version) state.current = loaded;
  return loaded;
}

/** The index of the current incident data version (rebuilt when the data changed). */
export async function incidentIndex(db: Db): Promise<VersionedIndex> {
  let state = states.get(db);
  if (!state) states.set(db, (state = {}));
  const version = await incidentDataVersion(db);
  if (state.current && state.current.version >= version) return state.current;
  if (state.pending && state.pending.version >= version) return state.pending.promise;
  const s = state;
  const promise = load(db, s).finally(() => {
    if (s.pending?.promise === promise) delete s.pending;
  });
  s.pending = { version, promise };
  return promise;
}
