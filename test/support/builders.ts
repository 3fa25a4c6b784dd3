/**
 * Small builders per entity, so that every test sets up the state it needs (as immich's test
 * factories do) instead of relying on a test that ran before it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { Db } from '../../server/db/db.js';
import { ImportReportSchema, type ImportReport } from '../../server/contract/incidents.js';

export const incidentFixture = (name: string) => fileURLToPath(new URL(`../fixtures/incidents-api/${name}`, import.meta.url));
/** The police export: 11 rows, 6 valid (wijk Centrum, Zuid, ...), 5 rejected. */
export const POLITIE_CSV = readFileSync(incidentFixture('politie-export.csv'), 'utf8');
/** Two WGS84 incidents on 1 May 2024 (GJ-1, GJ-2). */
export const INCIDENTS_GEOJSON = readFileSync(incidentFixture('incidenten.geojson'), 'utf8');

/** No incidents, import batches or Knox runs: the state of a new installation with demo mode off. */
export async function noIncidents(db: Db): Promise<void> {
  await db.query('TRUNCATE incident, import_batch, knox_run RESTART IDENTITY CASCADE');
}

type AppLike = Pick<Hono, 'request'>;

/** Imports a file through the API (as the web app does) and returns its report. */
export async function importIncidents(app: AppLike, body: string, opts: { name?: string; type?: string; dryRun?: boolean } = {}): Promise<ImportReport> {
  const q = new URLSearchParams();
  if (opts.name) q.set('name', opts.name);
  if (opts.dryRun) q.set('dryRun', 'true');
  const res = await app.request(`/api/incidents/import?${q}`, { method: 'POST', body, headers: { 'Content-Type': opts.type ?? 'text/csv' } });
  if (res.status !== 200) throw new Error(`import failed: ${res.status} ${await res.text()}`);
  return ImportReportSchema.parse(await res.json());
}

/** The police export (6 incidents) and the GeoJSON file (2), as two batches. */
export async function policeAndGeojsonIncidents(app: AppLike): Promise<{ csv: ImportReport; geojson: ImportReport }> {
  const csv = await importIncidents(app, POLITIE_CSV, { name: 'politie-export.csv' });
  const geojson = await importIncidents(app, INCIDENTS_GEOJSON, { name: 'incidenten.geojson', type: 'application/geo+json' });
  return { csv, geojson };
}
