/**
 * The districts of one level (gemeente, stadsdelen, wijken, buurten, postcode areas) as an OGC
 * collection: paged and filtered in SQL on the RD geometry (server/db/queries/ogc-districts-*),
 * with the latest key figures and registered crimes as flat attributes (GIS clients show one
 * column per attribute; nested objects would arrive as JSON text).
 */
import { assertCan, type Caller } from '../auth/caller.js';
import { FIGURE_KEYS, type DistrictLevel } from '../contract/districts.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { groupByCode, latestFigures, type FigureRow } from '../domain/figures.js';
import { clipToNetherlands, DECIMALS, SRID, type ItemsQuery, type OgcCollection, type OgcFeature } from './collection.js';

interface Row {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  simplified: boolean;
  geometry: string | null;
  area_ha: number | null;
}
interface CrimeRow {
  code: string;
  year: number;
  misdrijven: number;
}

/** Parameters $1..$6 of _ogc-district-filter.sql. */
function filterParams(level: DistrictLevel, q: Pick<ItemsQuery, 'bbox'>): unknown[] {
  const b = q.bbox;
  return [level, b?.coords[0] ?? null, b?.coords[1] ?? null, b?.coords[2] ?? null, b?.coords[3] ?? null, b ? SRID[b.crs] : 28992];
}

async function toFeatures(db: Db, rows: Row[]): Promise<OgcFeature[]> {
  if (rows.length === 0) return [];
  const codes = rows.map((r) => r.code);
  const [figures, crimes] = await Promise.all([db.query<FigureRow>(sql('figures-for-codes'), [codes]), db.query<CrimeRow>(sql('crimes-for-codes'), [codes])]);
  const figuresBy = groupByCode(figures);
  const crimesBy = groupByCode(crimes);
  return rows.map((r) => {
    const props: Record<string, unknown> = {
      code: r.code,
      naam: r.name,
      niveau: r.level,
      bovenliggend: r.parent_code,
      vereenvoudigd: Boolean(r.simplified),
      oppervlakte_ha: r.area_ha === null ? null : Math.round(Number(r.area_ha) * 10) / 10,
    };
    const latest = latestFigures(figuresBy.get(r.code) ?? []);
    for (const k of FIGURE_KEYS) {
      props[k] = latest[k]?.value ?? null;
      props[`${k}_jaar`] = latest[k]?.year ?? null;
    }
    const lastCrimes = (crimesBy.get(r.code) ?? []).reduce<CrimeRow | null>((a, c) => (!a || Number(c.year) > Number(a.year) ? c : a), null);
    props.misdrijven = lastCrimes ? Number(lastCrimes.misdrijven) : null;
    props.misdrijven_jaar = lastCrimes ? Number(lastCrimes.year) : null;
    return { id: r.code, geometry: r.geometry ? (JSON.parse(r.geometry) as OgcFeature['geometry']) : null, properties: props };
  });
}

export function districtCollection(id: string, level: DistrictLevel, title: string, description: string): OgcCollection {
  return {
    id,
    title,
    description: `${description} Kenmerken: code, naam, bovenliggend gebied, oppervlakte en de laatst bekende CBS-kerncijfers en geregistreerde misdrijven (met jaar). Bron: CBS/PDOK en Politie, CC-BY 4.0.`,
    permission: 'aggregates:read',
    geometryType: 'MultiPolygon',
    async extent(caller: Caller, db: Db) {
      assertCan(caller, 'aggregates:read');
      const [r] = await db.query<{ min_x: number | null; min_y: number; max_x: number; max_y: number }>(sql('ogc-districts-extent'), [level]);
      return { bbox: r && r.min_x !== null ? [Number(r.min_x), Number(r.min_y), Number(r.max_x), Number(r.max_y)] : null };
    },
    async items(caller: Caller, db: Db, q: ItemsQuery) {
      assertCan(caller, 'aggregates:read');
      const bbox = q.bbox ? clipToNetherlands(q.bbox) : null;
      if (q.bbox && !bbox) return { features: [], numberMatched: 0 };
      const f = filterParams(level, { bbox });
      const [rows, [count]] = await Promise.all([
        db.query<Row>(sql('ogc-districts-items'), [...f, SRID[q.crs], DECIMALS[q.crs], q.limit, q.offset]),
        db.query<{ n: number }>(sql('ogc-districts-count'), f),
      ]);
      return { features: await toFeatures(db, rows), numberMatched: Number(count?.n ?? 0) };
    },
    async item(caller: Caller, db: Db, code: string, q) {
      assertCan(caller, 'aggregates:read');
      const rows = await db.query<Row>(sql('ogc-district-item'), [level, code, SRID[q.crs], DECIMALS[q.crs]]);
      return (await toFeatures(db, rows))[0] ?? null;
    },
  };
}
