/**
 * Hotspot endpoints on a real PGlite/PostGIS database with a planted cluster
 * (test/fixtures/incidents-api/hotspots.csv): grid alignment, Gi* against a hand computation,
 * KDE mass, rates against hand counts, hot-times matrices.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { GridCollectionSchema, HotTimesResponseSchema, KdeCollectionSchema, RatesResponseSchema } from '../../server/contract/hotspots.js';
import { ImportReportSchema } from '../../server/contract/incidents.js';
import { rdToWgs84 } from '../../server/domain/crs.js';
import { testApp } from '../support/db.js';

const CSV = readFileSync(fileURLToPath(new URL('../fixtures/incidents-api/hotspots.csv', import.meta.url)), 'utf8');
const MARCH = 'from=2024-03-01&to=2024-03-31';
/** Cluster cell (RD min corner) and its size. */
const CX = 194300;
const CY = 469600;

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
beforeAll(async () => {
  ({ db, app } = await testApp({ as: 'analist' }));
  const res = await app.request('/api/incidents/import', { method: 'POST', body: CSV, headers: { 'Content-Type': 'text/csv' } });
  const r = ImportReportSchema.parse(await res.json());
  expect(r.rejectedCount).toBe(0);
  expect(r.imported).toBe(52);
});
afterAll(async () => db.close());

async function get(path: string) {
  const res = await app.request(path);
  const body = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

const sum = (a: readonly number[]) => a.reduce((s, v) => s + v, 0);

describe('GET /api/hotspots/grid', () => {
  it('manual 100 m cells aligned to RD multiples inside the gemeente, Gi* as computed by hand', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&cell=100&band=150&fdr=false`));
    const m = fc.meta;
    expect(m).toMatchObject({ cellSize: 100, band: 150, fdr: false, total: 46, from: '2024-03-01', to: '2024-03-31' });
    // Grid over the gemeente's RD bbox (178166..202324 x 454048..477688), snapped outward; only
    // the cells inside the gemeente exist (n), not its whole bounding box.
    expect([m.originX, m.originY, m.nx, m.ny]).toEqual([178100, 454000, 243, 237]);
    expect(m.n).toBeLessThan(m.nx * m.ny);
    expect(fc.parameters).toMatchObject({ method: 'manual', cellSize: 100, distanceBand: 150, cells: m.n, incidents: 46, fdr: false, rated: true });
    expect(fc.parameters.reasons.cellSize).toBe('zelf gekozen');
    for (const f of fc.features) {
      expect(f.properties.x % 100).toBe(0);
      expect(f.properties.y % 100).toBe(0);
      expect(f.properties.count! > 0 || f.properties.bin !== 0).toBe(true);
    }
    expect(sum(fc.features.map((f) => f.properties.count!))).toBe(46);

    // The cluster cell: 30 incidents, 8 empty neighbours. By hand (Ord & Getis 1995):
    // x̄ = 46/n, s² = Σx²/n − x̄² with Σx² = 30² + 16·1², W = S1 = 9.
    const cell = fc.features.find((f) => f.properties.x === CX && f.properties.y === CY)!;
    expect(cell.properties.count).toBe(30);
    const n = m.n;
    const mean = 46 / n;
    const s = Math.sqrt((900 + 16) / n - mean * mean);
    const z = (30 - mean * 9) / (s * Math.sqrt((n * 9 - 81) / (n - 1)));
    expect(cell.properties.z).toBeCloseTo(z, 3);
    expect(cell.properties.bin).toBe(3);
    expect(cell.properties.p).toBeLessThan(0.01);
    expect(m.significantHot).toBeGreaterThanOrEqual(9); // the cell and its 8 neighbours
    // A lone background burglary (West) is not significant.
    const west = fc.features.find((f) => f.properties.x === 191800 && f.properties.y === 469300)!;
    expect(west.properties.count).toBe(1);
    expect(west.properties.z).toBeLessThan(cell.properties.z);

    // WGS84 polygon of the cell: its SW corner is the RD corner transformed.
    const [lon, lat] = rdToWgs84(CX, CY);
    const ring = cell.geometry.coordinates[0]!;
    expect(ring).toHaveLength(5);
    expect(ring[0]![0]).toBeCloseTo(lon, 5);
    expect(ring[0]![1]).toBeCloseTo(lat, 5);
  });

  it('uses 250 m cells, FDR-adjusted p-values and the district', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&cell=250&band=250&fdr=true`));
    expect(fc.meta.cellSize).toBe(250);
    for (const f of fc.features) {
      expect(f.properties.x % 250).toBe(0);
      expect(f.properties.y % 250).toBe(0);
      expect(f.properties.pFdr).toBeGreaterThanOrEqual(f.properties.p);
    }
    const hot = fc.features.find((f) => f.properties.x === 194250 && f.properties.y === 469500)!;
    expect(hot.properties.count).toBe(30);
    expect(hot.properties.bin).toBe(3);

    const centrum = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&district=WK020001&cell=100&band=150`));
    expect(centrum.meta.total).toBe(31);
    expect(centrum.meta.n).toBeLessThan(2000);
    expect(centrum.meta.originX % 100).toBe(0);
  });

  it('validates its parameters', async () => {
    expect((await app.request(`/api/hotspots/grid?cell=75`)).status).toBe(400);
    expect((await app.request(`/api/hotspots/grid?cell=2000`)).status).toBe(400);
    expect((await app.request(`/api/hotspots/grid?band=-1`)).status).toBe(400);
    expect((await app.request(`/api/hotspots/grid?band=ver`)).status).toBe(400);
    expect((await app.request(`/api/hotspots/grid?fdr=ja`)).status).toBe(400);
  });
});

describe('GET /api/hotspots/grid: optimized parameters', () => {
  it('by default chooses cell size and band from the data, with FDR, and explains them in Dutch', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}`));
    const p = fc.parameters;
    expect(p.method).toBe('optimized');
    expect(p.fdr).toBe(true);
    expect(fc.meta.fdr).toBe(true);
    expect(p.cellSize % 50).toBe(0);
    expect(p.cellSize).toBeGreaterThanOrEqual(50);
    expect(p.cellSize).toBeLessThanOrEqual(500);
    expect(p.distanceBand).toBeGreaterThanOrEqual(p.cellSize);
    expect(p.neighbours.min).toBeGreaterThanOrEqual(1);
    expect(p.neighbours.mean).toBeGreaterThan(p.neighbours.min - 1e-9);
    expect(p.incidents).toBe(46);
    expect(p.cells).toBe(fc.meta.n);
    expect(p.rated).toBe(true);
    expect(p.warnings).toEqual([]);
    expect(p.autocorrelation).toHaveLength(10);
    // the band is an ISA distance at a peak, or (no peak) at least the first ISA distance
    if (/sterkst/.test(p.reasons.distanceBand)) expect(p.autocorrelation.map((s) => s.distance)).toContain(p.distanceBand);
    else expect(p.distanceBand).toBeGreaterThanOrEqual(p.autocorrelation[0]!.distance);
    expect(p.reasons.cellSize).toMatch(/afstand tussen de incidenten/);
    expect(p.reasons.distanceBand).toMatch(/ruimtelijke samenhang/);
    expect(p.reasons.studyArea).toMatch(/binnen gemeente Apeldoorn/);
    expect(p.reasons.dwellings).toMatch(/niet bekend/);
    expect(sum(fc.features.map((f) => f.properties.count ?? 0))).toBe(46);
    // the planted cluster (30 incidents) is a 99 % hot spot; the 16 lone background incidents are not
    const hot = fc.features.filter((f) => f.properties.bin === 3);
    expect(sum(hot.map((f) => f.properties.count ?? 0))).toBe(30);
  });

  it('only cells inside the gemeente take part: as many as PostGIS finds centres inside, plus cells with incidents', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&cell=500&band=1000`));
    const m = fc.meta;
    const [r] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n
         FROM district d, generate_series(0, $3::int - 1) ix, generate_series(0, $4::int - 1) iy
        WHERE d.level = 'gemeente'
          AND ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint($1::float8 + (ix + 0.5) * 500, $2::float8 + (iy + 0.5) * 500), 28992))`,
      [m.originX, m.originY, m.nx, m.ny],
    );
    const inside = Number(r!.n);
    const withIncidents = fc.features.filter((f) => (f.properties.count ?? 0) > 0).length;
    expect(inside).toBeLessThan(m.nx * m.ny);
    expect(fc.parameters.cells).toBeGreaterThanOrEqual(inside);
    expect(fc.parameters.cells).toBeLessThanOrEqual(inside + withIncidents);
    expect(fc.parameters.neighbours.min).toBeGreaterThanOrEqual(1);
  });

  it('with fewer than 30 incidents rates no cell and warns in Dutch', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?from=2024-01-30&to=2024-02-29`));
    expect(fc.parameters).toMatchObject({ incidents: 3, rated: false });
    expect(fc.parameters.warnings[0]).toMatch(/Te weinig incidenten voor een betrouwbare hotspotanalyse: 3, minstens 30/);
    expect(fc.features.length).toBeGreaterThan(0);
    expect(fc.features.every((f) => f.properties.bin === 0)).toBe(true);
    expect(fc.meta.significantHot).toBe(0);
  });

  it('refuses a manual band that gives no cell a neighbour (422, Dutch); a manual band and cell size are reported as manual', async () => {
    const res = await app.request(`/api/hotspots/grid?${MARCH}&cell=250&band=150`);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = (await res.json()) as { detail: string };
    expect(body.detail).toMatch(/geen enkele cel een buurcel/);
    const auto = await app.request(`/api/hotspots/grid?${MARCH}&band=10`);
    expect(auto.status).toBe(422);

    const manual = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&cell=200&band=400`));
    expect(manual.parameters).toMatchObject({ method: 'manual', cellSize: 200, distanceBand: 400, autocorrelation: [] });
    expect(manual.parameters.reasons.distanceBand).toBe('zelf gekozen');
    // cell size chosen by hand, band from the data
    const half = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&cell=200`));
    expect(half.parameters.method).toBe('manual');
    expect(half.parameters.reasons.cellSize).toBe('zelf gekozen');
    expect(half.parameters.autocorrelation).toHaveLength(10);
    expect(half.parameters.distanceBand).toBeGreaterThanOrEqual(200);
  });

  it('restricts the study area to a selected district', async () => {
    const fc = GridCollectionSchema.parse(await get(`/api/hotspots/grid?${MARCH}&district=WK020001&cell=100&band=150`));
    expect(fc.parameters.reasons.studyArea).toMatch(/binnen wijk Centrum/);
    expect(fc.parameters.cells).toBeLessThan(fc.meta.nx * fc.meta.ny);
    expect(fc.parameters.incidents).toBe(31);
  });
});

describe('GET /api/hotspots/kde', () => {
  it('peaks at the cluster and integrates to the number of incidents', async () => {
    const fc = KdeCollectionSchema.parse(await get(`/api/hotspots/kde?${MARCH}&bandwidth=200&cell=100`));
    expect(fc.meta).toMatchObject({ bandwidth: 200, cellSize: 100, total: 46 });
    expect(fc.features.every((f) => f.properties.density > 0)).toBe(true);
    const peak = fc.features.find((f) => f.properties.density === fc.meta.max)!;
    expect(Math.abs(peak.properties.x - CX)).toBeLessThanOrEqual(100);
    expect(Math.abs(peak.properties.y - CY)).toBeLessThanOrEqual(100);
    // Σ density (per km²) × cell area (0.01 km²) ≈ incidents (quartic kernel integrates to 1).
    expect(sum(fc.features.map((f) => f.properties.density)) * 0.01).toBeCloseTo(46, 0);
  });
});

describe('GET /api/hotspots/rates', () => {
  it('gives rates per 1,000 dwellings with previous period and last year, counted by hand', async () => {
    const r = RatesResponseSchema.parse(await get(`/api/hotspots/rates?${MARCH}&level=wijk`));
    expect(r.meta.period).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(r.meta.previous).toEqual({ from: '2024-01-30', to: '2024-02-29' });
    expect(r.meta.lastYear).toEqual({ from: '2023-03-01', to: '2023-03-31' });
    expect(r.districts).toHaveLength(16);
    const cityRate = (46 / 74603) * 1000;
    expect(r.meta.city).toMatchObject({ count: 46, woningen: 74603 });
    expect(r.meta.city.rate).toBeCloseTo(cityRate, 4);
    expect(r.meta.city.previous.count).toBe(3);
    expect(r.meta.city.lastYear.count).toBe(2);

    const centrum = r.districts.find((d) => d.code === 'WK020001')!;
    expect(centrum).toMatchObject({ name: 'Centrum', count: 31, denominator: 4945, denominatorKind: 'woningen' });
    expect(centrum.rate).toBeCloseTo((31 / 4945) * 1000, 4);
    expect(centrum.cityRate).toBeCloseTo(cityRate, 4);
    expect(centrum.previous).toMatchObject({ from: '2024-01-30', to: '2024-02-29', count: 2, change: 1450, changeCount: 29 });
    expect(centrum.previous.rate).toBeCloseTo((2 / 4945) * 1000, 4);
    expect(centrum.lastYear).toMatchObject({ count: 1, change: 3000 });

    const west = r.districts.find((d) => d.code === 'WK020002')!;
    expect(west).toMatchObject({ count: 1, previous: { count: 1, change: 0 }, lastYear: { count: 0, change: null } });
    const noord = r.districts.find((d) => d.code === 'WK020008')!;
    expect(noord).toMatchObject({ count: 1, previous: { count: 0, change: null }, lastYear: { count: 1, change: 0 } });
    expect(sum(r.districts.map((d) => d.count)) + r.meta.unassigned).toBe(46);
  });

  it('works per stadsdeel and per postcode (inhabitants where dwellings are unknown), and selects by district', async () => {
    const sd = RatesResponseSchema.parse(await get(`/api/hotspots/rates?${MARCH}&level=stadsdeel`));
    expect(sd.districts.find((d) => d.code === 'SD020001')).toMatchObject({ count: 31, denominator: 4945, denominatorKind: 'woningen' });

    const pc = RatesResponseSchema.parse(await get(`/api/hotspots/rates?${MARCH}&level=postcode`));
    expect(pc.districts).toHaveLength(33);
    const p7311 = pc.districts.find((d) => d.code === '7311')!;
    expect(p7311.denominatorKind).toBe('inwoners');
    expect(p7311.rate).toBeCloseTo((p7311.count / p7311.denominator!) * 1000, 4);
    // The gemeente's inhabitants (2024, summed from the wijken) stand in for the city too.
    expect(pc.meta.city.inwoners).toBe(168200);
    expect(p7311.cityRate).toBeCloseTo((46 / 168200) * 1000, 4);
    expect(pc.meta.city.rateInwoners).toBeCloseTo((46 / 168200) * 1000, 4);
    expect(sum(pc.districts.map((d) => d.count)) + pc.meta.unassigned).toBe(46);

    const one = RatesResponseSchema.parse(await get(`/api/hotspots/rates?${MARCH}&level=wijk&district=SD020001`));
    expect(one.districts.map((d) => d.code)).toEqual(['WK020001']);
    expect(one.meta.city.count).toBe(46);
  });
});

describe('hot times', () => {
  it('GET: the matrix sums to the number of incidents, Monday first, Amsterdam hours', async () => {
    const h = HotTimesResponseSchema.parse(await get(`/api/hotspots/hot-times?${MARCH}`));
    expect(h.count).toBe(46);
    expect(h.matrix).toHaveLength(168);
    expect(sum(h.matrix)).toBeCloseTo(46, 6);
    expect(h.total).toBeCloseTo(46, 6);
    expect(sum(h.byWeekday)).toBeCloseTo(46, 6);
    expect(sum(h.byHour)).toBeCloseTo(46, 6);
    // 30 planted on Tuesday 5 March 2024 at 21:15 local time: weekday 1, hour 21.
    expect(h.matrix[1 * 24 + 21]).toBeCloseTo(30, 6);
    // Background windows 10:00-12:00 spread evenly over hours 10 and 11.
    expect(h.byHour[10]).toBeCloseTo(8, 6);
    expect(h.byHour[11]).toBeCloseTo(8, 6);
  });

  it('GET with cell=x,y,size: only the clicked cell', async () => {
    const h = HotTimesResponseSchema.parse(await get(`/api/hotspots/hot-times?${MARCH}&cell=${CX},${CY},100`));
    expect(h.count).toBe(30);
    expect(h.matrix[45]).toBeCloseTo(30, 6);
    expect(h.meta.cell).toEqual({ x: CX, y: CY, size: 100 });
    const withRobbery = HotTimesResponseSchema.parse(await get(`/api/hotspots/hot-times?${MARCH}&cell=${CX},${CY},100&kinds=woninginbraak,straatroof`));
    expect(withRobbery.count).toBe(31);
    expect((await app.request(`/api/hotspots/hot-times?cell=abc`)).status).toBe(400);
  });

  it('POST with a drawn WGS84 area', async () => {
    const ring = [
      [CX - 50, CY - 50],
      [CX + 150, CY - 50],
      [CX + 150, CY + 150],
      [CX - 50, CY + 150],
      [CX - 50, CY - 50],
    ].map(([x, y]) => rdToWgs84(x!, y!));
    const post = (body: unknown) =>
      app.request('/api/hotspots/hot-times', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    const res = await post({ from: '2024-03-01', to: '2024-03-31', kinds: ['woninginbraak'], area: { type: 'Polygon', coordinates: [ring] } });
    expect(res.status).toBe(200);
    const h = HotTimesResponseSchema.parse(await res.json());
    expect(h.count).toBe(30);
    expect(h.meta.area).toBe(true);
    expect(sum(h.matrix)).toBeCloseTo(30, 6);

    const open = await post({ area: { type: 'Polygon', coordinates: [ring.slice(0, 4)] } });
    expect(open.status).toBe(400);
    const rd = await post({ area: { type: 'Polygon', coordinates: [[[CX, CY], [CX + 100, CY], [CX + 100, CY + 100], [CX, CY]]] } });
    expect(rd.status).toBe(400);
  });
});
