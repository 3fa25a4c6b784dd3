/**
 * GET /api/coverage/groups and /api/coverage/parks on PGlite and (with DATABASE_URL) PostgreSQL,
 * with registers made through the API as a redacteur: a wijk half covered by a drawn group, the
 * evacuation-plan share against 0.9, a park in a 'hoog' compartment without a plan in the
 * fire-service rows with its beds, and the role matrix for near-repeat zones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { GroupCoverageSchema, ParkCoverageSchema } from '../../server/routes/coverage.js';
import { loginAs, testApp, withHeaders } from '../support/db.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let pub: App;
let red: App;
let analist: App;

beforeAll(async () => {
  ({ db, app: pub } = await testApp());
  red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  analist = withHeaders(pub, await loginAs(pub, db, 'analist'));
});
afterAll(async () => db?.close());

const WIJK = 'WK020012';
const json = (b: unknown) => ({ body: JSON.stringify(b), headers: { 'Content-Type': 'application/json' } });

async function create(path: string, geometry: unknown, properties: Record<string, unknown>): Promise<number> {
  const res = await red.request(`/api/${path}`, { method: 'POST', ...json({ type: 'Feature', geometry, properties }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}
async function remove(path: string, ids: number[]) {
  for (const id of ids) expect((await red.request(`/api/${path}/${id}`, { method: 'DELETE' })).status).toBe(200);
}

/** The west part of the wijk holding half its area (bisection on x), as WGS84 GeoJSON. */
async function westHalf(code: string): Promise<unknown> {
  const [e] = await db.query<{ x0: number; y0: number; x1: number; y1: number }>('SELECT ST_XMin(geom) x0, ST_YMin(geom) y0, ST_XMax(geom) x1, ST_YMax(geom) y1 FROM district WHERE code = $1', [code]);
  let lo = Number(e!.x0);
  let hi = Number(e!.x1);
  const clip = 'ST_CollectionExtract(ST_Intersection(geom, ST_MakeEnvelope($2::float8, $3::float8, $4::float8, $5::float8, 28992)), 3)';
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    const [r] = await db.query<{ s: number }>(`SELECT ST_Area(${clip}) / ST_Area(geom) AS s FROM district WHERE code = $1`, [code, Number(e!.x0) - 1, Number(e!.y0) - 1, mid, Number(e!.y1) + 1]);
    if (Number(r!.s) < 0.5) lo = mid;
    else hi = mid;
  }
  const [g] = await db.query<{ g: string }>(`SELECT ST_AsGeoJSON(ST_Transform(ST_Multi(${clip}), 4326), 7) AS g FROM district WHERE code = $1`, [code, Number(e!.x0) - 1, Number(e!.y0) - 1, (lo + hi) / 2, Number(e!.y1) + 1]);
  return JSON.parse(g!.g);
}

/** A point inside a district and a square of about d degrees around it (WGS84). */
async function inside(code: string): Promise<[number, number]> {
  const [r] = await db.query<{ x: number; y: number }>('SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM district WHERE code = $1) s', [code]);
  return [Number(r!.x), Number(r!.y)];
}
const square = ([x, y]: [number, number], d: number) => ({ type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] });

describe('GET /api/coverage/groups', () => {
  it('gives a wijk half covered by an active drawn group a share of about 0.5, with estimated dwellings; a dormant group does not count', async () => {
    const half = await westHalf(WIJK);
    const ids = [await create('groups', half, { name: 'Helft', status: 'actief', areaSource: 'getekend' })];
    try {
      const res = await pub.request('/api/coverage/groups');
      expect(res.status, await res.clone().text()).toBe(200);
      const body = GroupCoverageSchema.parse(await res.json());
      const d = body.districts.find((x) => x.code === WIJK)!;
      expect(d.share).toBeCloseTo(0.5, 2);
      expect(d.groups).toBe(1);
      expect(d.dwellings.estimate).toBe(true);
      if (d.dwellings.total !== null) expect(d.dwellings.covered).toBeCloseTo(d.dwellings.total * 0.5, 0);
      expect(body.districts.filter((x) => x.code !== WIJK).every((x) => x.share === 0 || x.share === null || x.share < 0.01)).toBe(true);

      // The other half as a dormant group: still 0.5.
      ids.push(await create('groups', { type: 'Polygon', coordinates: square(await inside(WIJK), 0.01).coordinates }, { name: 'Slapend', status: 'slapend' }));
      const again = GroupCoverageSchema.parse(await (await pub.request('/api/coverage/groups')).json());
      expect(again.districts.find((x) => x.code === WIJK)!.share).toBeCloseTo(0.5, 2);
    } finally {
      await remove('groups', ids);
    }
  });

  it('leaves the near-repeat zones out for the public with a note, and takes them for an analyst', async () => {
    const p = GroupCoverageSchema.parse(await (await pub.request('/api/coverage/groups')).json());
    expect(p.nearRepeatZones).toBe(false);
    expect(p.note).toMatch(/nearrepeat:zones/);
    expect(p.uncoveredHotspots.every((h) => h.kind === 'gistar')).toBe(true);
    const a = GroupCoverageSchema.parse(await (await analist.request('/api/coverage/groups')).json());
    expect(a.nearRepeatZones).toBe(true);
    expect(a.note).toBeUndefined();
  });

  it('ranks uncovered Gi* hot spot cells by burglaries, and a cell drawn over by an active group leaves the list', async () => {
    const { db: d, app } = await testApp();
    try {
      await ensureDemoIncidents(d, { demo: true }, new Date('2026-06-01T12:00:00Z'));
      const r = withHeaders(app, await loginAs(app, d, 'redacteur'));
      const first = GroupCoverageSchema.parse(await (await app.request('/api/coverage/groups')).json());
      const cells = first.uncoveredHotspots.filter((h) => h.kind === 'gistar');
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.map((c) => c.burglaries)).toEqual([...cells.map((c) => c.burglaries)].sort((a, b) => b - a));
      // Hot only through its neighbours (no burglary of its own): not a gap; each gap has an outline and a place.
      expect(cells.every((c) => c.burglaries > 0 || c.burglariesSuppressed)).toBe(true);
      expect(cells.every((c) => c.geometry?.type === 'Polygon')).toBe(true);
      const top = cells[0]!;
      const [x, y] = top.id.split('_').map(Number) as [number, number];
      const size = first.hotspotCellSize;
      const [g] = await d.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_Transform(ST_Expand(ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 28992), 5), 4326), 7) AS g', [x, y, x + size, y + size]);
      const made = await r.request('/api/groups', { method: 'POST', ...json({ type: 'Feature', geometry: JSON.parse(g!.g), properties: { name: 'Over de hotspot', status: 'actief' } }) });
      expect(made.status, await made.clone().text()).toBe(201);
      const after = GroupCoverageSchema.parse(await (await app.request('/api/coverage/groups')).json());
      expect(after.uncoveredHotspots.map((h) => h.id)).not.toContain(top.id);
      expect(after.uncoveredHotspots.length).toBe(first.uncoveredHotspots.length - 1);
    } finally {
      await d.close();
    }
  });

  it('refuses an unknown level with 400', async () => {
    const res = await pub.request('/api/coverage/groups?level=provincie');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('GET /api/coverage/parks', () => {
  it('counts 2 of 4 parks with an adopted plan as share 0.5 against the target 0.9, split by size', async () => {
    const at = await inside('WK020014');
    const plan = (status: string) => (status === 'vastgesteld' ? { status, date: '2024-01-01' } : { status });
    const ids: number[] = [];
    try {
      for (const [i, [status, beds]] of ([['vastgesteld', 800], ['vastgesteld', 20], ['concept', 900], ['geen', 10]] as const).entries()) {
        ids.push(await create('parks', square([at[0] + i * 0.003, at[1]], 0.0005), { name: `Park ${i}`, kind: 'bungalowpark', capacity: { units: Math.ceil(beds / 4), beds }, evacuationPlan: plan(status) }));
      }
      const res = await pub.request('/api/coverage/parks');
      expect(res.status, await res.clone().text()).toBe(200);
      const body = ParkCoverageSchema.parse(await res.json());
      expect(body).toMatchObject({ n: 4, withPlan: 2, share: 0.5, target: 0.9, meetsTarget: false, concept: 1, buffer: 500 });
      // 800 and 900 beds are large parks (one adopted plan), 20 and 10 small ones (one adopted plan).
      expect(body.large).toEqual({ n: 2, withPlan: 1, share: 0.5 });
      expect(body.small).toEqual({ n: 2, withPlan: 1, share: 0.5 });
    } finally {
      await remove('parks', ids);
    }
  });

  it("lists a park inside a 'hoog' compartment without a plan in the fire-service rows with its beds; one with a plan and one in a 'laag' compartment are not listed", async () => {
    const a = await inside('WK020012');
    const b = await inside('WK020014');
    const comps = [await create('fire-compartments', square(a, 0.005), { name: 'Heide hoog', riskClass: 'hoog' }), await create('fire-compartments', square(b, 0.005), { name: 'Bos laag', riskClass: 'laag' })];
    const parks = [
      await create('parks', square(a, 0.0005), { name: 'Zonder plan', kind: 'camping', capacity: { units: 50, beds: 321 }, evacuationPlan: { status: 'geen' } }),
      await create('parks', square([a[0] + 0.002, a[1]], 0.0005), { name: 'Met plan', kind: 'camping', capacity: { units: 50, beds: 100 }, evacuationPlan: { status: 'vastgesteld', date: '2024-02-02' } }),
      await create('parks', square(b, 0.0005), { name: 'Laag risico', kind: 'camping', capacity: { units: 5, beds: 20 }, evacuationPlan: { status: 'geen' } }),
    ];
    try {
      const body = ParkCoverageSchema.parse(await (await pub.request('/api/coverage/parks?buffer=0')).json());
      const rows = body.fireService.rows as { parkId: string; beds: number; riskClass: string; proximity: string }[];
      expect(rows).toEqual([expect.objectContaining({ parkId: String(parks[0]), beds: 321, riskClass: 'hoog', proximity: 'in' })]);
      expect(body.fireService.totals).toMatchObject({ parks: 1, beds: 321 });
      expect(body.byCompartment.classes).toMatchObject({ hoog: { in: 2, nabij: 0 }, laag: { in: 1, nabij: 0 } });
    } finally {
      await remove('parks', parks);
      await remove('fire-compartments', comps);
    }
  });

  it('refuses a negative or non-numeric buffer with 400', async () => {
    for (const b of ['-5', 'abc', '1e3']) expect((await pub.request(`/api/coverage/parks?buffer=${b}`)).status).toBe(400);
  });
});
