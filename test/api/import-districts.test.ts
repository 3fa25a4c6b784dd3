/**
 * import-districts against a real database (a fresh copy of the run's template with the shipped
 * Apeldoorn data): imports show up in the API with figures kept, refusals and dry runs change
 * nothing, and the dispatched CLI exits 1 with the Dutch message on a broken file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../server/cli/import-districts.js';
import { DistrictCollectionSchema } from '../../server/contract/districts.js';
import type { Db } from '../../server/db/db.js';
import { importDistricts, type ImportDistrictsReport } from '../../server/ingest/districts/import.js';
import { DistrictImportError } from '../../server/ingest/districts/types.js';
import { testApp } from '../support/db.js';
import { ROOT } from '../support/paths.js';
import { storeBatch } from '../../server/services/incident-import.service.js';
import { incidentDataVersion } from '../../server/services/data-version.service.js';

const FIX = fileURLToPath(new URL('../fixtures/districts/', import.meta.url));
const input = (name: string) => ({ fileName: name, data: new Uint8Array(readFileSync(join(FIX, name))) });
const geojson = (features: unknown[], crs = 'urn:ogc:def:crs:OGC:1.3:CRS84') => ({
  fileName: 'gemaakt.geojson',
  data: new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: crs } }, features })),
});

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
beforeAll(async () => {
  ({ db, app } = await testApp());
});
afterAll(async () => db.close());

async function districts(level: string) {
  const res = await app.request(`/api/districts?level=${level}`);
  expect(res.status).toBe(200);
  return DistrictCollectionSchema.parse(await res.json()).features;
}

/** Everything an import may touch, as one comparable value. */
async function snapshot() {
  const [d] = await db.query<{ h: string; n: number }>(
    `SELECT md5(string_agg(concat_ws('|', code, level, name, parent_code, md5(ST_AsBinary(geom)), dataset_key, simplified), ',' ORDER BY code)) AS h,
            count(*)::int AS n FROM district`,
  );
  const figures = await db.query('SELECT code, year, inwoners, derived FROM district_figures ORDER BY code, year');
  const crimes = await db.query('SELECT code, year, misdrijven, derived FROM district_crimes ORDER BY code, year');
  const datasets = await db.query('SELECT key, feature_count FROM dataset ORDER BY key');
  return { d, figures, crimes, datasets };
}

async function refused(i: { fileName: string; data: Uint8Array }, options = {}): Promise<DistrictImportError> {
  const before = await snapshot();
  let err: unknown;
  try {
    await importDistricts(db, i, options);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DistrictImportError);
  expect(await snapshot()).toEqual(before);
  return err as DistrictImportError;
}

describe('refused imports leave the database unchanged', () => {
  it('a self-intersecting bow-tie, with GEOS reason and location', async () => {
    const err = await refused(input('bowtie.geojson'));
    expect(err.message).toMatch(/^Import geweigerd: 1 van 1 features heeft een probleem; er is niets ingelezen\./);
    expect(err.message).toMatch(/features\[0\] \(BU02000101\): ongeldig vlak: zelfdoorsnijding: randen snijden elkaar \(Self-intersection\) bij \(5\.964, 52\.212\)/);
    expect(err.problems).toHaveLength(1);
  });

  it('features in Germany (outside NL) and Belgium (outside the gemeente)', async () => {
    const err = await refused(input('outside-nl.geojson'));
    expect(err.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'BU02000101'],
      [1, 'BU02000102'],
    ]);
    expect(err.problems[0]!.reason).toMatch(/buiten Nederland/);
    expect(err.problems[1]!.reason).toBe('ligt buiten gemeente Apeldoorn (GM0200)');
  });

  it.each([
    ['rd-declared-wgs84.geojson', /lijken RD New \(meters\)/],
    ['point.geojson', /geometrie is een Point/],
    ['non-cbs-code.geojson', /'BU0200101' \(eigenschap code\) is geen CBS-code[\s\S]*CENTRUM-1/],
    ['crs-3857.geojson', /EPSG::3857 wordt niet ondersteund/],
    ['empty.geojson', /is leeg/],
    ['not-json.geojson', /geen geldige JSON/],
  ])('%s', async (name, message) => {
    expect((await refused(input(name))).message).toMatch(message);
  });

  it('a valid buurt is not written when another feature in the file is broken', async () => {
    const good = JSON.parse(readFileSync(join(FIX, 'buurt-BU02000101-wgs84.geojson'), 'utf8')).features[0];
    const bow = JSON.parse(readFileSync(join(FIX, 'bowtie.geojson'), 'utf8')).features[0];
    bow.properties = { buurtcode: 'BU02000102', buurtnaam: 'De Haven' };
    const err = await refused(geojson([good, bow]));
    expect(err.problems.map((p) => p.ref)).toEqual(['features[1]']);
  });

  it('a file with only other gemeenten', async () => {
    const err = await refused(input('buurten.gpkg'), { layers: ['gemeenten'] });
    expect(err.message).toMatch(/bevat geen wijken of buurten van gemeente Apeldoorn \(GM0200\); 1 features van andere gemeenten overgeslagen; 1 waterdelen overgeslagen/);
  });

  it('caps the listed features and counts the rest', async () => {
    const pts = Array.from({ length: 30 }, (_, i) => ({
      type: 'Feature',
      properties: { buurtcode: `BU020001${String(i).padStart(2, '0')}` },
      geometry: { type: 'Point', coordinates: [5.96, 52.21] },
    }));
    const err = await refused(geojson(pts));
    expect(err.problemCount).toBe(30);
    expect(err.message.split('\n').filter((l) => l.startsWith('  features['))).toHaveLength(25);
    expect(err.message).toMatch(/… en nog 5 features met een probleem$/);
  });
});

describe('dry run', () => {
  it('reports what would change and writes nothing', async () => {
    const before = await snapshot();
    const report = await importDistricts(db, input('wijk-WK020001-rd.geojson'), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, datasets: [], levels: { wijk: { inserted: 0, updated: 1 } } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('imports', () => {
  // Each import starts from the shipped districts, not from what an earlier import left.
  beforeEach(async () => {
    await db.close();
    ({ db, app } = await testApp());
  });

  it('gives a buurt its full shape and keeps its figures and crimes', async () => {
    const lines: string[] = [];
    const report = await importDistricts(db, input('buurt-BU02000101-wgs84.geojson'), { onProgress: (l) => lines.push(l) });
    expect(report).toMatchObject<Partial<ImportDistrictsReport>>({
      dryRun: false,
      format: 'geojson',
      crs: ['WGS84 (EPSG:4326)'],
      gemeente: { code: 'GM0200', name: 'Apeldoorn' },
      levels: { gemeente: { inserted: 0, updated: 0 }, wijk: { inserted: 0, updated: 0 }, buurt: { inserted: 0, updated: 1 } },
      buurtenWithFigures: 1,
      warnings: [],
      datasets: ['import-districts-buurt'],
    });
    expect(lines.join('\n')).toMatch(/Afgeleide cijfers bijwerken/);

    const buurten = await districts('buurt');
    expect(buurten).toHaveLength(95);
    expect(buurten.filter((f) => f.properties.hasGeometry).map((f) => f.id)).toEqual(['BU02000101', 'BU02000706']);
    const b = buurten.find((f) => f.id === 'BU02000101')!;
    expect(b.properties).toMatchObject({ name: 'Binnenstad', parentCode: 'WK020001', simplified: false });
    expect(b.properties.figures.inwoners).toMatchObject({ value: 6020, year: 2024 });
    expect(b.properties.crimes.find((c) => c.year === 2025)).toEqual({ year: 2025, misdrijven: 1253, derived: false });
    const [lon, lat] = (b.geometry as { coordinates: number[][][][] }).coordinates[0]![0]![0]!;
    expect(lon).toBeCloseTo(5.9635 + 0.006 * 1.05, 3);
    expect(lat).toBeCloseTo(52.2115, 3);
    // The ring of the fixture (36 vertices + closing) arrives unsimplified.
    expect((b.geometry as { coordinates: number[][][][] }).coordinates[0]![0]!).toHaveLength(37);

    const [ds] = await db.query<{ source: string; attribution: string; feature_count: number; simplified: boolean }>(
      "SELECT source, attribution, feature_count, simplified FROM dataset WHERE key = 'import-districts-buurt'",
    );
    expect(ds).toEqual({ source: 'buurt-BU02000101-wgs84.geojson', attribution: 'CBS/Kadaster wijk- en buurtkaart, CC-BY 4.0', feature_count: 1, simplified: false });
  });

  it('links incidents stored before the buurt shape existed to the new buurt, raising the data version once', async () => {
    const fc = JSON.parse(readFileSync(join(FIX, 'buurt-BU02000101-wgs84.geojson'), 'utf8')) as { features: { geometry: { type: 'Polygon'; coordinates: number[][][] } }[] };
    const ring = fc.features[0]!.geometry.coordinates[0]!;
    const [lon, lat] = [0, 1].map((k) => ring.slice(0, -1).reduce((s, p) => s + p[k]!, 0) / (ring.length - 1));
    const [pt] = await db.query<{ x: number; y: number }>('SELECT ST_X(g) AS x, ST_Y(g) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 28992) g', [lon, lat]);
    const when = new Date('2026-03-10T12:00:00Z');
    await db.transaction((tx) => storeBatch(tx, { source: 'voor-buurtgrenzen.csv', format: 'csv', demo: false, total: 1, rejected: 0 }, [{ sourceId: 'RECODE-1', kind: 'woninginbraak', from: when, to: when, x: Number(pt!.x), y: Number(pt!.y) }]));
    const codes = () => db.query<{ buurt_code: string | null; wijk_code: string | null }>("SELECT buurt_code, wijk_code FROM incident WHERE source_id = 'RECODE-1'");
    expect(await codes()).toEqual([{ buurt_code: null, wijk_code: 'WK020001' }]);
    const version = await incidentDataVersion(db);

    const report = await importDistricts(db, input('buurt-BU02000101-wgs84.geojson'));
    expect(report.incidentsRecoded).toBe(1);
    expect(await codes()).toEqual([{ buurt_code: 'BU02000101', wijk_code: 'WK020001' }]);
    expect(await incidentDataVersion(db)).toBeGreaterThan(version);
    // A second import of the same shape changes no incident and leaves the version alone.
    const again = await incidentDataVersion(db);
    expect((await importDistricts(db, input('buurt-BU02000101-wgs84.geojson'))).incidentsRecoded).toBe(0);
    expect(await incidentDataVersion(db)).toBe(again);
  });

  it('replaces a simplified wijk, keeps its stadsdeel and refreshes the stadsdeel shape and sums', async () => {
    const report = await importDistricts(db, input('wijk-WK020001-rd.geojson'));
    expect(report.levels.wijk).toEqual({ inserted: 0, updated: 1 });
    expect(report.crs).toEqual(['RD New (EPSG:28992)']);
    const w = (await districts('wijk')).find((f) => f.id === 'WK020001')!;
    expect(w.properties).toMatchObject({ name: 'Centrum', parentCode: 'SD020001', simplified: false });
    expect(w.properties.crimes.find((c) => c.year === 2025)).toEqual({ year: 2025, misdrijven: 1505, derived: true });
    const sd = (await districts('stadsdeel')).find((f) => f.id === 'SD020001')!;
    expect(sd.properties.simplified).toBe(false);
    expect(sd.properties.areaHa).toBeCloseTo(w.properties.areaHa!, 0);
    const gm = (await districts('gemeente'))[0]!;
    expect(gm.properties.crimes.find((c) => c.year === 2024)?.misdrijven).toBe(7520);
  });

  it('imports the buurten layer of a GeoPackage and skips other gemeenten and water', async () => {
    // An earlier import of one buurt keeps its shape.
    await importDistricts(db, input('buurt-BU02000101-wgs84.geojson'));
    const report = await importDistricts(db, input('buurten.gpkg'));
    expect(report).toMatchObject({
      format: 'gpkg',
      layers: ['buurten', 'gemeenten'],
      featuresRead: 5,
      levels: { buurt: { inserted: 0, updated: 2 } },
      skippedOtherGemeente: 2,
      skippedWater: 1,
    });
    const buurten = await districts('buurt');
    expect(buurten.filter((f) => f.properties.hasGeometry).map((f) => f.id)).toEqual(['BU02000101', 'BU02000102', 'BU02000201', 'BU02000706']);
    expect(buurten.find((f) => f.id === 'BU02000201')!.properties.figures.inwoners?.value).toBe(2980);
    const [ds] = await db.query<{ feature_count: number; source: string }>("SELECT feature_count, source FROM dataset WHERE key = 'import-districts-buurt'");
    expect(ds).toEqual({ feature_count: 3, source: 'buurten.gpkg' });
  });

  it('inserts a new buurt under its wijk and warns about a missing wijk', async () => {
    const sq = (cx: number, cy: number) => [[[cx, cy], [cx + 0.003, cy], [cx + 0.003, cy + 0.002], [cx, cy + 0.002], [cx, cy]]];
    const report = await importDistricts(
      db,
      geojson([
        { type: 'Feature', properties: { buurtcode: 'BU02000199', buurtnaam: 'Nieuwbouw' }, geometry: { type: 'Polygon', coordinates: sq(5.95, 52.2) } },
        { type: 'Feature', properties: { buurtcode: 'BU02009901' }, geometry: { type: 'Polygon', coordinates: sq(5.96, 52.22) } },
      ]),
    );
    expect(report.levels.buurt).toEqual({ inserted: 2, updated: 0 });
    expect(report.warnings).toEqual([
      'Buurt BU02009901: wijk WK020099 bestaat niet in de database en zit niet in het bestand.',
      'Nieuw gebied BU02009901 heeft geen naam in het bestand; de code is als naam gebruikt.',
    ]);
    const buurten = await districts('buurt');
    expect(buurten).toHaveLength(97);
    expect(buurten.find((f) => f.id === 'BU02000199')!.properties).toMatchObject({ name: 'Nieuwbouw', parentCode: 'WK020001', hasGeometry: true });
    // Centrum's crimes are no longer a complete sum of its buurten: the derived total is withdrawn.
    const w = (await districts('wijk')).find((f) => f.id === 'WK020001')!;
    expect(w.properties.crimes.find((c) => c.year === 2025)).toBeUndefined();
  });
});

describe('CLI', () => {
  function io() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
  }

  it('prints a Dutch summary for a dry run and progress on stderr', async () => {
    const { out, io: cio } = io();
    const before = await snapshot();
    expect(await run([join(FIX, 'buurten.gpkg'), '--dry-run', '--layer', 'buurten'], cio, { db })).toBe(0);
    expect(out.stdout).toBe(
      [
        'Proefimport van buurten.gpkg (er is niets opgeslagen)',
        'Formaat: GeoPackage (laag buurten); coördinaten: RD New (EPSG:28992)',
        'Gelezen features: 3',
        'Buurten: 0 zou toevoegen, 2 zou bijwerken',
        'Buurten met kerncijfers die behouden blijven: 2',
        'Overgeslagen (andere gemeenten dan Apeldoorn, GM0200): 1',
        '',
      ].join('\n'),
    );
    expect(out.stderr).toMatch(/^Lezen: buurten\.gpkg/);
    expect(out.stderr).toMatch(/Klaar in/);
    expect(await snapshot()).toEqual(before);
  });

  it('exits 1 on a refused file and 2 on bad usage', async () => {
    let c = io();
    expect(await run([join(FIX, 'point.geojson')], c.io, { db })).toBe(1);
    expect(c.out.stderr).toMatch(/Fout: Import geweigerd/);
    expect(c.out.stdout).toBe('');
    c = io();
    expect(await run([join(FIX, 'bestaat-niet.geojson')], c.io, { db })).toBe(2);
    expect(c.out.stderr).toMatch(/Bestand niet gevonden/);
    c = io();
    expect(await run([], c.io, { db })).toBe(2);
    expect(c.out.stderr).toMatch(/Geef precies één bestand op/);
    c = io();
    expect(await run(['a.geojson', '--onbekend'], c.io, { db })).toBe(2);
  });

  it('as a process: exits 1 with the refusal on stderr', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vk-import-districts-'));
    // Embedded PGlite in a temporary folder, also when the run itself uses PostgreSQL. Demo data
    // is on (the default): a CLI command must not seed it, only the server does.
    const env: NodeJS.ProcessEnv = { ...process.env, VK_DATA_DIR: dataDir };
    delete env.VK_DEMO;
    delete env.DATABASE_URL;
    try {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'import-districts', join(FIX, 'bowtie.geojson')], {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 240_000,
      });
      expect(res.stderr).toMatch(/Fout: Import geweigerd: 1 van 1 features heeft een probleem; er is niets ingelezen\.\n {2}features\[0\] \(BU02000101\): ongeldig vlak: zelfdoorsnijding/);
      expect(res.stdout).toBe('');
      expect(res.stderr).not.toMatch(/Demo-incidenten/);
      expect(res.status).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
