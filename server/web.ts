/**
 * The built web app (vite build -> dist/) beside the API, with the cache policy of every response:
 * - `/assets/<name>-<hash>.<ext>` (Vite's content-hashed files): `public, max-age=31536000, immutable`;
 *   a missing asset is a 404, never the SPA page (a stale tab's lazy import then fails clearly);
 * - index.html and every other file or client-side path: `no-cache` (revalidated on each load, so
 *   a new build is picked up at once);
 * - `/api/*`: `no-store` unless the route set its own Cache-Control (answers are gzipped on the fly
 *   by Hono's compress() in app.ts: they are made per request).
 * The build writes .br and .gz twins of compressible files (vite.config.ts); `precompressed`
 * serves the best one the browser accepts, so the server never compresses on the fly.
 */
import type { Env, Hono, MiddlewareHandler } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/** `Cache-Control: no-store` on API answers whose route did not choose otherwise. */
export const apiNoStore: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
};

export function mountWeb<E extends Env>(app: Hono<E>, webDir: string): void {
  if (!existsSync(join(webDir, 'index.html'))) return;
  app.use('/*', async (c, next) => {
    await next();
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return;
    if (c.res.status === 200 && HASHED_ASSET.test(c.req.path)) c.res.headers.set('Cache-Control', IMMUTABLE);
    else if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-cache');
  });
  app.use('/*', serveStatic({ root: webDir, precompressed: true }));
  app.get('/assets/*', (c) => c.text('Niet gevonden', 404));
  app.get('*', serveStatic({ root: webDir, path: 'index.html', precompressed: true }));
}
