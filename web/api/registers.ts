/**
 * Register import (POST /api/<register>/import): the file as multipart form data, a dry run or
 * the real import. Both 200 and 422 carry the per-row report (server/registers/import.ts), so
 * they resolve with it; any other error (401/403/413, an unreadable file) is thrown as ApiError.
 */
import { ApiError, authHooks, qs } from './client.js';
import { nl } from '../i18n/nl.js';

/** The answer of a register import (server/registers/import.ts RegisterImportResult, ingest/report.ts). */
export interface ImportReport {
  rows: number;
  accepted: number;
  rejected: { row: number; ref?: string; id?: string; field?: string; reason: string }[];
  rejectedCount: number;
  warnings: string[];
  register: string;
  dryRun: boolean;
  stored: boolean;
  imported: number;
  replacedDemo: number;
  format: string;
  crs: string;
}
export type ImportCrs = 'detect' | '28992' | '4326';

export async function importRegister(
  basePath: string,
  file: File,
  opts: { dryRun: boolean; crs: ImportCrs; makeValid: boolean },
  signal?: AbortSignal,
): Promise<ImportReport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = qs({ dryRun: opts.dryRun, crs: opts.crs === 'detect' ? undefined : opts.crs, makeValid: opts.makeValid || undefined });
  const headers = new Headers({ Accept: 'application/json' });
  if (authHooks.csrfToken) headers.set('X-CSRF-Token', authHooks.csrfToken);
  let res: Response;
  try {
    res = await fetch(`${basePath}/import${query}`, { method: 'POST', body: form, headers, signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, nl.errors.network, nl.errors.network);
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? ((await res.json()) as Record<string, unknown>) : null;
  if ((res.ok || res.status === 422) && body && Array.isArray(body.rejected)) return body as unknown as ImportReport;
  const p = (body ?? {}) as { title?: string; detail?: string; type?: string; errors?: { path: string; message: string }[] };
  const err = new ApiError(res.status, p.title ?? nl.errors.generic, p.detail ?? p.title ?? `${nl.errors.generic} (HTTP ${res.status})`, p.type, p.errors ?? []);
  if (res.status === 401) authHooks.onLoginRequired(err.detail);
  throw err;
}
