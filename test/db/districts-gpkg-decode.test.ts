/**
 * District GeoPackages: the shared reader strips the GeoPackage header and PostGIS decodes the
 * WKB (decode.ts) before the pure checks run. These cases used to exercise the hand-written WKB
 * reader without a database.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { decodeFeatureGeometries } from '../../server/ingest/districts/decode.js';
import { readGpkg } from '../../server/ingest/districts/read-gpkg.js';
import { validateFeatures } from '../../server/ingest/districts/validate.js';
import { makeGpkg } from '../fixtures/districts/gpkg.js';
import { freshDb } from '../support/db.js';

const FIX = new URL('../fixtures/districts/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));
let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.close());

async function readDecoded(data: Uint8Array, name: string) {
  const r = await readGpkg(data, name);
  await decodeFeatureGeometries(db, r.features);
  return r;
}

describe('district GeoPackage geometry decoded by PostGIS', () => {
  it('reads the fixture: MultiPolygons in RD New', async () => {
    const r = await readDecoded(fixture('buurten.gpkg'), 'buurten.gpkg');
    const haven = r.features[0]!;
    expect(haven.geometry?.type).toBe('MultiPolygon');
    const [x, y] = (haven.geometry!.coordinates as number[][][][])[0]![0]![0]!;
    expect(x).toBeGreaterThan(190_000);
    expect(y).toBeGreaterThan(465_000);
    expect(haven.wkbHex).toBeUndefined();
  });

  it('decodes big-endian WKB with Z from a file (Z dropped)', async () => {
    const data = await makeGpkg([
      { table: 'buurten', srsId: 28992, bigEndian: true, withZ: true, features: [{ properties: { BU_CODE: 'BU02000101' }, geometry: { type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 4], [1, 2]]] } }] },
    ]);
    const r = await readDecoded(data, 'z.gpkg');
    expect(r.features[0]!.geometry).toEqual({ type: 'Polygon', coordinates: [[[1, 2], [3, 2], [3, 4], [1, 2]]] });
  });

  it('reports undecodable or curved geometries per feature instead of failing the read', async () => {
    const curve = new Uint8Array([0x47, 0x50, 0, 0x01, 0x40, 0x71, 0, 0, 1, 10, 0, 0, 0, 0, 0, 0, 0]); // srs 28992, empty CurvePolygon
    const data = await makeGpkg([
      {
        table: 'buurten',
        srsId: 28992,
        features: [
          { properties: { BU_CODE: 'BU02000101' }, geometry: null, rawGeometry: new Uint8Array([0x47, 0x50, 0, 0x01, 0x40, 0x71, 0, 0, 1, 3]) },
          { properties: { BU_CODE: 'BU02000102' }, geometry: null, rawGeometry: curve },
          { properties: { BU_CODE: 'BU02000103' }, geometry: null, rawGeometry: new Uint8Array([1, 2, 3]) },
          { properties: { BU_CODE: 'BU02000104' }, geometry: null },
        ],
      },
    ]);
    const r = await readDecoded(data, 'kapot.gpkg');
    expect(r.features.map((f) => f.decodeError)).toEqual([
      expect.stringMatching(/^geometrie onleesbaar: /),
      'geometrietype CurvePolygon wordt niet ondersteund; verwacht Polygon of MultiPolygon',
      expect.stringMatching(/kop "GP" ontbreekt/),
      undefined,
    ]);
    expect(r.features[3]!.geometry).toBeNull();
  });

  it('skips other gemeenten and water parts in the GeoPackage', async () => {
    const r = await readDecoded(fixture('buurten.gpkg'), 'b.gpkg');
    const v = validateFeatures(r.features, { gemeenteCode: 'GM0200' });
    expect(v.problems).toEqual([]);
    expect(v.candidates.map((c) => [c.code, c.name, c.srid])).toEqual([
      ['BU02000102', 'De Haven', 28992],
      ['BU02000201', 'Brinkhorst', 28992],
    ]);
    expect(v.skippedOtherGemeente).toBe(2);
    expect(v.skippedWater).toBe(1);
  });
});
