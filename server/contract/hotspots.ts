/**
 * Hotspots contract: grid counts with Getis-Ord Gi*, kernel density, district rates and hot
 * times, all on the incident filters of contract/incidents.ts (period, kinds, district).
 * Cells are squares aligned to multiples of the cell size in RD New; geometry is returned in
 * WGS84, the RD minimum corner (x, y) in the properties.
 */
import { z } from 'zod';
import { INCIDENT_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { fromBeforeTo, fromBeforeToMsg, IncidentFilterShape, KindsSchema, LocalDateSchema, PeriodSchema } from './incidents.js';

const boolParam = (description: string) =>
  z
    .enum(['true', 'false'])
    .prefault('false')
    .transform((v) => v === 'true')
    .describe(description);

const numParam = (min: number, max: number, fallback: number, description: string) =>
  z.coerce
    .number()
    .min(min)
    .max(max)
    .prefault(fallback)
    .describe(description);

// ------------------------------------------------------------------------------------------
// Grid + Gi*
// ------------------------------------------------------------------------------------------

export const GridQuerySchema = z
  .object({
    ...IncidentFilterShape,
    cell: z
      .enum(['100', '250', '500'])
      .prefault('100')
      .transform(Number)
      .describe('Celgrootte in meters: 100, 250 of 500 (standaard 100)'),
    band: numParam(1, 5000, 150, 'Afstandsband tussen celmiddens in meters (standaard 150: de 8 buurcellen bij 100 m)'),
    fdr: boolParam('Benjamini-Hochberg-correctie (False Discovery Rate) voor de klassen'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);

const Ring = z.array(z.array(z.number()));
const CellPolygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) });

export const GridCellSchema = z.object({
  type: z.literal('Feature'),
  geometry: CellPolygon.describe('Celvierkant in WGS84'),
  properties: z.object({
    x: z.number().describe('RD x van de zuidwesthoek (meters, veelvoud van de celgrootte)'),
    y: z.number().describe('RD y van de zuidwesthoek'),
    count: z.number().nullable().describe('Incidenten in de cel; null bij 1-4 voor wie alleen aggregaten mag zien'),
    z: z.number().describe('Gi*-z-score'),
    p: z.number().describe('Tweezijdige p-waarde'),
    pFdr: z.number().optional().describe('p-waarde na FDR-correctie (alleen met fdr=true)'),
    bin: z.number().int().min(-3).max(3).describe('−3..3: koude/hete vlek met 99/95/90 % betrouwbaarheid, 0 niet significant'),
  }),
});

export const GridCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GridCellSchema).describe('Alleen cellen met incidenten of een significante klasse'),
  meta: z.object({
    cellSize: z.number(),
    band: z.number(),
    n: z.number().int().describe('Cellen in het raster (ook lege)'),
    nx: z.number().int(),
    ny: z.number().int(),
    originX: z.number().describe('RD x van de westrand van het raster'),
    originY: z.number().describe('RD y van de zuidrand van het raster'),
    total: z.number().describe('Getelde incidenten'),
    fdr: z.boolean(),
    significantHot: z.number().int(),
    significantCold: z.number().int(),
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.enum(INCIDENT_KINDS)),
    district: z.string().nullable(),
  }),
});
export type GridCollection = z.infer<typeof GridCollectionSchema>;

// ------------------------------------------------------------------------------------------
// KDE
// ------------------------------------------------------------------------------------------

export const KdeQuerySchema = z
  .object({
    ...IncidentFilterShape,
    bandwidth: numParam(25, 5000, 200, 'Kernstraal (kwartische kern) in meters (standaard 200)'),
    cell: z
      .enum(['50', '100', '250', '500'])
      .prefault('100')
      .transform(Number)
      .describe('Celgrootte in meters: 50, 100, 250 of 500 (standaard 100)'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);

export const KdeCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: CellPolygon,
      properties: z.object({ x: z.number(), y: z.number(), density: z.number().describe('Incidenten per km²') }),
    }),
  ),
  meta: z.object({
    max: z.number().describe('Hoogste dichtheid (per km²)'),
    bandwidth: z.number(),
    cellSize: z.number(),
    total: z.number().int(),
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.enum(INCIDENT_KINDS)),
    district: z.string().nullable(),
  }),
});
export type KdeCollection = z.infer<typeof KdeCollectionSchema>;

// ------------------------------------------------------------------------------------------
// Rates
// ------------------------------------------------------------------------------------------

const RATE_LEVELS = ['wijk', 'stadsdeel', 'postcode'] as const;

export const RatesQuerySchema = z
  .object({
    ...IncidentFilterShape,
    level: z.enum(RATE_LEVELS).prefault('wijk').describe('Niveau: wijk, stadsdeel of postcode (standaard wijk)'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);

const ComparisonSchema = PeriodSchema.extend({
  count: z.number().int(),
  rate: z.number().nullable(),
  change: z.number().nullable().describe('Verandering van de huidige periode t.o.v. deze periode in procent (null bij 0)'),
  changeCount: z.number().int().describe('Verschil in aantal'),
});

export const DenominatorKindSchema = z.enum(['woningen', 'inwoners']).nullable();

export const DistrictRateSchema = z.object({
  code: z.string(),
  name: z.string(),
  count: z.number().int(),
  denominator: z.number().nullable(),
  denominatorKind: DenominatorKindSchema.describe('woningen, of inwoners waar het aantal woningen onbekend is'),
  rate: z.number().nullable().describe('Per 1.000 woningen (of inwoners)'),
  cityRate: z.number().nullable().describe('De gemeente, met dezelfde noemer'),
  previous: ComparisonSchema.describe('De even lange periode ervoor'),
  lastYear: ComparisonSchema.describe('Dezelfde periode een jaar eerder'),
});

export const RatesResponseSchema = z.object({
  districts: z.array(DistrictRateSchema),
  meta: z.object({
    level: z.enum(RATE_LEVELS),
    per: z.number(),
    kinds: z.array(z.enum(INCIDENT_KINDS)),
    district: z.string().nullable(),
    period: PeriodSchema,
    previous: PeriodSchema,
    lastYear: PeriodSchema,
    city: z.object({
      code: z.string(),
      count: z.number().int(),
      woningen: z.number().nullable(),
      inwoners: z.number().nullable(),
      rate: z.number().nullable().describe('Per 1.000 woningen'),
      rateInwoners: z.number().nullable().describe('Per 1.000 inwoners'),
      previous: ComparisonSchema,
      lastYear: ComparisonSchema,
    }),
    unassigned: z.number().int().describe('Incidenten in de periode zonder gebied van dit niveau'),
  }),
});
export type RatesResponse = z.infer<typeof RatesResponseSchema>;

// ------------------------------------------------------------------------------------------
// Hot times
// ------------------------------------------------------------------------------------------

export const HotTimesQuerySchema = z
  .object({
    ...IncidentFilterShape,
    cell: z
      .string()
      .regex(/^\d+(\.\d+)?,\d+(\.\d+)?,\d+(\.\d+)?$/, 'verwacht x,y,grootte (RD-meters), bijvoorbeeld 194100,469300,100')
      .transform((s) => {
        const [x, y, size] = s.split(',').map(Number) as [number, number, number];
        return { x, y, size };
      })
      .refine((c) => c.size > 0 && c.size <= 10_000, 'de celgrootte moet tussen 0 en 10.000 m liggen')
      .optional()
      .describe('Alleen incidenten in deze RD-cel: x,y van de zuidwesthoek en de grootte in meters'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);

const inNl = (p: number[]) => p[0]! >= 3.2 && p[0]! <= 7.3 && p[1]! >= 50.7 && p[1]! <= 53.7;
const closedRing = z
  .array(z.array(z.number()).min(2).max(3))
  .min(4, 'een ring heeft minstens 4 posities')
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'een ring moet gesloten zijn (eerste = laatste positie)')
  .refine((r) => r.every(inNl), 'coördinaten moeten WGS84 zijn (lengtegraad, breedtegraad) en in Nederland liggen');

export const AreaSchema = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(closedRing).min(1) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(closedRing).min(1)).min(1) }),
  ])
  .describe('Getekend gebied: GeoJSON Polygon of MultiPolygon in WGS84');

export const HotTimesBodySchema = z
  .object({
    from: LocalDateSchema.optional(),
    to: LocalDateSchema.optional(),
    kinds: z.union([KindsSchema, z.array(z.enum(INCIDENT_KINDS)).min(1)]).optional().describe('Soorten (lijst of kommagescheiden)'),
    district: IncidentFilterShape.district,
    area: AreaSchema,
  })
  .refine(fromBeforeTo, fromBeforeToMsg)
  .transform((b) => ({ ...b, kinds: b.kinds ? ([...new Set(b.kinds)] as IncidentKind[]) : undefined }));

export const HotTimesResponseSchema = z.object({
  matrix: z.array(z.number()).length(168).describe('Aoristisch gewogen incidenten per weekdag × uur (Europe/Amsterdam), index weekdag·24 + uur, maandag = 0'),
  total: z.number().describe('Som van de matrix'),
  count: z.number().int().describe('Incidenten in de selectie'),
  byWeekday: z.array(z.number()).length(7).describe('Maandag eerst'),
  byHour: z.array(z.number()).length(24),
  suppressed: z.boolean().optional().describe('true: minder dan 5 incidenten in de cel of het gebied; niet getoond zonder analistenrol'),
  meta: z.object({
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.enum(INCIDENT_KINDS)),
    district: z.string().nullable(),
    cell: z.object({ x: z.number(), y: z.number(), size: z.number() }).nullable(),
    area: z.boolean(),
  }),
});
export type HotTimesResponse = z.infer<typeof HotTimesResponseSchema>;
