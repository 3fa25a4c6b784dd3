/**
 * The register import dialog and the list-field form in the browser (web/panels/registers): a
 * redacteur checks a park CSV with bad rows, sees the per-row report (row, field, Dutch message)
 * and no import button, closes the dialog, and nothing changed; then checks and imports a good
 * GeoPackage (after the "replaces demo data" notice) and sees the parks in the list and on the
 * map; then edits a park's fire-service visits with the keyboard (add, fill, remove rows; a
 * missing date is marked next to its field). The dialog and the form are axe-clean.
 * With REGISTER_IMPORT_SHOTS=<dir> it writes screenshots of the dialog and the form for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, loginHeaders, newPageAs, realErrors, DEMO_NOW, startDemoApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';
import { makeGpkg } from '../fixtures/districts/gpkg.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW, { registers: true }));
});
afterAll(() => closeAppAndBrowser(app, browser));

const SHOTS = process.env.REGISTER_IMPORT_SHOTS;

type MapVk = { __vk: { map: { querySourceFeatures(s: string): { properties: { id: number } }[] } } };
const sourceIds = (page: Page) => page.evaluate(() => [...new Set((window as unknown as MapVk).__vk.map.querySourceFeatures('reg-parks').map((f) => Number(f.properties.id)))]);

async function axeProblems(page: Page, selector: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include(selector).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ['label', 'aria-valid-attr-value'].includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

type Parks = { features: { id: number; properties: Record<string, unknown> & { name: string; version: number; demo: boolean } }[] };
async function parks(headers: Record<string, string>): Promise<Parks> {
  return (await (await fetch(`${app.url}/api/parks`, { headers })).json()) as Parks;
}

/** Park CSV in RD New (x/y near the centre of Apeldoorn): rows 3 and 4 are bad (unknown kind; beds not a number). */
const BAD_CSV = [
  'naam;soort;capacity.units;capacity.beds;evacuationPlan.status;x;y',
  'Park Goed;camping;10;40;geen;194500;469500',
  'Park Kasteel;kasteel;10;40;geen;194800;469500',
  'Park Telfout;camping;10;veertig;geen;195100;469500',
  '',
].join('\n');

const ring = (lng: number, lat: number, d: number) => [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]];

describe('register import dialog', () => {
  it('reports bad rows and stores nothing; imports a good GeoPackage after confirmation; edits a park visits list', async () => {
    const headers = await loginHeaders(app, ['redacteur']);
    const before = await parks(headers);
    expect(before.features.length).toBeGreaterThan(0);
    expect(before.features.every((f) => f.properties.demo)).toBe(true);

    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    await page.goto(`${app.url}/#layers=districts,reg-parks&tab=registers&reg=parks`);
    await waitForMapIdle(page);
    await expect.poll(() => page.getByTestId('register-item').count()).toBe(before.features.length);

    // 1. A CSV with bad rows: the dry run's report, no import button, nothing stored.
    await page.getByTestId('register-import-open').click();
    const dialog = page.getByTestId('register-import-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('register-import-demo').textContent()).toContain(`${before.features.length} demonstratierecords`);
    await page.getByTestId('register-import-file').setInputFiles({ name: 'parken.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
    await page.getByTestId('register-import-crs-28992').check();
    await page.getByTestId('register-import-check').click();
    await page.getByTestId('register-import-rows').waitFor();
    expect(await page.getByTestId('register-import-summary').textContent()).toContain('3 rijen gelezen: 1 goed, 2 afgekeurd');
    const cells = await page.getByTestId('register-import-rows').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(cells).toEqual(
      expect.arrayContaining([
        ['3', 'kind', expect.stringMatching(/^Ongeldige optie: verwacht één van .*"camping"/)],
        ['4', 'capacity.beds', expect.stringMatching(/^Ongeldige invoer: verwacht getal/)],
      ]),
    );
    expect(await dialog.getByRole('alert').first().textContent()).toContain('Er is niets opgeslagen');
    expect(await page.getByTestId('register-import-commit').count()).toBe(0);
    expect(await axeProblems(page, '[data-testid="register-import-dialog"]')).toEqual([]);
    if (SHOTS) await dialog.screenshot({ path: join(SHOTS, 'import-report.png') });
    // The user aborts: closes the dialog; the register is unchanged.
    await page.getByTestId('register-import-close').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await parks(headers)).toEqual(before);

    // 2. A good GeoPackage (WGS84, CRS detected): dry run, then the confirmed import.
    const gpkg = await makeGpkg([
      {
        table: 'parken',
        srsId: 4326,
        features: [
          { properties: { name: 'E2E Park Heide', kind: 'camping', capacity: '{"units": 80, "beds": 320}', evacuationPlan: '{"status": "concept"}' }, geometry: { type: 'MultiPolygon', coordinates: [ring(5.95, 52.2, 0.002)] } },
          { properties: { name: 'E2E Park Bos', kind: 'bungalowpark', capacity: null, evacuationPlan: null }, geometry: { type: 'Point', coordinates: [5.97, 52.21] } },
        ],
      },
    ]);
    await page.getByTestId('register-import-open').click();
    await page.getByTestId('register-import-file').setInputFiles({ name: 'parken.gpkg', mimeType: 'application/geopackage+sqlite3', buffer: Buffer.from(gpkg) });
    await page.getByTestId('register-import-check').click();
    await page.getByTestId('register-import-commit').waitFor();
    expect(await page.getByTestId('register-import-summary').textContent()).toContain('2 rijen gelezen: 2 goed, 0 afgekeurd');
    expect(await parks(headers)).toEqual(before); // the dry run stored nothing
    expect(await axeProblems(page, '[data-testid="register-import-dialog"]')).toEqual([]);
    if (SHOTS) await dialog.screenshot({ path: join(SHOTS, 'import-ready.png') });
    await page.getByTestId('register-import-commit').click();
    await expect.poll(() => page.getByTestId('register-import-done').textContent()).toBe(`2 records geïmporteerd; ${before.features.length} demonstratierecords vervangen.`);
    const after = await parks(headers);
    expect(after.features.map((f) => [f.properties.name, f.properties.demo]).sort()).toEqual([['E2E Park Bos', false], ['E2E Park Heide', false]]);
    await page.getByTestId('register-import-close').click();
    await expect.poll(() => page.getByTestId('register-item').allTextContents()).toEqual([expect.stringContaining('E2E Park Bos'), expect.stringContaining('E2E Park Heide')]);
    const ids = after.features.map((f) => Number(f.id)).sort();
    await expect.poll(async () => (await sourceIds(page)).sort(), { timeout: 15_000 }).toEqual(ids);

    // 3. Edit the fire-service visits of a park with the keyboard.
    await page.getByTestId('register-item').filter({ hasText: 'E2E Park Heide' }).click();
    await page.getByTestId('register-edit').click();
    const form = page.getByTestId('register-form');
    const visits = form.getByTestId('list-fireServiceVisits');
    await visits.getByTestId('list-add-fireServiceVisits').focus();
    await page.keyboard.press('Enter');
    // Focus moves to the new row's date field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-parks-fireServiceVisits-0-date');
    await visits.getByTestId('list-add-fireServiceVisits').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => visits.getByTestId('list-row').count()).toBe(2);
    // A row without its date is refused next to the field.
    await page.getByTestId('register-save').click();
    await page.getByTestId('field-error-fireServiceVisits.0.date').waitFor();
    expect(await page.locator('#rf-parks-fireServiceVisits-0-date').getAttribute('aria-invalid')).toBe('true');
    expect(await axeProblems(page, '[data-testid="register-form"]')).toEqual([]);
    await page.locator('#rf-parks-fireServiceVisits-0-date').fill('2026-01-12');
    await page.locator('#rf-parks-fireServiceVisits-0-notes').fill('Controle vluchtwegen');
    await page.locator('#rf-parks-fireServiceVisits-1-date').fill('2025-06-03');
    // Remove the first row again with the keyboard: focus lands on the remaining row.
    await visits.getByTestId('list-remove').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => visits.getByTestId('list-row').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-parks-fireServiceVisits-0-date');
    // The "missing date" error named the removed row: it does not move to the remaining one.
    expect(await page.getByTestId('field-error-fireServiceVisits.0.date').count()).toBe(0);
    expect(await page.locator('#rf-parks-fireServiceVisits-0-date').getAttribute('aria-invalid')).toBeNull();
    await form.getByTestId('list-add-controlActions').click();
    await page.locator('#rf-parks-controlActions-0-date').fill('2026-02-01');
    await page.locator('#rf-parks-controlActions-0-partners').fill('gemeente\npolitie\nbrandweer');
    await page.locator('#rf-parks-controlActions-0-findings').fill('permanente bewoning');
    await form.getByLabel('Contactpersoon').fill('J. de Vries');
    await form.getByLabel('E-mail').fill('j.devries@example.org');
    if (SHOTS) await form.screenshot({ path: join(SHOTS, 'park-form.png') });
    await page.getByTestId('register-save').click();
    await expect.poll(() => page.getByTestId('register-version').textContent()).toBe('versie 2');
    expect(await page.getByTestId('register-detail-fireServiceVisits').textContent()).toContain('2025-06-03');
    const id = after.features.find((f) => f.properties.name === 'E2E Park Heide')!.id;
    const saved = (await (await fetch(`${app.url}/api/parks/${id}`, { headers })).json()) as { properties: Record<string, unknown> };
    expect(saved.properties).toMatchObject({
      fireServiceVisits: [{ date: '2025-06-03', notes: null }],
      controlActions: [{ date: '2026-02-01', partners: ['gemeente', 'politie', 'brandweer'], findings: ['permanente bewoning'] }],
      contact: { name: 'J. de Vries', email: 'j.devries@example.org', phone: null },
      capacity: { units: 80, beds: 320 },
    });
    expect(realErrors(log, /422/)).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the compartment form has the measures and agreements lists and the two route line fields, axe-clean', async () => {
    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    await page.goto(`${app.url}/#tab=registers&reg=fire-compartments`);
    await expect.poll(() => page.getByTestId('register-item').count()).toBeGreaterThan(0);
    await page.getByTestId('register-new').click();
    const form = page.getByTestId('register-form');
    await form.getByTestId('list-add-measures').click();
    await form.getByTestId('list-add-agreements').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-fire-compartments-agreements-0-party');
    for (const k of ['accessRoutes', 'evacuationRoutes']) expect(await form.getByTestId(`lines-${k}`).textContent()).toContain('Geen lijnen');
    await form.getByTestId('register-save').click();
    await page.getByTestId('field-error-measures.0.description').waitFor();
    await page.getByTestId('field-error-agreements.0.party').waitFor();
    expect(await axeProblems(page, '[data-testid="register-form"]')).toEqual([]);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
