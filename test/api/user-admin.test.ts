/**
 * Organisations, account changes and the retention setting through the services on a real
 * database: the named queries of user.service and settings.service that the auth, access and
 * CLI tests do not reach (member counts, patching e-mail/organisation to null, the settings upsert).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import * as users from '../../server/services/user.service.js';
import { retentionYears, setRetention } from '../../server/services/settings.service.js';
import { freshDb } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db?.close());

const admin = systemCaller('test');

describe('organisations', () => {
  it('lists organisations by name with their member counts; renames; deletes without deleting accounts', async () => {
    const a = await users.createOrganisation(admin, db, { name: 'Org A', kind: 'gemeente' });
    await users.createOrganisation(admin, db, { name: 'Org 0', kind: 'politie' });
    await expect(users.createOrganisation(admin, db, { name: 'Org A', kind: 'gemeente' })).rejects.toMatchObject({ status: 409 });
    const { user } = await users.createUser(admin, db, { username: 'org.lid', roles: ['analist'], organisationId: a.id });
    const mine = (await users.listOrganisations(admin, db)).organisations.filter((o) => o.name.startsWith('Org '));
    expect(mine.map((o) => [o.name, o.kind, o.members])).toEqual([['Org 0', 'politie', 0], ['Org A', 'gemeente', 1]]);
    expect(await users.updateOrganisation(admin, db, a.id, { name: 'Org B', kind: 'partner' })).toEqual({ id: a.id, name: 'Org B', kind: 'partner', members: 1 });
    expect(await users.deleteOrganisation(admin, db, a.id)).toMatchObject({ id: a.id, name: 'Org B' });
    expect((await users.listOrganisations(admin, db)).organisations.map((o) => o.id)).not.toContain(a.id);
    const [row] = await db.query<{ organisation_id: string | null }>('SELECT organisation_id FROM app_user WHERE id = $1', [user.id]);
    expect(row!.organisation_id).toBeNull();
  });
});

describe('accounts', () => {
  it('refuses an unknown organisation and a taken user name', async () => {
    await expect(users.createUser(admin, db, { username: 'geen.org', roles: [], organisationId: 999_999 })).rejects.toMatchObject({ status: 422 });
    await users.createUser(admin, db, { username: 'dubbel', roles: [] });
    await expect(users.createUser(admin, db, { username: 'dubbel', roles: [] })).rejects.toMatchObject({ status: 409 });
  });

  it('patches only the given fields, clears e-mail and organisation, and revokes sessions and tokens when disabled', async () => {
    const org = await users.createOrganisation(admin, db, { name: 'Patch-org', kind: 'gemeente' });
    const { user } = await users.createUser(admin, db, { username: 'patch.me', displayName: 'Patch', email: 'p@example.nl', roles: ['analist', 'partner'], organisationId: org.id });
    await db.query("INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ('h-patch', $1, 'c', now(), now(), now() + interval '1 day')", [user.id]);
    await db.query("INSERT INTO api_token (user_id, name, token_hash, prefix, created_at) VALUES ($1, 't', 'th-patch', 'vk_x', now())", [user.id]);

    const kept = await users.updateUser(admin, db, user.id, { displayName: 'Nieuw' });
    expect(kept).toMatchObject({ displayName: 'Nieuw', email: 'p@example.nl', organisationId: org.id, roles: ['analist', 'partner'] });
    expect(await db.query('SELECT 1 FROM user_session WHERE user_id = $1', [user.id])).toHaveLength(1);

    const cleared = await users.updateUser(admin, db, user.id, { email: null, organisationId: null, roles: ['analist'], disabled: true });
    expect(cleared).toMatchObject({ displayName: 'Nieuw', email: null, organisationId: null, roles: ['analist'], disabled: true });
    expect(await db.query('SELECT 1 FROM user_session WHERE user_id = $1', [user.id])).toEqual([]);
    expect(await db.query('SELECT 1 FROM api_token WHERE user_id = $1 AND revoked_at IS NULL', [user.id])).toEqual([]);
  });

  it('resets a password to a one-time one and forgets failed logins; finds an id by user name in any case', async () => {
    const { user } = await users.createUser(admin, db, { username: 'reset.me', roles: ['analist'], password: 'een-lang-wachtwoord' });
    await db.query("INSERT INTO login_attempt (username, ip, at) VALUES ('reset.me', '10.0.0.1', now())");
    const { oneTimePassword, user: after } = await users.resetPassword(admin, db, user.id);
    expect(oneTimePassword).toHaveLength(16);
    expect(after.mustChangePassword).toBe(true);
    expect(await db.query("SELECT 1 FROM login_attempt WHERE username = 'reset.me'")).toEqual([]);
    expect(await users.userIdByName(db, 'Reset.Me')).toBe(user.id);
    await expect(users.userIdByName(db, 'niemand')).rejects.toMatchObject({ status: 404 });
  });
});

describe('settings', () => {
  it('stores the retention setting, replaces it, and it wins over the configuration', async () => {
    expect(await retentionYears(db, { retentionYears: 9 })).toBe(9);
    await setRetention(admin, db, { retentionYears: 9 }, 5);
    expect(await retentionYears(db, { retentionYears: 9 })).toBe(5);
    await setRetention(admin, db, { retentionYears: 9 }, null);
    expect(await retentionYears(db, { retentionYears: 9 })).toBeNull();
  });
});
