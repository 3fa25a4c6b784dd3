/**
 * OpenAPI 3.1 description assembled from the zod contract (zod 4's own JSON Schema export),
 * so the document cannot drift from what the routes validate and return.
 */
import { z } from 'zod';
import { ProblemSchema } from './contract/common.js';
import { DistrictCollectionSchema, DistrictDetailSchema, DistrictCodeParamSchema, DistrictsQuerySchema } from './contract/districts.js';
import { HealthSchema, MetaSchema } from './contract/meta.js';
import { can, type Caller } from './auth/caller.js';
import { ROUTE_TABLE } from './auth/route-table.js';

function allowedFor(caller: Caller, key: string): boolean {
  const rule = ROUTE_TABLE[key];
  if (!rule) return false;
  if (rule === 'public') return true;
  if (rule === 'authenticated') return caller.kind !== 'public';
  return can(caller, rule);
}

type Op = {
  summary: string;
  query?: z.ZodObject;
  params?: z.ZodObject;
  body?: { contentType: string; schema: z.ZodType | Record<string, unknown> };
  response: z.ZodType;
  /** Media type of the 200 response; default application/json. */
  responseType?: string;
  tags: string[];
};

const ops: Record<string, Record<string, Op>> = {};

/** Registers an operation; route modules of later features add theirs. */
export function registerOperation(method: string, path: string, op: Op): void {
  (ops[path] ??= {})[method] = op;
}

registerOperation('get', '/api/health', { summary: 'Gezondheid van API en database', response: HealthSchema, tags: ['meta'] });
registerOperation('get', '/api/meta', { summary: 'Gemeente, kaartextent, basiskaart en bronnen', response: MetaSchema, tags: ['meta'] });
registerOperation('get', '/api/districts', { summary: 'Gebieden van één niveau als GeoJSON (WGS84)', query: DistrictsQuerySchema, response: DistrictCollectionSchema, tags: ['gebieden'] });
registerOperation('get', '/api/districts/{code}', { summary: 'Eén gebied met kerncijfers, misdrijven en onderliggende gebieden', params: DistrictCodeParamSchema, response: DistrictDetailSchema, tags: ['gebieden'] });

const json = (s: z.ZodType | Record<string, unknown>) => (s instanceof z.ZodType ? z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) : s);

function parameters(where: 'query' | 'path', obj?: z.ZodObject) {
  if (!obj) return [];
  const schema = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (schema.required ?? []).includes(name),
    description: s.description,
    schema: s,
  }));
}

/** The operations `caller` may call (the route table's rules), so the public sees only the public API. */
export function openApiDocument(caller?: Caller) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(ops)) {
    for (const [method, op] of Object.entries(methods)) {
      if (caller && !allowedFor(caller, `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)) continue;
      (paths[path] ??= {})[method] = {
        summary: op.summary,
        tags: op.tags,
        parameters: [...parameters('query', op.query), ...parameters('path', op.params)],
        ...(op.body ? { requestBody: { required: true, content: { [op.body.contentType]: { schema: json(op.body.schema) } } } } : {}),
        responses: {
          '200': { description: 'OK', content: { [op.responseType ?? 'application/json']: { schema: json(op.response) } } },
          default: { description: 'Fout', content: { 'application/problem+json': { schema: json(ProblemSchema) } } },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Veiligheidskaart API', version: '0.1.0', description: 'Geometrie in WGS84 (EPSG:4326); opslag in RD New (EPSG:28992). Fouten als application/problem+json.' },
    paths,
  };
}
