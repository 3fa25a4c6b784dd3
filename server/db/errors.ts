/**
 * Database errors, for both adapters: which ones mean "the database is away" (answered with 503
 * and Retry-After instead of 500), and a one-line description for the log that names the query
 * and the error but never the values it ran with. Errors carry personal data in several places:
 * PGlite puts the statement and its parameter array on the error (`query`, `params`), and
 * PostgreSQL's `detail` may quote a failing row ("Failing row contains (…, Zwolseweg 101, …)")
 * and its messages quote input ("invalid input syntax for type integer: \"…\"").
 */
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { queryName } from './queries.js';

/** Seconds a client is asked to wait before trying again while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/** 503: the database does not answer (restart, failover, network). Requests may be retried. */
export class DatabaseUnavailableError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(503, 'Database niet bereikbaar', 'De database is tijdelijk niet bereikbaar. Probeer het over enkele seconden opnieuw; blijft dit zo, meld het dan bij de beheerder.');
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01', // admin_shutdown: terminated by the administrator, a fast shutdown or restart
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
]);
const CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|terminating connection|the database system is (starting up|shutting down|in recovery mode)/i;

/** Whether `err` says the database server is away rather than that the statement is wrong. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  // Class 08 is connection exceptions, except 08P01 protocol_violation: a statement with the wrong
  // number of parameters, a bug to answer with 500, not a server that is away.
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || (/^08[0-9A-Z]{3}$/.test(code) && code !== '08P01'))) return true;
  if (err instanceof AggregateError && err.errors.some(isConnectionError)) return true; // e.g. ::1 and 127.0.0.1 both refused
  return CONNECTION_MESSAGES.test(err.message);
}

/** The name of a named query (server/db/queries), else its first keyword and a short hash. */
export function statementLabel(text: string): string {
  const name = queryName(text);
  if (name) return name;
  const keyword = /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return `${keyword} #${createHash('sha1').update(text).digest('hex').slice(0, 8)}`;
}

/** Replaces quoted and parenthesised values in a database message: `"…"`, `(…)=(…)`. */
function redact(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\)=\([^)]*\)/g, ')=(…)');
}

/**
 * Readies an error from a statement for the rest of the server: a connection failure becomes a
 * DatabaseUnavailableError (503); any other error keeps its class and code, loses the statement
 * and parameters PGlite put on it, and learns the statement's name (`statement`) for the log.
 */
export function fromStatementError(err: unknown, text: string): unknown {
  if (err instanceof AppError) return err;
  if (isConnectionError(err)) return new DatabaseUnavailableError({ cause: err });
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    delete e.query;
    delete e.params;
    delete e.queryOptions;
    if (e.statement === undefined) Object.defineProperty(e, 'statement', { value: statementLabel(text), enumerable: false, configurable: true });
  }
  return err;
}

/**
 * One log line for any error, without personal data: for a database error (one with a SQLSTATE
 * code) its code, redacted message, constraint/table/column and the query's name — never its
 * parameters, its failing-row detail or its statement text; for other errors name and message
 * with the stack.
 */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return `Fout: ${String(err)}`;
  const e = err as Error & Record<string, unknown>;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const statement = typeof e.statement === 'string' ? e.statement : undefined;
  const isDbError = (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) || statement !== undefined || 'severity' in e;
  if (!isDbError) return e.stack ?? `${e.name}: ${e.message}`;
  const where = ['schema', 'table', 'column', 'constraint']
    .filter((k) => typeof e[k] === 'string' && e[k] !== '')
    .map((k) => `${k} ${String(e[k])}`);
  return [`Databasefout${statement ? ` in query ${statement}` : ''}:`, code, redact(e.message), where.length ? `(${where.join(', ')})` : ''].filter(Boolean).join(' ');
}
