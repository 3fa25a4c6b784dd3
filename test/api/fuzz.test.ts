/**
 * Property-based fuzzing (fast-check) of every API route and every importer on a real database.
 *
 * Routes (/api and /ogc) are enumerated from the Hono app itself (app.routes), so a new route is
 * fuzzed without touching this file; its query parameters come from the OpenAPI document (the zod contract),
 * plus made-up ones. Each input is malformed in some way (odd numbers, dates, encodings, content
 * types, broken JSON/CSV/GeoJSON/GeoPackage, mutated valid bodies).
 *
 * The property: the answer is a 4xx application/problem+json (with a detail) or a valid 2xx,
 * never a 5xx; and after a rejection the database is unchanged (a fingerprint of row counts, max
 * ids and a checksum of the ids per table). The district importer has no HTTP route: it is
 * called directly, and must refuse with a DistrictImportError (its user-facing error) or succeed.
 *
 * Inputs are sent as a logged-in caller with every role (analist + beheerder, session cookie and
 * CSRF token), so each route's validation is really reached; one input in four goes as the public
 * (no login), whose answers must be a 401/403 problem+json or an aggregate 2xx all the same.
 * Accounts, organisations, tokens and settings are part of the fingerprint; sessions, audit rows
 * and failed-login counts are not (a refusal is allowed, even meant, to record those).
 *
 * numRuns per property: VK_FUZZ_RUNS (default 30 per route and 80 per importer, so the suite
 * stays fast); `npm run fuzz` runs 25 times more. The figures are printed at the end.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../server/contract/common.js';
import type { Db } from '../../server/db/db.js';
import { importDistricts } from '../../server/ingest/districts/import.js';
import { DistrictImportError } from '../../server/ingest/districts/types.js';
import { openApiDocument } from '../../server/openapi.js';
import { createApp } from '../../server/app.js';
import { isGuardedPath } from '../../server/auth/middleware.js';
import { loginAs, testApp, withHeaders, testConfig } from '../support/db.js';

const SCALE = Number(process.env.VK_FUZZ_RUNS ?? '') || 1;
/** VK_FUZZ_RUNS: a number of runs per property (>= 10), or a factor (< 10) on the defaults. */
const runs = (base: number) => (SCALE >= 10 ? SCALE : Math.round(base * SCALE));
const ROUTE_RUNS = runs(30);
const IMPORT_RUNS = runs(80);
const SEED = Number(process.env.VK_FUZZ_SEED ?? '') || undefined;

const fixture = (p: string) => readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)));
const CSV = fixture('incidents-api/politie-export.csv').toString('utf8');
const GEOJSON = fixture('incidents-api/incidenten.geojson').toString('utf8');
const GPKG = new Uint8Array(fixture('districts/buurten.gpkg'));
const DISTRICT_GEOJSON = fixture('districts/buurt-BU02000101-wgs84.geojson').toString('utf8');

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
/** The public app (no login). */
let publicApp: App;
/** The same app as a logged-in analist + beheerder (re-logged in when a fuzzed input ends the session). */
let app: App;
/** The database fingerprint as of the last accepted state-changing input. */
let current = '';

const figures = { inputs: 0, publicInputs: 0, status5xx: 0, rejections: 0, changedAfterRejection: 0, accepted: 0 };

/** Row counts, max ids and an id checksum of every table an input could change. */
async function fingerprint(): Promise<string> {
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(md5(string_agg(source_id, ',' ORDER BY id)), '') FROM incident) AS incident,
            (SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM import_batch) AS batch,
            (SELECT count(*) || ':' || coalesce(md5(string_agg(code, ',' ORDER BY code)), '') || ':' || coalesce(sum(ST_NPoints(geom)), 0) FROM district) AS district,
            (SELECT count(*) FROM district_figures) AS figures,
            (SELECT count(*) || ':' || coalesce(max(id), 0) FROM knox_run) AS knox,
            (SELECT count(*) FROM dataset) AS dataset,
            (SELECT count(*) || ':' || coalesce(md5(string_agg(id || username || display_name || coalesce(email, '') || coalesce(password_hash, '') || must_change_password || disabled || coalesce(organisation_id, 0), ',' ORDER BY id)), '') FROM app_user) AS users,
            (SELECT count(*) || ':' || coalesce(md5(string_agg(user_id || role, ',' ORDER BY user_id, role)), '') FROM user_role) AS roles,
            (SELECT count(*) || ':' || coalesce(md5(string_agg(id || name || kind, ',' ORDER BY id)), '') FROM organisation) AS organisations,
            (SELECT count(*) || ':' || count(*) FILTER (WHERE revoked_at IS NOT NULL) FROM api_token) AS tokens,
            (SELECT count(*) || ':' || coalesce(md5(string_agg(key || value::text, ',' ORDER BY key)), '') FROM app_setting) AS settings`,
  );
  return JSON.stringify(r);
}

// ------------------------------------------------------------------------------------------
// Value generators
// ------------------------------------------------------------------------------------------

const nastyText = fc.constantFrom(
  '', ' ', '0', '-0', '-1', '0x10', '1e3', '1E-7', '+5', '.5', '5.', 'NaN', 'Infinity', '-Infinity', '1_000', '١٢٣',
  '9999-12-31', '0000-01-01', '1899-12-31', '2100-12-31', '2101-01-01', '2024-02-30', '2024-13-01', '24-01-01', '2024-1-1',
  '31-12-2024', '2024-01-01T25:00', 'true', 'false', 'null', 'undefined', '[]', '{}', '%', '%00', '\u0000', '\uffff', '\ud800',
  'woninginbraak', 'woninginbraak,', ',,,', 'fietsdiefstal', 'WK020001', 'BU02000101', 'GM0200', '7311', 'SD-x', 'WK999999',
  'wijken', 'hotspot-raster', 'http://www.opengis.net/def/crs/EPSG/0/28992', '5.9,52.2,6.0,52.3', '190000,465000,195000,470000', '2025-01-01/..',
  '100', '250', '500', '50', '5000', '5001', '1', '10', '2000', '90', '91', '194100,469300,100', '1,2,0', '1,2,99999',
  'a'.repeat(5000), '<script>', "' OR 1=1 --", '../../etc/passwd', 'Ω≈ç√∫', '😀',
);
const anyText = fc.oneof(nastyText, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.integer().map(String), fc.double().map(String));

/** Query strings: the route's own parameters (from the contract) plus made-up ones, sometimes repeated. */
function queryArb(names: string[]) {
  const known = names.length > 0 ? fc.constantFrom(...names) : fc.constant('x');
  const pair = fc.tuple(fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }), anyText);
  return fc.array(pair, { maxLength: 6 }).map((pairs) => {
    const sp = new URLSearchParams();
    for (const [k, v] of pairs) sp.append(k, v);
    const s = sp.toString();
    return s ? `?${s}` : '';
  });
}

const square = { type: 'Polygon', coordinates: [[[5.95, 52.2], [5.96, 52.2], [5.96, 52.21], [5.95, 52.21], [5.95, 52.2]]] };

/** Replaces one random node of a JSON value by a random JSON value (structure-aware mutation). */
function mutate(value: unknown) {
  return fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })).map(([path, repl]) => {
    const root = structuredClone(value) as unknown;
    let node = root as Record<string, unknown> | unknown[];
    for (let i = 0; i < path.length; i++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = keys[path[i]! % keys.length]!;
      const child = (node as Record<string, unknown>)[key];
      if (i === path.length - 1 || typeof child !== 'object' || child === null) {
        (node as Record<string, unknown>)[key] = repl;
        break;
      }
      node = child as Record<string, unknown>;
    }
    return root;
  });
}

const validBodies: Record<string, unknown> = {
  '/api/hotspots/hot-times': { from: '2024-01-01', to: '2024-12-31', kinds: ['woninginbraak'], area: square },
  '/api/nearrepeat/knox': { permutations: 19, seed: 1, spatialBreaks: [0, 100, 'Inf'], temporalBreaks: [0, 7, 'Inf'] },
};

const contentTypes = fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/geo+json', 'text/csv', 'text/plain', 'text/csv; charset=utf-16',
  'multipart/form-data', 'multipart/form-data; boundary=x', 'application/octet-stream', ';;;===', '', 'image/png', 'application/x-www-form-urlencoded',
);

function jsonBodyArb(path: string) {
  const valid = validBodies[path];
  const asText = (v: unknown) => JSON.stringify(v) ?? 'null';
  return fc.oneof(
    ...(valid ? [mutate(valid).map(asText), mutate(valid).map(asText), fc.constant(asText(valid))] : []),
    fc.json({ maxDepth: 4 }),
    fc.string({ maxLength: 60 }),
    fc.nat({ max: 60 }).map((n) => '['.repeat(n * 1000)),
    fc.nat({ max: 200 }).map((n) => `{"area":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  );
}

// Incident files: a CSV from known header aliases and junk cells, a GeoJSON from mutated features.
const headerCells = fc.constantFrom('id', 'registratienummer', 'soort', 'delict', 'van', 'tot', 'begindatum', 'x', 'y', 'lat', 'lon', 'adres', 'postcode', 'werkwijze', 'woningtype', 'begintijd', 'eindtijd', 'onbekend', '', '"', 'sep=;');
const cell = fc.oneof(nastyText, fc.constantFrom('194373', '469639', '52.21', '5.96', '15-01-2024 18:30', '2024-01-15', 'Woninginbraak', 'poging'), fc.string({ maxLength: 15 }));
const csvArb = fc
  .tuple(
    fc.constantFrom(';', ',', '\t', '|'),
    fc.array(headerCells, { minLength: 0, maxLength: 8 }),
    fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([sep, header, rows, nl]) => [header.join(sep), ...rows.map((r) => r.join(sep))].join(nl));
const csvMutation = fc
  .tuple(fc.nat(), fc.nat({ max: 40 }), fc.string({ unit: 'binary', maxLength: 10 }))
  .map(([at, cut, insert]) => {
    const i = at % CSV.length;
    return CSV.slice(0, i) + insert + CSV.slice(i + cut);
  });
const geojsonDoc = JSON.parse(GEOJSON) as unknown;
const geojsonArb = fc.oneof(mutate(geojsonDoc).map((d) => JSON.stringify(d) ?? ''), fc.json({ maxDepth: 5 }), fc.string({ maxLength: 80 }).map((s) => `{"type":"FeatureCollection","features":[${s}`));
const encodings = fc.constantFrom('utf8', 'utf16le', 'latin1', 'utf16be', 'bom8') as fc.Arbitrary<string>;
function encode(text: string, enc: string): Uint8Array<ArrayBuffer> {
  const b = enc === 'utf16be' ? Buffer.from(text, 'utf16le').swap16() : enc === 'bom8' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) : Buffer.from(text, enc as BufferEncoding);
  return new Uint8Array(b);
}
const importBody = fc.tuple(fc.oneof(csvArb, csvMutation, geojsonArb), encodings).map(([t, e]) => encode(t, e));

// ------------------------------------------------------------------------------------------
// The property
// ------------------------------------------------------------------------------------------

/** Sends one request and checks the property; returns the status. */
async function check(method: string, url: string, init: { body?: Uint8Array<ArrayBuffer> | string; type?: string; asPublic?: boolean } = {}): Promise<number> {
  figures.inputs++;
  if (init.asPublic) figures.publicInputs++;
  const headers: Record<string, string> = {};
  if (init.type !== undefined) headers['Content-Type'] = init.type;
  const res = await (init.asPublic ? publicApp : app).request(url, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  if (res.status >= 500) {
    figures.status5xx++;
    expect.fail(`${method} ${url} (${init.type ?? '-'}, ${String(init.body ?? '').slice(0, 120)}) -> ${res.status} ${text.slice(0, 300)}`);
  }
  if (res.status >= 400) {
    figures.rejections++;
    expect(res.headers.get('content-type'), `${method} ${url}`).toBe('application/problem+json');
    const p = ProblemSchema.parse(JSON.parse(text));
    expect(p.status).toBe(res.status);
    expect(p.detail.length).toBeGreaterThan(0);
    if ((await fingerprint()) !== current) {
      figures.changedAfterRejection++;
      expect.fail(`${method} ${url} was rejected (${res.status}) but changed the database`);
    }
  } else if (res.status >= 300) {
    // An OGC path with a trailing slash is redirected to the canonical path (GIS clients).
    figures.accepted++;
    expect(method, url).toBe('GET');
    expect(res.status, url).toBe(301);
    expect(new URL(res.headers.get('location') ?? '', 'http://localhost').pathname, url).toBe(new URL(url, 'http://localhost').pathname.replace(/\/$/, ''));
  } else {
    figures.accepted++;
    const type = res.headers.get('content-type') ?? '';
    if (type.startsWith('application/json')) JSON.parse(text);
    else expect(type).toMatch(/^(text\/(plain|csv|css|html)|application\/pdf)/); // zone letters; CSV downloads; the park card page, its stylesheet and PDF
    // A started Knox job writes its result later: wait for it, so it cannot look like a change
    // caused by a later rejected input.
    if (res.status === 202) await waitForJob(JSON.parse(text) as { jobId: string });
    if (method !== 'GET') {
      await ensureSession();
      current = await fingerprint();
    }
  }
  return res.status;
}

/**
 * A fuzzed input may be accepted and end or weaken our own session (logout, logout everywhere,
 * a PATCH of our own account): then log in again as a new analist + beheerder.
 */
async function ensureSession() {
  const res = await app.request('/api/auth/me');
  const me = (await res.json()) as { authenticated?: boolean; roles?: string[]; user?: { mustChangePassword: boolean } | null };
  if (res.status === 200 && me.authenticated && me.roles?.includes('analist') && me.roles.includes('beheerder') && !me.user?.mustChangePassword) return;
  app = withHeadersOf(await loginAs(publicApp, db, ['analist', 'beheerder']));
}

async function waitForJob(started: { jobId: string }) {
  for (let i = 0; i < 2000; i++) {
    const r = (await (await app.request(`/api/nearrepeat/knox/${started.jobId}`)).json()) as { status: string };
    if (r.status !== 'running') return;
    await new Promise((res) => setImmediate(res));
  }
}

interface RouteInfo {
  method: string;
  path: string;
}

/** Every API route of an app (Hono's route table; middleware and catch-alls left out). */
function apiRoutes(a: { routes: { method: string; path: string }[] }): RouteInfo[] {
  const seen = new Set<string>();
  const out: RouteInfo[] = [];
  for (const r of a.routes) {
    if (!isGuardedPath(r.path) || r.path === '/api' || r.path.includes('*') || r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method, path: r.path });
  }
  return out;
}

/**
 * The tests are declared before beforeAll opens the database, so the route table for declaring
 * them comes from an app built without one (building the app touches no database).
 */
const ROUTES = apiRoutes(createApp({ db: undefined as unknown as Db, config: testConfig() }))
  // Deleting routes last, so the seeded incidents are there for the analyses.
  .sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

function queryNames(method: string, path: string): string[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
  const op = doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
  return (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

const pathValue = fc.oneof(nastyText, fc.string({ maxLength: 20 }), fc.uuid(), fc.nat().map(String));
function fillPath(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/:(\w+)/g, () => {
    const v = values[i++] ?? 'x';
    try {
      return encodeURIComponent(v);
    } catch {
      return '%ED%A0%80'; // a lone surrogate: send the invalid UTF-8 it would be
    }
  });
}

function withHeadersOf(auth: Record<string, string>): App {
  return withHeaders(publicApp, auth);
}

beforeAll(async () => {
  ({ db, app: publicApp } = await testApp());
  app = withHeadersOf(await loginAs(publicApp, db, ['analist', 'beheerder']));
  // Some real incidents so the analyses have something to compute (and a batch to delete).
  const res = await app.request('/api/incidents/import?name=fuzz-seed.csv', { method: 'POST', body: CSV, headers: { 'Content-Type': 'text/csv' } });
  expect(res.status).toBe(200);
  current = await fingerprint();
});

afterAll(async () => {
  console.log(
    `fuzz figures: ${figures.inputs} inputs tried (${figures.publicInputs} of them without login), ${figures.accepted} accepted (2xx), ${figures.rejections} rejected (4xx), ` +
      `${figures.status5xx} answers 5xx, ${figures.changedAfterRejection} database changes after a rejection`,
  );
  await db?.close();
});

describe('fuzz: every API route', () => {
  it('routes are enumerated from the app', () => {
    const routes = apiRoutes(app).map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(expect.arrayContaining(['GET /api/hotspots/grid', 'POST /api/incidents/import', 'POST /api/nearrepeat/knox', 'GET /api/districts/:code']));
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}`, async () => {
      const names = queryNames(route.method, route.path);
      const isJson = route.method === 'POST' && route.path !== '/api/incidents/import';
      const isImport = route.path === '/api/incidents/import';
      const body = isImport ? importBody : isJson ? jsonBodyArb(route.path).map((s) => new TextEncoder().encode(s)) : fc.constant(undefined);
      const type = isJson ? fc.oneof({ weight: 5, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: contentTypes }) : isImport ? contentTypes : fc.constant(undefined);
      await fc.assert(
        fc.asyncProperty(queryArb(names), fc.array(pathValue, { minLength: 3, maxLength: 3 }), body, type, fc.nat({ max: 3 }), async (query, pathValues, b, t, who) => {
          const url = fillPath(route.path, pathValues) + query;
          await check(route.method, url, { ...(b !== undefined ? { body: b } : {}), ...(t !== undefined ? { type: t } : {}), asPublic: who === 0 });
        }),
        { numRuns: isImport ? IMPORT_RUNS : ROUTE_RUNS, ...(SEED ? { seed: SEED } : {}) },
      );
    });
  }
});

describe('fuzz: importers', () => {
  it('incident CSV and GeoJSON over HTTP: dry runs and real imports', async () => {
    await fc.assert(
      fc.asyncProperty(importBody, fc.boolean(), fc.constantFrom('text/csv', 'application/geo+json', 'application/octet-stream', undefined), async (bytes, dryRun, type) => {
        await check('POST', `/api/incidents/import?dryRun=${dryRun}`, { body: bytes, ...(type ? { type } : {}) });
      }),
      { numRuns: IMPORT_RUNS, ...(SEED ? { seed: SEED } : {}) },
    );
  });

  it('incident multipart uploads', async () => {
    await fc.assert(
      fc.asyncProperty(importBody, fc.string({ maxLength: 20 }), fc.constantFrom('file', 'bestand', ''), async (bytes, name, field) => {
        const form = new FormData();
        form.set(field, new File([bytes], name || 'x.csv', { type: 'text/csv' }));
        const req = new Request('http://localhost/api/incidents/import?dryRun=true', { method: 'POST', body: form });
        const raw = new Uint8Array(await req.arrayBuffer());
        await check('POST', '/api/incidents/import?dryRun=true', { body: raw, type: req.headers.get('content-type')! });
      }),
      { numRuns: runs(40), ...(SEED ? { seed: SEED } : {}) },
    );
  });

  async function districtImport(fileName: string, data: Uint8Array) {
    figures.inputs++;
    try {
      await importDistricts(db, { fileName, data }, {});
      figures.accepted++;
      current = await fingerprint();
    } catch (err) {
      if (!(err instanceof DistrictImportError)) {
        figures.status5xx++;
        throw err;
      }
      figures.rejections++;
      if ((await fingerprint()) !== current) {
        figures.changedAfterRejection++;
        expect.fail(`district import of ${fileName} was refused but changed the database`);
      }
    }
  }

  it('district GeoJSON', async () => {
    const doc = JSON.parse(DISTRICT_GEOJSON) as unknown;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutate(doc).map((d) => JSON.stringify(d) ?? ''), fc.json({ maxDepth: 5 }), fc.string({ maxLength: 50 })), async (text) => {
        await districtImport('fuzz.geojson', new TextEncoder().encode(text));
      }),
      { numRuns: runs(50), ...(SEED ? { seed: SEED } : {}) },
    );
  });

  it('district GeoPackage (flipped bytes, truncated files, junk)', async () => {
    const mutated = fc.oneof(
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }).map((flips) => {
        const copy = GPKG.slice();
        for (const [at, v] of flips) copy[at % copy.length] = v;
        return copy;
      }),
      fc.nat().map((n) => GPKG.slice(0, n % GPKG.length)),
      fc.uint8Array({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (data) => {
        await districtImport('fuzz.gpkg', data);
      }),
      { numRuns: runs(20), ...(SEED ? { seed: SEED } : {}) },
    );
  });
});

