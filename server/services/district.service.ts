/** Districts: named queries + figure selection -> contract responses. */
import { assertCan, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { DistrictCollection, DistrictDetail, DistrictLevel, DistrictProperties } from '../contract/districts.js';
import { groupByCode, latestFigures, type FigureRow } from '../domain/figures.js';
import { NotFoundError } from '../errors.js';

interface DistrictRow {
  code: string;
  level: DistrictLevel;
  name: string;
  parent_code: string | null;
  simplified: boolean;
  geometry: string | null;
  area_ha: number | null;
  parent_name?: string | null;
}
interface CrimeRow {
  code: string;
  year: number;
  misdrijven: number;
  derived: boolean;
}

async function figuresAndCrimes(db: Db, codes: string[]) {
  const [figures, crimes] = await Promise.all([
    db.query<FigureRow>(sql('figures-for-codes'), [codes]),
    db.query<CrimeRow>(sql('crimes-for-codes'), [codes]),
  ]);
  return { figures: groupByCode(figures), crimes: groupByCode(crimes) };
}

function properties(
  r: Pick<DistrictRow, 'code' | 'name' | 'level' | 'parent_code'> & { has_geometry: boolean },
  f: { figures: Map<string, FigureRow[]>; crimes: Map<string, CrimeRow[]> },
) {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parent_code,
    hasGeometry: r.has_geometry,
    figures: latestFigures(f.figures.get(r.code) ?? []),
    crimes: (f.crimes.get(r.code) ?? []).map((c) => ({ year: Number(c.year), misdrijven: Number(c.misdrijven), derived: Boolean(c.derived) })),
  };
}

function fullProperties(r: DistrictRow, f: Parameters<typeof properties>[1]): DistrictProperties {
  return {
    ...properties({ ...r, has_geometry: r.geometry !== null }, f),
    simplified: Boolean(r.simplified),
    areaHa: r.area_ha === null ? null : Math.round(Number(r.area_ha) * 10) / 10,
  };
}

export async function listDistricts(caller: Caller, db: Db, level: DistrictLevel): Promise<DistrictCollection> {
  assertCan(caller, 'aggregates:read');
  const rows = await db.query<DistrictRow>(sql('districts-by-level'), [level]);
  const f = await figuresAndCrimes(db, rows.map((r) => r.code));
  return {
    type: 'FeatureCollection',
    level,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.code,
      geometry: r.geometry ? JSON.parse(r.geometry) : null,
      properties: fullProperties(r, f),
    })),
  };
}

export async function getDistrict(caller: Caller, db: Db, code: string): Promise<DistrictDetail> {
  assertCan(caller, 'aggregates:read');
  const [row] = await db.query<DistrictRow>(sql('district-by-code'), [code]);
  if (!row) throw new NotFoundError(`Gebied ${code} bestaat niet.`);
  const children = await db.query<DistrictRow & { has_geometry: boolean }>(sql('district-children'), [code]);
  const f = await figuresAndCrimes(db, [code, ...children.map((c) => c.code)]);
  return {
    type: 'Feature',
    id: row.code,
    geometry: row.geometry ? JSON.parse(row.geometry) : null,
    properties: {
      ...fullProperties(row, f),
      parentName: row.parent_name ?? null,
      children: children.map((c) => properties(c, f)),
    },
  };
}
