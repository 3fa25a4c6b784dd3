/**
 * The in-memory incident index against the database it mirrors: for random filters (period,
 * kinds, wijk/stadsdeel/buurt/PC4, RD box) it selects exactly the incidents the SQL filter
 * (_incident-filter.sql) selects; it follows the data version (an import or a delete is seen by
 * the next request, also when made through another connection); concurrent callers share one load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../server/db/db.js';
import { sql } from '../../server/db/queries.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { incidentIndex } from '../../server/services/incident-index.service.js';
import { selectColumnar } from '../../server/domain/incidents/columnar.js';
import { INCIDENT_KINDS } from '../../server/domain/incidents/kinds.js';
import { storeBatch } from '../../server/services/incident-import.service.js';
import { freshDb } from '../support/db.js';

let db: Db;
let wijken: string[];
let buurten: string[];
let pc4s: string[];
let t0: number;
let t1: number;

beforeAll(async () => {
  db = await freshDb();
  await ensureDemoIncidents(db, { demo: true }, new Date('2026-06-01T12:00:00Z'));
  const codes = await db.query<{ wijk: string | null; buurt: string | null; pc4: string | null }>('SELECT DISTINCT wijk_code AS wijk, buurt_code AS buurt, pc4_code AS pc4 FROM incident');
  wijken = [...new Set(codes.flatMap((c) => (c.wijk ? [c.wijk] : [])))];
  buurten = [...new Set(codes.flatMap((c) => (c.buurt ? [c.buurt] : [])))];
  pc4s = [...new Set(codes.flatMap((c) => (c.pc4 ? [c.pc4] : [])))];
  const [r] = await db.query<{ a: number; b: number }>('SELECT (extract(epoch FROM min(time_from)) * 1000)::float8 AS a, (extract(epoch FROM max(time_to)) * 1000)::float8 AS b FROM incident');
  t0 = Number(r!.a);
  t1 = Number(r!.b);
  expect(wijken.length).toBeGreaterThan(3);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

const key = (x: number, y: number, a: number, b: number) => `${x.toFixed(3)} ${y.toFixed(3)} ${a} ${b}`;

describe('in-memory incident index', () => {
  it('selects exactly what the SQL filter selects, for random periods, kinds, districts and boxes', async () => {
    const { index } = await incidentIndex(db);
    const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident')) as [{ n: number }];
    expect(index.n).toBe(Number(n));
    const day = 86_400_000;
    const filter = fc.record({
      from: fc.integer({ min: Math.floor(t0 / day) - 5, max: Math.ceil(t1 / day) }),
      len: fc.integer({ min: 1, max: 800 }),
      kinds: fc.subarray([...INCIDENT_KINDS], { minLength: 1 }),
      district: fc.oneof(
        fc.constant(null),
        fc.record({ wijken: fc.subarray(wijken, { minLength: 0, maxLength: 3 }) }),
        fc.record({ buurt: fc.constantFrom(...buurten, 'BU99999999') }),
        fc.record({ pc4: fc.constantFrom(...pc4s, '9999') }),
      ),
      box: fc.option(fc.record({ minX: fc.integer({ min: 185_000, max: 200_000 }), minY: fc.integer({ min: 460_000, max: 475_000 }), w: fc.integer({ min: 100, max: 8000 }), h: fc.integer({ min: 100, max: 8000 }) })),
    });
    await fc.assert(
      fc.asyncProperty(filter, async (q) => {
        const fromMs = q.from * day;
        const toMs = fromMs + q.len * day;
        const d = q.district;
        const wijkList = d && 'wijken' in d ? d.wijken : null;
        const buurt = d && 'buurt' in d ? d.buurt : null;
        const pc4 = d && 'pc4' in d ? d.pc4 : null;
        const box = q.box ? { minX: q.box.minX, minY: q.box.minY, maxX: q.box.minX + q.box.w, maxY: q.box.minY + q.box.h } : null;
        const rows = await db.query<{ x: number; y: number; t0: number; t1: number }>(sql('incidents-points'), [
          new Date(fromMs).toISOString(),
          new Date(toMs).toISOString(),
          q.kinds,
          wijkList,
          buurt,
          pc4,
          null,
          box?.minX ?? null,
          box?.minY ?? null,
          box?.maxX ?? null,
          box?.maxY ?? null,
        ]);
        const got = selectColumnar(index, { fromMs, toMs, kinds: q.kinds, wijken: wijkList, buurt, pc4, box });
        const expected = rows.map((r) => key(Number(r.x), Number(r.y), Number(r.t0), Number(r.t1))).sort();
        const actual = Array.from({ length: got.n }, (_, i) => key(got.xs[i]!, got.ys[i]!, got.from[i]!, got.to[i]!)).sort();
        expect(actual).toEqual(expected);
      }),
      { numRuns: 150, seed: 20261203 },
    );
  }, 240_000);

  it('is rebuilt when the data version changes (import, delete), and not before', async () => {
    const before = await incidentIndex(db);
    expect((await incidentIndex(db)).index).toBe(before.index); // same version: the same object
    const when = new Date('2026-05-20T10:00:00Z');
    const stored = await db.transaction((tx) =>
      storeBatch(tx, { source: 'index-test.csv', format: 'csv', demo: false, total: 1, rejected: 0 }, [{ sourceId: 'IDX-1', kind: 'woninginbraak', from: when, to: when, x: 194_200.5, y: 469_300.5 }]),
    );
    const after = await incidentIndex(db);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.index.n).toBe(before.index.n + 1);
    const sel = selectColumnar(after.index, { fromMs: when.getTime(), toMs: when.getTime() + 1, kinds: ['woninginbraak'], box: { minX: 194_200, minY: 469_300, maxX: 194_201, maxY: 469_301 } });
    expect(sel.n).toBe(1);
    await db.query('DELETE FROM incident WHERE batch_id = $1', [stored.batchId]); // the trigger raises the version
    const gone = await incidentIndex(db);
    expect(gone.index.n).toBe(before.index.n);
  });

  it('loads once for many concurrent callers after a change', async () => {
    await db.query('UPDATE incident_data_version SET version = version + 1');
    const all = await Promise.all(Array.from({ length: 8 }, () => incidentIndex(db)));
    expect(new Set(all.map((v) => v.index)).size).toBe(1);
  });
});
