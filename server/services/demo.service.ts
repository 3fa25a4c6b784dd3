/**
 * Demo seeding: when demo mode is on and the database has never held real incidents, store a
 * seeded set of fictitious incidents (server/demo/incidents.ts) as one demo batch, so the map,
 * hot spots and hot times have something to show. A real import replaces them.
 */
import type { Config } from '../config.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { generateDemoIncidents, type DemoWijk, type RdPolygonGeometry } from '../demo/incidents.js';
import { amsterdamParts, amsterdamToUtc } from '../domain/incidents/time.js';
import { storeBatch } from './incident-import.service.js';

/** Fixed seed: every installation shows the same demo data for the same reference date. */
export const DEMO_SEED = 20200200;

export interface DemoSeedResult {
  seeded: boolean;
  count: number;
  batchId: number | null;
  reason?: 'disabled' | 'has-data' | 'no-wijken';
}

/** Wijken with shapes (RD New) and latest dwellings/inhabitants from the database. */
export async function demoWijkenFromDb(db: Db): Promise<DemoWijk[]> {
  const rows = await db.query<{ code: string; name: string; geometry: string; woningen: number | null; inwoners: number | null }>(
    sql('incidents-demo-wijken'),
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    woningen: Number(r.woningen ?? 0),
    inwoners: Number(r.inwoners ?? 0),
    // ST_AsGeoJSON of the stored RD geometry: already (x, y) metres, as the generator expects.
    geometry: JSON.parse(r.geometry) as RdPolygonGeometry,
  }));
}

/** True when the incident table holds anything or a real batch was ever imported. */
async function hasData(db: Db): Promise<boolean> {
  const [state] = await db.query<{ has_incidents: boolean; has_real_batches: boolean }>(sql('incidents-demo-state'));
  return Boolean(state?.has_incidents) || Boolean(state?.has_real_batches);
}

/**
 * Seeds demo incidents for 1 January three years before `now` up to `now` (Amsterdam time),
 * when `config.demo` is on, the incident table is empty and no real batch was ever imported.
 */
export async function ensureDemoIncidents(db: Db, config: Pick<Config, 'demo'>, now: Date = new Date()): Promise<DemoSeedResult> {
  if (!config.demo) return { seeded: false, count: 0, batchId: null, reason: 'disabled' };
  if (await hasData(db)) return { seeded: false, count: 0, batchId: null, reason: 'has-data' };
  const wijken = await demoWijkenFromDb(db);
  if (wijken.length === 0) return { seeded: false, count: 0, batchId: null, reason: 'no-wijken' };
  const from = amsterdamToUtc(amsterdamParts(now).year - 3, 1, 1);
  const result = generateDemoIncidents({ wijken, from, to: now, seed: DEMO_SEED });
  const rows = result.incidents.map(({ sourceId, kind, from: f, to, x, y, modusOperandi, targetType }) => ({
    sourceId,
    kind,
    from: f,
    to,
    x,
    y,
    ...(modusOperandi !== undefined ? { modusOperandi } : {}),
    ...(targetType !== undefined ? { targetType } : {}),
  }));
  const stored = await db.transaction(async (tx) => {
    // Re-check inside the transaction: another process may have seeded or imported meanwhile.
    if (await hasData(tx)) return null;
    return storeBatch(
      tx,
      {
        source: 'demo',
        format: 'demo',
        demo: true,
        total: rows.length,
        rejected: 0,
        parameters: { generator: 'server/demo/incidents.ts', ...result.parameters, hotspots: result.hotspots },
      },
      rows,
    );
  });
  if (!stored) return { seeded: false, count: 0, batchId: null, reason: 'has-data' };
  return { seeded: true, count: stored.imported, batchId: stored.batchId };
}
