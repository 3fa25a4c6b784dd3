import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { Dataset, Health, Meta } from '../contract/meta.js';
import { describeError } from '../db/errors.js';
import type { Config } from '../config.js';

/** Whether the database answers: `status` 'unavailable' (the route answers 503) when it does not. */
export async function health(db: Db): Promise<Health> {
  try {
    const [row] = await db.query<{ postgis: string; migrations: number }>(
      'SELECT postgis_lib_version() AS postgis, (SELECT count(*)::int FROM schema_migrations) AS migrations',
    );
    return { status: 'ok', database: 'ok', engine: db.kind, postgis: row!.postgis, migrations: Number(row!.migrations) };
  } catch (err) {
    console.error(`Gezondheidscontrole: database antwoordt niet: ${describeError(err).split('\n')[0]}`);
    return { status: 'unavailable', database: 'unavailable', engine: db.kind, detail: 'De database antwoordt niet. Probeer het over enkele seconden opnieuw; blijft dit zo, meld het dan bij de beheerder.' };
  }
}

export async function listDatasets(db: Db): Promise<Dataset[]> {
  const rows = await db.query<Record<string, unknown>>(sql('datasets'));
  return rows.map((r) => ({
    key: String(r.key),
    title: String(r.title),
    source: String(r.source),
    licence: String(r.licence),
    attribution: String(r.attribution),
    isDemo: Boolean(r.is_demo),
    simplified: Boolean(r.simplified),
    featureCount: r.feature_count === null ? null : Number(r.feature_count),
    loadedAt: new Date(r.loaded_at as string).toISOString(),
  }));
}

export async function meta(db: Db, config: Config): Promise<Meta> {
  const [gm] = await db.query<{ code: string; name: string; bbox: string }>(sql('municipality-bbox'));
  const bbox = gm ? (JSON.parse(gm.bbox) as { coordinates: number[][][] }).coordinates[0]! : [[5.7, 52.0], [6.1, 52.3]];
  const xs = bbox.map((p) => p[0]!);
  const ys = bbox.map((p) => p[1]!);
  return {
    municipality: { code: gm?.code ?? '', name: gm?.name ?? '' },
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    basemap: { default: config.basemap, pdokUrl: config.pdokTileUrl },
    datasets: await listDatasets(db),
  };
}
