/**
 * Input at fault gets a 4xx problem+json with a Dutch detail, never a 500: dates outside
 * 1900-2100, numbers in hex or exponent notation, broken or over-large drawn areas, deeply
 * nested JSON, broken multipart bodies, bodies over their route's size limit, invalid content
 * types, UTF-16 files, and over-long text fields in an incident file (a 5,000-character id used
 * to pass the dry run and then fail the real import on the database index).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../server/contract/common.js';
import { ImportReportSchema } from '../../server/contract/incidents.js';
import type { Db } from '../../server/db/db.js';
import { testApp } from '../support/db.js';

const CSV = readFileSync(fileURLToPath(new URL('../fixtures/incidents-api/politie-export.csv', import.meta.url)), 'utf8');

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let app: App;
beforeAll(async () => {
  // 1 MB upload limit so the over-limit upload test stays small.
  ({ db, app } = await testApp({ maxUploadMb: 1, as: 'analist' })); // the role these routes need: the validation is reached, not a 401
});
afterAll(async () => db.close());

/** Asserts a problem+json answer with the given status and a Dutch detail; returns the problem. */
async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const p = ProblemSchema.parse(await res.json());
  expect(p.status).toBe(status);
  expect(p.detail).not.toMatch(/Er ging iets mis op de server/);
  return p;
}

const post = (path: string, body: BodyInit, type?: string, extra: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', body, headers: { ...(type ? { 'Content-Type': type } : {}), ...extra } });
const postJson = (path: string, value: unknown) => post(path, JSON.stringify(value), 'application/json');

/** A body sent chunked (no Content-Length), as a streaming client does. */
function chunked(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let pos = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (pos >= bytes.length) return ctrl.close();
      ctrl.enqueue(bytes.subarray(pos, pos + chunk));
      pos += chunk;
    },
  });
}
const postStream = (path: string, bytes: Uint8Array, type: string) =>
  app.request(path, { method: 'POST', body: chunked(bytes), headers: { 'Content-Type': type }, duplex: 'half' } as RequestInit);

async function fingerprint() {
  const [r] = await db.query<{ n: number; b: number; h: string | null }>(
    `SELECT (SELECT count(*)::int FROM incident) AS n, (SELECT count(*)::int FROM import_batch) AS b,
            (SELECT md5(string_agg(source_id, ',' ORDER BY source_id)) FROM incident) AS h`,
  );
  return r;
}

const square = (lon = 5.95, lat = 52.2, d = 0.01) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});

describe('dates outside 1900-2100 are refused at the edge (one shared schema)', () => {
  const routes = ['/api/incidents', '/api/hotspots/grid', '/api/hotspots/kde', '/api/hotspots/hot-times', '/api/hotspots/rates'];
  for (const route of routes) {
    it(`${route}?from=9999-12-31 and ?to=1899-12-31 -> 400`, async () => {
      for (const q of ['from=9999-12-31', 'to=9999-12-31', 'from=1899-12-31', 'to=2101-01-01']) {
        const p = await problem(await app.request(`${route}?${q}`), 400);
        expect(p.detail).toMatch(/datum tussen 1900-01-01 en 2100-12-31/);
      }
      await problem(await app.request(`${route}?from=0000-01-01`), 400);
    });
  }

  it('the edges of the range are accepted', async () => {
    expect((await app.request('/api/incidents?from=1900-01-01&to=1900-12-31')).status).toBe(200);
    expect((await app.request('/api/hotspots/grid?from=2100-01-01&to=2100-12-31')).status).toBe(200);
  });

  it('near-repeat zones (date), hot times of an area and the Knox request (body dates) too', async () => {
    await problem(await app.request('/api/nearrepeat/zones?date=9999-12-31'), 400);
    await problem(await postJson('/api/hotspots/hot-times', { from: '9999-12-31', area: square() }), 400);
    await problem(await postJson('/api/nearrepeat/knox', { from: '9999-12-31' }), 400);
  });
});

describe('numbers in query and path parameters: plain decimal notation only', () => {
  const cases = [
    '/api/nearrepeat/zones?radius=0x10',
    '/api/nearrepeat/zones?radius=1e3',
    '/api/nearrepeat/zones?days=1e1',
    '/api/nearrepeat/zones?radius=%2B100',
    '/api/nearrepeat/zones?radius=',
    '/api/nearrepeat/zones?radius=Infinity',
    '/api/hotspots/grid?band=0x10',
    '/api/hotspots/grid?band=1e3',
    '/api/hotspots/kde?bandwidth=2e2',
    '/api/hotspots/kde?bandwidth=%20200',
    '/api/nearrepeat/zones/0x10/letter',
    '/api/nearrepeat/zones/1e3/letter',
  ];
  for (const url of cases) {
    it(`${url} -> 400`, async () => {
      const p = await problem(await app.request(url), 400);
      expect(p.detail).toMatch(/decimale notatie/);
    });
  }
  it('plain decimals are still accepted', async () => {
    expect((await app.request('/api/nearrepeat/zones?radius=150.5&days=7')).status).toBe(200);
    expect((await app.request('/api/hotspots/grid?band=300')).status).toBe(200);
  });
});

describe('drawn hot-times areas', () => {
  it('an empty ring is refused with 400, not a 500', async () => {
    const p = await problem(await postJson('/api/hotspots/hot-times', { area: { type: 'Polygon', coordinates: [[]] } }), 400);
    expect(p.detail).toMatch(/minstens 4 posities/);
    await problem(await postJson('/api/hotspots/hot-times', { area: { type: 'MultiPolygon', coordinates: [[[]]] } }), 400);
    await problem(await postJson('/api/hotspots/hot-times', { coordinates: [[]] }), 400);
  });

  it('more than 10,000 vertices is refused (counted without recursion)', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 10_001; i++) ring.push([5.95 + (i % 7) * 0.001, 52.2 + (i % 5) * 0.001]);
    ring.push(ring[0]!);
    const p = await problem(await postJson('/api/hotspots/hot-times', { area: { type: 'Polygon', coordinates: [ring] } }), 400);
    expect(p.detail).toMatch(/meer dan 10\.000 hoekpunten/);
  });

  it('a valid area still answers', async () => {
    expect((await postJson('/api/hotspots/hot-times', { area: square() })).status).toBe(200);
  });
});

describe('deeply nested JSON is refused before any recursive code sees it', () => {
  const deep = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

  it('hot-times and knox bodies with a property nested 50,000 deep -> 400', async () => {
    const body = `{"area":${JSON.stringify(square())},"extra":${deep(50_000)}}`;
    const p = await problem(await post('/api/hotspots/hot-times', body, 'application/json'), 400);
    expect(p.detail).toMatch(/dieper genest dan 32 niveaus/);
    await problem(await post('/api/nearrepeat/knox', `{"nrc":${deep(10_000)}}`, 'application/json'), 400);
    await problem(await post('/api/hotspots/hot-times', `{"area":{"type":"Polygon","coordinates":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`, 'application/json'), 400);
  });

  it('an incident GeoJSON whose soort property is nested 50,000 deep -> 422, nothing stored', async () => {
    const before = await fingerprint();
    const doc = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","soort":${deep(50_000)},"van":"2024-01-01"},"geometry":{"type":"Point","coordinates":[5.96,52.21]}}]}`;
    const p = await problem(await post('/api/incidents/import', doc, 'application/geo+json'), 422);
    expect(p.detail).toMatch(/dieper genest/);
    expect(await fingerprint()).toEqual(before);
  });

  it('malformed JSON gets a Dutch detail and a wrong media type 415', async () => {
    const p = await problem(await post('/api/hotspots/hot-times', '{"area":', 'application/json'), 400);
    expect(p.detail).toMatch(/^Ongeldige JSON/);
    await problem(await post('/api/hotspots/hot-times', JSON.stringify({ area: square() }), 'text/plain'), 415);
  });
});

describe('body size limits: 413 problem+json', () => {
  const big = (bytes: number) => new TextEncoder().encode(`{"area":${JSON.stringify(square())},"pad":"${'x'.repeat(bytes)}"}`);

  it('hot-times over 2 MB, with and without Content-Length', async () => {
    const body = big(3 * 1024 * 1024);
    const p = await problem(await post('/api/hotspots/hot-times', body, 'application/json', { 'Content-Length': String(body.length) }), 413);
    expect(p.detail).toMatch(/groter dan 2 MB/);
    await problem(await postStream('/api/hotspots/hot-times', body, 'application/json'), 413);
  });

  it('a Knox request over 64 kB', async () => {
    await problem(await postStream('/api/nearrepeat/knox', big(100 * 1024), 'application/json'), 413);
  });

  it('an incident upload over VK_MAX_UPLOAD_MB (1 MB here): declared, streamed and multipart; nothing stored', async () => {
    const before = await fingerprint();
    const rows = CSV.split('\n').slice(1, 2)[0]!;
    let text = CSV.split('\n')[0]! + '\n';
    for (let i = 0; text.length < 1.5 * 1024 * 1024; i++) text += rows.replace('PL0600-2024-0001', `GROOT-${i}`) + '\n';
    const bytes = new TextEncoder().encode(text);
    const p = await problem(await post('/api/incidents/import', bytes, 'text/csv', { 'Content-Length': String(bytes.length) }), 413);
    expect(p.detail).toMatch(/groter dan 1 MB/);
    await problem(await postStream('/api/incidents/import', bytes, 'text/csv'), 413);
    const form = new FormData();
    form.set('file', new File([bytes], 'groot.csv', { type: 'text/csv' }));
    await problem(await app.request('/api/incidents/import', { method: 'POST', body: form }), 413);
    expect(await fingerprint()).toEqual(before);
  });
});

describe('incident upload: content type, multipart and encoding', () => {
  it('an invalid Content-Type such as ";;;===" is refused with 415, an unknown one too', async () => {
    const p = await problem(await post('/api/incidents/import?dryRun=true', CSV, ';;;==='), 415);
    expect(p.detail).toMatch(/geen geldig mediatype/);
    await problem(await post('/api/incidents/import?dryRun=true', CSV, 'image/png'), 415);
  });

  it('without a Content-Type the content is sniffed', async () => {
    const res = await postStream('/api/incidents/import?dryRun=true', new TextEncoder().encode(CSV), '');
    expect(res.status).toBe(200);
    expect(ImportReportSchema.parse(await res.json()).imported).toBe(6);
  });

  it('a multipart body with a broken boundary -> 400', async () => {
    const body = '--abc\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n' + CSV + '\r\n--abc';
    const p = await problem(await post('/api/incidents/import?dryRun=true', body, 'multipart/form-data; boundary=xyz'), 400);
    expect(p.detail).toMatch(/multipart-formulier/);
    await problem(await post('/api/incidents/import?dryRun=true', 'rommel', 'multipart/form-data'), 400);
  });

  for (const [label, bom, swap] of [
    ['UTF-16LE with BOM', [0xff, 0xfe], false],
    ['UTF-16BE with BOM', [0xfe, 0xff], true],
    ['UTF-16LE without BOM', [], false],
  ] as const) {
    it(`a ${label} file is decoded, not read as Windows-1252 row by row`, async () => {
      const le = Buffer.from(CSV, 'utf16le');
      if (swap) le.swap16();
      const bytes = Buffer.concat([Buffer.from(bom), le]);
      const res = await post('/api/incidents/import?dryRun=true', bytes, 'text/csv');
      expect(res.status).toBe(200);
      const r = ImportReportSchema.parse(await res.json());
      expect(r).toMatchObject({ total: 11, imported: 6, rejectedCount: 5 });
      expect(r.detected.encoding).toBe(swap ? 'utf-16be' : 'utf-16le');
    });
  }
});

describe('text length limits in the incident import', () => {
  const header = 'id;soort;van;x;y;adres;werkwijze\n';
  const row = (id: string, adres = 'Hoofdstraat 1', mo = 'flipperen') => `${id};woninginbraak;15-01-2024 18:30;194373;469639;${adres};${mo}\n`;

  it('a 5,000-character id is rejected with a reason in the dry run AND the real import, which stores the rest', async () => {
    const longId = randomBytes(2500).toString('hex'); // incompressible: over the btree index row size
    const body = header + row('LANG-OK-1') + row(longId) + row('LANG-OK-2', 'x'.repeat(201)) + row('LANG-OK-3', 'Dorpsstraat 2', 'm'.repeat(501));
    for (const dryRun of [true, false]) {
      const before = await fingerprint();
      const res = await post(`/api/incidents/import?dryRun=${dryRun}`, body, 'text/csv');
      expect(res.status).toBe(200);
      const r = ImportReportSchema.parse(await res.json());
      expect(r).toMatchObject({ total: 4, imported: 1, rejectedCount: 3 });
      const byLine = new Map(r.rejected.map((x) => [x.line, x]));
      expect(byLine.get(3)!.reasons.join(' ')).toMatch(/id is te lang \(5\.000 tekens, hoogstens 100\)/);
      expect(byLine.get(3)!.id!.length).toBeLessThanOrEqual(40);
      expect(byLine.get(4)!.reasons.join(' ')).toMatch(/adres is te lang \(201 tekens, hoogstens 200\)/);
      expect(byLine.get(5)!.reasons.join(' ')).toMatch(/modus operandi is te lang \(501 tekens, hoogstens 500\)/);
      const after = await fingerprint();
      expect(after!.n - before!.n).toBe(dryRun ? 0 : 1);
    }
  });
});
