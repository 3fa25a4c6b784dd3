/**
 * Local accounts and sessions. Passwords: argon2id (@node-rs/argon2, OWASP defaults: 19 MiB,
 * t=2). Session and API tokens: 32 random bytes the client holds; the database keeps only their
 * SHA-256 (a fast hash is enough for 256-bit random secrets). Sessions expire after an idle time
 * and an absolute time; the clock is injected so tests move time instead of sleeping. Failed
 * logins are counted in the database per account and per IP, so several processes share them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../db/db.js';
import type { Config } from '../config.js';
import type { OidcConfig } from '../auth/oidc-config.js';
import { sql } from '../db/queries.js';
import { type Caller, userCaller, publicCaller } from '../auth/caller.js';
import { ASSIGNABLE_ROLES, permissionsOf, type Role } from '../auth/roles.js';
import { AppError, LoginRequiredError, NotFoundError, PROBLEM_TYPES, ValidationError } from '../errors.js';
import type { Me } from '../contract/auth.js';
import { writeAudit } from './audit.service.js';

export interface AuthContext {
  db: Db;
  config: Pick<Config, 'auth'>;
  now: () => Date;
}

/** Failed logins within this window count towards the limits. */
export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 20;
/** last_seen_at is written at most this often (not on every request). */
const TOUCH_MS = 60_000;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
export const newToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');

export function hashPassword(password: string): Promise<string> {
  return hash(password); // argon2id is the library's default algorithm
}

/** A one-time password: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(16);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

// Verified when the user does not exist, so an unknown name costs as much time as a wrong password.
let dummyHash: Promise<string> | undefined;

interface UserRow {
  id: string | number;
  username: string;
  display_name: string;
  password_hash: string | null;
  must_change_password: boolean;
  disabled: boolean;
  organisation_id: string | number | null;
  roles: string[] | string;
}

/** PGlite and pg both return text[] as arrays; be lenient with '{a,b}'. */
export function rolesOf(v: string[] | string | null): Role[] {
  const arr = Array.isArray(v) ? v : typeof v === 'string' ? v.replace(/^\{|\}$/g, '').split(',').filter(Boolean) : [];
  return arr.filter((r): r is Role => (ASSIGNABLE_ROLES as readonly string[]).includes(r));
}

const toUser = (r: { id: string | number; username: string; roles: string[] | string; organisation_id: string | number | null; must_change_password: boolean }) => ({
  id: Number(r.id),
  username: r.username,
  roles: rolesOf(r.roles),
  organisationId: r.organisation_id === null ? null : Number(r.organisation_id),
  mustChangePassword: r.must_change_password,
});

function tooManyAttempts(retryAfterS: number): AppError {
  return new AppError(
    429,
    'Te veel pogingen',
    `Te veel mislukte inlogpogingen. Probeer het over ${Math.max(1, Math.ceil(retryAfterS / 60))} minuten opnieuw.`,
    { retryAfter: retryAfterS },
    PROBLEM_TYPES.tooManyAttempts,
  );
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  caller: Caller;
}

/** Checks the throttle, then the password; creates a session. Failures are recorded (not the password). */
export async function login(ctx: AuthContext, body: { username: string; password: string }, client: { ip: string; userAgent: string | null; requestId: string | null }): Promise<LoginResult> {
  const now = ctx.now();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [f] = await ctx.db.query<{ by_user: string | number; oldest_user: Date | string | null; by_ip: string | number; oldest_ip: Date | string | null }>(sql('auth-login-failures'), [body.username, client.ip, since.toISOString()]);
  const retry = (oldest: Date | string | null) => Math.ceil((new Date(oldest ?? now).getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000);
  if (f && Number(f.by_user) >= MAX_FAILURES_PER_ACCOUNT) throw tooManyAttempts(retry(f.oldest_user));
  if (f && Number(f.by_ip) >= MAX_FAILURES_PER_IP) throw tooManyAttempts(retry(f.oldest_ip));

  const [u] = await ctx.db.query<UserRow>(sql('auth-user-by-name'), [body.username]);
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = u?.password_hash && !u.disabled ? await verify(u.password_hash, body.password).catch(() => false) : (await verify(await dummyHash, body.password).catch(() => false)) && false;
  if (!u || !ok) {
    await ctx.db.query(sql('auth-login-attempt-insert'), [body.username, client.ip, now.toISOString()]);
    throw new LoginRequiredError('Onjuiste gebruikersnaam of wachtwoord.', PROBLEM_TYPES.loginFailed);
  }
  return ctx.db.transaction(async (tx) => {
    await tx.query(sql('auth-login-attempts-clear'), [body.username]);
    return startSession(tx, ctx, toUser(u), client);
  });
}

/** Creates a session for `user` on `tx` and audits the login (password or OIDC: `after.via`). */
export async function startSession(
  tx: Db,
  ctx: AuthContext,
  user: Parameters<typeof userCaller>[0],
  client: { ip: string; userAgent: string | null; requestId: string | null },
  via: 'password' | 'oidc' = 'password',
): Promise<LoginResult> {
  const now = ctx.now();
  const token = newToken();
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + ctx.config.auth.maxHours * 3_600_000);
  const caller = userCaller(user, 'session', { sessionHash: sha256(token), csrfToken, requestId: client.requestId });
  await tx.query(sql('auth-session-insert'), [sha256(token), user.id, csrfToken, now.toISOString(), expiresAt.toISOString(), client.ip, client.userAgent?.slice(0, 300) ?? null]);
  await writeAudit(tx, caller, { action: 'login', table: 'user_session', recordId: user.id, after: via === 'password' ? { ip: client.ip } : { ip: client.ip, via } }, now);
  return { token, csrfToken, expiresAt, caller };
}

/** The caller of a session cookie, or null when unknown or expired (an expired session is deleted). */
export async function sessionCaller(ctx: AuthContext, token: string, requestId: string | null): Promise<Caller | null> {
  const h = sha256(token);
  const [s] = await ctx.db.query<UserRow & { csrf_token: string; last_seen_at: Date | string; expires_at: Date | string }>(sql('auth-session-lookup'), [h]);
  if (!s) return null;
  const now = ctx.now().getTime();
  const lastSeen = new Date(s.last_seen_at).getTime();
  if (now >= new Date(s.expires_at).getTime() || now - lastSeen >= ctx.config.auth.idleMinutes * 60_000) {
    await ctx.db.query(sql('auth-session-delete'), [h]);
    return null;
  }
  if (now - lastSeen >= TOUCH_MS) await ctx.db.query(sql('auth-session-touch'), [h, new Date(now).toISOString()]);
  return userCaller(toUser(s), 'session', { sessionHash: h, csrfToken: s.csrf_token, requestId });
}

/** The caller of a personal API token (Authorization: Bearer), or null. */
export async function tokenCaller(ctx: AuthContext, token: string, requestId: string | null): Promise<Caller | null> {
  const [t] = await ctx.db.query<UserRow & { token_id: string | number; last_used_at: Date | string | null }>(sql('auth-token-lookup'), [sha256(token)]);
  if (!t) return null;
  const now = ctx.now();
  if (!t.last_used_at || now.getTime() - new Date(t.last_used_at).getTime() >= TOUCH_MS) await ctx.db.query(sql('auth-token-touch'), [t.token_id, now.toISOString()]);
  return userCaller(toUser(t), 'token', { requestId });
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(caller: Caller, header: string | undefined): boolean {
  if (!caller.csrfToken || !header) return false;
  const a = Buffer.from(caller.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout(caller: Caller, ctx: AuthContext): Promise<void> {
  if (!caller.sessionHash) return;
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql('auth-session-delete'), [caller.sessionHash]);
    await writeAudit(tx, caller, { action: 'logout', table: 'user_session', recordId: caller.userId }, ctx.now());
  });
}

/** Ends every session of the caller's account (all browsers). API tokens are revoked separately. */
export async function logoutEverywhere(caller: Caller, ctx: AuthContext): Promise<number> {
  if (caller.userId === null) throw new LoginRequiredError();
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.query(sql('auth-sessions-delete-by-user'), [caller.userId]);
    await writeAudit(tx, caller, { action: 'logout', table: 'user_session', recordId: caller.userId, after: { everywhere: true, sessions: rows.length } }, ctx.now());
    return rows.length;
  });
}

/** Who is calling; `oidc` (the configuration, or null when off) adds the IdP login button's label. */
export async function me(caller: Caller, db: Db, oidc: Pick<OidcConfig, 'label'> | null = null): Promise<Me> {
  const oidcLogin = oidc ? { label: oidc.label, loginUrl: '/api/auth/oidc/login' } : null;
  if (caller.kind !== 'user' || caller.userId === null) {
    return { authenticated: false, user: null, roles: ['publiek'], permissions: [...caller.permissions], via: null, csrfToken: null, oidc: oidcLogin };
  }
  const [u] = await db.query<{ display_name: string; organisation_name: string | null }>(sql('auth-user-by-id'), [caller.userId]);
  return {
    authenticated: true,
    user: { id: caller.userId, username: caller.username, displayName: u?.display_name ?? '', organisation: u?.organisation_name ?? null, mustChangePassword: caller.mustChangePassword },
    roles: caller.roles.length ? [...caller.roles] : ['publiek'],
    permissions: [...permissionsOf(caller.mustChangePassword ? [] : caller.roles)],
    via: caller.via,
    csrfToken: caller.csrfToken,
    oidc: oidcLogin,
  };
}

/** Changes the caller's own password (also the one-time password of a first login); other sessions end. */
export async function changePassword(caller: Caller, ctx: AuthContext, body: { currentPassword: string; newPassword: string }): Promise<void> {
  if (caller.userId === null) throw new LoginRequiredError();
  const [u] = await ctx.db.query<{ password_hash: string | null }>(sql('auth-user-by-id'), [caller.userId]);
  if (!u?.password_hash || !(await verify(u.password_hash, body.currentPassword).catch(() => false))) {
    throw new ValidationError('Het huidige wachtwoord klopt niet.', [{ path: 'currentPassword', message: 'klopt niet' }]);
  }
  if (body.currentPassword === body.newPassword) throw new ValidationError('Kies een ander wachtwoord dan het huidige.', [{ path: 'newPassword', message: 'gelijk aan het huidige' }]);
  const h = await hashPassword(body.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql('auth-password-change'), [caller.userId, h, ctx.now().toISOString()]);
    await tx.query(sql('auth-sessions-delete-others'), [caller.userId, caller.sessionHash ?? '']);
    await writeAudit(tx, caller, { action: 'update', table: 'app_user', recordId: caller.userId, after: { password: 'gewijzigd' } }, ctx.now());
  });
}

// ------------------------------------------------------------------------------------------
// Personal API tokens
// ------------------------------------------------------------------------------------------

interface TokenRow {
  id: string | number;
  name: string;
  prefix: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}
const isoOrNull = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const tokenOut = (r: TokenRow) => ({ id: Number(r.id), name: r.name, prefix: r.prefix, createdAt: new Date(r.created_at).toISOString(), lastUsedAt: isoOrNull(r.last_used_at), revokedAt: isoOrNull(r.revoked_at) });

export async function listTokens(caller: Caller, db: Db) {
  if (caller.userId === null) throw new LoginRequiredError();
  const rows = await db.query<TokenRow>(sql('auth-tokens'), [caller.userId]);
  return { tokens: rows.map(tokenOut) };
}

/** Creates a personal token; the secret is returned once and stored only as its hash. */
export async function createToken(caller: Caller, ctx: AuthContext, name: string) {
  if (caller.userId === null) throw new LoginRequiredError();
  const token = newToken('vk_');
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.query<TokenRow>(sql('auth-token-insert'), [caller.userId, name, sha256(token), token.slice(0, 10), ctx.now().toISOString()]);
    await writeAudit(tx, caller, { action: 'create', table: 'api_token', recordId: Number(r!.id), after: { name, prefix: r!.prefix } }, ctx.now());
    return { ...tokenOut(r!), token };
  });
}

export async function revokeToken(caller: Caller, ctx: AuthContext, id: number) {
  if (caller.userId === null) throw new LoginRequiredError();
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.query<TokenRow>(sql('auth-token-revoke'), [id, caller.userId, ctx.now().toISOString()]);
    if (!r) throw new NotFoundError(`Token ${id} bestaat niet (of is niet van u).`);
    await writeAudit(tx, caller, { action: 'delete', table: 'api_token', recordId: id, after: { revoked: true } }, ctx.now());
    return tokenOut(r);
  });
}

// ------------------------------------------------------------------------------------------
// First start
// ------------------------------------------------------------------------------------------

/**
 * On a database without accounts: creates the admin account with every role. Its password is
 * VK_ADMIN_PASSWORD, or else a generated one-time password that is returned (to print once) and
 * must be changed at the first login.
 */
export async function ensureAdmin(db: Db, config: Pick<Config, 'auth'>, now: Date = new Date()): Promise<{ created: boolean; username: string; oneTimePassword: string | null }> {
  const username = config.auth.adminUser.toLowerCase();
  const [{ n } = { n: 0 }] = await db.query<{ n: string | number }>(sql('auth-user-count'));
  if (Number(n) > 0) return { created: false, username, oneTimePassword: null };
  const oneTime = config.auth.adminPassword ? null : generatePassword();
  const h = await hashPassword(config.auth.adminPassword ?? oneTime!);
  const created = await db.transaction(async (tx) => {
    // Another process may have created it meanwhile: the unique name makes this a no-op then.
    const [u] = await tx.query<{ id: string | number }>(sql('auth-admin-insert'), [username, h, oneTime !== null, now.toISOString()]);
    if (!u) return false;
    for (const role of ASSIGNABLE_ROLES) await tx.query(sql('user-role-insert'), [u.id, role]);
    await writeAudit(tx, { ...publicCaller(), kind: 'system', username: 'systeem' }, { action: 'create', table: 'app_user', recordId: Number(u.id), after: { username, roles: ASSIGNABLE_ROLES, mustChangePassword: oneTime !== null } }, now);
    return true;
  });
  return { created, username, oneTimePassword: created ? oneTime : null };
}
