/**
 * The access matrix, generated from the route table: every API route the app registers must
 * have a rule (a new route without one fails here), and for every role each route either answers
 * or refuses exactly as server/auth/roles.ts says (401 without login, 403 with one). A public
 * caller gets no incident point, address, police id or zone member through any route it may call,
 * and small counts are suppressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { ROUTE_TABLE } from '../../server/auth/route-table.js';
import { ROLES, ROLE_PERMISSIONS, type AssignableRole, type Role } from '../../server/auth/roles.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { SUPPRESS_BELOW } from '../../server/domain/privacy.js';
import { isGuardedPath } from '../../server/auth/middleware.js';
import { loginAs, testApp } from '../support/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let app: App;
const sessions = new Map<Role, Record<string, string>>();

beforeAll(async () => {
  ({ db, app } = await testApp());
  await ensureDemoIncidents(db, { demo: true }, new Date('2026-06-01T12:00:00Z'));
  await ensureDemoRegisters(db, { demo: true }, REGISTERS, systemCaller('demo'), new Date('2026-06-01T12:00:00Z'));
  for (const role of ROLES) sessions.set(role, role === 'publiek' ? {} : await loginAs(app, db, role as AssignableRole));
});
afterAll(async () => db?.close());

/** The app's own list of API and OGC API routes (method + path), as Hono registered them. */
function appRoutes(a: App): string[] {
  const keys = a.routes.filter((r) => r.method !== 'ALL' && isGuardedPath(r.path)).map((r) => `${r.method} ${r.path}`);
  return [...new Set(keys)].sort();
}

const SAMPLE: Record<string, string> = { ':id': '999999', ':code': 'WK020001', ':jobId': 'onbekend', ':collectionId': 'hotspot-raster', ':featureId': 'onbekend' };
const samplePath = (path: string) => path.replace(/:\w+/g, (p) => SAMPLE[p] ?? '1');
const SAFE = new Set(['GET', 'HEAD']);
/** Bodies that are refused by validation, so an allowed call changes nothing (and starts no Knox run). */
const BODY: Record<string, string> = { 'POST /api/nearrepeat/knox': '{"permutations":1}' };

function allowed(role: Role, rule: string): boolean {
  if (rule === 'public') return true;
  if (rule === 'authenticated') return role !== 'publiek';
  return (ROLE_PERMISSIONS[role] as readonly string[]).includes(rule) || (ROLE_PERMISSIONS.publiek as readonly string[]).includes(rule);
}

async function call(key: string, headers: Record<string, string>) {
  const [method, path] = key.split(' ') as [string, string];
  const init: RequestInit = { method, headers: { ...headers } };
  if (!SAFE.has(method)) {
    init.body = BODY[key] ?? '{}';
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  return app.request(samplePath(path), init);
}

describe('the route table', () => {
  it('has a rule for every API route the app registers, and no rule for a route that does not exist', () => {
    const routes = appRoutes(app);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContain('GET /ogc/collections/:collectionId/items');
    expect(routes.filter((k) => !(k in ROUTE_TABLE))).toEqual([]);
    expect(Object.keys(ROUTE_TABLE).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('refuses a route that was added without a rule (fail closed)', async () => {
    const { app: a, db: d } = await testApp();
    try {
      a.get('/api/zonder-regel', (c) => c.json({ geheim: true }));
      const res = await a.request('/api/zonder-regel');
      expect(res.status).toBe(403);
      expect(appRoutes(a).filter((k) => !(k in ROUTE_TABLE))).toEqual(['GET /api/zonder-regel']);
    } finally {
      await d.close();
    }
  });
});

describe('every route for every role', () => {
  for (const role of ROLES) {
    it(`${role}: refused exactly where the matrix says so`, async () => {
      const wrong: string[] = [];
      for (const [key, rule] of Object.entries(ROUTE_TABLE)) {
        // Logging out ends the shared session: those two run on a session of their own.
        const headers = key.startsWith('POST /api/auth/logout') && role !== 'publiek' ? await loginAs(app, db, role as AssignableRole) : sessions.get(role)!;
        const res = await call(key, headers);
        const ok = allowed(role, rule);
        const body = await res.text();
        if (ok && (res.status === 401 || res.status === 403)) wrong.push(`${key}: ${res.status} but allowed (${body.slice(0, 120)})`);
        if (!ok) {
          const want = role === 'publiek' ? 401 : 403;
          const type = role === 'publiek' ? '/problems/login-vereist' : '/problems/geen-toegang';
          if (res.status !== want) wrong.push(`${key}: ${res.status}, want ${want}`);
          else if (!res.headers.get('content-type')?.includes('application/problem+json') || (JSON.parse(body) as { type: string }).type !== type) wrong.push(`${key}: not a ${type} problem: ${body}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe('what the public sees', () => {
  // Register contact persons (personal data: registers:contacts) are in the demo registers too.
  const FORBIDDEN_KEYS = ['"address"', '"sourceId"', '"modusOperandi"', '"members"', '"memberIds"', '"type":"Point"', 'example.org', 'Demo-contactpersoon', '055-000 '];
  const QUERIES: Record<string, string> = {
    'GET /api/hotspots/grid': '?from=2025-06-01&to=2026-05-31',
    'GET /api/hotspots/kde': '?from=2025-06-01&to=2026-05-31',
    'GET /api/hotspots/rates': '?from=2025-06-01&to=2026-05-31',
    'GET /api/hotspots/hot-times': '?from=2025-06-01&to=2026-05-31',
    'GET /api/districts': '?level=wijk',
    'GET /ogc/collections/:collectionId/items': '?datetime=2025-06-01/2026-05-31&cell=100&limit=10000',
  };

  it('gets no point, address, police id or zone member from any GET route it may call', async () => {
    const leaks: string[] = [];
    for (const [key, rule] of Object.entries(ROUTE_TABLE)) {
      if (!key.startsWith('GET ') || !allowed('publiek', rule)) continue;
      // A register's GET /:id asks for record 1, which the demo data holds.
      const isRegisterRecord = REGISTERS.some((r) => key === `GET /api/${r.path}/:id`);
      const path = (isRegisterRecord ? key.slice(4).replace(':id', '1') : samplePath(key.slice(4))) + (QUERIES[key] ?? '');
      const res = await app.request(path);
      const text = await res.text();
      for (const k of FORBIDDEN_KEYS) if (text.includes(k)) leaks.push(`${key}: ${k}`);
    }
    expect(leaks).toEqual([]);
  });

  it('gets an OpenAPI document with only what it may call', async () => {
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/hotspots/grid');
    expect(Object.keys(doc.paths)).not.toContain('/api/incidents');
    expect(Object.keys(doc.paths)).not.toContain('/api/nearrepeat/zones');
    expect(Object.keys(doc.paths)).not.toContain('/api/users');
  });

  it('sees grid counts of 1-4 suppressed, where an analyst sees them', async () => {
    const q = '/api/hotspots/grid?from=2025-06-01&to=2026-05-31&cell=100';
    const pub = (await (await app.request(q)).json()) as { features: { properties: { x: number; y: number; count: number | null } }[] };
    const ana = (await (await app.request(q, { headers: sessions.get('analist')! })).json()) as typeof pub;
    const small = ana.features.filter((f) => f.properties.count! > 0 && f.properties.count! < SUPPRESS_BELOW);
    expect(small.length).toBeGreaterThan(0); // the test can fail: the demo data has sparse cells
    const byCell = new Map(pub.features.map((f) => [`${f.properties.x},${f.properties.y}`, f.properties.count]));
    for (const f of small) expect(byCell.get(`${f.properties.x},${f.properties.y}`)).toBeNull();
    expect(pub.features.every((f) => f.properties.count === null || f.properties.count === 0 || f.properties.count >= SUPPRESS_BELOW)).toBe(true);
  });

  it('gets hot times of a single 100 m cell with fewer than 5 incidents suppressed', async () => {
    const ana = (await (await app.request('/api/hotspots/grid?from=2025-06-01&to=2026-05-31&cell=100', { headers: sessions.get('analist')! })).json()) as {
      features: { properties: { x: number; y: number; count: number } }[];
    };
    const one = ana.features.find((f) => f.properties.count === 1)!;
    const q = `/api/hotspots/hot-times?from=2025-06-01&to=2026-05-31&cell=${one.properties.x},${one.properties.y},100`;
    const pub = (await (await app.request(q)).json()) as { count: number; suppressed?: boolean; matrix: number[] };
    expect(pub).toMatchObject({ count: 0, suppressed: true });
    expect(pub.matrix.every((v) => v === 0)).toBe(true);
    const exact = (await (await app.request(q, { headers: sessions.get('analist')! })).json()) as typeof pub;
    expect(exact.count).toBe(1);
    expect(exact.suppressed).toBeUndefined();
  });

  it('cannot ask for a KDE finer than 100 m cells or a 200 m bandwidth', async () => {
    expect((await app.request('/api/hotspots/kde?cell=50')).status).toBe(403);
    expect((await app.request('/api/hotspots/kde?bandwidth=50')).status).toBe(403);
    expect((await app.request('/api/hotspots/kde?cell=50', { headers: sessions.get('analist')! })).status).toBe(200);
  });
});
