/**
 * The park information card in the browser, on the demo registers (whose generator places parks
 * without an approved plan in and near the high-risk compartments): from the Brandweer table by
 * keyboard (Tab from the row to its card link, Enter opens the card in a new tab), the card's
 * fields, its map and DEMO mark, the PDF button's download name; a lower role (analist) sees the
 * card without the operator contact; the card link in the park's record; the card is axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, DEMO_NOW, newPageAs, realErrors, startDemoApp, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW, { registers: true }));
});
afterAll(() => closeAppAndBrowser(app, browser));

/** Opens the Brandweer tab, focuses the first row and opens its card with Tab + Enter; returns the card's tab. */
async function cardFromTable(page: Page): Promise<{ card: Page; parkId: string }> {
  await page.goto(`${app.url}/#tab=brandweer`);
  const row = page.getByTestId('brandweer-row').first();
  await row.waitFor();
  const parkId = (await row.getAttribute('data-park-id'))!;
  await row.focus();
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('card-link');
  const opened = page.context().waitForEvent('page');
  await page.keyboard.press('Enter');
  const card = await opened;
  await card.getByTestId('park-card').waitFor();
  return { card, parkId };
}

async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
}

describe('park information card', () => {
  it('opens from the Brandweer table by keyboard with every field, the contact for a redacteur, a PDF button; axe-clean', async () => {
    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    const { card, parkId } = await cardFromTable(page);
    expect(card.url()).toBe(`${app.url}/api/parks/${parkId}/card`);
    const park = (await (await fetch(`${app.url}/api/parks/${parkId}`)).json()) as { properties: { name: string } };
    expect(await card.getByTestId('card-name').textContent()).toContain(park.properties.name);
    expect(await card.getByTestId('card-demo').isVisible()).toBe(true);
    expect(await card.getByTestId('card-risk').first().textContent()).toMatch(/^(hoog|zeer hoog)$/);
    expect(await card.getByTestId('card-plan').textContent()).toMatch(/geen ontruimingsplan|concept/);
    expect(await card.getByTestId('card-capacity').textContent()).toMatch(/\d+ eenheden, [\d.]+ slaapplaatsen/);
    expect(await card.getByTestId('card-visit').textContent()).toMatch(/\d{4}/);
    expect(await card.getByTestId('card-exercise').textContent()).toMatch(/\d{4}/);
    expect(await card.getByTestId('card-findings').textContent()).toContain('Nachtregister');
    expect(await card.getByTestId('card-made').textContent()).toMatch(/^Kaart gemaakt op \d/);
    expect(await card.getByTestId('card-contact').textContent()).toContain('Demo-contactpersoon');
    expect(await card.getByTestId('card-map').locator('path').count()).toBeGreaterThan(3);

    // Printed, the card is one A4 page: the sheet fits the printable height (297 - 2 × 12 mm).
    await card.emulateMedia({ media: 'print' });
    const mm = await card.evaluate(() => document.querySelector('main')!.getBoundingClientRect().height / (96 / 25.4));
    expect(mm).toBeLessThan(297 - 24);
    await card.emulateMedia({ media: 'screen' });

    expect(await axeProblems(card)).toEqual([]);

    // The PDF button downloads the card as informatiekaart-<slug>-demo.pdf.
    const download = card.waitForEvent('download', { timeout: 60_000 });
    await card.getByTestId('card-pdf').click();
    expect((await download).suggestedFilename()).toMatch(/^informatiekaart-[a-z0-9-]+-demo\.pdf$/);

    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('hides the operator contact from a lower role (analist)', async () => {
    const { page } = await newPageAs(browser, app, ['analist']);
    const { card } = await cardFromTable(page);
    expect(await card.getByTestId('card-contact-hidden').textContent()).toContain('Niet zichtbaar voor uw rol');
    expect(await card.getByTestId('card-contact').count()).toBe(0);
    expect(await card.locator('body').textContent()).not.toContain('Demo-contactpersoon');
    await page.context().close();
  }, 60_000);

  it("is linked from the park's record in the Registers panel", async () => {
    const { page } = await newPageAs(browser, app, ['analist']);
    const fc = (await (await fetch(`${app.url}/api/parks`)).json()) as { features: { id: number }[] };
    const id = fc.features[0]!.id;
    await page.goto(`${app.url}/#tab=registers&reg=parks&regId=${id}`);
    const link = page.getByTestId('register-card-link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/api/parks/${id}/card`);
    await page.context().close();
  });
});
