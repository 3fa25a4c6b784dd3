import { describe, expect, it } from 'vitest';
import { readFeatures, detectFormat, FeatureFileError } from '../../../server/ingest/features/read.js';
import { stripGpkgHeader, toHex } from '../../../server/ingest/features/gpkg.js';
import { parseCoordinate } from '../../../server/ingest/features/csv.js';
import { buildReport } from '../../../server/ingest/report.js';
import { fromDistrictProblem } from '../../../server/ingest/districts/types.js';
import { fromIncidentRejection } from '../../../server/ingest/incidents/types.js';
import { gpkgGeometry, makeGpkg, wkb } from '../../fixtures/districts/gpkg.js';

const enc = (s: string) => new TextEncoder().encode(s);
const square = { type: 'Polygon' as const, coordinates: [[[194000, 469000], [194100, 469000], [194100, 469100], [194000, 469100], [194000, 469000]]] };

describe('detectFormat', () => {
  it('by extension, else by content', () => {
    expect(detectFormat(enc('x'), 'a.GPKG')).toBe('gpkg');
    expect(detectFormat(enc('x'), 'a.geojson')).toBe('geojson');
    expect(detectFormat(enc('{}'), 'a.csv')).toBe('csv');
    expect(detectFormat(enc('\uFEFF \n {"type":1}'), 'upload')).toBe('geojson');
    expect(detectFormat(enc('x;y\n1;2'), 'upload')).toBe('csv');
    expect(detectFormat(enc('SQLite format 3\u0000....'), 'upload')).toBe('gpkg');
  });
});

describe('GeoJSON', () => {
  it('WGS84 by default (RFC 7946), geometry passed on as an object, problems per feature', async () => {
    const doc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { naam: 'A', bedden: 10 }, geometry: { type: 'Point', coordinates: [5.96, 52.21] } },
        { type: 'Feature', properties: { naam: 'B', extra: true }, geometry: null },
        { type: 'Feature', properties: {}, geometry: 'kapot' },
        { properties: {} },
      ],
    };
    const src = await readFeatures(enc(JSON.stringify(doc)), 'parken.geojson');
    expect(src.format).toBe('geojson');
    expect(src.crs).toMatchObject({ srid: 4326, source: 'default' });
    expect(src.columns).toEqual(['naam', 'bedden', 'extra']);
    expect(src.rows.map((r) => [r.rowNumber, r.ref, r.geometry === null, r.problems.length])).toEqual([
      [1, 'features[0]', false, 0],
      [2, 'features[1]', true, 0],
      [3, 'features[2]', true, 1],
      [4, 'features[3]', true, 1],
    ]);
    expect(src.rows[0]!.geometry).toEqual({ geojson: { type: 'Point', coordinates: [5.96, 52.21] } });
    expect(src.rows[0]!.srid).toBe(4326);
  });

  it('a declared RD New crs; an unsupported crs gives srid null; broken JSON is a file error', async () => {
    const rd = await readFeatures(enc(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::28992' } }, features: [] })), 'a.json');
    expect(rd.crs).toMatchObject({ srid: 28992, source: 'declared' });
    const merc = await readFeatures(enc(JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:3857' } }, features: [] })), 'a.json');
    expect(merc.crs.srid).toBeNull();
    await expect(readFeatures(enc('{"type":'), 'a.geojson')).rejects.toThrow(FeatureFileError);
    await expect(readFeatures(enc('[1]'), 'a.geojson')).rejects.toThrow(/geen GeoJSON/);
  });
});

describe('CSV', () => {
  it('WKT column in RD New, comma-separated; CRS recognised from the coordinates', async () => {
    const csv = 'id,naam,wkt\n1,A,"POLYGON((194000 469000,194100 469000,194100 469100,194000 469000))"\n2,B,\n3,C,POINT(194050 469050)\n';
    const src = await readFeatures(enc(csv), 'compartimenten.csv');
    expect(src.csv).toEqual({ delimiter: ',', geometry: { wkt: 'wkt' } });
    expect(src.crs).toMatchObject({ srid: 28992, source: 'coordinates' });
    expect(src.columns).toEqual(['id', 'naam']);
    expect(src.rows.map((r) => [r.rowNumber, r.properties.naam, r.geometry])).toEqual([
      [2, 'A', { wkt: 'POLYGON((194000 469000,194100 469000,194100 469100,194000 469000))' }],
      [3, 'B', null],
      [4, 'C', { wkt: 'POINT(194050 469050)' }],
    ]);
  });

  it('semicolons, decimal commas and x/y columns; a non-numeric x is a row problem', async () => {
    const csv = '\uFEFFNaam;X;Y\nA;194000,5;469000,25\nB;abc;469000\nC;;\n';
    const src = await readFeatures(enc(csv), 'parken.csv');
    expect(src.csv).toEqual({ delimiter: ';', geometry: { x: 'X', y: 'Y' } });
    expect(src.crs.srid).toBe(28992);
    expect(src.rows[0]!.geometry).toEqual({ wkt: 'POINT(194000.5 469000.25)' });
    expect(src.rows[1]!.problems).toEqual(["X is geen getal: 'abc'"]);
    expect(src.rows[1]!.geometry).toBeNull();
    expect(src.rows[2]!).toMatchObject({ geometry: null, problems: [] });
  });

  it('lon/lat columns are recognised as WGS84; swapped coordinates leave the CRS unknown', async () => {
    expect((await readFeatures(enc('lat,lon\n52.21,5.96\n'), 'a.csv')).crs).toMatchObject({ srid: 4326, source: 'coordinates' });
    const swapped = await readFeatures(enc('x,y\n52.21,5.96\n'), 'a.csv');
    expect(swapped.crs.srid).toBeNull();
    expect(swapped.crs.label).toMatch(/lat, lon/);
    expect(swapped.rows[0]!.srid).toBeNull();
  });

  it('an explicit CRS and explicit columns win; EWKT brings its own SRID', async () => {
    const src = await readFeatures(enc('a;oost;noord\n1;194000;469000\n'), 'a.csv', { xColumn: 'oost', yColumn: 'noord', crs: 28992 });
    expect(src.crs).toMatchObject({ srid: 28992, source: 'option' });
    expect(src.rows[0]!.geometry).toEqual({ wkt: 'POINT(194000 469000)' });
    const ewkt = await readFeatures(enc('geom\n"SRID=4326;POINT(5.96 52.21)"\n"SRID=3857;POINT(1 2)"\n'), 'a.csv');
    expect(ewkt.rows.map((r) => [r.srid, r.geometry, r.problems.length])).toEqual([
      [4326, { wkt: 'POINT(5.96 52.21)' }, 0],
      [null, { wkt: 'POINT(1 2)' }, 1],
    ]);
    await expect(readFeatures(enc('a,b\n1,2\n'), 'a.csv', { wktColumn: 'vorm' })).rejects.toThrow(/kolom vorm bestaat niet/);
  });

  it('no geometry column is a warning, not an error', async () => {
    const src = await readFeatures(enc('naam,bedden\nA,3\n'), 'a.csv');
    expect(src.warnings[0]).toMatch(/geen geometriekolom/);
    expect(src.rows[0]!.geometry).toBeNull();
  });

  it('parseCoordinate accepts Dutch and international notation only', () => {
    expect([parseCoordinate('5,97'), parseCoordinate('-1.5e3'), parseCoordinate('1.000,5'), parseCoordinate(''), parseCoordinate('12a')]).toEqual([5.97, -1500, null, null, null]);
  });
});

describe('GeoPackage', () => {
  it('strips the binary header and hands on the standard WKB as hex, with the layer CRS', async () => {
    const data = await makeGpkg([{ table: 'parken', srsId: 28992, geometryType: 'POLYGON', features: [{ properties: { naam: 'A' }, geometry: square }, { properties: { naam: 'B' }, geometry: null }] }]);
    const src = await readFeatures(data, 'parken.gpkg');
    expect(src).toMatchObject({ format: 'gpkg', layers: ['parken'], columns: ['naam'] });
    expect(src.crs).toMatchObject({ srid: 28992, source: 'declared' });
    expect(src.rows[0]!.geometry).toEqual({ wkbHex: Buffer.from(wkb(square)).toString('hex') });
    expect(src.rows[0]).toMatchObject({ ref: 'laag parken, fid 1', layer: 'parken', srid: 28992, properties: { naam: 'A' } });
    expect(src.rows[1]!.geometry).toBeNull();
  });

  it('stripGpkgHeader: envelope sizes, empty flag, big-endian header, damaged blobs', () => {
    const blob = gpkgGeometry(square, 28992);
    const s = stripGpkgHeader(blob);
    expect(s.ok && toHex(s.wkb)).toBe(Buffer.from(wkb(square)).toString('hex'));
    expect(s.ok && s.srsId).toBe(28992);
    // No envelope, big-endian header: srs_id read big-endian.
    const be = new Uint8Array([0x47, 0x50, 0, 0b0000_0000, 0, 0, 0x70, 0xe0, ...wkb(square)]);
    const sb = stripGpkgHeader(be);
    expect(sb.ok && sb.srsId).toBe(28896);
    expect(sb.ok && sb.wkb.length).toBe(wkb(square).length);
    expect(stripGpkgHeader(new Uint8Array([0x47, 0x50, 0, 0b0001_0001, 0xe0, 0x70, 0, 0]))).toEqual({ ok: true, srsId: 28896, empty: true, wkb: new Uint8Array(0) });
    expect(stripGpkgHeader(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false });
    expect(stripGpkgHeader(new Uint8Array([0x58, 0x50, 0, 1, 0, 0, 0, 0, 1]))).toMatchObject({ ok: false, reason: expect.stringMatching(/GP/) });
    expect(stripGpkgHeader(new Uint8Array([0x47, 0x50, 0, 0b0000_1111, 0, 0, 0, 0, 1]))).toMatchObject({ ok: false, reason: expect.stringMatching(/envelopcode 7/) });
    expect(stripGpkgHeader(new Uint8Array([0x47, 0x50, 0, 0b0010_0001, 0, 0, 0, 0, 1]))).toMatchObject({ ok: false, reason: expect.stringMatching(/uitgebreid/) });
  });

  it('a damaged blob is a row problem; an unsupported layer CRS is a file error', async () => {
    const bad = await makeGpkg([{ table: 'x', srsId: 28992, features: [{ properties: {}, geometry: null, rawGeometry: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]) }] }]);
    expect((await readFeatures(bad, 'x.gpkg')).rows[0]!.problems[0]).toMatch(/geometrie onleesbaar/);
    const merc = await makeGpkg([{ table: 'x', srsId: 3857, features: [] }]);
    await expect(readFeatures(merc, 'x.gpkg')).rejects.toThrow(/3857/);
    await expect(readFeatures(enc('x;y'), 'x.gpkg')).rejects.toThrow(/geen GeoPackage/);
  });
});

describe('import report', () => {
  it('takes the incident and district rejections without losing information', () => {
    expect(fromIncidentRejection({ line: 7, id: 'A1', reasons: ['datum ontbreekt', 'x is geen getal'] })).toEqual([
      { row: 7, id: 'A1', reason: 'datum ontbreekt' },
      { row: 7, id: 'A1', reason: 'x is geen getal' },
    ]);
    expect(fromDistrictProblem({ index: 0, ref: 'features[0]', code: null, reason: 'geen geometrie' })).toEqual({ row: 1, ref: 'features[0]', reason: 'geen geometrie' });
    const r = buildReport(10, [{ row: 7, reason: 'a' }, { row: 7, reason: 'b' }, { row: 9, reason: 'c' }], ['let op'], 2);
    expect(r).toEqual({ rows: 10, accepted: 8, rejectedCount: 2, rejected: [{ row: 7, reason: 'a' }, { row: 7, reason: 'b' }], warnings: ['let op'] });
  });
});
