import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ProblemSchema } from '../../server/contract/common.js';
import { KnoxJobSchema, KnoxRunSchema, ZonesResponseSchema, type ZonesResponse } from '../../server/contract/nearrepeat.js';
import { testApp } from '../support/db.js';

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
beforeAll(async () => {
  ({ db, app } = await testApp({ as: 'analist' }));
});
afterAll(async () => db.close());

// A point well inside wijk Centrum (WK020001, 4,945 dwellings), RD New metres.
const CX = 194300;
const CY = 469600;

let batchId: number | null = null;
let seq = 0;
/** Inserts one incident with plain SQL (import_batch + incident) and returns its id. */
async function insertIncident(x: number, y: number, to: string, kind = 'woninginbraak', hoursLong = 4): Promise<number> {
  if (batchId === null) {
    const [batch] = await db.query<{ id: number }>("INSERT INTO import_batch (source, format) VALUES ('nearrepeat-test', 'csv') RETURNING id::int AS id");
    batchId = batch!.id;
  }
  const end = new Date(to);
  const start = new Date(end.getTime() - hoursLong * 3_600_000);
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom, address)
     VALUES ($1, $2, $3, $4, $5, ST_SetSRID(ST_MakePoint($6, $7), 28992), 'Geheime straat 1')
     RETURNING id::int AS id`,
    [`NR-${++seq}`, batchId, kind, start.toISOString(), end.toISOString(), x, y],
  );
  return row!.id;
}

async function reset() {
  await db.query('DELETE FROM incident');
  await db.query('DELETE FROM import_batch');
  await db.query('DELETE FROM knox_run');
  batchId = null;
}

async function get(path: string) {
  const res = await app.request(path);
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text);
  return { res, body };
}

async function zones(query: string): Promise<ZonesResponse> {
  const { res, body } = await get(`/api/nearrepeat/zones?${query}`);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return ZonesResponseSchema.parse(body);
}

async function expectProblem(res: Response, body: unknown, status: number, pattern?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const p = ProblemSchema.parse(body);
  if (pattern) expect(p.detail).toMatch(pattern);
  return p;
}

// 21:00 local time on 10 March 2025.
const T = '2025-03-10T20:00:00Z';

describe('GET /api/nearrepeat/zones', () => {
  beforeEach(reset);

  it('merges two burglaries 150 m apart with R = 100 into one zone with two members', async () => {
    const a = await insertIncident(CX, CY, T);
    const b = await insertIncident(CX + 150, CY, '2025-03-11T09:00:00Z', 'poging_woninginbraak');
    const r = await zones('date=2025-03-12&radius=100&days=14');
    expect(r.meta).toMatchObject({ date: '2025-03-12', radius: 100, days: 14, source: 'default', activeCount: 2, eventTime: 'to' });
    expect(r.zones.features).toHaveLength(1);
    const z = r.zones.features[0]!;
    expect(z.id).toBe(Math.min(a, b));
    expect(z.properties.members.map((m) => m.id)).toEqual([a, b]);
    expect(z.properties.members.map((m) => m.kind)).toEqual(['woninginbraak', 'poging_woninginbraak']);
    expect(z.properties.members.map((m) => m.daysLeft)).toEqual([12, 13]);
    expect(z.properties.daysLeft).toBe(13);
    expect(z.properties.expiresAt).toBe('2025-03-25T09:00:00.000Z');
    // Union of two overlapping discs: more than one disc, less than two.
    expect(z.properties.areaM2).toBeGreaterThan(Math.PI * 100 ** 2);
    expect(z.properties.areaM2).toBeLessThan(2 * Math.PI * 100 ** 2 * 0.95);
    expect(z.geometry.type).toBe('Polygon');
    const ring = (z.geometry as { coordinates: number[][][] }).coordinates[0]!;
    for (const [lon, lat] of ring) {
      expect(lon).toBeGreaterThan(5.9);
      expect(lon).toBeLessThan(6.0);
      expect(lat).toBeGreaterThan(52.2);
      expect(lat).toBeLessThan(52.22);
    }
    expect(z.properties).toMatchObject({ method: 'area-weighted-wijk', whatsappCovered: false, whatsappGroups: [] });
    // Burglaries as WGS84 points; 150 m > R, so no near-repeat link at R = 100.
    expect(r.burglaries.features.map((f) => f.id)).toEqual([a, b]);
    expect(r.burglaries.features.every((f) => f.properties.active && f.properties.originatorIds.length === 0)).toBe(true);
    // Never an address in the response.
    expect(JSON.stringify(r)).not.toContain('Geheime straat');
  });

  it('counts dwellings and inhabitants area-weighted from the wijk', async () => {
    await insertIncident(CX, CY, T);
    const r = await zones('date=2025-03-12&radius=100&days=14');
    const p = r.zones.features[0]!.properties;
    expect(p.wijken.map((w) => w.code)).toEqual(['WK020001']);
    expect(p.dwellings).toBeGreaterThan(0);
    expect(p.dwellings!).toBeLessThanOrEqual(4945);
    // Disc of ~31,400 m² in a wijk of ~1.16 km² with 4,945 dwellings: ~134.
    expect(p.dwellings!).toBeGreaterThan(100);
    expect(p.dwellings!).toBeLessThan(170);
    expect(p.inhabitants).toBeGreaterThan(p.dwellings!);
  });

  it('gives two zones for burglaries 500 m apart, and links a near repeat to its originator', async () => {
    const a = await insertIncident(CX, CY, T);
    const b = await insertIncident(CX + 500, CY, T);
    const r = await zones('date=2025-03-12&radius=100&days=14');
    expect(r.zones.features.map((f) => f.properties.members.map((m) => m.id))).toEqual([[a], [b]]);

    const c = await insertIncident(CX + 60, CY, '2025-03-12T08:00:00Z');
    const r2 = await zones('date=2025-03-12&radius=100&days=14');
    expect(r2.zones.features).toHaveLength(2);
    const byId = Object.fromEntries(r2.burglaries.features.map((f) => [f.id, f.properties]));
    expect(byId[c]!.originatorIds).toEqual([a]);
    expect(byId[a]!.explainsIds).toEqual([c]);
    expect(byId[b]!.originatorIds).toEqual([]);
  });

  it('leaves out a burglary older than D, but shows an expired originator of an active one', async () => {
    await insertIncident(CX, CY, '2025-02-01T12:00:00Z');
    const fresh = await insertIncident(CX + 2000, CY, T);
    let r = await zones('date=2025-03-12&radius=100&days=14');
    expect(r.meta.activeCount).toBe(1);
    expect(r.zones.features.map((f) => f.id)).toEqual([fresh]);
    expect(r.burglaries.features.map((f) => f.id)).toEqual([fresh]);

    // An originator 10 days before an active burglary, itself expired with D = 14 on 20 March.
    await reset();
    const orig = await insertIncident(CX, CY, '2025-03-01T12:00:00Z');
    const later = await insertIncident(CX + 50, CY, T);
    r = await zones('date=2025-03-20&radius=100&days=14');
    expect(r.zones.features.map((f) => f.properties.members.map((m) => m.id))).toEqual([[later]]);
    const shown = Object.fromEntries(r.burglaries.features.map((f) => [f.id, f.properties]));
    expect(shown[orig]).toMatchObject({ active: false, daysLeft: null, explainsIds: [later] });
    expect(shown[later]).toMatchObject({ active: true, originatorIds: [orig] });
  });

  it('lets zones appear and expire as the date moves', async () => {
    const id = await insertIncident(CX, CY, T);
    const ids = async (date: string) => (await zones(`date=${date}&radius=200&days=14`)).zones.features.map((f) => [f.id, f.properties.daysLeft]);
    expect(await ids('2025-03-09')).toEqual([]);
    expect(await ids('2025-03-10')).toEqual([[id, 14]]);
    expect(await ids('2025-03-16')).toEqual([[id, 8]]);
    expect(await ids('2025-03-23')).toEqual([[id, 1]]);
    expect(await ids('2025-03-24')).toEqual([]);
  });

  it('filters on kinds and defaults to 200 m and 14 days without a Knox result', async () => {
    await insertIncident(CX, CY, T, 'straatroof');
    const r = await zones('date=2025-03-12');
    expect(r.meta).toMatchObject({ radius: 200, days: 14, source: 'default', knoxRunId: null, kinds: ['woninginbraak', 'poging_woninginbraak'] });
    expect(r.zones.features).toHaveLength(0);
    const s = await zones('date=2025-03-12&kinds=straatroof');
    expect(s.zones.features).toHaveLength(1);
  });

  it('rejects invalid parameters as problem+json in Dutch', async () => {
    for (const q of ['radius=5', 'radius=2001', 'days=0', 'days=91', 'days=2.5', 'date=2025-02-30', 'date=12-03-2025', 'kinds=fietsdiefstal', 'kinds=']) {
      const { res, body } = await get(`/api/nearrepeat/zones?${q}`);
      await expectProblem(res, body, 400, /Ongeldige zoekparameters/);
    }
  });
});

describe('GET /api/nearrepeat/zones/:id/letter', () => {
  beforeEach(reset);

  it('returns the Dutch letter and the Burgernet message as text/plain', async () => {
    const a = await insertIncident(CX, CY, T);
    await insertIncident(CX + 150, CY, '2025-03-11T09:00:00Z', 'poging_woninginbraak');
    const { res, body } = await get(`/api/nearrepeat/zones/${a}/letter?date=2025-03-12&radius=100&days=14`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = body as string;
    expect(text).toContain('Gemeente Apeldoorn');
    expect(text).toContain('Beste bewoner,');
    expect(text).toContain('In uw buurt (wijk Centrum) is op 10 maart 2025 en 11 maart 2025 ingebroken of geprobeerd in te breken in woningen (1 inbraak en 1 poging tot inbraak).');
    expect(text).toContain('in de komende 13 dagen (tot en met 24 maart 2025) verhoogd');
    expect(text).toContain('Burgernet-bericht voor deelnemers binnen 200 m van de inbraken:');
    expect(text).toContain('0900-8844');
    expect(text).not.toContain('Geheime straat');
    // Who exported which zone's letter is in the audit trail.
    const audit = await db.query<{ username: string }>("SELECT username FROM audit WHERE action = 'export' AND table_name = 'nearrepeat_zone' AND record_id = $1", [String(a)]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.username).toMatch(/^test-analist/);
  });

  it('answers 404 for a zone that does not exist with these settings, 400 for a bad id', async () => {
    const { res, body } = await get('/api/nearrepeat/zones/999999/letter?date=2025-03-12&radius=100&days=14');
    await expectProblem(res, body, 404, /Zone 999999 bestaat niet/);
    const bad = await get('/api/nearrepeat/zones/abc/letter');
    await expectProblem(bad.res, bad.body, 400);
  });
});

describe('Knox job: POST /api/nearrepeat/knox and GET /api/nearrepeat/knox/:jobId', () => {
  beforeEach(reset);

  async function post(body: unknown) {
    const res = await app.request('/api/nearrepeat/knox', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { res, body: (await res.json()) as unknown };
  }

  it('answers 422 with fewer than 2 events and 404 for latest before any run', async () => {
    await insertIncident(CX, CY, T);
    const { res, body } = await post({ permutations: 99 });
    await expectProblem(res, body, 422, /minstens 2 incidenten nodig; gevonden: 1/);
    const latest = await get('/api/nearrepeat/knox/latest');
    await expectProblem(latest.res, latest.body, 404, /nog geen Knox-test/);
  });

  it('validates the request', async () => {
    const cases: unknown[] = [
      { permutations: 5 },
      { permutations: 10_000 },
      { distance: 'chebyshev' },
      { kinds: ['fietsdiefstal'] },
      { spatialBreaks: [0, 100, 'Inf'] },
      { spatialBreaks: [0, 100, 'Inf'], temporalBreaks: [0, 7, 'Inf'], nrc: { spatialBandwidth: 100, spatialBands: 4, temporalBandwidth: 7, temporalBands: 4 } },
      { spatialBreaks: [0, 200, 100], temporalBreaks: [0, 7, 'Inf'] },
      { from: '2025-03-10', to: '2025-03-01' },
    ];
    for (const c of cases) {
      const { res, body } = await post(c);
      await expectProblem(res, body, 400);
    }
    const notUuid = await get('/api/nearrepeat/knox/123');
    await expectProblem(notUuid.res, notUuid.body, 400);
    const unknown = await get('/api/nearrepeat/knox/3b241101-e2bb-4255-8caf-4136c566a962');
    await expectProblem(unknown.res, unknown.body, 404, /niet \(meer\) bekend/);
  });

  it('runs to done with progress, stores the run, and its window becomes the zones default', async () => {
    // 20 clusters of 3 burglaries (within 40 m and 4 days), 800 m and 18 days apart: a clear
    // near-repeat pattern in the NRC band "1 to 100" m x "0 to 7" days.
    for (let k = 0; k < 20; k++) {
      const x = 190000 + (k % 5) * 800;
      const y = 466000 + Math.floor(k / 5) * 800;
      const day = Date.parse('2024-01-01T12:00:00Z') + k * 18 * 86_400_000;
      for (let j = 0; j < 3; j++) await insertIncident(x + j * 20, y + j * 10, new Date(day + j * 2 * 86_400_000).toISOString());
    }
    const { res, body } = await post({ permutations: 99, seed: 7 });
    expect(res.status, JSON.stringify(body)).toBe(202);
    const { jobId } = body as { jobId: string };
    expect(res.headers.get('location')).toBe(`/api/nearrepeat/knox/${jobId}`);

    let job = KnoxJobSchema.parse((await get(`/api/nearrepeat/knox/${jobId}`)).body);
    expect(['running', 'done']).toContain(job.status);
    const seen: number[] = [job.progress];
    for (let i = 0; i < 600 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      job = KnoxJobSchema.parse((await get(`/api/nearrepeat/knox/${jobId}`)).body);
      seen.push(job.progress);
    }
    expect(job.status, job.error).toBe('done');
    expect(job.progress).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const result = job.result!;
    expect(result).toMatchObject({ mode: 'nrc', distance: 'euclidean', permutations: 99, seed: 7, events: 60 });
    expect(result.spatialBreaks).toEqual([0, 1, 100, 200, 300, 400, 'Inf']);
    expect(result.temporalBreaks).toEqual([0, 7, 14, 21, 28, 'Inf']);
    expect(result.spatialBands[1]).toBe('1 to 100');
    expect(result.observed[1]![0]).toBe(60);
    expect(result.significant[1]![0]).toBe(true);
    expect(result.window).toMatchObject({ radiusMetres: 100, days: 7 });
    expect(result.summary).toMatch(/binnen 100 m en 7 dagen na een inbraak/);
    expect(result.params).toMatchObject({ kinds: ['woninginbraak', 'poging_woninginbraak'], nrc: { spatialBandwidth: 100, spatialBands: 4, temporalBandwidth: 7, temporalBands: 4 } });

    const latest = KnoxRunSchema.parse((await get('/api/nearrepeat/knox/latest')).body);
    expect(latest.runId).toBe(result.runId);
    expect(latest.observed).toEqual(result.observed);

    // The zones now default to the Knox window; explicit values still win.
    const r = await zones('date=2024-01-02');
    expect(r.meta).toMatchObject({ radius: 100, days: 7, source: 'knox', knoxRunId: result.runId, defaults: { radius: 100, days: 7 } });
    expect(r.zones.features).toHaveLength(1);
    const r2 = await zones('date=2024-01-02&radius=300&days=30');
    expect(r2.meta).toMatchObject({ radius: 300, days: 30, source: 'knox' });
  });
});
