/**
 * Register: the actions of the plan (Uitvoeringsplan Integrale Veiligheid 2017-2018, and later the
 * DDO planner's). Seeded at start-up from geodata/plan-actions.json (real records, not demo) with
 * the gemeente's shape as their place; partner organisations see the published actions and the
 * non-public ones they lead or take part in.
 */
import { z } from 'zod';
import { LocalDateSchema } from '../contract/common.js';
import { involvesOrganisation } from '../domain/plan/organisations.js';
import { periodOverlaps, type Period } from '../domain/plan/parse-period.js';
import { readPlanActions } from '../ingest/plan/plan-actions.js';
import { SHARED_REGISTER_PERMISSIONS } from './fields.js';
import type { DemoRecord, RegisterDeclaration, SeedContext } from './types.js';

export const ACTION_STATUSES = ['gepland', 'lopend', 'gereed', 'vervallen'] as const;
export const PLACE_KINDS = ['gemeente', 'stadsdeel', 'wijk', 'buurt', 'postcode', 'park', 'compartiment', 'hotspot', 'getekend'] as const;
const PERIOD_KINDS = ['datum', 'doorlopend', 'terugkerend', 'voorwaardelijk'] as const;
/** The gemeente the plan is about: its actions apply to the whole of it. */
export const PLAN_GEMEENTE = 'GM0200';

const text = (max: number, d: string) => z.string().trim().min(1).max(max).describe(d);
const PeriodPartSchema = z
  .object({
    text: z.string().max(200).describe('De zinsnede uit "Wanneer"'),
    kind: z.enum(PERIOD_KINDS),
    from: LocalDateSchema.describe('Eerste dag (inclusief)'),
    to: LocalDateSchema.describe('Laatste dag (inclusief)'),
    recurrence: z.array(z.enum(['wekelijks', 'tweewekelijks', 'maandelijks', 'halfjaarlijks', 'ad hoc'])).max(5).optional(),
  })
  .strict()
  .refine((p) => p.from <= p.to, { message: 'from ligt na to', path: ['to'] });

export const PeriodSchema = z
  .object({
    kind: z.enum([...PERIOD_KINDS, 'gemengd']).describe('datum, doorlopend, terugkerend, voorwaardelijk, of gemengd (delen van verschillende soort)'),
    from: LocalDateSchema,
    to: LocalDateSchema,
    parts: z.array(PeriodPartSchema).min(1).max(20),
  })
  .strict()
  .nullable()
  .describe('Gelezen termijn (server/domain/plan/parse-period.ts); null: niet te lezen, zie periodFlag');

const props = z
  .object({
    name: text(200, 'Korte naam: het onderwerp, of het begin van de actie'),
    theme: text(200, 'Thema van het plan ("Veilig Toerisme")'),
    table: z.string().trim().max(200).nullable().optional().describe('Deeltabel binnen het thema ("Natuurbrandbeheersing")'),
    lead: text(300, 'Regievoerder (trekkende organisatie)'),
    partners: z.array(z.string().trim().min(1).max(300)).max(50).describe('Betrokken partners'),
    subject: z.string().trim().max(300).nullable().describe('Onderwerp'),
    action: text(20_000, 'De actie, opsommingstekens als regels "- ..." (genest "  - ...")'),
    when_text: z.string().trim().max(500).describe('"Wanneer" zoals in de bron'),
    period: PeriodSchema,
    period_flag: z.string().max(300).nullable().optional().describe('Waarom de termijn niet te lezen is'),
    status: z.enum(ACTION_STATUSES).describe('gepland, lopend, gereed of vervallen'),
    place: z
      .object({ kind: z.enum(PLACE_KINDS), code: z.string().trim().max(40).nullable().optional().describe('CBS-code, postcode of id van het park/compartiment/hotspot') })
      .strict()
      .describe('Waar de actie geldt; de geometrie is die plek'),
    visibility: z.enum(['openbaar', 'betrokken']).describe('openbaar: iedereen; betrokken: alleen redacteuren en de regievoerder en partners'),
    source_document: z.string().max(200).nullable().optional().describe('Brondocument (geodata/seeds/)'),
    source_line: z.number().int().min(1).nullable().optional().describe('Regelnummer in het brondocument'),
    source_lines: z.array(z.number().int().min(1)).max(20).optional().describe('Alle regels (een rij die over een paginagrens doorloopt)'),
    plan_id: z.string().max(60).nullable().optional().describe('Id in geodata/plan-actions.json'),
  })
  .strict();

const FilterSchema = z.object({
  theme: z.string().trim().min(1).max(200).optional().describe('Thema (bevat, hoofdletterongevoelig)'),
  organisation: z.string().trim().min(1).max(200).optional().describe('Organisatie als regievoerder of partner ("Politie", "Brandweer")'),
  status: z.enum(ACTION_STATUSES).optional(),
  from: LocalDateSchema.optional().describe('Termijn overlapt met de periode vanaf deze datum'),
  to: LocalDateSchema.optional().describe('Termijn overlapt met de periode tot en met deze datum'),
  q: z.string().trim().min(1).max(200).optional().describe('Zoekt in onderwerp, actie, regievoerder en partners'),
});

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const asAction = (p: Record<string, unknown>) => ({ lead: String(p.lead ?? ''), partners: (p.partners as string[] | undefined) ?? [] });

/** The actions and the query's filters: all given ones must hold; a period filter skips unread periods. */
export function matchAction(p: Record<string, unknown>, q: z.infer<typeof FilterSchema>): boolean {
  if (q.theme && !lower(p.theme).includes(q.theme.toLowerCase())) return false;
  if (q.status && p.status !== q.status) return false;
  if (q.organisation && !involvesOrganisation(asAction(p), { name: q.organisation })) return false;
  if ((q.from || q.to) && !periodOverlaps(p.period as Period | null, q.from ?? null, q.to ?? null)) return false;
  if (q.q) {
    const hay = [p.subject, p.action, p.lead, ...asAction(p).partners].map(lower).join('\n');
    if (!hay.includes(q.q.toLowerCase())) return false;
  }
  return true;
}

/** The plan's actions from geodata/plan-actions.json, placed on the gemeente's shape. */
export async function planActionRecords(ctx: SeedContext, file = readPlanActions()): Promise<DemoRecord[]> {
  const gemeente = await ctx.districtGeometry(PLAN_GEMEENTE);
  if (!gemeente) return []; // districts not loaded yet: seeded on a later start
  return file.actions.map((a) => ({
    geometry: gemeente,
    properties: {
      name: (a.subject ?? a.action.replace(/^[-\s]+/, '')).slice(0, 200),
      theme: a.theme,
      table: a.table,
      lead: a.lead,
      partners: a.partners,
      subject: a.subject,
      action: a.action,
      when_text: a.when_text,
      period: a.period,
      period_flag: a.period_flag,
      status: a.status,
      place: { kind: 'gemeente', code: PLAN_GEMEENTE },
      visibility: 'openbaar',
      source_document: a.source_document,
      source_line: a.source_line,
      source_lines: a.source_lines,
      plan_id: a.id,
    },
  }));
}

export const actions: RegisterDeclaration = {
  name: 'actions',
  path: 'actions',
  table: 'plan_action',
  label: { singular: 'actie', plural: 'acties', withArticle: 'een actie', fileName: 'acties' },
  geometryKinds: ['Polygon', 'MultiPolygon', 'Point'],
  geometryText: 'een vlak (Polygon of MultiPolygon) of een punt (Point)',
  properties: props,
  personal: [],
  lines: [],
  permissions: SHARED_REGISTER_PERMISSIONS,
  columns: [
    { key: 'theme', label: 'thema' },
    { key: 'table', label: 'deeltabel' },
    { key: 'lead', label: 'regievoerder' },
    { key: 'partners', label: 'partners' },
    { key: 'subject', label: 'onderwerp' },
    { key: 'action', label: 'actie' },
    { key: 'when_text', label: 'wanneer' },
    { key: 'period', label: 'termijn' },
    { key: 'status', label: 'status' },
    { key: 'place', label: 'plaats' },
    { key: 'source_document', label: 'brondocument' },
    { key: 'source_line', label: 'bronregel' },
  ],
  seed: { describe: 'geodata/plan-actions.json (npm run geodata:actions)', records: (ctx) => planActionRecords(ctx) },
  filters: { query: FilterSchema, match: (p, q) => matchAction(p, q as z.infer<typeof FilterSchema>) },
  visible: (p, viewer) => p.visibility === 'openbaar' || (viewer.organisation !== null && involvesOrganisation(asAction(p), viewer.organisation)),
};
