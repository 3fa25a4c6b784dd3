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

let clusterSeq = 0;

/**
 * One import batch of 20 clusters of 3 burglaries, a clear near repeat in 1-100 m x 0-7 days:
 * the clusters lie 800 m apart on a 5 x 4 grid from `origin` (RD New), 18 days apart from
 * 1 January 2024; a cluster's burglaries 20 m and 2 days apart, each ending at 13:00 local.
 * `clear` first deletes every incident, batch and Knox run. Returns the batch id.
 */
export async function insertClusteredBatch(
  db: Db,
  opts: { demo: boolean; idPrefix: string; origin: [x: number, y: number]; clear?: boolean },
): Promise<number> {
  const { demo, idPrefix, origin: [x0, y0] } = opts;
  if (opts.clear) await db.exec('DELETE FROM incident; DELETE FROM import_batch; DELETE FROM knox_run;');
  const [batch] = await db.query<{ id: number }>(
    'INSERT INTO import_batch (source, format, is_demo) VALUES ($1, $2, $3) RETURNING id::int AS id',
    [demo ? 'demo' : `${idPrefix.toLowerCase()}-clusters.csv`, demo ? 'demo' : 'csv', demo],
  );
  for (let k = 0; k < 20; k++) {
    const x = x0 + (k % 5) * 800;
    const y = y0 + Math.floor(k / 5) * 800;
    const day = Date.parse('2024-01-01T12:00:00Z') + k * 18 * 86_400_000;
    for (let j = 0; j < 3; j++) {
      const to = new Date(day + j * 2 * 86_400_000);
      await db.query(
        `INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom, is_demo)
         VALUES ($1, $2, 'woninginbraak', $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 28992), $7)`,
        [`${idPrefix}-${++clusterSeq}`, batch!.id, new Date(to.getTime() - 4 * 3_600_000).toISOString(), to.toISOString(), x + j * 20, y + j * 10, demo],
      );
    }
  }
  return batch!.id;
}
