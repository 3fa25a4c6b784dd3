/**
 * Loads the real Apeldoorn geodata shipped in geodata/ (see geodata/SOURCES.md) into PostGIS
 * on first start: gemeente, CBS wijken (simplified shapes), buurt key figures, one
 * full-resolution buurt shape, PC4 areas and the police's registered crimes per buurt.
 * Idempotent: a database that has the districts already is left alone (imports may have
 * replaced shapes since), apart from the stadsdelen grouping, which is re-applied every start.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import { intOrNull, numOrNull, readCsv } from './csv.js';
import { applyStadsdelen, readStadsdelenConfig } from './stadsdelen.js';

interface GeoFeature {
  properties: Record<string, unknown>;
  geometry: unknown;
}

function readGeoJson(path: string): GeoFeature[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { features: GeoFeature[] }).features;
}

const CBS = 'CBS / Kadaster (PDOK), CC BY 4.0';

export const SHIPPED_DATASETS = [
  {
    key: 'gemeente',
    title: 'Gemeentegrens Apeldoorn (vereenvoudigd)',
    source: 'CBS/PDOK Wijk- en buurtkaart 2022 via R-pakket tmap (NLD_muni)',
    simplified: true,
  },
  {
    key: 'wijken',
    title: 'CBS-wijken (vereenvoudigde grenzen)',
    source: 'CBS/PDOK Wijk- en buurtkaart 2022 via R-pakket tmap (NLD_dist); kerncijfers CBS 85984NED 2024',
    simplified: true,
  },
  {
    key: 'buurten',
    title: 'CBS-buurten: kerncijfers (95) en één volledige buurtgrens',
    source: 'CBS Kerncijfers wijken en buurten 2024 (85984NED); buurtgrens BU02000706 uit de Wijk- en buurtkaart 2021',
    simplified: false,
  },
  {
    key: 'postcodes',
    title: 'Postcodegebieden (PC4), volledige resolutie',
    source: 'CBS Gegevens per postcode PC4 2020 v1; inwoners 1-1-2021 (83504NED)',
    simplified: false,
  },
  {
    key: 'misdrijven',
    title: 'Geregistreerde misdrijven per buurt 2021-2025',
    source: 'Politie via CBS StatLine 47022NED (totaal misdrijven, kalenderjaren)',
    simplified: false,
  },
  {
    key: 'stadsdelen',
    title: 'Stadsdelen (indeling in geodata/stadsdelen.json)',
    source: 'Configuratie van de gemeente; vormen = vereniging van de wijken',
    simplified: true,
  },
] as const;

export interface GeodataLoadResult {
  loaded: boolean;
  counts: Record<string, number>;
}

/** Loads the shipped geodata when the database has no districts yet; re-applies stadsdelen. */
export async function loadShippedGeodata(db: Db, dir: string, onProgress?: (step: string) => void): Promise<GeodataLoadResult> {
  const cfg = readStadsdelenConfig(join(dir, 'stadsdelen.json'));
  const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM district WHERE level = 'wijk'")) as [{ n: number }];
  const counts: Record<string, number> = {};
  let loaded = false;
  if (Number(n) === 0) {
    loaded = true;
    await db.transaction(async (tx) => {
      for (const d of SHIPPED_DATASETS) {
        await tx.query(sql('upsert-dataset'), [d.key, d.title, d.source, 'CC BY 4.0', CBS, false, d.simplified, null]);
      }
      onProgress?.('gemeente');
      const gm = readGeoJson(join(dir, 'apeldoorn-gemeente.geojson'));
      for (const f of gm) {
        const p = f.properties;
        await tx.query(sql('upsert-district-geojson'), [p.code, 'gemeente', p.name, null, JSON.stringify(f.geometry), 'gemeente', true]);
        await tx.query(sql('upsert-figures'), [p.code, 2022, p.inwoners_2022, null, p.woningen_2022, null, null, null, 'CBS 2022 via tmap']);
      }
      counts.gemeente = gm.length;
      const gemeente = String(gm[0]!.properties.code);

      onProgress?.('wijken');
      const wijken = readGeoJson(join(dir, 'apeldoorn-wijken.geojson'));
      for (const f of wijken) {
        const p = f.properties;
        await tx.query(sql('upsert-district-geojson'), [p.code, 'wijk', p.name, gemeente, JSON.stringify(f.geometry), 'wijken', true]);
      }
      counts.wijken = wijken.length;
      for (const r of readCsv(join(dir, 'apeldoorn-wijken-kerncijfers.csv'))) {
        await tx.query(sql('upsert-figures'), [
          r.code, intOrNull(r.year), intOrNull(r.inwoners), intOrNull(r.huishoudens), null,
          intOrNull(r.inwoners_0_15), intOrNull(r.inwoners_65plus), numOrNull(r.oppervlakte_land_ha), 'CBS 85984NED',
        ]);
        await tx.query(sql('upsert-figures'), [
          r.code, 2022, intOrNull(r.inwoners_2022_tmap), null, intOrNull(r.woningen_2022_tmap), null, null, null, 'CBS 2022 via tmap',
        ]);
      }

      onProgress?.('buurten');
      const buurten = readCsv(join(dir, 'apeldoorn-buurten-kerncijfers.csv'));
      const shapes = new Map(readGeoJson(join(dir, 'apeldoorn-buurt-BU02000706-2021.geojson')).map((f) => [String(f.properties.code), f]));
      for (const r of buurten) {
        const shape = shapes.get(r.code!);
        await tx.query(sql('upsert-district-geojson'), [
          r.code, 'buurt', r.name, r.wijk_code, shape ? JSON.stringify(shape.geometry) : null, 'buurten', false,
        ]);
        await tx.query(sql('upsert-figures'), [
          r.code, intOrNull(r.year), intOrNull(r.inwoners), intOrNull(r.huishoudens), intOrNull(r.woningen),
          intOrNull(r.inwoners_0_15), intOrNull(r.inwoners_65plus), numOrNull(r.oppervlakte_land_ha), 'CBS 85984NED',
        ]);
      }
      counts.buurten = buurten.length;
      counts.buurtShapes = shapes.size;

      onProgress?.('misdrijven');
      for (const r of readCsv(join(dir, 'apeldoorn-buurten-misdrijven.csv'))) {
        for (const [k, v] of Object.entries(r)) {
          const m = /^misdrijven_(\d{4})$/.exec(k);
          const value = intOrNull(v);
          if (m && value !== null) await tx.query(sql('upsert-crimes'), [r.code, Number(m[1]), value, 'Politie via CBS 47022NED']);
        }
      }

      onProgress?.('postcodes');
      const pcs = readGeoJson(join(dir, 'apeldoorn-postcodes4.geojson'));
      for (const f of pcs) {
        const p = f.properties;
        await tx.query(sql('upsert-district-geojson'), [p.postcode, 'postcode', `Postcode ${p.postcode}`, gemeente, JSON.stringify(f.geometry), 'postcodes', false]);
        await tx.query(sql('upsert-figures'), [p.postcode, 2021, intOrNull(String(p.inwoners)), null, null, null, null, Number(p.oppervlakte_km2) * 100, 'CBS PC4 2020 / 83504NED']);
      }
      counts.postcodes = pcs.length;
      await tx.query('UPDATE dataset SET feature_count = $2 WHERE key = $1', ['wijken', wijken.length]);
      await tx.query('UPDATE dataset SET feature_count = $2 WHERE key = $1', ['buurten', buurten.length]);
      await tx.query('UPDATE dataset SET feature_count = $2 WHERE key = $1', ['postcodes', pcs.length]);
    });
  }
  onProgress?.('stadsdelen');
  await applyStadsdelen(db, cfg);
  return { loaded, counts };
}
