/**
 * Shared settings (beheerder) and the incident retention they set: real incidents whose
 * pleegperiode ended more than N years ago are deleted at start-up, by `npm run cli -- retention`
 * and when the setting is lowered; every run that deletes is audited in the same transaction.
 */
import type { Db } from '../db/db.js';
import type { Config } from '../config.js';
import { sql } from '../db/queries.js';
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';

async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const [r] = await db.query<{ value: unknown }>(sql('setting-by-key'), [key]);
  if (!r) return undefined;
  return (typeof r.value === 'string' ? JSON.parse(r.value) : r.value) as T;
}

/** Retention in years: the stored setting, else VK_RETENTION_YEARS, else none (keep everything). */
export async function retentionYears(db: Db, config: Pick<Config, 'retentionYears'>): Promise<number | null> {
  const s = await getSetting<{ years: number | null }>(db, 'retention');
  return s ? s.years : (config.retentionYears ?? null);
}

export async function getSettings(caller: Caller, db: Db, config: Pick<Config, 'retentionYears'>) {
  assertCan(caller, 'settings:write');
  return { retention: { years: await retentionYears(db, config) } };
}

/** Stores the retention setting (audited) and applies it at once. */
export async function setRetention(caller: Caller, db: Db, config: Pick<Config, 'retentionYears'>, years: number | null, now = new Date()) {
  assertCan(caller, 'settings:write');
  await db.transaction(async (tx) => {
    const before = await getSetting(tx, 'retention');
    const after = { years };
    await tx.query(sql('settings-retention-upsert'), [JSON.stringify(after)]);
    await writeAudit(tx, caller, { action: 'update', table: 'app_setting', recordId: 'retention', before: before ?? null, after });
  });
  return applyRetention(caller, db, config, now);
}

/** Deletes incidents older than the retention; audited when anything is deleted. */
export async function applyRetention(caller: Caller, db: Db, config: Pick<Config, 'retentionYears'>, now = new Date()): Promise<{ years: number | null; cutoff: string | null; deleted: number }> {
  assertCan(caller, 'settings:write');
  const years = await retentionYears(db, config);
  if (years === null) return { years, cutoff: null, deleted: 0 };
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  const deleted = await db.transaction(async (tx) => {
    const rows = await tx.query<{ batch_id: string | number; deleted: number }>(sql('retention-delete-incidents'), [cutoff.toISOString()]);
    const total = rows.reduce((s, r) => s + Number(r.deleted), 0);
    if (total > 0) {
      await writeAudit(tx, caller, { action: 'retention', table: 'incident', after: { years, cutoff: cutoff.toISOString(), deleted: total, perBatch: rows.map((r) => ({ batchId: Number(r.batch_id), deleted: Number(r.deleted) })) } });
    }
    return total;
  });
  return { years, cutoff: cutoff.toISOString(), deleted };
}
