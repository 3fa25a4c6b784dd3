/**
 * Security headers on every answer, the Host check (DNS rebinding), the Origin check for
 * state-changing requests (cross-site writes) and problem+json answers from Node's HTTP parser
 * (431 for over-long URLs, 400 for malformed requests) on a real server and database.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import type { Db } from '../../server/db/db.js';
import { createServer, listen } from '../../server/http/server.js';
import { cspDirectives, hostAllowed, tileOrigin } from '../../server/http/security.js';
import { freshDb, loginAs, testConfig } from '../support/db.js';

const CSV = readFileSync(fileURLToPath(new URL('../fixtures/incidents-api/politie-export.csv', import.meta.url)), 'utf8');

let db: Db;
let app: ReturnType<typeof createApp>;
let webDir: string;
/** An analist's session (cookie + CSRF token): the Origin check must refuse even a logged-in caller's cross-site write. */
let analist: Record<string, string>;

async function counts() {
  const [r] = await db.query<{ incidents: number; batches: number }>(
    'SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM import_batch) AS batches',
  );
  return { incidents: Number(r!.incidents), batches: Number(r!.batches) };
}

function expectSecurityHeaders(res: Response) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

async function expectProblem(res: Response, status: number, detail: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const body = (await res.json()) as { status: number; detail: string };
  expect(body.status).toBe(status);
  expect(body.detail).toMatch(detail);
}

beforeAll(async () => {
  db = await freshDb();
  webDir = mkdtempSync(join(tmpdir(), 'vk-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(webDir, 'assets', 'app.js'), 'export {};');
  app = createApp({ db, config: testConfig({ webDir }) });
  analist = await loginAs(app, db, 'analist');
});

afterAll(async () => {
  await db.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('are on API answers, API 404s, errors, static files and SPA paths', async () => {
    const ok = await app.request('/api/health');
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok);
    const missing = await app.request('/api/bestaat-niet');
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    const bad = await app.request('/api/incidents?from=geen-datum', { headers: analist });
    expect(bad.status).toBe(400);
    expectSecurityHeaders(bad);
    const unauth = await app.request('/api/incidents');
    expect(unauth.status).toBe(401);
    expectSecurityHeaders(unauth);
    const asset = await app.request('/assets/app.js');
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset);
    const spa = await app.request('/kaart/ergens');
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<title>t</title>');
    expectSecurityHeaders(spa);
  });

  it('are on the 404 of a server without a built web app', async () => {
    const bare = createApp({ db, config: testConfig() });
    const res = await bare.request('/niets');
    expect(res.status).toBe(404);
    expectSecurityHeaders(res);
  });

  it('allow the configured PDOK tile origin for images and fetches, nothing else remote', () => {
    expect(tileOrigin('https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png')).toBe('https://service.pdok.nl');
    const d = cspDirectives(testConfig({ pdokTileUrl: 'https://tiles.example.nl:8443/{z}/{x}/{y}.png' }));
    expect(d.imgSrc).toContain('https://tiles.example.nl:8443');
    expect(d.connectSrc).toContain('https://tiles.example.nl:8443');
    expect(d.scriptSrc).toEqual(["'self'"]);
    expect(cspDirectives(testConfig({ pdokTileUrl: 'geen url' })).imgSrc.filter((s) => s.startsWith('http'))).toEqual([]);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('refuses a foreign host name with 421 problem+json, with the headers', async () => {
    const res = await app.request('http://evil.example/api/health');
    expectSecurityHeaders(res);
    await expectProblem(res, 421, /VK_ALLOWED_HOSTS/);
    const withPort = await app.request('/api/health', { headers: { Host: 'rebind.evil.example:8080' } });
    await expectProblem(withPort, 421, /rebind\.evil\.example/);
  });

  it('answers localhost, the listen host, IP literals and VK_ALLOWED_HOSTS', async () => {
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', '10.1.2.3', 'LOCALHOST.'])
      expect((await app.request('/api/health', { headers: { Host: host } })).status, host).toBe(200);
    const config = loadConfig({ VK_ALLOWED_HOSTS: ' kaart.apeldoorn.nl , Intranet ' });
    expect(config.allowedHosts).toEqual(['kaart.apeldoorn.nl', 'intranet']);
    const named = createApp({ db, config: { ...testConfig(), allowedHosts: config.allowedHosts } });
    expect((await named.request('http://kaart.apeldoorn.nl/api/health')).status).toBe(200);
    expect((await named.request('http://intranet:8080/api/health')).status).toBe(200);
    expect((await named.request('http://evil.example/api/health')).status).toBe(421);
    expect(hostAllowed('vk.local', testConfig({ host: 'vk.local' }))).toBe(true);
    expect(hostAllowed('wat.dan.ook', testConfig({ allowedHosts: ['*'] }))).toBe(true);
  });
});

describe('Origin check (cross-site writes)', () => {
  const post = (headers: Record<string, string>) =>
    app.request('/api/incidents/import?name=aanval.csv', { method: 'POST', body: CSV, headers: { ...analist, 'Content-Type': 'text/plain', ...headers } });

  it('refuses a text/plain import from another origin and leaves the database unchanged', async () => {
    const before = await counts();
    const res = await post({ Origin: 'https://evil.example' });
    expectSecurityHeaders(res);
    await expectProblem(res, 403, /andere website/);
    expect(await counts()).toEqual(before);
  });

  it('refuses other foreign signs: Origin null, another port, cross-site fetch metadata, a foreign Referer', async () => {
    const before = await counts();
    const foreign: Record<string, string>[] = [
      { Origin: 'null' },
      { Origin: 'http://localhost:9999' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { Referer: 'https://evil.example/pagina.html' },
    ];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { type: string }).type, JSON.stringify(headers)).toBe('/problems/andere-website');
    }
    const del = await app.request('/api/incidents/batches/1', { method: 'DELETE', headers: { ...analist, Origin: 'https://evil.example' } });
    await expectProblem(del, 403, /andere website/);
    expect(del.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('allows a same-origin import and one without Origin (curl, scripts)', async () => {
    const before = await counts();
    const same = await post({ Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin', Referer: 'http://localhost/' });
    expect(same.status).toBe(200);
    const after = await counts();
    expect(after.incidents).toBeGreaterThan(before.incidents);
    const cli = await app.request('/api/incidents/import?dryRun=true', { method: 'POST', body: CSV, headers: { ...analist, 'Content-Type': 'text/csv' } });
    expect(cli.status).toBe(200);
  });

  it('does not apply to reads from another origin', async () => {
    const res = await app.request('/api/health', { headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('answers of the HTTP parser on a real server', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer(app);
    port = await listen(server, 0, '127.0.0.1');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Sends raw bytes and reads the whole answer (the server closes the connection). */
  function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (d) => chunks.push(d));
      socket.on('error', reject);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head.toLowerCase(), body });
      });
      socket.write(request);
    });
  }

  it('answers a 100 KB URL with 431 problem+json', async () => {
    const res = await raw(`GET /api/incidents?x=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.headers).toContain('content-type: application/problem+json');
    const p = JSON.parse(res.body) as { status: number; detail: string };
    expect(p.status).toBe(431);
    expect(p.detail).toMatch(/te lang|langer dan/);
  });

  it('answers a malformed request with 400 problem+json', async () => {
    const res = await raw('DIT IS GEEN HTTP\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.headers).toContain('content-type: application/problem+json');
    expect((JSON.parse(res.body) as { detail: string }).detail).toMatch(/ongeldig/i);
  });

  it('serves ordinary requests with the security headers and refuses a foreign Host header', async () => {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok);
    const rebound = await raw(`GET /api/health HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(rebound.status).toBe(421);
    expect(rebound.headers).toContain('content-type: application/problem+json');
  });
});
