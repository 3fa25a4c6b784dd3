/**
 * The WhatsApp-group coverage (GET /api/coverage/groups), shared by the V&R panel and the gaps
 * layer: one Resource, reloaded when the groups register changes (a group created, edited or
 * deleted anywhere), and a request to fly the map to a gap.
 */
import { untrack } from 'svelte';
import { Resource } from '../api/resource.svelte.js';
import { registers } from './registers.svelte.js';

export const COVERAGE_LEVELS = ['wijk', 'buurt', 'stadsdeel'] as const;
export type CoverageLevel = (typeof COVERAGE_LEVELS)[number];

export interface Estimate {
  total: number | null;
  covered: number | null;
  estimate: true;
  label: string;
}
export interface DistrictCoverage {
  code: string;
  name: string;
  share: number | null;
  groups: number;
  dwellings: Estimate;
  inhabitants: Estimate;
  problems: string[];
}
export interface Gap {
  id: string;
  kind: 'gistar' | 'nearrepeat';
  burglaries: number;
  /** A small count hidden for privacy (ranked as 0). */
  burglariesSuppressed: boolean;
  coveredShare: number;
  rank: number;
  place: string | null;
  geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon | null;
}
export interface GroupCoverage {
  level: string;
  districts: DistrictCoverage[];
  uncoveredHotspots: Gap[];
  nearRepeatZones: boolean;
  note?: string;
  hotspotCellSize: number;
}

export const coverage = new Resource<GroupCoverage>();
export const coveragePath = (level: CoverageLevel) => `/api/coverage/groups?level=${level}`;

let seenGroups: unknown = null;

/** Loads the coverage of a level now (also when loaded: the figures may have changed). */
export function loadCoverage(level: CoverageLevel): void {
  // Untracked: an effect calling this reruns on its level only, not on the register's data.
  untrack(() => {
    seenGroups = registers.groups.data;
    void coverage.load(coveragePath(level));
  });
}

/** Loads the coverage once (wijk unless a level was loaded before). */
export function ensureCoverage(): void {
  if (!untrack(() => coverage.path)) loadCoverage('wijk');
}

/** Call from an effect with the groups register's data: a changed register reloads the coverage. */
export function followGroups(data: unknown): void {
  untrack(() => {
    if (data && seenGroups && data !== seenGroups && coverage.path) void coverage.reload();
    if (data) seenGroups = data;
  });
}

/** A request from the panel to fly the map to a gap (`n` makes a repeated request new). */
export const gapFocus = $state<{ request: { id: string; n: number } | null }>({ request: null });
let count = 0;
export function focusGap(id: string): void {
  gapFocus.request = { id, n: ++count };
}
