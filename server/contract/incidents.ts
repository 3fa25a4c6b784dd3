/**
 * Incidents contract: the filters every incident and hotspot endpoint takes, the incident
 * GeoJSON, the summary, import reports and batches. Shared by server and web.
 *
 * Period semantics: `from` and `to` are Europe/Amsterdam calendar dates, both inclusive, i.e.
 * the half-open instant range [from 00:00, day after `to` 00:00). An incident belongs to the
 * period when its pleegperiode [time_from, time_to] OVERLAPS that range (a burglary between
 * Friday evening and Monday morning counts for a period that ends on Saturday). Long windows can
 * therefore count in two adjacent periods; that is the honest reading of an uncertain time.
 */
import { z } from 'zod';
import { FileImportReportSchema } from './import-report.js';
import { BURGLARY_KINDS, INCIDENT_KINDS, type IncidentKind } from '../domain/incidents/kinds.js';
import { LocalDateSchema } from './common.js';

export const DEFAULT_KINDS: readonly IncidentKind[] = BURGLARY_KINDS;
/** GET /api/incidents returns at most this many features. */
export const MAX_INCIDENT_FEATURES = 50_000;

const DISTRICT_CODE_RE = /^(GM\d{4}|WK\d{6}|BU\d{8}|SD[\w-]{1,20}|\d{4})$/;

export { LocalDateSchema };

export const KindsSchema = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const bad = parts.filter((p) => !(INCIDENT_KINDS as readonly string[]).includes(p));
    if (bad.length > 0 || parts.length === 0) {
      ctx.addIssue({ code: 'custom', message: `onbekende soort(en) ${bad.join(', ') || '(leeg)'}; kies uit ${INCIDENT_KINDS.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(parts)] as IncidentKind[];
  })
  .describe(`Soorten, kommagescheiden: ${INCIDENT_KINDS.join(', ')} (standaard woninginbraak,poging_woninginbraak)`);

export const IncidentFilterShape = {
  from: LocalDateSchema.optional().describe('Eerste dag (inclusief), JJJJ-MM-DD; standaard 364 dagen vóór `to`'),
  to: LocalDateSchema.optional().describe('Laatste dag (inclusief), JJJJ-MM-DD; standaard `from` + 364 dagen, of zonder `from` de dag van het laatste incident (elke soort)'),
  kinds: KindsSchema.optional(),
  district: z
    .string()
    .regex(DISTRICT_CODE_RE, 'onbekende gebiedscode: verwacht GMxxxx, WKxxxxxx, BUxxxxxxxx, SD… of een postcode van 4 cijfers')
    .optional()
    .describe('Gebiedscode van elk niveau (gemeente, stadsdeel, wijk, buurt, postcode)'),
};

export const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) => !(q.from && q.to && q.from > q.to);
export const fromBeforeToMsg = { message: '`from` ligt na `to`', path: ['from'] };

export const IncidentFiltersSchema = z.object(IncidentFilterShape).refine(fromBeforeTo, fromBeforeToMsg);
export type IncidentFiltersInput = z.infer<typeof IncidentFiltersSchema>;

/** Filters with defaults resolved (service level). */
export interface ResolvedFilters {
  /** Inclusive local dates. */
  from: string;
  to: string;
  /** Half-open instant range in epoch ms. */
  fromMs: number;
  toMs: number;
  kinds: IncidentKind[];
  district: string | null;
}

export const PeriodSchema = z.object({
  from: z.string().describe('Eerste dag (inclusief), JJJJ-MM-DD'),
  to: z.string().describe('Laatste dag (inclusief), JJJJ-MM-DD'),
});

// ------------------------------------------------------------------------------------------
// GET /api/incidents
// ------------------------------------------------------------------------------------------

export const IncidentsQuerySchema = z
  .object({
    ...IncidentFilterShape,
    format: z.enum(['geojson', 'csv']).default('geojson').describe('geojson (standaard) of csv (download, ; als scheidingsteken, tijden in Europe/Amsterdam)'),
  })
  .refine(fromBeforeTo, fromBeforeToMsg);

export const IncidentPropertiesSchema = z.object({
  id: z.number().int().describe('Interne id'),
  sourceId: z.string().describe('Registratienummer in de bron'),
  kind: z.enum(INCIDENT_KINDS),
  from: z.string().describe('Begin pleegperiode (ISO 8601)'),
  to: z.string().describe('Einde pleegperiode (ISO 8601)'),
  wijkCode: z.string().nullable(),
  buurtCode: z.string().nullable(),
  pc4Code: z.string().nullable(),
  address: z.string().optional(),
  modusOperandi: z.string().optional(),
  targetType: z.string().optional(),
  demo: z.boolean().describe('Gegenereerd demonstratie-incident'),
});

export const IncidentCollectionSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.number().int(),
      geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }),
      properties: IncidentPropertiesSchema,
    }),
  ),
  meta: z.object({
    count: z.number().int(),
    demo: z.boolean().describe('Alle getoonde incidenten zijn demonstratiegegevens'),
    warning: z.string().optional().describe('Waarschuwing wanneer (een deel van) de incidenten demonstratiegegevens zijn'),
    from: z.string(),
    to: z.string(),
    kinds: z.array(z.enum(INCIDENT_KINDS)),
    district: z.string().nullable(),
  }),
});
export type IncidentCollection = z.infer<typeof IncidentCollectionSchema>;

// ------------------------------------------------------------------------------------------
// GET /api/incidents/summary
// ------------------------------------------------------------------------------------------

export const IncidentSummarySchema = z.object({
  count: z.number().int(),
  demoCount: z.number().int(),
  realCount: z.number().int(),
  demo: z.boolean().describe('Alle huidige gegevens zijn demonstratiegegevens'),
  first: z.string().nullable().describe('Dag van het vroegste incident (begin pleegperiode), JJJJ-MM-DD'),
  last: z.string().nullable().describe('Dag van het laatste incident (begin pleegperiode), JJJJ-MM-DD'),
  kinds: z.record(z.string(), z.number().int()),
});
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>;

// ------------------------------------------------------------------------------------------
// Import
// ------------------------------------------------------------------------------------------

export const ImportQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .prefault('false')
    .transform((v) => v === 'true')
    .describe('true: alleen controleren, niets opslaan'),
  format: z.enum(['csv', 'geojson']).optional().describe('Bestandsformaat; standaard herkend aan Content-Type of inhoud'),
  name: z.string().max(200).optional().describe('Naam van de bron (bestandsnaam) voor het importoverzicht'),
});

export const RejectedRowSchema = z.object({
  line: z.number().int().describe('Regelnummer in het bestand (kopregel = 1) of featurenummer'),
  id: z.string().optional(),
  reasons: z.array(z.string()),
});

export const ImportReportSchema = z.object({
  dryRun: z.boolean(),
  batchId: z.number().int().nullable(),
  source: z.string(),
  total: z.number().int().describe('Gelezen rijen'),
  imported: z.number().int().describe('Opgeslagen (of bij een proefimport: op te slaan) rijen'),
  rejectedCount: z.number().int(),
  rejected: z.array(RejectedRowSchema).describe('De eerste 500 afgewezen rijen'),
  replacedDemo: z.number().int().describe('Verwijderde demo-incidenten (echte gegevens vervangen de demo)'),
  detected: z.record(z.string(), z.unknown()).describe('Herkend formaat, scheidingsteken, codering, CRS en kolommen'),
  report: FileImportReportSchema.optional().describe('Hetzelfde overzicht in de vorm van elke bestandsimport (ook registers): per afgewezen rij elke reden met de kolom'),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const BatchSchema = z.object({
  id: z.number().int(),
  source: z.string(),
  format: z.string(),
  demo: z.boolean(),
  total: z.number().int(),
  imported: z.number().int(),
  rejected: z.number().int(),
  incidents: z.number().int().describe('Incidenten van deze import die nu in de database staan'),
  importedAt: z.string(),
  parameters: z.record(z.string(), z.unknown()).nullable().describe('Parameters van de demogenerator'),
});
export const BatchListSchema = z.object({ batches: z.array(BatchSchema) });
export type BatchList = z.infer<typeof BatchListSchema>;

export const BatchIdParamSchema = z.object({
  id: z.string().regex(/^\d{1,15}$/, 'verwacht een numerieke id').transform(Number),
});

export const BatchDeletedSchema = z.object({ id: z.number().int(), deleted: z.number().int().describe('Verwijderde incidenten') });
