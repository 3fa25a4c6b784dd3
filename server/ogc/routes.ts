/**
 * OGC API - Features (Part 1 Core + GeoJSON, Part 2 CRS by reference) at /ogc, for QGIS, ArcGIS
 * and GDAL: landing page, conformance, the collections of server/ogc/registry.ts, their items
 * (paged with limit/offset and next/prev links, bbox, crs) and single features. The same
 * authentication as /api (Bearer API token, session cookie, else the public) and the route
 * table's rules apply; each collection also needs its own permission: collections the caller
 * may not read are not listed, and reading them answers 401/403.
 */
import { Hono, type Context } from 'hono';
import { compress } from 'hono/compress';
import { requestId } from 'hono/request-id';
import type { AppEnv } from '../http/env.js';
import { assertCan, can, type Caller } from '../auth/caller.js';
import { authenticate, authorize } from '../auth/middleware.js';
import {
  OGC_DEFAULT_LIMIT,
  OGC_MAX_LIMIT,
  OgcCollectionParamSchema,
  OgcCollectionSchema,
  OgcCollectionsSchema,
  OgcConformanceSchema,
  OgcFeatureCollectionSchema,
  OgcFeatureParamSchema,
  OgcFeatureQuerySchema,
  OgcFeatureSchema,
  OgcItemsQuerySchema,
  OgcLandingSchema,
} from '../contract/ogc.js';
import type { Db } from '../db/db.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { registerOperation } from '../openapi.js';
import { apiNoStore } from '../web.js';
import { CRS84, EPSG_28992, SUPPORTED_CRS, type CrsUri, type ItemsQuery, type OgcCollection, type OgcFeature } from './collection.js';
import { OGC_COLLECTIONS } from './registry.js';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];
const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';
const TRS = 'http://www.opengis.net/def/uri/ISO-8601/0/Gregorian';

const tags = ['OGC API Features'];
registerOperation('get', '/ogc', { summary: 'OGC API Features: startpagina (links naar conformance, collecties en deze API-beschrijving)', response: OgcLandingSchema, tags });
registerOperation('get', '/ogc/conformance', { summary: 'OGC API Features: ondersteunde conformanceklassen', response: OgcConformanceSchema, tags });
registerOperation('get', '/ogc/collections', { summary: 'OGC API Features: de collecties die u mag lezen', response: OgcCollectionsSchema, tags });
registerOperation('get', '/ogc/collections/{collectionId}', { summary: 'OGC API Features: één collectie', params: OgcCollectionParamSchema, response: OgcCollectionSchema, tags });
registerOperation('get', '/ogc/collections/{collectionId}/items', {
  summary: 'OGC API Features: objecten van een collectie als GeoJSON (bladeren met limit/offset, bbox, crs)',
  params: OgcCollectionParamSchema,
  query: OgcItemsQuerySchema,
  response: OgcFeatureCollectionSchema,
  responseType: GEOJSON,
  tags,
});
registerOperation('get', '/ogc/collections/{collectionId}/items/{featureId}', {
  summary: 'OGC API Features: één object als GeoJSON',
  params: OgcFeatureParamSchema,
  query: OgcFeatureQuerySchema,
  response: OgcFeatureSchema,
  responseType: GEOJSON,
  tags,
});

/** Scheme and host of the request (the Host header; X-Forwarded-* only behind a trusted proxy). */
function baseUrl(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  const trust = c.var.deps.config.auth.trustProxy;
  const proto = (trust && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()) || url.protocol.replace(':', '');
  const host = (trust && c.req.header('x-forwarded-host')?.split(',')[0]?.trim()) || c.req.header('host') || url.host;
  return `${proto}://${host}`;
}

/** One value per parameter: a repeated parameter is ambiguous and refused. */
function singleParams(c: Context<AppEnv>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.req.queries())) {
    if (v.length > 1) throw new ValidationError(`De parameter ${k.slice(0, 40)} komt meer dan eens voor.`);
    out[k] = v[0]!;
  }
  return out;
}

function zodFail(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): never {
  const errors = error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'query', message: i.message }));
  throw new ValidationError(`Ongeldige zoekparameters: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}

const COMMON = new Set(Object.keys(OgcItemsQuerySchema.shape));

/** Validates the items query: the common parameters, then the collection's own; unknown ones are refused (400). */
function itemsQuery(col: OgcCollection, raw: Record<string, string>, allowed: ReadonlySet<string> = COMMON): ItemsQuery {
  const common: Record<string, string> = {};
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) (COMMON.has(k) ? common : extra)[k] = v;
  const unknown = [...Object.keys(common).filter((k) => !allowed.has(k)), ...Object.keys(extra).filter((k) => !(col.params && k in col.params.shape))];
  if (unknown.length > 0) throw new ValidationError(`Onbekende parameter(s) ${unknown.map((k) => k.slice(0, 40)).join(', ')} voor de collectie ${col.id}.`);
  const parsed = OgcItemsQuerySchema.safeParse(common);
  if (!parsed.success) zodFail(parsed.error);
  const q = parsed.data;
  if (q.datetime !== undefined && !col.temporal) throw new ValidationError(`De collectie ${col.id} heeft geen tijd; laat datetime weg.`);
  let params: Record<string, unknown> = {};
  if (col.params) {
    const p = col.params.safeParse({ ...col.paramDefaults, ...extra });
    if (!p.success) zodFail(p.error);
    params = p.data as Record<string, unknown>;
  }
  return {
    bbox: q.bbox ? { coords: q.bbox, crs: (q['bbox-crs'] ?? CRS84) as CrsUri } : null,
    crs: (q.crs ?? CRS84) as CrsUri,
    limit: Math.min(q.limit ?? OGC_DEFAULT_LIMIT, OGC_MAX_LIMIT),
    offset: q.offset ?? 0,
    datetime: q.datetime ?? null,
    params,
  };
}

function collectionFor(caller: Caller, id: string): OgcCollection {
  const col = OGC_COLLECTIONS.find((x) => x.id === id);
  if (!col) throw new NotFoundError(`De collectie ${id.slice(0, 60)} bestaat niet. Zie /ogc/collections.`);
  assertCan(caller, col.permission);
  return col;
}

async function collectionDoc(caller: Caller, db: Db, col: OgcCollection, base: string) {
  const ext = await col.extent(caller, db);
  const extent = ext.bbox
    ? {
        spatial: { bbox: [ext.bbox.map((v) => Math.round(v * 1e7) / 1e7)], crs: CRS84 },
        ...(ext.temporal ? { temporal: { interval: [ext.temporal], trs: TRS } } : {}),
      }
    : undefined;
  const self = `${base}/ogc/collections/${encodeURIComponent(col.id)}`;
  return {
    id: col.id,
    title: col.title,
    description: col.description,
    itemType: 'feature' as const,
    ...(extent ? { extent } : {}),
    crs: [...SUPPORTED_CRS],
    storageCrs: EPSG_28992,
    links: [
      { href: self, rel: 'self', type: JSON_TYPE, title: col.title },
      { href: `${self}/items`, rel: 'items', type: GEOJSON, title: `${col.title} (GeoJSON)` },
    ],
  };
}

/** The request URL with `offset` (and a clamped `limit`) replaced, on the request's own host. */
function pageUrl(c: Context<AppEnv>, base: string, limit: number, offset: number): string {
  const url = new URL(c.req.url);
  const out = new URL(url.pathname + url.search, base);
  out.searchParams.set('limit', String(limit));
  if (offset > 0) out.searchParams.set('offset', String(offset));
  else out.searchParams.delete('offset');
  return out.toString();
}

function checkFormat(raw: Record<string, string>): void {
  if (raw.f !== undefined && raw.f !== 'json' && raw.f !== 'geojson') throw new ValidationError(`Formaat f=${raw.f.slice(0, 20)} wordt niet ondersteund; gebruik f=json.`);
}

function crsHeader(crs: CrsUri): string {
  return `<${crs}>`;
}

const feature = (f: OgcFeature) => ({ type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: f.properties });

export const ogcRoutes = new Hono<AppEnv>()
  // The same caller and route-table check as /api (server/auth/middleware.ts), answers never cached.
  .use('*', apiNoStore, requestId(), authenticate, authorize, compress())
  .get('/', (c) => {
    const raw = singleParams(c);
    checkFormat(raw);
    const base = baseUrl(c);
    return c.json({
      title: 'Veiligheidskaart – OGC API Features',
      description:
        'Gebieden (gemeente, stadsdelen, wijken, buurten, postcodegebieden) en het hotspotraster als OGC API Features-collecties (GeoJSON, CRS84 of RD New) voor QGIS, ArcGIS en GDAL. Inloggen met een persoonlijk API-token: Authorization: Bearer vk_…',
      links: [
        { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'Deze pagina' },
        { href: `${base}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'API-beschrijving (OpenAPI)' },
        { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformanceklassen' },
        { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'Collecties' },
      ],
    });
  })
  .get('/conformance', (c) => {
    checkFormat(singleParams(c));
    return c.json({ conformsTo: CONFORMANCE });
  })
  .get('/collections', async (c) => {
    checkFormat(singleParams(c));
    const base = baseUrl(c);
    const caller = c.var.caller;
    const visible = OGC_COLLECTIONS.filter((col) => can(caller, col.permission));
    const collections = await Promise.all(visible.map((col) => collectionDoc(caller, c.var.deps.db, col, base)));
    return c.json({ links: [{ href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE, title: 'Collecties' }], collections, crs: [...SUPPORTED_CRS] });
  })
  .get('/collections/:collectionId', async (c) => {
    checkFormat(singleParams(c));
    const col = collectionFor(c.var.caller, c.req.param('collectionId'));
    return c.json(await collectionDoc(c.var.caller, c.var.deps.db, col, baseUrl(c)));
  })
  .get('/collections/:collectionId/items', async (c) => {
    const raw = singleParams(c);
    checkFormat(raw);
    const col = collectionFor(c.var.caller, c.req.param('collectionId'));
    const q = itemsQuery(col, raw);
    const { features, numberMatched } = await col.items(c.var.caller, c.var.deps.db, q);
    const base = baseUrl(c);
    const links = [
      { href: pageUrl(c, base, q.limit, q.offset), rel: 'self', type: GEOJSON, title: 'Deze pagina' },
      { href: `${base}/ogc/collections/${encodeURIComponent(col.id)}`, rel: 'collection', type: JSON_TYPE, title: col.title },
    ];
    if (q.offset + features.length < numberMatched) links.push({ href: pageUrl(c, base, q.limit, q.offset + q.limit), rel: 'next', type: GEOJSON, title: 'Volgende pagina' });
    if (q.offset > 0) links.push({ href: pageUrl(c, base, q.limit, Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON, title: 'Vorige pagina' });
    const body = {
      type: 'FeatureCollection' as const,
      timeStamp: new Date().toISOString(),
      numberMatched,
      numberReturned: features.length,
      features: features.map(feature),
      links,
    };
    return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON, 'Content-Crs': crsHeader(q.crs) });
  })
  .get('/collections/:collectionId/items/:featureId', async (c) => {
    const raw = singleParams(c);
    checkFormat(raw);
    const col = collectionFor(c.var.caller, c.req.param('collectionId'));
    const q = itemsQuery(col, raw, new Set(['f', 'crs', 'datetime']));
    const id = c.req.param('featureId');
    const f = await col.item(c.var.caller, c.var.deps.db, id, q);
    if (!f) throw new NotFoundError(`Object ${id.slice(0, 60)} bestaat niet in de collectie ${col.id}.`);
    const base = baseUrl(c);
    const self = `${base}/ogc/collections/${encodeURIComponent(col.id)}`;
    const body = {
      ...feature(f),
      links: [
        { href: `${self}/items/${encodeURIComponent(String(f.id))}`, rel: 'self', type: GEOJSON, title: 'Dit object' },
        { href: self, rel: 'collection', type: JSON_TYPE, title: col.title },
      ],
    };
    return c.body(JSON.stringify(body), 200, { 'Content-Type': GEOJSON, 'Content-Crs': crsHeader(q.crs) });
  })
  .all('*', () => {
    throw new AppError(404, 'Niet gevonden', 'Deze OGC API-route bestaat niet. Begin bij /ogc.');
  });
