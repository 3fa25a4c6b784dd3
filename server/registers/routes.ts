/**
 * One factory that mounts a register's routes from its declaration: list (GeoJSON, or CSV/GeoJSON
 * download with ?format), get, create, full (PUT) and partial (PATCH) update with the version read,
 * delete, history. zod validates at the edge; errors leave through app.onError as problem+json.
 * Their route-table rules come from registry.ts, their OpenAPI operations from here.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { DECIMAL_RE } from '../contract/common.js';
import { DEMO_MARK, contentDisposition } from '../domain/incidents/demo-mark.js';
import { registerCsv } from '../domain/registers/csv.js';
import { registerGeoPackage } from '../domain/registers/gpkg.js';
import { registerOperation } from '../openapi.js';
import { declaredTooLarge, limitBody, readLimited, tooLarge } from '../routes/body-limit.js';
import { AppError } from '../errors.js';
import { importRegisterFile } from './import.js';
import { validate, validateJson } from '../routes/validate.js';
import { AnyGeometrySchema } from './geometry.js';
import { META_KEYS, createRecord, deleteRecord, derivedKeys, getRecord, listRecords, recordHistory, updateRecord } from './service.js';
import type { RegisterDeclaration } from './types.js';

/** A register record with its sub-records and drawn area fits well within 4 MB. */
export const REGISTER_BODY_BYTES = 4 * 1024 * 1024;

const bboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',');
    if (parts.length !== 4 || !parts.every((p) => DECIMAL_RE.test(p.trim()))) {
      ctx.addIssue({ code: 'custom', message: 'verwacht bbox=minLengte,minBreedte,maxLengte,maxBreedte in WGS84 (vier decimale getallen)' });
      return z.NEVER;
    }
    const [a, b, c, d] = parts.map(Number) as [number, number, number, number];
    if (a < -180 || c > 180 || b < -90 || d > 90 || a >= c || b >= d) {
      ctx.addIssue({ code: 'custom', message: 'de bbox ligt buiten WGS84 of min is niet kleiner dan max' });
      return z.NEVER;
    }
    return [a, b, c, d] as [number, number, number, number];
  })
  .describe('Alleen records die deze rechthoek raken: minLengte,minBreedte,maxLengte,maxBreedte (WGS84)');

export const RegisterListQuerySchema = z.object({
  bbox: bboxParam.optional(),
  district: z
    .string()
    .regex(/^(GM\d{4}|WK\d{6}|BU\d{8}|SD[\w-]{1,20}|\d{4})$/, 'verwacht een gebiedscode: GMxxxx, WKxxxxxx, BUxxxxxxxx, SD… of een postcode van 4 cijfers')
    .optional()
    .describe('Alleen records die dit gebied raken (CBS-code, stadsdeel of PC4)'),
  format: z.enum(['geojson', 'csv', 'gpkg']).optional().describe('Download: geojson (FeatureCollection), csv (puntkomma, geometrie als WKT in WGS84) of gpkg (GeoPackage in RD New, EPSG:28992); zonder: GeoJSON-antwoord'),
});

export const RegisterIdParamSchema = z.object({ id: z.string().regex(/^\d{1,15}$/, 'verwacht een numeriek id').transform(Number).describe('Id van het record') });
const DeleteQuerySchema = z.object({ version: z.string().regex(/^\d{1,9}$/, 'verwacht een versienummer').transform(Number).optional().describe('Alleen verwijderen als dit nog de huidige versie is (anders 409)') });
const HistoryQuerySchema = z.object({ limit: z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(1000)).optional() });

export const RegisterImportQuerySchema = z.object({
  dryRun: z.enum(['true', 'false']).prefault('false').transform((v) => v === 'true').describe('true: alleen controleren, niets opslaan'),
  crs: z
    .enum(['28992', '4326', 'EPSG:28992', 'EPSG:4326'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v.endsWith('28992') ? (28992 as const) : (4326 as const)))
    .describe('Coördinatenstelsel als het bestand het niet zegt (CSV): 28992 (RD New) of 4326 (WGS84)'),
  makeValid: z.enum(['true', 'false']).prefault('false').transform((v) => v === 'true').describe('true: ongeldige geometrieën herstellen met ST_MakeValid (anders afgekeurd)'),
  name: z.string().max(200).optional().describe('Naam van de bron (bestandsnaam) als het bestand als body wordt gestuurd'),
});

const VersionSchema = z.number().int().min(1).describe('De versie die u las (optimistische vergrendeling: anders 409)');

/** Drops the read-only keys an answer carries (version is kept for updates), so a GET -> PUT round trip validates. */
function withoutReadOnly(decl: RegisterDeclaration, keepVersion: boolean) {
  const drop = new Set<string>([...META_KEYS, ...derivedKeys(decl)]);
  if (keepVersion) drop.delete('version');
  return (v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const props = (v as { properties?: unknown }).properties;
    if (!props || typeof props !== 'object' || Array.isArray(props)) return v;
    return { ...v, properties: Object.fromEntries(Object.entries(props).filter(([k]) => !drop.has(k))) };
  };
}

/** The list's query: bbox, district and format, plus the declaration's own filters. */
export function registerListQuery(decl: RegisterDeclaration) {
  return decl.filters ? RegisterListQuerySchema.extend(decl.filters.query.shape) : RegisterListQuerySchema;
}

/** The request and response schemas of one register (also used by OpenAPI and tests). */
export function registerSchemas(decl: RegisterDeclaration) {
  const props = decl.properties;
  const feature = (properties: z.ZodType, geometry: z.ZodType) => z.object({ type: z.literal('Feature').optional(), id: z.unknown().optional(), geometry, properties });
  const create = z.preprocess(withoutReadOnly(decl, false), feature(props, AnyGeometrySchema)).describe(`Nieuw ${decl.label.singular} als GeoJSON Feature (WGS84)`);
  const put = z.preprocess(withoutReadOnly(decl, true), feature(props.extend({ version: VersionSchema }), AnyGeometrySchema)).describe('Het hele record met de gelezen versie');
  const patch = z
    .preprocess(withoutReadOnly(decl, true), feature(props.partial().extend({ version: VersionSchema }), AnyGeometrySchema.optional()))
    .describe('Alleen de gewijzigde eigenschappen (en eventueel de geometrie) met de gelezen versie');
  const readProps = props.partial().extend({
    version: z.number().int(),
    demo: z.boolean().describe('Gegenereerd demonstratierecord'),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string().optional().describe('Alleen met recht registers:contacts'),
    updatedBy: z.string().optional(),
  });
  const readFeature = z.object({ type: z.literal('Feature'), id: z.number().int(), geometry: AnyGeometrySchema, properties: readProps });
  const collection = z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(readFeature),
    meta: z.object({ register: z.string(), count: z.number().int(), demoCount: z.number().int(), demo: z.boolean(), contacts: z.boolean().describe('Contactgegevens zijn meegeleverd') }),
    warning: z.string().optional(),
  });
  const history = z.object({ id: z.number().int(), entries: z.array(z.object({ at: z.string(), username: z.string(), action: z.string(), before: z.unknown(), after: z.unknown() })) });
  return { create, put, patch, readFeature, collection, history };
}

function registerOpenApi(decl: RegisterDeclaration, s: ReturnType<typeof registerSchemas>): void {
  const base = `/api/${decl.path}`;
  const tags = ['registers'];
  const body = (schema: z.ZodType) => ({ contentType: 'application/json', schema });
  registerOperation('get', base, { summary: `${decl.label.plural} als GeoJSON (WGS84); contactgegevens alleen met registers:contacts; ?format=csv, geojson of gpkg als download`, query: registerListQuery(decl), response: s.collection, tags });
  registerOperation('post', base, { summary: `${decl.label.singular} toevoegen`, body: body(s.create), response: s.readFeature, tags });
  registerOperation('get', `${base}/{id}`, { summary: `Eén ${decl.label.singular}`, params: RegisterIdParamSchema, response: s.readFeature, tags });
  registerOperation('put', `${base}/{id}`, { summary: `${decl.label.singular} vervangen (met gelezen versie; 409 bij een tussentijdse wijziging)`, params: RegisterIdParamSchema, body: body(s.put), response: s.readFeature, tags });
  registerOperation('patch', `${base}/{id}`, { summary: `${decl.label.singular} deels wijzigen (met gelezen versie; 409 bij een tussentijdse wijziging)`, params: RegisterIdParamSchema, body: body(s.patch), response: s.readFeature, tags });
  registerOperation('delete', `${base}/{id}`, { summary: `${decl.label.singular} verwijderen`, params: RegisterIdParamSchema, query: DeleteQuerySchema, response: z.object({ id: z.number().int(), deleted: z.literal(true) }), tags });
  registerOperation('post', `${base}/import`, {
    summary: `${decl.label.plural} importeren uit GeoJSON, CSV (WKT of x/y) of GeoPackage (RD New of WGS84); alles of niets; dryRun om te controleren; vervangt de demogegevens`,
    query: RegisterImportQuerySchema,
    body: { contentType: 'multipart/form-data', schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } },
    response: z.object({}).loose(),
    tags,
  });
  registerOperation('get', `${base}/{id}/history`, { summary: `Wijzigingen van een ${decl.label.singular} uit de audittrail (nieuwste eerst)`, params: RegisterIdParamSchema, query: HistoryQuerySchema, response: s.history, tags });
}

/** The Hono sub-app of one register, to be mounted at /api/<path>. */
export function registerRoutes(decl: RegisterDeclaration) {
  const s = registerSchemas(decl);
  registerOpenApi(decl, s);
  const listQuery = registerListQuery(decl);
  return new Hono<AppEnv>()
    .get('/', validate('query', listQuery), async (c) => {
      const { bbox, district, format, ...extra } = c.req.valid('query') as z.infer<typeof RegisterListQuerySchema> & Record<string, unknown>;
      const qy = { format };
      const { files, ...fc } = await listRecords(c.var.caller, c.var.deps.db, decl, { bbox, district, wkt: format === 'csv' || format === 'gpkg', extra });
      const demo = fc.meta.demoCount > 0;
      const columns = decl.columns.filter((col) => fc.meta.contacts || !decl.personal.includes(col.key));
      if (qy.format === 'csv') {
        const csv = registerCsv(
          fc.features.map((f, i) => ({ id: f.id, properties: f.properties, wkt: files[i]?.wkt ?? null })),
          columns,
          demo ? DEMO_MARK : null,
        );
        return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': contentDisposition(`${decl.label.fileName}.csv`, demo) });
      }
      if (qy.format === 'gpkg') {
        const gpkg = await registerGeoPackage({
          table: decl.label.fileName.toLowerCase().replace(/[^a-z0-9_]+/g, '_'),
          title: decl.label.plural,
          description: demo ? DEMO_MARK : decl.label.plural,
          columns,
          records: fc.features.map((f, i) => ({ id: f.id, properties: f.properties, wkbHex: files[i]?.wkbRd ?? null, envelope: files[i]?.envelopeRd ?? null })),
        });
        return c.body(gpkg, 200, { 'Content-Type': 'application/geopackage+sqlite3', 'Content-Disposition': contentDisposition(`${decl.label.fileName}.gpkg`, demo) });
      }
      const kind = qy.format === 'geojson' ? 'attachment' : 'inline';
      return c.json(fc, 200, { 'Content-Disposition': contentDisposition(`${decl.label.fileName}.geojson`, demo, kind) });
    })
    .post('/', limitBody(REGISTER_BODY_BYTES), validateJson(s.create), async (c) => {
      const b = c.req.valid('json') as { geometry: z.infer<typeof AnyGeometrySchema>; properties: Record<string, unknown> };
      return c.json(await createRecord(c.var.caller, c.var.deps.db, decl, { geometry: b.geometry, properties: b.properties }), 201);
    })
    .post('/import', validate('query', RegisterImportQuerySchema), async (c) => {
      const qy = c.req.valid('query');
      const maxBytes = c.var.deps.config.maxUploadMb * 1024 * 1024;
      const tooBig = () => tooLarge(maxBytes, 'Splits het bestand op.');
      if (declaredTooLarge(c.req.header('content-length'), maxBytes)) throw tooBig();
      const body = c.req.raw.body;
      if (!body) throw new AppError(400, 'Geen bestand', 'De aanvraag bevat geen bestand.');
      const bytes = await readLimited(body, maxBytes, tooBig);
      const header = c.req.header('content-type') ?? '';
      let data: Uint8Array = bytes;
      let fileName = qy.name ?? 'upload';
      if (/^multipart\/form-data/i.test(header.trim())) {
        let form: FormData;
        try {
          form = await new Response(bytes, { headers: { 'Content-Type': header } }).formData();
        } catch {
          throw new AppError(400, 'Ongeldig formulier', 'Het multipart-formulier kon niet worden gelezen (ontbrekende of onjuiste boundary, of een afgebroken deel).');
        }
        const file = form.get('file');
        if (!(file instanceof File)) throw new AppError(400, 'Geen bestand', 'Het formulier mist het bestandsveld "file".');
        if (!qy.name && file.name) fileName = file.name.slice(0, 200);
        data = new Uint8Array(await file.arrayBuffer());
      }
      const res = await importRegisterFile(c.var.caller, c.var.deps.db, decl, data, fileName, { dryRun: qy.dryRun, crs: qy.crs, makeValid: qy.makeValid, source: fileName });
      return c.json(res, res.rejectedCount > 0 ? 422 : 200);
    })
    .get('/:id', validate('param', RegisterIdParamSchema), async (c) => c.json(await getRecord(c.var.caller, c.var.deps.db, decl, c.req.valid('param').id)))
    .put('/:id', validate('param', RegisterIdParamSchema), limitBody(REGISTER_BODY_BYTES), validateJson(s.put), async (c) => {
      const b = c.req.valid('json') as { geometry: z.infer<typeof AnyGeometrySchema>; properties: Record<string, unknown> & { version: number } };
      const { version, ...properties } = b.properties;
      return c.json(await updateRecord(c.var.caller, c.var.deps.db, decl, c.req.valid('param').id, { geometry: b.geometry, properties, version }, 'put'));
    })
    .patch('/:id', validate('param', RegisterIdParamSchema), limitBody(REGISTER_BODY_BYTES), validateJson(s.patch), async (c) => {
      const b = c.req.valid('json') as { geometry?: z.infer<typeof AnyGeometrySchema>; properties: Record<string, unknown> & { version: number } };
      const { version, ...properties } = b.properties;
      return c.json(await updateRecord(c.var.caller, c.var.deps.db, decl, c.req.valid('param').id, { geometry: b.geometry, properties, version }, 'patch'));
    })
    .delete('/:id', validate('param', RegisterIdParamSchema), validate('query', DeleteQuerySchema), async (c) =>
      c.json(await deleteRecord(c.var.caller, c.var.deps.db, decl, c.req.valid('param').id, c.req.valid('query').version)),
    )
    .get('/:id/history', validate('param', RegisterIdParamSchema), validate('query', HistoryQuerySchema), async (c) =>
      c.json(await recordHistory(c.var.caller, c.var.deps.db, decl, c.req.valid('param').id, c.req.valid('query').limit)),
    );
}
