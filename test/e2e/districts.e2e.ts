/**
 * What a person sees and clicks (issue 2): the map of Apeldoorn with its districts, selecting a
 * wijk, the URL reopening the same view, the level switch, keyboard selection, and no request
 * leaving localhost in offline mode (PDOK falls back to the local style with a visible note).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pointOnFeature } from '@turf/turf';
import { closeAppAndBrowser, newPage, project, startAppAndBrowser, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
});
afterAll(() => closeAppAndBrowser(app, browser));

type VkWindow = {
  __vk: {
    map: { queryRenderedFeatures(o: { layers: string[] }): { properties: { code: string } }[]; getZoom(): number };
    state: { selected: string | null; level: string };
  };
};

async function renderedCodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as VkWindow;
    return [...new Set(w.__vk.map.queryRenderedFeatures({ layers: ['districts-fill'] }).map((f) => f.properties.code))].sort();
  });
}

async function wijkPoint(code: string): Promise<[number, number]> {
  const res = await fetch(`${app.url}/api/districts?level=wijk`);
  const fc = (await res.json()) as { features: { id: string; geometry: GeoJSON.Geometry }[] };
  const f = fc.features.find((x) => x.id === code)!;
  return pointOnFeature({ type: 'Feature', geometry: f.geometry, properties: {} } as GeoJSON.Feature<GeoJSON.Polygon>).geometry.coordinates as [number, number];
}

function offsite(log: PageLog): string[] {
  return log.requests.filter((u) => new URL(u).hostname !== '127.0.0.1' && !u.startsWith('data:') && !u.startsWith('blob:'));
}

describe('the districts map', () => {
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    ({ page, log } = await newPage(browser));
    await page.goto(app.url + '/');
    await waitForMapIdle(page);
  });
  // The page is shared; each test answers only for the console errors logged during it.
  beforeEach(() => {
    log?.errors.splice(0);
  });

  it('loads without errors and draws the 16 CBS wijken', async () => {
    expect(await page.title()).toContain('Veiligheidskaart');
    const codes = await renderedCodes(page);
    expect(codes).toHaveLength(16);
    expect(codes[0]).toBe('WK020001');
    await expect(page.getByTestId('attribution').textContent()).resolves.toMatch(/CBS\/PDOK, CC-BY 4\.0.*Wijkgrenzen vereenvoudigd/);
    expect(log.errors).toEqual([]);
  });

  it('shows the key figures and crimes of a clicked wijk, and puts it in the URL', async () => {
    const p = await project(page, await wijkPoint('WK020001'));
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.getByTestId('district-name').textContent()).toBe('Centrum');
    const figures = page.getByTestId('key-figures');
    await expect.poll(() => figures.textContent()).toContain('8.065'); // inwoners 2024 (CBS)
    await expect(figures.textContent()).resolves.toContain('4.945'); // woningen 2022
    const panel = await page.getByTestId('district-panel').textContent();
    expect(panel).toContain('1.505'); // misdrijven 2025, summed from the buurten
    expect(panel).toContain('Binnenstad');
    await expect.poll(() => page.url()).toContain('sel=WK020001');
    expect(log.errors).toEqual([]);
  });

  it('never requested anything from another host', () => {
    expect(log.requests.length).toBeGreaterThan(5);
    expect(offsite(log)).toEqual([]);
  });

  it('reopens the same selection, level and view from a link', async () => {
    const url = page.url();
    const zoom = await page.evaluate(() => (window as unknown as VkWindow).__vk.map.getZoom());
    const second = await newPage(browser);
    await second.page.goto(url);
    await waitForMapIdle(second.page);
    await expect.poll(() => second.page.getByTestId('district-name').textContent()).toBe('Centrum');
    const zoom2 = await second.page.evaluate(() => (window as unknown as VkWindow).__vk.map.getZoom());
    expect(Math.abs(zoom2 - zoom)).toBeLessThan(0.02);
    await second.page.context().close();
  });
});

describe('levels, keyboard and basemap', () => {
  it('highlights on the map the district hovered in the list', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(app.url + '/#level=wijk');
    await waitForMapIdle(page);
    const hover = (code: string) =>
      page.evaluate((id) => {
        const w = window as unknown as { __vk: { map: { getFeatureState(f: { source: string; id: string }): { hover?: boolean } } } };
        return w.__vk.map.getFeatureState({ source: 'districts', id }).hover ?? false;
      }, code);
    const row = page.locator('button.row', { hasText: 'Hoenderloo en omgeving' });
    await row.hover();
    await expect.poll(() => hover('WK020012')).toBe(true);
    await page.getByTestId('district-panel').locator('h2').first().hover();
    await expect.poll(() => hover('WK020012')).toBe(false);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('switches to postcode areas and to buurten (saying which shapes are missing)', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(app.url + '/');
    await waitForMapIdle(page);
    await page.getByLabel('Postcodes (PC4)').check();
    await expect.poll(async () => (await renderedCodes(page)).length, { timeout: 15_000 }).toBe(33);
    await page.getByLabel('Buurten').check();
    await expect.poll(() => renderedCodes(page), { timeout: 15_000 }).toEqual(['BU02000706']);
    await expect(page.getByTestId('district-panel').textContent()).resolves.toContain('Van 95 buurten is 1 grens beschikbaar');
    expect(page.url()).toContain('level=buurt');
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('selects a wijk with the keyboard only', async () => {
    const { page } = await newPage(browser);
    await page.goto(app.url + '/');
    await waitForMapIdle(page);
    await page.getByLabel('Zoek een gebied').focus();
    await page.keyboard.type('Zuidoost');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('district-name').textContent()).toBe('Zuidoost');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.url()).not.toContain('sel=');
    await page.context().close();
  });

  it('falls back to the local basemap with a note when PDOK is unreachable', async () => {
    const { page, log } = await newPage(browser);
    const blocked: string[] = [];
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      blocked.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.goto(app.url + '/');
    await waitForMapIdle(page);
    await page.getByLabel('PDOK BRT-Achtergrondkaart').click();
    await expect.poll(() => page.getByTestId('basemap-note').textContent(), { timeout: 15_000 }).toContain('niet bereikbaar');
    expect(await page.getByLabel('Lokaal (offline)').isChecked()).toBe(true);
    expect(blocked.length).toBeGreaterThan(0); // it did try PDOK, and only then
    expect(blocked.every((u) => u.startsWith('https://service.pdok.nl/'))).toBe(true);
    expect(log.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
    await page.context().close();
  });
});
