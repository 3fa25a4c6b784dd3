/**
 * Results that must not mislead: a Knox run belongs to the incident data it saw (data version),
 * and outputs made from demo incidents say so (text, JSON field and file name).
 * Real database (PGlite or PostgreSQL), no mocks.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { KnoxJobSchema, KnoxRunSchema, ZonesResponseSchema, type KnoxRun } from '../../server/contract/nearrepeat.js';
import { IncidentCollectionSchema } from '../../server/contract/incidents.js';
import { incidentDataVersion } from '../../server/services/data-version.service.js';
import { insertClusteredBatch } from '../support/builders.js';
import { testApp } from '../support/db.js';

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
beforeAll(async () => {
  ({ db, app } = await testApp({ as: ['analist', 'beheerder'] })); // analist runs and reads, beheerder deletes a batch
});
afterAll(async () => db.close());

/** A batch of 20 clusters of 3 burglaries: a clear near repeat in 1-100 m x 0-7 days. */
const clusteredBatch = (demo: boolean) => insertClusteredBatch(db, { demo, idPrefix: 'TR', origin: [190000, 466000] });

async function reset() {
  await db.query('DELETE FROM incident');
  await db.query('DELETE FROM import_batch');
  await db.query('DELETE FROM knox_run');
}

async function getJson(path: string) {
  const res = await app.request(path);
  return { res, body: (await res.json()) as unknown };
}

async function runKnox(): Promise<KnoxRun> {
  const res = await app.request('/api/nearrepeat/knox', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ permutations: 99, seed: 7 }),
  });
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  let job = KnoxJobSchema.parse((await getJson(`/api/nearrepeat/knox/${jobId}`)).body);
  for (let i = 0; i < 2000 && job.status === 'running'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    job = KnoxJobSchema.parse((await getJson(`/api/nearrepeat/knox/${jobId}`)).body);
  }
  expect(job.status, job.error).toBe('done');
  return job.result!;
}

async function latest(): Promise<KnoxRun> {
  const { res, body } = await getJson('/api/nearrepeat/knox/latest');
  expect(res.status).toBe(200);
  return KnoxRunSchema.parse(body);
}

async function zonesMeta() {
  const { res, body } = await getJson('/api/nearrepeat/zones?date=2024-01-02');
  expect(res.status).toBe(200);
  return ZonesResponseSchema.parse(body).meta;
}

// Two real burglaries inside Apeldoorn, in the police export's column layout.
const IMPORT_CSV = [
  'Registratienummer;Soort delict;Pleegdatum van;Pleegdatum tot;X-coördinaat;Y-coördinaat',
  'PL-TRUST-1;Woninginbraak;15-01-2024 18:30;15-01-2024 21:45;194373;469639',
  'PL-TRUST-2;Woninginbraak;16-01-2024 18:30;16-01-2024 21:45;194400;469700',
].join('\n');

describe('Knox run and the incident data version', () => {
  beforeEach(reset);

  it('incidentDataVersion changes with every write to the incidents, not with a read', async () => {
    const v0 = await incidentDataVersion(db);
    await getJson('/api/incidents?from=2024-01-01&to=2024-12-31');
    expect(await incidentDataVersion(db)).toBe(v0);
    const batch = await clusteredBatch(false);
    const v1 = await incidentDataVersion(db);
    expect(v1).toBeGreaterThan(v0);
    // A statement that changes no incident leaves the version alone.
    await db.query('DELETE FROM incident WHERE batch_id = -1');
    expect(await incidentDataVersion(db)).toBe(v1);
    await db.query('DELETE FROM incident WHERE batch_id = $1', [batch]);
    expect(await incidentDataVersion(db)).toBeGreaterThan(v1);
  });

  it('an import makes the stored run out of date: it no longer sets the zones default until run again', async () => {
    await clusteredBatch(true);
    const run = await runKnox();
    expect(run).toMatchObject({ stale: false, window: { radiusMetres: 100, days: 7 } });
    expect(await zonesMeta()).toMatchObject({ source: 'knox', radius: 100, days: 7, knoxRunId: run.runId, knoxStale: false });

    const imp = await app.request('/api/incidents/import?name=echt.csv', { method: 'POST', body: IMPORT_CSV, headers: { 'Content-Type': 'text/csv' } });
    expect(imp.status, await imp.clone().text()).toBe(200);
    expect(((await imp.json()) as { replacedDemo: number }).replacedDemo).toBe(60);

    const after = await latest();
    expect(after.runId).toBe(run.runId);
    expect(after.stale).toBe(true);
    expect(after.staleReason).toBe('verouderd: berekend op andere incidentgegevens');
    expect(await zonesMeta()).toMatchObject({ source: 'default', radius: 200, days: 14, defaults: { radius: 200, days: 14 }, knoxRunId: run.runId, knoxStale: true });

    // Run again on the new data: current again.
    await clusteredBatch(false);
    const again = await runKnox();
    expect((await latest())).toMatchObject({ runId: again.runId, stale: false, staleReason: null });
    expect(await zonesMeta()).toMatchObject({ source: 'knox', radius: 100, days: 7, knoxStale: false });
  });

  it('deleting a batch makes the stored run out of date', async () => {
    await clusteredBatch(false);
    const extra = await clusteredBatch(false);
    const run = await runKnox();
    expect((await latest()).stale).toBe(false);
    const del = await app.request(`/api/incidents/batches/${extra}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    const after = await latest();
    expect(after).toMatchObject({ runId: run.runId, stale: true });
    expect(await zonesMeta()).toMatchObject({ source: 'default', radius: 200, days: 14, knoxStale: true });
  });
});

describe('Demo data in outputs', () => {
  beforeEach(reset);

  it('a Knox run on demo incidents is marked demo; one on real incidents is not', async () => {
    await clusteredBatch(true);
    const demoRun = await runKnox();
    expect(demoRun.demo).toBe(true);
    expect(demoRun.summary).toMatch(/^DEMO — fictieve gegevens/);
    expect((await latest()).demo).toBe(true);
    await reset();
    await clusteredBatch(false);
    const realRun = await runKnox();
    expect(realRun.demo).toBe(false);
    expect(realRun.summary).not.toMatch(/DEMO/);
  });

  it('the zone letter from demo incidents carries a DEMO header and footer and a demo file name', async () => {
    await clusteredBatch(true);
    const zones = ZonesResponseSchema.parse((await getJson('/api/nearrepeat/zones?date=2024-01-02&radius=100&days=7')).body);
    expect(zones.meta.demo).toBe(true);
    const id = zones.zones.features[0]!.id;
    const res = await app.request(`/api/nearrepeat/zones/${id}/letter?date=2024-01-02&radius=100&days=7`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^DEMO — fictieve gegevens/);
    expect(lines.at(-1)).toMatch(/^DEMO — fictieve gegevens/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="demo-.*\.txt"/);

    await reset();
    await clusteredBatch(false);
    const real = ZonesResponseSchema.parse((await getJson('/api/nearrepeat/zones?date=2024-01-02&radius=100&days=7')).body);
    expect(real.meta.demo).toBe(false);
    const res2 = await app.request(`/api/nearrepeat/zones/${real.zones.features[0]!.id}/letter?date=2024-01-02&radius=100&days=7`);
    const text2 = await res2.text();
    expect(text2).not.toMatch(/DEMO/);
    expect(res2.headers.get('content-disposition')).not.toMatch(/demo/i);
  });

  it('the incident GeoJSON from demo incidents carries demo: true, a warning and a demo file name', async () => {
    await clusteredBatch(true);
    const res = await app.request('/api/incidents?from=2024-01-01&to=2024-12-31');
    expect(res.status).toBe(200);
    const body = IncidentCollectionSchema.parse(await res.json());
    expect(body.meta.demo).toBe(true);
    expect(body.meta.warning).toMatch(/DEMO — fictieve gegevens/);
    expect(res.headers.get('content-disposition')).toMatch(/filename="demo-incidenten.*\.geojson"/);

    await reset();
    await clusteredBatch(false);
    const res2 = await app.request('/api/incidents?from=2024-01-01&to=2024-12-31');
    const body2 = IncidentCollectionSchema.parse(await res2.json());
    expect(body2.meta.demo).toBe(false);
    expect(body2.meta.warning).toBeUndefined();
    expect(res2.headers.get('content-disposition')).not.toMatch(/demo/i);
  });

  it('the incident CSV download from demo incidents has a DEMO comment, a demo column and a demo file name', async () => {
    await clusteredBatch(true);
    const res = await app.request('/api/incidents?from=2024-01-01&to=2024-12-31&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="demo-incidenten.*\.csv"/);
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^# DEMO — fictieve gegevens/);
    expect(lines[1]!.split(';')).toContain('demo');
    expect(lines).toHaveLength(2 + 60);
    expect(lines[2]!.split(';').at(-1)).toBe('ja');

    await reset();
    await clusteredBatch(false);
    const res2 = await app.request('/api/incidents?from=2024-01-01&to=2024-12-31&format=csv');
    const text2 = await res2.text();
    expect(text2).not.toMatch(/DEMO/);
    expect(text2.split('\n')[1]!.split(';').at(-1)).toBe('nee');
    expect(res2.headers.get('content-disposition')).not.toMatch(/demo/i);
  });
});
