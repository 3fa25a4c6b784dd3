/**
 * Roles in the browser: the public view shows aggregates and no incident points; an analyst logs
 * in through the dialog and sees points; a beheerder adds a user in the beheer panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Response } from 'playwright-core';
import { createTestUser, TEST_PASSWORD } from '../support/db.js';
import { closeAppAndBrowser, newPage, newPageAs, realErrors, startDemoApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;
const DEMO_NOW = new Date('2026-06-01T12:00:00Z');
const HASH = '/#tab=hotspots&level=wijk&layers=districts,incidents&period=custom&from=2025-06-01&to=2026-05-31';

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW));
});
afterAll(() => closeAppAndBrowser(app, browser));

/** Bodies of the /api/incidents responses the page received. */
function incidentResponses(page: import('playwright-core').Page) {
  const seen: { status: number; body: Promise<string> }[] = [];
  page.on('response', (r: Response) => {
    if (new URL(r.url()).pathname === '/api/incidents') seen.push({ status: r.status(), body: r.text().catch(() => '') });
  });
  return seen;
}

/** Layers that need more than aggregates (exact incidents, near-repeat zones). */
const EXACT_LAYERS = ['incidents', 'nearrepeat-zones'];

/** Every response the page got that refused the caller (401/403), as "status path". */
function refusedResponses(page: import('playwright-core').Page) {
  const refused: string[] = [];
  page.on('response', (r: Response) => {
    if (r.status() === 401 || r.status() === 403) refused.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  return refused;
}

/** The MapLibre layout visibility of a map layer. */
function visibility(page: import('playwright-core').Page, layer: string) {
  return page.evaluate((id) => (window as unknown as { __vk: { map: { getLayoutProperty(l: string, p: string): string | undefined } } }).__vk.map.getLayoutProperty(id, 'visibility') ?? 'visible', layer);
}

describe('without a login', () => {
  it('shows the public view: aggregates, a login button, exact layers disabled, and no refused request', async () => {
    const { page, log } = await newPage(browser);
    const refused = refusedResponses(page);
    const seen = incidentResponses(page);
    await page.goto(app.url + HASH); // the link asks for the incidents layer
    await waitForMapIdle(page);
    await page.getByTestId('hotspots-panel').waitFor();
    await page.getByTestId('login-open').waitFor();
    // Importing needs a login: the public is not offered a form that can only be refused.
    expect(await page.getByTestId('import-form').count()).toBe(0);
    // The near-repeat tab offers the login instead of asking for zones and showing the refusal.
    await page.click('#tab-nearrepeat');
    await page.getByTestId('nr-login').waitFor();
    await page.waitForLoadState('networkidle');
    await waitForMapIdle(page);
    expect(refused).toEqual([]);
    expect(seen).toEqual([]);
    expect(await page.getByTestId('login-hint').count()).toBe(0);
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    // The layers that need more than aggregates are disabled with the reason and a login.
    for (const id of EXACT_LAYERS) {
      const box = page.locator(`[data-layer="${id}"]`);
      await expect.poll(() => box.isDisabled()).toBe(true);
      expect(await box.isChecked()).toBe(false);
      expect(await page.getByTestId(`unavailable-${id}`).textContent()).toContain('Alleen na inloggen als analist');
      expect(await page.getByTestId(`layer-login-${id}`).isVisible()).toBe(true);
    }
    // The hotspots tab's quick switch for incidents is disabled too (its tab was left above).
    await page.click('#tab-hotspots');
    await page.getByTestId('hotspots-panel').waitFor();
    expect(await page.locator('[data-hs-layer="incidents"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-hs-layer="incidents"]').isChecked()).toBe(false);
    // The aggregate layers stay available.
    for (const id of ['heat', 'gistar', 'rates']) expect(await page.locator(`[data-layer="${id}"]`).isDisabled()).toBe(false);
    expect(await visibility(page, 'incidents-points')).toBe('none');
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('offers the login at a disabled layer; after logging in as analist the layer is available and shown', async () => {
    const username = await createTestUser(app.db, ['analist']);
    const { page } = await newPage(browser);
    const refused = refusedResponses(page);
    const seen = incidentResponses(page);
    await page.goto(app.url + HASH);
    await page.getByTestId('layer-login-incidents').click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('Alleen na inloggen als analist');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('login-submit').click()]);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(username);
    const box = page.locator('[data-layer="incidents"]');
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true); // the link asked for it
    expect(await page.getByTestId('unavailable-incidents').count()).toBe(0);
    await expect.poll(() => seen.filter((r) => r.status === 200).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => visibility(page, 'incidents-points'), { timeout: 15_000 }).toBe('visible');
    expect(refused).toEqual([]);
    await page.context().close();
  });

  it('follows a session change without a reload: the layers become available and load', async () => {
    const username = await createTestUser(app.db, ['analist']);
    const { page } = await newPage(browser);
    const refused = refusedResponses(page);
    const seen = incidentResponses(page);
    await page.goto(app.url + HASH);
    await waitForMapIdle(page);
    const box = page.locator('[data-layer="incidents"]');
    await expect.poll(() => box.isDisabled()).toBe(true);
    // Log in from inside the page (the session cookie is set) and hand the answer to the session,
    // without the reload the login dialog does: a marker on window proves the page stayed.
    await page.evaluate(async ([u, p]) => {
      (window as unknown as { marker: number }).marker = 1;
      const res = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: u, password: p }) });
      (window as unknown as { __vk: { session: { set(me: unknown): void } } }).__vk.session.set(await res.json());
    }, [username, TEST_PASSWORD] as const);
    await expect.poll(() => box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true);
    await expect.poll(() => seen.filter((r) => r.status === 200).length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => visibility(page, 'incidents-points'), { timeout: 15_000 }).toBe('visible');
    expect(await page.locator('[data-layer="nearrepeat-zones"]').isDisabled()).toBe(false);
    // And back: without the permission the layer is hidden and disabled again.
    await page.evaluate(() => {
      const s = (window as unknown as { __vk: { session: { me: Record<string, unknown>; set(me: unknown): void } } }).__vk.session;
      s.set({ ...s.me, authenticated: false, user: null, roles: [], permissions: ['aggregates:read'] });
    });
    await expect.poll(() => box.isDisabled()).toBe(true);
    await expect.poll(() => visibility(page, 'incidents-points')).toBe('none');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(refused).toEqual([]);
    await page.context().close();
  });

  it('keeps a gap between the login button and the layers button in the header', async () => {
    const { page } = await newPage(browser, 1400, 900);
    await page.goto(app.url + '/#level=wijk');
    const login = (await page.getByTestId('login-open').boundingBox())!;
    const toggle = (await page.locator('[aria-controls="layers"]').boundingBox())!;
    expect(toggle.x - (login.x + login.width)).toBeGreaterThanOrEqual(8);
    await page.context().close();
  });
});

describe('an analyst', () => {
  it('logs in through the dialog and sees incident points', async () => {
    const username = await createTestUser(app.db, ['analist']);
    const { page } = await newPage(browser);
    await page.goto(app.url + HASH);
    await page.getByTestId('login-open').click();
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill('fout-wachtwoord');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('Onjuiste gebruikersnaam of wachtwoord');

    const seen = incidentResponses(page);
    await page.getByTestId('login-password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('login-submit').click()]);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe(username);
    // The layer loads once the session says the caller may see it (after GET /api/auth/me).
    await expect.poll(() => seen.filter((r) => r.status === 200).length, { timeout: 15_000 }).toBeGreaterThan(0);
    const body = JSON.parse(await seen.find((r) => r.status === 200)!.body) as { features: { geometry: { type: string } }[] };
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features[0]!.geometry.type).toBe('Point');
    await page.context().close();
  });
});

describe('a beheerder', () => {
  it('adds a user with a role in the beheer panel and gets its one-time password', async () => {
    const { page } = await newPageAs(browser, app, ['beheerder']);
    await page.goto(app.url + '/#tab=beheer');
    await page.getByTestId('admin-panel').waitFor();
    await page.getByTestId('new-username').fill('nieuwe.partner');
    await page.getByTestId('role-partner').check();
    await page.getByTestId('add-user').click();
    await expect.poll(() => page.getByTestId('user-created').textContent()).toMatch(/nieuwe\.partner.*Eenmalig wachtwoord.*: \w{16}/);
    await expect.poll(() => page.getByTestId('user-table').textContent()).toContain('nieuwe.partner');
    const rows = await app.db.query<{ role: string }>("SELECT r.role FROM app_user u JOIN user_role r ON r.user_id = u.id WHERE u.username = 'nieuwe.partner'");
    expect(rows.map((r) => r.role)).toEqual(['partner']);
    await expect.poll(() => page.locator('[data-testid="audit-row"][data-action="create"][data-table="app_user"]').first().textContent()).toMatch(/aangemaakt.*gebruiker/);
    await page.context().close();
  });
});
