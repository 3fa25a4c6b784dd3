import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import {
  GridCollectionSchema,
  GridQuerySchema,
  HotTimesBodySchema,
  HotTimesQuerySchema,
  HotTimesResponseSchema,
  KdeCollectionSchema,
  KdeQuerySchema,
  RatesQuerySchema,
  RatesResponseSchema,
} from '../contract/hotspots.js';
import { registerOperation } from '../openapi.js';
import { districtRatesFor, gridHotspots, hotTimes, kdeHotspots } from '../services/hotspot.service.js';
import { HOT_TIMES_BODY_BYTES, limitBody } from './body-limit.js';
import { validate, validateJson } from './validate.js';

const tags = ['hotspots'];
registerOperation('get', '/api/hotspots/grid', {
  summary: 'Incidenten per RD-rastercel met Getis-Ord Gi*-hotspotklasse (cellen in WGS84)',
  query: GridQuerySchema,
  response: GridCollectionSchema,
  tags,
});
registerOperation('get', '/api/hotspots/kde', { summary: 'Kerndichtheid (kwartische kern) per rastercel', query: KdeQuerySchema, response: KdeCollectionSchema, tags });
registerOperation('get', '/api/hotspots/rates', {
  summary: 'Incidenten per 1.000 woningen per gebied, met vorige periode en vorig jaar',
  query: RatesQuerySchema,
  response: RatesResponseSchema,
  tags,
});
registerOperation('get', '/api/hotspots/hot-times', {
  summary: 'Hot times: aoristische weekdag × uur-matrix, optioneel voor één rastercel',
  query: HotTimesQuerySchema,
  response: HotTimesResponseSchema,
  tags,
});
registerOperation('post', '/api/hotspots/hot-times', {
  summary: 'Hot times voor een getekend gebied (GeoJSON in WGS84)',
  body: { contentType: 'application/json', schema: HotTimesBodySchema },
  response: HotTimesResponseSchema,
  tags,
});

export const hotspotsRoutes = new Hono<AppEnv>()
  .get('/grid', validate('query', GridQuerySchema), async (c) => c.json(await gridHotspots(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/kde', validate('query', KdeQuerySchema), async (c) => c.json(await kdeHotspots(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/rates', validate('query', RatesQuerySchema), async (c) => c.json(await districtRatesFor(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/hot-times', validate('query', HotTimesQuerySchema), async (c) => c.json(await hotTimes(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .post('/hot-times', limitBody(HOT_TIMES_BODY_BYTES), validateJson(HotTimesBodySchema), async (c) => {
    const { area, ...filters } = c.req.valid('json');
    return c.json(await hotTimes(c.var.caller, c.var.deps.db, filters, area));
  });
