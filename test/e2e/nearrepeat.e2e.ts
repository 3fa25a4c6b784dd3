/**
 * Near repeat in the browser (issue 4): with known burglaries (demo incidents removed), the live
 * zones appear on the map and in the panel for a reference date just after the burglaries and
 * expire when the date moves past the risk window; a selected zone shows the Dutch letter and
 * exports as GeoJSON; a Knox run shows its progress, the NRC-style table and the summary, and its
 * window becomes the radius/days of the live zones.
 */
import { mulberry32 } from '../../server/domain/random.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '../../server/db/db.js';
import { closeAppAndBrowser, newPage, newPageAs, project, startAppAndBrowser, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';
import { ROOT } from '../support/paths.js';

const CENTRE: [number, number] = [5.969, 52.2112];
const SHOTS = join(ROOT, 'test-results');

interface Burglary {
  sourceId: string;
  kind: 'woninginbraak' | 'poging_woninginbraak';
  lonlat: [number, number];
  /** End of the pleegperiode (the event time), local time in summer (+02:00) or winter (+01:00). */
  to: string;
}

function offset([lon, lat]: [number, number], dx: number, dy: number): [number, number] {
  return [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 111_320];
}

const rng = mulberry32;

function day(d: number, hour: number): string {
  const base = Date.UTC(2025, 0, 1) + d * 86_400_000;
  const iso = new Date(base).toISOString().slice(0, 10);
  return `${iso}T${String(hour).padStart(2, '0')}:00:00+01:00`;
}

/**
 * Background burglaries (January to mid-June, spread over the town), ten near-repeat clusters of
 * four burglaries within about 60 m and 5 days, and the two July burglary groups the live-zone
 * tests look at: F (three burglaries close to the centre, 1-4 July) and G (1.2 km east, 3 July).
 */
function burglaries(): Burglary[] {
  const r = rng(20250701);
  const out: Burglary[] = [];
  for (let i = 0; i < 80; i++) {
    out.push({ sourceId: `BG-${i + 1}`, kind: 'woninginbraak', lonlat: offset(CENTRE, (r() - 0.5) * 5000, (r() - 0.5) * 5000), to: day(Math.floor(r() * 165), 8 + Math.floor(r() * 12)) });
  }
  for (let c = 0; c < 10; c++) {
    const centre = offset(CENTRE, (r() - 0.5) * 4000, (r() - 0.5) * 4000);
    const start = Math.floor(r() * 150);
    [0, 1, 3, 5].forEach((d, k) =>
      out.push({ sourceId: `CL-${c + 1}-${k + 1}`, kind: k === 2 ? 'poging_woninginbraak' : 'woninginbraak', lonlat: offset(centre, (r() - 0.5) * 80, (r() - 0.5) * 80), to: day(start + d, 9 + k * 3) }),
    );
  }
  out.push(
    { sourceId: 'F-1', kind: 'woninginbraak', lonlat: offset(CENTRE, 0, 0), to: '2025-07-01T10:00:00+02:00' },
    { sourceId: 'F-2', kind: 'woninginbraak', lonlat: offset(CENTRE, 40, 30), to: '2025-07-02T22:00:00+02:00' },
    { sourceId: 'F-3', kind: 'poging_woninginbraak', lonlat: offset(CENTRE, -30, 60), to: '2025-07-04T08:00:00+02:00' },
    { sourceId: 'G-1', kind: 'woninginbraak', lonlat: offset(CENTRE, 1200, -150), to: '2025-07-03T18:00:00+02:00' },
  );
  return out;
}

async function seed(db: Db): Promise<void> {
  await db.exec('DELETE FROM incident; DELETE FROM import_batch;');
  const [batch] = await db.query<{ id: number }>(`INSERT INTO import_batch (source, format, rows_total, rows_imported) VALUES ('e2e-nearrepeat.csv', 'csv', 0, 0) RETURNING id`);
  for (const b of burglaries()) {
    await db.query(
      `INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom)
       VALUES ($1, $2, $3, $4::timestamptz - interval '8 hours', $4::timestamptz, ST_Transform(ST_SetSRID(ST_MakePoint($5, $6), 4326), 28992))`,
      [b.sourceId, batch!.id, b.kind, b.to, b.lonlat[0], b.lonlat[1]],
    );
  }
}

let app: RunningApp;
let browser: Browser;
let page: Page;
let log: PageLog;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser(seed));
  ({ page, log } = await newPageAs(browser, app, ['analist', 'beheerder'], 1440, 900));
});
// The page is shared; each test answers only for the console errors logged during it.
beforeEach(() => {
  log?.errors.splice(0);
});
afterAll(() => closeAppAndBrowser(app, browser));

type VkWindow = {
  __vk: {
    map: { queryRenderedFeatures(o: { layers: string[] }): { properties: { zid: string; members: number } }[] };
    state: { extra: Record<string, string> };
  };
};

async function renderedZones(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const w = window as unknown as VkWindow;
    return [...new Set(w.__vk.map.queryRenderedFeatures({ layers: ['nearrepeat-zones-fill'] }).map((f) => f.properties.zid))].sort();
  });
}

async function open(p: Page, hash: string): Promise<void> {
  await p.goto('about:blank');
  await p.goto(`${app.url}/#${hash}`);
  await waitForMapIdle(p);
}

/** The live zones of 5 July 2025 around the centre cluster, both zones drawn. */
const LIVE = 'tab=nearrepeat&nrdate=2025-07-05&map=14.30/52.21100/5.97800';
async function openLiveZones(p: Page): Promise<void> {
  await open(p, LIVE);
  await expect.poll(() => renderedZones(p), { timeout: 15_000 }).toHaveLength(2);
}

/** The live zones with the zone of the centre cluster (F-1..F-3) selected. */
async function openSelectedZone(p: Page): Promise<void> {
  await openLiveZones(p);
  await p.getByTestId('nr-zone-list').locator('li', { hasText: 'F-3' }).locator('button').first().click();
  await expect.poll(() => p.getByTestId('nr-zone-detail').count(), { timeout: 15_000 }).toBe(1);
}

describe('live near-repeat zones', () => {
  it('draws the zones of a reference date just after the burglaries and lists them with their members', async () => {
    // No Knox run yet (another test may have stored one).
    await app.db.exec('DELETE FROM knox_run');
    await open(page, LIVE);
    const list = page.getByTestId('nr-zone-list');
    await expect.poll(() => list.locator('li').count(), { timeout: 20_000 }).toBe(2);
    const text = (await list.textContent()) ?? '';
    for (const id of ['F-1', 'F-2', 'F-3', 'G-1']) expect(text).toContain(id);
    expect(text).toContain('3 inbraken');
    await expect(page.getByTestId('nr-summary').textContent()).resolves.toContain('2 actieve zones');
    // Defaults from the API: no Knox run yet, so 200 m and 14 days.
    await expect(page.getByTestId('nr-source').textContent()).resolves.toContain('200 m en 14 dagen');
    expect(await page.getByTestId('nr-radius').inputValue()).toBe('200');
    expect(await page.getByTestId('nr-days').inputValue()).toBe('14');
    await expect.poll(() => renderedZones(page), { timeout: 15_000 }).toHaveLength(2);
    // The layer is on (switched on by the tab) and its legend is shown.
    expect(page.url()).toContain('nearrepeat-zones');
    await expect(page.getByTestId('nearrepeat-legend').textContent()).resolves.toContain('Resterende dagen');
    expect(log.errors).toEqual([]);
  });

  it('selects a zone by clicking it on the map and shows the letter and the estimates', async () => {
    await openLiveZones(page);
    const p = await project(page, offset(CENTRE, 5, 25));
    await page.mouse.click(p.x, p.y);
    await expect.poll(() => page.evaluate(() => (window as unknown as VkWindow).__vk.state.extra.nrzone ?? null)).not.toBeNull();
    const detail = page.getByTestId('nr-zone-detail');
    await expect.poll(() => detail.getByTestId('nr-members').textContent()).toContain('F-3');
    const letter = page.getByTestId('nr-letter');
    await expect.poll(() => letter.textContent(), { timeout: 15_000 }).toMatch(/Burgernet/);
    expect(((await letter.textContent()) ?? '').length).toBeGreaterThan(200);
    await expect(detail.getByTestId('nr-whatsapp').textContent()).resolves.toBe('nee');
    await expect(detail.textContent()).resolves.toContain('schatting');

    const [download] = await Promise.all([page.waitForEvent('download'), detail.getByTestId('nr-download-geojson').click()]);
    expect(download.suggestedFilename()).toMatch(/^near-repeat-zone-\d+-2025-07-05\.geojson$/);
    const [txt] = await Promise.all([page.waitForEvent('download'), detail.getByTestId('nr-download-txt').click()]);
    expect(txt.suggestedFilename()).toMatch(/\.txt$/);
    expect(log.errors).toEqual([]);
  });

  it('lets zones expire as the date moves past the risk window (step button and date field)', async () => {
    // With a zone selected, slow the zone responses down so the old zones stay on screen while
    // the new date loads: nothing may ask the API about the selected zone on a date it does not
    // exist on (that answers 404, and the page would log it).
    await openSelectedZone(page);
    const zonesUrl = /\/api\/nearrepeat\/zones\?/;
    await page.route(zonesUrl, async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.continue();
    });
    expect(await page.getByTestId('nr-zone-detail').count()).toBe(1);
    await page.getByTestId('nr-date').fill('2025-07-17');
    await expect.poll(() => page.getByTestId('nr-zone-list').locator('li').count(), { timeout: 15_000 }).toBe(1);
    await expect(page.getByTestId('nr-zone-list').textContent()).resolves.toContain('laatste dag');
    await expect(page.getByTestId('nr-zone-list').textContent()).resolves.not.toContain('G-1');
    // One day on with the playback's step button: the last zone has expired.
    await page.getByTestId('nr-forward').click();
    await expect.poll(() => page.url()).toContain('nrdate=2025-07-18');
    await expect.poll(() => page.getByTestId('nr-empty').textContent(), { timeout: 15_000 }).toContain('Geen actieve near-repeatzones op');
    await expect.poll(() => renderedZones(page)).toEqual([]);
    // And back with the keyboard on the slider: the zone comes back.
    await page.getByTestId('nr-slider').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.url()).toContain('nrdate=2025-07-17');
    await expect.poll(() => renderedZones(page), { timeout: 15_000 }).toHaveLength(1);
    // Before the burglaries of July there is nothing near the centre either.
    await page.getByTestId('nr-date').fill('2025-06-30');
    await expect.poll(() => page.getByTestId('nr-empty').count(), { timeout: 15_000 }).toBe(1);
    await page.unroute(zonesUrl);
    expect(log.errors).toEqual([]);
  });
});

describe('Knox test', () => {
  it('runs with progress, shows the table and the summary, and gives its window to the live zones', async () => {
    await open(page, 'tab=nearrepeat&nrdate=2025-07-05&layers=districts,nearrepeat-zones&map=14.20/52.21050/5.97900');
    await page.getByRole('tab', { name: 'Knox-test' }).click();
    await page.getByTestId('knox-permutations').fill('99');
    // Record that the progress bar was shown (the run may be quick).
    await page.evaluate(() => {
      const w = window as unknown as { __sawProgress: boolean };
      w.__sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="knox-progress"]')) w.__sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('knox-run').click();
    await expect.poll(() => page.getByTestId('knox-table').count(), { timeout: 60_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __sawProgress: boolean }).__sawProgress)).toBe(true);

    const latest = (await (await fetch(`${app.url}/api/nearrepeat/knox/latest`)).json()) as {
      summary: string;
      events: number;
      spatialBands: string[];
      temporalBands: string[];
      window: { radiusMetres: number; days: number } | null;
    };
    expect(latest.events).toBe(124);
    const table = page.getByTestId('knox-table');
    expect(await table.locator('tbody tr').count()).toBe(latest.spatialBands.length);
    expect(await table.locator('thead th').count()).toBe(latest.temporalBands.length + 1);
    expect(await table.locator('td[data-significant="true"]').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('knox-summary').textContent()).resolves.toBe(latest.summary);
    await expect(page.getByTestId('knox-panel').textContent()).resolves.toContain('p ≤ 0,05 en Knox-ratio ≥ 1,2');
    expect(latest.window).not.toBeNull();

    mkdirSync(SHOTS, { recursive: true });
    await waitForMapIdle(page);
    await page.screenshot({ path: join(SHOTS, 'nearrepeat-knox.png') });

    await page.getByTestId('knox-use-window').click();
    const r = String(Math.round(latest.window!.radiusMetres));
    const d = String(Math.round(latest.window!.days));
    await expect.poll(() => page.getByTestId('nr-radius').inputValue()).toBe(r);
    expect(await page.getByTestId('nr-days').inputValue()).toBe(d);
    expect(page.url()).toContain(`nrradius=${r}`);
    expect(page.url()).toContain(`nrdays=${d}`);
    expect(r === '200' && d === '14').toBe(false);
    expect(log.errors).toEqual([]);
  });

  it('shows the zones with the selected zone and its letter (screenshot)', async () => {
    await open(page, 'tab=nearrepeat&nrdate=2025-07-05&nrradius=200&nrdays=14&layers=districts,nearrepeat-zones&map=14.40/52.21060/5.97950');
    const first = page.getByTestId('nr-zone-list').locator('button.zone').first();
    await first.click();
    await expect.poll(() => page.getByTestId('nr-letter').count(), { timeout: 15_000 }).toBe(1);
    await waitForMapIdle(page);
    await page.getByTestId('nr-letter').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'nearrepeat-zones.png') });
    expect(log.errors).toEqual([]);
  });
});
