/**
 * OGC API - Features contract (Part 1 Core, GeoJSON; Part 2 CRS by reference): the query
 * parameters every collection's items take and the documents the /ogc routes return.
 */
import { z } from 'zod';
import { DECIMAL_RE, decimalParam } from './common.js';

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const EPSG_28992_URI = 'http://www.opengis.net/def/crs/EPSG/0/28992';
/** Features per page when `limit` is absent, and the most a page holds (a larger limit is clamped). */
export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;

const CrsSchema = z.enum([CRS84_URI, EPSG_28992_URI], { message: `ondersteund: ${CRS84_URI} en ${EPSG_28992_URI}` });

export const OgcBboxSchema = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',');
    if ((parts.length !== 4 && parts.length !== 6) || parts.some((p) => !DECIMAL_RE.test(p.trim()))) {
      ctx.addIssue({ code: 'custom', message: 'verwacht 4 (of 6) getallen gescheiden door komma’s: minX,minY,maxX,maxY' });
      return z.NEVER;
    }
    const n = parts.map((p) => Number(p));
    // 6 numbers: minX,minY,minZ,maxX,maxY,maxZ; the height is ignored.
    const box = (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as [number, number, number, number];
    if (box[0] > box[2] || box[1] > box[3]) {
      ctx.addIssue({ code: 'custom', message: 'het minimum ligt boven het maximum' });
      return z.NEVER;
    }
    return box;
  })
  .describe('Alleen objecten die deze rechthoek raken: minX,minY,maxX,maxY in bbox-crs (standaard CRS84: lengtegraad, breedtegraad)');

const ItemsQueryObject = z.object({
  f: z.enum(['json', 'geojson']).optional().describe('Uitvoerformaat: json/geojson (GeoJSON, het enige formaat)'),
  limit: decimalParam(z.number().int().min(1))
    .optional()
    .describe(`Objecten per pagina (standaard ${OGC_DEFAULT_LIMIT}, hoogstens ${OGC_MAX_LIMIT}; een grotere waarde wordt ${OGC_MAX_LIMIT})`),
  offset: decimalParam(z.number().int().min(0)).optional().describe('Aantal over te slaan objecten (bladeren; de links next/prev doen dit voor u)'),
  bbox: OgcBboxSchema.optional(),
  'bbox-crs': CrsSchema.optional().describe('CRS van bbox: CRS84 (standaard) of EPSG:28992 (RD New, meters)'),
  crs: CrsSchema.optional().describe('CRS van de geometrie in het antwoord: CRS84 (standaard) of EPSG:28992 (RD New, meters)'),
  datetime: z.string().max(100).optional().describe('Tijd of interval (RFC 3339, open einde ..), alleen voor collecties met tijd (hotspotraster)'),
});
const inWorld = (b: readonly number[]) => b[0]! >= -180 && b[2]! <= 180 && b[1]! >= -90 && b[3]! <= 90;
export const OgcItemsQuerySchema = ItemsQueryObject.refine((q) => !q.bbox || (q['bbox-crs'] ?? CRS84_URI) !== CRS84_URI || inWorld(q.bbox), {
  message: 'een bbox in CRS84 ligt binnen lengtegraad -180..180 en breedtegraad -90..90',
  path: ['bbox'],
});
export type OgcItemsQueryInput = z.infer<typeof OgcItemsQuerySchema>;

export const OgcFeatureQuerySchema = ItemsQueryObject.pick({ f: true, crs: true, datetime: true });
export const OgcCollectionParamSchema = z.object({ collectionId: z.string().describe('Collectie, bv. wijken of hotspot-raster') });
export const OgcFeatureParamSchema = OgcCollectionParamSchema.extend({ featureId: z.string().describe('Object-id (gebiedscode, of x_y van een rastercel)') });

const LinkSchema = z.object({ href: z.string(), rel: z.string(), type: z.string().optional(), title: z.string().optional() });

export const OgcLandingSchema = z.object({ title: z.string(), description: z.string(), links: z.array(LinkSchema) });
export const OgcConformanceSchema = z.object({ conformsTo: z.array(z.string()) });

export const OgcCollectionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.literal('feature'),
  extent: z
    .object({
      spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }),
      temporal: z.object({ interval: z.array(z.array(z.string().nullable())), trs: z.string() }).optional(),
    })
    .optional(),
  crs: z.array(z.string()).describe('CRS waarin de geometrie opgevraagd kan worden (crs=…)'),
  storageCrs: z.string().describe('CRS van de opslag: RD New (EPSG:28992)'),
  links: z.array(LinkSchema),
});
export const OgcCollectionsSchema = z.object({ links: z.array(LinkSchema), collections: z.array(OgcCollectionSchema), crs: z.array(z.string()) });

const OgcFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
  properties: z.record(z.string(), z.unknown()),
  links: z.array(LinkSchema).optional(),
});
export const OgcFeatureCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  timeStamp: z.string(),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  features: z.array(OgcFeatureSchema),
  links: z.array(LinkSchema),
});
export { OgcFeatureSchema };
