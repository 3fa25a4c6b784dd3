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
    /** The problem's stable type URI (e.g. /problems/login-vereist). */
    readonly type: string = 'about:blank',
    /** Field errors of a 400/422. */
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(detail || title);
  }
}

/**
 * Auth hooks set by web/state/session.svelte.ts (kept here as plain variables, so the client has
 * no import of the state): the session's CSRF token, sent as X-CSRF-Token on every
 * state-changing request, and what to do when a 401 asks for a login.
 */
export const authHooks: { csrfToken: string | null; onLoginRequired: (detail: string) => void } = {
  csrfToken: null,
  onLoginRequired: () => undefined,
};

/** The one error text for the UI: the server's Dutch detail, with field errors of a 400/422. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.errors.length && !err.detail.includes(err.errors[0]!.message) ? ` (${err.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
    return (err.detail || err.title) + fields;
  }
  return err instanceof Error ? err.message : String(err);
}

/** What a form shows of an error: one message, and the field errors of a 400/409/422 by field. */
export interface ErrorView {
  message: string;
  /** Field name (the first segment of the error's path) -> message, for the fields the form has. */
  fields: Record<string, string>;
}

/**
 * The one error handler of a form: field errors whose path names one of `fieldNames` go next to
 * that field (the message then says to check them, plus any other field errors); everything else
 * is `errorMessage`. A 401 has already asked for a login in apiFetch.
 */
export function describeError(err: unknown, fieldNames: readonly string[] = []): ErrorView {
  const fields: Record<string, string> = {};
  if (err instanceof ApiError && err.errors.length && fieldNames.length) {
    const rest: string[] = [];
    for (const e of err.errors) {
      const key = e.path.split('.')[0]!;
      if (fieldNames.includes(key)) fields[key] ??= e.message;
      else rest.push(`${e.path}: ${e.message}`);
    }
    if (Object.keys(fields).length) return { message: [nl.errors.checkFields, ...rest].join(' '), fields };
  }
  return { message: errorMessage(err), fields };
}

export async function apiFetch<T>(path: string, init?: RequestInit & { signal?: AbortSignal }): Promise<T> {
  let res: Response;
  const headers = new Headers(init?.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const method = (init?.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD' && authHooks.csrfToken) headers.set('X-CSRF-Token', authHooks.csrfToken);
  try {
    res = await fetch(path, { ...init, headers });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, nl.errors.network, nl.errors.network);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    if (type.includes('json')) {
      const p = (await res.json()) as { title?: string; detail?: string; type?: string; errors?: { path: string; message: string }[] };
      const err = new ApiError(res.status, p.title ?? nl.errors.generic, p.detail ?? p.title ?? nl.errors.generic, p.type, p.errors ?? []);
      if (res.status === 401 && p.type !== '/problems/inloggen-mislukt') authHooks.onLoginRequired(err.detail);
      throw err;
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
