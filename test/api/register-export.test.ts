/**
 * GeoPackage export of a register (?format=gpkg): a valid GeoPackage in RD New that GDAL reads
 * (ogrinfo from gdal-bin, a real client) with the same records as the GeoJSON answer, contacts
 * only for roles that may read them, DEMO in file name and description for demo records, and
 * the app's own importer reads it back without a rejected row.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { systemCaller } from '../../server/auth/caller.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';
import { readFeatures } from '../../server/ingest/features/read.js';
import { loginAs, testApp, withHeaders } from '../support/db.js';

type App = Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let pub: App;
let red: App;
let analist: App;
const dir = mkdtempSync(join(tmpdir(), 'vk-export-'));

beforeAll(async () => {
  ({ db, app: pub } = await testApp());
  await ensureDemoRegisters(db, { demo: true }, REGISTERS, systemCaller('demo'), new Date('2026-06-01T12:00:00Z'));
  red = withHeaders(pub, await loginAs(pub, db, 'redacteur'));
  analist = withHeaders(pub, await loginAs(pub, db, 'analist'));
}, 120_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db?.close();
});

async function gpkg(app: App, path: string): Promise<{ res: Response; bytes: Uint8Array; file: string }> {
  const res = await app.request(`/api/${path}?format=gpkg`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const file = join(dir, `${path}-${Math.random().toString(36).slice(2)}.gpkg`);
  writeFileSync(file, bytes);
  return { res, bytes, file };
}

describe('GeoPackage export', () => {
  it('is a GeoPackage in RD New that GDAL reads with every record of the list, named and described as demo', async () => {
    const list = (await (await red.request('/api/parks')).json()) as { features: { id: number; properties: { name: string } }[] };
    const { res, file } = await gpkg(red, 'parks');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(res.headers.get('content-disposition')).toContain('demo-vakantieparken.gpkg');
    const info = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' });
    expect(info).toContain('Layer name: vakantieparken');
    expect(info).toContain(`Feature Count: ${list.features.length}`);
    expect(info).toMatch(/ID\["EPSG",28992\]/);
    expect(info).toMatch(/DEMO/);
    // Extent inside Apeldoorn in RD metres.
    const [, x0, y0, x1, y1] = /Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)/.exec(info)!.map(Number);
    expect(x0).toBeGreaterThan(175_000);
    expect(x1).toBeLessThan(215_000);
    expect(y0).toBeGreaterThan(450_000);
    expect(y1).toBeLessThan(490_000);
    // The names, as GDAL reads them.
    const names = execFileSync('ogrinfo', ['-q', '-dialect', 'SQLite', '-sql', 'SELECT naam FROM vakantieparken', file], { encoding: 'utf8' });
    for (const f of list.features.slice(0, 5)) expect(names).toContain(f.properties.name);
  });

  it('leaves out the contact for a role that may not read contacts', async () => {
    const withContacts = execFileSync('ogrinfo', ['-so', '-al', (await gpkg(red, 'parks')).file], { encoding: 'utf8' });
    const without = execFileSync('ogrinfo', ['-so', '-al', (await gpkg(analist, 'parks')).file], { encoding: 'utf8' });
    const contactCol = /^(contact[^:]*): /m.exec(withContacts)?.[1];
    expect(contactCol).toBeTruthy();
    expect(without).not.toContain(`${contactCol}:`);
  });

  it('is read back by the app’s own GeoPackage reader: same count, RD New, geometry for every record', async () => {
    const { bytes } = await gpkg(red, 'fire-compartments');
    const list = (await (await red.request('/api/fire-compartments')).json()) as { features: unknown[] };
    const src = await readFeatures(bytes, 'export.gpkg', {});
    expect(src.rows.length).toBe(list.features.length);
    expect(JSON.stringify(src.crs)).toContain('28992');
    expect(src.rows.every((r) => r.geometry !== null && r.problems.length === 0 && r.srid === 28992)).toBe(true);
  });
});
