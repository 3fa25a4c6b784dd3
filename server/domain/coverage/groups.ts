/**
 * Coverage of districts and hot spots by WhatsApp neighbourhood groups.
 *
 * Method: the areas of the counting groups are unioned first (so overlapping groups are counted
 * once), then intersected with each district; the covered share is intersection area / district
 * area (planar, RD New m²). Dwellings and inhabitants exist only per district, so the covered
 * number is an areal-weighting estimate (share × district figure; Goodchild & Lam 1980, "areal
 * interpolation"), which assumes dwellings spread evenly over the district. Every such figure is
 * marked `estimate: true` and labelled "schatting".
 */
import type { Geometry } from 'geojson';
import { intersectionArea, isUsableGeometry, planarDistance, sanitisePolygon, unionAll, type PolygonCoords } from './planar.js';

/** The Dutch label for a figure obtained by areal weighting. */
export const ESTIMATE_LABEL = 'schatting';

/** Group statuses that count as covering when no option says otherwise. */
export const DEFAULT_ACTIVE_STATUSES: readonly string[] = ['actief'];

export interface CoverageDistrict {
  code: string;
  name: string;
  /** Polygon or MultiPolygon in RD New metres. */
  geometry: Geometry | null;
  dwellings?: number | null;
  inhabitants?: number | null;
}

export interface CoverageGroup {
  id: string;
  /** The group's area: Polygon or MultiPolygon in RD New metres. */
  geometry: Geometry | null;
  /** Register status, e.g. 'actief', 'slapend', 'opgeheven'. */
  status: string;
}

export interface GroupCoverageOptions {
  /** Statuses that count as covering (default `['actief']`). */
  activeStatuses?: readonly string[];
}

export interface EstimatedFigure {
  /** Total in the district (as delivered), or null when unknown. */
  total: number | null;
  /** Area-weighted number covered (total × covered share); null when the total or share is unknown. */
  covered: number | null;
  estimate: true;
  label: typeof ESTIMATE_LABEL;
}

export interface DistrictCoverage {
  code: string;
  name: string;
  /** District area, m² (0 when the geometry is unusable). */
  areaM2: number;
  /** Area covered by the union of counting groups, m². */
  coveredM2: number;
  /** coveredM2 / areaM2 in [0, 1]; null when the district has no usable area. */
  share: number | null;
  /** Counting groups that overlap the district. */
  groups: number;
  dwellings: EstimatedFigure;
  inhabitants: EstimatedFigure;
  problems: string[];
}

export interface GroupCoverageResult {
  districts: DistrictCoverage[];
  /** Groups left out, with the reason (unusable geometry); inactive groups are not listed. */
  skippedGroups: { id: string; reason: string }[];
}

/** The union of the counting groups' areas, with the groups that could not be used. */
export interface GroupUnion {
  coords: PolygonCoords;
  parts: { id: string; coords: PolygonCoords }[];
  skipped: { id: string; reason: string }[];
}

/** Unions the areas of the groups whose status counts (see `GroupCoverageOptions`). */
export function unionOfCountingGroups(groups: readonly CoverageGroup[], opts: GroupCoverageOptions = {}): GroupUnion {
  const active = new Set(opts.activeStatuses ?? DEFAULT_ACTIVE_STATUSES);
  const parts: { id: string; coords: PolygonCoords }[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const g of groups) {
    if (!active.has(g.status)) continue;
    const s = sanitisePolygon(g.geometry);
    if (s.ok) parts.push({ id: g.id, coords: s.coords });
    else skipped.push({ id: g.id, reason: s.problem });
  }
  const { coords, failed } = unionAll(parts.map((p) => p.coords));
  const failedSet = new Set(failed);
  for (const i of failed) skipped.push({ id: parts[i]!.id, reason: 'geometrie niet te verwerken' });
  return { coords, parts: parts.filter((_, i) => !failedSet.has(i)), skipped };
}

function clampShare(x: number): number {
  return Math.min(1, Math.max(0, x));
}

function estimated(total: number | null | undefined, share: number | null): EstimatedFigure {
  const t = typeof total === 'number' && Number.isFinite(total) && total >= 0 ? total : null;
  return { total: t, covered: t === null || share === null ? null : t * share, estimate: true, label: ESTIMATE_LABEL };
}

/**
 * Share of each district's area, dwellings and inhabitants covered by neighbourhood groups.
 * Only groups with a counting status (default 'actief') count; overlapping groups are unioned
 * first and never counted twice. Districts keep their input order.
 */
export function groupCoverageByDistrict(
  districts: readonly CoverageDistrict[],
  groups: readonly CoverageGroup[],
  opts: GroupCoverageOptions = {},
): GroupCoverageResult {
  const u = unionOfCountingGroups(groups, opts);
  const rows = districts.map((d): DistrictCoverage => {
    const problems: string[] = [];
    const s = sanitisePolygon(d.geometry);
    if (!s.ok) {
      problems.push(`wijkgeometrie: ${s.problem}`);
      return { code: d.code, name: d.name, areaM2: 0, coveredM2: 0, share: null, groups: 0, dwellings: estimated(d.dwellings, null), inhabitants: estimated(d.inhabitants, null), problems };
    }
    let covered = 0;
    try {
      covered = Math.min(s.area, intersectionArea(s.coords, u.coords));
    } catch {
      problems.push('overlap met groepen niet te berekenen');
      return { code: d.code, name: d.name, areaM2: s.area, coveredM2: 0, share: null, groups: 0, dwellings: estimated(d.dwellings, null), inhabitants: estimated(d.inhabitants, null), problems };
    }
    let overlapping = 0;
    for (const p of u.parts) {
      try {
        if (intersectionArea(s.coords, p.coords) > 0) overlapping++;
      } catch {
        /* a group the clipper cannot intersect with this district does not count as overlapping */
      }
    }
    const share = clampShare(covered / s.area);
    return { code: d.code, name: d.name, areaM2: s.area, coveredM2: covered, share, groups: overlapping, dwellings: estimated(d.dwellings, share), inhabitants: estimated(d.inhabitants, share), problems };
  });
  return { districts: rows, skippedGroups: u.skipped };
}

export type HotspotKind = 'gistar' | 'nearrepeat';

export interface CoverageHotspot {
  id: string;
  kind: HotspotKind;
  /** Polygon/MultiPolygon (a hot cell or a near-repeat zone) or a Point, RD New metres. */
  geometry: Geometry | null;
  burglaries: number;
}

export interface UncoveredHotspotOptions extends GroupCoverageOptions {
  /**
   * An area counts as covered when at least this share of it lies in a counting group
   * (default 0.5: a hot spot mostly outside every group is a gap). A point counts as covered
   * when it lies in or on a group. Must be in (0, 1].
   */
  minCoveredShare?: number;
}

export interface UncoveredHotspot {
  id: string;
  kind: HotspotKind;
  burglaries: number;
  /** Share of the hot spot's area inside counting groups (0 or 1 for a point). */
  coveredShare: number;
  rank: number;
}

export interface UncoveredHotspotResult {
  items: UncoveredHotspot[];
  /** Hot spots left out because their geometry is unusable. */
  skipped: { id: string; reason: string }[];
}

/**
 * Hot spots (Gi* hot cells, near-repeat zones) without a neighbourhood group: those whose covered
 * share is below `minCoveredShare` (default 0.5). Ranked by burglaries (descending), ties by kind
 * ('gistar' before 'nearrepeat') and then id, so the order is stable whatever the input order.
 */
export function uncoveredHotspots(
  items: readonly CoverageHotspot[],
  groups: readonly CoverageGroup[],
  opts: UncoveredHotspotOptions = {},
): UncoveredHotspotResult {
  const minShare = opts.minCoveredShare ?? 0.5;
  if (!(minShare > 0 && minShare <= 1)) throw new RangeError('minCoveredShare must be in (0, 1]');
  const u = unionOfCountingGroups(groups, opts);
  const skipped: { id: string; reason: string }[] = [];
  const out: Omit<UncoveredHotspot, 'rank'>[] = [];
  for (const item of items) {
    let coveredShare: number;
    const g = item.geometry;
    if (g && (g.type === 'Point' || g.type === 'MultiPoint')) {
      if (!isUsableGeometry(g)) { skipped.push({ id: item.id, reason: 'ongeldige coördinaten' }); continue; }
      coveredShare = u.coords.length > 0 && planarDistance(g, { type: 'MultiPolygon', coordinates: u.coords }) === 0 ? 1 : 0;
    } else {
      const s = sanitisePolygon(g);
      if (!s.ok) { skipped.push({ id: item.id, reason: s.problem }); continue; }
      try {
        coveredShare = clampShare(intersectionArea(s.coords, u.coords) / s.area);
      } catch {
        skipped.push({ id: item.id, reason: 'geometrie niet te verwerken' });
        continue;
      }
    }
    if (coveredShare < minShare) out.push({ id: item.id, kind: item.kind, burglaries: item.burglaries, coveredShare });
  }
  out.sort((a, b) => b.burglaries - a.burglaries || a.kind.localeCompare(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { items: out.map((x, i) => ({ ...x, rank: i + 1 })), skipped };
}
