/**
 * What the beheer page needs of the API beyond plain CRUD: the audit trail filtered by action and
 * by period (calendar days in Europe/Amsterdam), each account's last login, and a duplicate user
 * name refused with a field error the form can show next to the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { writeAudit } from '../../server/services/audit.service.js';
import { createTestUser, TEST_PASSWORD, testApp } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let app: App;

beforeAll(async () => {
  ({ db, app } = await testApp({ as: 'beheerder' }));
});
afterAll(async () => db?.close());

const post = (body: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
type Entries = { entries: { id: number; action: string; table: string; recordId: string | null; username: string; at: string }[] };
const audit = async (q: string) => (await (await app.request(`/api/audit?${q}`)).json()) as Entries;

describe('the audit list filters', () => {
  it('by action, and by period in local calendar days (Europe/Amsterdam)', async () => {
    const caller = { ...systemCaller('test'), username: 'filtertest' };
    // 23:30 UTC on 1 March is 00:30 on 2 March in Amsterdam; 22:30 UTC on 2 March is 23:30 local.
    await writeAudit(db, caller, { action: 'create', table: 'organisation', recordId: 'p1' }, new Date('2026-03-01T22:30:00Z'));
    await writeAudit(db, caller, { action: 'update', table: 'organisation', recordId: 'p1' }, new Date('2026-03-01T23:30:00Z'));
    await writeAudit(db, caller, { action: 'delete', table: 'organisation', recordId: 'p1' }, new Date('2026-03-02T22:30:00Z'));
    await writeAudit(db, caller, { action: 'delete', table: 'organisation', recordId: 'p2' }, new Date('2026-03-02T23:30:00Z'));

    const mine = 'user=filtertest&table=organisation';
    expect((await audit(mine)).entries.map((e) => `${e.action} ${e.recordId}`)).toEqual(['delete p2', 'delete p1', 'update p1', 'create p1']);
    expect((await audit(`${mine}&action=delete`)).entries.map((e) => e.recordId)).toEqual(['p2', 'p1']);
    expect((await audit(`${mine}&from=2026-03-02&to=2026-03-02`)).entries.map((e) => e.action)).toEqual(['delete', 'update']);
    expect((await audit(`${mine}&to=2026-03-01`)).entries.map((e) => e.action)).toEqual(['create']);
    expect((await audit(`${mine}&from=2026-03-03`)).entries.map((e) => e.recordId)).toEqual(['p2']);
    expect((await audit(`${mine}&from=2026-03-02&action=delete`)).entries.map((e) => e.recordId)).toEqual(['p2', 'p1']);
    // The CSV takes the same filters.
    const csv = await (await app.request(`/api/audit/csv?${mine}&action=update`)).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });

  it('refuses a period that is not a date, or ends before it starts, with a field error', async () => {
    const bad = await app.request('/api/audit?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['from']);
    const reversed = await app.request('/api/audit?from=2026-03-02&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(((await reversed.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['to']);
  });

  it('refuses a NUL in a text filter (PostgreSQL cannot hold one: it was a 500), and a control character with a field error', async () => {
    for (const field of ['action', 'table', 'record', 'user']) {
      for (const path of ['/api/audit', '/api/audit/csv']) {
        const nul = await app.request(`${path}?${field}=a%00b`);
        expect(nul.status, `${path} ${field}`).toBe(400);
        expect(nul.headers.get('content-type')).toContain('application/problem+json');
        const ctrl = await app.request(`${path}?${field}=a%01b`);
        expect(ctrl.status, `${path} ${field}`).toBe(400);
        expect(((await ctrl.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([field]);
      }
    }
  });
});

describe('text with a NUL character', () => {
  it('is refused in a JSON body with 400, not a database error (PostgreSQL cannot hold one)', async () => {
    const res = await app.request('/api/organisations', post({ name: 'a\u0000b' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('the user list', () => {
  it("shows each account's last login, null before the first", async () => {
    const name = await createTestUser(db, 'analist');
    const fresh = await createTestUser(db, 'partner');
    const before = (await (await app.request('/api/users')).json()) as { users: { username: string; lastLoginAt: string | null }[] };
    expect(before.users.find((u) => u.username === fresh)!.lastLoginAt).toBeNull();
    expect((await app.request('/api/auth/login', post({ username: name, password: TEST_PASSWORD }))).status).toBe(200);
    const after = (await (await app.request('/api/users')).json()) as typeof before;
    const at = after.users.find((u) => u.username === name)!.lastLoginAt;
    expect(at).not.toBeNull();
    expect(Math.abs(Date.parse(at!) - Date.now())).toBeLessThan(10 * 60_000);
    expect(after.users.find((u) => u.username === fresh)!.lastLoginAt).toBeNull();
  });
});

describe('adding a user', () => {
  it('refuses a user name in use with 409 and a field error on username', async () => {
    expect((await app.request('/api/users', post({ username: 'al.bezet', roles: [] }))).status).toBe(201);
    const again = await app.request('/api/users', post({ username: 'Al.Bezet', roles: ['analist'] }));
    expect(again.status).toBe(409);
    const p = (await again.json()) as { detail: string; errors: { path: string; message: string }[] };
    expect(p.detail).toContain('al.bezet');
    expect(p.errors).toEqual([{ path: 'username', message: 'al in gebruik' }]);
  });
});

describe('organisations', () => {
  it('refuses a name in use, on add and on rename, with 409 and a field error on name', async () => {
    const post2 = (name: string) => app.request('/api/organisations', post({ name }));
    const a = (await (await post2('Politie Oost')).json()) as { id: number };
    const b = (await (await post2('Woonstichting')).json()) as { id: number };
    const dup = await post2('Politie Oost');
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { errors: unknown }).errors).toEqual([{ path: 'name', message: 'al in gebruik' }]);
    const rename = await app.request(`/api/organisations/${b.id}`, { ...post({ name: 'Politie Oost' }), method: 'PATCH' });
    expect(rename.status).toBe(409);
    const p = (await rename.json()) as { detail: string; errors: unknown };
    expect(p.detail).toContain('Politie Oost');
    expect(p.errors).toEqual([{ path: 'name', message: 'al in gebruik' }]);
    // Nothing changed, and the refused rename left no audit row.
    const orgs = (await (await app.request('/api/organisations')).json()) as { organisations: { id: number; name: string }[] };
    expect(orgs.organisations.find((o) => o.id === b.id)!.name).toBe('Woonstichting');
    expect((await audit(`table=organisation&record=${b.id}`)).entries.map((e) => e.action)).toEqual(['create']);
    expect(a.id).not.toBe(b.id);
  });
});
