/**
 * Results that must not mislead, in the browser: the heatmap switches off from either panel; an
 * out-of-date Knox run says so and no longer sets the zones' window; a zone's "t/m" date is the
 * letter's "tot en met" date; a zone made from demo incidents is marked demo in its letter and
 * downloads; the rates table shows one column when the previous period is last year's.
 * Every test sets up its own incidents.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../server/db/db.js';
import { insertClusteredBatch } from '../support/builders.js';
import { closeAppAndBrowser, loginHeaders, newPageAs, startAppAndBrowser, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;
let page: Page;
let log: PageLog;
/** Cookie and CSRF headers of an analyst and beheerder, for the test's own API calls. */
let headers: Record<string, string>;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  // Zones, letters and Knox runs are for a logged-in analyst (a public visitor sees aggregates).
  ({ page, log } = await newPageAs(browser, app, ['analist'], 1440, 900));
  headers = await loginHeaders(app, ['analist', 'beheerder']);
});
beforeEach(() => {
  log?.errors.splice(0);
});
afterAll(() => closeAppAndBrowser(app, browser));

/**
 * Replaces all incidents by one batch of 20 clusters of 3 burglaries (within 25 m and 4 days;
 * the first on 1 January 2024 at 13:00 local) and returns the batch id.
 */
function seedClusters(db: Db, demo: boolean, extraBatch = false): Promise<number> {
  return insertClusteredBatch(db, { demo, idPrefix: 'E2E', origin: [192000, 468000], clear: !extraBatch });
}
async function open(p: Page, hash: string): Promise<void> {
  await p.goto('about:blank');
  await p.goto(`${app.url}/#${hash}`);
  await waitForMapIdle(p);
}

type VkMap = { getLayer(id: string): unknown; getLayoutProperty(id: string, p: string): unknown };

/** True when the heat raster is on the map and visible (through the map test hook). */
function heatShown(p: Page): Promise<boolean> {
  return p.evaluate(() => {
    const map = (window as unknown as { __vk: { map: VkMap } }).__vk.map;
    return Boolean(map.getLayer('heat-raster')) && map.getLayoutProperty('heat-raster', 'visibility') !== 'none';
  });
}

async function runKnoxViaApi(): Promise<void> {
  const res = await fetch(`${app.url}/api/nearrepeat/knox`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ permutations: 99, seed: 3 }) });
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  await expect
    .poll(async () => ((await (await fetch(`${app.url}/api/nearrepeat/knox/${jobId}`, { headers })).json()) as { status: string }).status, { timeout: 60_000 })
    .toBe('done');
}

describe('heatmap', () => {
  it('switches off (and on again) from the hotspots panel and from the layer panel', async () => {
    await seedClusters(app.db, false);
    await open(page, 'tab=hotspots&layers=districts');
    expect(await heatShown(page)).toBe(false);
    const hs = page.locator('[data-hs-layer="heat"]');
    await hs.check();
    await expect.poll(() => heatShown(page), { timeout: 20_000 }).toBe(true);
    await hs.uncheck();
    await expect.poll(() => heatShown(page)).toBe(false);
    expect(page.url()).not.toMatch(/layers=[^&]*heat/);

    await hs.check();
    await expect.poll(() => heatShown(page), { timeout: 20_000 }).toBe(true);
    const lp = page.locator('[data-layer="heat"]');
    expect(await lp.isChecked()).toBe(true);
    await lp.uncheck();
    await expect.poll(() => heatShown(page)).toBe(false);
    expect(await hs.isChecked()).toBe(false);
    expect(log.errors).toEqual([]);
  }, 120_000);
});

describe('near repeat: no stale or demo results', () => {
  it('marks the Knox run out of date after a deleted import and falls back to the standard window', async () => {
    await seedClusters(app.db, false);
    const extra = await seedClusters(app.db, false, true);
    await runKnoxViaApi();
    await open(page, 'tab=nearrepeat&nrdate=2024-01-02');
    await expect.poll(() => page.getByTestId('nr-source').textContent(), { timeout: 15_000 }).toContain('Standaard uit de laatste Knox-test');

    const del = await fetch(`${app.url}/api/incidents/batches/${extra}`, { method: 'DELETE', headers });
    expect(del.status).toBe(200);
    await open(page, 'tab=nearrepeat&nrdate=2024-01-02');
    await expect.poll(() => page.getByTestId('nr-source').textContent(), { timeout: 15_000 }).toContain('verouderd');
    expect(await page.getByTestId('nr-source').textContent()).toContain('200 m en 14 dagen');
    expect(await page.getByTestId('nr-radius').inputValue()).toBe('200');
    await page.getByRole('tab', { name: 'Knox-test' }).click();
    await expect.poll(() => page.getByTestId('knox-stale').textContent(), { timeout: 15_000 }).toContain('Verouderd: berekend op andere incidentgegevens');
    expect(await page.getByTestId('knox-use-window').isDisabled()).toBe(true);
    expect(log.errors).toEqual([]);
  }, 120_000);

  it('gives a zone the same last day in the list, the tooltip text and the letter, and marks demo output', async () => {
    await seedClusters(app.db, true);
    // First cluster: 1, 3 and 5 January 2024 at 13:00; 14 days -> last day 18 January.
    await open(page, 'tab=nearrepeat&nrdate=2024-01-05&nrradius=100&nrdays=14');
    const list = page.getByTestId('nr-zone-list');
    await expect.poll(() => list.locator('li').count(), { timeout: 20_000 }).toBe(1);
    await expect(list.textContent()).resolves.toContain('t/m 18 jan');
    await list.locator('button.zone').first().click();
    const letter = page.getByTestId('nr-letter');
    await expect.poll(() => letter.textContent(), { timeout: 15_000 }).toContain('tot en met 18 januari 2024');
    expect(await page.getByTestId('nr-countdown').textContent()).toContain('t/m 18 jan');
    const text = (await letter.textContent()) ?? '';
    expect(text.startsWith('DEMO — fictieve gegevens')).toBe(true);

    const detail = page.getByTestId('nr-zone-detail');
    const [geo] = await Promise.all([page.waitForEvent('download'), detail.getByTestId('nr-download-geojson').click()]);
    expect(geo.suggestedFilename()).toMatch(/^demo-near-repeat-zone-\d+-2024-01-05\.geojson$/);
    const fc = JSON.parse(readFileSync((await geo.path())!, 'utf8')) as { demo?: boolean; warning?: string };
    expect(fc.demo).toBe(true);
    expect(fc.warning).toMatch(/^DEMO — fictieve gegevens/);
    const [txt] = await Promise.all([page.waitForEvent('download'), detail.getByTestId('nr-download-txt').click()]);
    expect(txt.suggestedFilename()).toMatch(/^demo-.*\.txt$/);
    expect(readFileSync((await txt.path())!, 'utf8')).toMatch(/^DEMO — fictieve gegevens/);
    expect(log.errors).toEqual([]);
  }, 120_000);
});

describe('rates table', () => {
  it('shows one comparison column for 12 months, two for a shorter period, and greys tiny counts', async () => {
    await seedClusters(app.db, false);
    await open(page, 'tab=hotspots&level=wijk&layers=districts');
    await page.locator('[data-preset="12m"]').click();
    const table = page.getByTestId('rates-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    // 12 months: the previous period is last year's, shown once.
    await expect.poll(() => table.getByTestId('rates-col-same').count()).toBe(1);
    expect(await table.getByTestId('rates-col-previous').count()).toBe(0);
    const headers = await table.locator('thead th').count();
    expect(await table.locator('tbody tr').first().locator('th, td').count()).toBe(headers);
    // Every change shows its counts; small numbers are greyed with a reason for screen readers.
    const cells = table.locator('td.change');
    expect(await cells.count()).toBeGreaterThan(0);
    expect(await cells.first().textContent()).toMatch(/\d+ → \d+/);
    const tooFew = table.locator('td.change[data-verdict="too-few"]');
    expect(await tooFew.count()).toBeGreaterThan(0);
    expect(await tooFew.first().getAttribute('class')).toContain('weak');
    expect(await tooFew.first().textContent()).toContain('te weinig om iets te zeggen');

    // Two weeks: previous and last year differ, two columns.
    await page.locator('[data-preset="2w"]').click();
    await expect.poll(() => table.getByTestId('rates-col-previous').count(), { timeout: 20_000 }).toBe(1);
    expect(await table.getByTestId('rates-col-lastyear').count()).toBe(1);
    expect(await table.getByTestId('rates-col-same').count()).toBe(0);
    expect(log.errors).toEqual([]);
  }, 120_000);
});
