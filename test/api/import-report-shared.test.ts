/**
 * The incident import answers, besides its own per-row list, the report shape every file import
 * shares (rows, accepted, rejected with row, id, field and Dutch reason, counts), the same as the
 * register import; a real import still stores the valid rows in one transaction.
 */
import { expect, it } from 'vitest';
import { ImportReportSchema } from '../../server/contract/incidents.js';
import { FileImportReportSchema } from '../../server/contract/import-report.js';
import { groupByRow } from '../../server/ingest/report.js';
import { testApp } from '../support/db.js';
import { POLITIE_CSV as CSV, noIncidents } from '../support/builders.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];

async function importCsv(app: App, query: string) {
  const res = await app.request(`/api/incidents/import${query}`, { method: 'POST', body: CSV, headers: { 'Content-Type': 'text/csv' } });
  expect(res.status).toBe(200);
  return ImportReportSchema.parse(await res.json());
}

it('the incident import report in the shared shape: every reason with its row, id and column; a real import stores the valid rows', async () => {
  const { db, app } = await testApp({ as: ['analist', 'beheerder'] });
  try {
    await noIncidents(db);
    const dry = await importCsv(app, '?dryRun=true&name=politie-export.csv');
    const shared = FileImportReportSchema.parse(dry.report);
    expect(shared).toMatchObject({ rows: dry.total, accepted: dry.imported, rejectedCount: dry.rejectedCount });
    expect(groupByRow(shared.rejected).map((g) => ({ line: g.row, ...(g.id !== undefined ? { id: g.id } : {}), reasons: g.reasons }))).toEqual(dry.rejected);
    expect(shared.rejected.every((x) => typeof x.field === 'string' && x.field.length > 0)).toBe(true);
    expect(shared.rejected.find((x) => x.row === 10)).toMatchObject({ id: 'PL0600-2024-0001', reason: expect.stringMatching(/dubbel id/) });

    const real = await importCsv(app, '?name=politie-export.csv');
    expect(real.batchId).not.toBeNull();
    expect(real.report).toMatchObject({ rows: 11, accepted: 6, rejectedCount: 5 });
    const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident WHERE batch_id = $1', [real.batchId]);
    expect(Number(n!.n)).toBe(6);
  } finally {
    await db.close();
  }
});
