/**
 * Hotspots contract: grid counts with Getis-Ord Gi*, kernel density, district rates and hot
 * times, all on the incident filters of contract/incidents.ts (period, kinds, district).
 * Cells are squares aligned to multiples of the cell size in RD New; geometry is returned in
 * WGS84, the RD minimum corner (x, y) in the properties.
 */
import { z } from 'zod';
import { INCIDENT_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { decimalParam } from './common.js';
import { fromBeforeTo, fromBeforeToMsg, IncidentFilterShape, KindsSchema, LocalDateSchema, PeriodSchema } from './incidents.js';

const numParam = (min: number, max: number, fallback: number, description: string) =>
  decimalParam(z.number().min(min).max(max)).default(fallback).describe(description);

// ------------------------------------------------------------------------------------------
// Grid + Gi*
// ------------------------------------------------------------------------------------------

/** Largest manual cell size and band the API accepts, metres. */
export const MAX_GRID_CELL = 1000;

export const GridQuerySchema = z
  .object({
    ...IncidentFilterShape,
    cell: z
      .string()
      .regex(/^(auto|\d+)$/, 'verwacht auto of een celgrootte in meters in gewone decimale notatie (bijvoorbeeld 250)')
      .prefault('auto')
      .transform((v) => (v === 'auto' ? null : Number(v)))
      .refine((v) => v === null || (v >= 50 && v <= MAX_GRID_CELL && v % 50 === 0), `de celgrootte moet een veelvoud van 50 m zijn, van 50 tot ${MAX_GRID_CELL} m`)
      .describe('Celgrootte in meters (veelvoud van 50, 50..1000), of auto: gekozen uit de afstand tussen de incidenten (standaard)'),
    band: z
      .string()
      .regex(/^(auto|\d+(\.\d+)?)$/, 'verwacht auto of een afstand in meters in gewone decimale notatie (bijvoorbeeld 300)')
      .prefault('auto')
      .transform((v) => (v === 'auto' ? null : Number(v)))
      .refine((v) => v === null || (v >= 1 && v <= 5000), 'de afstandsband moet tussen 1 en 5000 m liggen')
      .describe('Afstandsband tussen celmiddens in meters, of auto: de eerste piek van de ruimtelijke autocorrelatie (standaard)'),
    fdr: z
      .enum(['true', 'false'])
      .prefault('true')
      .transform((v) => v === 'true')
      .describe('Benjamini-Hochberg-correctie (False Discovery Rate) voor de klassen (standaard aan)'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);
export type GridQuery = z.infer<typeof GridQuerySchema>;

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

export const GridParametersSchema = z
  .object({
    method: z.enum(['optimized', 'manual']).describe('optimized: celgrootte en afstandsband gekozen uit de gegevens; manual: (een ervan) zelf gekozen'),
    cellSize: z.number().describe('Celgrootte in meters'),
    distanceBand: z.number().describe('Afstandsband tussen celmiddens in meters'),
    neighbours: z.object({ min: z.number().int(), mean: z.number() }).describe('Buurcellen per cel binnen de afstandsband (zonder de cel zelf)'),
    incidents: z.number().describe('Getelde incidenten'),
    cells: z.number().int().describe('Cellen in het onderzoeksgebied'),
    fdr: z.boolean(),
    rated: z.boolean().describe('false: geen cel beoordeeld (te weinig incidenten, geen buren of geen verschillen)'),
    reasons: z
      .object({
        cellSize: z.string(),
        distanceBand: z.string(),
        studyArea: z.string(),
        dwellings: z.string(),
      })
      .describe('Waarom deze keuzes (Nederlands)'),
    warnings: z.array(z.string()).describe('Waarschuwingen (Nederlands)'),
    autocorrelation: z
      .array(z.object({ distance: z.number(), I: z.number(), z: z.number(), neighbours: z.number() }))
      .describe("Moran's I en z-score per afstand (incrementele ruimtelijke autocorrelatie); leeg bij een zelf gekozen band"),
  })
  .describe('Hoe de hotspotanalyse haar parameters koos');
export type GridParameters = z.infer<typeof GridParametersSchema>;

export const GridCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(GridCellSchema).describe('Alleen cellen in het onderzoeksgebied met incidenten of een significante klasse'),
  parameters: GridParametersSchema,
  meta: z.object({
    cellSize: z.number(),
    band: z.number(),
    n: z.number().int().describe('Cellen in het onderzoeksgebied (ook lege); cellen erbuiten bestaan niet'),
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
  .min(4, { message: 'een ring heeft minstens 4 posities', abort: true })
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'een ring moet gesloten zijn (eerste = laatste positie)')
  .refine((r) => r.every(inNl), 'coördinaten moeten WGS84 zijn (lengtegraad, breedtegraad) en in Nederland liggen');

/** Most positions a drawn area may have (all rings together); a drawn polygon has a few dozen. */
export const MAX_AREA_VERTICES = 10_000;

/**
 * Counts the positions of a Polygon/MultiPolygon-shaped value with plain loops (no recursion, no
 * schema walk), stopping at `limit + 1`, so a huge or odd body is refused before zod sees it.
 */
export function countAreaVertices(v: unknown, limit = MAX_AREA_VERTICES): number {
  const coords = (v as { coordinates?: unknown } | null)?.coordinates;
  if (!Array.isArray(coords)) return 0;
  let n = 0;
  const stack: unknown[] = [coords];
  for (let depth = 0; depth < 3 && stack.length > 0; depth++) {
    const next: unknown[] = [];
    for (const a of stack) {
      if (!Array.isArray(a)) continue;
      for (const item of a) {
        if (Array.isArray(item) && item.length > 0 && typeof item[0] === 'number') {
          if (++n > limit) return n;
        } else next.push(item);
      }
    }
    stack.length = 0;
    stack.push(...next.slice(0, limit + 1));
  }
  return n;
}

const AreaShape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(closedRing).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(closedRing).min(1)).min(1) }),
]);

export const AreaSchema = z
  .preprocess((v, ctx) => {
    if (countAreaVertices(v) > MAX_AREA_VERTICES) {
      ctx.addIssue({ code: 'custom', message: `het gebied heeft meer dan ${MAX_AREA_VERTICES.toLocaleString('nl-NL')} hoekpunten; vereenvoudig de vorm` });
    }
    return v;
  }, AreaShape)
  .describe(`Getekend gebied: GeoJSON Polygon of MultiPolygon in WGS84, samen hoogstens ${MAX_AREA_VERTICES} hoekpunten`);

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
