/**
 * Browser tests: the real server (createApp on a fresh database copied from the run's template,
 * serving the built dist/) on a free port, and Debian's Chromium driven by playwright-core,
 * headless, recording console errors and every request so tests can prove nothing leaves
 * localhost.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../server/db/db.js';
import { createApp } from '../../server/app.js';
import { createServer, listen } from '../../server/http/server.js';
import { createTestUser, freshDb, TEST_PASSWORD, testConfig } from './db.js';
import type { AssignableRole } from '../../server/auth/roles.js';
import { ROOT } from './paths.js';
import { ensureDemoIncidents } from '../../server/services/demo.service.js';
import { ensureDemoRegisters } from '../../server/registers/demo-seed.js';
import { REGISTERS } from '../../server/registers/registry.js';
import { systemCaller } from '../../server/auth/caller.js';

export const DIST = join(ROOT, 'dist');

export interface RunningApp {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function startApp(prepare?: (db: Db) => Promise<void>): Promise<RunningApp> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ ontbreekt: eerst `npx vite build` (npm test doet dat)');
  const db = await freshDb();
  if (prepare) await prepare(db);
  const app = createApp({ db, config: testConfig({ webDir: DIST }) });
  const server = createServer(app);
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
    },
  };
}

/** Fixed "now" of the demo generator: the data ends mid-February 2026, inside a DDO season. */
export const DEMO_NOW = new Date('2026-02-15T12:00:00Z');

/** Seeds the demo incidents as of `now`; fails the setup if the generator declines. */
export async function seedDemoIncidents(db: Db, now: Date = DEMO_NOW): Promise<void> {
  const r = await ensureDemoIncidents(db, { demo: true }, now);
  if (!r.seeded) throw new Error(`demo seeding failed: ${r.reason}`);
}

export interface AppAndBrowser {
  app: RunningApp;
  browser: Browser;
}

/** The app (its database prepared by `prepare`) and the browser, started side by side. */
export async function startAppAndBrowser(prepare?: (db: Db) => Promise<void>): Promise<AppAndBrowser> {
  const [app, browser] = await Promise.all([startApp(prepare), launchBrowser()]);
  return { app, browser };
}

/**
 * The app on seeded demo incidents (as of `now`) and the browser; with `registers`, also the
 * registers' demo records, as server/main.ts seeds them at start-up.
 */
export function startDemoApp(now: Date = DEMO_NOW, opts: { registers?: boolean } = {}): Promise<AppAndBrowser> {
  return startAppAndBrowser(async (db) => {
    await seedDemoIncidents(db, now);
    if (opts.registers) await ensureDemoRegisters(db, { demo: true }, REGISTERS, systemCaller('demo'), now);
  });
}

/** Closes the browser, then the app; either may be missing when its start failed. */
export async function closeAppAndBrowser(app: RunningApp | undefined, browser: Browser | undefined): Promise<void> {
  await browser?.close();
  await app?.close();
}

/** Console noise of software WebGL (SwiftShader) in headless Chromium, not an error of the app. */
const GPU_NOISE = /texSubImage2D|GPU stall|WebGL/i;

/** The page's console and page errors without GPU noise, and without those matching `expected`. */
export function realErrors(log: PageLog, expected?: RegExp): string[] {
  return log.errors.filter((e) => !GPU_NOISE.test(e) && !expected?.test(e));
}

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && existsSync(p)) return p;
  throw new Error('Chromium niet gevonden: installeer Debian-pakket `chromium` of zet CHROMIUM_PATH');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--metrics-recording-only',
    ],
  });
}

export interface PageLog {
  errors: string[];
  requests: string[];
}

/** A new page that records console errors, page errors and all requested URLs. */
export async function newPage(browser: Browser, width = 1400, height = 900): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam' });
  const page = await context.newPage();
  const log: PageLog = { errors: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  return { page, log };
}

/**
 * A new page logged in (session cookie in its browser context) as a fresh account with `roles`,
 * through the real POST /api/auth/login.
 */
export async function newPageAs(browser: Browser, app: RunningApp, roles: AssignableRole[] = ['analist', 'beheerder'], width?: number, height?: number): Promise<{ page: Page; log: PageLog; username: string }> {
  const { page, log } = await newPage(browser, width, height);
  const username = await createTestUser(app.db, roles);
  await logIn(page, app, username, TEST_PASSWORD);
  return { page, log, username };
}

/** Cookie + CSRF headers of a fresh account with `roles`, for fetch() calls of a test to the running app. */
export async function loginHeaders(app: RunningApp, roles: AssignableRole[] = ['analist']): Promise<Record<string, string>> {
  const username = await createTestUser(app.db, roles);
  const res = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const me = (await res.json()) as { csrfToken: string };
  return { Cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, 'X-CSRF-Token': me.csrfToken };
}

export async function logIn(page: Page, app: RunningApp, username: string, password: string): Promise<void> {
  const res = await page.request.post(`${app.url}/api/auth/login`, { data: { username, password } });
  if (res.status() !== 200) throw new Error(`login ${username}: ${res.status()} ${await res.text()}`);
}

/** Waits until the map has loaded its style and finished rendering (idle). */
export async function waitForMapIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __vk?: { map?: unknown } }).__vk?.map), null, { timeout });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as { __vk: { map: { loaded(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } } }).__vk.map;
        if (map.loaded()) {
          map.once('idle', () => resolve());
          map.triggerRepaint();
        } else map.once('idle', () => resolve());
      }),
  );
}

/** Screen position of a lng/lat on the map canvas (page coordinates). */
export async function project(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((ll) => {
    const map = (window as unknown as { __vk: { map: { project(l: [number, number]): { x: number; y: number }; getContainer(): HTMLElement } } }).__vk.map;
    const p = map.project(ll);
    const r = map.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, lngLat);
}
