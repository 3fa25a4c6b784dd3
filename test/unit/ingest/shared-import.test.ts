/**
 * The shared import pieces: the commit decision (dry run, all-or-nothing), the rejection log and
 * its report shape, the incident rows in that shape, and the shared text decoding of flat files.
 */
import { describe, expect, it } from 'vitest';
import { importDecision } from '../../../server/ingest/commit.js';
import { readFeatures } from '../../../server/ingest/features/read.js';
import { parseIncidents } from '../../../server/ingest/incidents/parse.js';
import { groupByRow, RejectionLog } from '../../../server/ingest/report.js';
import { decodeText } from '../../../server/ingest/text.js';

describe('importDecision', () => {
  it('refuses a file with one rejected row under all-or-nothing, before empty and dry run', () => {
    expect(importDecision({ accepted: 3, rejectedCount: 1 }, 'all-or-nothing', false)).toBe('refused');
    expect(importDecision({ accepted: 0, rejectedCount: 1 }, 'all-or-nothing', true)).toBe('refused');
    expect(importDecision({ accepted: 3, rejectedCount: 1 }, 'valid-rows', false)).toBe('store');
    expect(importDecision({ accepted: 0, rejectedCount: 2 }, 'valid-rows', false)).toBe('empty');
    expect(importDecision({ accepted: 3, rejectedCount: 0 }, 'all-or-nothing', true)).toBe('dry-run');
    expect(importDecision({ accepted: 3, rejectedCount: 0 }, 'all-or-nothing', false)).toBe('store');
  });
});

describe('RejectionLog', () => {
  it('lists at most maxRows rows with every reason, counts them all', () => {
    const log = new RejectionLog(2);
    log.add(3, [{ field: 'soort', reason: 'a' }, { reason: 'b' }], { id: 'X' });
    log.add(5, [{ field: 'van', reason: 'c' }]);
    log.add(9, [{ reason: 'd' }]);
    expect(log.report(10, ['w'])).toEqual({
      rows: 10,
      accepted: 7,
      rejectedCount: 3,
      warnings: ['w'],
      rejected: [
        { row: 3, id: 'X', field: 'soort', reason: 'a' },
        { row: 3, id: 'X', reason: 'b' },
        { row: 5, field: 'van', reason: 'c' },
      ],
    });
    expect(groupByRow(log.listed)).toEqual([
      { row: 3, id: 'X', reasons: ['a', 'b'] },
      { row: 5, reasons: ['c'] },
    ]);
  });
});

describe('incident rows in the shared report shape', () => {
  it('names the column each reason is about, and agrees with the per-row list', async () => {
    const csv = 'nr;soort;van;x;y\nA;woninginbraak;2024-01-01;194000;469000\nB;fietsdiefstal;gisteren;194000;469000\nC;overval;2024-01-02;abc;469000\n';
    const r = await parseIncidents(csv, { now: new Date('2025-01-01T00:00:00Z') });
    expect(r.report).toMatchObject({ rows: 3, accepted: 1, rejectedCount: 2 });
    expect(r.report.rejected.map((x) => [x.row, x.id, x.field])).toEqual([
      [3, 'B', 'soort'],
      [3, 'B', 'van'],
      [4, 'C', 'x/y'],
    ]);
    expect(r.rejected).toEqual(groupByRow(r.report.rejected).map((g) => ({ line: g.row, id: g.id, reasons: g.reasons })));
  });
});

describe('shared text decoding', () => {
  it('reads a Windows-1252 register CSV (what Dutch Excel writes) without mangling accents', async () => {
    const bytes = Uint8Array.from(Buffer.from('naam;x;y\nCaf\xe9 De Zw\xe4n;194000;469000\n', 'latin1'));
    const src = await readFeatures(bytes, 'parken.csv');
    expect(src.rows[0]!.properties.naam).toBe('Café De Zwän');
    expect(decodeText(Uint8Array.from(Buffer.from('\uFEFFé', 'utf8')))).toEqual({ text: 'é', encoding: 'utf-8' });
  });
});
