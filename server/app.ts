/**
 * createApp(deps) -> Hono: mounts one small sub-app per resource and turns every error into
 * application/problem+json. No globals: tests build it on a fresh database and call app.request().
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { trimTrailingSlash } from 'hono/trailing-slash';
import { AppError, toProblem } from './errors.js';
import { describeError, RETRY_AFTER_SECONDS } from './db/errors.js';
import { districtsRoutes } from './routes/districts.js';
import { metaRoutes } from './routes/meta.js';
import { nearrepeatRoutes } from './routes/nearrepeat.js';
import { incidentsRoutes } from './routes/incidents.js';
import { hotspotsRoutes } from './routes/hotspots.js';
import { coverageRoutes } from './routes/coverage.js';
import { apiNoStore, mountWeb } from './web.js';
import { hostAndOriginCheck, refuseNulInUrl, securityHeaders } from './http/security.js';
import { requestId } from 'hono/request-id';
import { heavyLimit } from './http/heavy.js';
import type { AppEnv, Deps } from './http/env.js';
import { authenticate, authorize } from './auth/middleware.js';
import { authRoutes } from './routes/auth.js';
import { adminRoutes } from './routes/admin.js';
import { ogcRoutes } from './ogc/routes.js';
import { REGISTERS } from './registers/registry.js';
import { registerRoutes } from './registers/routes.js';
import { parkCardRoutes } from './routes/park-card.js';
import { createPdfRenderer } from './pdf/render.js';

export type { AppEnv, Deps } from './http/env.js';

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  // First: the headers wrap every answer (errors, 404s, static files); then Host and Origin.
  app.use('*', securityHeaders(deps.config));
  app.use('*', hostAndOriginCheck(deps.config));
  app.use('*', refuseNulInUrl);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // no-store first, so every API answer carries it, also a 401/403 of the auth middleware.
  app.use('/api/*', apiNoStore);
  // Who is calling (c.var.caller) and whether the route table lets them (server/auth/).
  app.use('/api/*', requestId(), authenticate, authorize);

  app.use('/api/*', compress());
  // Back-pressure on the heavy reads (after authorisation: a refused caller never waits).
  const heavy = heavyLimit({ ...deps.config.heavy, retryAfterS: 2 });
  for (const path of ['/api/hotspots/*', '/api/nearrepeat/zones', '/api/nearrepeat/zones/*', '/api/incidents', '/api/coverage/*', '/ogc/collections/*']) app.use(path, heavy.middleware);
  const api = new Hono<AppEnv>().route('/', metaRoutes).route('/districts', districtsRoutes).route('/incidents', incidentsRoutes).route('/hotspots', hotspotsRoutes).route('/coverage', coverageRoutes).route('/nearrepeat', nearrepeatRoutes).route('/auth', authRoutes).route('/', adminRoutes);
  // Registers (WhatsApp groups, parks, fire compartments): one sub-app per declaration.
  for (const decl of REGISTERS) api.route(`/${decl.path}`, registerRoutes(decl));
  // PDFs of app pages: Chromium loads them through this app's own fetch (server/pdf).
  api.route('/', parkCardRoutes(deps.pdf ?? createPdfRenderer({ fetch: (req) => app.fetch(req), executablePath: deps.config.chromiumPath })));
  app.route('/api', api);
  // GIS clients often write the OGC URLs with a trailing slash (/ogc/, /ogc/collections/): redirect.
  app.use('/ogc/*', trimTrailingSlash({ alwaysRedirect: true }));
  app.route('/ogc', ogcRoutes); // OGC API - Features for GIS clients, with its own auth middleware
  app.all('/api/*', () => {
    throw new AppError(404, 'Niet gevonden', 'Deze API-route bestaat niet.');
  });

  app.onError((err, c) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err instanceof HTTPException) appErr = new AppError(err.status as 400, 'Fout in verzoek', err.message || 'Het verzoek kon niet worden verwerkt.');
    else {
      console.error(`Interne fout bij ${c.req.method} ${c.req.path}: ${describeError(err)}`); // no query parameters
      appErr = new AppError(500, 'Interne fout', 'Er ging iets mis op de server. Probeer het opnieuw of meld dit bij de beheerder.');
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
    if (appErr.status === 503) headers['Retry-After'] = String(typeof appErr.extra.retryAfter === 'number' ? appErr.extra.retryAfter : RETRY_AFTER_SECONDS); // busy, or the database is away
    if (appErr.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="veiligheidskaart"';
    if (appErr.status === 429 && typeof appErr.extra.retryAfter === 'number') headers['Retry-After'] = String(appErr.extra.retryAfter);
    return c.body(JSON.stringify(toProblem(appErr, c.req.path)), appErr.status, headers);
  });

  // The built web app (vite build -> dist/), with the SPA's index.html for client-side paths.
  mountWeb(app, deps.config.webDir);
  return app;
}
