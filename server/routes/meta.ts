import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { health, meta } from '../services/meta.service.js';
import { openApiDocument } from '../openapi.js';

export const metaRoutes = new Hono<AppEnv>()
  .get('/health', async (c) => {
    const h = await health(c.var.deps.db);
    return c.json(h, h.status === 'ok' ? 200 : 503);
  })
  .get('/meta', async (c) => c.json(await meta(c.var.deps.db, c.var.deps.config)))
  .get('/openapi.json', (c) => c.json(openApiDocument(c.var.caller)));
