/**
 * POST /api/<register>/import on PGlite and (with DATABASE_URL) PostgreSQL: a park CSV (WKT in
 * RD New) with bad rows is answered 422 with a per-row report and stores nothing; the same file
 * without them is stored and replaces the demo parks; a GeoPackage (built with sql.js) and a
 * WGS84 GeoJSON are stored; a dry run stores nothing; the public gets 401, a partner 403.
 * Every test runs on its own database copy (an import replaces a whole register's demo rows).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';
import { loginAs, testApp, withHeaders } from '../support/db.js';
import { makeGpkg } from '../fixtures/districts/gpkg.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];

async function fresh(): Promise<{ db: Db; pub: App; red: App; partner: App; at: [number, number]; lonlat: [number, number] }> {
  const { db, app: pub } = await testApp();
  await ensureDemoRegisters(db, { demo: true }, REGISTERS, systemCaller('demo'), new Date('2026-06-01T12:00:00Z'));
  const red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  const partner = withHeaders(pub, await loginAs(pub, db, 'partner'));
  const [p] = await db.query<{ x: number; y: number; lon: number; lat: number }>(
    `SELECT ST_X(p) x, ST_Y(p) y, ST_X(ST_Transform(p, 4326)) lon, ST_Y(ST_Transform(p, 4326)) lat FROM (SELECT ST_PointOnSurface(geom) p FROM district WHERE code = 'WK020012') s`,
  );
  return { db, pub, red, partner, at: [Math.round(Number(p!.x)), Math.round(Number(p!.y))], lonlat: [Number(p!.lon), Number(p!.lat)] };
}

const square = ([x, y]: [number, number], d: number) => `POLYGON((${x - d} ${y - d},${x + d} ${y - d},${x + d} ${y + d},${x - d} ${y + d},${x - d} ${y - d}))`;

function parkCsv(at: [number, number], bad: boolean): string {
  const lines = ['naam;soort;capacity.units;capacity.beds;evacuationPlan.status;evacuationPlan.date;wkt'];
  lines.push(`Park Een;bungalowpark;120;480;vastgesteld;2024-04-01;${square(at, 50)}`);
  lines.push(`Park Twee;camping;10;40;geen;;${square([at[0] + 300, at[1]], 30)}`);
  if (bad) {
    lines.push(`Park Fout;kasteel;10;40;geen;;${square([at[0] + 600, at[1]], 30)}`); // unknown kind
    lines.push(`Park Vlinder;camping;10;veertig;geen;;POLYGON((${at[0]} ${at[1]},${at[0] + 100} ${at[1] + 100},${at[0] + 100} ${at[1]},${at[0]} ${at[1] + 100},${at[0]} ${at[1]}))`); // bow tie, beds not a number
  }
  lines.push(`Park Drie;chaletpark;3;12;concept;;POINT(${at[0] + 900} ${at[1]})`);
  return lines.join('\n') + '\n';
}

async function upload(app: App, path: string, data: Uint8Array | string, fileName: string, query = ''): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([typeof data === 'string' ? data : new Uint8Array(data)], fileName));
  return app.request(`/api/${path}/import${query}`, { method: 'POST', body: form });
}

type Report = { rows: number; accepted: number; rejectedCount: number; rejected: { row: number; field?: string; reason: string }[]; stored: boolean; imported: number; replacedDemo: number; warnings: string[]; dryRun: boolean };
async function parkRows(db: Db) {
  return db.query<{ name: string; demo: boolean; attrs: unknown }>('SELECT name, demo, attrs FROM holiday_park ORDER BY name');
}

/** The park CSV as a GeoPackage written by GDAL (ogr2ogr from gdal-bin): a real writer's file, layer "parken" in RD New. */
function gdalGpkg(csv: string): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'vk-gpkg-'));
  try {
    writeFileSync(join(dir, 'parken.csv'), csv);
    execFileSync('ogr2ogr', ['-f', 'GPKG', join(dir, 'parken.gpkg'), join(dir, 'parken.csv'), '-oo', 'SEPARATOR=SEMICOLON', '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:28992', '-nln', 'parken', '-nlt', 'GEOMETRY'], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(join(dir, 'parken.gpkg')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('register import', () => {
  it('answers a GDAL-written park GeoPackage with two bad rows 422 with a per-row Dutch report; a dry run and the real import both leave the register unchanged', async () => {
    const { db, red, at } = await fresh();
    try {
      const gpkg = gdalGpkg(parkCsv(at, true));
      const before = await parkRows(db);
      for (const query of ['?dryRun=true', '']) {
        const res = await upload(red, 'parks', gpkg, 'parken.gpkg', query);
        const r = (await res.json()) as Report & { format: string; crs: string };
        expect(res.status, JSON.stringify(r)).toBe(422);
        expect(r).toMatchObject({ rows: 5, accepted: 3, rejectedCount: 2, stored: false, imported: 0 });
        expect(r.crs).toMatch(/28992/);
        const kind = r.rejected.find((x) => x.row === 3)!;
        expect(kind).toMatchObject({ field: 'kind' });
        expect(kind.reason).toMatch(/^kind: /);
        const vlinder = r.rejected.filter((x) => x.row === 4);
        expect(vlinder.map((x) => x.field).sort()).toEqual(['capacity.beds', 'geometrie']);
        expect(vlinder.find((x) => x.field === 'geometrie')!.reason).toMatch(/zelfdoorsnijding|snijdt/);
        expect(r.warnings.join(' ')).toMatch(/niets opgeslagen/);
        expect(await parkRows(db)).toEqual(before);
      }
      const audits = await db.query<{ n: number }>(`SELECT count(*)::int n FROM audit WHERE table_name = 'holiday_park' AND action = 'import'`);
      expect(audits[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('answers the bad park CSV as a dry run too with the same report, and stores nothing', async () => {
    const { db, red, at } = await fresh();
    try {
      const before = await parkRows(db);
      const res = await upload(red, 'parks', parkCsv(at, true), 'parken.csv', '?crs=28992&dryRun=true');
      expect(res.status).toBe(422);
      const r = (await res.json()) as Report;
      expect(r).toMatchObject({ dryRun: true, rows: 5, accepted: 3, rejectedCount: 2, stored: false });
      expect(r.rejected.map((x) => x.row)).toEqual(expect.arrayContaining([4, 5]));
      expect(await parkRows(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('answers a park CSV with two bad rows 422 with a per-row Dutch report, and stores nothing', async () => {
    const { db, red, at } = await fresh();
    try {
      const before = await parkRows(db);
      const res = await upload(red, 'parks', parkCsv(at, true), 'parken.csv', '?crs=28992');
      expect(res.status).toBe(422);
      const r = (await res.json()) as Report;
      expect(r).toMatchObject({ rows: 5, accepted: 3, rejectedCount: 2, stored: false, imported: 0 });
      expect(r.rejected.find((x) => x.row === 4)).toMatchObject({ field: 'kind' });
      const vlinder = r.rejected.filter((x) => x.row === 5);
      expect(vlinder.map((x) => x.field).sort()).toEqual(['capacity.beds', 'geometrie']);
      expect(vlinder.find((x) => x.field === 'geometrie')!.reason).toMatch(/zelfdoorsnijding|snijdt/);
      expect(r.warnings.join(' ')).toMatch(/niets opgeslagen/);
      expect(await parkRows(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('stores the same CSV without the bad rows (RD New WKT and a point), replaces the demo parks, audited once', async () => {
    const { db, red, at } = await fresh();
    try {
      const demo = (await parkRows(db)).length;
      expect(demo).toBeGreaterThan(0);
      const res = await upload(red, 'parks', parkCsv(at, false), 'parken.csv', '?crs=28992');
      const r = (await res.json()) as Report;
      expect(res.status, JSON.stringify(r)).toBe(200);
      expect(r).toMatchObject({ rows: 3, accepted: 3, rejectedCount: 0, stored: true, imported: 3, replacedDemo: demo });
      const rows = await parkRows(db);
      expect(rows.map((x) => [x.name, x.demo])).toEqual([['Park Drie', false], ['Park Een', false], ['Park Twee', false]]);
      const een = (await (await red.request('/api/parks')).json()) as { features: { geometry: { type: string; coordinates: number[][][][] }; properties: Record<string, unknown> }[] };
      const f = een.features.find((x) => x.properties.name === 'Park Een')!;
      expect(f.properties).toMatchObject({ kind: 'bungalowpark', capacity: { units: 120, beds: 480 }, evacuationPlan: { status: 'vastgesteld', date: '2024-04-01' }, sizeClass: 'groot' });
      const [area] = await db.query<{ a: number }>(`SELECT ST_Area(geom) a FROM holiday_park WHERE name = 'Park Een'`);
      expect(Number(area!.a)).toBeCloseTo(10000, -1);
      const audits = await db.query<{ n: number }>(`SELECT count(*)::int n FROM audit WHERE table_name = 'holiday_park' AND action = 'import'`);
      expect(audits[0]!.n).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('stores parks from a GeoPackage in RD New (attributes as text)', async () => {
    const { db, red, at } = await fresh();
    try {
      const ring = (x: number, y: number, d: number) => [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]];
      const gpkg = await makeGpkg([
        {
          table: 'parken',
          srsId: 28992,
          features: [
            { properties: { name: 'GPKG Park A', kind: 'camping', capacity: '{"units": 60, "beds": 240}', evacuationPlan: '{"status": "geen"}' }, geometry: { type: 'MultiPolygon', coordinates: [ring(at[0], at[1], 40)] } },
            { properties: { name: 'GPKG Park B', kind: 'bungalowpark', capacity: null, evacuationPlan: null }, geometry: { type: 'MultiPolygon', coordinates: [ring(at[0] + 400, at[1], 40)] } },
          ],
        },
      ]);
      const res = await upload(red, 'parks', gpkg, 'parken.gpkg');
      const r = (await res.json()) as Report;
      expect(res.status, JSON.stringify(r)).toBe(200);
      expect(r).toMatchObject({ rows: 2, stored: true, imported: 2 });
      expect((await parkRows(db)).map((x) => x.name)).toEqual(['GPKG Park A', 'GPKG Park B']);
    } finally {
      await db.close();
    }
  });

  it('stores fire compartments from a WGS84 GeoJSON; a dry run before stores nothing', async () => {
    const { db, red, lonlat } = await fresh();
    try {
      const [x, y] = lonlat;
      const fc = {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { name: 'Heide Noord', riskClass: 'zeer hoog' }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] } }],
      };
      const count = async () => (await db.query<{ n: number; real: number }>('SELECT count(*)::int n, count(*) FILTER (WHERE NOT demo)::int AS real FROM fire_compartment'))[0]!;
      const before = await count();
      const dry = await upload(red, 'fire-compartments', JSON.stringify(fc), 'compartimenten.geojson', '?dryRun=true');
      expect(dry.status).toBe(200);
      expect((await dry.json()) as Report).toMatchObject({ dryRun: true, stored: false, accepted: 1, rejectedCount: 0 });
      expect(await count()).toEqual(before);
      const res = await upload(red, 'fire-compartments', JSON.stringify(fc), 'compartimenten.geojson');
      expect(res.status).toBe(200);
      expect(await count()).toEqual({ n: 1, real: 1 });
      const [a] = await db.query<{ a: number }>('SELECT ST_Area(geom) a FROM fire_compartment');
      expect(Number(a!.a)).toBeGreaterThan(500_000); // ~0.01° x 0.01° around Apeldoorn, in m²
    } finally {
      await db.close();
    }
  });

  it('answers the public 401 and a partner 403, and stores nothing', async () => {
    const { db, pub, partner, at } = await fresh();
    try {
      const before = await parkRows(db);
      expect((await upload(pub, 'parks', parkCsv(at, false), 'p.csv', '?crs=28992')).status).toBe(401);
      expect((await upload(partner, 'parks', parkCsv(at, false), 'p.csv', '?crs=28992')).status).toBe(403);
      expect(await parkRows(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });
});
