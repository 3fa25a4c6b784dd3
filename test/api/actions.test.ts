/**
 * The plan's actions as the fourth register, on PGlite and (with DATABASE_URL) PostgreSQL: every
 * action of geodata/plan-actions.json seeded at start-up (real, not demo) with its source line and
 * period, the list filters (theme, organisation, status, period overlap, district, text), and the
 * role rules (published actions for everyone; an action visible to 'betrokken' only for editors
 * and the partner organisations it names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../server/auth/caller.js';
import type { Db } from '../../server/db/db.js';
import { involvesOrganisation } from '../../server/domain/plan/organisations.js';
import { periodOverlaps } from '../../server/domain/plan/parse-period.js';
import { readPlanActions } from '../../server/ingest/plan/plan-actions.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { ensureSeededRegisters } from '../../server/registers/seed.js';
import { createOrganisation, createUser } from '../../server/services/user.service.js';
import { login, loginAs, TEST_PASSWORD, testApp, withHeaders } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
type Feature = { id: number; geometry: { type: string } | null; properties: Record<string, unknown> };
type Collection = { features: Feature[]; meta: { count: number; demo: boolean; demoCount: number }; warning?: string };

const plan = readPlanActions();
let db: Db;
let pub: App;
let red: App;
let analist: App;
let politie: App;
let brandweer: App;
let partnerWithoutOrg: App;

async function partnerOf(org: { name: string; kind: string } | null): Promise<App> {
  const username = `partner-${org?.kind ?? 'zonder'}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const organisationId = org ? (await createOrganisation(systemCaller('test'), db, org)).id : null;
  await createUser(systemCaller('test'), db, { username, roles: ['partner'], password: TEST_PASSWORD, organisationId });
  return withHeaders(pub, await login(pub, username, TEST_PASSWORD));
}

beforeAll(async () => {
  ({ db, app: pub } = await testApp());
  expect(await ensureSeededRegisters(db, REGISTERS, systemCaller('seed'))).toEqual({ actions: plan.actions.length });
  red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  analist = withHeaders(pub, await loginAs(pub, db, 'analist'));
  politie = await partnerOf({ name: 'Politie Oost-Nederland', kind: 'politie' });
  brandweer = await partnerOf({ name: 'Brandweer Noord- en Oost-Gelderland', kind: 'brandweer' });
  partnerWithoutOrg = await partnerOf(null);
});
afterAll(async () => db?.close());

async function list(app: App, query = ''): Promise<Collection> {
  const res = await app.request(`/api/actions${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Collection;
}
const lines = (c: Collection) => c.features.map((f) => f.properties.source_line as number).sort((a, b) => a - b);
const planLines = (keep: (a: (typeof plan.actions)[number]) => boolean) => plan.actions.filter(keep).map((a) => a.source_line).sort((a, b) => a - b);

describe('seeded plan actions', () => {
  it('are all present for everyone, real (not demo), each with its fields, source line and period', async () => {
    const c = await list(pub);
    expect(c.features).toHaveLength(plan.actions.length);
    expect(c.meta).toMatchObject({ count: 109, demo: false, demoCount: 0 });
    expect(c.warning).toBeUndefined();
    const byLine = new Map(c.features.map((f) => [f.properties.source_line, f]));
    for (const a of plan.actions) {
      const f = byLine.get(a.source_line)!;
      expect(f, `line ${a.source_line}`).toBeDefined();
      expect(f.properties).toMatchObject({
        theme: a.theme,
        lead: a.lead,
        partners: a.partners,
        subject: a.subject,
        action: a.action,
        when_text: a.when_text,
        period: a.period,
        status: a.status,
        source_document: 'uitvoeringsplan-integrale-veiligheid-apeldoorn-2017-2018.txt',
        source_line: a.source_line,
        place: { kind: 'gemeente', code: 'GM0200' },
        demo: false,
      });
      expect(f.geometry?.type).toBe('MultiPolygon');
    }
  });

  it('keeps the row without a readable period, flagged', async () => {
    const f = (await list(pub)).features.find((x) => x.properties.source_line === 49)!;
    expect(f.properties).toMatchObject({ period: null, period_flag: 'geen termijn ingevuld in de bron', when_text: '' });
  });

  it('are seeded once: a second start adds nothing', async () => {
    expect(await ensureSeededRegisters(db, REGISTERS, systemCaller('seed'))).toEqual({ actions: 0 });
    expect((await list(pub)).features).toHaveLength(109);
  });
});

describe('filters', () => {
  it('theme (contains, any case)', async () => {
    expect(lines(await list(pub, '?theme=toerisme'))).toEqual(planLines((a) => a.theme === 'Veilig Toerisme'));
    expect((await list(pub, '?theme=toerisme')).features).toHaveLength(12);
  });

  it('organisation as lead or partner', async () => {
    const got = lines(await list(pub, '?organisation=Brandweer'));
    expect(got).toEqual(planLines((a) => involvesOrganisation(a, { name: 'Brandweer' })));
    expect(got).toContain(289); // lead: Brandweer (gemeente)
    expect(got).toContain(44); // partner: brandweer
    expect(got).not.toContain(45);
  });

  it('status', async () => {
    const gepland = lines(await list(pub, '?status=gepland'));
    expect(gepland).toEqual(planLines((a) => a.status === 'gepland'));
    expect(gepland.length).toBeGreaterThan(10);
    expect(gepland).not.toContain(46); // Doorlopend: lopend
  });

  it('period overlap, per part of the period (two seasons are not the summer between)', async () => {
    const q2 = lines(await list(pub, '?from=2017-04-01&to=2017-06-30'));
    expect(q2).toEqual(planLines((a) => periodOverlaps(a.period, '2017-04-01', '2017-06-30')));
    expect(q2).toContain(60); // 2e kwartaal 2017
    expect(q2).not.toContain(69); // 1e kwartaal 2017
    expect(q2).not.toContain(49); // no readable period
    expect(lines(await list(pub, '?from=2018-10-01&to=2018-10-31'))).toContain(283); // Eind seizoen 2017 en 2018
    expect(lines(await list(pub, '?from=2018-06-01&to=2018-07-31'))).not.toContain(283);
    expect(lines(await list(pub, '?from=2019-01-01'))).toEqual([]);
  });

  it('district: the gemeente-wide actions apply in every wijk; text search', async () => {
    expect((await list(pub, '?district=WK020001')).features).toHaveLength(109);
    expect(lines(await list(pub, '?q=whatsapp'))).toEqual([151]);
    expect(lines(await list(pub, '?theme=toerisme&organisation=Brandweer&status=lopend'))).toEqual(planLines((a) => a.theme === 'Veilig Toerisme' && involvesOrganisation(a, { name: 'Brandweer' }) && a.status === 'lopend'));
  });

  it('refuses a bad filter with a Dutch field error', async () => {
    for (const q of ['?status=klaar', '?from=2017-13-01', '?to=gisteren']) {
      const res = await pub.request(`/api/actions${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });
});

/** A redacteur's action for the involved only (lead Politie), at a point; returns its id. */
async function createInternal(name: string): Promise<number> {
  const res = await red.request('/api/actions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [5.96, 52.21] },
      properties: {
        name,
        theme: 'Objectieve veiligheid – High Impact Crime (HIC)',
        lead: 'Politie',
        partners: ['Gemeente V&R'],
        subject: 'Surveillance',
        action: '- Extra surveillance op de hot times',
        when_text: '2e kwartaal 2017',
        period: { kind: 'datum', from: '2017-04-01', to: '2017-06-30', parts: [{ text: '2e kwartaal 2017', kind: 'datum', from: '2017-04-01', to: '2017-06-30' }] },
        status: 'gepland',
        place: { kind: 'hotspot', code: null },
        visibility: 'betrokken',
      },
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as Feature).id;
}

describe('role rules', () => {
  let id: number;
  beforeAll(async () => {
    id = await createInternal('Surveillance hotspot');
  });

  it('an action for the involved only: the partner organisations it names and editors see it', async () => {
    for (const [who, app, sees] of [
      ['redacteur', () => red, true],
      ['partner of Politie (lead)', () => politie, true],
      ['partner of Brandweer', () => brandweer, false],
      ['partner without organisation', () => partnerWithoutOrg, false],
      ['analist', () => analist, false],
      ['public', () => pub, false],
    ] as const) {
      const c = await list(app());
      expect(c.features.some((f) => f.id === id), who).toBe(sees);
      expect(c.features.filter((f) => f.properties.visibility === 'openbaar').length, who).toBe(109);
      if (!sees) expect(c.features.filter((f) => f.properties.visibility !== 'openbaar'), who).toEqual([]);
      expect((await app().request(`/api/actions/${id}`)).status, who).toBe(sees ? 200 : 404);
    }
  });

  it('partners read their organisation\'s actions with the organisation filter; only editors change actions', async () => {
    const own = await createInternal('Surveillance wijzigen');
    const mine = await list(politie, '?organisation=Politie');
    expect(mine.features.some((f) => f.id === own)).toBe(true);
    expect(lines({ ...mine, features: mine.features.filter((f) => f.properties.source_line !== undefined) })).toEqual(planLines((a) => involvesOrganisation(a, { name: 'Politie' })));
    expect((await list(brandweer, '?organisation=Politie')).features.some((f) => f.id === own)).toBe(false);
    const body = JSON.stringify({ properties: { status: 'gereed', version: 1 } });
    expect((await politie.request(`/api/actions/${own}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(403);
    expect((await pub.request(`/api/actions/${own}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(401);
    const ok = await red.request(`/api/actions/${own}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Feature).properties.status).toBe('gereed');
  });

  it('the engine\'s round trip works for actions: PUT as read, history, CSV, delete, each audited', async () => {
    const id = await createInternal('Surveillance rondgang');
    const got = (await (await red.request(`/api/actions/${id}`)).json()) as Feature & { properties: { version: number } };
    const put = await red.request(`/api/actions/${id}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...got, properties: { ...got.properties, status: 'vervallen' } }) });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as Feature).properties).toMatchObject({ status: 'vervallen', lead: 'Politie', visibility: 'betrokken' });
    const csv = await (await red.request('/api/actions?format=csv&q=hot times')).text();
    expect(csv).toContain('Extra surveillance op de hot times');
    expect(csv).toContain('2017-04-01');
    const history = (await (await red.request(`/api/actions/${id}/history`)).json()) as { entries: { action: string }[] };
    expect(history.entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect((await red.request(`/api/actions/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await red.request(`/api/actions/${id}`)).status).toBe(404);
    const audit = await db.query<{ action: string }>("SELECT action FROM audit WHERE table_name = 'plan_action' AND record_id = $1 ORDER BY id", [String(id)]);
    expect(audit.map((r) => r.action)).toEqual(['create', 'update', 'delete']);
    const [seed] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit WHERE table_name = 'plan_action' AND action = 'seed'");
    expect(seed!.n).toBe(1);
  });
});
