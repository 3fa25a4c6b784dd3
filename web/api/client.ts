/**
 * Typed access to the Veiligheidskaart API. Types come from the server's zod contract (type-only
 * imports, so no server code reaches the bundle). Errors arrive as application/problem+json and
 * become ApiError with the Dutch `detail` for the UI.
 */
import type { DistrictCollection, DistrictDetail, DistrictLevel } from '../../server/contract/districts.js';
import type { Meta } from '../../server/contract/meta.js';
import { nl } from '../i18n/nl.js';

export type { DistrictCollection, DistrictDetail, DistrictLevel, Meta };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title);
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit & { signal?: AbortSignal }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, ...init });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, nl.errors.network, nl.errors.network);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    if (type.includes('json')) {
      const p = (await res.json()) as { title?: string; detail?: string };
      throw new ApiError(res.status, p.title ?? nl.errors.generic, p.detail ?? p.title ?? nl.errors.generic);
    }
    throw new ApiError(res.status, nl.errors.generic, `${nl.errors.generic} (HTTP ${res.status})`);
  }
  if (type.includes('json')) return (await res.json()) as T;
  return (await res.text()) as T;
}

/** Query string from an object, leaving out undefined/empty values. */
export function qs(params: Record<string, string | number | boolean | undefined | null | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    u.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const api = {
  meta: (signal?: AbortSignal) => apiFetch<Meta>('/api/meta', { signal }),
  districts: (level: DistrictLevel, signal?: AbortSignal) => apiFetch<DistrictCollection>(`/api/districts${qs({ level })}`, { signal }),
  district: (code: string, signal?: AbortSignal) => apiFetch<DistrictDetail>(`/api/districts/${encodeURIComponent(code)}`, { signal }),
};
