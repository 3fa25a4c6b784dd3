import { createReadStream, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ValidIncidentSchema } from '../../../server/domain/incidents/incident.js';
import {
  IncidentFileError,
  parseDecimal,
  parseIncidentDate,
  parseIncidents,
  type ParseIncidentsOptions,
} from '../../../server/ingest/incidents/parse.js';
import { fixturePath, gemeenteIsInside } from './helpers.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const isInside = gemeenteIsInside();

function parseFixture(name: string, options: ParseIncidentsOptions = {}) {
  return parseIncidents(createReadStream(fixturePath(name)), { now: NOW, isInside, ...options });
}

async function fileError(p: Promise<unknown>): Promise<IncidentFileError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(IncidentFileError);
    return e as IncidentFileError;
  }
  throw new Error('expected an IncidentFileError');
}

describe('value parsers', () => {
  it('reads Dutch and English decimals', () => {
    expect(parseDecimal('52,21')).toBe(52.21);
    expect(parseDecimal('52.21')).toBe(52.21);
    expect(parseDecimal('194.123,45')).toBe(194123.45);
    expect(parseDecimal('194,123.45')).toBe(194123.45);
    expect(parseDecimal(' -7000 ')).toBe(-7000);
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal(undefined)).toBeNull();
    expect(parseDecimal('abc')).toBeNaN();
    expect(parseDecimal('1,2,3')).toBeNaN();
  });

  it.each([
    ['2024-01-15', '2024-01-14T23:00:00.000Z', true],
    ['2024-01-15T18:30', '2024-01-15T17:30:00.000Z', false],
    ['2024-01-15 18:30:15', '2024-01-15T17:30:15.000Z', false],
    ['2024-07-01T12:00:00Z', '2024-07-01T12:00:00.000Z', false],
    ['2024-07-01T12:00:00.250+02:00', '2024-07-01T10:00:00.250Z', false],
    ['2024-07-01T12:00+0530', '2024-07-01T06:30:00.000Z', false],
    ['15-01-2024 18:30', '2024-01-15T17:30:00.000Z', false],
    ['5-1-2024', '2024-01-04T23:00:00.000Z', true],
    ['15/01/2024', '2024-01-14T23:00:00.000Z', true],
    ['15/07/2024 09:05', '2024-07-15T07:05:00.000Z', false],
    ['15.01.2024 18.30 uur', '2024-01-15T17:30:00.000Z', false],
  ])('parses date %j', (raw, iso, dateOnly) => {
    const d = parseIncidentDate(raw);
    expect(d?.date.toISOString()).toBe(iso);
    expect(d?.dateOnly).toBe(dateOnly);
  });

  it.each(['31-02-2024', '2024-13-01', '2024-01-15T25:00', '15-01-24', 'gisteren', '2024-01-15T18:60', ''])('rejects date %j', (raw) => {
    expect(parseIncidentDate(raw)).toBeNull();
  });
});

describe('parseIncidents: valid files', () => {
  it('reads a Dutch ; CSV with BOM, CRLF, decimal commas and RD coordinates', async () => {
    const r = await parseFixture('nl-rd-puntkomma.csv');
    expect(r.detected).toMatchObject({ format: 'csv', delimiter: ';', crs: 'EPSG:28992', encoding: 'utf-8', axesSwapped: false, idsGenerated: false });
    expect(r.detected.columns).toMatchObject({ id: 'Registratienummer', kind: 'Soort delict', from: 'Pleegdatum van', x: 'X-coördinaat', y: 'Y-coördinaat', modusOperandi: 'Werkwijze', targetType: 'Woningtype' });
    expect(r.total).toBe(8);
    expect(r.rejected).toEqual([]);
    expect(r.rows).toHaveLength(8);
    for (const row of r.rows) expect(ValidIncidentSchema.safeParse(row).success).toBe(true);
    const [a, b, c, d, , , g, h] = r.rows;
    expect(a).toEqual({
      sourceId: 'PL0600-2024-0001',
      kind: 'woninginbraak',
      from: new Date('2024-01-15T17:30:00Z'),
      to: new Date('2024-01-15T20:45:00Z'),
      x: 196371.02,
      y: 472684.59,
      address: 'Zwolseweg 101',
      postcode: '7315AA',
      modusOperandi: 'cilinder trekken',
      targetType: 'rijtjeswoning',
    });
    // date-only from without to: the whole local day
    expect(b).toMatchObject({ kind: 'poging_woninginbraak', from: new Date('2024-01-15T23:00:00Z'), to: new Date('2024-01-16T22:59:59.999Z') });
    expect(c).toMatchObject({ kind: 'woninginbraak', from: new Date('2024-01-19T07:00:00Z'), to: new Date('2024-01-19T16:30:00Z'), targetType: 'hoekwoning' });
    // ISO local time without `to`: to = from
    expect(d).toMatchObject({ kind: 'straatroof', from: new Date('2024-02-03T21:15:00Z'), to: new Date('2024-02-03T21:15:00Z'), postcode: '7311' });
    // date-only `to` = end of that day
    expect(g!.to).toEqual(new Date('2024-02-18T22:59:59.999Z'));
    // across the DST change, "Diefstal/inbraak woning" and "2-onder-1-kap"
    expect(h).toMatchObject({ kind: 'woninginbraak', from: new Date('2024-03-31T00:30:00Z'), to: new Date('2024-03-31T01:30:00Z'), targetType: 'twee_onder_een_kap' });
  });

  it('reads an English , CSV with lat/lon, offsets and quoted fields', async () => {
    const r = await parseFixture('en-latlon-komma.csv');
    expect(r.detected).toMatchObject({ delimiter: ',', crs: 'EPSG:4326' });
    expect(r.rejected).toEqual([]);
    expect(r.rows.map((x) => x.kind)).toEqual(['woninginbraak', 'poging_woninginbraak', 'straatroof', 'overval', 'geweld']);
    const [a, b, c, d, e] = r.rows;
    // WGS84 -> RD through crs.ts: within a few centimetres of the RD fixture values
    expect(a!.x).toBeCloseTo(196371.02, 0);
    expect(a!.y).toBeCloseTo(472684.59, 0);
    expect(a).toMatchObject({ from: new Date('2024-01-15T17:30:00Z'), to: new Date('2024-01-15T20:00:00Z'), address: 'Zwolseweg 101, Apeldoorn', postcode: '7315AA', targetType: 'rijtjeswoning' });
    expect(b).toMatchObject({ from: new Date('2024-07-01T12:00:00Z'), to: new Date('2024-07-01T12:00:00Z') });
    expect(c!.address).toBe('Marktplein "centrum"');
    expect(d).toMatchObject({ from: new Date('2024-03-04T23:00:00Z'), to: new Date('2024-03-05T22:59:59.999Z'), targetType: 'shop' });
    expect(e!.from).toEqual(new Date('2024-05-05T21:30:00Z'));
    expect(e!.x).toBeCloseTo(190894.56, 0);
  });

  it('reads GeoJSON in WGS84, with feature ids and per-feature geometry errors', async () => {
    const r = await parseFixture('incidents.geojson');
    expect(r.detected).toMatchObject({ format: 'geojson', crs: 'EPSG:4326' });
    expect(r.total).toBe(5);
    expect(r.rows.map((x) => x.sourceId)).toEqual(['G-1', 'G-2', '3']);
    expect(r.rows[0]).toMatchObject({ kind: 'woninginbraak', modusOperandi: 'flipperen', targetType: 'appartement' });
    expect(r.rows[0]!.x).toBeCloseTo(196371.02, 0);
    expect(r.rejected).toEqual([
      { line: 4, id: 'G-4', reasons: ['geometrie is geen Point maar LineString'] },
      { line: 5, id: 'G-5', reasons: ['geometrie ontbreekt (coördinaten ontbreken)'] },
    ]);
  });

  it('reads GeoJSON with a legacy crs member naming EPSG:28992', async () => {
    const r = await parseFixture('incidents-rd.geojson');
    expect(r.detected.crs).toBe('EPSG:28992');
    expect(r.rows).toMatchObject([
      { sourceId: 'R-1', kind: 'woninginbraak', x: 196371.02, y: 472684.59 },
      { sourceId: 'R-2', kind: 'overval', x: 193369.85, y: 470161.94 },
    ]);
  });

  it('swaps lat/lon back when the whole file has them swapped, with a warning', async () => {
    const r = await parseFixture('latlon-verwisseld.csv');
    expect(r.detected.axesSwapped).toBe(true);
    expect(r.detected.warnings.join(' ')).toMatch(/verwisseld/);
    expect(r.rows).toHaveLength(5);
    expect(r.rows[0]!.x).toBeCloseTo(196371.02, 0);
    expect(r.rows[0]!.y).toBeCloseTo(472684.59, 0);
  });

  it('accepts strings, Buffers, Windows-1252 and an Excel sep= line', async () => {
    const text = 'sep=;\nID;Soort;Datum;Begintijd;Eindtijd;X-coördinaat;Y-coördinaat;Straat;Huisnummer\n1;Woninginbraak;15-01-2024;18:30;21:00;196371,02;472684,59;Zwolseweg;101\n';
    for (const input of [text, Buffer.from(text, 'utf8'), Buffer.from(text, 'latin1')]) {
      const r = await parseIncidents(input, { now: NOW });
      expect(r.detected.delimiter).toBe(';');
      expect(r.detected.columns.x).toBe('X-coördinaat');
      expect(r.rows).toEqual([
        { sourceId: '1', kind: 'woninginbraak', from: new Date('2024-01-15T17:30:00Z'), to: new Date('2024-01-15T20:00:00Z'), x: 196371.02, y: 472684.59, address: 'Zwolseweg 101' },
      ]);
    }
    expect((await parseIncidents(Buffer.from(text, 'latin1'))).detected.encoding).toBe('windows-1252');
  });

  it('takes an end time before the start time as the next morning', async () => {
    const r = await parseIncidents('id;soort;datum;tijd van;tijd tot;x;y\n1;woninginbraak;2024-01-15;23:00;06:30;196371;472684\n');
    expect(r.rows[0]).toMatchObject({ from: new Date('2024-01-15T22:00:00Z'), to: new Date('2024-01-16T05:30:00Z') });
  });

  it('generates content ids when there is no id column, so exact duplicates are caught', async () => {
    const csv = 'soort,van,lat,lon\nwoninginbraak,2024-01-10T19:00,52.240662,5.992907\nwoninginbraak,2024-01-10T19:00,52.240662,5.992907\nstraatroof,2024-01-10T19:00,52.240662,5.992907\n';
    const r = await parseIncidents(csv);
    expect(r.detected.idsGenerated).toBe(true);
    expect(r.rows).toHaveLength(2);
    expect(r.rows[0]!.sourceId).toMatch(/^h[0-9a-f]{16}$/);
    expect(r.rejected).toEqual([{ line: 3, id: r.rows[0]!.sourceId, reasons: [expect.stringMatching(/dubbel id/)] }]);
    // same content, same id: a re-import is recognised
    const again = await parseIncidents(csv, { knownIds: new Set(r.rows.map((x) => x.sourceId)) });
    expect(again.rows).toHaveLength(0);
  });

  it('uses the filled pair when a file has both x/y and lat/lon columns', async () => {
    const r = await parseIncidents('id;soort;van;x;y;lat;lon\n1;overval;2024-01-10 19:00;;;52,240662;5,992907\n');
    expect(r.detected.crs).toBe('EPSG:4326');
    expect(r.rows).toHaveLength(1);
    expect(r.detected.warnings[0]).toMatch(/zowel x\/y/);
  });
});

describe('parseIncidents: rejected rows', () => {
  it('lists each bad row with its line number and Dutch reasons', async () => {
    const r = await parseFixture('slechte-rijen.csv', { knownIds: new Set(['B-11']) });
    expect(r.total).toBe(11);
    expect(r.rows.map((x) => x.sourceId)).toEqual(['B-1', 'B-8']);
    expect(r.rows[0]!.address).toBe('Zwolseweg 101\n(achterzijde)');
    const byLine = Object.fromEntries(r.rejected.map((x) => [x.line, x]));
    expect(Object.keys(byLine).map(Number)).toEqual([4, 5, 6, 7, 8, 9, 12, 13, 14]);
    expect(byLine[4]).toMatchObject({ id: 'B-2', reasons: [expect.stringMatching(/^ongeldige begindatum "31-02-2024 19:00"/)] });
    expect(byLine[5]).toMatchObject({ id: 'B-3', reasons: [expect.stringMatching(/einddatum .* ligt vóór begindatum/)] });
    // Times as the file gave them (Europe/Amsterdam), in Dutch words, not UTC ISO strings.
    expect(byLine[5]!.reasons[0]).toMatch(/^einddatum 12 jan 2024, 19:00 \(.*\) ligt vóór begindatum 12 jan 2024, 22:00 /);
    expect(byLine[6]).toMatchObject({ id: 'B-4', reasons: [expect.stringMatching(/buiten de gemeente/)] });
    expect(byLine[7]!.reasons[0]).toMatch(/onbekende soort "fietsdiefstal"; toegestaan: woninginbraak .*poging_woninginbraak.*straatroof.*overval.*geweld/);
    expect(byLine[8]).toEqual({ line: 8, id: 'B-1', reasons: ['dubbel id "B-1" (eerder op regel 2)'] });
    expect(byLine[9]).toMatchObject({ id: 'B-7', reasons: [expect.stringMatching(/coördinaten ontbreken/)] });
    expect(byLine[12]).toEqual({ line: 12, reasons: ['id ontbreekt'] });
    expect(byLine[13]!.reasons).toHaveLength(3);
    expect(byLine[13]!.reasons.join(' | ')).toMatch(/begindatum "gisteren".*einddatum "morgen".*ongeldige coördinaten \(x="abc"\)/);
    expect(byLine[14]).toEqual({ line: 14, id: 'B-11', reasons: ['id "B-11" is al eerder ingelezen'] });
    expect(r.rejectedCount).toBe(9);
  });

  it('rejects single rows that do not fit the file: swapped, wrong unit, outside NL, future', async () => {
    const rows = Array.from({ length: 9 }, (_, i) => `${i},woninginbraak,2024-01-1${i}T19:00,52.2${i},5.9${i}`);
    rows.push('s,woninginbraak,2024-01-10T19:00,5.95,52.21', 'm,woninginbraak,2024-01-10T19:00,472684,196371', 'o,woninginbraak,2024-01-10T19:00,48.85,2.35', 'f,woninginbraak,2030-01-10T19:00,52.21,5.95');
    const r = await parseIncidents(`id,kind,from,lat,lon\n${rows.join('\n')}\n`, { now: NOW });
    expect(r.rows).toHaveLength(9);
    const reasons = Object.fromEntries(r.rejected.map((x) => [x.id, x.reasons[0]]));
    expect(reasons.s).toMatch(/verwisseld/);
    expect(reasons.m).toMatch(/RD-meters/);
    expect(reasons.o).toMatch(/buiten Nederland/);
    expect(reasons.f).toMatch(/toekomst/);
  });

  it('caps the detailed list with maxRejected but counts all', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i};fiets;2024-01-10 19:00;196371;472684`).join('\n');
    const r = await parseIncidents(`id;soort;van;x;y\n${body}\n`, { maxRejected: 5 });
    expect(r.rejected).toHaveLength(5);
    expect(r.rejectedCount).toBe(50);
  });
});

describe('parseIncidents: whole-file errors', () => {
  it.each([
    ['leeg.csv', 'EMPTY', /leeg/],
    ['alleen-kop.csv', 'EMPTY', /geen incidenten/],
    ['geen-kop.csv', 'NO_HEADER', /Geen herkenbare kopregel.*lijkt een gegevensregel/],
    ['geen-coordinaten.csv', 'NO_COORDINATES', /x en y.*lat en lon/],
    ['xy-in-graden.csv', 'CRS_MISMATCH', /x\/y bevatten graden/],
    ['latlon-in-meters.csv', 'CRS_MISMATCH', /lat\/lon bevatten meters/],
    ['latlon-gemengd.csv', 'CRS_INCOHERENT', /niet eenduidig: 3 rijen .* 3 rijen hebben de assen verwisseld/],
  ])('%s -> %s', async (name, code, message) => {
    const e = await fileError(parseFixture(name));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('reports a missing kind or date column', async () => {
    const e = await fileError(parseIncidents('id;van;x;y\n1;2024-01-01;196371;472684\n'));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toMatch(/soort/);
  });

  it('treats white space as empty and rejects broken GeoJSON', async () => {
    expect((await fileError(parseIncidents('  \n\r\n '))).code).toBe('EMPTY');
    expect((await fileError(parseIncidents('{"type": "FeatureCollection", "features": ['))).code).toBe('INVALID_GEOJSON');
    expect((await fileError(parseIncidents('{"type": "Feature"}'))).code).toBe('INVALID_GEOJSON');
    expect((await fileError(parseIncidents('{"type": "FeatureCollection", "features": []}'))).code).toBe('EMPTY');
  });

  it('rejects GeoJSON whose coordinates do not match its (declared or default) CRS', async () => {
    const feature = (c: number[]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: c }, properties: { id: String(c[0]), soort: 'overval', van: '2024-01-01' } });
    const rdWithoutCrs = { type: 'FeatureCollection', features: [feature([196371, 472684]), feature([193369, 470161])] };
    const e = await fileError(parseIncidents(JSON.stringify(rdWithoutCrs)));
    expect(e.code).toBe('CRS_MISMATCH');
    expect(e.message).toMatch(/EPSG::28992/);
    const otherCrs = { ...rdWithoutCrs, crs: { type: 'name', properties: { name: 'EPSG:3857' } } };
    expect((await fileError(parseIncidents(JSON.stringify(otherCrs)))).code).toBe('CRS_UNKNOWN');
    const latLonOrder = { type: 'FeatureCollection', features: [feature([52.24, 5.99]), feature([52.21, 5.95])] };
    const r = await parseIncidents(JSON.stringify(latLonOrder));
    expect(r.detected.axesSwapped).toBe(true);
    expect(r.rows).toHaveLength(2);
  });

  it('forces the format when asked', async () => {
    const e = await fileError(parseIncidents('id;soort;van;x;y\n', { format: 'geojson' }));
    expect(e.code).toBe('INVALID_GEOJSON');
  });
});

describe('parseIncidents: streaming', () => {
  function bigCsv(n: number, degrees = false) {
    let bytes = 0;
    async function* gen() {
      const head = Buffer.from('registratienummer;soort;van;tot;x;y\n');
      bytes += head.length;
      yield head;
      for (let i = 0; i < n; i += 1000) {
        let s = '';
        for (let j = i; j < Math.min(n, i + 1000); j++) {
          const coords = degrees ? `5,9${j % 10};52,2${j % 7}` : `${190000 + (j % 5000)},5;${466000 + (j % 4000)},25`;
          s += `I${j};woninginbraak;${String(1 + (j % 28)).padStart(2, '0')}-01-2024 19:00;;${coords}\n`;
        }
        const b = Buffer.from(s);
        bytes += b.length;
        yield b;
      }
    }
    return { stream: Readable.from(gen()), bytesProduced: () => bytes };
  }

  it('parses a large stream with progress reports', async () => {
    // Progress every 500 rows over 6,000 rows: the same 12 reports as every 5,000 over 60,000,
    // at a tenth of the work, so the test does not need a quiet machine to finish in time.
    const { stream, bytesProduced } = bigCsv(6_000);
    const progress: [number, number][] = [];
    const r = await parseIncidents(stream, { progressEvery: 500, onProgress: (rows, bytes) => progress.push([rows, bytes]) });
    expect(r.rows).toHaveLength(6_000);
    expect(r.rows[5_999]).toMatchObject({ sourceId: 'I5999', x: 190999.5 });
    expect(progress.length).toBeGreaterThanOrEqual(12);
    expect(progress.slice(0, 12).map(([rows]) => rows)).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 500));
    expect(progress.at(-1)).toEqual([6_000, bytesProduced()]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('stops reading as soon as the file is refused', async () => {
    const { stream, bytesProduced } = bigCsv(200_000, true);
    const e = await fileError(parseIncidents(stream));
    expect(e.code).toBe('CRS_MISMATCH');
    expect(bytesProduced()).toBeLessThan(1_000_000); // of ~9 MB
  });

  it('reports line numbers of records with embedded line breaks', async () => {
    const csv = readFileSync(fixturePath('slechte-rijen.csv'), 'utf8');
    // Feed it one character at a time: line bookkeeping must not depend on chunk boundaries.
    const r = await parseIncidents(Readable.from(csv.split('')), { now: NOW, isInside });
    expect(r.rejected.map((x) => x.line)).toEqual([4, 5, 6, 7, 8, 9, 12, 13]);
  });
});
