/** `cli user add|role|reset|list` and `cli retention` through run() on a real database. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { run as user } from '../../server/cli/user.js';
import { run as retention } from '../../server/cli/retention.js';
import { systemCaller } from '../../server/auth/caller.js';
import { importIncidents } from '../../server/services/incident-import.service.js';
import { freshDb } from '../support/db.js';

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db?.close());

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } };
}

describe('cli user', () => {
  it('adds an account with roles and a one-time password, changes its roles, resets it', async () => {
    const a = io();
    expect(await user(['add', 'Jan.Analist', '--role', 'analist', '--name', 'Jan'], a.io, { db })).toBe(0);
    const pw = /Eenmalig wachtwoord: (\w+)/.exec(a.out.stdout)![1]!;
    expect(pw).toHaveLength(16);
    const [u] = await db.query<{ must_change_password: boolean; password_hash: string }>("SELECT must_change_password, password_hash FROM app_user WHERE username = 'jan.analist'");
    expect(u!.must_change_password).toBe(true);
    expect(u!.password_hash).toMatch(/^\$argon2id\$/);

    const b = io();
    expect(await user(['role', 'jan.analist', 'analist,beheerder'], b.io, { db })).toBe(0);
    expect(b.out.stdout).toContain('analist, beheerder');
    const c = io();
    expect(await user(['reset', 'jan.analist'], c.io, { db })).toBe(0);
    expect(c.out.stdout).toMatch(/Nieuw eenmalig wachtwoord voor jan.analist: \w{16}/);
    const audit = await db.query<{ action: string; username: string }>("SELECT action, username FROM audit WHERE table_name = 'app_user' ORDER BY id");
    expect(audit.map((r) => `${r.username} ${r.action}`)).toEqual(['cli create', 'cli update', 'cli update']);
  });

  it('refuses an unknown role and an unknown user (exit 2, Dutch message)', async () => {
    const a = io();
    expect(await user(['add', 'piet', '--role', 'koning'], a.io, { db })).toBe(2);
    expect(a.out.stderr).toContain('Onbekende rol: koning');
    const b = io();
    expect(await user(['reset', 'niemand'], b.io, { db })).toBe(2);
    expect(b.out.stderr).toContain('bestaat niet');
  });
});

describe('cli retention', () => {
  it('deletes real incidents older than N years, audited; without a setting deletes nothing', async () => {
    const csv = readFileSync(fileURLToPath(new URL('../fixtures/incidents-api/politie-export.csv', import.meta.url)), 'utf8');
    const report = await importIncidents(systemCaller('test'), db, csv, { dryRun: false, source: 'x.csv' });
    expect(report.imported).toBe(6);
    const now = new Date('2026-01-15T12:00:00Z');
    const a = io();
    expect(await retention([], a.io, { db, now })).toBe(0);
    expect(a.out.stdout).toContain('Geen bewaartermijn');
    const b = io();
    expect(await retention(['--years', '2'], b.io, { db, now })).toBe(0); // cut-off 2024-01-15
    const left = await db.query<{ source_id: string }>('SELECT source_id FROM incident ORDER BY source_id');
    expect(left.every((r) => !r.source_id.startsWith('PL0600-2023'))).toBe(true);
    expect(left.length).toBeLessThan(6);
    const deleted = 6 - left.length;
    expect(b.out.stdout).toContain(`${deleted} incidenten verwijderd`);
    const [row] = await db.query<{ after: unknown }>("SELECT after FROM audit WHERE action = 'retention'");
    const after = (typeof row!.after === 'string' ? JSON.parse(row!.after) : row!.after) as { deleted: number; years: number };
    expect(after).toMatchObject({ deleted, years: 2 });
  });
});
