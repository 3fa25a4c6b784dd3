/**
 * OGC API - Features at /ogc through the app (app.request): landing page, conformance,
 * collections with extents, items with paging links, bbox, crs=EPSG:28992, single features,
 * errors, and the role matrix (a test-only restricted collection, the grid's suppression).
 * The real client (GDAL's OAPIF driver) is in ogc-gdal.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { OGC_COLLECTIONS } from '../../server/ogc/registry.js';
import { SUPPRESS_BELOW } from '../../server/domain/privacy.js';
import { OgcCollectionsSchema, OgcFeatureCollectionSchema, OgcLandingSchema } from '../../server/contract/ogc.js';
import { ProblemSchema } from '../../server/contract/common.js';
import { loginAs, testApp } from '../support/db.js';
import { restrictedCollection } from '../support/ogc.js';
import { withHeaders } from '../support/db.js';
import { REGISTERS } from '../../server/registers/registry.js';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const RD = 'http://www.opengis.net/def/crs/EPSG/0/28992';

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
let analist: Record<string, string>;
let partner: Record<string, string>;
const restricted = restrictedCollection();

beforeAll(async () => {
  ({ db, app } = await testApp());
  await ensureDemoIncidents(db, { demo: true }, new Date('2026-06-01T12:00:00Z'));
  analist = await loginAs(app, db, 'analist');
  partner = await loginAs(app, db, 'partner');
  OGC_COLLECTIONS.push(restricted);
});
afterAll(async () => {
  OGC_COLLECTIONS.splice(OGC_COLLECTIONS.indexOf(restricted), 1);
  await db?.close();
});

async function json(path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  return { res, body: (await res.json()) as Record<string, unknown> };
}
type Fc = ReturnType<typeof OgcFeatureCollectionSchema.parse>;
async function items(path: string, headers: Record<string, string> = {}): Promise<{ res: Response; fc: Fc }> {
  const { res, body } = await json(path, headers);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return { res, fc: OgcFeatureCollectionSchema.parse(body) };
}
const link = (links: { rel: string; href: string }[], rel: string) => links.find((l) => l.rel === rel)?.href;
/** The path and query of an absolute link, to follow it with app.request. */
const local = (href: string) => {
  const u = new URL(href);
  return u.pathname + u.search;
};

describe('landing page and conformance', () => {
  it('links self, the OpenAPI description, conformance and the collections with absolute URLs on the request host', async () => {
    const { res, body } = await json('/ogc', { Host: '10.1.2.3:9000' });
    expect(res.status).toBe(200);
    const landing = OgcLandingSchema.parse(body);
    expect(link(landing.links, 'self')).toBe('http://10.1.2.3:9000/ogc');
    expect(link(landing.links, 'service-desc')).toBe('http://10.1.2.3:9000/api/openapi.json');
    expect(link(landing.links, 'conformance')).toBe('http://10.1.2.3:9000/ogc/conformance');
    expect(link(landing.links, 'data')).toBe('http://10.1.2.3:9000/ogc/collections');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /ogc/ and /ogc/collections/ (trailing slash, as some clients write the URL) with a redirect to the canonical path, keeping the query', async () => {
    for (const [path, target] of [
      ['/ogc/', '/ogc'],
      ['/ogc/collections/?f=json', '/ogc/collections?f=json'],
    ] as const) {
      const res = await app.request(path, { headers: { Host: '10.1.2.3:9000' } });
      expect(res.status, path).toBe(301);
      expect(new URL(res.headers.get('location')!, 'http://10.1.2.3:9000').pathname + new URL(res.headers.get('location')!, 'http://10.1.2.3:9000').search).toBe(target);
    }
  });

  it('declares Core, GeoJSON and CRS (Part 2)', async () => {
    const { body } = await json('/ogc/conformance');
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  it('describes the OGC routes in the OpenAPI document', async () => {
    const { body } = await json('/api/openapi.json');
    const paths = Object.keys(body.paths as object);
    expect(paths).toEqual(expect.arrayContaining(['/ogc', '/ogc/collections', '/ogc/collections/{collectionId}/items', '/ogc/collections/{collectionId}/items/{featureId}']));
  });
});

describe('collections', () => {
  it('lists the district levels and the hot spot grid with CRS84 and RD New, storage in RD New, and the extent from the data', async () => {
    const { res, body } = await json('/ogc/collections');
    expect(res.status).toBe(200);
    const doc = OgcCollectionsSchema.parse(body);
    expect(doc.collections.map((c) => c.id)).toEqual(['gemeente', 'stadsdelen', 'wijken', 'buurten', 'postcodegebieden', 'hotspot-raster', 'whatsapp-groepen', 'recreatieparken', 'brandcompartimenten']);
    const wijken = doc.collections.find((c) => c.id === 'wijken')!;
    expect(wijken.title).toBe('Wijken');
    expect(wijken.crs).toEqual([CRS84, RD]);
    expect(wijken.storageCrs).toBe(RD);
    expect(link(wijken.links, 'items')).toBe('http://localhost/ogc/collections/wijken/items');
    const [e] = await db.query<{ a: number; b: number; c: number; d: number }>(
      `SELECT ST_XMin(e) a, ST_YMin(e) b, ST_XMax(e) c, ST_YMax(e) d FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) e FROM district WHERE level = 'wijk') s`,
    );
    const bbox = wijken.extent!.spatial.bbox[0]!;
    [e!.a, e!.b, e!.c, e!.d].forEach((v, i) => expect(bbox[i]).toBeCloseTo(Number(v), 6));
    const grid = doc.collections.find((c) => c.id === 'hotspot-raster')!;
    expect(grid.extent!.temporal!.interval[0]).toHaveLength(2);
  });

  it('answers one collection, and 404 problem+json for an unknown one', async () => {
    const { res, body } = await json('/ogc/collections/wijken');
    expect(res.status).toBe(200);
    expect(body.id).toBe('wijken');
    for (const path of ['/ogc/collections/bestaat-niet', '/ogc/collections/bestaat-niet/items', '/ogc/collections/wijken/items/WK999999', '/ogc/nergens']) {
      const r = await app.request(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(ProblemSchema.parse(await r.json()).detail).toMatch(/bestaat niet|Begin bij/);
    }
  });
});

describe('items', () => {
  it('pages the 16 wijken with numberMatched, numberReturned and next/prev links until every wijk is read once', async () => {
    const [{ n }] = (await db.query<{ n: number }>(`SELECT count(*)::int n FROM district WHERE level = 'wijk'`)) as [{ n: number }];
    expect(n).toBe(16);
    const seen: string[] = [];
    let path: string | undefined = '/ogc/collections/wijken/items?limit=5';
    let pages = 0;
    while (path) {
      const { res, fc } = await items(path, { Host: '127.0.0.1:8123' });
      expect(res.headers.get('content-type')).toBe('application/geo+json');
      expect(res.headers.get('content-crs')).toBe(`<${CRS84}>`);
      expect(fc.numberMatched).toBe(16);
      expect(fc.numberReturned).toBe(fc.features.length);
      expect(Date.parse(fc.timeStamp)).not.toBeNaN();
      if (pages > 0) expect(link(fc.links, 'prev')).toMatch(/^http:\/\/127\.0\.0\.1:8123\/ogc\/collections\/wijken\/items\?/);
      else expect(link(fc.links, 'prev')).toBeUndefined();
      seen.push(...fc.features.map((f) => String(f.id)));
      const next = link(fc.links, 'next');
      if (next) expect(next.startsWith('http://127.0.0.1:8123/ogc/collections/wijken/items?')).toBe(true);
      path = next ? local(next) : undefined;
      pages++;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(16);
    const centrum = (await items('/ogc/collections/wijken/items?limit=16')).fc.features.find((f) => f.id === 'WK020001')!;
    expect(centrum.properties).toMatchObject({ code: 'WK020001', naam: 'Centrum', niveau: 'wijk', inwoners: 8065, inwoners_jaar: 2024, woningen: 4945, misdrijven: 1505, misdrijven_jaar: 2025 });
  });

  it('keeps the other parameters in the paging links', async () => {
    const { fc } = await items('/ogc/collections/postcodegebieden/items?limit=10&crs=' + encodeURIComponent(RD));
    const next = new URL(link(fc.links, 'next')!);
    expect(next.searchParams.get('crs')).toBe(RD);
    expect(next.searchParams.get('offset')).toBe('10');
    expect(next.searchParams.get('limit')).toBe('10');
  });

  it('filters by bbox in CRS84 and in RD New, as PostGIS intersects', async () => {
    // A small box around a point inside wijk Centrum.
    const [p] = await db.query<{ x: number; y: number; lon: number; lat: number }>(
      `SELECT ST_X(pt) x, ST_Y(pt) y, ST_X(ST_Transform(pt, 4326)) lon, ST_Y(ST_Transform(pt, 4326)) lat FROM (SELECT ST_PointOnSurface(geom) pt FROM district WHERE code = 'WK020001') s`,
    );
    const wgs = [p!.lon - 0.001, p!.lat - 0.001, p!.lon + 0.001, p!.lat + 0.001];
    const rd = [p!.x - 50, p!.y - 50, p!.x + 50, p!.y + 50];
    const [want] = await db.query<{ n: number }>(`SELECT count(*)::int n FROM district WHERE level = 'postcode' AND ST_Intersects(geom, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 4326), 28992))`, wgs);
    const a = (await items(`/ogc/collections/postcodegebieden/items?bbox=${wgs.join(',')}`)).fc;
    expect(a.numberMatched).toBe(want!.n);
    expect(a.numberMatched).toBeGreaterThan(0);
    expect(a.numberMatched).toBeLessThan(33);
    const w = (await items(`/ogc/collections/wijken/items?bbox=${rd.join(',')}&bbox-crs=${encodeURIComponent(RD)}`)).fc;
    expect(w.features.map((f) => f.id)).toEqual(['WK020001']);
    const none = (await items('/ogc/collections/wijken/items?bbox=4.0,52.0,4.1,52.1')).fc;
    expect(none).toMatchObject({ numberMatched: 0, numberReturned: 0, features: [] });
    // The whole world (PROJ cannot transform it to RD New; clipped to the Netherlands first) and a box far away.
    expect((await items('/ogc/collections/wijken/items?bbox=-180,-90,180,90')).fc.numberMatched).toBe(16);
    expect((await items('/ogc/collections/wijken/items?bbox=100,-50,120,-40')).fc.numberMatched).toBe(0);
    expect((await app.request('/ogc/collections/wijken/items?bbox=0,0,200,100')).status).toBe(400);
  });

  it('returns coordinates in RD New metres with crs=EPSG:28992, and says so in Content-Crs', async () => {
    const { res, fc } = await items(`/ogc/collections/gemeente/items?crs=${encodeURIComponent(RD)}`);
    expect(res.headers.get('content-crs')).toBe(`<${RD}>`);
    const ring = (fc.features[0]!.geometry!.coordinates as number[][][][])[0]![0]!;
    const [[minx, miny, maxx, maxy]] = (await db.query<{ a: number; b: number; c: number; d: number }>(`SELECT ST_XMin(geom) a, ST_YMin(geom) b, ST_XMax(geom) c, ST_YMax(geom) d FROM district WHERE level = 'gemeente'`)).map((r) => [r.a, r.b, r.c, r.d]) as [[number, number, number, number]];
    for (const [x, y] of ring) {
      expect(x).toBeGreaterThanOrEqual(minx - 0.01);
      expect(x).toBeLessThanOrEqual(maxx + 0.01);
      expect(y).toBeGreaterThanOrEqual(miny - 0.01);
      expect(y).toBeLessThanOrEqual(maxy + 0.01);
    }
    // One feature, also in RD.
    const one = await app.request(`/ogc/collections/wijken/items/WK020001?crs=${encodeURIComponent(RD)}`);
    expect(one.status).toBe(200);
    const f = (await one.json()) as { id: string; geometry: { coordinates: number[][][][] }; links: { rel: string }[] };
    expect(f.id).toBe('WK020001');
    expect(f.geometry.coordinates[0]![0]![0]![0]).toBeGreaterThan(150_000);
    expect(f.links.map((l) => l.rel)).toEqual(['self', 'collection']);
  });

  it('clamps a limit above 10,000 and refuses bad parameters with 400 problem+json in Dutch', async () => {
    const { fc } = await items('/ogc/collections/postcodegebieden/items?limit=50000');
    expect(fc.numberReturned).toBe(33);
    expect(new URL(link(fc.links, 'self')!).searchParams.get('limit')).toBe('10000');
    const bad = [
      `crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/3857')}`,
      `bbox-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4258')}&bbox=1,2,3,4`,
      'limit=0',
      'limit=1e3',
      'offset=-1',
      'bbox=1,2,3',
      'bbox=6,52,5,53',
      'f=html',
      'onbekend=1',
      'datetime=2025-01-01',
      'limit=1&limit=2',
    ];
    for (const q of bad) {
      const r = await app.request(`/ogc/collections/wijken/items?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(ProblemSchema.parse(await r.json()).detail.length).toBeGreaterThan(10);
    }
  });
});

describe('the hot spot grid', () => {
  type GridFc = { features: { id: string; properties: { aantal: number | null; x_rd: number; y_rd: number; celgrootte_m: number } }[]; numberMatched: number };
  const period = 'datetime=2025-06-01/2026-05-31';

  it('has 250 m cells by default, with counts of 1-4 suppressed for the public and exact for an analyst', async () => {
    const pub = (await json(`/ogc/collections/hotspot-raster/items?${period}&limit=10000`)).body as unknown as GridFc;
    const ana = (await json(`/ogc/collections/hotspot-raster/items?${period}&limit=10000`, analist)).body as unknown as GridFc;
    expect(pub.features[0]!.properties.celgrootte_m).toBe(250);
    expect(pub.numberMatched).toBe(ana.numberMatched);
    const small = ana.features.filter((f) => f.properties.aantal! > 0 && f.properties.aantal! < SUPPRESS_BELOW);
    expect(small.length).toBeGreaterThan(0); // can fail: the demo data has sparse cells
    const byId = new Map(pub.features.map((f) => [f.id, f.properties.aantal]));
    for (const f of small) expect(byId.get(f.id)).toBeNull();
    expect(pub.features.every((f) => f.properties.aantal === null || f.properties.aantal === 0 || f.properties.aantal >= SUPPRESS_BELOW)).toBe(true);
  });

  it('takes the grid parameters as query parameters: 50 m cells only for an analyst', async () => {
    const r = await app.request(`/ogc/collections/hotspot-raster/items?${period}&cell=50`);
    expect(r.status).toBe(403);
    const ana = (await json(`/ogc/collections/hotspot-raster/items?${period}&cell=50&limit=1`, analist)).body as unknown as GridFc;
    expect(ana.features[0]!.properties.celgrootte_m).toBe(50);
    expect((await app.request('/ogc/collections/hotspot-raster/items?cell=33')).status).toBe(400);
    expect((await app.request(`/ogc/collections/hotspot-raster/items?${period}&from=2025-01-01`)).status).toBe(400);
  });

  it('serves cells in RD New as squares of the cell size, filters them by bbox, and answers one cell by id', async () => {
    const all = (await json(`/ogc/collections/hotspot-raster/items?${period}&limit=10000&crs=${encodeURIComponent(RD)}`)).body as unknown as GridFc & {
      features: { geometry: { coordinates: number[][][] } }[];
    };
    const c = all.features[0]!;
    const { x_rd: x, y_rd: y } = c.properties;
    expect(c.geometry.coordinates[0]).toEqual([[x, y], [x + 250, y], [x + 250, y + 250], [x, y + 250], [x, y]]);
    // A box inside that one cell finds exactly it.
    const inCell = (await json(`/ogc/collections/hotspot-raster/items?${period}&bbox=${x + 10},${y + 10},${x + 20},${y + 20}&bbox-crs=${encodeURIComponent(RD)}`)).body as unknown as GridFc;
    expect(inCell.features.map((f) => f.id)).toEqual([c.id]);
    const one = await app.request(`/ogc/collections/hotspot-raster/items/${c.id}?${period}`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { id: string }).id).toBe(c.id);
  });
});

describe('roles', () => {
  it('lists a restricted collection only to callers with its permission; others get 401 (public) or 403', async () => {
    const ids = async (h: Record<string, string> = {}) => ((await json('/ogc/collections', h)).body.collections as { id: string }[]).map((c) => c.id);
    expect(await ids()).not.toContain(restricted.id);
    expect(await ids(partner)).not.toContain(restricted.id);
    expect(await ids(analist)).toContain(restricted.id);
    for (const path of [`/ogc/collections/${restricted.id}`, `/ogc/collections/${restricted.id}/items`, `/ogc/collections/${restricted.id}/items/1`]) {
      const pub = await app.request(path);
      expect(pub.status, path).toBe(401);
      expect(((await pub.json()) as { type: string }).type).toBe('/problems/login-vereist');
      const par = await app.request(path, { headers: partner });
      expect(par.status, path).toBe(403);
      expect((await app.request(path, { headers: analist })).status, path).toBe(200);
    }
  });

  it('accepts a personal API token (Authorization: Bearer) and refuses an unknown one', async () => {
    const res = await app.request('/api/auth/tokens', { method: 'POST', headers: { ...analist, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'qgis' }) });
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    const { fc } = await items(`/ogc/collections/${restricted.id}/items`, { Authorization: `Bearer ${token}` });
    expect(fc.numberMatched).toBe(3);
    const bad = await app.request('/ogc/collections', { headers: { Authorization: 'Bearer vk_onbekend' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('registers as collections', () => {
  const CONTACT = { name: 'Ogc Testpersoon', phone: '055-000 1234', email: 'ogc.test@example.org' };
  const ids: Record<string, string> = { groups: 'whatsapp-groepen', parks: 'recreatieparken', 'fire-compartments': 'brandcompartimenten' };
  function feature(path: string, [x, y]: [number, number]) {
    const geometry = { type: 'Polygon', coordinates: [[[x - 0.001, y - 0.001], [x + 0.001, y - 0.001], [x + 0.001, y + 0.001], [x - 0.001, y + 0.001], [x - 0.001, y - 0.001]]] };
    const properties =
      path === 'groups'
        ? { name: 'OGC groep', status: 'actief', contact: CONTACT }
        : path === 'parks'
          ? { name: 'OGC park', kind: 'bungalowpark', capacity: { units: 10, beds: 40 }, evacuationPlan: { status: 'geen' }, contact: CONTACT }
          : { name: 'OGC compartiment', riskClass: 'hoog', contact: CONTACT };
    return { type: 'Feature', geometry, properties };
  }

  // The actions register is not an OGC collection (its row rule for non-public actions is not applied there).
  it.each(REGISTERS.filter((r) => r.name !== 'actions').map((r) => [r.path] as const))('serves register %s: items count equals the register list, the public gets no contact fields, RD New output', async (path) => {
    const app0 = app;
    const red = withHeaders(app0, await loginAs(app0, db, 'redacteur'));
    const [c] = await db.query<{ x: number; y: number }>(`SELECT ST_X(p) x, ST_Y(p) y FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) p FROM district WHERE code = 'WK020012') s`);
    const made = await red.request(`/api/${path}`, { method: 'POST', body: JSON.stringify(feature(path, [Number(c!.x), Number(c!.y)])), headers: { 'Content-Type': 'application/json' } });
    expect(made.status, await made.clone().text()).toBe(201);
    const madeId = ((await made.json()) as { id: number }).id;
    const list = (await (await red.request(`/api/${path}`)).json()) as { meta: { count: number } };
    const id = ids[path]!;
    const pub = await items(`/ogc/collections/${id}/items?limit=1000`);
    expect(pub.fc.numberMatched).toBe(list.meta.count);
    expect(pub.fc.features).toHaveLength(list.meta.count);
    const text = JSON.stringify(pub.fc);
    for (const leak of [CONTACT.phone, CONTACT.email, CONTACT.name, '"contact"']) expect(text).not.toContain(leak);
    const mine = pub.fc.features.find((f) => f.id === madeId)!;
    expect(mine.properties.name).toMatch(/^OGC /);
    // A redacteur (registers:contacts) gets the contact, as in the register's own answer.
    const redItem = (await (await red.request(`/ogc/collections/${id}/items/${madeId}`)).json()) as { properties: Record<string, unknown> };
    expect(JSON.stringify(redItem.properties)).toContain(CONTACT.phone);
    // bbox around the record finds it; RD New output has metre coordinates.
    const box = [Number(c!.x) - 0.0005, Number(c!.y) - 0.0005, Number(c!.x) + 0.0005, Number(c!.y) + 0.0005].join(',');
    const inBox = (await items(`/ogc/collections/${id}/items?bbox=${box}&crs=${encodeURIComponent(RD)}`)).fc;
    expect(inBox.features.map((f) => f.id)).toContain(madeId);
    const coord = JSON.stringify(inBox.features.find((f) => f.id === madeId)!.geometry).match(/-?\d+(\.\d+)?/g)!.map(Number);
    expect(coord[0]).toBeGreaterThan(100000);
    const none = (await items(`/ogc/collections/${id}/items?bbox=4.0,52.0,4.1,52.1`)).fc;
    expect(none.numberMatched).toBe(0);
    expect((await red.request(`/api/${path}/${madeId}`, { method: 'DELETE' })).status).toBe(200);
  });
});
