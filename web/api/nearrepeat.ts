/**
 * Typed client of the near-repeat API (issue 4): live zones for a reference date, the
 * notification letter of a zone, and Knox test jobs (start, poll, latest).
 * Shapes mirror server/contract/nearrepeat.ts (kept structural here so the web bundle has no
 * server imports); errors arrive as ApiError with the Dutch problem+json detail.
 */
import { apiFetch, ApiError, qs } from './client.js';

export type DistanceMethod = 'euclidean' | 'manhattan';

export interface ZoneMember {
  id: number;
  sourceId: string;
  kind: string;
  from: string;
  to: string;
  daysLeft: number;
  expiresAt: string;
}

export interface ZoneProperties {
  /** The smallest incident id in the zone. */
  id: number;
  members: ZoneMember[];
  daysLeft: number;
  expiresAt: string;
  areaM2: number;
  dwellings: number | null;
  inhabitants: number | null;
  /** How dwellings/inhabitants were estimated, e.g. 'area-weighted-wijk'. */
  method: string | null;
  /** Active WhatsApp groups cover at least half of the zone; null: cannot be determined. */
  whatsappCovered: boolean | null;
  /** Active groups overlapping the zone, largest overlap first. */
  whatsappGroups?: { id: number; name: string }[];
  wijken?: { code: string; name: string; areaM2: number }[];
}

export type ZoneFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, ZoneProperties>;

export interface BurglaryProperties {
  id: number;
  sourceId: string;
  kind: string;
  from: string;
  to: string;
  active: boolean;
  daysLeft: number | null;
  expiresAt?: string;
  /** Earlier burglaries whose risk window this one fell in (the ones that "explain" it). */
  originatorIds: number[];
  explainsIds?: number[];
  isDemo?: boolean;
}

export type BurglaryFeature = GeoJSON.Feature<GeoJSON.Point, BurglaryProperties>;

export interface ZonesMeta {
  date: string;
  radius: number;
  days: number;
  source: 'knox' | 'default';
  activeCount: number;
  /** The default window (used when radius/days are not given). */
  defaults?: { radius: number; days: number };
  kinds?: string[];
  referenceTime?: string;
  /** The stored Knox run the defaults come from (null when none). */
  knoxRunId?: number | null;
  /** The latest Knox run was computed on other incident data: it no longer sets the defaults. */
  knoxStale?: boolean;
  /** Some of the burglaries are demo incidents. */
  demo?: boolean;
}

export interface ZonesResponse {
  meta: ZonesMeta;
  zones: { type: 'FeatureCollection'; features: ZoneFeature[] };
  burglaries: { type: 'FeatureCollection'; features: BurglaryFeature[] };
}

export interface ZoneParams {
  date: string;
  radius?: number | undefined;
  days?: number | undefined;
  kinds?: string[] | undefined;
}

export interface NrcBands {
  spatialBandwidth: number;
  spatialBands: number;
  temporalBandwidth: number;
  temporalBands: number;
}

export interface KnoxRequest {
  from?: string;
  to?: string;
  kinds?: string[];
  distance: DistanceMethod;
  permutations: number;
  seed: number;
  spatialBreaks?: (number | 'Inf')[];
  temporalBreaks?: (number | 'Inf')[];
  nrc?: NrcBands;
}

export interface KnoxResult {
  spatialBands: string[];
  temporalBands: string[];
  observed: number[][];
  simulatedMean: number[][];
  simulatedMedian: number[][];
  knoxRatio: (number | null)[][];
  pValue: number[][];
  permutations: number;
  seed: number;
  distance: DistanceMethod;
  events: number;
  summary: string;
  summaryLines?: string[];
  window: { radiusMetres: number; days: number } | null;
  note?: string | null;
  significant?: boolean[][];
  mode?: 'breaks' | 'nrc';
  runId?: number;
  createdAt?: string;
  params?: { from: string | null; to: string | null; kinds: string[] };
  /** Computed on demo incidents. */
  demo?: boolean;
  /** The incident data changed since this run: out of date, no longer the zones' default. */
  stale?: boolean;
  staleReason?: string | null;
}

export interface KnoxJob {
  jobId?: string;
  status: 'running' | 'done' | 'failed';
  progress: number;
  result?: KnoxResult;
  error?: string;
}

function zoneQuery(p: ZoneParams) {
  return qs({ date: p.date, radius: p.radius, days: p.days, kinds: p.kinds });
}

export const nearRepeatApi = {
  zones: (p: ZoneParams, signal?: AbortSignal) => apiFetch<ZonesResponse>(`/api/nearrepeat/zones${zoneQuery(p)}`, { signal }),
  letter: (zoneId: number | string, p: ZoneParams, signal?: AbortSignal) =>
    apiFetch<string>(`/api/nearrepeat/zones/${encodeURIComponent(String(zoneId))}/letter${zoneQuery(p)}`, {
      signal,
      headers: { Accept: 'text/plain, application/problem+json' },
    }),
  startKnox: (body: KnoxRequest, signal?: AbortSignal) =>
    apiFetch<{ jobId: string }>('/api/nearrepeat/knox', {
      method: 'POST',
      signal,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  knoxJob: (jobId: string, signal?: AbortSignal) => apiFetch<KnoxJob>(`/api/nearrepeat/knox/${encodeURIComponent(jobId)}`, { signal }),
  /** The latest stored Knox run, or null when there is none yet (404). */
  latestKnox: async (signal?: AbortSignal): Promise<KnoxResult | null> => {
    try {
      const r = await apiFetch<KnoxResult | KnoxJob | null>('/api/nearrepeat/knox/latest', { signal });
      if (!r) return null;
      if ('observed' in r) return r;
      return r.result ?? null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  },
};
