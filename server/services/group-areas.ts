/**
 * The WhatsApp groups' areas as inputs of the pure coverage functions (RD New, with name and
 * status), read with the named query coverage-register; shared by the coverage and near-repeat
 * services (kept apart so neither imports the other for it).
 */
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { coverageOfAreas, type AreaCoverage, type CoverageGroup } from '../domain/coverage/index.js';
import { groups as groupsDecl, GROUP_STATUSES } from '../registers/groups.js';

/** Group statuses that cover an area (register GROUP_STATUSES; 'slapend' does not count). */
export const ACTIVE_GROUP_STATUSES: readonly (typeof GROUP_STATUSES)[number][] = ['actief'];

export type GroupArea = CoverageGroup & { name: string };

const obj = (v: unknown): Record<string, unknown> => (v === null || v === undefined ? {} : ((typeof v === 'string' ? JSON.parse(v) : v) as Record<string, unknown>));

/** Every group of the register (all statuses), geometry in RD New. */
export async function groupAreas(db: Db): Promise<GroupArea[]> {
  const rows = await db.query<{ id: string; name: string; attrs: unknown; geometry: string }>(sql('coverage-register').replaceAll('@table', groupsDecl.table), []);
  return rows.map((r) => ({ id: r.id, name: r.name, geometry: JSON.parse(r.geometry) as CoverageGroup['geometry'], status: String(obj(r.attrs).status ?? '') }));
}

export interface AreaGroups {
  /** Active groups cover at least half of the area; null when it cannot be determined. */
  covered: boolean | null;
  /** Active groups overlapping the area, largest overlap first. */
  groups: { id: number; name: string }[];
}

/** Which active groups cover each area (RD New geometry), keyed by the area's id. */
export function groupsCovering(areas: readonly { id: string; geometry: CoverageGroup['geometry'] }[], groups: readonly GroupArea[]): Map<string, AreaGroups> {
  const names = new Map(groups.map((g) => [g.id, g.name]));
  const cov: Map<string, AreaCoverage> = coverageOfAreas(areas, groups, { activeStatuses: ACTIVE_GROUP_STATUSES });
  return new Map([...cov].map(([id, c]) => [id, { covered: c.covered, groups: c.groupIds.map((g) => ({ id: Number(g), name: names.get(g) ?? '' })) }]));
}
