/**
 * Near-repeat contract: live near-repeat zones (with the burglaries that make them and the later
 * ones they explain) and the Knox test as an asynchronous job. Geometry in WGS84.
 */
import { z } from 'zod';
import { decimalParam, GeometrySchema } from './common.js';
import { KindsSchema, LocalDateSchema } from './incidents.js';
import { BURGLARY_KINDS, IncidentKindSchema, type IncidentKind } from '../domain/incidents/kinds.js';

export const ZONE_RADIUS_MIN = 10;
export const ZONE_RADIUS_MAX = 2000;
export const ZONE_DAYS_MIN = 1;
export const ZONE_DAYS_MAX = 90;
/** Fallback window when no Knox result is stored (Apeldoorn's 200 m Burgernet practice, two weeks). */
export const DEFAULT_ZONE_WINDOW = { radius: 200, days: 14 } as const;

export const ZonesQuerySchema = z.object({
  date: LocalDateSchema.optional().describe('Peildatum (JJJJ-MM-DD); standaard vandaag (Europe/Amsterdam). De toestand aan het eind van die dag.'),
  radius: decimalParam(z.number().min(ZONE_RADIUS_MIN).max(ZONE_RADIUS_MAX)).optional().describe('Straal in meter (10-2000); standaard het venster van de laatste Knox-test, anders 200'),
  days: decimalParam(z.number().int().min(ZONE_DAYS_MIN).max(ZONE_DAYS_MAX)).optional().describe('Risicoperiode in dagen (1-90); standaard het venster van de laatste Knox-test, anders 14'),
  kinds: KindsSchema.optional(),
});
export type ZonesQuery = z.infer<typeof ZonesQuerySchema>;

export const ZoneIdParamSchema = z.object({
  id: decimalParam(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).describe('Zone-id (kleinste incident-id van de zone)'),
});

export const ZoneMemberSchema = z.object({
  id: z.number().int(),
  sourceId: z.string(),
  kind: IncidentKindSchema,
  from: z.string().describe('Begin pleegperiode (ISO 8601)'),
  to: z.string().describe('Einde pleegperiode (ISO 8601); de gebeurtenistijd van near-repeat'),
  daysLeft: z.number().int().describe('Resterende dagen verhoogd risico, inclusief de peildatum'),
  expiresAt: z.string().describe('Einde van het risicovenster (ISO 8601)'),
});

export const ZonePropertiesSchema = z.object({
  id: z.number().int(),
  members: z.array(ZoneMemberSchema),
  daysLeft: z.number().int().describe('Maximum over de inbraken in de zone'),
  expiresAt: z.string(),
  areaM2: z.number(),
  dwellings: z.number().nullable().describe('Woningen in de zone (oppervlaktegewogen uit de wijkcijfers)'),
  inhabitants: z.number().nullable().describe('Inwoners in de zone (oppervlaktegewogen uit de wijkcijfers)'),
  method: z.literal('area-weighted-wijk'),
  whatsappCovered: z.boolean().nullable().describe('Of actieve WhatsApp-buurtpreventiegroepen minstens de helft van de zone bedekken (dezelfde regel als de lijst onbedekte hotspots van /api/coverage/groups); null als dat niet te bepalen is'),
  whatsappGroups: z.array(z.object({ id: z.number().int(), name: z.string() })).describe('Actieve WhatsApp-groepen die de zone overlappen, grootste overlap eerst'),
  wijken: z.array(z.object({ code: z.string(), name: z.string(), areaM2: z.number() })).describe('Wijken waarin de zone ligt, grootste overlap eerst'),
});
export type ZoneProperties = z.infer<typeof ZonePropertiesSchema>;

export const ZoneFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: GeometrySchema,
  properties: ZonePropertiesSchema,
});

export const NearRepeatBurglarySchema = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: GeometrySchema,
  properties: z.object({
    id: z.number().int(),
    sourceId: z.string(),
    kind: IncidentKindSchema,
    from: z.string(),
    to: z.string(),
    active: z.boolean().describe('Binnen het risicovenster op de peildatum (heeft een zone)'),
    daysLeft: z.number().int().nullable(),
    expiresAt: z.string(),
    originatorIds: z.array(z.number().int()).describe('Eerdere inbraken die deze als near repeat verklaren'),
    explainsIds: z.array(z.number().int()).describe('Latere inbraken die deze verklaart'),
    isDemo: z.boolean(),
  }),
});

export const ZonesResponseSchema = z.object({
  meta: z.object({
    date: z.string(),
    radius: z.number(),
    days: z.number(),
    source: z.enum(['knox', 'default']).describe('Herkomst van het standaardvenster: de laatste Knox-test of 200 m / 14 dagen'),
    activeCount: z.number().int(),
    defaults: z.object({ radius: z.number(), days: z.number() }).describe('Het standaardvenster (gebruikt als radius/days ontbreken)'),
    knoxRunId: z.number().int().nullable(),
    knoxStale: z.boolean().describe('De laatste Knox-test is op andere incidentgegevens berekend (verouderd) en bepaalt de standaard niet meer'),
    demo: z.boolean().describe('Minstens één getoonde inbraak is een demonstratie-incident'),
    kinds: z.array(IncidentKindSchema),
    referenceTime: z.string().describe('Peilmoment: laatste milliseconde van de peildatum (Europe/Amsterdam)'),
    eventTime: z.literal('to').describe('Gebeurtenistijd: einde van de pleegperiode'),
  }),
  zones: z.object({ type: z.literal('FeatureCollection'), features: z.array(ZoneFeatureSchema) }),
  burglaries: z.object({ type: z.literal('FeatureCollection'), features: z.array(NearRepeatBurglarySchema) }),
});
export type ZonesResponse = z.infer<typeof ZonesResponseSchema>;

// ------------------------------------------------------------------------------------------------
// Knox job
// ------------------------------------------------------------------------------------------------

const BreakSchema = z.union([z.number().nonnegative(), z.literal('Inf')]);

export const NrcSettingsSchema = z.object({
  spatialBandwidth: z.number().gt(1).max(10_000).describe('Bandbreedte afstand in meter'),
  spatialBands: z.number().int().min(1).max(50),
  temporalBandwidth: z.number().positive().max(3650).describe('Bandbreedte tijd in dagen'),
  temporalBands: z.number().int().min(1).max(100),
});
export const DEFAULT_NRC = { spatialBandwidth: 100, spatialBands: 4, temporalBandwidth: 7, temporalBands: 4 } as const;

export const KnoxRequestSchema = z
  .object({
    from: LocalDateSchema.optional().describe('Eerste dag (gebeurtenistijd = einde pleegperiode); standaard onbegrensd'),
    to: LocalDateSchema.optional().describe('Laatste dag; standaard onbegrensd'),
    kinds: z.array(IncidentKindSchema).min(1).default([...BURGLARY_KINDS] as IncidentKind[]),
    distance: z.enum(['manhattan', 'euclidean']).default('euclidean').describe('Afstandsmaat; standaard euclidisch, zoals de cirkelvormige zones'),
    permutations: z.number().int().min(19).max(9999).default(999),
    seed: z.number().int().min(0).max(4_294_967_295).default(1),
    spatialBreaks: z.array(BreakSchema).min(2).max(50).optional().describe('Afstandsgrenzen in meter; laatste mag "Inf" zijn'),
    temporalBreaks: z.array(BreakSchema).min(2).max(100).optional().describe('Tijdsgrenzen in dagen; laatste mag "Inf" zijn'),
    nrc: NrcSettingsSchema.optional().describe('NRC-indeling (standaard 100 m x 4 banden, 7 dagen x 4 banden)'),
  })
  .superRefine((v, ctx) => {
    const hasBreaks = v.spatialBreaks !== undefined || v.temporalBreaks !== undefined;
    if (hasBreaks && (v.spatialBreaks === undefined || v.temporalBreaks === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.spatialBreaks ? 'temporalBreaks' : 'spatialBreaks'], message: 'Geef zowel spatialBreaks als temporalBreaks op' });
    }
    if (hasBreaks && v.nrc) ctx.addIssue({ code: 'custom', path: ['nrc'], message: 'Gebruik óf grenzen (spatialBreaks/temporalBreaks) óf een NRC-indeling, niet beide' });
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'De einddatum ligt vóór de begindatum' });
  });
export type KnoxRequest = z.infer<typeof KnoxRequestSchema>;

export const KnoxJobParamSchema = z.object({ jobId: z.uuid('Onbekend taaknummer').describe('Taak-id') });

const Matrix = z.array(z.array(z.number()));
const NullableMatrix = z.array(z.array(z.number().nullable()));

export const KnoxWindowSchema = z
  .object({ radiusMetres: z.number(), days: z.number(), spatialBand: z.number().int(), temporalBand: z.number().int() })
  .nullable()
  .describe('Grootste significante afstands- en tijdsband (standaard voor de zones), of null');

export const KnoxRunSchema = z.object({
  runId: z.number().int(),
  createdAt: z.string(),
  params: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    kinds: z.array(IncidentKindSchema),
    distance: z.enum(['manhattan', 'euclidean']),
    permutations: z.number().int(),
    seed: z.number().int(),
    spatialBreaks: z.array(BreakSchema).optional(),
    temporalBreaks: z.array(BreakSchema).optional(),
    nrc: NrcSettingsSchema.optional(),
  }),
  mode: z.enum(['breaks', 'nrc']),
  distance: z.enum(['manhattan', 'euclidean']),
  permutations: z.number().int(),
  seed: z.number().int(),
  events: z.number().int(),
  pairs: z.number(),
  nearPairs: z.number(),
  spatialBreaks: z.array(BreakSchema),
  temporalBreaks: z.array(BreakSchema),
  spatialBands: z.array(z.string()),
  temporalBands: z.array(z.string()),
  spatialIntervals: z.array(z.string()),
  temporalIntervals: z.array(z.string()),
  observed: Matrix,
  simulatedMean: Matrix,
  simulatedMedian: Matrix,
  knoxRatio: NullableMatrix,
  knoxRatioMedian: NullableMatrix,
  pValue: Matrix,
  note: z.string().nullable(),
  significant: z.array(z.array(z.boolean())).describe('p ≤ 0,05 en Knox-ratio ≥ 1,2 (zoals de NRC)'),
  summary: z.string().describe('Samenvatting in het Nederlands'),
  summaryLines: z.array(z.string()),
  window: KnoxWindowSchema,
  demo: z.boolean().describe('Berekend op (ook) demonstratie-incidenten'),
  dataVersion: z.number().int().nullable().describe('Versie van de incidentgegevens waarop de test is berekend'),
  stale: z.boolean().describe('De incidentgegevens zijn sindsdien veranderd: de uitkomst is verouderd en zet de standaard van de zones niet meer'),
  staleReason: z.string().nullable().describe('Waarom de uitkomst verouderd is (Nederlands), of null'),
});
export type KnoxRun = z.infer<typeof KnoxRunSchema>;

export const KnoxJobSchema = z.object({
  jobId: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().min(0).max(1),
  result: KnoxRunSchema.optional(),
  error: z.string().optional(),
});
export type KnoxJob = z.infer<typeof KnoxJobSchema>;

export const KnoxJobStartedSchema = z.object({ jobId: z.string(), status: z.literal('running'), progress: z.number() });
