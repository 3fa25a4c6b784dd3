/** Register: holiday parks (recreatieparken), their evacuation plans, visits and control actions. */
import { z } from 'zod';
import { LocalDateSchema } from '../contract/common.js';
import { demoParksNearCompartments } from '../demo/parks-near-compartments.js';
import { demoParks } from '../demo/registers.js';
import { DEFAULT_LARGE_FROM_BEDS, DEFAULT_LARGE_FROM_UNITS, parkSizeClass } from '../domain/registers/park-size.js';
import { ContactSchema, DatedNoteSchema, nullableInt, SHARED_REGISTER_PERMISSIONS } from './fields.js';
import type { RegisterDeclaration } from './types.js';

export const PARK_KINDS = ['bungalowpark', 'camping', 'minicamping', 'chaletpark', 'groepsaccommodatie', 'overig'] as const;
export const EVACUATION_PLAN_STATUSES = ['geen', 'concept', 'vastgesteld'] as const;

const EvacuationPlanSchema = z
  .object({
    status: z.enum(EVACUATION_PLAN_STATUSES).describe('geen, concept of vastgesteld'),
    date: LocalDateSchema.nullable().optional().describe('Datum van vaststelling'),
  })
  .strict()
  .refine((p) => p.status !== 'vastgesteld' || !!p.date, { message: 'een vastgesteld ontruimingsplan heeft een datum', path: ['date'] })
  .describe('Ontruimingsplan');

const ControlActionSchema = z
  .object({
    date: LocalDateSchema,
    partners: z.array(z.string().trim().min(1).max(100)).max(20).describe('Deelnemende partners (gemeente, politie, brandweer, ...)'),
    findings: z.array(z.string().trim().min(1).max(2000)).max(50).describe('Bevindingen'),
  })
  .strict();

export const parks: RegisterDeclaration = {
  name: 'parks',
  path: 'parks',
  table: 'holiday_park',
  label: { singular: 'vakantiepark', plural: 'vakantieparken', withArticle: 'een vakantiepark', fileName: 'vakantieparken' },
  geometryKinds: ['Polygon', 'MultiPolygon', 'Point'],
  geometryText: 'een vlak (Polygon of MultiPolygon) of een punt (Point)',
  properties: z
    .object({
      name: z.string().trim().min(1).max(200).describe('Naam van het park'),
      kind: z.enum(PARK_KINDS).describe('Soort verblijfsrecreatie'),
      capacity: z
        .object({ units: nullableInt(100_000, 'Aantal eenheden (plaatsen, chalets, bungalows)'), beds: nullableInt(1_000_000, 'Aantal slaapplaatsen') })
        .strict()
        .nullable()
        .optional()
        .describe('Capaciteit; bepaalt de grootteklasse'),
      evacuationPlan: EvacuationPlanSchema.nullable().optional(),
      fireServiceVisits: z.array(DatedNoteSchema).max(500).optional().describe('Bezoeken van de brandweer'),
      evacuationExercises: z.array(DatedNoteSchema).max(500).optional().describe('Ontruimingsoefeningen'),
      controlActions: z.array(ControlActionSchema).max(500).optional().describe('Integrale controleacties (datum, partners, bevindingen)'),
      contact: ContactSchema.optional().describe('Contactpersoon exploitant (persoonsgegevens)'),
    })
    .strict(),
  personal: ['contact'],
  lines: [],
  permissions: SHARED_REGISTER_PERMISSIONS,
  columns: [
    { key: 'name', label: 'naam' },
    { key: 'kind', label: 'soort' },
    { key: 'sizeClass', label: 'grootteklasse' },
    { key: 'capacity', label: 'capaciteit' },
    { key: 'evacuationPlan', label: 'ontruimingsplan' },
    { key: 'fireServiceVisits', label: 'brandweerbezoeken' },
    { key: 'evacuationExercises', label: 'ontruimingsoefeningen' },
    { key: 'controlActions', label: 'controleacties' },
    { key: 'contact', label: 'contactpersoon' },
  ],
  settings: { largeFromUnits: DEFAULT_LARGE_FROM_UNITS, largeFromBeds: DEFAULT_LARGE_FROM_BEDS },
  derive: (p, s) => ({
    sizeClass: parkSizeClass(p.capacity as { units?: number | null; beds?: number | null } | null | undefined, { largeFromUnits: Number(s.largeFromUnits), largeFromBeds: Number(s.largeFromBeds) }),
  }),
  demo: {
    seed: 20260702,
    // The parks near the compartments follow on the same rng: the first parks stay as they were.
    generate: (ctx) => {
      const first = demoParks(ctx);
      return [...first, ...demoParksNearCompartments(ctx, first.length)];
    },
    describe: 'server/demo/registers.ts demoParks + server/demo/parks-near-compartments.ts',
  },
};
