/**
 * The shared geodata reader end to end on a real database: files read by read.ts, geometry
 * decoded, checked and transformed to RD New by PostGIS (features-to-rd), per row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { wgs84ToRd } from '../../server/domain/crs.js';
import { checkGeometries } from '../../server/ingest/features/postgis.js';
import { readFeatures } from '../../server/ingest/features/read.js';
import { makeGpkg } from '../fixtures/districts/gpkg.js';
import { freshDb } from '../support/db.js';

const enc = (s: string) => new TextEncoder().encode(s);
let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

async function readAndCheck(data: Uint8Array, name: string, opts: Parameters<typeof checkGeometries>[2] = {}) {
  const src = await readFeatures(data, name);
  return { src, checks: await checkGeometries(db, src.rows, opts) };
}

describe('checkGeometries (PostGIS step)', () => {
  it('GeoJSON in WGS84 becomes a valid RD New polygon where proj4 puts it', async () => {
    const ring = [[5.96, 52.21], [5.97, 52.21], [5.97, 52.22], [5.96, 52.21]];
    const doc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { naam: 'Park' }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
    const { src, checks } = await readAndCheck(enc(JSON.stringify(doc)), 'parken.geojson');
    expect(src.crs.srid).toBe(4326);
    const [c] = checks;
    expect(c).toMatchObject({ read: true, error: null, sourceType: 'POLYGON', type: 'POLYGON', valid: true, rdValid: true, repaired: false });
    const [x0, y0] = wgs84ToRd(5.96, 52.21);
    expect(c!.bbox![0]).toBeCloseTo(x0, -1); // within ~5 m of proj4's answer
    expect(c!.bbox![1]).toBeCloseTo(y0, -1);
    // The hex EWKB is RD New and goes straight into PostGIS.
    const [r] = await db.query<{ srid: number; area: number }>('SELECT ST_SRID(g) AS srid, ST_Area(g)::float8 AS area FROM (SELECT ST_GeomFromEWKB(decode($1, \'hex\')) AS g) s', [c!.ewkbHex]);
    expect(r!.srid).toBe(28992);
    expect(r!.area).toBeGreaterThan(0);
  });

  it('a CSV with WKT in RD New keeps its coordinates', async () => {
    const csv = 'id;wkt\n1;POLYGON((194000 469000,194100 469000,194100 469100,194000 469100,194000 469000))\n';
    const { checks } = await readAndCheck(enc(csv), 'compartimenten.csv');
    expect(checks[0]).toMatchObject({ type: 'POLYGON', valid: true, bbox: [194000, 469000, 194100, 469100] });
  });

  it('a CSV with x/y columns gives points', async () => {
    const { checks } = await readAndCheck(enc('naam,x,y\nA,194000.5,469000\nB,194010,469020\n'), 'parken.csv');
    expect(checks.map((c) => [c.type, c.bbox?.[0], c.bbox?.[1]])).toEqual([['POINT', 194000.5, 469000], ['POINT', 194010, 469020]]);
  });

  it('a GeoPackage: the WKB after the stripped header is read by ST_GeomFromWKB', async () => {
    const data = await makeGpkg([
      { table: 'buurten', srsId: 28992, features: [{ properties: { code: 'BU1' }, geometry: { type: 'MultiPolygon', coordinates: [[[[194000, 469000], [194100, 469000], [194100, 469100], [194000, 469000]]]] } }] },
      { table: 'wgs', srsId: 4326, bigEndian: true, withZ: true, features: [{ properties: { code: 'P' }, geometry: { type: 'Point', coordinates: [5.96, 52.21] } }] },
    ]);
    const { src, checks } = await readAndCheck(data, 'x.gpkg');
    expect(src.crs.srid).toBeNull(); // two layers, two CRSs: per row
    expect(src.rows.map((r) => r.srid)).toEqual([28992, 4326]);
    expect(checks[0]).toMatchObject({ sourceType: 'MULTIPOLYGON', valid: true, bbox: [194000, 469000, 194100, 469100] });
    const [x, y] = wgs84ToRd(5.96, 52.21);
    expect(checks[1]!.type).toBe('POINT');
    expect(checks[1]!.bbox![0]).toBeCloseTo(x, -1);
    expect(checks[1]!.bbox![1]).toBeCloseTo(y, -1);
  });

  const bowtie = 'POLYGON((194000 469000,194100 469100,194100 469000,194000 469100,194000 469000))';

  it('a self-intersecting polygon is reported with its reason and location, and not repaired unless asked', async () => {
    const { checks } = await readAndCheck(enc(`id,wkt\n1,"${bowtie}"\n`), 'a.csv');
    expect(checks[0]).toMatchObject({ read: true, valid: false, repaired: false, ewkbHex: null, type: null, location: [194050, 469050] });
    expect(checks[0]!.reason).toMatch(/Self-intersection/);
    expect(checks[0]!.reasonNl).toBe('ongeldig vlak: zelfdoorsnijding: randen snijden elkaar (Self-intersection) bij (194050, 469050)');
  });

  it('ST_MakeValid only when asked: the bow-tie becomes two triangles', async () => {
    const { checks } = await readAndCheck(enc(`id,wkt\n1,"${bowtie}"\n2,"POINT(194000 469000)"\n`), 'a.csv', { makeValid: true });
    expect(checks[0]).toMatchObject({ valid: false, repaired: true, type: 'MULTIPOLYGON', rdValid: true });
    expect(checks[0]!.ewkbHex).not.toBeNull();
    expect(checks[1]).toMatchObject({ valid: true, repaired: false, type: 'POINT' });
  });

  it('a row without geometry or CRS is reported without the database; an unparseable one by PostGIS, the rest still checked', async () => {
    const { checks } = await readAndCheck(enc('id;wkt\n1;\n2;POLYGON((194000 469000, oops))\n3;POINT(194000 469000)\n'), 'a.csv');
    expect(checks[0]).toMatchObject({ read: false, error: 'geen geometrie' });
    expect(checks[1]!.read).toBe(false);
    expect(checks[1]!.error).toMatch(/^geometrie onleesbaar voor PostGIS: /);
    expect(checks[2]).toMatchObject({ read: true, type: 'POINT', valid: true });
    const [unknown] = await checkGeometries(db, [{ geometry: { wkt: 'POINT(1 2)' }, srid: null }]);
    expect(unknown!.error).toMatch(/onbekend coördinatenstelsel/);
  });

  it('batches: many rows over several statements keep their order', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ geometry: { wkt: `POINT(${194000 + i} 469000)` }, srid: 28992 as const }));
    const checks = await checkGeometries(db, rows, { maxRows: 3 });
    expect(checks.map((c) => c.bbox![0])).toEqual([194000, 194001, 194002, 194003, 194004, 194005, 194006]);
  });
});
