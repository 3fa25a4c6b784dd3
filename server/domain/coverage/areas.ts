/**
 * Which neighbourhood groups cover an area (a near-repeat zone, a hot spot cell): the share of
 * the area inside the union of the counting groups (planar, RD New m²; the same union and the
 * same threshold as `uncoveredHotspots`, so a zone card and the gap list always agree), and the
 * counting groups that overlap it, largest overlap first.
 */
import type { Geometry } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { bboxOf, intersectionArea, sanitisePolygon } from './planar.js';
import { unionOfCountingGroups, type CoverageGroup, type UncoveredHotspotOptions } from './groups.js';

export interface AreaCoverage {
  /** Share of the area inside counting groups, in [0, 1]; null when the area is unusable. */
  coveredShare: number | null;
  /** coveredShare >= minCoveredShare (default 0.5); null when unknown. */
  covered: boolean | null;
  /** Counting groups that overlap the area, largest overlap first (ties by id). */
  groupIds: string[];
}

/**
 * Coverage of each area by the counting groups (default status 'actief'), keyed by the area's id.
 * An area with an unusable geometry gets `covered: null` (unknown), never a guess.
 */
export function coverageOfAreas(
  areas: readonly { id: string; geometry: Geometry | null }[],
  groups: readonly CoverageGroup[],
  opts: UncoveredHotspotOptions = {},
): Map<string, AreaCoverage> {
  const minShare = opts.minCoveredShare ?? 0.5;
  if (!(minShare > 0 && minShare <= 1)) throw new RangeError('minCoveredShare must be in (0, 1]');
  const u = unionOfCountingGroups(groups, opts);
  const out = new Map<string, AreaCoverage>();
  for (const a of areas) {
    const s = sanitisePolygon(a.geometry);
    if (!s.ok) {
      out.set(a.id, { coveredShare: null, covered: null, groupIds: [] });
      continue;
    }
    try {
      const share = Math.min(1, Math.max(0, intersectionArea(s.coords, u.coords) / s.area));
      const overlaps: { id: string; m2: number }[] = [];
      for (const p of u.parts) {
        const m2 = intersectionArea(s.coords, p.coords);
        if (m2 > 0) overlaps.push({ id: p.id, m2 });
      }
      overlaps.sort((x, y) => y.m2 - x.m2 || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      out.set(a.id, { coveredShare: share, covered: share >= minShare, groupIds: overlaps.map((o) => o.id) });
    } catch {
      out.set(a.id, { coveredShare: null, covered: null, groupIds: [] });
    }
  }
  return out;
}

/**
 * The district holding an area: the one containing the centre of the area's bounding box (the
 * first in input order on a shared border); null when none does or the area is unusable.
 */
export function placeOf<D extends { geometry: Geometry | null }>(area: Geometry | null, districts: readonly D[]): D | null {
  const s = sanitisePolygon(area);
  if (!s.ok) return null;
  const [x0, y0, x1, y1] = bboxOf(s.coords);
  const centre = [(x0 + x1) / 2, (y0 + y1) / 2];
  for (const d of districts) {
    const g = sanitisePolygon(d.geometry);
    if (!g.ok) continue;
    try {
      if (booleanPointInPolygon(centre, { type: 'MultiPolygon', coordinates: g.coords })) return d;
    } catch {
      /* an unusable district geometry holds nothing */
    }
  }
  return null;
}
