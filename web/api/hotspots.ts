/**
 * Typed client for the incident and hotspot endpoints (issue 3). Types come from the server's
 * zod contracts (type-only imports). GET responses are cached per URL (shared by the layers and
 * the panel, so the Gi* layer and its legend make one request); `invalidateHotspotCache()` after
 * an import.
 */
import type { IncidentCollection, IncidentSummary, ImportReport } from '../../server/contract/incidents.js';
import type { GridCollection, HotTimesResponse, KdeCollection, RatesResponse } from '../../server/contract/hotspots.js';
import { apiFetch, qs } from './client.js';

export type { IncidentCollection, IncidentSummary, ImportReport, GridCollection, HotTimesResponse, KdeCollection, RatesResponse };

export const INCIDENT_KINDS = ['woninginbraak', 'poging_woninginbraak', 'straatroof', 'overval', 'geweld'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const DEFAULT_KINDS: readonly IncidentKind[] = ['woninginbraak', 'poging_woninginbraak'];
/** Manual Gi* cell sizes offered besides "auto" (the server accepts any multiple of 50 up to 1000). */
export const CELL_SIZES = [100, 150, 200, 250, 300, 500] as const;
export type CellSize = (typeof CELL_SIZES)[number];
/** A Gi* cell size or band: a number of metres, or 'auto' (chosen by the optimized analysis). */
export type Auto = 'auto';
export type RateLevel = 'wijk' | 'stadsdeel' | 'postcode';

/** The filters every incident/hotspot endpoint takes (dates inclusive, YYYY-MM-DD). */
export interface IncidentQuery {
  from: string;
  to: string;
  kinds: readonly IncidentKind[];
  district?: string | null;
}

/** A grid cell selection: RD south-west corner and size in metres. */
export interface CellRef {
  x: number;
  y: number;
  size: number;
}

function filterParams(q: IncidentQuery) {
  return { from: q.from, to: q.to, kinds: [...q.kinds], district: q.district ?? undefined };
}

const cache = new Map<string, Promise<unknown>>();
const MAX_CACHE = 120;

/** GET with a per-URL promise cache; failed requests are not kept. */
function cachedGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    // Not bound to the caller's signal: another consumer may share the request.
    p = apiFetch<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
    if (cache.size > MAX_CACHE) cache.delete(cache.keys().next().value!);
  }
  if (!signal) return p;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** Forget all cached incident/hotspot responses (after an import). */
export function invalidateHotspotCache(): void {
  cache.clear();
}

export const hotspotsApi = {
  summary: (signal?: AbortSignal) => apiFetch<IncidentSummary>('/api/incidents/summary', { signal }),
  incidents: (q: IncidentQuery, signal?: AbortSignal) => cachedGet<IncidentCollection>(`/api/incidents${qs(filterParams(q))}`, signal),
  grid: (q: IncidentQuery & { cell: CellSize | Auto; band: number | Auto; fdr: boolean }, signal?: AbortSignal) =>
    cachedGet<GridCollection>(`/api/hotspots/grid${qs({ ...filterParams(q), cell: q.cell, band: q.band, fdr: q.fdr })}`, signal),
  kde: (q: IncidentQuery & { bandwidth?: number; cell?: number }, signal?: AbortSignal) =>
    cachedGet<KdeCollection>(`/api/hotspots/kde${qs({ ...filterParams(q), bandwidth: q.bandwidth, cell: q.cell })}`, signal),
  rates: (q: IncidentQuery & { level: RateLevel }, signal?: AbortSignal) =>
    cachedGet<RatesResponse>(`/api/hotspots/rates${qs({ ...filterParams(q), level: q.level })}`, signal),
  hotTimes: (q: IncidentQuery & { cell?: CellRef | null }, signal?: AbortSignal) =>
    cachedGet<HotTimesResponse>(
      `/api/hotspots/hot-times${qs({ ...filterParams(q), cell: q.cell ? `${q.cell.x},${q.cell.y},${q.cell.size}` : undefined })}`,
      signal,
    ),
  hotTimesArea: (q: IncidentQuery & { area: GeoJSON.Polygon | GeoJSON.MultiPolygon }, signal?: AbortSignal) =>
    apiFetch<HotTimesResponse>('/api/hotspots/hot-times', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...filterParams(q), kinds: [...q.kinds], area: q.area }),
      signal,
    }),
  /** Upload an incident file (CSV or GeoJSON); `dryRun` only checks it. */
  importFile: (file: File, dryRun: boolean, signal?: AbortSignal) =>
    apiFetch<ImportReport>(`/api/incidents/import${qs({ dryRun, name: file.name })}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': importContentType(file) },
      body: file,
      signal,
    }),
};

/** The Content-Type to send for an incident file: by extension, then by the browser's guess. */
export function importContentType(file: { name: string; type: string }): string {
  if (/\.(geo)?json$/i.test(file.name)) return 'application/geo+json';
  if (/\.(csv|txt)$/i.test(file.name)) return 'text/csv';
  if (file.type.includes('json')) return 'application/geo+json';
  return 'text/csv';
}

/** Parses a `cell=x,y,size` URL value; null when malformed. */
export function parseCellRef(s: string | undefined | null): CellRef | null {
  if (!s) return null;
  const m = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const [x, y, size] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!(size > 0 && size <= 10_000)) return null;
  return { x, y, size };
}

export function formatCellRef(c: CellRef): string {
  return `${c.x},${c.y},${c.size}`;
}
