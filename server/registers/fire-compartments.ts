/**
 * Register: wildfire-risk compartments (natuurbrandcompartimenten) with their risk class,
 * measures and agreements with owners, and access and evacuation routes as lines.
 *
 * Risk classes: the Risico Index Natuurbranden (RIN; Veluwe 2003, national since 2013, Brandweer
 * Nederland) scores 17 parameters per km² and shows the result as a risk colour from green (little
 * risk) to red. The seed documents (/work/shared/seeds) name the RIN but not its classes, so the
 * four ordered classes below are this project's choice, matching that green-to-red scale; a
 * region with other class names maps them on import.
 */
import { z } from 'zod';
import { LocalDateSchema } from '../contract/common.js';
import { DEMO_COMPARTMENT_SEED, demoCompartments } from '../demo/registers.js';
import { ContactSchema, SHARED_REGISTER_PERMISSIONS } from './fields.js';
import { LinesSchema } from './geometry.js';
import type { RegisterDeclaration } from './types.js';

export const RISK_CLASSES = ['laag', 'middel', 'hoog', 'zeer hoog'] as const;

const MeasureSchema = z
  .object({
    description: z.string().trim().min(1).max(2000).describe('Maatregel'),
    owner: z.string().trim().max(200).nullable().optional().describe('Eigenaar of beheerder (organisatie)'),
    status: z.enum(['afgesproken', 'uitgevoerd', 'vervallen']).nullable().optional(),
    date: LocalDateSchema.nullable().optional(),
  })
  .strict();

const AgreementSchema = z
  .object({
    party: z.string().trim().min(1).max(200).describe('Met wie (eigenaar, beheerder, recreatieondernemer)'),
    description: z.string().trim().min(1).max(2000).describe('Afspraak'),
    date: LocalDateSchema.nullable().optional(),
  })
  .strict();

export const fireCompartments: RegisterDeclaration = {
  name: 'fire-compartments',
  path: 'fire-compartments',
  table: 'fire_compartment',
  label: { singular: 'natuurbrandcompartiment', plural: 'natuurbrandcompartimenten', withArticle: 'een natuurbrandcompartiment', fileName: 'natuurbrandcompartimenten' },
  geometryKinds: ['Polygon', 'MultiPolygon'],
  geometryText: 'een vlak (Polygon of MultiPolygon)',
  properties: z
    .object({
      name: z.string().trim().min(1).max(200).describe('Naam van het compartiment'),
      riskClass: z.enum(RISK_CLASSES).describe('Risicoklasse (Risico Index Natuurbranden): laag, middel, hoog of zeer hoog'),
      measures: z.array(MeasureSchema).max(500).optional().describe('Maatregelen'),
      agreements: z.array(AgreementSchema).max(500).optional().describe('Afspraken met eigenaren en beheerders'),
      accessRoutes: LinesSchema.optional().describe('Toegangsroutes (lijnen, WGS84)'),
      evacuationRoutes: LinesSchema.optional().describe('Ontruimingsroutes (lijnen, WGS84)'),
      contact: ContactSchema.optional().describe('Contactpersoon eigenaar/beheerder (persoonsgegevens)'),
    })
    .strict(),
  personal: ['contact'],
  lines: [
    { key: 'accessRoutes', label: 'toegangsroutes' },
    { key: 'evacuationRoutes', label: 'ontruimingsroutes' },
  ],
  permissions: SHARED_REGISTER_PERMISSIONS,
  columns: [
    { key: 'name', label: 'naam' },
    { key: 'riskClass', label: 'risicoklasse' },
    { key: 'measures', label: 'maatregelen' },
    { key: 'agreements', label: 'afspraken' },
    { key: 'accessRoutes', label: 'toegangsroutes' },
    { key: 'evacuationRoutes', label: 'ontruimingsroutes' },
    { key: 'contact', label: 'contactpersoon' },
  ],
  demo: { seed: DEMO_COMPARTMENT_SEED, generate: demoCompartments, describe: 'server/demo/registers.ts demoCompartments' },
};
