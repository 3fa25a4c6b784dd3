/**
 * The web app's files: precompressed twins served by Accept-Encoding, content-hashed assets
 * cached for a year, index.html and client-side paths revalidated, API answers never stored.
 * The test builds its own small web folder (as `vite build` lays it out), so it needs no build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { Db } from '../../server/db/db.js';
import { loginAs, testApp } from '../support/db.js';

const JS = `export const greeting = ${JSON.stringify('hallo '.repeat(500))};\n`;
const HTML = '<!doctype html><html lang="nl"><head><script type="module" src="/assets/index-AbCd1234.js"></script></head><body><div id="app"></div></body></html>';

/** A web folder like dist/: index.html, one hashed chunk with its .br and .gz twins. */
function webFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vk-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), HTML);
  writeFileSync(join(dir, 'assets/index-AbCd1234.js'), JS);
  writeFileSync(join(dir, 'assets/index-AbCd1234.js.br'), brotliCompressSync(JS));
  writeFileSync(join(dir, 'assets/index-AbCd1234.js.gz'), gzipSync(JS));
  return dir;
}

let db: Db;
let app: Awaited<ReturnType<typeof testApp>>['app'];
let dir: string;
beforeAll(async () => {
  dir = webFolder();
  ({ db, app } = await testApp({ webDir: dir }));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('static files', () => {
  it('serves a hashed asset brotli-compressed and immutable', async () => {
    const res = await app.request('/assets/index-AbCd1234.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('br');
    expect(res.headers.get('Content-Type')).toMatch(/javascript/);
    expect(res.headers.get('Cache-Control')).toBe(IMMUTABLE);
    expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/i);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBeLessThan(JS.length / 5);
    expect(brotliDecompressSync(bytes).toString()).toBe(JS);
  });

  it('serves gzip to a browser without brotli, and the plain file to one without either', async () => {
    const gz = await app.request('/assets/index-AbCd1234.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('Content-Encoding')).toBe('gzip');
    expect(gz.headers.get('Cache-Control')).toBe(IMMUTABLE);
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(JS);
    const plain = await app.request('/assets/index-AbCd1234.js');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toBe(JS);
  });

  it('serves index.html, also for client-side paths, with no-cache', async () => {
    for (const path of ['/', '/index.html', '/kaart/wijk']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('Content-Type'), path).toMatch(/text\/html/);
      expect(res.headers.get('Cache-Control'), path).toBe('no-cache');
      expect(await res.text(), path).toBe(HTML);
    }
  });

  it('answers a missing asset with 404, not with the page and not cached for a year', async () => {
    const res = await app.request('/assets/index-Old12345.js', { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Type')).not.toMatch(/text\/html/);
    expect(res.headers.get('Cache-Control')).not.toMatch(/immutable/);
  });

  it('marks API answers, errors included, no-store', async () => {
    const ok = await app.request('/api/health');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Cache-Control')).toBe('no-store');
    const missing = await app.request('/api/bestaat-niet');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect(missing.headers.get('Cache-Control')).toBe('no-store');
    // The auth middleware's refusals too (it answers before the route): 401 without login, 403 for a role.
    const unauth = await app.request('/api/incidents');
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('Cache-Control')).toBe('no-store');
    const forbidden = await app.request('/api/incidents', { headers: await loginAs(app, db, 'partner') });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('Cache-Control')).toBe('no-store');
  });

  it('gzips large API answers for a browser that accepts it', async () => {
    const res = await app.request('/api/districts?level=wijk', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = JSON.parse(gunzipSync(bytes).toString()) as { features: unknown[] };
    expect(json.features).toHaveLength(16);
    expect(bytes.length).toBeLessThan(JSON.stringify(json).length / 2);
  });
});
