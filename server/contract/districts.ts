/**
 * Districts contract: request and response schemas shared by server and web.
 * Figures are CBS key figures; crimes are the police's registered crimes (all offence types).
 */
import { z } from 'zod';
import { GeometrySchema } from './common.js';

export const DISTRICT_LEVELS = ['gemeente', 'stadsdeel', 'wijk', 'buurt', 'postcode'] as const;
export const DistrictLevelSchema = z.enum(DISTRICT_LEVELS).describe('Gebiedsniveau');
export type DistrictLevel = z.infer<typeof DistrictLevelSchema>;

export const DistrictsQuerySchema = z.object({
  level: DistrictLevelSchema.default('wijk').describe('Niveau: gemeente, stadsdeel, wijk, buurt of postcode'),
});

export const DistrictCodeParamSchema = z.object({
  code: z
    .string()
    .regex(/^(GM\d{4}|WK\d{6}|BU\d{8}|SD[\w-]{1,20}|\d{4})$/, 'Onbekende gebiedscode: verwacht GMxxxx, WKxxxxxx, BUxxxxxxxx, SD… of een postcode van 4 cijfers')
    .describe('Gebiedscode (CBS-code, stadsdeelcode of PC4)'),
});

export const FIGURE_KEYS = ['inwoners', 'huishoudens', 'woningen', 'inwoners_0_15', 'inwoners_65plus', 'oppervlakte_land_ha'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export const FigureValueSchema = z
  .object({
    value: z.number().describe('Waarde (aantal; oppervlakte in hectare)'),
    year: z.number().int().describe('Peiljaar'),
    derived: z.boolean().describe('Opgeteld uit onderliggende gebieden'),
    source: z.string(),
  })
  .nullable();
export const KeyFiguresSchema = z.object(
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, FigureValueSchema])) as Record<FigureKey, typeof FigureValueSchema>,
);
export type KeyFigures = z.infer<typeof KeyFiguresSchema>;

export const CrimeYearSchema = z.object({
  year: z.number().int(),
  misdrijven: z.number().int().describe('Geregistreerde misdrijven (totaal) in het kalenderjaar'),
  derived: z.boolean(),
});

export const DistrictPropertiesSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: DistrictLevelSchema,
  parentCode: z.string().nullable(),
  hasGeometry: z.boolean(),
  simplified: z.boolean().describe('Grens is vereenvoudigd (niet nauwkeurig op straatniveau)'),
  areaHa: z.number().nullable().describe('Oppervlakte van de vorm in hectare (RD New)'),
  figures: KeyFiguresSchema,
  crimes: z.array(CrimeYearSchema),
});
export type DistrictProperties = z.infer<typeof DistrictPropertiesSchema>;

export const DistrictFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: GeometrySchema.nullable(),
  properties: DistrictPropertiesSchema,
});

export const DistrictCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  level: DistrictLevelSchema,
  features: z.array(DistrictFeatureSchema),
});
export type DistrictCollection = z.infer<typeof DistrictCollectionSchema>;

export const DistrictChildSchema = DistrictPropertiesSchema.omit({ simplified: true, areaHa: true });

export const DistrictDetailSchema = DistrictFeatureSchema.extend({
  properties: DistrictPropertiesSchema.extend({
    parentName: z.string().nullable(),
    children: z.array(DistrictChildSchema).describe('Onderliggende gebieden met hun kerncijfers (ook zonder vorm)'),
  }),
});
export type DistrictDetail = z.infer<typeof DistrictDetailSchema>;
