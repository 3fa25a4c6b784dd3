/**
 * Incident import, store and query API on a real PGlite/PostGIS database (no mocks), and the
 * import-incidents CLI through run() with a captured CliIo.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ProblemSchema } from '../../server/contract/common.js';
import {
  BatchListSchema,
  ImportReportSchema,
  IncidentCollectionSchema,
  IncidentSummarySchema,
  type ImportReport,
} from '../../server/contract/incidents.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { listIncidents } from '../../server/services/incident.service.js';
import { run } from '../../server/cli/import-incidents.js';
import { AppError } from '../../server/errors.js';
import { freshDb, testApp } from '../support/db.js';
import { INCIDENTS_GEOJSON as GEOJSON, POLITIE_CSV as CSV, importIncidents, incidentFixture as fixture, noIncidents, policeAndGeojsonIncidents } from '../support/builders.js';
import { systemCaller } from '../../server/auth/caller.js';

const REFUSED = readFileSync(fixture('geweigerd-graden.csv'), 'utf8');

type App = Awaited<ReturnType<typeof testApp>>['app'];

async function importFile(app: App, body: string, query = '', type = 'text/csv') {
  const res = await app.request(`/api/incidents/import${query}`, { method: 'POST', body, headers: { 'Content-Type': type } });
  return { res, body: (await res.json()) as unknown };
}

async function get(app: App, path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as unknown };
}

async function summary(app: App) {
  return IncidentSummarySchema.parse((await get(app, '/api/incidents/summary')).body);
}

async function incidents(app: App, query: string) {
  const { res, body } = await get(app, `/api/incidents${query}`);
  expect(res.status).toBe(200);
  return IncidentCollectionSchema.parse(body);
}

const VALID_IDS = ['PL0600-2024-0001', 'PL0600-2024-0002', 'PL0600-2024-0003', 'PL0600-2024-0004', 'PL0600-2023-0009', 'PL0600-2024-0010'];

function expectFixtureRejections(r: ImportReport) {
  expect(r.total).toBe(11);
  expect(r.imported).toBe(6);
  expect(r.rejectedCount).toBe(5);
  expect(r.rejected.map((x) => x.line)).toEqual([6, 7, 8, 9, 10]);
  const byLine = new Map(r.rejected.map((x) => [x.line, x.reasons.join(' ')]));
  expect(byLine.get(6)).toMatch(/datum/i); // 31-02-2024 does not exist
  expect(byLine.get(7)).toMatch(/vóór|voor/); // tot before van
  expect(byLine.get(8)).toMatch(/buiten/); // Deventer
  expect(byLine.get(9)).toMatch(/soort/i); // Fietsdiefstal is not an HIC kind
  expect(byLine.get(10)).toMatch(/dubbel id "PL0600-2024-0001".*regel 2/);
  expect(r.detected).toMatchObject({ format: 'csv', delimiter: ';', crs: 'EPSG:28992' });
}

describe('incident import API', () => {
  let db: Db;
  let app: App;
  beforeAll(async () => {
    ({ db, app } = await testApp({ as: ['analist', 'beheerder'] }));
  });
  beforeEach(async () => noIncidents(db));
  afterAll(async () => db.close());

  it('dry run reports every rejected row with its line number and writes nothing', async () => {
    const { res, body } = await importFile(app, CSV, '?dryRun=true&name=politie-export.csv');
    expect(res.status).toBe(200);
    const r = ImportReportSchema.parse(body);
    expect(r.dryRun).toBe(true);
    expect(r.batchId).toBeNull();
    expect(r.source).toBe('politie-export.csv');
    expectFixtureRejections(r);
    expect((await summary(app)).count).toBe(0);
    expect(BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches).toHaveLength(0);
  });

  it('refuses a file whose x/y hold degrees as a whole: 422 problem, nothing stored', async () => {
    const { res, body } = await importFile(app, REFUSED);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const p = ProblemSchema.parse(body);
    expect(p.detail).toMatch(/graden|coördinaten|RD/i);
    expect((body as { code: string }).code).toBe('CRS_MISMATCH');
    expect((await summary(app)).count).toBe(0);
    expect(BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches).toHaveLength(0);
  });

  it('rejects an unsupported content type with 415', async () => {
    const { res } = await importFile(app, 'x', '', 'image/png');
    expect(res.status).toBe(415);
  });

  it('imports the valid rows in one batch and derives wijk, buurt and PC4', async () => {
    const { res, body } = await importFile(app, CSV, '?dryRun=false&format=csv&name=politie-export.csv');
    expect(res.status).toBe(200);
    const r = ImportReportSchema.parse(body);
    expect(r.dryRun).toBe(false);
    expect(r.batchId).toBeGreaterThan(0);
    expectFixtureRejections(r);

    const s = await summary(app);
    expect(s).toMatchObject({ count: 6, demoCount: 0, realCount: 6, demo: false, first: '2023-06-01', last: '2024-12-15' });
    expect(s.kinds).toMatchObject({ woninginbraak: 4, poging_woninginbraak: 1, straatroof: 1, overval: 0, geweld: 0 });

    const batches = BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ id: r.batchId, source: 'politie-export.csv', format: 'csv', demo: false, total: 11, imported: 6, rejected: 5, incidents: 6 });

    const all = await incidents(app, '?from=2023-01-01&to=2024-12-31&kinds=woninginbraak,poging_woninginbraak,straatroof,overval,geweld');
    expect(all.features.map((f) => f.properties.sourceId).sort()).toEqual([...VALID_IDS].sort());
    const byId = new Map(all.features.map((f) => [f.properties.sourceId, f]));
    const first = byId.get('PL0600-2024-0001')!;
    expect(first.properties).toMatchObject({
      kind: 'woninginbraak',
      from: '2024-01-15T17:30:00.000Z', // 18:30 Amsterdam winter time
      to: '2024-01-15T20:45:00.000Z',
      wijkCode: 'WK020001',
      pc4Code: '7311',
      address: 'Hoofdstraat 1',
      modusOperandi: 'cilinder trekken',
      targetType: 'rijtjeswoning',
      demo: false,
    });
    const [lon, lat] = first.geometry.coordinates as [number, number];
    expect(lon).toBeGreaterThan(5.9);
    expect(lon).toBeLessThan(6.0);
    expect(lat).toBeGreaterThan(52.2);
    expect(lat).toBeLessThan(52.23);
    // The one full-resolution buurt shape: buurt and its parent wijk.
    expect(byId.get('PL0600-2024-0003')!.properties).toMatchObject({ buurtCode: 'BU02000706', wijkCode: 'WK020007' });
    expect(byId.get('PL0600-2024-0002')!.properties).toMatchObject({ buurtCode: null, wijkCode: 'WK020007' });
  });

  it('rejects ids that are already stored, and imports nothing from a file of duplicates', async () => {
    await importIncidents(app, CSV, { name: 'politie-export.csv' });
    const { res, body } = await importFile(app, CSV);
    expect(res.status).toBe(200);
    const r = ImportReportSchema.parse(body);
    expect(r.imported).toBe(0);
    expect(r.batchId).toBeNull();
    expect(r.rejectedCount).toBe(11);
    const line2 = r.rejected.find((x) => x.line === 2)!;
    expect(line2.reasons.join(' ')).toMatch(/al eerder ingelezen/);
    expect((await summary(app)).count).toBe(6);
    expect(BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches).toHaveLength(1);
  });

  it('accepts a GeoJSON file as multipart field "file"', async () => {
    const form = new FormData();
    form.append('file', new File([GEOJSON], 'incidenten.geojson', { type: 'application/geo+json' }));
    const res = await app.request('/api/incidents/import', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const r = ImportReportSchema.parse(await res.json());
    expect(r).toMatchObject({ source: 'incidenten.geojson', total: 2, imported: 2, rejectedCount: 0 });
    expect(r.detected).toMatchObject({ format: 'geojson', crs: 'EPSG:4326' });
    const fc = await incidents(app, '?from=2024-05-01&to=2024-05-02');
    expect(fc.features.map((f) => [f.properties.sourceId, f.properties.wijkCode])).toEqual([
      ['GJ-1', 'WK020006'],
      ['GJ-2', 'WK020004'],
    ]);
  });

  it('deletes a batch with its incidents', async () => {
    await policeAndGeojsonIncidents(app);
    const before = BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches;
    const csvBatch = before.find((b) => b.source === 'politie-export.csv')!;
    const res = await app.request(`/api/incidents/batches/${csvBatch.id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: csvBatch.id, deleted: 6 });
    const after = BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches;
    expect(after.map((b) => b.source)).toEqual(['incidenten.geojson']);
    expect((await summary(app)).count).toBe(2);
    expect((await app.request(`/api/incidents/batches/${csvBatch.id}`, { method: 'DELETE' })).status).toBe(404);
  });
});

describe('incident filters', () => {
  let db: Db;
  let app: App;
  beforeAll(async () => {
    ({ db, app } = await testApp({ as: ['analist', 'beheerder'] }));
    await noIncidents(db);
    await policeAndGeojsonIncidents(app);
  });
  afterAll(async () => db.close());

  const ids = (fc: { features: { properties: { sourceId: string } }[] }) => fc.features.map((f) => f.properties.sourceId).sort();

  it('defaults to burglaries in the 365 days up to the latest incident', async () => {
    const fc = await incidents(app, '');
    expect(fc.meta).toMatchObject({ from: '2023-12-17', to: '2024-12-15', kinds: ['woninginbraak', 'poging_woninginbraak'], district: null, demo: false });
    expect(ids(fc)).toEqual(['GJ-1', 'GJ-2', 'PL0600-2024-0001', 'PL0600-2024-0002', 'PL0600-2024-0003', 'PL0600-2024-0010']);
    expect(fc.meta.count).toBe(6);
  });

  it('filters by period (inclusive local dates, window overlap) and kind', async () => {
    expect(ids(await incidents(app, '?from=2024-01-15&to=2024-01-15'))).toEqual(['PL0600-2024-0001']);
    // 16-01-2024 without time: the whole day
    expect(ids(await incidents(app, '?from=2024-01-16&to=2024-01-16'))).toEqual(['PL0600-2024-0002']);
    expect(ids(await incidents(app, '?from=2024-01-17&to=2024-03-19'))).toEqual([]);
    expect(ids(await incidents(app, '?from=2023-01-01&to=2024-12-31&kinds=straatroof'))).toEqual(['PL0600-2024-0004']);
    expect(ids(await incidents(app, '?from=2023-01-01&to=2023-12-31'))).toEqual(['PL0600-2023-0009']);
  });

  it('filters by district of every level', async () => {
    const q = '?from=2023-01-01&to=2024-12-31&kinds=woninginbraak,poging_woninginbraak,straatroof&district=';
    expect(ids(await incidents(app, q + 'WK020001'))).toEqual(['PL0600-2024-0001', 'PL0600-2024-0004']);
    expect(ids(await incidents(app, q + 'SD020007'))).toEqual(['PL0600-2024-0002', 'PL0600-2024-0003']);
    expect(ids(await incidents(app, q + 'BU02000706'))).toEqual(['PL0600-2024-0003']);
    expect(ids(await incidents(app, q + '7311'))).toEqual(['PL0600-2024-0001', 'PL0600-2024-0004']);
    expect((await incidents(app, q + 'GM0200')).features).toHaveLength(8);
    const fc = await incidents(app, q + 'WK020001');
    expect(fc.meta.district).toBe('WK020001');
  });

  it('answers bad filters with problem+json', async () => {
    const unknown = await get(app, '/api/incidents?district=WK029999');
    expect(unknown.res.status).toBe(404);
    const badKind = await get(app, '/api/incidents?kinds=fietsdiefstal');
    expect(badKind.res.status).toBe(400);
    expect(ProblemSchema.parse(badKind.body).detail).toMatch(/fietsdiefstal/);
    expect((await get(app, '/api/incidents?from=2024-02-30')).res.status).toBe(400);
    expect((await get(app, '/api/incidents?from=2024-03-01&to=2024-02-01')).res.status).toBe(400);
  });

  it('refuses more features than the limit with 422', async () => {
    await expect(listIncidents(systemCaller('test'), db, { from: '2023-01-01', to: '2024-12-31' }, 3)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.status === 422 && /kortere periode/.test(e.message),
    );
  });
});

describe('demo incidents', () => {
  let db: Db;
  let app: App;
  beforeAll(async () => {
    ({ db, app } = await testApp({ as: ['analist', 'beheerder'] }));
  });
  beforeEach(async () => noIncidents(db));
  afterAll(async () => db.close());

  it('are seeded once for 1 January three years back up to the reference date, and replaced by a real import', async () => {
    const now = new Date('2024-12-20T12:00:00Z');
    const seeded = await ensureDemoIncidents(db, { demo: true }, now);
    expect(seeded.seeded).toBe(true);
    expect(seeded.count).toBeGreaterThan(500);
    const s = await summary(app);
    expect(s).toMatchObject({ count: seeded.count, demoCount: seeded.count, realCount: 0, demo: true, last: expect.stringMatching(/^2024-12-/) });
    expect(s.first! >= '2020-12-25' && s.first! <= '2021-01-01').toBe(true);
    // Same seed, same data: a second call does nothing.
    expect((await ensureDemoIncidents(db, { demo: true }, now)).seeded).toBe(false);
    const batches = BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches;
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ demo: true, format: 'demo', incidents: seeded.count });
    expect(batches[0]!.parameters).toMatchObject({ seed: expect.any(Number) });
    expect((await incidents(app, '')).meta.demo).toBe(true);

    // A dry run keeps the demo.
    const dry = ImportReportSchema.parse((await importFile(app, CSV, '?dryRun=true')).body);
    expect(dry.replacedDemo).toBe(0);
    expect((await summary(app)).demoCount).toBe(seeded.count);

    // A real import replaces the demo in the same transaction.
    const r = ImportReportSchema.parse((await importFile(app, CSV)).body);
    expect(r.imported).toBe(6);
    expect(r.replacedDemo).toBe(seeded.count);
    expect(await summary(app)).toMatchObject({ count: 6, demoCount: 0, demo: false });
    const after = BatchListSchema.parse((await get(app, '/api/incidents/batches')).body).batches;
    expect(after.map((b) => b.demo)).toEqual([false]);

    // Once real data was loaded the demo never comes back, not even after deleting it.
    await app.request(`/api/incidents/batches/${r.batchId}`, { method: 'DELETE' });
    expect((await summary(app)).count).toBe(0);
    expect(await ensureDemoIncidents(db, { demo: true }, now)).toMatchObject({ seeded: false, reason: 'has-data' });
  });

  it('are not seeded when demo mode is off', async () => {
    expect(await ensureDemoIncidents(db, { demo: false })).toMatchObject({ seeded: false, reason: 'disabled' });
  });
});

describe('CLI import-incidents', () => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDb();
  });
  beforeEach(async () => noIncidents(db));
  afterAll(async () => db.close());

  function io() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
  }
  const count = async () => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident'))[0]!.n);

  it('--dry-run prints the Dutch report with line numbers and stores nothing (exit 0)', async () => {
    const { out, io: cio } = io();
    expect(await run([fixture('politie-export.csv'), '--dry-run'], cio, { db })).toBe(0);
    expect(out.stdout).toContain('Proefimport van politie-export.csv');
    expect(out.stdout).toContain('Gelezen rijen: 11');
    expect(out.stdout).toContain('Zou inlezen: 6');
    expect(out.stdout).toContain('Afgewezen: 5');
    expect(out.stdout).toMatch(/regel 8 \(id PL0600-2024-0007\): .*buiten/);
    expect(out.stdout).toMatch(/regel 10 \(id PL0600-2024-0001\): dubbel id/);
    expect(out.stderr).toMatch(/Gelezen: \d+ rijen/);
    expect(await count()).toBe(0);
  });

  it('imports with rejected rows (exit 0)', async () => {
    const { out, io: cio } = io();
    expect(await run([fixture('politie-export.csv')], cio, { db })).toBe(0);
    expect(out.stdout).toMatch(/Ingelezen: 6 \(import \d+\)/);
    expect(await count()).toBe(6);
  });

  it('refuses a file whose coordinates are wrong as a whole (exit 1)', async () => {
    const { out, io: cio } = io();
    expect(await run([fixture('geweigerd-graden.csv'), '--format', 'csv'], cio, { db })).toBe(1);
    expect(out.stderr).toMatch(/Bestand geweigerd: /);
    expect(await count()).toBe(0);
  });

  it('exits 1 when no row is valid (all duplicates)', async () => {
    expect(await run([fixture('politie-export.csv')], io().io, { db })).toBe(0);
    const { out, io: cio } = io();
    expect(await run([fixture('politie-export.csv')], cio, { db })).toBe(1);
    expect(out.stdout).toContain('al eerder ingelezen');
    expect(await count()).toBe(6);
  });

  it('exits 2 on bad usage', async () => {
    for (const argv of [[], ['a.csv', 'b.csv'], [fixture('politie-export.csv'), '--format', 'xml'], ['--onbekend'], [fixture('bestaat-niet.csv')]]) {
      const { out, io: cio } = io();
      expect(await run(argv, cio, { db })).toBe(2);
      expect(out.stderr).toMatch(/^Fout: /);
    }
    const { out, io: cio } = io();
    expect(await run(['--help'], cio, { db })).toBe(0);
    expect(out.stdout).toContain('import-incidents');
  });
});
