import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { listMigrations, migrate } from '../../server/db/migrate.js';
import { loadShippedGeodata } from '../../server/ingest/geodata.js';
import { freshDb } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

describe('migrations', () => {
  it('are numbered, ordered and recorded; a second run applies nothing', async () => {
    const all = listMigrations();
    expect(all.map((m) => m.version)).toEqual([...all.map((m) => m.version)].sort((a, b) => a - b));
    expect(await migrate(db)).toEqual([]);
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(all.map((m) => m.version));
  });

  it('stores geometry in RD New with GiST indexes', async () => {
    const [col] = await db.query<{ srid: number; type: string }>(
      "SELECT srid, type FROM geometry_columns WHERE f_table_name = 'district' AND f_geometry_column = 'geom'",
    );
    expect(col).toEqual({ srid: 28992, type: 'MULTIPOLYGON' });
    const idx = await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE tablename = 'district'");
    expect(idx.some((i) => /USING gist \(geom\)/.test(i.indexdef))).toBe(true);
  });
});

describe('shipped geodata', () => {
  it('loads once: a second load changes nothing', async () => {
    const before = await db.query('SELECT level, count(*)::int AS n FROM district GROUP BY level ORDER BY level');
    const res = await loadShippedGeodata(db, 'geodata');
    expect(res.loaded).toBe(false);
    expect(await db.query('SELECT level, count(*)::int AS n FROM district GROUP BY level ORDER BY level')).toEqual(before);
  });

  it('has valid wijk shapes in RD metres whose union covers the gemeente', async () => {
    const [r] = await db.query<{ invalid: number; diff: number; minx: number }>(`
      SELECT (SELECT count(*)::int FROM district WHERE level = 'wijk' AND NOT ST_IsValid(geom)) AS invalid,
             (SELECT ST_Area(ST_SymDifference(ST_Union(w.geom), g.geom)) / ST_Area(g.geom)
                FROM district w, district g WHERE w.level = 'wijk' AND g.level = 'gemeente' GROUP BY g.geom) AS diff,
             (SELECT ST_XMin(geom) FROM district WHERE code = 'GM0200') AS minx`);
    expect(r!.invalid).toBe(0);
    expect(Number(r!.diff)).toBeLessThan(0.001);
    expect(Number(r!.minx)).toBeGreaterThan(170000); // RD New x of Apeldoorn's west edge, metres
    expect(Number(r!.minx)).toBeLessThan(190000);
  });
});
