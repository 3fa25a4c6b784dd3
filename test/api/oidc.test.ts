/**
 * The OpenID Connect login through the app's real routes against a small OIDC provider on a
 * loopback port (test/support/oidc-provider.ts), never the internet: the redirects are followed by
 * hand (the app through app.request, the IdP with fetch). Groups map to roles on every login;
 * a user without a mapped group, a wrong state, a wrong nonce, a foreign signature, refused
 * consent or an unreachable IdP end without a session and with a Dutch problem.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { parseOidcEnv } from '../../server/auth/oidc-config.js';
import { OIDC_PROBLEMS } from '../../server/services/oidc.service.js';
import { createApp } from '../../server/app.js';
import { systemCaller } from '../../server/auth/caller.js';
import { createUser, resetPassword } from '../../server/services/user.service.js';
import { testApp, testConfig, TEST_PASSWORD } from '../support/db.js';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
const APP = 'http://localhost';
const ROLE_MAP = 'GG-VK-Analisten=analist,GG-VK-Beheer=beheerder,GG-VK-Redactie=redacteur,GG-VK-Partners=partner';

let idp: TestIdp;
let db: Db;
let app: App;
let seq = 0;

/** Another app on the same database with its own configuration (its own discovery cache). */
const appWith = (over: Parameters<typeof testConfig>[0]) => createApp({ db, config: testConfig(over) });
const sorted = (a: string[]) => [...a].sort();

function oidcEnv(issuer: string, extra: Record<string, string> = {}) {
  return parseOidcEnv({
    VK_OIDC_ISSUER: issuer,
    VK_OIDC_CLIENT_ID: idp.clientId,
    VK_OIDC_CLIENT_SECRET: idp.clientSecret,
    VK_PUBLIC_URL: APP,
    VK_OIDC_ROLE_MAP: ROLE_MAP,
    VK_OIDC_ORGANISATION_MAP: 'GG-VK-Partners=Woonstede',
    ...extra,
  });
}

beforeAll(async () => {
  idp = await startTestIdp({ user: { sub: 'start' } });
  ({ db, app } = await testApp({ oidc: oidcEnv(idp.issuer) }));
});
afterAll(async () => {
  await db?.close();
  await idp?.close();
});
beforeEach(() => {
  idp.misbehave = {};
});

/** A new IdP user (unique subject) with these groups; becomes the one the IdP logs in next. */
function idpUser(groups: string[], name = `jan.${++seq}`) {
  idp.user = { sub: `sub-${process.pid}-${seq}-${name}`, preferred_username: name, name: `Jan ${seq}`, email: `${name}@gemeente.example`, groups };
  return idp.user;
}

const cookieOf = (res: Response, name: string) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`) && c.length > name.length + 1);

const pathOf = (location: string) => {
  const u = new URL(location);
  return `${u.pathname}${u.search}`;
};

interface Round {
  /** The app's answer to the callback. */
  callback: Response;
  /** The session cookie (vk_session=...) when the login succeeded. */
  session: string | undefined;
  /** The IdP's redirect back to the app. */
  back: URL;
}

/**
 * Follows one login by hand: the app's /login (302 to the IdP, binding cookie), the IdP's
 * /authorize (302 back with code and state), the app's /callback. `tamper` may change the way back.
 */
async function loginRound(a: App = app, opts: { tamper?: (back: URL) => void; cookie?: string | null; headers?: Record<string, string> } = {}): Promise<Round> {
  const start = await a.request(`${APP}/api/auth/oidc/login`);
  expect(start.status).toBe(302);
  const binding = cookieOf(start, 'vk_oidc');
  expect(binding).toBeDefined();
  const atIdp = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(atIdp.status).toBe(302);
  const back = new URL(atIdp.headers.get('location')!);
  opts.tamper?.(back);
  const cookie = opts.cookie === null ? undefined : (opts.cookie ?? binding);
  const callback = await a.request(`${APP}${pathOf(back.href)}`, { headers: { ...(cookie ? { Cookie: cookie } : {}), ...opts.headers } });
  return { callback, session: cookieOf(callback, 'vk_session'), back };
}

const meOf = async (a: App, cookie: string) => (await (await a.request('/api/auth/me', { headers: { Cookie: cookie } })).json()) as { authenticated: boolean; roles: string[]; via: string | null; user: { username: string; organisation: string | null } | null };

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const p = (await res.json()) as { type: string; status: number; detail: string };
  expect(p.detail).not.toMatch(/\bat .+:\d+:\d+|Error:|TypeError/); // no stack, no English exception
  return p;
}

const auditOf = (subjectOrId: string) => db.query<{ action: string; table_name: string; before: unknown; after: Record<string, unknown> | null }>('SELECT action, table_name, before, after FROM audit WHERE record_id = $1 ORDER BY id', [subjectOrId]);

describe('OIDC login round trip', () => {
  it('redirects to the IdP with PKCE S256, state and nonce, and keeps them in the database, not in memory', async () => {
    idpUser(['GG-VK-Analisten']);
    const start = await app.request(`${APP}/api/auth/oidc/login`);
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    expect(to.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(to.searchParams.get('state')).toBeTruthy();
    expect(to.searchParams.get('nonce')).toBeTruthy();
    expect(to.searchParams.get('redirect_uri')).toBe(`${APP}/api/auth/oidc/callback`);
    expect(to.searchParams.get('scope')).toBe('openid profile email');
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('vk_oidc='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/api\/auth\/oidc/);
    const [row] = await db.query<{ state: string }>('SELECT state FROM oidc_login WHERE state = $1', [to.searchParams.get('state')]);
    expect(row).toBeDefined();
  });

  it('logs in: a session cookie, the mapped roles in /api/auth/me, a linked account without password, audited', async () => {
    const u = idpUser(['GG-VK-Analisten', 'GG-Andere-Groep']);
    const { callback, session } = await loginRound();
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe(`${APP}/`);
    expect(session).toMatch(/^vk_session=[\w-]{40,}$/);
    expect(callback.headers.getSetCookie().find((c) => c.startsWith('vk_session='))).toMatch(/HttpOnly.*SameSite=Strict|SameSite=Strict.*HttpOnly/);
    const me = await meOf(app, session!);
    expect(me).toMatchObject({ authenticated: true, roles: ['analist'], via: 'session', user: { username: u.preferred_username } });

    const [acc] = await db.query<{ id: string; password_hash: string | null; oidc_issuer: string; display_name: string }>('SELECT id, password_hash, oidc_issuer, display_name FROM app_user WHERE oidc_subject = $1', [u.sub]);
    expect(acc).toMatchObject({ password_hash: null, oidc_issuer: idp.issuer, display_name: u.name });
    const audit = await auditOf(acc!.id);
    expect(audit.map((a) => `${a.action} ${a.table_name}`)).toEqual(['create app_user', 'login user_session']);
    expect(audit[0]!.after).toMatchObject({ roles: ['analist'], via: 'oidc', subject: u.sub });
    expect(audit[1]!.after).toMatchObject({ via: 'oidc' });

    // An OIDC account has no local password: the password login refuses it.
    const local = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u.preferred_username, password: 'wat-dan-ook-123' }) });
    expect(local.status).toBe(401);
  });

  it('sets the roles from the groups on every login, and audits the change', async () => {
    const u = idpUser(['GG-VK-Analisten']);
    const first = await loginRound();
    expect((await meOf(app, first.session!)).roles).toEqual(['analist']);
    const [acc] = await db.query<{ id: string }>('SELECT id FROM app_user WHERE oidc_subject = $1', [u.sub]);

    idp.user = { ...u, groups: ['GG-VK-Beheer', 'GG-VK-Redactie'] };
    const second = await loginRound();
    expect(sorted((await meOf(app, second.session!)).roles)).toEqual(['beheerder', 'redacteur']);
    // Same account, not a second one; and the first browser's session sees the new roles too.
    expect(await db.query('SELECT 1 FROM app_user WHERE oidc_subject = $1', [u.sub])).toHaveLength(1);
    expect(sorted((await meOf(app, first.session!)).roles)).toEqual(['beheerder', 'redacteur']);
    const update = (await auditOf(acc!.id)).filter((a) => a.action === 'update');
    expect(update).toHaveLength(1);
    expect(update[0]).toMatchObject({ table_name: 'app_user', before: { roles: ['analist'] }, after: { roles: ['redacteur', 'beheerder'], via: 'oidc' } });

    // Same groups again: no role change, so no update row.
    await loginRound();
    expect((await auditOf(acc!.id)).filter((a) => a.action === 'update')).toHaveLength(1);
  });

  it('links a partner to the organisation its group maps to', async () => {
    idpUser(['GG-VK-Partners']);
    const { session } = await loginRound();
    expect(await meOf(app, session!)).toMatchObject({ roles: ['partner'], user: { organisation: 'Woonstede' } });
  });

  it('reads the groups from userinfo when the ID token has none', async () => {
    idpUser(['GG-VK-Beheer']);
    idp.misbehave.groupsOnlyInUserinfo = true;
    const { session } = await loginRound();
    expect((await meOf(app, session!)).roles).toEqual(['beheerder']);
  });

  it('gives a new account another name when a local account has that name, and never takes the local one over', async () => {
    const name = `lokaal.${process.pid}.${++seq}`;
    await createUser(systemCaller('test'), db, { username: name, roles: ['redacteur'], password: TEST_PASSWORD });
    idpUser(['GG-VK-Analisten'], name);
    const { session } = await loginRound();
    const me = await meOf(app, session!);
    expect(me.user!.username).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}-[0-9a-f]{6}$`));
    expect(me.roles).toEqual(['analist']);
    const [local] = await db.query<{ oidc_subject: string | null }>('SELECT oidc_subject FROM app_user WHERE username = $1', [name]);
    expect(local!.oidc_subject).toBeNull();
    const localLogin = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: name, password: TEST_PASSWORD }) });
    expect(localLogin.status).toBe(200);
    expect((await localLogin.json()) as { roles: string[] }).toMatchObject({ roles: ['redacteur'] });
  });
});

describe('OIDC login refused', () => {
  it('refuses a user without a mapped group: no session, no account, a Dutch problem', async () => {
    const u = idpUser(['GG-Andere-Groep']);
    const { callback, session } = await loginRound();
    expect(callback.status).toBe(403);
    expect(session).toBeUndefined();
    const p = await problemOf(callback);
    expect(p.type).toBe(OIDC_PROBLEMS.noRole);
    expect(p.detail).toContain('geen groep');
    expect(await db.query('SELECT 1 FROM app_user WHERE oidc_subject = $1', [u.sub])).toHaveLength(0);
  });

  it('takes the roles and sessions away when the groups no longer map (audited), and refuses the login', async () => {
    const u = idpUser(['GG-VK-Analisten']);
    const first = await loginRound();
    idp.user = { ...u, groups: [] };
    const { callback, session } = await loginRound();
    expect(callback.status).toBe(403);
    expect(session).toBeUndefined();
    expect((await meOf(app, first.session!)).authenticated).toBe(false);
    const [acc] = await db.query<{ id: string }>('SELECT id FROM app_user WHERE oidc_subject = $1', [u.sub]);
    expect((await auditOf(acc!.id)).filter((a) => a.action === 'update')).toMatchObject([{ before: { roles: ['analist'] }, after: { roles: [] } }]);
  });

  it('refuses a wrong state', async () => {
    idpUser(['GG-VK-Analisten']);
    const { callback, session } = await loginRound(app, { tamper: (b) => b.searchParams.set('state', 'vervalst') });
    expect(callback.status).toBe(401);
    expect(session).toBeUndefined();
    expect((await problemOf(callback)).type).toBe(OIDC_PROBLEMS.invalid);
  });

  it('refuses an ID token with another nonce', async () => {
    idpUser(['GG-VK-Analisten']);
    idp.misbehave.nonce = 'een-andere-nonce';
    const { callback, session } = await loginRound();
    expect(callback.status).toBe(401);
    expect(session).toBeUndefined();
    expect((await problemOf(callback)).type).toBe(OIDC_PROBLEMS.invalid);
    idp.misbehave = {}; // the same user with the right nonce gets in: the nonce was the reason
    expect((await loginRound()).callback.status).toBe(302);
  });

  it('refuses an ID token signed with a key that is not in the IdP\'s JWKS', async () => {
    idpUser(['GG-VK-Analisten']);
    idp.misbehave.foreignKey = true;
    const { callback, session } = await loginRound();
    expect(callback.status).toBe(401);
    expect(session).toBeUndefined();
    idp.misbehave = {};
    expect((await loginRound()).callback.status).toBe(302);
  });

  it('refuses a callback without the binding cookie (a link sent to another browser), and a callback used twice', async () => {
    idpUser(['GG-VK-Analisten']);
    const other = await loginRound(app, { cookie: null });
    expect(other.callback.status).toBe(401);
    expect(other.session).toBeUndefined();
    expect((await problemOf(other.callback)).type).toBe(OIDC_PROBLEMS.expired);

    const ok = await loginRound();
    expect(ok.callback.status).toBe(302);
    const again = await app.request(`${APP}${pathOf(ok.back.href)}`, { headers: { Cookie: ok.callback.headers.getSetCookie().join('; ') } });
    expect(again.status).toBe(401);
  });

  it('ends refused consent (error=access_denied) on a Dutch message, as an HTML page for a browser', async () => {
    idpUser(['GG-VK-Analisten']);
    idp.misbehave.deny = true;
    const { callback, session } = await loginRound(app, { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(callback.status).toBe(403);
    expect(session).toBeUndefined();
    expect(callback.headers.get('content-type')).toContain('text/html');
    const page = await callback.text();
    expect(page).toContain('lang="nl"');
    expect(page).toContain('afgebroken of geen toestemming gegeven');
  });

  it('answers a Dutch problem when the IdP is down, at the start and at the callback, and keeps running', async () => {
    const down = await startTestIdp({ user: { sub: `weg-${++seq}`, groups: ['GG-VK-Analisten'] } });
    const env = { VK_OIDC_CLIENT_ID: down.clientId, VK_OIDC_CLIENT_SECRET: down.clientSecret };
    // Started while the IdP is up (discovery done), then it goes away before the callback.
    const a = appWith({ oidc: oidcEnv(down.issuer, env) });
    const start = await a.request(`${APP}/api/auth/oidc/login`);
    const atIdp = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const back = new URL(atIdp.headers.get('location')!);
    await down.close();
    const cb = await a.request(`${APP}${pathOf(back.href)}`, { headers: { Cookie: cookieOf(start, 'vk_oidc')! } });
    expect(cb.status).toBe(503);
    expect(cookieOf(cb, 'vk_session')).toBeUndefined();
    const p = await problemOf(cb);
    expect(p.type).toBe(OIDC_PROBLEMS.unreachable);
    expect(p.detail).toContain('niet bereikbaar');

    // A process whose IdP is away from the start (discovery fails): the login itself answers 503.
    const b = appWith({ oidc: oidcEnv(down.issuer, env) });
    const res = await b.request(`${APP}/api/auth/oidc/login`);
    expect(res.status).toBe(503);
    expect((await problemOf(res)).type).toBe(OIDC_PROBLEMS.unreachable);
    expect((await b.request('/api/health')).status).toBe(200);
  });
});

describe('OIDC off and beside the local login', () => {
  it('tells the web the button label when on', async () => {
    const me = (await (await app.request('/api/auth/me')).json()) as { oidc: unknown };
    expect(me.oidc).toEqual({ label: 'Inloggen met gemeenteaccount', loginUrl: '/api/auth/oidc/login' });
  });

  it('answers 404 problems on both routes when VK_OIDC_ISSUER is not set, and /api/auth/me says so', async () => {
    const off = appWith({ oidc: null });
    for (const path of ['/api/auth/oidc/login', '/api/auth/oidc/callback?code=x&state=y']) {
      const res = await off.request(path);
      expect(res.status).toBe(404);
      expect((await problemOf(res)).detail).toContain('niet ingeschakeld');
    }
    const me = (await (await off.request('/api/auth/me')).json()) as { oidc: unknown };
    expect(me.oidc).toBeNull();
  });

  it('refuses a local password for an account that logs in through the IdP (a reset would open a second way in)', async () => {
    const u = idpUser(['GG-VK-Analisten']);
    await loginRound();
    const [acc] = await db.query<{ id: string }>('SELECT id FROM app_user WHERE oidc_subject = $1', [u.sub]);
    const err = await resetPassword(systemCaller('test'), db, Number(acc!.id)).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ status: 409 });
    expect(String((err as Error).message)).toContain('identity provider');
    const [after] = await db.query<{ password_hash: string | null }>('SELECT password_hash FROM app_user WHERE id = $1', [acc!.id]);
    expect(after!.password_hash).toBeNull();
  });

  it('keeps the local login working beside it', async () => {
    const name = `lokaal.${process.pid}.${++seq}`;
    await createUser(systemCaller('test'), db, { username: name, roles: ['analist'], password: TEST_PASSWORD });
    const res = await app.request('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: name, password: TEST_PASSWORD }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ roles: ['analist'], oidc: { label: 'Inloggen met gemeenteaccount' } });
  });
});
