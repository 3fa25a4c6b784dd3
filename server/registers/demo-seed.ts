/**
 * Demo records of the registers (declaration.demo): seeded at start-up into a register that was
 * never used, generated only then, audited as 'seed-demo'. The records go through the same
 * insert as the API (service.ts).
 */
import type { Caller } from '../auth/caller.js';
import { assertCan } from '../auth/caller.js';
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { mulberry32 } from '../domain/random.js';
import { writeAudit } from '../services/audit.service.js';
import { demoWijkenFromDb } from '../services/demo.service.js';
import type { AnyGeometry } from './geometry.js';
import { insert, q } from './service.js';
import type { DemoArea, RegisterDeclaration } from './types.js';

/**
 * Seeds the declaration's demo records (RD New, demo = true) when the register is empty and its
 * audit trail shows no change ever (a register someone emptied stays empty). Audited as 'seed-demo'.
 */
export async function seedDemoRecords(caller: Caller, db: Db, decl: RegisterDeclaration, wijken: (tx: Db) => Promise<readonly DemoArea[]>, now: Date): Promise<number> {
  assertCan(caller, decl.permissions.edit);
  const demo = decl.demo;
  if (!demo) return 0; // a register of real records (seeded by seed.ts) has no demo data
  return db.transaction(async (tx) => {
    const [state] = await tx.query<{ n: number; touched: boolean }>(q('register-state', decl), [decl.table]);
    if (Number(state?.n ?? 0) > 0 || state?.touched) return 0;
    // Generated only now: a warm start with the register in use reads no shapes and generates nothing.
    const areas = await wijken(tx); // on tx: PGlite has one connection, busy with this transaction
    if (areas.length === 0) return 0; // no districts imported yet: nothing to place demo records in
    const records = demo.generate({ wijken: areas, rng: mulberry32(demo.seed), now });
    // Line fields are RD New here (the schema checks WGS84 ranges): validated apart from the rest.
    const lineMask = Object.fromEntries(decl.lines.map((l) => [l.key, true as const]));
    const schema = decl.properties.omit(lineMask as Record<string, true> & Record<number, never>);
    const lineKeys = new Set(decl.lines.map((l) => l.key));
    for (const r of records) {
      const props = schema.parse(Object.fromEntries(Object.entries(r.properties).filter(([k]) => !lineKeys.has(k)))) as Record<string, unknown>;
      for (const l of decl.lines) if (r.properties[l.key] !== undefined) props[l.key] = r.properties[l.key];
      await insert(tx, caller, decl, { geometry: r.geometry as AnyGeometry, properties: props }, true, 28992);
    }
    await writeAudit(tx, caller, { action: 'seed-demo', table: decl.table, after: { generator: demo.describe, seed: demo.seed, count: records.length } });
    return records.length;
  });
}

/** At start-up (demo mode): seeds every register that was never used. Returns counts per register. */
export async function ensureDemoRegisters(db: Db, config: Pick<Config, 'demo'>, registers: readonly RegisterDeclaration[], caller: Caller, now = new Date()): Promise<Record<string, number>> {
  if (!config.demo) return {};
  // The wijk shapes are read once, and only when a register still needs its demo records.
  let shapes: Promise<DemoArea[]> | null = null;
  const wijken = (tx: Db) => (shapes ??= demoWijkenFromDb(tx).then((ws) => ws.map((w) => ({ code: w.code, name: w.name ?? w.code, woningen: w.woningen, geometry: w.geometry as DemoArea['geometry'] }))));
  const out: Record<string, number> = {};
  for (const decl of registers) if (decl.demo) out[decl.name] = await seedDemoRecords(caller, db, decl, wijken, now);
  return out;
}
