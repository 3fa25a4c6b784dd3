/**
 * The Beheer tab in the browser: a beheerder adds an analyst whose one-time password works once
 * and must be replaced; someone without beheerder gets neither the tab nor /api/users; the audit
 * trail shows an incident import and a batch delete with their before/after; organisations are
 * added, renamed (a refusal next to the field) and deleted after a confirmation; axe finds no
 * serious problem in the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Response } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { createTestUser } from '../support/db.js';
import { closeAppAndBrowser, loginHeaders, newPageAs, realErrors, startDemoApp, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;
// The demo data ends mid-February 2026 (DEMO_NOW): a year before it holds incidents.
const INCIDENTS_HASH = '/#tab=hotspots&level=wijk&layers=districts,incidents&period=custom&from=2025-02-15&to=2026-02-14';
const NEW_PASSWORD = 'een-eigen-lang-wachtwoord';

beforeAll(async () => {
  ({ app, browser } = await startDemoApp());
});
afterAll(() => closeAppAndBrowser(app, browser));

async function openBeheer(page: Page): Promise<void> {
  await page.goto(`${app.url}/#tab=beheer`);
  await page.getByTestId('admin-panel').waitFor();
  await page.getByTestId('user-table').waitFor();
}

/** The before or after cell of one field in the open audit detail. */
function field(page: Page, name: string, side: 'audit-before' | 'audit-after' = 'audit-after') {
  return page.getByTestId('audit-detail').locator('tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).getByTestId(side);
}

/** Bodies of the /api/incidents responses the page receives from now on. */
function incidentResponses(page: Page) {
  const seen: { status: number; body: Promise<string> }[] = [];
  page.on('response', (r: Response) => {
    if (new URL(r.url()).pathname === '/api/incidents') seen.push({ status: r.status(), body: r.text().catch(() => '') });
  });
  return seen;
}

describe('a beheerder adds a user', () => {
  it('who logs in with the one-time password, must choose an own one, and then sees incident points', async () => {
    const { page, log, username: admin } = await newPageAs(browser, app, ['beheerder']);
    await openBeheer(page);

    // A name in use: the server's refusal appears next to the user name field.
    await page.getByTestId('new-username').fill(admin);
    await page.getByTestId('add-user').click();
    await expect.poll(() => page.getByTestId('new-username-error').textContent()).toBe('al in gebruik');
    expect(await page.getByTestId('new-username').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('user-form-error').textContent()).toContain('Controleer de gemarkeerde velden');

    await page.getByTestId('new-username').fill('nieuwe.analist');
    await page.getByTestId('new-displayname').fill('Nieuwe Analist');
    await page.getByTestId('role-analist').check();
    await page.getByTestId('add-user').click();
    const shown = page.getByTestId('user-created');
    await expect.poll(() => shown.textContent()).toMatch(/Account nieuwe\.analist aangemaakt\. Eenmalig wachtwoord: \w{16}.*eerste keer inloggen/);
    const oneTime = (await page.getByTestId('one-time-password').textContent())!;
    expect(oneTime).toMatch(/^\w{16}$/);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('user-created');
    const row = page.locator('[data-testid="user-row"][data-username="nieuwe.analist"]');
    await expect.poll(() => row.textContent()).toMatch(/Nieuwe Analist.*moet wachtwoord wijzigen.*analist.*ja.*nooit/);
    expect(await page.getByTestId('new-username').inputValue()).toBe(''); // the form is ready for the next one
    expect(realErrors(log, /409|Failed to load resource/)).toEqual([]);

    // Logged out, the one-time password logs in once and must be replaced at once.
    await Promise.all([page.waitForEvent('load'), page.getByTestId('logout').click()]);
    await page.goto(app.url + INCIDENTS_HASH);
    await page.getByTestId('login-open').click();
    await page.getByTestId('login-username').fill('nieuwe.analist');
    await page.getByTestId('login-password').fill(oneTime);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('new-password').waitFor();
    await page.getByTestId('new-password').fill(NEW_PASSWORD);
    await page.getByTestId('repeat-password').fill(NEW_PASSWORD);
    const seen = incidentResponses(page);
    await Promise.all([page.waitForEvent('load'), page.getByTestId('change-submit').click()]);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('nieuwe.analist');
    await expect.poll(() => seen.filter((r) => r.status === 200).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const body = JSON.parse(await seen.find((r) => r.status === 200)!.body) as { features: { geometry: { type: string } }[] };
    expect(body.features.length).toBeGreaterThan(0);
    expect(body.features[0]!.geometry.type).toBe('Point');
    expect(await page.locator('#tab-beheer').count()).toBe(0);

    // The one-time password no longer works; the own one does.
    const again = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'nieuwe.analist', password: oneTime }) });
    expect(again.status).toBe(401);
    await page.context().close();
  }, 120_000); // two logins, a password change and the incident layer on a shared machine
});

describe('without the beheerder role', () => {
  it('there is no Beheer tab, and /api/users refuses with a Dutch problem', async () => {
    const { page, log } = await newPageAs(browser, app, ['analist', 'partner']);
    await page.goto(`${app.url}/#tab=beheer`);
    await page.getByTestId('user-name').waitFor();
    await page.locator('#tab-district[aria-selected="true"]').waitFor();
    expect(await page.locator('#tab-beheer').count()).toBe(0);
    expect(await page.getByTestId('admin-panel').count()).toBe(0);

    const refused = await page.request.get(`${app.url}/api/users`);
    expect(refused.status()).toBe(403);
    expect(refused.headers()['content-type']).toContain('application/problem+json');
    const p = (await refused.json()) as { type: string; detail: string };
    expect(p.type).toBe('/problems/geen-toegang');
    expect(p.detail).toMatch(/rol geeft geen toegang/);
    // Without a login it asks for one instead.
    const anonymous = await fetch(`${app.url}/api/users`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { type: string }).type).toBe('/problems/login-vereist');
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });
});

describe('the audit trail', () => {
  it('shows an incident import and a batch delete, and one row before and after', async () => {
    // An analyst imports one burglary, a beheerder removes the import again (both through the API).
    const analyst = await loginHeaders(app, ['analist']);
    const csv = 'Registratienummer;Soort delict;Pleegdatum van;Pleegdatum tot;X-coördinaat;Y-coördinaat\nPL-E2E-AUDIT-1;Woninginbraak;01-03-2024 10:00;01-03-2024 12:00;194373;469639\n';
    const imp = await fetch(`${app.url}/api/incidents/import?name=e2e-audit.csv`, { method: 'POST', headers: { ...analyst, 'Content-Type': 'text/csv' }, body: csv });
    expect(imp.status).toBe(200);
    const { batchId } = (await imp.json()) as { batchId: number };
    const beheerder = await loginHeaders(app, ['beheerder']);
    const del = await fetch(`${app.url}/api/incidents/batches/${batchId}`, { method: 'DELETE', headers: beheerder });
    expect(del.status).toBe(200);

    const { page, log } = await newPageAs(browser, app, ['beheerder']);
    await openBeheer(page);
    await page.getByTestId('audit-filter-table').selectOption('import_batch');
    await page.getByTestId('audit-apply').click();
    const rows = page.locator(`[data-testid="audit-row"][data-record="${batchId}"]`);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['delete', 'import']);
    expect(await rows.nth(0).textContent()).toMatch(/verwijderd.*import \d+/);
    expect(await rows.nth(1).textContent()).toMatch(/test-analist-.*geïmporteerd.*import \d+/);
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toContain('table=import_batch');

    // A record's history: exactly the import and the delete, the newest first.
    await rows.nth(1).getByTestId('audit-history').click();
    await expect.poll(() => page.locator('#audit-heading').textContent()).toBe(`Geschiedenis van import ${batchId}`);
    await expect.poll(() => page.getByTestId('audit-row').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['delete', 'import']);

    // The import's after: source and counts.
    const importRow = page.locator('[data-testid="audit-row"][data-action="import"]');
    await importRow.getByTestId('audit-details').click();
    expect(await importRow.getByTestId('audit-details').getAttribute('aria-expanded')).toBe('true');
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await field(page, 'source').textContent()).toBe('e2e-audit.csv');
    expect(await field(page, 'imported').textContent()).toBe('1');
    // The delete's before is the batch as it was, its after how many incidents went.
    await importRow.getByTestId('audit-details').click();
    const deleteRow = page.locator('[data-testid="audit-row"][data-action="delete"]');
    await deleteRow.getByTestId('audit-details').click();
    await expect.poll(() => field(page, 'deleted').textContent()).toBe('1');
    expect(await field(page, 'id', 'audit-before').textContent()).toBe(String(batchId));
    expect(await field(page, 'is_demo', 'audit-before').textContent()).toBe('false');

    // A period that ends before it starts: the server's refusal next to the field.
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-filter-from').fill('2026-03-02');
    await page.getByTestId('audit-filter-to').fill('2026-03-01');
    await page.getByTestId('audit-apply').click();
    await expect.poll(() => page.getByTestId('audit-to-error').textContent()).toBe('ligt vóór de begindatum');
    expect(realErrors(log, /400|Failed to load resource/)).toEqual([]);
    await page.context().close();
  });
});

describe('organisations', () => {
  it('are added, renamed (a name in use refused next to the field) and deleted after a confirmation', async () => {
    const { page, log } = await newPageAs(browser, app, ['beheerder']);
    await openBeheer(page);
    const orgs = page.getByTestId('orgs-section');
    for (const name of ['Politie Oost-Nederland', 'Woonstichting De Veste']) {
      await page.getByTestId('org-new-name').fill(name);
      await page.getByTestId('org-add').click();
      await expect.poll(() => orgs.getByTestId('org-table').textContent()).toContain(name);
    }
    const veste = page.locator('[data-testid="org-row"]', { hasText: 'Woonstichting De Veste' });
    await veste.getByTestId('org-rename').click();
    await page.getByTestId('org-rename-input').fill('Politie Oost-Nederland');
    await page.getByTestId('org-rename-save').click();
    await expect.poll(() => orgs.locator('.field-error').textContent()).toBe('al in gebruik');
    await page.getByTestId('org-rename-input').fill('Woonstichting Apeldoorn');
    await page.keyboard.press('Enter');
    await expect.poll(() => orgs.getByTestId('org-table').textContent()).toContain('Woonstichting Apeldoorn');

    // The new organisation is offered in the user form at once.
    await expect.poll(() => page.getByTestId('new-organisation').textContent()).toContain('Woonstichting Apeldoorn');

    const renamed = page.locator('[data-testid="org-row"]', { hasText: 'Woonstichting Apeldoorn' });
    await renamed.getByTestId('org-delete').click();
    const yes = page.getByTestId('org-delete-confirm');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('org-delete-confirm');
    await yes.press('Enter');
    await expect.poll(() => orgs.getByTestId('org-table').textContent()).not.toContain('Woonstichting Apeldoorn');
    await expect.poll(() => orgs.getByRole('status').textContent()).toContain('Organisatie Woonstichting Apeldoorn verwijderd');
    const rows = await app.db.query<{ name: string }>('SELECT name FROM organisation ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('Politie Oost-Nederland');
    expect(rows.map((r) => r.name)).not.toContain('Woonstichting Apeldoorn');
    expect(realErrors(log, /409|Failed to load resource/)).toEqual([]);
    await page.context().close();
  });
});

/** Serious and critical axe violations of the page (as in map-ux.e2e.ts), as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="side-panel"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ['empty-table-header', 'label', 'aria-valid-attr-value'].includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`));
}

describe('accessibility', () => {
  it('the Beheer tab has no serious axe violations: lists, an open editor, a one-time password, field errors and a detail', async () => {
    const someone = await createTestUser(app.db, ['partner']);
    const { page } = await newPageAs(browser, app, ['beheerder']);
    await openBeheer(page);
    await page.getByTestId('audit-row').first().waitFor();
    expect(await axeProblems(page)).toEqual([]);

    // Keyboard: the editor opens from its button, takes the focus, and resets a password.
    const row = page.locator(`[data-testid="user-row"][data-username="${someone}"]`);
    await row.getByTestId('edit-user').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('user-editor').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^ue-\d+-displayName$/);
    await page.getByTestId('edit-email').fill('geen-adres');
    await page.getByTestId('save-user').click();
    await page.getByTestId('edit-email-error').waitFor();
    await page.getByTestId('reset-password').click();
    await page.getByTestId('reset-confirm').press('Enter');
    await expect.poll(() => page.getByTestId('user-created').textContent()).toMatch(new RegExp(`Nieuw wachtwoord voor ${someone}.*\\w{16}`));
    await page.getByTestId('new-username').fill('x');
    await page.getByTestId('add-user').click();
    await page.getByTestId('new-username-error').waitFor();
    await page.getByTestId('audit-details').first().click();
    await page.getByTestId('audit-detail').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.context().close();
  }, 90_000); // two axe runs and a password hash on a shared machine
});


