/**
 * Stadsdelen: a configurable grouping of CBS wijken (geodata/stadsdelen.json), applied at
 * every start-up so an edited file takes effect; shapes are the union of their wijken.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';

export const StadsdelenConfig = z.object({
  gemeente: z.string().regex(/^GM\d{4}$/),
  stadsdelen: z
    .array(
      z.object({
        code: z.string().regex(/^[A-Z]{2}[\w-]{1,20}$/, 'stadsdeelcode: twee hoofdletters en een nummer, bv. SD020001'),
        name: z.string().min(1),
        wijken: z.array(z.string().regex(/^WK\d{6}$/)).min(1),
      }),
    )
    .default([]),
});
export type StadsdelenConfig = z.infer<typeof StadsdelenConfig>;

export function readStadsdelenConfig(path: string): StadsdelenConfig {
  const parsed = StadsdelenConfig.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is ongeldig: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Rebuilds the stadsdeel level from the config; wijken not named get a stadsdeel of their own. */
export async function applyStadsdelen(db: Db, cfg: StadsdelenConfig): Promise<void> {
  const wijken = await db.query<{ code: string; name: string }>(
    "SELECT code, name FROM district WHERE level = 'wijk' ORDER BY code",
  );
  const seen = new Map<string, string>();
  for (const sd of cfg.stadsdelen) {
    for (const w of sd.wijken) {
      if (seen.has(w)) throw new Error(`Wijk ${w} staat in twee stadsdelen (${seen.get(w)} en ${sd.code}).`);
      seen.set(w, sd.code);
    }
  }
  const groups = cfg.stadsdelen.map((s) => ({ ...s, wijken: s.wijken.filter((w) => wijken.some((k) => k.code === w)) }));
  for (const w of wijken) {
    if (!seen.has(w.code)) groups.push({ code: 'SD' + w.code.slice(2), name: w.name, wijken: [w.code] });
  }
  await db.transaction(async (tx) => {
    await tx.query("UPDATE district SET parent_code = $1 WHERE level = 'wijk'", [cfg.gemeente]);
    await tx.query("DELETE FROM district WHERE level = 'stadsdeel'");
    for (const g of groups.filter((x) => x.wijken.length > 0)) {
      await tx.query(sql('insert-stadsdeel'), [g.code, g.name, cfg.gemeente, g.wijken]);
      await tx.query("UPDATE district SET parent_code = $1 WHERE level = 'wijk' AND code = ANY($2::text[])", [g.code, g.wijken]);
    }
    await tx.exec(sql('rollup-district-figures'));
  });
}
