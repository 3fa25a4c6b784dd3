import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { DistrictCollectionSchema, DistrictDetailSchema } from '../../server/contract/districts.js';
import { ProblemSchema } from '../../server/contract/common.js';
import { loginAs, testApp } from '../support/db.js';
import { listMigrations } from '../../server/db/migrate.js';

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
beforeAll(async () => {
  ({ db, app } = await testApp());
});
afterAll(async () => db.close());

async function get(path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as unknown };
}

describe('GET /api/health', () => {
  it('reports the database and PostGIS', async () => {
    const { res, body } = await get('/api/health');
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', migrations: listMigrations().length });
    expect((body as { postgis: string }).postgis).toMatch(/^3\./);
  });
});

describe('GET /api/districts', () => {
  it('returns the 16 real CBS wijken in WGS84 with figures and crimes', async () => {
    const { res, body } = await get('/api/districts?level=wijk');
    expect(res.status).toBe(200);
    const fc = DistrictCollectionSchema.parse(body);
    expect(fc.features).toHaveLength(16);
    const centrum = fc.features.find((f) => f.id === 'WK020001')!;
    expect(centrum.properties.name).toBe('Centrum');
    expect(centrum.properties.simplified).toBe(true);
    expect(centrum.properties.figures.inwoners).toMatchObject({ value: 8065, year: 2024, derived: false });
    expect(centrum.properties.figures.woningen).toMatchObject({ value: 4945, year: 2022 });
    // Wijk crimes are the sum of the buurten (Binnenstad 1253 + De Haven 252 in 2025).
    expect(centrum.properties.crimes.find((c) => c.year === 2025)).toEqual({ year: 2025, misdrijven: 1505, derived: true });
    // WGS84 coordinates around Apeldoorn, not RD metres.
    const [lon, lat] = (centrum.geometry as { coordinates: number[][][][] }).coordinates[0]![0]![0]!;
    expect(lon).toBeGreaterThan(5.7);
    expect(lon).toBeLessThan(6.1);
    expect(lat).toBeGreaterThan(52.0);
    expect(lat).toBeLessThan(52.3);
  });

  it('sums the gemeente crimes to the police total (7,520 in 2024)', async () => {
    const fc = DistrictCollectionSchema.parse((await get('/api/districts?level=gemeente')).body);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.properties.crimes.find((c) => c.year === 2024)?.misdrijven).toBe(7520);
  });

  it('offers the 33 full-resolution postcode areas', async () => {
    const fc = DistrictCollectionSchema.parse((await get('/api/districts?level=postcode')).body);
    expect(fc.features).toHaveLength(33);
    expect(fc.features.every((f) => f.geometry !== null && !f.properties.simplified)).toBe(true);
  });

  it('lists all 95 buurten but gives a shape only to the one that has one', async () => {
    const fc = DistrictCollectionSchema.parse((await get('/api/districts?level=buurt')).body);
    expect(fc.features).toHaveLength(95);
    const withShape = fc.features.filter((f) => f.properties.hasGeometry);
    expect(withShape.map((f) => f.id)).toEqual(['BU02000706']);
    expect(fc.features.filter((f) => f.geometry === null)).toHaveLength(94);
  });

  it('groups wijken into stadsdelen whose shapes are the union of their wijken', async () => {
    const fc = DistrictCollectionSchema.parse((await get('/api/districts?level=stadsdeel')).body);
    expect(fc.features).toHaveLength(16);
    const gm = DistrictCollectionSchema.parse((await get('/api/districts?level=gemeente')).body).features[0]!;
    const sumArea = fc.features.reduce((s, f) => s + (f.properties.areaHa ?? 0), 0);
    expect(sumArea).toBeCloseTo(gm.properties.areaHa!, -1);
  });

  it('rejects an unknown level as problem+json in Dutch', async () => {
    const { res, body } = await get('/api/districts?level=provincie');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const p = ProblemSchema.parse(body);
    expect(p.detail).toContain('level');
    expect(p.detail).toMatch(/Ongeldige/);
  });
});

describe('GET /api/districts/:code', () => {
  it('returns a wijk with its buurten and their key figures, shapes or not', async () => {
    const { res, body } = await get('/api/districts/WK020001');
    expect(res.status).toBe(200);
    const d = DistrictDetailSchema.parse(body);
    expect(d.properties.parentCode).toBe('SD020001');
    expect(d.properties.children.map((c) => c.code)).toEqual(['BU02000101', 'BU02000102']);
    const binnenstad = d.properties.children[0]!;
    expect(binnenstad.figures.inwoners?.value).toBe(6020);
    expect(binnenstad.hasGeometry).toBe(false);
    expect(binnenstad.crimes.map((c) => c.misdrijven)).toEqual([787, 974, 1163, 1174, 1253]);
  });

  it('answers 404 for a well-formed code that does not exist', async () => {
    const { res, body } = await get('/api/districts/WK029999');
    expect(res.status).toBe(404);
    expect(ProblemSchema.parse(body).detail).toContain('WK029999');
  });

  it('answers 400 for a malformed code', async () => {
    const { res } = await get('/api/districts/DROP%20TABLE');
    expect(res.status).toBe(400);
  });
});

describe('unknown API routes and the OpenAPI document', () => {
  it('answers unknown routes with problem+json', async () => {
    const { res } = await get('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('describes every route (to an analyst; the public sees only its part, test/api/access.test.ts)', async () => {
    const res = await app.request('/api/openapi.json', { headers: await loginAs(app, db, 'analist') });
    const body = (await res.json()) as unknown;
    const doc = body as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/districts', '/api/districts/{code}', '/api/incidents', '/api/hotspots/grid', '/api/nearrepeat/zones']),
    );
    // The letter is plain text, and says so.
    const letter = doc.paths['/api/nearrepeat/zones/{id}/letter'] as { get: { responses: { '200': { content: Record<string, unknown> } } } };
    expect(Object.keys(letter.get.responses['200'].content)).toEqual(['text/plain; charset=utf-8']);
  });
});
