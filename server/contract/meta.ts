import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']).describe('ok: API en database antwoorden (HTTP 200); unavailable: de database antwoordt niet (HTTP 503)'),
  database: z.enum(['ok', 'unavailable']).describe('Beantwoordt de database vragen?'),
  engine: z.enum(['pglite', 'postgres']).describe('Ingebouwde database (PGlite) of PostgreSQL-server (DATABASE_URL)'),
  postgis: z.string().optional().describe('PostGIS-versie (als de database antwoordt)'),
  migrations: z.number().int().optional().describe('Aantal toegepaste migraties (als de database antwoordt)'),
  detail: z.string().optional().describe('Uitleg als de database niet antwoordt'),
});

export const DatasetSchema = z.object({
  key: z.string(),
  title: z.string(),
  source: z.string(),
  licence: z.string(),
  attribution: z.string(),
  isDemo: z.boolean().describe('Gegenereerde demonstratiegegevens, geen echte cijfers'),
  simplified: z.boolean(),
  featureCount: z.number().int().nullable(),
  loadedAt: z.string().describe('ISO 8601'),
});
export type Dataset = z.infer<typeof DatasetSchema>;

export const MetaSchema = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  bbox: z.array(z.number()).length(4).describe('[west, zuid, oost, noord] in WGS84'),
  basemap: z.object({
    default: z.enum(['local', 'pdok']),
    pdokUrl: z.string().describe('XYZ-tegel-URL van de PDOK BRT-Achtergrondkaart'),
  }),
  datasets: z.array(DatasetSchema),
});
export type Meta = z.infer<typeof MetaSchema>;
export type Health = z.infer<typeof HealthSchema>;
