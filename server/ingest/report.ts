/**
 * One import report shape for every file import (incidents, districts, registers), so the web
 * shows them alike. Compatible with what exists: the incident importer's `{ total, imported,
 * rejected: { line, id?, reasons[] }[], rejectedCount }` and the district importer's
 * `FeatureProblem { index, ref, code, reason }` convert losslessly with the adapters below, so
 * both can move onto this type later without losing information.
 */
import type { FeatureProblem } from './districts/types.js';
import type { RejectedIncidentRow } from './incidents/parse.js';

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

/** An incident importer rejection as report rows (one per reason). */
export function fromIncidentRejection(r: RejectedIncidentRow): RejectedRow[] {
  return r.reasons.map((reason) => ({ row: r.line, ...(r.id !== undefined ? { id: r.id } : {}), reason }));
}

/** A district importer problem as a report row (`index` is 0-based there). */
export function fromDistrictProblem(p: FeatureProblem): RejectedRow {
  return { row: p.index + 1, ref: p.ref, ...(p.code !== null ? { id: p.code } : {}), reason: p.reason };
}

/** A report from rejected rows: `rejectedCount` counts distinct rows, `accepted` the rest. */
export function buildReport(rows: number, rejected: RejectedRow[], warnings: string[] = [], maxListed = Infinity): ImportReport {
  const rejectedRows = new Set(rejected.map((r) => r.row)).size;
  return { rows, accepted: rows - rejectedRows, rejected: rejected.slice(0, maxListed), rejectedCount: rejectedRows, warnings };
}
