/**
 * How every file import ends (incidents, districts, registers): after reading and validating,
 * the counts decide whether anything is written, and what is written is written in one
 * transaction, so a failure half-way leaves the database as it was.
 *
 * - `empty`: no row passed (nothing to store);
 * - `refused`: the rule is `all-or-nothing` and at least one row was rejected;
 * - `dry-run`: everything was checked, nothing is written;
 * - `store`: `store(tx)` runs inside `db.transaction`; its result is returned.
 *
 * The rule differs per importer: districts and registers refuse the whole file for one bad row;
 * the incident import stores the valid rows and reports the rejected ones (`valid-rows`), which
 * analysts rely on for police exports with a few broken records. Both are all-or-nothing in the
 * transaction: the batch, its rows and the removal of the demo data commit together.
 */
import type { Db } from '../db/db.js';

export type RejectRule = 'all-or-nothing' | 'valid-rows';

export type ImportDecision = 'empty' | 'refused' | 'dry-run' | 'store';

export interface ImportCounts {
  /** Rows that passed every check (and would be stored). */
  accepted: number;
  /** Rows rejected. */
  rejectedCount: number;
}

/** What a checked import does next (pure; the order is refused before empty before dry run). */
export function importDecision(counts: ImportCounts, rule: RejectRule, dryRun: boolean): ImportDecision {
  if (rule === 'all-or-nothing' && counts.rejectedCount > 0) return 'refused';
  if (counts.accepted === 0) return 'empty';
  return dryRun ? 'dry-run' : 'store';
}

export type CommitOutcome<T> = { decision: Exclude<ImportDecision, 'store'>; stored: false } | { decision: 'store'; stored: true; result: T };

export interface CommitOptions<T, P> extends ImportCounts {
  rule: RejectRule;
  dryRun: boolean;
  /**
   * Only when storing, before the transaction: checks and conversions that need the database
   * but do not belong in the transaction (a failing statement aborts a PostgreSQL transaction).
   */
  prepare?: () => Promise<P>;
  /** Writes everything on `tx`; throwing rolls the whole import back. */
  store: (tx: Db, prepared: P) => Promise<T>;
}

/** Decides (see {@link importDecision}) and, for `store`, runs `store` in one transaction. */
export async function commitImport<T, P = undefined>(db: Db, opts: CommitOptions<T, P>): Promise<CommitOutcome<T>> {
  const decision = importDecision(opts, opts.rule, opts.dryRun);
  if (decision !== 'store') return { decision, stored: false };
  const prepared = (opts.prepare ? await opts.prepare() : undefined) as P;
  const result = await db.transaction((tx) => opts.store(tx, prepared));
  return { decision, stored: true, result };
}
