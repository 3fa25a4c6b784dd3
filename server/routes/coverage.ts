/**
 * Coverage of the registers: WhatsApp groups per district (with uncovered hot spots and, for
 * callers allowed to see them, near-repeat zones) and holiday parks against the evacuation-plan
 * target and the wildfire-risk compartments. Thin: zod at the edge, coverage.service.ts does it.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { DECIMAL_RE, GeometrySchema } from '../contract/common.js';
import { registerOperation } from '../openapi.js';
import { COVERAGE_LEVELS, DEFAULT_PARK_BUFFER_M, groupCoverage, parkCoverage } from '../services/coverage.service.js';
import { validate } from './validate.js';

export const GroupCoverageQuerySchema = z.object({
  level: z.enum(COVERAGE_LEVELS).prefault('wijk').describe('Gebiedsniveau: wijk (standaard), buurt, stadsdeel of postcode'),
});
export const ParkCoverageQuerySchema = z.object({
  buffer: z
    .string()
    .refine((s) => DECIMAL_RE.test(s), 'verwacht een afstand in meters in gewone decimale notatie (bijvoorbeeld 500)')
    .transform(Number)
    .pipe(z.number().min(0, 'de buffer is minstens 0 m').max(10000, 'de buffer is hoogstens 10.000 m'))
    .prefault(String(DEFAULT_PARK_BUFFER_M))
    .describe(`Afstand in meters waarbinnen een park "nabij" een compartiment ligt (standaard ${DEFAULT_PARK_BUFFER_M})`),
});

const Estimate = z.object({ total: z.number().nullable(), covered: z.number().nullable(), estimate: z.literal(true), label: z.string() });
export const GroupCoverageSchema = z.object({
  level: z.string(),
  activeStatuses: z.array(z.string()),
  districts: z.array(z.object({ code: z.string(), name: z.string(), share: z.number().nullable(), groups: z.number().int(), dwellings: Estimate, inhabitants: Estimate, problems: z.array(z.string()) }).loose()),
  skippedGroups: z.array(z.object({ id: z.string(), reason: z.string() })),
  uncoveredHotspots: z.array(z.object({ id: z.string(), kind: z.enum(['gistar', 'nearrepeat']), burglaries: z.number(), coveredShare: z.number(), rank: z.number(), burglariesSuppressed: z.boolean().describe('Het aantal is klein en verborgen (privacy); burglaries telt dan als 0 voor de rangorde'), place: z.string().nullable().describe('Het gebied (wijk/buurt) waarin de hotspot ligt'), geometry: GeometrySchema.nullable().describe('Omtrek in WGS84') }).loose()).describe('Gi*-hotspotcellen en (met recht nearrepeat:zones) live near-repeatzones zonder actieve groep, meeste inbraken eerst'),
  nearRepeatZones: z.boolean().describe('Of de near-repeatzones zijn meegenomen'),
  note: z.string().optional(),
  hotspotCellSize: z.number(),
});
const Share = z.object({ n: z.number().int(), withPlan: z.number().int(), share: z.number().nullable() });
export const ParkCoverageSchema = Share.extend({
  buffer: z.number(),
  target: z.literal(0.9),
  meetsTarget: z.boolean().nullable(),
  large: Share,
  small: Share,
  unknownSize: z.number().int(),
  concept: z.number().int(),
  byCompartment: z.object({ classes: z.record(z.string(), z.object({ in: z.number().int(), nabij: z.number().int() })), parks: z.array(z.object({}).loose()) }),
  fireService: z.object({ minRiskClass: z.string(), rows: z.array(z.object({}).loose()), totals: z.object({}).loose(), unplaced: z.array(z.string()) }).loose().describe('Parken in of nabij compartimenten met risicoklasse hoog of hoger zonder vastgesteld ontruimingsplan, met bedden'),
}).loose();

const tags = ['coverage'];
registerOperation('get', '/api/coverage/groups', { summary: 'Dekking van WhatsApp-buurtpreventiegroepen per gebied (schattingen), met onbedekte hotspots', query: GroupCoverageQuerySchema, response: GroupCoverageSchema, tags });
registerOperation('get', '/api/coverage/parks', { summary: 'Ontruimingsplannen van recreatieparken tegen de norm van 90 %, parken per natuurbrandrisicoklasse en bedden zonder plan', query: ParkCoverageQuerySchema, response: ParkCoverageSchema, tags });

export const coverageRoutes = new Hono<AppEnv>()
  .get('/groups', validate('query', GroupCoverageQuerySchema), async (c) => c.json(await groupCoverage(c.var.caller, c.var.deps.db, c.req.valid('query'))))
  .get('/parks', validate('query', ParkCoverageQuerySchema), async (c) => c.json(await parkCoverage(c.var.caller, c.var.deps.db, c.req.valid('query'))));
