/**
 * The audit trail: one row per change (or view/export of sensitive data), written with the same
 * Db handle (transaction) as the change, so it commits and rolls back with it.
 */
import type { Caller } from '../auth/caller.js';
import { assertCan } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { AuditList, AuditQuery } from '../contract/auth.js';

export interface AuditEntry {
  action: 'create' | 'update' | 'delete' | 'import' | 'view' | 'export' | 'login' | 'logout' | 'run' | 'retention' | string;
  table: string;
  recordId?: string | number | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Writes one audit row on `tx` (the change's transaction). `at` overrides the time (tests with a clock). */
export async function writeAudit(tx: Db, caller: Caller, e: AuditEntry, at?: Date): Promise<void> {
  await tx.query(sql('audit-insert'), [
    caller.userId,
    caller.username,
    e.action,
    e.table,
    e.recordId === undefined || e.recordId === null ? null : String(e.recordId),
    json(e.before),
    json(e.after),
    caller.requestId,
    at ? at.toISOString() : null,
  ]);
}

interface AuditRow {
  id: string | number;
  at: Date | string;
  user_id: string | number | null;
  username: string;
  action: string;
  table_name: string;
  record_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const parseJson = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : (v ?? null));

export async function listAudit(caller: Caller, db: Db, q: AuditQuery): Promise<AuditList> {
  assertCan(caller, 'audit:read');
  const rows = await db.query<AuditRow>(sql('audit-list'), [q.table ?? null, q.record ?? null, q.user ?? null, q.before ?? null, q.limit, q.action ?? null, q.from ?? null, q.to ?? null]);
  return {
    entries: rows.map((r) => ({
      id: Number(r.id),
      at: iso(r.at),
      userId: r.user_id === null ? null : Number(r.user_id),
      username: r.username,
      action: r.action,
      table: r.table_name,
      recordId: r.record_id,
      before: parseJson(r.before),
      after: parseJson(r.after),
      requestId: r.request_id,
    })),
  };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  // Quote every cell; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The (filtered) audit trail as CSV (semicolon, UTF-8); the export itself is audited. */
export async function auditCsv(caller: Caller, db: Db, q: AuditQuery): Promise<string> {
  const list = await listAudit(caller, db, q);
  const head = ['id', 'tijd', 'gebruiker_id', 'gebruiker', 'actie', 'tabel', 'record', 'voor', 'na', 'verzoek'];
  const lines = [head.join(';')];
  for (const e of list.entries) lines.push([e.id, e.at, e.userId, e.username, e.action, e.table, e.recordId, e.before, e.after, e.requestId].map(csvCell).join(';'));
  await writeAudit(db, caller, { action: 'export', table: 'audit', after: { filters: q, rows: list.entries.length } });
  return lines.join('\r\n') + '\r\n';
}
