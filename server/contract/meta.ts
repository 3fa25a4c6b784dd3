import { z } from 'zod';

export const HealthSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  postgis: z.string().describe('PostGIS-versie'),
  migrations: z.number().int(),
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
