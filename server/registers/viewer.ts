/**
 * Row-level reading for declarations with a `visible` rule (the plan's actions): who the caller
 * is for that rule, and the filter applied to a list or a single record.
 */
import { can, type Caller } from '../auth/caller.js';
import type { Db } from '../db/db.js';
import { sql } from '../db/queries.js';
import type { RegisterDeclaration, Viewer } from './types.js';

/** The caller as the declaration's `visible` rule sees them (one query for the organisation). */
export async function viewerOf(caller: Caller, db: Db, decl: RegisterDeclaration): Promise<Viewer> {
  const editor = can(caller, decl.permissions.edit);
  if (editor || caller.organisationId === null) return { editor, organisation: null };
  const [o] = await db.query<{ name: string; kind: string }>(sql('organisation-by-id'), [caller.organisationId]);
  return { editor, organisation: o ? { name: o.name, kind: o.kind } : null };
}

/** Whether the record is visible: always without a rule or for an editor, else by the rule. */
export function isVisible(decl: RegisterDeclaration, viewer: Viewer, properties: Record<string, unknown>): boolean {
  return !decl.visible || viewer.editor || decl.visible(properties, viewer);
}
