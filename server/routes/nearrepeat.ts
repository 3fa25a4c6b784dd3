import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import {
  KnoxJobParamSchema,
  KnoxJobSchema,
  KnoxJobStartedSchema,
  KnoxRequestSchema,
  KnoxRunSchema,
  ZoneIdParamSchema,
  ZonesQuerySchema,
  ZonesResponseSchema,
} from '../contract/nearrepeat.js';
import { registerOperation } from '../openapi.js';
import { jobsFor } from '../services/jobs.js';
import { getKnoxJob, latestKnoxRun, startKnoxJob } from '../services/knox.service.js';
import { computeZones, zoneLetter } from '../services/nearrepeat.service.js';
import { KNOX_BODY_BYTES, limitBody } from './body-limit.js';
import { validate, validateJson } from './validate.js';
import { contentDisposition } from '../domain/incidents/demo-mark.js';

registerOperation('get', '/api/nearrepeat/zones', {
  summary: 'Actuele near-repeatzones op een peildatum, met hun inbraken, woningen en inwoners (WGS84)',
  query: ZonesQuerySchema,
  response: ZonesResponseSchema,
  tags: ['near repeat'],
});
registerOperation('get', '/api/nearrepeat/zones/{id}/letter', {
  summary: 'Brief aan de omwonenden en Burgernet-bericht voor één zone (text/plain)',
  query: ZonesQuerySchema,
  params: ZoneIdParamSchema,
  response: z.string().describe('Brief aan omwonenden en Burgernet-bericht'),
  responseType: 'text/plain; charset=utf-8',
  tags: ['near repeat'],
});
registerOperation('post', '/api/nearrepeat/knox', {
  summary: 'Start een Knox-test als achtergrondtaak (antwoord 202 met jobId)',
  body: { contentType: 'application/json', schema: KnoxRequestSchema },
  response: KnoxJobStartedSchema,
  tags: ['near repeat'],
});
registerOperation('get', '/api/nearrepeat/knox/latest', {
  summary: 'Laatste opgeslagen Knox-test (het venster is de standaard voor de zones)',
  response: KnoxRunSchema,
  tags: ['near repeat'],
});
registerOperation('get', '/api/nearrepeat/knox/{jobId}', {
  summary: 'Status, voortgang en resultaat van een Knox-berekening',
  params: KnoxJobParamSchema,
  response: KnoxJobSchema,
  tags: ['near repeat'],
});

export const nearrepeatRoutes = new Hono<AppEnv>()
  .get('/zones', validate('query', ZonesQuerySchema), async (c) => {
    return c.json(await computeZones(c.var.caller, c.var.deps.db, c.req.valid('query')));
  })
  .get('/zones/:id/letter', validate('param', ZoneIdParamSchema), validate('query', ZonesQuerySchema), async (c) => {
    const letter = await zoneLetter(c.var.caller, c.var.deps.db, c.req.valid('param').id, c.req.valid('query'));
    return c.body(letter.text, 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': contentDisposition(letter.fileName, letter.demo) });
  })
  .post('/knox', limitBody(KNOX_BODY_BYTES), validateJson(KnoxRequestSchema), async (c) => {
    const started = await startKnoxJob(c.var.caller, c.var.deps.db, jobsFor(c.var.deps), c.req.valid('json'));
    return c.json(started, 202, { Location: `/api/nearrepeat/knox/${started.jobId}` });
  })
  .get('/knox/latest', async (c) => c.json(await latestKnoxRun(c.var.caller, c.var.deps.db)))
  .get('/knox/:jobId', validate('param', KnoxJobParamSchema), (c) => c.json(getKnoxJob(c.var.caller, jobsFor(c.var.deps), c.req.valid('param').jobId)));
