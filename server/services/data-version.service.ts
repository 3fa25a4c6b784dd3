/**
 * The incident data version: a counter in the database (migration 0004) that every change to the
 * incident table raises in its own transaction. Results computed from the incidents (Knox runs;
 * later caches) store the version they saw and are out of date once it differs. Read it BEFORE
 * reading the incidents it should describe: a change committed in between then marks the result
 * out of date at once, never the other way round.
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';

export async function incidentDataVersion(db: Db): Promise<number> {
  const [row] = await db.query<{ version: number }>(sql('incident-data-version'));
  if (!row) throw new Error('incident_data_version has no row (migration 0004 not applied?)');
  return Number(row.version);
}
