/**
 * Cached analysis answers (services/answer-cache.ts) on a real database: the same query by the
 * same kind of caller is answered from the cache; an incident import, a change to district
 * figures (another connection or process would do it the same way: the versions are in the
 * database) or a caller who may see less each get a fresh computation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { districtRatesFor, gridHotspots, hotTimes } from '../../server/services/hotspot.service.js';
import { storeBatch } from '../../server/services/incident-import.service.js';
import { GridQuerySchema, HotTimesQuerySchema, RatesQuerySchema } from '../../server/contract/hotspots.js';
import { publicCaller, systemCaller } from '../../server/auth/caller.js';
import { dataVersions, stableKey } from '../../server/services/answer-cache.js';
import { freshDb } from '../support/db.js';

let db: Db;
const analyst = systemCaller('test');
beforeAll(async () => {
  db = await freshDb();
  await ensureDemoIncidents(db, { demo: true }, new Date('2026-06-01T12:00:00Z'));
}, 120_000);
afterAll(async () => db?.close());

const gridQ = GridQuerySchema.parse({ from: '2025-06-01', to: '2026-05-31', kinds: 'woninginbraak' });

describe('answer cache', () => {
  it('answers the same query from the cache, and computes again after an incident import', async () => {
    const a = await gridHotspots(analyst, db, gridQ);
    expect(await gridHotspots(analyst, db, GridQuerySchema.parse({ kinds: 'woninginbraak', to: '2026-05-31', from: '2025-06-01' }))).toBe(a);
    const before = a.meta.total;
    const when = new Date('2026-05-20T10:00:00Z');
    await db.transaction((tx) => storeBatch(tx, { source: 'cache-test.csv', format: 'csv', demo: false, total: 1, rejected: 0 }, [{ sourceId: 'CACHE-1', kind: 'woninginbraak', from: when, to: when, x: 194_210, y: 469_310 }]));
    const b = await gridHotspots(analyst, db, gridQ);
    expect(b).not.toBe(a);
    expect(b.meta.total).toBe(before + 1);
  });

  it('keeps callers who may see less apart (the public gets its own, suppressed answer)', async () => {
    const q = HotTimesQuerySchema.parse({ from: '2025-06-01', to: '2026-05-31' });
    const exact = await hotTimes(analyst, db, q);
    const pub = await hotTimes(publicCaller(), db, q);
    expect(pub).not.toBe(exact);
    expect(await hotTimes(publicCaller(), db, q)).toBe(pub);
  });

  it('computes the rates again when district figures change', async () => {
    const q = RatesQuerySchema.parse({ from: '2025-06-01', to: '2026-05-31', level: 'wijk' });
    const v0 = await dataVersions(db);
    const r1 = await districtRatesFor(analyst, db, q);
    expect(await districtRatesFor(analyst, db, q)).toBe(r1);
    await db.query("UPDATE district_figures SET woningen = woningen + 1 WHERE code = 'WK020001'");
    expect((await dataVersions(db)).districts).toBeGreaterThan(v0.districts);
    expect(await districtRatesFor(analyst, db, q)).not.toBe(r1);
  });

  it('normalises the query: key order and absent values do not matter', () => {
    expect(stableKey({ b: 1, a: [1, { d: undefined, c: 2 }] })).toBe(stableKey({ a: [1, { c: 2 }], b: 1 }));
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: '1' }));
  });
});
