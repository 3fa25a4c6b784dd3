/**
 * A real OGC API - Features client against the real HTTP server: GDAL's OAPIF driver (`ogrinfo`,
 * Debian's gdal-bin; .ci/run installs it) lists the collections and reads the features, through
 * the server's Host check, security headers and paging links. The counts and extents it reports
 * must equal the database's. A restricted collection is read with a personal API token sent by
 * GDAL's GDAL_HTTP_HEADERS option (GDAL >= 3.6).
 */
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.js';
import { createServer, listen } from '../../server/http/server.js';
import { OGC_COLLECTIONS } from '../../server/ogc/registry.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { loginAs, testApp } from '../support/db.js';
import { restrictedCollection } from '../support/ogc.js';

const run = promisify(execFile);
let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
let server: Server;
let url: string;
let token: string;
const restricted = restrictedCollection();

beforeAll(async () => {
  ({ db, app } = await testApp());
  await ensureDemoIncidents(db, { demo: true }, new Date('2026-06-01T12:00:00Z'));
  const session = await loginAs(app, db, 'analist');
  const res = await app.request('/api/auth/tokens', { method: 'POST', headers: { ...session, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'gdal' }) });
  token = ((await res.json()) as { token: string }).token;
  OGC_COLLECTIONS.push(restricted);
  server = createServer(app);
  url = `OAPIF:http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}/ogc`;
});
afterAll(async () => {
  OGC_COLLECTIONS.splice(OGC_COLLECTIONS.indexOf(restricted), 1);
  await new Promise((r) => server?.close(r));
  await db?.close();
});

/** ogrinfo with its output; GDAL's own HTTP cache and config files kept out of the way. */
async function ogrinfo(args: string[], headers?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, GDAL_HTTP_TIMEOUT: '60', CPL_VSIL_CURL_USE_CACHE: 'NO', GDAL_CONFIG_FILE: '/dev/null' };
  if (headers) env.GDAL_HTTP_HEADERS = headers;
  else delete env.GDAL_HTTP_HEADERS;
  try {
    const { stdout } = await run('ogrinfo', ['-ro', ...args], { env, timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { code?: string; stderr?: string; stdout?: string };
    if (e.code === 'ENOENT') throw new Error('ogrinfo not found: install GDAL (Debian: apt-get install gdal-bin; .ci/run does this)');
    throw new Error(`ogrinfo ${args.join(' ')} failed: ${e.stderr ?? ''}${e.stdout ?? ''}`);
  }
}

/** "Extent: (5.726384, 52.073338) - (6.078484, 52.285669)" -> [minX, minY, maxX, maxY]. */
function extentOf(out: string): number[] {
  const m = /Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/.exec(out);
  if (!m) throw new Error(`no extent in: ${out}`);
  return m.slice(1, 5).map(Number);
}

async function dbCountAndExtent(level: string) {
  const [r] = await db.query<{ n: number; a: number; b: number; c: number; d: number }>(
    `SELECT count(*)::int n, ST_XMin(ST_Extent(ST_Transform(geom, 4326))) a, ST_YMin(ST_Extent(ST_Transform(geom, 4326))) b,
            ST_XMax(ST_Extent(ST_Transform(geom, 4326))) c, ST_YMax(ST_Extent(ST_Transform(geom, 4326))) d
     FROM district WHERE level = $1`,
    [level],
  );
  return { n: Number(r!.n), extent: [r!.a, r!.b, r!.c, r!.d].map(Number) };
}

describe('GDAL OAPIF (ogrinfo)', () => {
  it('runs a GDAL that sends extra headers (GDAL_HTTP_HEADERS needs 3.6 or later)', async () => {
    const { stdout } = await run('ogrinfo', ['--version'], { timeout: 30_000 });
    const [, major, minor] = /GDAL (\d+)\.(\d+)/.exec(stdout)!;
    expect(Number(major) * 100 + Number(minor)).toBeGreaterThanOrEqual(306);
  });

  it('lists the public collections with their titles and geometry types, not the restricted one', async () => {
    const out = await ogrinfo(['-so', url]);
    expect(out).toMatch(/^1: gemeente \(title: Gemeente\) \(Multi Polygon\)$/m);
    expect(out).toMatch(/^3: wijken \(title: Wijken\) \(Multi Polygon\)$/m);
    expect(out).toMatch(/: postcodegebieden \(title: Postcodegebieden \(PC4\)\) \(Multi Polygon\)$/m);
    expect(out).toMatch(/: hotspot-raster \(title: Hotspotraster \(inbraken per cel\)\) \(Polygon\)$/m);
    // Every collection of the registry but the test's restricted one is open to the public.
    expect(out.match(/^\d+: /gm)).toHaveLength(OGC_COLLECTIONS.length - 1);
    expect(out).not.toContain(restricted.id);
  });

  it('reports the wijken with the database count and extent', async () => {
    const out = await ogrinfo(['-al', '-so', url, 'wijken']);
    const want = await dbCountAndExtent('wijk');
    expect(want.n).toBe(16);
    expect(out).toContain(`Feature Count: ${want.n}`);
    extentOf(out).forEach((v, i) => expect(v).toBeCloseTo(want.extent[i]!, 5));
    expect(out).toMatch(/^naam: String/m);
    expect(out).toMatch(/^inwoners: Integer/m);
  });

  it('reads every postcode area by following the next links', async () => {
    const out = await ogrinfo(['-al', '-q', url, 'postcodegebieden']);
    const want = await dbCountAndExtent('postcode');
    expect(want.n).toBe(33);
    expect(out.match(/^OGRFeature\(postcodegebieden\):/gm)).toHaveLength(want.n);
    const codes = [...out.matchAll(/^ {2}code \(String\) = (\d{4})$/gm)].map((m) => m[1]);
    expect(new Set(codes).size).toBe(want.n);
  });

  it('reads the hot spot grid with as many cells as the API matches, counts of 1-4 suppressed', async () => {
    const out = await ogrinfo(['-al', '-q', url, 'hotspot-raster']);
    const n = out.match(/^OGRFeature\(hotspot-raster\):/gm)?.length ?? 0;
    const api = (await (await app.request('/ogc/collections/hotspot-raster/items?limit=1')).json()) as { numberMatched: number };
    expect(n).toBe(api.numberMatched);
    expect(n).toBeGreaterThan(10);
    const counts = [...out.matchAll(/^ {2}aantal \(Integer\) = (.+)$/gm)].map((m) => m[1]!);
    expect(counts.every((c) => c === '(null)' || Number(c) === 0 || Number(c) >= 5)).toBe(true);
    expect(counts).toContain('(null)');
  });

  it('reads a restricted collection with an API token in GDAL_HTTP_HEADERS, and is refused with a wrong one', async () => {
    const list = await ogrinfo(['-so', url], `Authorization: Bearer ${token}`);
    expect(list).toMatch(new RegExp(`^${OGC_COLLECTIONS.length}: ${restricted.id} \\(title: Testcollectie \\(beperkt\\)\\) \\(Point\\)$`, 'm'));
    const out = await ogrinfo(['-al', '-so', url, restricted.id], `Authorization: Bearer ${token}`);
    expect(out).toContain('Feature Count: 3');
    await expect(ogrinfo(['-so', url], 'Authorization: Bearer vk_onbekend')).rejects.toThrow(/401/);
  });
});
