import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crsFromGeoJsonMember, epsgFromName } from '../../../server/ingest/districts/crs.js';
import { readDistrictFile } from '../../../server/ingest/districts/read.js';
import { readGeoJson } from '../../../server/ingest/districts/read-geojson.js';
import { isSqliteFile, readGpkg } from '../../../server/ingest/districts/read-gpkg.js';
import { DistrictImportError } from '../../../server/ingest/districts/types.js';
import { makeGpkg } from '../../fixtures/districts/gpkg.js';

const FIX = new URL('../../fixtures/districts/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));
const text = (s: string) => new TextEncoder().encode(s);

/** The DistrictImportError thrown by fn (fails the test when nothing or something else is thrown). */
async function refusal(fn: () => unknown): Promise<DistrictImportError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DistrictImportError);
    return err as DistrictImportError;
  }
  throw new Error('expected a DistrictImportError, nothing was thrown');
}

describe('CRS names', () => {
  it.each([
    ['urn:ogc:def:crs:EPSG::28992', 28992],
    ['urn:ogc:def:crs:EPSG:6.9:28992', 28992],
    ['EPSG:28992', 28992],
    ['http://www.opengis.net/def/crs/EPSG/0/28992', 28992],
    ['urn:ogc:def:crs:OGC:1.3:CRS84', 4326],
    ['EPSG:4326', 4326],
    ['urn:ogc:def:crs:EPSG::3857', 3857],
    ['Amersfoort / RD New', null],
  ])('%s -> %s', (name, code) => {
    expect(epsgFromName(name)).toBe(code);
  });

  it('defaults to WGS84 without a crs member, and flags unsupported ones', () => {
    expect(crsFromGeoJsonMember(undefined)).toMatchObject({ srid: 4326, implicit: true });
    expect(crsFromGeoJsonMember({ type: 'name', properties: { name: 'EPSG:3857' } })).toMatchObject({ srid: null, label: 'EPSG:3857' });
    expect(crsFromGeoJsonMember({ type: 'EPSG', properties: { code: 28992 } })).toMatchObject({ srid: 28992, implicit: false });
  });
});

describe('readGeoJson', () => {
  it('reads the RD wijk fixture with its CRS and properties', () => {
    const r = readGeoJson(fixture('wijk-WK020001-rd.geojson'), 'wijk.geojson');
    expect(r.format).toBe('geojson');
    expect(r.features).toHaveLength(1);
    const f = r.features[0]!;
    expect(f).toMatchObject({ index: 0, ref: 'features[0]', crs: { srid: 28992 } });
    expect(f.properties.wijkcode).toBe('WK020001');
    expect(f.geometry?.type).toBe('MultiPolygon');
    const first = (f.geometry!.coordinates as number[][][][])[0]![0]![0]!;
    expect(first[0]).toBeGreaterThan(190_000);
    expect(first[1]).toBeGreaterThan(465_000);
  });

  it('accepts a single Feature and a byte-order mark', () => {
    const r = readGeoJson(text('\ufeff{"type":"Feature","properties":{"code":"BU02000101"},"geometry":null}'), 'f.json');
    expect(r.features).toHaveLength(1);
    expect(r.features[0]!.ref).toBe('feature');
    expect(r.features[0]!.geometry).toBeNull();
  });

  it('marks members that are not Features', () => {
    const r = readGeoJson(text('{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[5,52]}]}'), 'x.geojson');
    expect(r.features[0]!.decodeError).toMatch(/geen GeoJSON-Feature/);
  });

  it.each([
    ['empty.geojson', /is leeg/],
    ['not-json.geojson', /geen geldige JSON/],
    ['no-features.geojson', /bevat geen features/],
    ['crs-3857.geojson', /urn:ogc:def:crs:EPSG::3857 wordt niet ondersteund; gebruik RD New \(EPSG:28992\) of WGS84/],
  ])('refuses %s', async (name, message) => {
    const err = await refusal(() => readGeoJson(fixture(name), name));
    expect(err.message).toMatch(message);
    expect(err.message).toContain(name);
  });

  it('refuses JSON that is no FeatureCollection', async () => {
    expect((await refusal(() => readGeoJson(text('[1,2]'), 'a.json'))).message).toMatch(/verwacht een FeatureCollection/);
    expect((await refusal(() => readGeoJson(text('{"type":"Polygon"}'), 'a.json'))).message).toMatch(/type is "Polygon"/);
  });
});

// Decoding GeoPackage geometry is PostGIS's job now: see test/db/districts-gpkg-decode.test.ts
// and the header tests in test/unit/ingest-features/read.test.ts.
describe('readGpkg', () => {
  it('reads every feature layer of the fixture with its CRS from gpkg_spatial_ref_sys', async () => {
    const r = await readGpkg(fixture('buurten.gpkg'), 'buurten.gpkg');
    expect(r.format).toBe('gpkg');
    expect(r.layers).toEqual(['buurten', 'gemeenten']);
    expect(r.features.map((f) => f.ref)).toEqual([
      'laag buurten, fid 1',
      'laag buurten, fid 2',
      'laag buurten, fid 3',
      'laag gemeenten, fid 1',
      'laag gemeenten, fid 2',
    ]);
    expect(r.features.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    const haven = r.features[0]!;
    expect(haven.crs.srid).toBe(28992);
    expect(haven.properties).toMatchObject({ BU_CODE: 'BU02000102', BU_NAAM: 'De Haven' });
    expect(haven.properties).not.toHaveProperty('geom');
    expect(haven.properties).not.toHaveProperty('fid');
    // The geometry stays standard WKB (hex) until PostGIS decodes it.
    expect(haven.geometry).toBeNull();
    expect(haven.wkbHex).toMatch(/^01060000/); // little-endian MultiPolygon
    expect(r.features[3]!.crs.srid).toBe(4326);
  });

  it('reads only the layers asked for and names the ones that exist', async () => {
    const r = await readGpkg(fixture('buurten.gpkg'), 'b.gpkg', { layers: ['gemeenten'] });
    expect(r.features).toHaveLength(2);
    const err = await refusal(() => readGpkg(fixture('buurten.gpkg'), 'b.gpkg', { layers: ['wijken'] }));
    expect(err.message).toMatch(/Laag wijken bestaat niet in b\.gpkg; beschikbaar: buurten, gemeenten/);
  });

  it('refuses a layer in an unsupported CRS', async () => {
    const data = await makeGpkg([{ table: 'buurten', srsId: 3857, features: [{ properties: { BU_CODE: 'BU02000101' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } }] }]);
    const err = await refusal(() => readGpkg(data, 'm.gpkg'));
    expect(err.message).toMatch(/laag buurten gebruikt coördinatenstelsel EPSG:3857/);
  });

  it('refuses files that are not GeoPackages', async () => {
    expect(isSqliteFile(fixture('buurten.gpkg'))).toBe(true);
    expect((await refusal(() => readGpkg(fixture('not-json.geojson'), 'x.gpkg'))).message).toMatch(/geen GeoPackage \(geen SQLite-bestand\)/);
    expect((await refusal(() => readGpkg(new Uint8Array(), 'x.gpkg'))).message).toMatch(/is leeg/);
    const sqliteOnly = (await makeGpkg([])).slice();
    // A valid SQLite file with the gpkg tables but no feature layer.
    expect((await refusal(() => readGpkg(sqliteOnly, 'leeg.gpkg'))).message).toMatch(/bevat geen lagen met features/);
  });

  it('chooses the reader by extension, else by content', async () => {
    expect((await readDistrictFile(fixture('buurten.gpkg'), 'download')).format).toBe('gpkg');
    expect((await readDistrictFile(fixture('bowtie.geojson'), 'download')).format).toBe('geojson');
    expect((await refusal(() => readDistrictFile(fixture('bowtie.geojson'), 'b.geojson', { layers: ['x'] }))).message).toMatch(/--layer/);
  });
});
