/**
 * GET /api/auth/oidc/login and /callback: the browser side of the OpenID Connect login
 * (services/oidc.service.ts does the work). Both are top-level navigations, so a failure answers
 * with a small Dutch HTML page when the browser asks for HTML, else application/problem+json;
 * never a stack trace. Off (no VK_OIDC_ISSUER): both answer 404.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { AppError, toProblem } from '../errors.js';
import { registerOperation } from '../openapi.js';
import { authContext, clientIp, secureCookie, setSessionCookie } from '../auth/middleware.js';
import { finishOidcLogin, startOidcLogin } from '../services/oidc.service.js';

/** Binds a started login to this browser; sent only to the OIDC routes. */
export const OIDC_COOKIE = 'vk_oidc';
const COOKIE_PATH = '/api/auth/oidc';

const tags = ['inloggen'];
const Redirect = z.string().describe('302 naar de identity provider of terug naar de app (Location)');
registerOperation('get', '/api/auth/oidc/login', {
  summary: 'Inloggen via de identity provider van de gemeente (OpenID Connect): 302 naar de IdP met PKCE, state en nonce; 404 als het niet is ingeschakeld',
  response: Redirect,
  tags,
});
registerOperation('get', '/api/auth/oidc/callback', {
  summary: 'Terugkeer van de identity provider: controleert het antwoord, zet de sessiecookie en stuurt door naar de app (302); anders een Nederlandse foutmelding',
  query: z.object({ code: z.string().optional(), state: z.string().optional(), error: z.string().optional().describe('bv. access_denied') }),
  response: Redirect,
  tags,
});

async function fail(c: Context<AppEnv>, err: unknown): Promise<Response> {
  if (!(err instanceof AppError)) throw err; // the app's onError: a logged 500 without details
  const problem = toProblem(err, c.req.path);
  if ((c.req.header('accept') ?? '').includes('text/html')) {
    const page = html`<!doctype html>
<html lang="nl">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>${problem.title} – Veiligheidskaart</title></head>
  <body>
    <main>
      <h1>${problem.title}</h1>
      <p data-testid="oidc-error">${problem.detail}</p>
      <p><a href="/">Terug naar de Veiligheidskaart</a></p>
    </main>
  </body>
</html>`;
    return c.html(page, err.status);
  }
  return c.body(JSON.stringify(problem), err.status, { 'Content-Type': 'application/problem+json' });
}

export const oidcRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    try {
      const start = await startOidcLogin(authContext(c.var.deps), c.var.deps.config.oidc);
      // Lax: the IdP sends the browser back with a top-level GET from its own site.
      setCookie(c, OIDC_COOKIE, start.binding, { httpOnly: true, sameSite: 'Lax', secure: secureCookie(c), path: COOKIE_PATH, expires: start.expiresAt });
      return c.redirect(start.url.href, 302);
    } catch (err) {
      return fail(c, err);
    }
  })
  .get('/callback', async (c) => {
    const binding = getCookie(c, OIDC_COOKIE);
    if (binding) deleteCookie(c, OIDC_COOKIE, { path: COOKIE_PATH, secure: secureCookie(c) });
    try {
      const cfg = c.var.deps.config.oidc;
      const res = await finishOidcLogin(authContext(c.var.deps), cfg, {
        binding,
        search: new URL(c.req.url).search,
        previousSessionHash: c.var.caller.sessionHash,
        client: { ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null, requestId: c.var.requestId ?? null },
      });
      setSessionCookie(c, res.token, res.expiresAt);
      return c.redirect(cfg!.appUrl, 302);
    } catch (err) {
      return fail(c, err);
    }
  });
