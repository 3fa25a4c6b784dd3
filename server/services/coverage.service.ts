/**
 * Coverage of the registers (GET /api/coverage/groups and /api/coverage/parks): reads the
 * registers and districts in SQL (named queries coverage-*, geometry in RD New), converts them to
 * the inputs of the pure coverage functions (server/domain/coverage) and calls them.
 *
 * Enum alignment between the register declarations and the domain (checked, see the tests):
 * - group status: register GROUP_STATUSES ['actief', 'slapend']; a group counts when 'actief'
 *   (the domain's DEFAULT_ACTIVE_STATUSES), passed explicitly.
 * - evacuation plan: register EVACUATION_PLAN_STATUSES ['geen', 'concept', 'vastgesteld'] equal
 *   the domain's PlanStatus; a park without a plan object counts as 'geen'.
 * - risk class: the register has ['laag', 'middel', 'hoog', 'zeer hoog']; the domain's default
 *   order stops at 'hoog', so the service passes the register's RISK_CLASSES as the order and
 *   'hoog' as the lowest class for the fire-service rows ('hoog' and 'zeer hoog').
 * - park size class: the register derives 'groot'/'klein' from its settings (derive), the same
 *   values as the domain's SizeClass.
 */
import { assertCan, can, type Caller } from '../auth/caller.js';
import { GridQuerySchema } from '../contract/hotspots.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import {
  bedsAtRiskWithoutPlan,
  placeOf,
  evacuationPlanShare,
  groupCoverageByDistrict,
  parksByCompartment,
  uncoveredHotspots,
  type CoverageCompartment,
  type CoverageGroup,
  type CoverageHotspot,
  type CoveragePark,
  type PlanStatus,
  type SizeClass,
} from '../domain/coverage/index.js';
import { wgs84ToRd } from '../domain/crs.js';
import { fireCompartments, RISK_CLASSES } from '../registers/fire-compartments.js';
import { groups as groupsDecl } from '../registers/groups.js';
import { ACTIVE_GROUP_STATUSES, groupAreas } from './group-areas.js';
import { parks as parksDecl } from '../registers/parks.js';
import { registerSettings } from '../registers/service.js';
import type { RegisterDeclaration } from '../registers/types.js';
import { gridHotspots } from './hotspot.service.js';
import { computeZones } from './nearrepeat.service.js';

type Geometry = { type: string; coordinates: unknown };
export { ACTIVE_GROUP_STATUSES };
export const FIRE_SERVICE_MIN_RISK = 'hoog' satisfies (typeof RISK_CLASSES)[number];
export const DEFAULT_PARK_BUFFER_M = 500;
export const COVERAGE_LEVELS = ['wijk', 'buurt', 'stadsdeel', 'postcode'] as const;

interface RegisterRow {
  id: string;
  name: string;
  attrs: unknown;
  geometry: string;
}

const obj = (v: unknown): Record<string, unknown> => (v === null || v === undefined ? {} : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));

async function registerRows(db: Db, decl: RegisterDeclaration): Promise<RegisterRow[]> {
  if (!/^[a-z_]+$/.test(decl.table)) throw new Error(`ongeldige registertabel ${decl.table}`);
  return db.query<RegisterRow>(sql('coverage-register').replaceAll('@table', decl.table), []);
}

/** A WGS84 GeoJSON (Multi)Polygon to RD New. */
function toRd(g: Geometry): Geometry {
  const map = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? wgs84ToRd(c[0] as number, c[1] as number) : Array.isArray(c) ? c.map(map) : c);
  return { type: g.type, coordinates: map(g.coordinates) };
}

export interface GroupCoverageQuery {
  level: (typeof COVERAGE_LEVELS)[number];
}

export async function groupCoverage(caller: Caller, db: Db, qy: GroupCoverageQuery) {
  assertCan(caller, 'aggregates:read');
  assertCan(caller, groupsDecl.permissions.read);
  const [districtRows, groupRows] = await Promise.all([
    db.query<{ code: string; name: string; geometry: string | null; woningen: number | null; inwoners: number | null }>(sql('coverage-districts'), [qy.level]),
    groupAreas(db),
  ]);
  const groups: CoverageGroup[] = groupRows;
  const districts = districtRows.map((d) => ({
    code: d.code,
    name: d.name,
    geometry: d.geometry ? (JSON.parse(d.geometry) as Geometry) : null,
    dwellings: d.woningen === null ? null : Number(d.woningen),
    inhabitants: d.inwoners === null ? null : Number(d.inwoners),
  }));
  const opts = { activeStatuses: ACTIVE_GROUP_STATUSES };
  const coverage = groupCoverageByDistrict(districts as Parameters<typeof groupCoverageByDistrict>[0], groups, opts);

  // Gi* hot spot cells (hot bins only), from the hotspot service with the caller (its disclosure rules hold).
  const grid = await gridHotspots(caller, db, GridQuerySchema.parse({}));
  const size = grid.meta.cellSize;
  // Each hot spot's WGS84 outline and place (the district holding it) travel with its gap row.
  const shown = new Map<string, { geometry: Geometry; place: string | null; suppressed?: boolean }>();
  const hot: CoverageHotspot[] = grid.features
    // A hot cell without a burglary of its own (hot through its neighbours) is no place to start a group.
    .filter((c) => c.properties.bin > 0 && c.properties.count !== 0)
    .map((c) => {
      const { x, y } = c.properties;
      const rd: GeoJSON.Polygon = { type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] };
      shown.set(`${x}_${y}`, { geometry: c.geometry as Geometry, place: placeOf(rd, districts as { name: string; geometry: GeoJSON.Geometry | null }[])?.name ?? null, suppressed: c.properties.count === null });
      return { id: `${x}_${y}`, kind: 'gistar', burglaries: c.properties.count ?? 0, geometry: rd } as CoverageHotspot;
    });
  const withZones = can(caller, 'nearrepeat:zones');
  const zones: CoverageHotspot[] = withZones
    ? (await computeZones(caller, db, {})).zones.features.map((z) => {
        shown.set(String(z.id), { geometry: z.geometry as Geometry, place: z.properties.wijken[0]?.name ?? null });
        return { id: String(z.id), kind: 'nearrepeat', burglaries: z.properties.members.length, geometry: toRd(z.geometry as Geometry) } as CoverageHotspot;
      })
    : [];
  const uncovered = uncoveredHotspots([...hot, ...zones], groups, opts);
  return {
    level: qy.level,
    activeStatuses: ACTIVE_GROUP_STATUSES,
    districts: coverage.districts,
    skippedGroups: coverage.skippedGroups,
    uncoveredHotspots: uncovered.items.map((h) => ({ ...h, burglariesSuppressed: shown.get(h.id)?.suppressed ?? false, place: shown.get(h.id)?.place ?? null, geometry: shown.get(h.id)?.geometry ?? null })),
    nearRepeatZones: withZones,
    ...(withZones ? {} : { note: 'Near-repeatzones zijn weggelaten: uw rol mag ze niet zien (recht nearrepeat:zones). De lijst bevat alleen Gi*-hotspotcellen.' }),
    hotspotCellSize: size,
  };
}

export interface ParkCoverageQuery {
  buffer: number;
}

export async function parkCoverage(caller: Caller, db: Db, qy: ParkCoverageQuery) {
  assertCan(caller, 'aggregates:read');
  assertCan(caller, parksDecl.permissions.read);
  assertCan(caller, fireCompartments.permissions.read);
  const [parkRows, compRows, settings] = await Promise.all([registerRows(db, parksDecl), registerRows(db, fireCompartments), registerSettings(db, parksDecl)]);
  const parks: CoveragePark[] = parkRows.map((r) => {
    const a = obj(r.attrs);
    const props = { name: r.name, ...a };
    const plan = (obj(a.evacuationPlan).status as PlanStatus | undefined) ?? 'geen';
    const cap = obj(a.capacity);
    const derived = parksDecl.derive?.(props, settings) ?? {};
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return { id: r.id, name: r.name, geometry: JSON.parse(r.geometry) as Geometry, plan, beds: num(cap.beds), units: num(cap.units), sizeClass: (derived.sizeClass as SizeClass | null | undefined) ?? null } as CoveragePark;
  });
  const compartments: CoverageCompartment[] = compRows.map((r) => ({ id: r.id, name: r.name, geometry: JSON.parse(r.geometry) as Geometry, riskClass: String(obj(r.attrs).riskClass ?? '') }) as CoverageCompartment);
  const opts = { bufferMetres: qy.buffer, riskOrder: RISK_CLASSES };
  const matches = parksByCompartment(parks, compartments, opts);
  const byClass: Record<string, { in: number; nabij: number }> = {};
  for (const m of matches) if (m.riskClass && m.proximity) (byClass[m.riskClass] ??= { in: 0, nabij: 0 })[m.proximity] += 1;
  return {
    buffer: qy.buffer,
    ...evacuationPlanShare(parks),
    byCompartment: { classes: byClass, parks: matches },
    fireService: { minRiskClass: FIRE_SERVICE_MIN_RISK, ...bedsAtRiskWithoutPlan(parks, compartments, { ...opts, minRiskClass: FIRE_SERVICE_MIN_RISK }) },
  };
}
