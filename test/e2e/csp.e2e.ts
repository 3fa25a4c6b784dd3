/**
 * The app passes its own Content-Security-Policy: the built app is loaded in Chromium with the
 * map, the deck.gl layers (labels, incident points), the heat raster image, Gi* cells, the
 * near-repeat zones, MapLibre's worker and the PDOK background (tiles answered locally by the
 * test), and no CSP violation may be reported: not on the console ("Refused to ..."), not as a
 * `securitypolicyviolation` event, not as a DevTools CSP issue. A deliberate inline script proves
 * the detector sees violations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestUser, TEST_PASSWORD } from '../support/db.js';
import { closeAppAndBrowser, newPage, newPageAs, startDemoApp, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';

/** A 1x1 grey PNG, the answer to every PDOK tile request (no network in tests). */
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==', 'base64');

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp());
});
afterAll(() => closeAppAndBrowser(app, browser));

type Vk = { __vk: { map: { getLayer(id: string): unknown; getSource(id: string): { loaded?(): boolean } | undefined; getCanvas(): HTMLCanvasElement } } };
type CspWindow = { __csp: string[] };

/** Records CSP violations of the page and its workers in three independent ways. */
async function watchCsp(page: Page, log: PageLog): Promise<() => Promise<string[]>> {
  const found: string[] = [];
  page.on('console', (m) => {
    if (/Refused to|Content.Security.Policy/i.test(m.text())) found.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    (window as unknown as CspWindow).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as CspWindow).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Audits.enable');
  cdp.on('Audits.issueAdded', (e: { issue: { code: string; details: unknown } }) => {
    if (e.issue.code === 'ContentSecurityPolicyIssue') found.push(`issue: ${JSON.stringify(e.issue.details)}`);
  });
  return async () => {
    const events = await page.evaluate(() => (window as unknown as CspWindow).__csp ?? []);
    return [...found, ...events.map((e) => `event: ${e}`), ...log.errors.filter((e) => /Refused to/i.test(e))];
  };
}

describe('Content-Security-Policy', () => {
  it('sends a strict policy with the page', async () => {
    const res = await fetch(app.url + '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    expect(csp).toContain('https://service.pdok.nl');
  });

  it('is not violated by the map, its worker, deck.gl, the heat image and the PDOK background', async () => {
    // Logged in as an analyst: every layer (incident points, zones, the heat of small counts) has data to draw.
    const { page, log } = await newPageAs(browser, app, ['analist']);
    const violations = await watchCsp(page, log);
    const tiles: string[] = [];
    await page.route('https://service.pdok.nl/**', (route) => {
      tiles.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: TILE, headers: { 'Access-Control-Allow-Origin': '*' } });
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));

    await page.goto(`${app.url}/#tab=hotspots&level=wijk&period=ddo&layers=crime-rate,districts,heat,gistar,incidents,nearrepeat-zones&bg=pdok`);
    await waitForMapIdle(page);
    const drawn = () =>
      page.evaluate(() => {
        const map = (window as unknown as Vk).__vk.map;
        return ['heat-raster', 'gistar-fill', 'districts-fill', 'pdok'].filter((id) => map.getLayer(id));
      });
    await expect.poll(drawn, { timeout: 30_000 }).toEqual(['heat-raster', 'gistar-fill', 'districts-fill', 'pdok']);
    await waitForMapIdle(page);
    // deck.gl draws into its own canvas beside MapLibre's.
    expect(await page.locator('.map canvas').count()).toBeGreaterThanOrEqual(2);
    expect(workers.some((u) => u.startsWith(app.url))).toBe(true);
    expect(tiles.length).toBeGreaterThan(0);
    expect(await page.getByText('niet bereikbaar').count()).toBe(0);

    expect(await violations()).toEqual([]);

    // The detector itself: an injected inline script must be refused and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.append(s);
    });
    await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan ?? false)).toBe(false);
    await page.close();
  });

  it('is not violated by the login dialog, the login itself and the Beheer tab', async () => {
    const username = await createTestUser(app.db, ['analist', 'beheerder']);
    const { page, log } = await newPage(browser);
    const violations = await watchCsp(page, log);
    await page.route('https://service.pdok.nl/**', (route) => route.abort());
    await page.goto(`${app.url}/#tab=nearrepeat&level=wijk`);
    await waitForMapIdle(page);
    await page.getByTestId('login-open').click();
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('fout-wachtwoord');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('login-submit').click()]);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(username);
    await page.click('#tab-beheer');
    await page.getByTestId('user-row').first().waitFor();
    expect(await violations()).toEqual([]);
    await page.close();
  });
});
