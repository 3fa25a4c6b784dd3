/**
 * Accounts and sessions through the real app and database: login sets an HttpOnly SameSite=Strict
 * cookie, sessions expire (idle and absolute, with an injected clock), throttling engages per
 * account and per IP, CSRF tokens are required with the cookie, API tokens, the first-start admin
 * with its one-time password, and audit rows that commit and roll back with their change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { ensureAdmin, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from '../../server/services/auth.service.js';
import { writeAudit } from '../../server/services/audit.service.js';
import { createUser } from '../../server/services/user.service.js';
import { createTestUser, login, TEST_PASSWORD, testApp, testConfig } from '../support/db.js';
import { PROBLEM_TYPES } from '../../server/errors.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let app: App;
let now = new Date('2026-03-01T08:00:00Z');
const clock = () => now;
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  ({ db, app } = await testApp({ clock }));
});
afterAll(async () => db?.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
const asIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });
const meOf = async (headers: Record<string, string>) => (await (await app.request('/api/auth/me', { headers })).json()) as { authenticated: boolean; roles: string[]; csrfToken: string | null };

describe('login and sessions', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie and stores only a hash of it', async () => {
    const username = await createTestUser(db, 'analist');
    const res = await app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^vk_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain http in the test; VK_SECURE_COOKIES=true forces it
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM user_session');
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    const me = await meOf({ Cookie: `vk_session=${token}` });
    expect(me).toMatchObject({ authenticated: true, roles: ['analist'] });
  });

  it('sets a Secure cookie when configured', async () => {
    const t = await testApp({ auth: { ...testConfig().auth, secureCookies: true } });
    try {
      const username = await createTestUser(t.db, 'partner');
      const res = await t.app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }));
      expect(res.headers.get('set-cookie')).toMatch(/Secure/);
    } finally {
      await t.db.close();
    }
  });

  it('refuses a wrong password with a stable problem type, and an unknown user the same way', async () => {
    const username = await createTestUser(db, 'analist');
    const bad = await app.request('/api/auth/login', json({ username, password: 'fout-wachtwoord' }), asIp('10.0.0.9'));
    const unknown = await app.request('/api/auth/login', json({ username: 'bestaat-niet', password: 'x' }), asIp('10.0.0.9'));
    for (const res of [bad, unknown]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ type: '/problems/inloggen-mislukt', detail: 'Onjuiste gebruikersnaam of wachtwoord.' });
    }
  });

  it('expires a session after the idle time, and after the absolute time even when used', async () => {
    const username = await createTestUser(db, 'analist');
    const h = await login(app, username, TEST_PASSWORD);
    advance(119 * 60_000); // idle limit 120 min (default)
    expect((await meOf(h)).authenticated).toBe(true);
    advance(121 * 60_000);
    expect((await meOf(h)).authenticated).toBe(false);
    expect((await app.request('/api/incidents', { headers: h })).status).toBe(401);

    const h2 = await login(app, username, TEST_PASSWORD);
    for (let i = 0; i < 12; i++) {
      advance(60 * 60_000); // used every hour: never idle, but 12 h is the absolute limit
      const me = await meOf(h2);
      expect(me.authenticated).toBe(i < 11);
    }
  });

  it('logs out this session, and everywhere', async () => {
    const username = await createTestUser(db, 'analist');
    const a = await login(app, username, TEST_PASSWORD);
    const b = await login(app, username, TEST_PASSWORD);
    const c = await login(app, username, TEST_PASSWORD);
    expect((await app.request('/api/auth/logout', { method: 'POST', headers: a })).status).toBe(200);
    expect((await meOf(a)).authenticated).toBe(false);
    expect((await meOf(b)).authenticated).toBe(true);
    expect((await app.request('/api/auth/logout-all', { method: 'POST', headers: b })).status).toBe(200);
    expect((await meOf(b)).authenticated).toBe(false);
    expect((await meOf(c)).authenticated).toBe(false);
  });
});

describe('throttling', () => {
  it('locks an account after repeated failures, also for the right password, until the window passes', async () => {
    const username = await createTestUser(db, 'analist');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await app.request('/api/auth/login', json({ username, password: 'fout' }), asIp(`10.1.0.${i}`))).status).toBe(401);
    }
    const locked = await app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }), asIp('10.1.1.1'));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ type: '/problems/te-veel-pogingen' });
    advance(16 * 60_000);
    expect((await app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }), asIp('10.1.1.1'))).status).toBe(200);
  });

  it('blocks an IP that tries many accounts', async () => {
    for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
      await app.request('/api/auth/login', json({ username: `gok-${i}`, password: 'fout' }), asIp('10.2.0.1'));
    }
    const username = await createTestUser(db, 'analist');
    expect((await app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }), asIp('10.2.0.1'))).status).toBe(429);
    expect((await app.request('/api/auth/login', json({ username, password: TEST_PASSWORD }), asIp('10.2.0.2'))).status).toBe(200);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request with the session cookie but without the session CSRF token', async () => {
    const username = await createTestUser(db, 'analist');
    const h = await login(app, username, TEST_PASSWORD);
    const csv = 'id;soort\n';
    const noToken = await app.request('/api/incidents/import?dryRun=true', { method: 'POST', headers: { Cookie: h.Cookie!, 'Content-Type': 'text/plain' }, body: csv });
    expect(noToken.status).toBe(403);
    expect(await noToken.json()).toMatchObject({ type: '/problems/csrf-token' });
    const wrong = await app.request('/api/incidents/import?dryRun=true', { method: 'POST', headers: { Cookie: h.Cookie!, 'X-CSRF-Token': 'x'.repeat(32), 'Content-Type': 'text/plain' }, body: csv });
    expect(wrong.status).toBe(403);
    const right = await app.request('/api/incidents/import?dryRun=true', { method: 'POST', headers: { ...h, 'Content-Type': 'text/plain' }, body: csv });
    expect([400, 422]).toContain(right.status); // reached the import (the file itself is refused)
    expect(await db.query("SELECT 1 FROM import_batch WHERE NOT is_demo")).toEqual([]);
  });

  it('refuses a text/plain cross-site import without any login (the old hole)', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM import_batch');
    const res = await app.request('/api/incidents/import', { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example' }, body: 'id;soort\n1;woninginbraak\n' });
    // Refused before any login is looked at: the Origin check answers first (server/http/security.ts).
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ type: PROBLEM_TYPES.foreignOrigin, status: 403 });
    expect(await db.query('SELECT count(*)::int AS n FROM import_batch')).toEqual(before);
    // The same request from this site without a login: 401, still nothing stored.
    const same = await app.request('/api/incidents/import', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'id;soort\n1;woninginbraak\n' });
    expect(same.status).toBe(401);
    expect(await same.json()).toMatchObject({ type: PROBLEM_TYPES.loginRequired });
    expect(await db.query('SELECT count(*)::int AS n FROM import_batch')).toEqual(before);
  });
});

describe('personal API tokens', () => {
  it('are shown once, stored hashed, work as Bearer without CSRF, and stop working when revoked', async () => {
    const username = await createTestUser(db, 'analist');
    const h = await login(app, username, TEST_PASSWORD);
    const created = await app.request('/api/auth/tokens', json({ name: 'QGIS' }, h));
    expect(created.status).toBe(201);
    const t = (await created.json()) as { id: number; token: string };
    expect(t.token).toMatch(/^vk_/);
    expect((await db.query<{ token_hash: string }>('SELECT token_hash FROM api_token WHERE id = $1', [t.id]))[0]!.token_hash).not.toBe(t.token);
    const list = (await (await app.request('/api/auth/tokens', { headers: h })).json()) as { tokens: Record<string, unknown>[] };
    expect(JSON.stringify(list)).not.toContain(t.token);
    const bearer = { Authorization: `Bearer ${t.token}` };
    expect((await app.request('/api/incidents', { headers: bearer })).status).toBe(200);
    expect((await app.request(`/api/auth/tokens/${t.id}`, { method: 'DELETE', headers: h })).status).toBe(200);
    const after = await app.request('/api/incidents', { headers: bearer });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ type: '/problems/ongeldig-token' });
  });
});

describe('first start', () => {
  it('creates admin with every role and a one-time password that must be changed first', async () => {
    const t = await testApp({ clock });
    try {
      const res = await ensureAdmin(t.db, { auth: { ...testConfig().auth, adminUser: 'admin', adminPassword: undefined } });
      expect(res).toMatchObject({ created: true, username: 'admin' });
      expect(res.oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(await ensureAdmin(t.db, testConfig())).toMatchObject({ created: false, oneTimePassword: null });

      const h = await login(t.app, 'admin', res.oneTimePassword!);
      const me = (await (await t.app.request('/api/auth/me', { headers: h })).json()) as { user: { mustChangePassword: boolean }; roles: string[] };
      expect(me.user.mustChangePassword).toBe(true);
      expect(me.roles).toEqual(['analist', 'beheerder', 'partner', 'redacteur']);
      // Everything beyond the public view is refused with a clear problem until the password is changed.
      const refused = await t.app.request('/api/users', { headers: h });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ type: '/problems/wachtwoord-wijzigen' });
      expect((await t.app.request('/api/auth/tokens', { headers: h })).status).toBe(403);
      expect((await t.app.request('/api/districts?level=wijk', { headers: h })).status).toBe(200);

      const weak = await t.app.request('/api/auth/password', json({ currentPassword: res.oneTimePassword, newPassword: 'kort' }, h));
      expect(weak.status).toBe(400);
      const changed = await t.app.request('/api/auth/password', json({ currentPassword: res.oneTimePassword, newPassword: 'een-veel-langer-wachtwoord' }, h));
      expect(changed.status).toBe(200);
      expect((await t.app.request('/api/users', { headers: h })).status).toBe(200);
      expect((await t.app.request('/api/auth/login', json({ username: 'admin', password: res.oneTimePassword }))).status).toBe(401);
    } finally {
      await t.db.close();
    }
  });

  it('uses VK_ADMIN_PASSWORD when given (no change required)', async () => {
    const t = await testApp();
    try {
      const res = await ensureAdmin(t.db, { auth: { ...testConfig().auth, adminUser: 'Beheer', adminPassword: 'een-lang-wachtwoord' } });
      expect(res).toMatchObject({ created: true, username: 'beheer', oneTimePassword: null });
      const h = await login(t.app, 'beheer', 'een-lang-wachtwoord');
      expect((await t.app.request('/api/users', { headers: h })).status).toBe(200);
    } finally {
      await t.db.close();
    }
  });
});

describe('the audit trail', () => {
  it('records a change in the same transaction: the row rolls back with it', async () => {
    const caller = systemCaller('test');
    const before = await db.query('SELECT id FROM audit');
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO organisation (name) VALUES ('Terug te draaien')");
        await writeAudit(tx, caller, { action: 'create', table: 'organisation', recordId: 'x' });
        throw new Error('mislukt');
      }),
    ).rejects.toThrow('mislukt');
    expect(await db.query('SELECT id FROM audit')).toHaveLength(before.length);
    expect(await db.query("SELECT 1 FROM organisation WHERE name = 'Terug te draaien'")).toEqual([]);

    // A refused change (duplicate user name) leaves no audit row either.
    await createUser(caller, db, { username: 'dubbel', roles: [], password: TEST_PASSWORD });
    const n = (await db.query('SELECT id FROM audit')).length;
    await expect(createUser(caller, db, { username: 'dubbel', roles: [], password: TEST_PASSWORD })).rejects.toMatchObject({ status: 409 });
    expect(await db.query('SELECT id FROM audit')).toHaveLength(n);
  });

  it('shows who imported, deleted, viewed exact incidents and changed users; per record and as CSV', async () => {
    const t = await testApp({ as: ['analist', 'beheerder'] });
    try {
      const csv = 'Registratienummer;Soort delict;Pleegdatum van;Pleegdatum tot;X-coördinaat;Y-coördinaat\nPL-AUD-1;Woninginbraak;01-03-2024 10:00;01-03-2024 12:00;194373;469639\n';
      const imp = await t.app.request('/api/incidents/import', { method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: csv });
      const report = (await imp.json()) as { batchId: number | null };
      expect(imp.status).toBe(200);
      expect(report.batchId).not.toBeNull();
      expect((await t.app.request('/api/incidents?from=2024-01-01&to=2024-12-31')).status).toBe(200);
      expect((await t.app.request(`/api/incidents/batches/${report.batchId}`, { method: 'DELETE' })).status).toBe(200);
      const created = await t.app.request('/api/users', json({ username: 'nieuwe.analist', roles: ['analist'] }));
      expect(created.status).toBe(201);
      expect(((await created.json()) as { oneTimePassword: string }).oneTimePassword).toMatch(/^\w{16}$/);

      const list = (await (await t.app.request('/api/audit')).json()) as { entries: { action: string; table: string; recordId: string | null; username: string; requestId: string | null }[] };
      const actions = list.entries.map((e) => `${e.action} ${e.table}`);
      expect(actions).toEqual(expect.arrayContaining(['import import_batch', 'delete import_batch', 'view incident', 'create app_user']));
      expect(list.entries.every((e) => e.username.startsWith('test-') || e.username === 'test')).toBe(true);
      expect(list.entries.find((e) => e.action === 'import')!.requestId).toBeTruthy();

      const perRecord = (await (await t.app.request(`/api/audit?table=import_batch&record=${report.batchId}`)).json()) as typeof list;
      expect(perRecord.entries.map((e) => e.action).sort()).toEqual(['delete', 'import']);

      const csvRes = await t.app.request('/api/audit/csv');
      expect(csvRes.headers.get('content-type')).toContain('text/csv');
      const text = await csvRes.text();
      expect(text.split('\r\n')[0]).toBe('id;tijd;gebruiker_id;gebruiker;actie;tabel;record;voor;na;verzoek');
      expect(text).toContain('"import";"import_batch"');
    } finally {
      await t.db.close();
    }
  });
});
