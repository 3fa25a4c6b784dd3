import { describe, expect, it } from 'vitest';
import {
  BURGLARY_KINDS,
  INCIDENT_KINDS,
  INCIDENT_KIND_LABELS,
  IncidentKindSchema,
  normalizeLabel,
  parseDwellingType,
  parseIncidentKind,
} from '../../../server/domain/incidents/kinds.js';
import { amsterdamEndOfDay, amsterdamParts, amsterdamToUtc, localDate, parseLocalDate, shiftDate } from '../../../server/domain/incidents/time.js';

describe('incident kinds', () => {
  it('has the five HIC kinds with Dutch labels and a zod enum', () => {
    expect(INCIDENT_KINDS).toEqual(['woninginbraak', 'poging_woninginbraak', 'straatroof', 'overval', 'geweld']);
    expect(INCIDENT_KIND_LABELS.poging_woninginbraak).toBe('Poging woninginbraak');
    expect(IncidentKindSchema.parse('overval')).toBe('overval');
    expect(IncidentKindSchema.safeParse('fietsdiefstal').success).toBe(false);
    expect(BURGLARY_KINDS).toEqual(['woninginbraak', 'poging_woninginbraak']);
  });

  it.each([
    ['Woninginbraak', 'woninginbraak'],
    ['inbraak woning', 'woninginbraak'],
    ['Diefstal/inbraak woning', 'woninginbraak'],
    ['burglary', 'woninginbraak'],
    ['Residential Burglary', 'woninginbraak'],
    ['poging_woninginbraak', 'poging_woninginbraak'],
    ['Poging tot woninginbraak', 'poging_woninginbraak'],
    ['attempted burglary', 'poging_woninginbraak'],
    ['POGING-WONINGINBRAAK', 'poging_woninginbraak'],
    ['street robbery', 'straatroof'],
    ['Straatroof', 'straatroof'],
    ['robbery', 'overval'],
    ['Overval', 'overval'],
    ['géweld', 'geweld'],
    ['assault', 'geweld'],
    [' Mishandeling ', 'geweld'],
  ] as const)('maps %j to %s', (raw, kind) => {
    expect(parseIncidentKind(raw)).toBe(kind);
  });

  it('does not guess unknown kinds', () => {
    expect(parseIncidentKind('fietsdiefstal')).toBeUndefined();
    expect(parseIncidentKind('inbraak')).toBeUndefined();
    expect(parseIncidentKind('')).toBeUndefined();
    expect(parseIncidentKind(undefined)).toBeUndefined();
  });

  it('normalises labels (accents, case, punctuation)', () => {
    expect(normalizeLabel('X-Coördinaat (RD)')).toBe('x coordinaat rd');
    expect(normalizeLabel('Pleegdatum_van')).toBe('pleegdatum van');
  });

  it('recognises dwelling types', () => {
    expect(parseDwellingType('Tussenwoning')).toBe('rijtjeswoning');
    expect(parseDwellingType('2-onder-1-kap')).toBe('twee_onder_een_kap');
    expect(parseDwellingType('Twee-onder-een-kapwoning')).toBe('twee_onder_een_kap');
    expect(parseDwellingType('galerijflat')).toBe('appartement');
    expect(parseDwellingType('detached house')).toBe('vrijstaand');
    expect(parseDwellingType('winkel')).toBeUndefined();
  });
});

describe('Europe/Amsterdam time', () => {
  it('converts winter and summer wall-clock times', () => {
    expect(amsterdamToUtc(2024, 1, 15, 18, 30).toISOString()).toBe('2024-01-15T17:30:00.000Z');
    expect(amsterdamToUtc(2024, 7, 1, 12, 0).toISOString()).toBe('2024-07-01T10:00:00.000Z');
  });

  it('moves a time in the spring gap forward and takes summer time in the autumn overlap', () => {
    // 31 March 2024: 02:00 CET -> 03:00 CEST; 02:30 does not exist.
    expect(amsterdamToUtc(2024, 3, 31, 2, 30).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(amsterdamToUtc(2024, 3, 31, 3, 30).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    // 27 October 2024: 03:00 CEST -> 02:00 CET; 02:30 occurs twice, first one (CEST) wins.
    expect(amsterdamToUtc(2024, 10, 27, 2, 30).toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('gives local parts and day ends', () => {
    expect(amsterdamParts(new Date('2024-01-15T23:30:00Z'))).toMatchObject({ year: 2024, month: 1, day: 16, hour: 0, minute: 30, weekday: 2 });
    expect(amsterdamParts(new Date('2024-06-30T22:30:00Z'))).toMatchObject({ month: 7, day: 1, hour: 0 });
    expect(amsterdamEndOfDay(2024, 3, 31).toISOString()).toBe('2024-03-31T21:59:59.999Z');
    expect(amsterdamEndOfDay(2024, 12, 31).toISOString()).toBe('2024-12-31T22:59:59.999Z');
  });
});

describe('calendar dates (YYYY-MM-DD)', () => {
  it('parses, formats in Europe/Amsterdam and shifts by calendar days', () => {
    expect(parseLocalDate('2024-03-05')).toEqual([2024, 3, 5]);
    // 23:30 UTC on 31 Dec is already 1 Jan in Amsterdam (UTC+1).
    expect(localDate(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    expect(localDate(Date.parse('2024-06-30T21:59:59Z'))).toBe('2024-06-30');
    expect(shiftDate('2024-02-28', 1)).toBe('2024-02-29');
    expect(shiftDate('2025-01-01', -364)).toBe('2024-01-03');
  });
});
