import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app.js';
import {
  BatchDeletedSchema,
  BatchIdParamSchema,
  BatchListSchema,
  ImportQuerySchema,
  ImportReportSchema,
  IncidentCollectionSchema,
  IncidentsQuerySchema,
  IncidentSummarySchema,
} from '../contract/incidents.js';
import { AppError } from '../errors.js';
import { registerOperation } from '../openapi.js';
import type { IncidentFileFormat, IncidentInput } from '../ingest/incidents/parse.js';
import { deleteBatch, importIncidents, incidentSummary, listBatches, listIncidents } from '../services/incident.service.js';
import { validate } from './validate.js';

/** Largest accepted upload. */
const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const GEOJSON_TYPES = ['application/geo+json', 'application/json'];

function formatOfType(type: string): IncidentFileFormat | undefined {
  if (CSV_TYPES.includes(type)) return 'csv';
  if (GEOJSON_TYPES.includes(type)) return 'geojson';
  return undefined;
}

registerOperation('get', '/api/incidents', {
  summary: 'Incidenten als GeoJSON-punten (WGS84), gefilterd op periode, soort en gebied',
  query: IncidentsQuerySchema,
  response: IncidentCollectionSchema,
  tags: ['incidenten'],
});
registerOperation('get', '/api/incidents/summary', {
  summary: 'Aantallen, periode en demo-status van alle opgeslagen incidenten',
  response: IncidentSummarySchema,
  tags: ['incidenten'],
});
registerOperation('post', '/api/incidents/import', {
  summary: 'Incidentbestand (CSV of GeoJSON) inlezen of controleren (dryRun); bestand als body of multipart-veld "file"',
  query: ImportQuerySchema,
  body: { contentType: 'text/csv', schema: { type: 'string', description: 'CSV (; of ,) of GeoJSON (application/geo+json); ook multipart/form-data met veld file' } },
  response: ImportReportSchema,
  tags: ['incidenten'],
});
registerOperation('get', '/api/incidents/batches', { summary: 'Ingelezen bestanden (imports)', response: BatchListSchema, tags: ['incidenten'] });
registerOperation('delete', '/api/incidents/batches/{id}', {
  summary: 'Een import met zijn incidenten verwijderen',
  params: BatchIdParamSchema,
  response: BatchDeletedSchema,
  tags: ['incidenten'],
});

export const incidentsRoutes = new Hono<AppEnv>()
  .get('/', validate('query', IncidentsQuerySchema), async (c) => c.json(await listIncidents(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/summary', async (c) => c.json(await incidentSummary(c.var.caller, c.var.deps.db)))
  .post(
    '/import',
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new AppError(413, 'Bestand te groot', `Het bestand is groter dan ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Splits het op of gebruik de opdrachtregel (npm run cli -- import-incidents).`);
      },
    }),
    validate('query', ImportQuerySchema),
    async (c) => {
      const q = c.req.valid('query');
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      let input: IncidentInput;
      let source = q.name ?? 'upload';
      let format = q.format;
      if (type === 'multipart/form-data') {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File)) {
          throw new AppError(400, 'Geen bestand', 'Het formulier mist het bestandsveld "file".');
        }
        if (!q.name && file.name) source = file.name;
        format ??= formatOfType(file.type.toLowerCase()) ?? (/\.(geo)?json$/i.test(file.name) ? 'geojson' : undefined);
        input = new Uint8Array(await file.arrayBuffer());
      } else if (type === '' || formatOfType(type) || type === 'application/octet-stream') {
        format ??= formatOfType(type);
        const body = c.req.raw.body;
        if (!body) throw new AppError(400, 'Geen bestand', 'De aanvraag bevat geen bestand.');
        input = body as unknown as AsyncIterable<Uint8Array>;
      } else {
        throw new AppError(415, 'Onbekend bestandstype', `Content-Type ${type} wordt niet ondersteund; stuur text/csv, application/geo+json of multipart/form-data met veld file.`);
      }
      return c.json(await importIncidents(c.var.caller, c.var.deps.db, input, { dryRun: q.dryRun, source, format }));
    },
  )
  .get('/batches', async (c) => c.json(await listBatches(c.var.caller, c.var.deps.db)))
  .delete('/batches/:id', validate('param', BatchIdParamSchema), async (c) => c.json(await deleteBatch(c.var.caller, c.var.deps.db, c.req.valid('param').id)));
