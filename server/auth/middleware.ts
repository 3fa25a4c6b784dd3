/**
 * Two middlewares for /api/* and /ogc/*: `authenticate` sets `c.var.caller` (Bearer token, else session
 * cookie, else the public caller); `authorize` looks up the matched route in the route table and
 * refuses what the caller's role does not allow (401 without login, 403 with one), refuses a
 * cookie-authenticated state-changing request without the session's X-CSRF-Token, and refuses a
 * route with no rule at all (fail closed).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { AppEnv, Deps } from '../http/env.js';
import { ForbiddenError, LoginRequiredError, PROBLEM_TYPES } from '../errors.js';
import { csrfMatches, sessionCaller, tokenCaller, type AuthContext } from '../services/auth.service.js';
import { assertCan, publicCaller, passwordChangeRequired } from './caller.js';
import { BEFORE_PASSWORD_CHANGE, ROUTE_TABLE, type RouteRule } from './route-table.js';

export const SESSION_COOKIE = 'vk_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authContext(deps: Deps): AuthContext {
  return { db: deps.db, config: deps.config, now: deps.clock ?? (() => new Date()) };
}

/** The client's IP: the socket's address, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.var.deps.config.auth.trustProxy) {
    const fwd = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (fwd) return fwd;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'onbekend';
}

/** Secure cookies when configured, or ('auto') when the request came over https. */
export function secureCookie(c: Context<AppEnv>): boolean {
  const s = c.var.deps.config.auth.secureCookies;
  if (s !== 'auto') return s;
  if (new URL(c.req.url).protocol === 'https:') return true;
  return c.var.deps.config.auth.trustProxy && c.req.header('x-forwarded-proto') === 'https';
}

export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secureCookie(c), path: '/', expires: expiresAt });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secureCookie(c) });
}

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = c.var.requestId ?? null;
  const ctx = authContext(c.var.deps);
  const authz = c.req.header('authorization');
  if (authz) {
    const m = /^Bearer\s+(\S+)$/i.exec(authz);
    const caller = m ? await tokenCaller(ctx, m[1]!, requestId) : null;
    // A presented but unknown token is an error, not a silent downgrade to the public view.
    if (!caller) throw new LoginRequiredError('Het API-token is onbekend of ingetrokken.', PROBLEM_TYPES.invalidToken);
    c.set('caller', caller);
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const caller = await sessionCaller(ctx, cookie, requestId);
    if (caller) {
      c.set('caller', caller);
      return next();
    }
    clearSessionCookie(c); // expired or unknown: continue as the public
  }
  c.set('caller', publicCaller(requestId));
  return next();
};

/** Paths under the route table: the JSON API and the OGC API (server/ogc/). */
export function isGuardedPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/ogc' || path.startsWith('/ogc/');
}

/** The rule of the route that will answer: the first matched route that has one. */
export function ruleFor(c: Context<AppEnv>): { key: string; rule: RouteRule } | null | undefined {
  let handlerMatched = false;
  for (const r of matchedRoutes(c)) {
    // The SPA fallback (GET *) of mountWeb is no API route; the API's own 404 answers first.
    if (r.method === 'ALL' || !isGuardedPath(r.path)) continue;
    handlerMatched = true;
    const key = `${r.method} ${r.path}`;
    const rule = ROUTE_TABLE[key];
    if (rule) return { key, rule };
  }
  // undefined: no handler at all (404 follows); null: a handler without a rule.
  return handlerMatched ? null : undefined;
}

export const authorize: MiddlewareHandler<AppEnv> = async (c, next) => {
  const found = ruleFor(c);
  if (found === undefined) return next();
  if (found === null) {
    console.error(`Geen toegangsregel voor ${c.req.method} ${c.req.path} in server/auth/route-table.ts`);
    throw new ForbiddenError('Voor deze route is geen toegangsregel vastgelegd.');
  }
  const caller = c.var.caller;
  // CSRF: the session cookie is SameSite=Strict, and a state-changing request with it must also
  // carry the session's token in X-CSRF-Token (another site can neither read nor send it).
  if (caller.via === 'session' && !SAFE_METHODS.has(c.req.method) && found.key !== 'POST /api/auth/login' && !csrfMatches(caller, c.req.header('x-csrf-token'))) {
    throw new ForbiddenError('Het CSRF-token ontbreekt of klopt niet. Herlaad de pagina en probeer het opnieuw.', PROBLEM_TYPES.csrf);
  }
  if (caller.mustChangePassword && found.rule === 'authenticated' && !BEFORE_PASSWORD_CHANGE.has(found.key)) throw passwordChangeRequired();
  if (found.rule === 'public') return next();
  if (found.rule === 'authenticated') {
    if (caller.kind !== 'user') throw new LoginRequiredError();
    return next();
  }
  assertCan(caller, found.rule);
  return next();
};
