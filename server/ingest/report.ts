/**
 * One import report shape for every file import (incidents, districts, registers), so the web
 * shows them alike. Compatible with what exists: the incident importer's `{ total, imported,
 * rejected: { line, id?, reasons[] }[], rejectedCount }` and the district importer's
 * `FeatureProblem { index, ref, code, reason }` convert losslessly with the adapters below, so
 * both can move onto this type later without losing information.
 */

export interface RejectedRow {
  /** 1-based row: CSV line (header = 1), GeoJSON feature number, GeoPackage row number. */
  row: number;
  /** Where in the file, in Dutch (e.g. `laag buurten, fid 12`), when the row number alone is not enough. */
  ref?: string;
  /** The row's own identifier (incident id, CBS code, register key), when known. */
  id?: string;
  /** The field the reason is about, when it is about one. */
  field?: string;
  /** Dutch, one sentence. */
  reason: string;
}

export interface ImportReport {
  /** Rows (records/features) read. */
  rows: number;
  /** Rows accepted (stored, or to be stored in a dry run). */
  accepted: number;
  /** Rejected rows, one entry per reason; possibly capped (see rejectedCount). */
  rejected: RejectedRow[];
  /** Rejected rows in total, also beyond the listed ones. */
  rejectedCount: number;
  /** Dutch notes about the file as a whole. */
  warnings: string[];
}

/** A report from rejected rows: `rejectedCount` counts distinct rows, `accepted` the rest. */
export function buildReport(rows: number, rejected: RejectedRow[], warnings: string[] = [], maxListed = Infinity): ImportReport {
  const rejectedRows = new Set(rejected.map((r) => r.row)).size;
  return { rows, accepted: rows - rejectedRows, rejected: rejected.slice(0, maxListed), rejectedCount: rejectedRows, warnings };
}

/** One problem of a row: the field it is about (when it is about one) and the Dutch reason. */
export interface RowProblem {
  field?: string;
  reason: string;
}

/**
 * Collects rejected rows while a file is validated: every problem becomes a report row (row, id,
 * field, reason); at most `maxRows` rows are listed, all are counted.
 */
export class RejectionLog {
  readonly listed: RejectedRow[] = [];
  /** Rejected rows in total. */
  count = 0;
  private listedRows = 0;

  constructor(readonly maxRows = Infinity) {}

  add(row: number, problems: readonly RowProblem[], extra: { id?: string; ref?: string } = {}): void {
    this.count++;
    if (this.listedRows >= this.maxRows) return;
    this.listedRows++;
    for (const p of problems) this.listed.push({ row, ...extra, ...(p.field !== undefined ? { field: p.field } : {}), reason: p.reason });
  }

  /** The report over `rows` rows read. */
  report(rows: number, warnings: string[] = []): ImportReport {
    return { rows, accepted: rows - this.count, rejected: this.listed, rejectedCount: this.count, warnings };
  }
}

/** Report rows grouped per row (in order of first appearance), with the reasons in order. */
export function groupByRow(rejected: readonly RejectedRow[]): { row: number; id?: string; reasons: string[] }[] {
  const out: { row: number; id?: string; reasons: string[] }[] = [];
  let last: (typeof out)[number] | undefined;
  for (const r of rejected) {
    if (!last || last.row !== r.row) {
      last = r.id !== undefined ? { row: r.row, id: r.id, reasons: [] } : { row: r.row, reasons: [] };
      out.push(last);
    }
    last.reasons.push(r.reason);
  }
  return out;
}
