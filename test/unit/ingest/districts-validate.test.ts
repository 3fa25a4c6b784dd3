import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGeoJson } from '../../../server/ingest/districts/read-geojson.js';
import { problemsMessage, type DeclaredCrs, type RawFeature } from '../../../server/ingest/districts/types.js';
import { gemeenteOfCode, identify, levelOfCode, validateFeatures, wijkOfBuurt } from '../../../server/ingest/districts/validate.js';

const FIX = new URL('../../fixtures/districts/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIX)));
const GM = { gemeenteCode: 'GM0200' };
const WGS: DeclaredCrs = { srid: 4326, label: 'CRS84', implicit: false };
const RD: DeclaredCrs = { srid: 28992, label: 'EPSG:28992', implicit: false };

const ring = (cx: number, cy: number, r: number) => [[cx - r, cy - r], [cx + r, cy - r], [cx + r, cy + r], [cx - r, cy + r], [cx - r, cy - r]];
function feature(properties: Record<string, unknown>, geometry: RawFeature['geometry'], crs: DeclaredCrs = WGS, index = 0): RawFeature {
  return { index, ref: `features[${index}]`, properties, geometry, crs };
}
const apeldoornSquare = { type: 'Polygon', coordinates: [ring(5.96, 52.21, 0.002)] };

describe('CBS codes', () => {
  it('knows the three levels by prefix and digit count', () => {
    expect(levelOfCode('GM0200')).toBe('gemeente');
    expect(levelOfCode('WK020001')).toBe('wijk');
    expect(levelOfCode('BU02000706')).toBe('buurt');
    for (const bad of ['GM200', 'WK0200011', 'BU0200070', 'SD020001', '0200', 'bu02000706']) expect(levelOfCode(bad)).toBeNull();
    expect(gemeenteOfCode('BU02000706')).toBe('GM0200');
    expect(wijkOfBuurt('BU02000706')).toBe('WK020007');
  });

  it('finds the own code and name under the CBS, generic and upper-case property names', () => {
    expect(identify({ buurtcode: 'BU02000101', buurtnaam: 'Binnenstad', wijkcode: 'WK020001', wijknaam: 'Centrum', gemeentecode: 'GM0200' })).toEqual({
      code: 'BU02000101',
      codeKey: 'buurtcode',
      level: 'buurt',
      name: 'Binnenstad',
    });
    expect(identify({ WK_CODE: 'WK020001', WK_NAAM: 'Centrum', GM_CODE: 'GM0200', GM_NAAM: 'Apeldoorn' })).toMatchObject({ code: 'WK020001', name: 'Centrum' });
    expect(identify({ statcode: 'WK020001', statnaam: 'Centrum', jrstatcode: '2024WK020001' })).toMatchObject({ code: 'WK020001', name: 'Centrum' });
    expect(identify({ Code: ' bu02000101 ', Name: 'Binnenstad' })).toMatchObject({ code: 'BU02000101', level: 'buurt', name: 'Binnenstad' });
    expect(identify({ GM_CODE: 'GM0200', GM_NAAM: 'Apeldoorn' })).toMatchObject({ code: 'GM0200', level: 'gemeente', name: 'Apeldoorn' });
    // A buurt without a buurt name does not borrow its wijk's name.
    expect(identify({ buurtcode: 'BU02000101', wijknaam: 'Centrum' })).toMatchObject({ name: null });
    expect(identify({ naam: 'x' })).toEqual({ code: null, codeKey: null, level: null, name: null });
  });
});

describe('validateFeatures on the fixtures', () => {
  it('accepts the valid RD wijk and WGS84 buurt', () => {
    const wijk = validateFeatures(readGeoJson(fixture('wijk-WK020001-rd.geojson'), 'w').features, GM);
    expect(wijk.problems).toEqual([]);
    expect(wijk.candidates).toHaveLength(1);
    expect(wijk.candidates[0]).toMatchObject({ code: 'WK020001', level: 'wijk', name: 'Centrum', srid: 28992 });
    expect(wijk.candidates[0]!.vertices).toBeGreaterThan(50);
    const buurt = validateFeatures(readGeoJson(fixture('buurt-BU02000101-wgs84.geojson'), 'b').features, GM);
    expect(buurt.problems).toEqual([]);
    expect(buurt.candidates[0]).toMatchObject({ code: 'BU02000101', level: 'buurt', name: 'Binnenstad', srid: 4326, vertices: 37 });
  });

  // The GeoPackage case needs PostGIS to decode the geometry: test/db/districts-gpkg-decode.test.ts.

  it('flags RD metres declared as WGS84', () => {
    const v = validateFeatures(readGeoJson(fixture('rd-declared-wgs84.geojson'), 'r').features, GM);
    expect(v.candidates).toEqual([]);
    expect(v.problems).toEqual([
      { index: 0, ref: 'features[0]', code: 'BU02000101', reason: expect.stringMatching(/^coördinaten lijken RD New \(meters\), bijv\. \(19\d{4}.*maar het bestand geeft WGS84 \(EPSG:4326\) op$/) },
    ]);
  });

  it('rejects codes that are not CBS codes, with the property they came from', () => {
    const v = validateFeatures(readGeoJson(fixture('non-cbs-code.geojson'), 'n').features, GM);
    expect(v.problems.map((p) => [p.index, p.code])).toEqual([
      [0, 'BU0200101'],
      [1, 'CENTRUM-1'],
    ]);
    expect(v.problems[0]!.reason).toMatch(/'BU0200101' \(eigenschap code\) is geen CBS-code/);
  });

  it('rejects a point, and a shape in Germany; Belgium is inside the NL box and left to the database check', () => {
    const p = validateFeatures(readGeoJson(fixture('point.geojson'), 'p').features, GM);
    expect(p.problems[0]!.reason).toBe('geometrie is een Point; verwacht Polygon of MultiPolygon');
    const o = validateFeatures(readGeoJson(fixture('outside-nl.geojson'), 'o').features, GM);
    expect(o.problems).toHaveLength(1);
    expect(o.problems[0]).toMatchObject({ index: 0, code: 'BU02000101', reason: expect.stringMatching(/^ligt \(deels\) buiten Nederland: punt \(8\.0/) });
    expect(o.candidates.map((c) => c.code)).toEqual(['BU02000102']);
  });

  it('leaves the bow-tie to the PostGIS validity check (structure alone is fine)', () => {
    const v = validateFeatures(readGeoJson(fixture('bowtie.geojson'), 'b').features, GM);
    expect(v.problems).toEqual([]);
    expect(v.candidates).toHaveLength(1);
  });
});

describe('validateFeatures, feature by feature', () => {
  const one = (f: RawFeature) => validateFeatures([f], GM);

  it('accepts lower-case codes as upper case', () => {
    expect(one(feature({ code: 'bu02000101' }, apeldoornSquare)).candidates[0]!.code).toBe('BU02000101');
  });

  it.each([
    ['no code', {}, apeldoornSquare, /geen CBS-code gevonden/],
    ['no geometry', { code: 'BU02000101' }, null, /^geen geometrie$/],
    ['a GeometryCollection', { code: 'BU02000101' }, { type: 'GeometryCollection', geometries: [] }, /GeometryCollection; verwacht Polygon/],
    ['an open ring', { code: 'BU02000101' }, { type: 'Polygon', coordinates: [ring(5.96, 52.21, 0.002).slice(0, 4)] }, /niet gesloten/],
    ['a ring of three points', { code: 'BU02000101' }, { type: 'Polygon', coordinates: [[[5.96, 52.21], [5.97, 52.21], [5.96, 52.21]]] }, /heeft 3 punten/],
    ['an empty MultiPolygon', { code: 'BU02000101' }, { type: 'MultiPolygon', coordinates: [] }, /^lege geometrie$/],
    ['a string coordinate', { code: 'BU02000101' }, { type: 'Polygon', coordinates: [[['5.96', 52.21], [5.97, 52.21], [5.97, 52.22], ['5.96', 52.21]]] }, /ongeldig punt/],
    ['a wrong gemeentecode', { buurtcode: 'BU02000101', gemeentecode: 'GM0363' }, apeldoornSquare, /gemeentecode GM0363 past niet bij de code BU02000101/],
    ['a wrong wijkcode', { buurtcode: 'BU02000101', wijkcode: 'WK020002' }, apeldoornSquare, /wijkcode WK020002 past niet bij de buurtcode/],
    ['swapped axes', { code: 'BU02000101' }, { type: 'Polygon', coordinates: [ring(52.21, 5.96, 0.002)] }, /staan als \(lat, lon\)/],
  ])('rejects %s', (_what, props, geometry, reason) => {
    const v = one(feature(props, geometry as RawFeature['geometry']));
    expect(v.candidates).toEqual([]);
    expect(v.problems).toHaveLength(1);
    expect(v.problems[0]!.reason).toMatch(reason);
  });

  it('explains RD coordinates in a file without a crs member', () => {
    const v = one(feature({ code: 'BU02000101' }, { type: 'Polygon', coordinates: [ring(194000, 469000, 100)] }, { srid: 4326, label: 'WGS84', implicit: true }));
    expect(v.problems[0]!.reason).toMatch(/noemt geen crs en dan geldt WGS84; voeg "crs".*EPSG::28992/);
  });

  it('rejects degrees declared as RD and RD coordinates outside the RD area', () => {
    expect(one(feature({ code: 'BU02000101' }, apeldoornSquare, RD)).problems[0]!.reason).toMatch(/lijken WGS84 \(graden\).*RD New \(EPSG:28992\)/);
    expect(one(feature({ code: 'BU02000101' }, { type: 'Polygon', coordinates: [ring(400000, 469000, 100)] }, RD)).problems[0]!.reason).toMatch(/buiten Nederland/);
  });

  it('rejects a code that occurs twice and passes decode errors on', () => {
    const v = validateFeatures(
      [feature({ code: 'BU02000101' }, apeldoornSquare, WGS, 0), feature({ code: 'BU02000101' }, apeldoornSquare, WGS, 1), { ...feature({ code: 'BU02000102' }, null, WGS, 2), decodeError: 'geometrie onleesbaar: x' }],
      GM,
    );
    expect(v.candidates.map((c) => c.index)).toEqual([0]);
    expect(v.problems.map((p) => p.reason)).toEqual(['code BU02000101 komt al voor in features[0]', 'geometrie onleesbaar: x']);
  });

  it('skips other gemeenten without looking at their geometry', () => {
    const v = validateFeatures([feature({ code: 'BU03630000' }, null), feature({ code: 'GM0344' }, { type: 'Point', coordinates: [5, 52] })], GM);
    expect(v).toEqual({ candidates: [], problems: [], skippedOtherGemeente: 2, skippedWater: 0 });
  });
});

describe('problemsMessage', () => {
  it('lists at most max problems and counts the rest', () => {
    const problems = Array.from({ length: 30 }, (_, i) => ({ index: i, ref: `features[${i}]`, code: i % 2 ? `BU0200010${i % 10}` : null, reason: 'kapot' }));
    const lines = problemsMessage('Import geweigerd', problems, 25).split('\n');
    expect(lines).toHaveLength(1 + 25 + 1);
    expect(lines[1]).toBe('  features[0]: kapot');
    expect(lines[2]).toBe('  features[1] (BU02000101): kapot');
    expect(lines.at(-1)).toBe('  … en nog 5 features met een probleem');
  });
});
