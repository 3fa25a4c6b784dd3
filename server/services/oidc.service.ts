/**
 * Login through the municipality's OpenID Connect identity provider (openid-client v6):
 * authorization code flow with PKCE (S256), state and nonce. The login in progress lives in an
 * `oidc_login` row keyed by the SHA-256 of a random binding token the browser holds in an HttpOnly
 * cookie, so any app process can finish it and a callback URL is useless in another browser.
 * The ID token (signature, issuer, audience, expiry, nonce) is checked by the library. On every
 * login the account linked to (issuer, subject) gets the roles its IdP groups map to; a user
 * without a mapped group gets no session. Creation, role changes and the login are audited.
 */
import * as oidc from 'openid-client';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { OidcConfig } from '../auth/oidc-config.js';
import { groupsFromClaims, organisationForGroups, rolesForGroups, usernameFromClaims } from '../auth/oidc-mapping.js';
import { publicCaller, type Caller } from '../auth/caller.js';
import type { AssignableRole } from '../auth/roles.js';
import { AppError, NotFoundError } from '../errors.js';
import { newToken, rolesOf, sha256, startSession, type AuthContext, type LoginResult } from './auth.service.js';
import { writeAudit } from './audit.service.js';

/** How long a started login may take at the IdP. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
/** Seconds to wait for the IdP (discovery, token, userinfo, JWKS). */
const IDP_TIMEOUT_S = 10;

export const OIDC_PROBLEMS = {
  off: '/problems/oidc-uit',
  unreachable: '/problems/oidc-onbereikbaar',
  expired: '/problems/oidc-inlogpoging-onbekend',
  denied: '/problems/oidc-geweigerd',
  invalid: '/problems/oidc-ongeldig-antwoord',
  noRole: '/problems/oidc-geen-rol',
  disabled: '/problems/oidc-account-uitgeschakeld',
} as const;

export const oidcOff = () => new NotFoundError('Inloggen via de identity provider van de gemeente is niet ingeschakeld.');
const unreachable = () =>
  new AppError(503, 'Identity provider onbereikbaar', 'De identity provider van de gemeente is nu niet bereikbaar. Probeer het later opnieuw of log in met uw gebruikersnaam en wachtwoord.', {}, OIDC_PROBLEMS.unreachable);
const expired = () =>
  new AppError(401, 'Inlogpoging onbekend', 'Deze inlogpoging is verlopen of hoort niet bij deze browser. Start het inloggen opnieuw.', {}, OIDC_PROBLEMS.expired);
const invalidAnswer = () =>
  new AppError(401, 'Inloggen mislukt', 'Het antwoord van de identity provider kon niet worden gecontroleerd. Start het inloggen opnieuw; blijft dit zo, meld het dan bij de beheerder.', {}, OIDC_PROBLEMS.invalid);

// Discovery once per configuration object (each process, each test app); a failure is not cached.
const discovered = new WeakMap<OidcConfig, Promise<oidc.Configuration>>();

function discover(cfg: OidcConfig): Promise<oidc.Configuration> {
  let p = discovered.get(cfg);
  if (!p) {
    const metadata: Partial<oidc.ClientMetadata> = { redirect_uris: [cfg.redirectUri.href], ...(cfg.clientSecret ? { client_secret: cfg.clientSecret } : {}) };
    p = oidc
      .discovery(cfg.issuer, cfg.clientId, metadata, cfg.clientSecret ? undefined : oidc.None(), {
        timeout: IDP_TIMEOUT_S,
        execute: [...(cfg.allowHttp ? [oidc.allowInsecureRequests] : []), oidc.enableNonRepudiationChecks],
      })
      .catch((err: unknown) => {
        discovered.delete(cfg);
        throw err;
      });
    discovered.set(cfg, p);
  }
  return p;
}

/** A network failure or timeout anywhere in the cause chain. */
function isNetworkError(err: unknown): boolean {
  for (let e = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof TypeError && /fetch/i.test(e.message)) return true;
    const name = (e as { name?: string }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|UND_ERR_)/.test(code)) return true;
  }
  return false;
}

/** Maps what openid-client (or the network) threw to a Dutch problem; logs the technical reason. */
function idpProblem(err: unknown, step: string): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof oidc.AuthorizationResponseError) {
    if (err.error === 'access_denied') {
      return new AppError(403, 'Inloggen geweigerd', 'U heeft het inloggen bij de identity provider afgebroken of geen toestemming gegeven. U bent niet ingelogd.', {}, OIDC_PROBLEMS.denied);
    }
    console.warn(`OIDC ${step}: de identity provider meldde ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
    return new AppError(401, 'Inloggen mislukt', `De identity provider meldde een fout (${err.error.slice(0, 60)}). Start het inloggen opnieuw.`, {}, OIDC_PROBLEMS.invalid);
  }
  if (isNetworkError(err)) {
    console.warn(`OIDC ${step}: identity provider onbereikbaar: ${(err as Error).message}`);
    return unreachable();
  }
  const e = err as { code?: string; message?: string; error?: string };
  console.warn(`OIDC ${step}: ${e.code ?? ''} ${e.error ?? ''} ${e.message ?? String(err)}`.trim());
  return invalidAnswer();
}

export interface OidcStart {
  /** Where to send the browser (the IdP's authorization endpoint). */
  url: URL;
  /** The binding token for the browser's HttpOnly cookie. */
  binding: string;
  expiresAt: Date;
}

/** Starts a login: PKCE verifier, state and nonce into a short-lived row; the IdP URL to redirect to. */
export async function startOidcLogin(ctx: AuthContext, cfg: OidcConfig | null): Promise<OidcStart> {
  if (!cfg) throw oidcOff();
  // Unreachable or answering nonsense (a wrong issuer URL): either way the IdP cannot be used now.
  const config = await discover(cfg).catch((err: unknown) => {
    console.warn(`OIDC discovery bij ${cfg.issuer.href}: ${(err as Error).message}`);
    throw unreachable();
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const binding = newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + OIDC_LOGIN_TTL_MS);
  await ctx.db.query(sql('oidc-login-insert'), [sha256(binding), state, nonce, verifier, now.toISOString(), expiresAt.toISOString()]);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: cfg.redirectUri.href,
    scope: cfg.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, binding, expiresAt };
}

interface LinkedUser {
  id: string | number;
  username: string;
  display_name: string;
  email: string | null;
  disabled: boolean;
  must_change_password: boolean;
  organisation_id: string | number | null;
  roles: string[] | string;
}

export interface OidcCallback {
  /** The binding cookie (absent: the login was not started in this browser). */
  binding: string | undefined;
  /** The callback's query string, as the IdP sent it. */
  search: string;
  /** The browser's current session (replaced by the new one). */
  previousSessionHash: string | null;
  client: { ip: string; userAgent: string | null; requestId: string | null };
}

/**
 * Finishes a login: checks the IdP's answer (state, code exchange with PKCE, ID token incl. nonce),
 * maps the groups to roles, finds or creates the linked account and opens a session.
 */
export async function finishOidcLogin(ctx: AuthContext, cfg: OidcConfig | null, cb: OidcCallback): Promise<LoginResult> {
  if (!cfg) throw oidcOff();
  if (!cb.binding) throw expired();
  const [pending] = await ctx.db.query<{ state: string; nonce: string; code_verifier: string; expires_at: Date | string }>(sql('oidc-login-take'), [sha256(cb.binding)]);
  if (!pending || new Date(pending.expires_at).getTime() <= ctx.now().getTime()) throw expired();

  let claims: oidc.IDToken;
  let groups: string[] | null;
  try {
    const config = await discover(cfg);
    const current = new URL(cfg.redirectUri.href);
    current.search = cb.search;
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.code_verifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
    claims = tokens.claims()!;
    groups = groupsFromClaims(claims, cfg.groupsClaim);
    if (groups === null && config.serverMetadata().userinfo_endpoint) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      groups = groupsFromClaims(info, cfg.groupsClaim);
    }
  } catch (err) {
    throw idpProblem(err, 'callback');
  }

  const roles = rolesForGroups(groups ?? [], cfg.roleMap);
  const orgName = cfg.organisationMap.size ? organisationForGroups(groups ?? [], cfg.organisationMap) : undefined;
  const outcome = await ctx.db.transaction((tx) => linkAndLogin(tx, ctx, cfg, claims, roles, orgName, cb));
  if (outcome === 'no-role') {
    throw new AppError(
      403,
      'Geen toegang',
      'Uw gemeenteaccount zit in geen groep die toegang geeft tot de Veiligheidskaart. Vraag uw beheerder om u aan de juiste groep toe te voegen.',
      {},
      OIDC_PROBLEMS.noRole,
    );
  }
  if (outcome === 'disabled') {
    throw new AppError(403, 'Account uitgeschakeld', 'Uw account in de Veiligheidskaart is uitgeschakeld. Neem contact op met de beheerder.', {}, OIDC_PROBLEMS.disabled);
  }
  return outcome;
}

async function linkAndLogin(
  tx: Db,
  ctx: AuthContext,
  cfg: OidcConfig,
  claims: oidc.IDToken,
  roles: AssignableRole[],
  orgName: string | null | undefined,
  cb: OidcCallback,
): Promise<LoginResult | 'no-role' | 'disabled'> {
  const now = ctx.now();
  const issuer = claims.iss;
  const displayName = typeof claims.name === 'string' ? claims.name.slice(0, 200) : '';
  const email = typeof claims.email === 'string' ? claims.email.slice(0, 320) : null;
  const system: Caller = { ...publicCaller(cb.client.requestId), kind: 'system', username: 'oidc' };
  const orgId = orgName === undefined ? undefined : orgName === null ? null : await organisationId(tx, orgName, system, now);

  let [u] = await tx.query<LinkedUser>(sql('oidc-user-by-subject'), [issuer, claims.sub]);
  if (!u) {
    // No account yet: only someone with a mapped group gets one.
    if (roles.length === 0) return 'no-role';
    const base = usernameFromClaims(claims, cfg.usernameClaim);
    // The name may belong to another (local) account: that one is never taken over, the new one gets a suffix.
    for (const name of [base, `${base.slice(0, 57)}-${sha256(`${issuer} ${claims.sub}`).slice(0, 6)}`]) {
      const [r] = await tx.query<{ id: string | number }>(sql('oidc-user-insert'), [name, displayName, email, orgId ?? null, issuer, claims.sub, now.toISOString()]);
      if (!r) {
        // A concurrent first login of the same identity may have won: then log in to that account.
        [u] = await tx.query<LinkedUser>(sql('oidc-user-by-subject'), [issuer, claims.sub]);
        if (u) break;
        continue;
      }
      const id = Number(r.id);
      for (const role of roles) await tx.query(sql('user-role-insert'), [id, role]);
      await writeAudit(tx, { ...system, userId: id }, { action: 'create', table: 'app_user', recordId: id, after: { username: name, roles, organisationId: orgId ?? null, via: 'oidc', issuer, subject: claims.sub } }, now);
      return open(tx, ctx, { id, username: name, roles, organisation_id: orgId ?? null }, cb);
    }
    if (!u) throw new AppError(409, 'Gebruikersnaam bezet', 'Er bestaat al een ander account met deze gebruikersnaam. Vraag de beheerder om dit op te lossen.');
  }
  if (u.disabled) return 'disabled';

  // Every login: the roles (and organisation, when mapped) follow the IdP's groups.
  const before = rolesOf(u.roles).filter((r): r is AssignableRole => r !== 'publiek');
  const userId = Number(u.id);
  const changes: Record<string, unknown> = {};
  const prior: Record<string, unknown> = {};
  if ([...before].sort().join() !== [...roles].sort().join()) {
    await tx.query(sql('user-roles-delete'), [userId]);
    for (const role of roles) await tx.query(sql('user-role-insert'), [userId, role]);
    prior.roles = before;
    changes.roles = roles;
  }
  const currentOrg = u.organisation_id === null ? null : Number(u.organisation_id);
  if (orgId !== undefined && orgId !== currentOrg) {
    prior.organisationId = currentOrg;
    changes.organisationId = orgId;
  }
  await tx.query(sql('oidc-user-profile-update'), [
    userId,
    displayName || u.display_name,
    email ?? u.email,
    orgId === undefined ? currentOrg : orgId,
    now.toISOString(),
  ]);
  if (Object.keys(changes).length) await writeAudit(tx, { ...system, userId }, { action: 'update', table: 'app_user', recordId: userId, before: prior, after: { ...changes, via: 'oidc' } }, now);
  if (roles.length === 0) {
    // No mapped group any more: the roles are gone (audited above) and so are the sessions.
    await tx.query(sql('auth-sessions-delete-by-user'), [userId]);
    return 'no-role';
  }
  return open(tx, ctx, { id: userId, username: u.username, roles, organisation_id: orgId === undefined ? currentOrg : orgId }, cb);
}

/** Replaces the browser's previous session (if any) by a new one. */
async function open(tx: Db, ctx: AuthContext, u: { id: number; username: string; roles: AssignableRole[]; organisation_id: number | null }, cb: OidcCallback): Promise<LoginResult> {
  if (cb.previousSessionHash) await tx.query(sql('auth-session-delete'), [cb.previousSessionHash]);
  return startSession(tx, ctx, { id: u.id, username: u.username, roles: u.roles, organisationId: u.organisation_id, mustChangePassword: false }, cb.client, 'oidc');
}

/** The id of the organisation named `name`; created (audited) when it does not exist yet. */
async function organisationId(tx: Db, name: string, actor: Caller, now: Date): Promise<number> {
  const [o] = await tx.query<{ id: string | number }>(sql('organisation-id-by-name'), [name]);
  if (o) return Number(o.id);
  const [c] = await tx.query<{ id: string | number }>(
    'INSERT INTO organisation (name, created_at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id',
    [name, now.toISOString()],
  );
  await writeAudit(tx, actor, { action: 'create', table: 'organisation', recordId: Number(c!.id), after: { name, via: 'oidc' } }, now);
  return Number(c!.id);
}
