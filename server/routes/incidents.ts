import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
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
import { countedBody, declaredTooLarge, readLimited, tooLarge } from './body-limit.js';
import { contentDisposition } from '../domain/incidents/demo-mark.js';
import { hasDemo, incidentsToCsv } from '../domain/incidents/export.js';
import { deleteBatch, importIncidents, listBatches } from '../services/incident-import.service.js';
import { incidentSummary, listIncidents } from '../services/incident.service.js';
import { validate } from './validate.js';

const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'];
const GEOJSON_TYPES = ['application/geo+json', 'application/json'];

/** RFC 9110 media type `type/subtype` with optional parameters. */
const MEDIA_TYPE_RE = /^([!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+)\s*(;.*)?$/i;

/**
 * The media type of a Content-Type header, lower case: undefined when none is given (the content
 * is sniffed), null when the header is not a media type at all (refused with 415).
 */
export function mediaTypeOf(header: string | undefined): string | null | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = MEDIA_TYPE_RE.exec(header.trim());
  return m ? m[1]!.toLowerCase() : null;
}

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
  .get('/', validate('query', IncidentsQuerySchema), async (c) => {
    const q = c.req.valid('query');
    const fc = await listIncidents(c.var.caller, c.var.deps.db, q);
    // A file made from demo incidents is named demo-… (and says so inside).
    const name = `incidenten-${fc.meta.from}-${fc.meta.to}`;
    if (q.format === 'csv') {
      return c.body(incidentsToCsv(fc), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': contentDisposition(`${name}.csv`, hasDemo(fc)) });
    }
    return c.json(fc, 200, { 'Content-Disposition': contentDisposition(`${name}.geojson`, hasDemo(fc), 'inline') });
  })
  .get('/summary', async (c) => c.json(await incidentSummary(c.var.caller, c.var.deps.db)))
  .post('/import', validate('query', ImportQuerySchema), async (c) => {
    const q = c.req.valid('query');
    const maxBytes = c.var.deps.config.maxUploadMb * 1024 * 1024;
    const tooBig = () => tooLarge(maxBytes, 'Splits het bestand op of gebruik de opdrachtregel (npm run cli -- import-incidents).');
    if (declaredTooLarge(c.req.header('content-length'), maxBytes)) throw tooBig();
    const header = c.req.header('content-type');
    const type = mediaTypeOf(header);
    if (type === null) {
      throw new AppError(415, 'Ongeldig Content-Type', `Content-Type "${(header ?? '').slice(0, 100)}" is geen geldig mediatype; stuur text/csv, application/geo+json of multipart/form-data met veld file.`);
    }
    const body = c.req.raw.body;
    if (!body) throw new AppError(400, 'Geen bestand', 'De aanvraag bevat geen bestand.');
    let input: IncidentInput;
    let source = q.name ?? 'upload';
    let format = q.format;
    let counted: ReturnType<typeof countedBody> | undefined;
    if (type === 'multipart/form-data') {
      const bytes = await readLimited(body, maxBytes, tooBig);
      let form: FormData;
      try {
        form = await new Response(bytes, { headers: { 'Content-Type': header! } }).formData();
      } catch {
        throw new AppError(400, 'Ongeldig formulier', 'Het multipart-formulier kon niet worden gelezen (ontbrekende of onjuiste boundary, of een afgebroken deel).');
      }
      const file = form.get('file');
      if (!(file instanceof File)) {
        throw new AppError(400, 'Geen bestand', 'Het formulier mist het bestandsveld "file".');
      }
      if (!q.name && file.name) source = file.name.slice(0, 200);
      format ??= formatOfType(file.type.toLowerCase()) ?? (/\.(geo)?json$/i.test(file.name) ? 'geojson' : undefined);
      input = new Uint8Array(await file.arrayBuffer());
    } else if (type === undefined || formatOfType(type) || type === 'application/octet-stream') {
      if (type) format ??= formatOfType(type);
      counted = countedBody(body, maxBytes, tooBig);
      input = counted.chunks;
    } else {
      throw new AppError(415, 'Onbekend bestandstype', `Content-Type ${type} wordt niet ondersteund; stuur text/csv, application/geo+json of multipart/form-data met veld file.`);
    }
    try {
      return c.json(await importIncidents(c.var.caller, c.var.deps.db, input, { dryRun: q.dryRun, source, format }));
    } catch (err) {
      // The parser may wrap a stream error; the size limit is what the client must hear.
      if (counted?.exceeded()) throw tooBig();
      throw err;
    }
  })
  .get('/batches', async (c) => c.json(await listBatches(c.var.caller, c.var.deps.db)))
  .delete('/batches/:id', validate('param', BatchIdParamSchema), async (c) => c.json(await deleteBatch(c.var.caller, c.var.deps.db, c.req.valid('param').id)));
