import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, describeError, fromStatementError, isConnectionError } from '../../../server/db/errors.js';
import { sql } from '../../../server/db/queries.js';

const dbError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('database errors', () => {
  it('connection failures are told apart from wrong statements', () => {
    expect(isConnectionError(dbError('connect ECONNREFUSED 127.0.0.1:1', { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isConnectionError(dbError('terminating connection due to administrator command', { code: '57P01' }))).toBe(true);
    expect(isConnectionError(dbError('the database system is starting up', { code: '57P03' }))).toBe(true);
    expect(isConnectionError(dbError('connection failure', { code: '08006' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(new AggregateError([dbError('x', { code: 'ECONNREFUSED' })], 'both refused'))).toBe(true);
    expect(isConnectionError(dbError('syntax error at or near "x"', { code: '42601' }))).toBe(false);
    expect(isConnectionError(dbError('duplicate key value violates unique constraint "incident_pkey"', { code: '23505' }))).toBe(false);
    // 08P01 protocol_violation is what a wrong parameter count gives (a bug in the statement, answered
    // 500), not an absent server: it must not become a 503 "try again" that hides the bug.
    expect(isConnectionError(dbError('bind message supplies 5 parameters, but prepared statement "" requires 8', { code: '08P01' }))).toBe(false);
    expect(fromStatementError(dbError('x', { code: '57P01' }), 'SELECT 1')).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('a log line names the query and the code, never values, parameters or the failing row', () => {
    const text = sql('datasets');
    const err = fromStatementError(
      dbError('invalid input syntax for type integer: "Zwolseweg 101"', {
        code: '22P02',
        severity: 'ERROR',
        detail: 'Failing row contains (PL-1, Zwolseweg 101).',
        query: text,
        params: ['PL-1', 'Zwolseweg 101'],
        table: 'incident',
      }),
      text,
    ) as Error & Record<string, unknown>;
    expect(err.params).toBeUndefined();
    expect(err.query).toBeUndefined();
    const line = describeError(err);
    expect(line).toBe('Databasefout in query datasets: 22P02 invalid input syntax for type integer: "…" (table incident)');
    expect(describeError(fromStatementError(dbError('duplicate key value', { code: '23505', detail: 'Key (id)=(PL-1) already exists.' }), 'INSERT INTO x VALUES ($1)'))).toMatch(
      /^Databasefout in query INSERT #[0-9a-f]{8}: 23505 duplicate key value$/,
    );
  });
});
