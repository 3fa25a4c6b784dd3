/**
 * Holiday parks against wildfire-risk compartments: which risk class a park lies in or near,
 * the share of parks with an approved evacuation plan against the 90 % target, and the fire
 * service's table of beds in (or near) high-risk compartments without an approved plan.
 *
 * "Near" is a planar distance in RD New metres up to `bufferMetres` (see planar.ts: no buffer
 * polygon is built, so the test is exact). Only a plan with status 'vastgesteld' (adopted)
 * counts as a plan; a draft ('concept') does not, because an unapproved plan has not been
 * checked by the fire service and cannot be exercised.
 */
import type { Geometry } from 'geojson';
import { isUsableGeometry, planarDistance } from './planar.js';

export type PlanStatus = 'geen' | 'concept' | 'vastgesteld';
export type SizeClass = 'groot' | 'klein';
export type Proximity = 'in' | 'nabij';

/** The evacuation-plan target: 90 % of parks with an adopted plan. */
export const EVACUATION_PLAN_TARGET = 0.9;

/** Risk classes from low to high when no order is given. */
export const DEFAULT_RISK_ORDER: readonly string[] = ['laag', 'middel', 'hoog'];

export interface CoveragePark {
  id: string;
  name?: string;
  /** Point or Polygon/MultiPolygon in RD New metres. */
  geometry: Geometry | null;
  plan: PlanStatus;
  /** Beds (slaapplaatsen); null when unknown. */
  beds: number | null;
  /** Pitches/units (standplaatsen); null when unknown. */
  units: number | null;
  /** Large or small park as the register classifies it; null when unknown. */
  sizeClass: SizeClass | null;
}

export interface CoverageCompartment {
  id: string;
  /** Polygon/MultiPolygon in RD New metres. */
  geometry: Geometry | null;
  riskClass: string;
}

export interface CompartmentOptions {
  /** Distance (m) within which a park counts as near a compartment ('nabij'). Default 0. */
  bufferMetres?: number;
  /** Risk classes from lowest to highest (default laag, middel, hoog); unknown classes rank lowest. */
  riskOrder?: readonly string[];
}

export interface ParkCompartmentMatch {
  parkId: string;
  /** Highest risk class the park is in or near; null when none within the buffer. */
  riskClass: string | null;
  /** 'in' when the park touches/overlaps a compartment of that class, 'nabij' when only within the buffer. */
  proximity: Proximity | null;
  /** The compartment giving the class (the nearest among those of the class). */
  compartmentId: string | null;
  /** Planar distance to that compartment, m (0 for 'in'). */
  distanceMetres: number | null;
  problems: string[];
}

function rankOf(order: readonly string[], cls: string): number {
  return order.indexOf(cls); // -1 for unknown: below every known class
}

/**
 * For each park, the highest risk class of the compartments it lies in or within `bufferMetres`
 * of, and whether it is 'in' or 'nabij'. Within one class 'in' wins over 'nabij'; a park in a
 * 'middel' compartment and 80 m from a 'hoog' one (buffer 100) is 'hoog' / 'nabij'. Parks keep
 * their input order; unusable geometry gives a row with no class and a problem.
 */
export function parksByCompartment(
  parks: readonly CoveragePark[],
  compartments: readonly CoverageCompartment[],
  opts: CompartmentOptions = {},
): ParkCompartmentMatch[] {
  const buffer = opts.bufferMetres ?? 0;
  if (!(buffer >= 0) || !Number.isFinite(buffer)) throw new RangeError('bufferMetres must be a finite number >= 0');
  const order = opts.riskOrder ?? DEFAULT_RISK_ORDER;
  const usable = compartments.filter((c) => isUsableGeometry(c.geometry) && (c.geometry!.type === 'Polygon' || c.geometry!.type === 'MultiPolygon'));
  return parks.map((park): ParkCompartmentMatch => {
    const none: ParkCompartmentMatch = { parkId: park.id, riskClass: null, proximity: null, compartmentId: null, distanceMetres: null, problems: [] };
    if (!isUsableGeometry(park.geometry)) return { ...none, problems: ['parkgeometrie ontbreekt of is ongeldig'] };
    let best: { rank: number; d: number; c: CoverageCompartment } | null = null;
    for (const c of usable) {
      let d: number;
      try {
        d = planarDistance(park.geometry, c.geometry!);
      } catch {
        none.problems.push(`afstand tot compartiment ${c.id} niet te berekenen`);
        continue;
      }
      if (!(d <= buffer)) continue;
      const rank = rankOf(order, c.riskClass);
      // Higher class first; within a class the nearest ('in' = 0 beats 'nabij'); then the lower id.
      if (!best || rank > best.rank || (rank === best.rank && (d < best.d || (d === best.d && c.id < best.c.id)))) best = { rank, d, c };
    }
    if (!best) return none;
    return { parkId: park.id, riskClass: best.c.riskClass, proximity: best.d === 0 ? 'in' : 'nabij', compartmentId: best.c.id, distanceMetres: best.d, problems: none.problems };
  });
}

export interface PlanShare {
  /** Parks counted. */
  n: number;
  /** Parks with an adopted ('vastgesteld') plan. */
  withPlan: number;
  /** withPlan / n, or null when n = 0 (never NaN). */
  share: number | null;
}

export interface EvacuationPlanShare extends PlanShare {
  target: typeof EVACUATION_PLAN_TARGET;
  /** share >= target; null when there are no parks. */
  meetsTarget: boolean | null;
  large: PlanShare;
  small: PlanShare;
  /** Parks without a size class: in the total, in neither split. */
  unknownSize: number;
  /** Draft plans, reported separately because they do not count. */
  concept: number;
}

function planShare(parks: readonly CoveragePark[]): PlanShare {
  const withPlan = parks.filter((p) => p.plan === 'vastgesteld').length;
  return { n: parks.length, withPlan, share: parks.length === 0 ? null : withPlan / parks.length };
}

/**
 * Share of parks (by count) with an adopted evacuation plan, against the 90 % target, split into
 * large and small parks. A draft ('concept') does not count. No parks: every share is null and
 * `meetsTarget` is null ("geen parken"), never NaN or a false "target missed".
 */
export function evacuationPlanShare(parks: readonly CoveragePark[]): EvacuationPlanShare {
  const all = planShare(parks);
  return {
    ...all,
    target: EVACUATION_PLAN_TARGET,
    meetsTarget: all.share === null ? null : all.share >= EVACUATION_PLAN_TARGET,
    large: planShare(parks.filter((p) => p.sizeClass === 'groot')),
    small: planShare(parks.filter((p) => p.sizeClass === 'klein')),
    unknownSize: parks.filter((p) => p.sizeClass !== 'groot' && p.sizeClass !== 'klein').length,
    concept: parks.filter((p) => p.plan === 'concept').length,
  };
}

export interface BedsAtRiskOptions extends CompartmentOptions {
  /** Lowest risk class to report (default the highest class of `riskOrder`, i.e. 'hoog'). */
  minRiskClass?: string;
}

export interface BedsAtRiskRow {
  parkId: string;
  name: string | null;
  riskClass: string;
  proximity: Proximity;
  compartmentId: string;
  distanceMetres: number;
  plan: Exclude<PlanStatus, 'vastgesteld'>;
  beds: number | null;
  units: number | null;
}

export interface BedsTotals {
  parks: number;
  /** Sum of known beds. */
  beds: number;
  /** Parks whose bed count is unknown (not in `beds`). */
  bedsUnknown: number;
}

export interface BedsAtRiskResult {
  rows: BedsAtRiskRow[];
  totals: BedsTotals & { in: BedsTotals; nabij: BedsTotals };
  /** Park ids whose geometry could not be used (not in the table: check them by hand). */
  unplaced: string[];
}

function totals(rows: readonly BedsAtRiskRow[]): BedsTotals {
  let beds = 0;
  let bedsUnknown = 0;
  for (const r of rows) {
    if (r.beds === null || !Number.isFinite(r.beds)) bedsUnknown++;
    else beds += r.beds;
  }
  return { parks: rows.length, beds, bedsUnknown };
}

/**
 * The fire service's question: which parks in or near high-risk compartments have no adopted
 * plan, and how many beds is that? Rows for parks whose highest class (see `parksByCompartment`)
 * is at least `minRiskClass` and whose plan is 'geen' or 'concept', sorted by class (high
 * first), 'in' before 'nabij', beds (most first, unknown last), then park id. Totals overall and
 * for 'in' and 'nabij'.
 */
export function bedsAtRiskWithoutPlan(
  parks: readonly CoveragePark[],
  compartments: readonly CoverageCompartment[],
  opts: BedsAtRiskOptions = {},
): BedsAtRiskResult {
  const order = opts.riskOrder ?? DEFAULT_RISK_ORDER;
  const minClass = opts.minRiskClass ?? order[order.length - 1];
  const minRank = minClass === undefined ? 0 : rankOf(order, minClass);
  if (minRank < 0) throw new RangeError(`unknown minRiskClass ${String(minClass)}`);
  const matches = parksByCompartment(parks, compartments, { ...opts, riskOrder: order });
  const rows: BedsAtRiskRow[] = [];
  const unplaced: string[] = [];
  matches.forEach((m, i) => {
    const park = parks[i]!;
    if (m.problems.length > 0 && m.riskClass === null) unplaced.push(park.id);
    if (m.riskClass === null || m.proximity === null || m.compartmentId === null || m.distanceMetres === null) return;
    if (rankOf(order, m.riskClass) < minRank || park.plan === 'vastgesteld') return;
    rows.push({ parkId: park.id, name: park.name ?? null, riskClass: m.riskClass, proximity: m.proximity, compartmentId: m.compartmentId, distanceMetres: m.distanceMetres, plan: park.plan, beds: park.beds, units: park.units });
  });
  const bedsKey = (b: number | null) => (b === null || !Number.isFinite(b) ? -Infinity : b);
  rows.sort(
    (a, b) =>
      rankOf(order, b.riskClass) - rankOf(order, a.riskClass) ||
      (a.proximity === b.proximity ? 0 : a.proximity === 'in' ? -1 : 1) ||
      (bedsKey(b.beds) === bedsKey(a.beds) ? 0 : bedsKey(b.beds) > bedsKey(a.beds) ? 1 : -1) ||
      (a.parkId < b.parkId ? -1 : a.parkId > b.parkId ? 1 : 0),
  );
  return {
    rows,
    totals: { ...totals(rows), in: totals(rows.filter((r) => r.proximity === 'in')), nabij: totals(rows.filter((r) => r.proximity === 'nabij')) },
    unplaced,
  };
}
