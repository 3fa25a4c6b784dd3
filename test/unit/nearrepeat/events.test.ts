import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCoordinate, parseEventDate, parseEventsCsv } from '../../../server/domain/nearrepeat/events.js';
import { KnoxInputError } from '../../../server/domain/nearrepeat/knox.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/nearrepeat/${name}`, import.meta.url), 'utf8');
const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86_400_000;

describe('parseEventDate', () => {
  it('ISO and DD-MM-YYYY dates give whole day numbers', () => {
    expect(parseEventDate('2024-01-01')).toBe(day(2024, 1, 1));
    expect(parseEventDate('01-01-2024')).toBe(day(2024, 1, 1));
    expect(parseEventDate('1-3-2024')).toBe(day(2024, 3, 1));
    expect(parseEventDate(' 2024-02-29 ')).toBe(day(2024, 2, 29));
  });
  it('a time of day gives a fractional day number', () => {
    expect(parseEventDate('2024-01-01T12:00')).toBe(day(2024, 1, 1) + 0.5);
    expect(parseEventDate('2024-01-01 06:00:00')).toBe(day(2024, 1, 1) + 0.25);
    expect(parseEventDate('02-01-2024 18:00')).toBe(day(2024, 1, 2) + 0.75);
    expect(parseEventDate('2024-01-01T12:00:00Z')).toBe(day(2024, 1, 1) + 0.5);
    expect(parseEventDate('2024-01-01T12:00:00+02:00')).toBeCloseTo(day(2024, 1, 1) + 10 / 24, 12);
  });
  it('rejects impossible or unknown dates', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '31-04-2024', '2024-01-01T24:00', 'gisteren', '', '2024/01/01', '12/31/2015']) {
      expect(parseEventDate(bad), bad).toBeNull();
    }
  });
});

describe('parseCoordinate', () => {
  it('accepts dots, exponents and a Dutch decimal comma', () => {
    expect(parseCoordinate('191234.5')).toBe(191234.5);
    expect(parseCoordinate('191234,5')).toBe(191234.5);
    expect(parseCoordinate('-3')).toBe(-3);
    expect(parseCoordinate('1e3')).toBe(1000);
    expect(parseCoordinate('')).toBeNull();
    expect(parseCoordinate('1.000,5')).toBeNull();
  });
});

describe('parseEventsCsv', () => {
  it('reads id,x,y,date with mixed date formats', () => {
    const p = parseEventsCsv(fixture('edges.csv'));
    expect(p.ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(Array.from(p.columns.t, (t) => t - day(2024, 1, 1))).toEqual([0, 0, 7, 14, 28, 60, 161, 161, 167]);
    expect(p.hasTimes).toBe(false);
  });
  it('reads semicolon CSV with Dutch decimals, a BOM-free "datum" column and CRLF', () => {
    const p = parseEventsCsv(fixture('semicolon.csv'));
    expect(Array.from(p.columns.x)).toEqual([1000.5, 1001.5]);
    expect(Array.from(p.columns.t, (t) => t - day(2024, 1, 1))).toEqual([0, 1]);
  });
  it('strips a byte-order mark', () => {
    const p = parseEventsCsv('\uFEFFid,x,y,date\n1,0,0,2024-01-01\n2,1,1,2024-01-02\n');
    expect(p.columns.x.length).toBe(2);
  });
  it('reports missing columns', () => {
    expect(() => parseEventsCsv(fixture('missing-columns.csv'))).toThrow(KnoxInputError);
    expect(() => parseEventsCsv(fixture('missing-columns.csv'))).toThrow(/Kolommen ontbreken in het CSV-bestand: y, date/);
  });
  it('reports unparsable dates with their row', () => {
    expect(() => parseEventsCsv(fixture('bad-date.csv'))).toThrow(/2 rijen zijn niet te lezen.*rij 2: ongeldige datum "2024-02-30".*rij 3: ongeldige datum "gisteren"/);
  });
  it('needs two events', () => {
    expect(() => parseEventsCsv(fixture('one-event.csv'))).toThrow(/minstens 2 gebeurtenissen nodig.*\(gevonden: 1\)/);
  });
});
