/**
 * Real records at start-up: a declaration with `seed` (the plan's actions) gets its records when
 * its register is empty and its audit trail shows no change ever (a register someone emptied
 * stays empty), stored with demo = false and audited as one 'seed' row, all in one transaction.
 */
import { assertCan, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { writeAudit } from '../services/audit.service.js';
import type { AnyGeometry } from './geometry.js';
import { insert } from './service.js';
import type { RegisterDeclaration } from './types.js';

/** Seeds one register; returns the number of records stored (0: not empty, used, or no records/shapes). */
export async function seedRecords(caller: Caller, db: Db, decl: RegisterDeclaration): Promise<number> {
  const seed = decl.seed;
  if (!seed) return 0;
  assertCan(caller, decl.permissions.edit);
  if (!/^[a-z_]+$/.test(decl.table)) throw new Error(`ongeldige registertabel ${decl.table}`);
  return db.transaction(async (tx) => {
    const [state] = await tx.query<{ n: number; touched: boolean }>(sql('register-state').replaceAll('@table', decl.table), [decl.table]);
    if (Number(state?.n ?? 0) > 0 || state?.touched) return 0;
    const records = await seed.records({
      districtGeometry: async (code) => {
        const [r] = await tx.query<{ geometry: string }>(sql('register-district-shape-rd'), [code]);
        return r ? (JSON.parse(r.geometry) as { type: string; coordinates: unknown }) : null;
      },
    });
    if (records.length === 0) return 0;
    for (const r of records) {
      const properties = decl.properties.parse(r.properties) as Record<string, unknown>;
      await insert(tx, caller, decl, { geometry: r.geometry as AnyGeometry, properties }, false, 28992);
    }
    await writeAudit(tx, caller, { action: 'seed', table: decl.table, after: { source: seed.describe, count: records.length } });
    return records.length;
  });
}

/** At start-up: seeds every register with real seed records that was never used. Counts per register. */
export async function ensureSeededRegisters(db: Db, registers: readonly RegisterDeclaration[], caller: Caller): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const decl of registers) if (decl.seed) out[decl.name] = await seedRecords(caller, db, decl);
  return out;
}
