/**
 * Incident import and import batches: parse a file -> one transaction with the spatial join
 * (the batch, its incidents and the removal of the demo incidents), the batch list and the
 * removal of a batch. SQL lives in server/db/queries/incidents-*.sql.
 */
import { assertCan, type Caller } from '../auth/caller.js';
import { writeAudit } from './audit.service.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { FileImportReport } from '../contract/import-report.js';
import type { BatchList, ImportReport } from '../contract/incidents.js';
import type { ValidIncident } from '../domain/incidents/incident.js';
import { AppError, NotFoundError } from '../errors.js';
import {
  IncidentFileError,
  parseIncidents,
  type IncidentFileFormat,
  type IncidentInput,
  type ParseIncidentsResult,
} from '../ingest/incidents/parse.js';
import { commitImport } from '../ingest/commit.js';
import { gemeente } from './gemeente.service.js';

/** Rows per multi-row INSERT (parallel arrays through unnest). */
const INSERT_CHUNK = 1000;
/** Rejected rows returned in an import report (all are counted). */
const REPORT_REJECTED = 500;
/** Rejected rows kept in the batch's stored report. */
const STORED_REJECTED = 2000;

export interface NewBatch {
  source: string;
  format: IncidentFileFormat | 'demo';
  demo: boolean;
  total: number;
  rejected: number;
  report?: unknown;
  parameters?: unknown;
}

/**
 * Stores a batch and its incidents on `tx` (call inside a transaction): chunked multi-row
 * INSERTs with the spatial join to buurt/wijk/PC4. Returns the batch id and the stored count.
 */
export async function storeBatch(tx: Db, batch: NewBatch, rows: readonly ValidIncident[]): Promise<{ batchId: number; imported: number }> {
  const [b] = await tx.query<{ id: number }>(sql('incidents-insert-batch'), [
    batch.source,
    batch.format,
    batch.demo,
    batch.total,
    batch.rejected,
    batch.report === undefined ? null : JSON.stringify(batch.report),
    batch.parameters === undefined ? null : JSON.stringify(batch.parameters),
  ]);
  const batchId = Number(b!.id);
  const insert = sql('incidents-insert');
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    await tx.query(insert, [
      batchId,
      batch.demo,
      chunk.map((r) => r.sourceId),
      chunk.map((r) => r.kind),
      chunk.map((r) => r.from.toISOString()),
      chunk.map((r) => r.to.toISOString()),
      chunk.map((r) => r.x),
      chunk.map((r) => r.y),
      chunk.map((r) => r.address ?? null),
      chunk.map((r) => r.postcode ?? null),
      chunk.map((r) => r.modusOperandi ?? null),
      chunk.map((r) => r.targetType ?? null),
    ]);
  }
  const [fin] = await tx.query<{ imported: number }>(sql('incidents-finish-batch'), [batchId]);
  return { batchId, imported: Number(fin?.imported ?? 0) };
}

export interface ImportOptions {
  dryRun: boolean;
  /** File name or other description of the source. */
  source: string;
  format?: IncidentFileFormat | undefined;
  onProgress?: (rowsDone: number, bytesDone: number) => void;
  /** Rows starting more than a day after this are rejected (default: now). */
  now?: Date;
}

/** Thrown when the file as a whole cannot be imported (nothing is stored); `message` is Dutch. */
export class IncidentImportRefused extends AppError {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(422, 'Bestand geweigerd', detail, { code });
  }
}

/** The shared report with the reasons of the first `maxRows` rejected rows (all are counted). */
function listedReport(report: FileImportReport, maxRows: number): FileImportReport {
  const rows = new Set<number>();
  const rejected = report.rejected.filter((r) => (rows.has(r.row) || rows.size < maxRows ? (rows.add(r.row), true) : false));
  return { ...report, rejected };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/**
 * Parses an incident file and, unless `dryRun`, stores all valid rows in one transaction:
 * the batch, its incidents and (for real data) the removal of the demo incidents commit
 * together or not at all. Rejected rows (bad values, outside the gemeente, duplicate ids in the
 * file or already stored) are reported with their line numbers.
 */
export async function importIncidents(caller: Caller, db: Db, input: IncidentInput, options: ImportOptions): Promise<ImportReport> {
  assertCan(caller, 'incidents:import');
  const gm = await gemeente(db);
  const knownIds = new Set((await db.query<{ source_id: string }>(sql('incidents-known-ids'))).map((r) => r.source_id));
  let parsed: ParseIncidentsResult;
  try {
    parsed = await parseIncidents(input, {
      ...(options.format ? { format: options.format } : {}),
      isInside: gm.isInside,
      knownIds,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (err) {
    if (err instanceof IncidentFileError) throw new IncidentImportRefused(err.code, err.message);
    throw err;
  }
  const report: ImportReport = {
    dryRun: options.dryRun,
    batchId: null,
    source: options.source,
    total: parsed.total,
    imported: parsed.rows.length,
    rejectedCount: parsed.rejectedCount,
    rejected: parsed.rejected.slice(0, REPORT_REJECTED),
    replacedDemo: 0,
    detected: parsed.detected as unknown as Record<string, unknown>,
    report: listedReport(parsed.report, REPORT_REJECTED),
  };
  try {
    const outcome = await commitImport(db, {
      rule: 'valid-rows',
      dryRun: options.dryRun,
      accepted: parsed.rows.length,
      rejectedCount: parsed.rejectedCount,
      store: async (tx) => {
        const res = await storeBatch(
          tx,
          {
            source: options.source,
            format: parsed.detected.format,
            demo: false,
            total: parsed.total,
            rejected: parsed.rejectedCount,
            report: { detected: parsed.detected, rejectedCount: parsed.rejectedCount, rejected: parsed.rejected.slice(0, STORED_REJECTED) },
          },
          parsed.rows,
        );
        const [gone] = await tx.query<{ deleted: number }>(sql('incidents-delete-demo'));
        await tx.query(sql('incidents-delete-demo-batches'));
        const replacedDemo = Number(gone?.deleted ?? 0);
        await writeAudit(tx, caller, {
          action: 'import',
          table: 'import_batch',
          recordId: res.batchId,
          after: { source: options.source, format: parsed.detected.format, total: parsed.total, imported: res.imported, rejected: parsed.rejectedCount, replacedDemo },
        });
        return { ...res, replacedDemo };
      },
    });
    if (!outcome.stored) return report;
    report.batchId = outcome.result.batchId;
    report.imported = outcome.result.imported;
    report.replacedDemo = outcome.result.replacedDemo;
    return report;
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError(409, 'Dubbele incidenten', 'Een deel van deze incidenten is intussen al ingelezen (gelijktijdige import). Er is niets opgeslagen; probeer het opnieuw.');
    }
    throw err;
  }
}

// ------------------------------------------------------------------------------------------
// Batches
// ------------------------------------------------------------------------------------------

export async function listBatches(caller: Caller, db: Db): Promise<BatchList> {
  assertCan(caller, 'incidents:batches');
  const rows = await db.query<{
    id: number;
    source: string;
    format: string;
    is_demo: boolean;
    rows_total: number;
    rows_imported: number;
    rows_rejected: number;
    imported_at: Date | string;
    parameters: unknown;
    incidents: number;
  }>(sql('incidents-batches'));
  return {
    batches: rows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      format: r.format,
      demo: Boolean(r.is_demo),
      total: Number(r.rows_total),
      imported: Number(r.rows_imported),
      rejected: Number(r.rows_rejected),
      incidents: Number(r.incidents),
      importedAt: new Date(r.imported_at).toISOString(),
      parameters: (typeof r.parameters === 'string' ? JSON.parse(r.parameters) : r.parameters) as Record<string, unknown> | null,
    })),
  };
}

/** Removes a batch's incidents in one transaction; a real batch stays listed as removed in the database. */
export async function deleteBatch(caller: Caller, db: Db, id: number): Promise<{ id: number; deleted: number }> {
  assertCan(caller, 'incidents:delete');
  return db.transaction(async (tx) => {
    const [b] = await tx.query<{ id: number; deleted_at: unknown; source?: string; is_demo?: boolean }>(sql('incidents-batch-by-id'), [id]);
    if (!b || b.deleted_at) throw new NotFoundError(`Import ${id} bestaat niet (of is al verwijderd).`);
    const [gone] = await tx.query<{ deleted: number }>(sql('incidents-delete-batch-incidents'), [id]);
    await tx.query(sql('incidents-remove-batch'), [id]);
    const deleted = Number(gone?.deleted ?? 0);
    await writeAudit(tx, caller, { action: 'delete', table: 'import_batch', recordId: id, before: b, after: { deleted } });
    return { id, deleted };
  });
}
