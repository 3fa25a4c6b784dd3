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

describe('without a login', () => {
  it('shows the public view: aggregates, a login button, no incident points', async () => {
    const { page, log } = await newPage(browser);
    const seen = incidentResponses(page);
    await page.goto(app.url + HASH);
    await waitForMapIdle(page);
    await page.getByTestId('hotspots-panel').waitFor();
    await page.getByTestId('login-open').waitFor();
    await expect.poll(() => seen.length).toBeGreaterThan(0); // the incidents layer asked, and was refused
    for (const r of seen) {
      expect(r.status).toBe(401);
      expect(await r.body).not.toContain('"Point"');
    }
    await page.getByTestId('login-hint').waitFor();
    // Importing needs a login: the public is not offered a form that can only be refused.
    expect(await page.getByTestId('import-form').count()).toBe(0);
    // The near-repeat tab offers the login instead of asking for zones and showing the refusal.
    await page.click('#tab-nearrepeat');
    await page.getByTestId('nr-login').waitFor();
    expect(await page.getByRole('alert').allTextContents()).toEqual([]);
    expect(realErrors(log, /401|Failed to load resource/i)).toEqual([]);
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
    await expect.poll(() => seen.filter((r) => r.status === 200).length).toBeGreaterThan(0);
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
