/**
 * The types every route and middleware shares: what the app is built from (Deps) and what a
 * request carries (AppEnv: the deps, the caller, the request id). Kept apart from app.ts so the
 * routes, which app.ts mounts, need not import app.ts back.
 */
import type { RequestIdVariables } from 'hono/request-id';
import type { Db } from '../db/db.js';
import type { Config } from '../config.js';
import type { Caller } from '../auth/caller.js';
import type { PdfRenderer } from '../pdf/render.js';

export interface Deps {
  db: Db;
  config: Config;
  /** The clock of sessions and audit rows; tests inject one to expire sessions without sleeping. */
  clock?: () => Date;
  /** Renders app pages to PDF (server/pdf); default: headless Chromium at config.chromiumPath. */
  pdf?: PdfRenderer;
}
export type AppEnv = { Variables: { deps: Deps; caller: Caller } & RequestIdVariables };
