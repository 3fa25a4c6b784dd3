/**
 * The registers (WhatsApp groups, holiday parks, fire compartments) through the API, on PGlite and
 * (with DATABASE_URL) PostgreSQL: CRUD round trip per register, bbox and district filters, 409 on a
 * stale version, contacts only for callers with registers:contacts (filtered in SQL), refusals,
 * audit rows in the change's transaction, history, geometry kinds, demo data and the CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { importRecords, listRecords } from '../../server/registers/service.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';
import { parks } from '../../server/registers/parks.js';
import { groups } from '../../server/registers/groups.js';
import { loginAs, testApp, withHeaders } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let pub: App;
let red: App;
let partner: App;
let beheerder: App;
let analist: App;

beforeAll(async () => {
  ({ db, app: pub } = await testApp());
  red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  partner = withHeaders(pub, await loginAs(pub, db, 'partner'));
  beheerder = withHeaders(pub, await loginAs(pub, db, 'beheerder'));
  analist = withHeaders(pub, await loginAs(pub, db, 'analist'));
});
afterAll(async () => db?.close());

/** A point inside a district (WGS84), from its real shape. */
async function inside(code: string): Promise<[number, number]> {
  const [r] = await db.query<{ x: number; y: number }>('SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM district WHERE code = $1) s', [code]);
  return [Number(r!.x), Number(r!.y)];
}

/** A small square (about 70 x 110 m) around a point, as a GeoJSON Polygon. */
function square([x, y]: [number, number], d = 0.0005) {
  return { type: 'Polygon' as const, coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] };
}

const CONTACT = { name: 'Jan Testpersoon', phone: '055-000 9999', email: 'jan.test@example.org' };

function body(path: string, at: [number, number], name: string): Record<string, unknown> {
  if (path === 'groups') return { type: 'Feature', geometry: square(at), properties: { name, status: 'actief', memberCount: 40, founded: '2019-03-01', signsPlaced: 2, contact: CONTACT } };
  if (path === 'parks')
    return {
      type: 'Feature',
      geometry: square(at),
      properties: {
        name,
        kind: 'bungalowpark',
        capacity: { units: 120, beds: 480 },
        evacuationPlan: { status: 'vastgesteld', date: '2024-04-01' },
        fireServiceVisits: [{ date: '2024-05-01', notes: 'bezoek' }],
        controlActions: [{ date: '2024-06-01', partners: ['gemeente', 'politie'], findings: ['geen bijzonderheden'] }],
        contact: CONTACT,
      },
    };
  return {
    type: 'Feature',
    geometry: square(at, 0.003),
    properties: {
      name,
      riskClass: 'hoog',
      measures: [{ description: 'brandsingel vrijhouden', owner: 'Staatsbosbeheer', status: 'afgesproken' }],
      agreements: [{ party: 'Kroondomein', description: 'maaien heide' }],
      accessRoutes: { type: 'LineString', coordinates: [at, [at[0] + 0.004, at[1] + 0.002]] },
      evacuationRoutes: { type: 'MultiLineString', coordinates: [[at, [at[0] - 0.004, at[1]]]] },
      contact: CONTACT,
    },
  };
}

const json = (b: unknown) => ({ body: JSON.stringify(b), headers: { 'Content-Type': 'application/json' } });
type Feature = { id: number; geometry: { type: string }; properties: Record<string, unknown> & { version: number; demo: boolean } };

async function create(path: string, at: [number, number], name: string): Promise<Feature> {
  const res = await red.request(`/api/${path}`, { method: 'POST', ...json(body(path, at, name)) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Feature;
}

async function auditRows(table: string, id: number) {
  return db.query<{ action: string }>('SELECT action FROM audit WHERE table_name = $1 AND record_id = $2 ORDER BY id', [table, String(id)]);
}

// The registers with contact persons (personal data); the actions register has none and its own
// tests (test/api/actions.test.ts).
describe.each(REGISTERS.filter((r) => r.personal.length > 0).map((r) => [r.path, r] as const))('register %s', (path, decl) => {
  it('creates, reads, updates (PUT and PATCH) and deletes a record, each audited', async () => {
    const at = await inside('WK020012');
    const made = await create(path, at, `Test ${path} rondgang`);
    expect(made.properties).toMatchObject({ name: `Test ${path} rondgang`, version: 1, demo: false, contact: CONTACT });
    expect(made.geometry.type).toBe('MultiPolygon');

    const got = (await (await red.request(`/api/${path}/${made.id}`)).json()) as Feature;
    expect(got).toEqual(made);

    // PUT the feature as read, with a new name: read-only properties are ignored.
    const put = await red.request(`/api/${path}/${made.id}`, { method: 'PUT', ...json({ ...got, properties: { ...got.properties, name: 'Nieuwe naam' } }) });
    expect(put.status, await put.clone().text()).toBe(200);
    const afterPut = (await put.json()) as Feature;
    expect(afterPut.properties).toMatchObject({ name: 'Nieuwe naam', version: 2, contact: CONTACT });

    const patch = await red.request(`/api/${path}/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'Gepatcht', version: 2 } }) });
    expect(patch.status, await patch.clone().text()).toBe(200);
    const afterPatch = (await patch.json()) as Feature;
    expect(afterPatch.properties).toMatchObject({ name: 'Gepatcht', version: 3, contact: CONTACT });
    // Everything else is unchanged by a PATCH.
    const { name: _a, version: _b, updatedAt: _c, ...restBefore } = afterPut.properties;
    const { name: _d, version: _e, updatedAt: _f, ...restAfter } = afterPatch.properties;
    expect(restAfter).toEqual(restBefore);

    const del = await red.request(`/api/${path}/${made.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await red.request(`/api/${path}/${made.id}`)).status).toBe(404);
    expect((await auditRows(decl.table, made.id)).map((r) => r.action)).toEqual(['create', 'update', 'update', 'delete']);
    if (decl.lines.length) {
      const [l] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM register_line WHERE register_table = $1 AND record_id = $2', [decl.table, made.id]);
      expect(l!.n).toBe(0);
    }
  });

  it('answers 409 with a Dutch detail on a stale version, and changes nothing', async () => {
    const made = await create(path, await inside('WK020014'), `Test ${path} versie`);
    const ok = await red.request(`/api/${path}/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'Eerste', version: 1 } }) });
    expect(ok.status).toBe(200);
    const stale = await red.request(`/api/${path}/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'Tweede', version: 1 } }) });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const p = (await stale.json()) as { detail: string; currentVersion: number };
    expect(p.detail).toMatch(/intussen gewijzigd.*versie 1.*versie 2/);
    expect(p.currentVersion).toBe(2);
    expect((await (await red.request(`/api/${path}/${made.id}`)).json()) as Feature).toMatchObject({ properties: { name: 'Eerste', version: 2 } });
    expect((await red.request(`/api/${path}/${made.id}?version=1`, { method: 'DELETE' })).status).toBe(409);
    expect((await red.request(`/api/${path}/${made.id}?version=2`, { method: 'DELETE' })).status).toBe(200);
  });

  it('gives the public and partners no contact data, the redacteur and beheerder do', async () => {
    const made = await create(path, await inside('WK020013'), `Test ${path} contact`);
    for (const [who, app] of [['publiek', pub], ['partner', partner], ['analist', analist]] as const) {
      for (const url of [`/api/${path}`, `/api/${path}/${made.id}`, `/api/${path}?format=csv`, `/api/${path}?format=geojson`]) {
        const res = await app.request(url);
        expect(res.status, `${who} ${url}`).toBe(200);
        const text = await res.text();
        expect(text, `${who} ${url}`).toContain(`Test ${path} contact`);
        for (const leak of [CONTACT.phone, CONTACT.email, CONTACT.name, '"contact"', 'contactpersoon', 'createdBy', 'test-redacteur']) expect(text, `${who} ${url}: ${leak}`).not.toContain(leak);
      }
    }
    for (const app of [red, beheerder]) {
      const text = await (await app.request(`/api/${path}/${made.id}`)).text();
      expect(text).toContain(CONTACT.phone);
      expect(text).toContain(CONTACT.email);
    }
  });

  it('refuses changes by the public (401) and a partner (403), and history without registers:contacts', async () => {
    const made = await create(path, await inside('WK020011'), `Test ${path} rechten`);
    const calls: [string, RequestInit][] = [
      [`/api/${path}`, { method: 'POST', ...json(body(path, [5.9, 52.2], 'x')) }],
      [`/api/${path}/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'x', version: 1 } }) }],
      [`/api/${path}/${made.id}`, { method: 'PUT', ...json(body(path, [5.9, 52.2], 'x')) }],
      [`/api/${path}/${made.id}`, { method: 'DELETE' }],
      [`/api/${path}/${made.id}/history`, { method: 'GET' }],
    ];
    for (const [url, init] of calls) {
      expect((await pub.request(url, init)).status, `publiek ${init.method} ${url}`).toBe(401);
      expect((await partner.request(url, init)).status, `partner ${init.method} ${url}`).toBe(403);
    }
    expect((await red.request(`/api/${path}/${made.id}`)).status).toBe(200);
    expect((await auditRows(decl.table, made.id)).map((r) => r.action)).toEqual(['create']);
  });

  it('shows the history of a record from the audit trail, newest first', async () => {
    const made = await create(path, await inside('WK020010'), `Test ${path} historie`);
    await red.request(`/api/${path}/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'Later', version: 1 } }) });
    const res = await beheerder.request(`/api/${path}/${made.id}/history`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as { entries: { action: string; username: string; before: { properties: { name: string } } | null; after: { properties: { name: string } } }[] };
    expect(h.entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(h.entries[0]!.before!.properties.name).toBe(`Test ${path} historie`);
    expect(h.entries[0]!.after.properties.name).toBe('Later');
    expect(h.entries[0]!.username).toMatch(/^test-redacteur/);
    expect((await red.request(`/api/${path}/999999/history`)).status).toBe(404);
  });

  it('refuses a geometry of the wrong kind with 422 and a Dutch detail', async () => {
    const b = body(path, [5.95, 52.2], 'Lijn');
    b.geometry = { type: 'LineString', coordinates: [[5.95, 52.2], [5.96, 52.21]] };
    const res = await red.request(`/api/${path}`, { method: 'POST', ...json(b) });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { detail: string }).detail).toMatch(new RegExp(`De geometrie van ${decl.label.withArticle} is .*geen LineString`));
    // Outside the Netherlands (or latitude/longitude swapped).
    b.geometry = square([52.2, 5.95]);
    const swapped = await red.request(`/api/${path}`, { method: 'POST', ...json(b) });
    expect(swapped.status).toBe(422);
    expect(((await swapped.json()) as { detail: string }).detail).toMatch(/buiten Nederland/);
    // A self-intersecting polygon (bow tie) is refused too.
    b.geometry = { type: 'Polygon', coordinates: [[[5.95, 52.2], [5.96, 52.21], [5.96, 52.2], [5.95, 52.21], [5.95, 52.2]]] };
    const bow = await red.request(`/api/${path}`, { method: 'POST', ...json(b) });
    expect(bow.status).toBe(422);
    expect(((await bow.json()) as { detail: string }).detail).toMatch(/ongeldig/);
  });
});

describe('filters', () => {
  it('bbox (WGS84) and district (intersects) select the records that touch them', async () => {
    const centrum = await inside('WK020001');
    const uddel = await inside('WK020010');
    const a = await create('groups', centrum, 'Filter Centrum');
    const b = await create('groups', uddel, 'Filter Uddel');
    const ids = async (url: string) => ((await (await pub.request(url)).json()) as { features: Feature[] }).features.map((f) => f.id);
    const inCentrum = await ids('/api/groups?district=WK020001');
    expect(inCentrum).toContain(a.id);
    expect(inCentrum).not.toContain(b.id);
    const box = `${centrum[0] - 0.001},${centrum[1] - 0.001},${centrum[0] + 0.001},${centrum[1] + 0.001}`;
    const inBox = await ids(`/api/groups?bbox=${box}`);
    expect(inBox).toContain(a.id);
    expect(inBox).not.toContain(b.id);
    expect(await ids('/api/groups?bbox=4.0,51.0,4.1,51.1')).toEqual([]);
    // The whole world, or a box far from the Netherlands: clipped to where RD New is defined.
    expect(await ids('/api/groups?bbox=-180,-90,180,90')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('/api/groups?bbox=170,80,180,90')).toEqual([]);
    expect((await pub.request('/api/groups?district=WK029999')).status).toBe(404);
    expect((await pub.request('/api/groups?bbox=6,52,5,53')).status).toBe(400);
  });
});

describe('parks', () => {
  it('derive their size class from capacity with the configurable threshold', async () => {
    const made = await create('parks', await inside('WK020012'), 'Groot park');
    expect(made.properties.sizeClass).toBe('groot');
    await db.query(`INSERT INTO app_setting (key, value) VALUES ('register:parks', '{"largeFromUnits": 500, "largeFromBeds": 5000}')`);
    try {
      expect(((await (await pub.request(`/api/parks/${made.id}`)).json()) as Feature).properties.sizeClass).toBe('klein');
    } finally {
      await db.query(`DELETE FROM app_setting WHERE key = 'register:parks'`);
    }
  });

  it('may be a point', async () => {
    const b = body('parks', await inside('WK020012'), 'Puntpark');
    b.geometry = { type: 'Point', coordinates: await inside('WK020012') };
    const res = await red.request('/api/parks', { method: 'POST', ...json(b) });
    expect(res.status).toBe(201);
    expect(((await res.json()) as Feature).geometry.type).toBe('Point');
  });

  it('refuses an approved evacuation plan without a date (400)', async () => {
    const b = body('parks', await inside('WK020012'), 'Zonder datum');
    (b.properties as Record<string, unknown>).evacuationPlan = { status: 'vastgesteld' };
    expect((await red.request('/api/parks', { method: 'POST', ...json(b) })).status).toBe(400);
  });
});

describe('audit in the same transaction', () => {
  it('a change whose audit row cannot be written is not made', async () => {
    const made = await create('groups', await inside('WK020002'), 'Audit faalt');
    await db.exec(`CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
      IF NEW.table_name = 'whatsapp_group' AND NEW.action = 'update' THEN RAISE EXCEPTION 'audit geweigerd'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION test_fail_audit();`);
    try {
      const res = await red.request(`/api/groups/${made.id}`, { method: 'PATCH', ...json({ properties: { name: 'Mag niet', version: 1 } }) });
      expect(res.status).toBe(500);
    } finally {
      await db.exec('DROP TRIGGER test_fail_audit ON audit; DROP FUNCTION test_fail_audit();');
    }
    expect(((await (await red.request(`/api/groups/${made.id}`)).json()) as Feature).properties).toMatchObject({ name: 'Audit faalt', version: 1 });
  });

  it('a create that fails after its insert leaves neither record nor audit row', async () => {
    const before = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit WHERE table_name = 'fire_compartment'");
    const beforeRows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM fire_compartment');
    await db.exec(`CREATE FUNCTION test_fail_line() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'lijn geweigerd'; END $$;
      CREATE TRIGGER test_fail_line BEFORE INSERT ON register_line FOR EACH ROW EXECUTE FUNCTION test_fail_line();`);
    try {
      const res = await red.request('/api/fire-compartments', { method: 'POST', ...json(body('fire-compartments', await inside('WK020011'), 'Faalt')) });
      expect(res.status).toBe(500);
    } finally {
      await db.exec('DROP TRIGGER test_fail_line ON register_line; DROP FUNCTION test_fail_line();');
    }
    expect(await db.query("SELECT count(*)::int AS n FROM audit WHERE table_name = 'fire_compartment'")).toEqual(before);
    expect(await db.query('SELECT count(*)::int AS n FROM fire_compartment')).toEqual(beforeRows);
  });
});

describe('OpenAPI and storage', () => {
  it('lists the register routes a caller may call', async () => {
    const paths = async (app: App) => ((await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> }).paths;
    const p = await paths(pub);
    expect(Object.keys(p['/api/groups']!)).toEqual(['get']);
    expect(p['/api/parks/{id}/history']).toBeUndefined();
    const r = await paths(red);
    expect(Object.keys(r['/api/fire-compartments']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(r['/api/fire-compartments/{id}']!).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(r['/api/parks/{id}/history']).toBeDefined();
  });

  it('stores each register in RD New with its geometry type and a GiST index', async () => {
    const cols = await db.query<{ t: string; type: string }>(
      "SELECT c.relname AS t, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attname = 'geom' AND c.relname IN ('whatsapp_group', 'holiday_park', 'fire_compartment', 'register_line') ORDER BY 1",
    );
    expect(cols).toEqual([
      { t: 'fire_compartment', type: 'geometry(MultiPolygon,28992)' },
      { t: 'holiday_park', type: 'geometry(Geometry,28992)' },
      { t: 'register_line', type: 'geometry(MultiLineString,28992)' },
      { t: 'whatsapp_group', type: 'geometry(MultiPolygon,28992)' },
    ]);
    for (const t of ['whatsapp_group', 'holiday_park', 'fire_compartment', 'register_line']) {
      const idx = await db.query<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE tablename = $1', [t]);
      expect(idx.some((i) => /USING gist \(geom\)/.test(i.indexdef)), t).toBe(true);
    }
  });
});

describe('CSV export', () => {
  it('is semicolon CSV with WKT geometry in WGS84 and the declaration columns', async () => {
    const made = await create('fire-compartments', await inside('WK020011'), 'CSV compartiment');
    const res = await red.request('/api/fire-compartments?format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('natuurbrandcompartimenten.csv');
    const text = await res.text();
    const [head, ...lines] = text.trim().split('\n');
    expect(head).toBe('"id";"naam";"risicoklasse";"maatregelen";"afspraken";"toegangsroutes";"ontruimingsroutes";"contactpersoon";"versie";"demo";"geometrie_wkt"');
    const row = lines.find((l) => l.startsWith(`"${made.id}";`))!;
    expect(row).toContain('"CSV compartiment";"hoog"');
    expect(row).toMatch(/"MULTIPOLYGON\(\(\(5\.\d+ 52\.\d+,/);
    expect(row).toContain(CONTACT.email);
  });
});

describe('demo data', () => {
  it('is seeded over the real wijken, marked demo everywhere, and replaced by the first import', async () => {
    const { db: d, app } = await testApp();
    try {
      const seeded = await ensureDemoRegisters(d, { demo: true }, REGISTERS, systemCaller('demo'), new Date('2026-06-01T12:00:00Z'));
      expect(seeded.groups).toBeGreaterThan(20);
      expect(seeded.parks).toBe(31); // 15 in the rural wijken, then 16 in and near the compartments
      expect(seeded['fire-compartments']).toBe(10);
      // A second start seeds nothing.
      expect(await ensureDemoRegisters(d, { demo: true }, REGISTERS, systemCaller('demo'))).toEqual({ groups: 0, parks: 0, 'fire-compartments': 0 });

      const res = await app.request('/api/parks');
      expect(res.headers.get('content-disposition')).toContain('filename="demo-vakantieparken.geojson"');
      const fc = (await res.json()) as { features: Feature[]; meta: { demo: boolean }; warning: string };
      expect(fc.meta.demo).toBe(true);
      expect(fc.warning).toMatch(/^DEMO — fictieve gegevens/);
      expect(fc.features.every((f) => f.properties.demo && /^Demo /.test(String(f.properties.name)))).toBe(true);
      // Parks only in the rural wijken, none in the city.
      const [city] = await d.query<{ n: number }>("SELECT count(*)::int AS n FROM holiday_park p JOIN district w ON w.level = 'wijk' AND w.code IN ('WK020001','WK020002','WK020003','WK020004','WK020005','WK020006','WK020007','WK020008') AND ST_Intersects(w.geom, ST_PointOnSurface(p.geom))");
      expect(city!.n).toBe(0);
      const csv = await (await app.request('/api/fire-compartments?format=csv')).text();
      expect(csv.startsWith('# DEMO — fictieve gegevens\n')).toBe(true);
      expect((await app.request('/api/fire-compartments?format=csv')).headers.get('content-disposition')).toContain('demo-natuurbrandcompartimenten.csv');

      // A single create keeps the demo rows; an import replaces them.
      const caller = systemCaller('test');
      const list = await listRecords(caller, d, parks);
      const one = list.features[0]!;
      const r = await importRecords(caller, d, parks, [{ geometry: one.geometry as never, properties: { name: 'Echt park', kind: 'camping' } }], 'parken.geojson');
      expect(r).toEqual({ imported: 1, replacedDemo: 31 });
      const after = await listRecords(caller, d, parks);
      expect(after.features.map((f) => [f.properties.name, f.properties.demo])).toEqual([['Echt park', false]]);
      expect(after.warning).toBeUndefined();
      // Other registers keep their demo data.
      expect((await listRecords(caller, d, groups)).meta.demo).toBe(true);
    } finally {
      await d.close();
    }
  });
});
