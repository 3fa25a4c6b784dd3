/**
 * What an analyst sees in the Hotspots tab (issue 3), on seeded demo incidents: the demo badge,
 * significant Gi* hot spots on the map, period presets changing the URL and the data, the
 * hot-times table of a wijk summing to its incident count, selecting a Gi* cell, and the
 * week-by-week playback.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { centroid } from '@turf/turf';
import { closeAppAndBrowser, loginHeaders, newPage, newPageAs, project, realErrors, seedDemoIncidents, startApp, startDemoApp, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';
import { ROOT } from '../support/paths.js';

let app: RunningApp;
let browser: Browser;
let last: string;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp());
  last = ((await api('/api/incidents/summary')) as { last: string }).last;
});
afterAll(() => closeAppAndBrowser(app, browser));

let apiHeaders: Record<string, string> | undefined;
/** The API as an analyst (exact counts, as the logged-in page sees them). */
async function api<T = unknown>(path: string): Promise<T> {
  apiHeaders ??= await loginHeaders(app);
  const res = await fetch(app.url + path, { headers: apiHeaders });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type Vk = {
  __vk: {
    map: {
      queryRenderedFeatures(o: { layers: string[] }): { properties: Record<string, number> }[];
      jumpTo(o: { center: [number, number]; zoom: number }): void;
    };
    state: { selected: string | null; extra: Record<string, string> };
  };
};

/** A fresh load of the hotspots tab (not a hash change on the page a previous test left). */
async function openHotspots(page: Page, hash = '', layers = 'districts'): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${app.url}/#tab=hotspots&level=wijk&layers=${layers}${hash}`);
  await waitForMapIdle(page);
  await page.getByTestId('hotspots-panel').waitFor();
}

function hashParams(page: Page): URLSearchParams {
  return new URLSearchParams(new URL(page.url()).hash.slice(1));
}

async function windowCount(page: Page): Promise<number> {
  const text = (await page.getByTestId('window-count').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

describe('the hotspots tab', () => {
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    ({ page, log } = await newPageAs(browser, app));
  });
  // The page is shared; each test answers only for the console errors logged during it.
  beforeEach(() => {
    log?.errors.splice(0);
  });

  it('shows the demo badge in the header and on the incident layers', async () => {
    await openHotspots(page);
    const badge = page.getByTestId('demo-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/demo/i);
    expect(await badge.getAttribute('title')).toBe('Gegenereerde demonstratiegegevens, geen echte cijfers');
    const gistarRow = page.locator('label.layer', { has: page.locator('[data-layer="gistar"]') });
    await expect.poll(() => gistarRow.locator('.badge.demo').count()).toBe(1);
    expect(realErrors(log)).toEqual([]);
  });

  it('period presets change the URL and the data', async () => {
    await openHotspots(page);
    await page.locator('[data-preset="ddo"]').click();
    await expect.poll(() => hashParams(page).get('period')).toBe('ddo');
    expect(hashParams(page).get('from')).toBe('2025-10-01');
    expect(hashParams(page).get('to')).toBe(last);
    const ddo = await api<{ meta: { city: { count: number } } }>(`/api/hotspots/rates?from=2025-10-01&to=${last}`);
    await expect.poll(() => windowCount(page)).toBe(ddo.meta.city.count);

    await page.locator('[data-preset="2w"]').click();
    await expect.poll(() => hashParams(page).get('period')).toBe('2w');
    const from2w = hashParams(page).get('from')!;
    expect(hashParams(page).get('to')).toBe(last);
    expect((Date.parse(last) - Date.parse(from2w)) / 86_400_000).toBe(13);
    const twoWeeks = await api<{ meta: { city: { count: number } } }>(`/api/hotspots/rates?from=${from2w}&to=${last}`);
    await expect.poll(() => windowCount(page)).toBe(twoWeeks.meta.city.count);
    expect(twoWeeks.meta.city.count).toBeLessThan(ddo.meta.city.count);
    expect(await page.getByTestId('period-label').textContent()).toMatch(/feb 2026/);
    expect(realErrors(log)).toEqual([]);
  });

  it('draws significant Gi* hot spots of the DDO season, with the counts in the legend', async () => {
    await openHotspots(page);
    await page.locator('[data-preset="ddo"]').click();
    await page.locator('[data-layer="gistar"]').check();
    const grid = await api<{ meta: { significantHot: number } }>(`/api/hotspots/grid?from=2025-10-01&to=${last}`);
    expect(grid.meta.significantHot).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('gistar-summary').textContent(), { timeout: 15_000 }).toContain(`${grid.meta.significantHot.toLocaleString('nl-NL')} hete`);
    const hot99 = Number((await page.getByTestId('gistar-count-3').textContent())!.replace(/\D/g, ''));
    expect(hot99).toBeGreaterThan(0);
    await waitForMapIdle(page);
    const drawnHot = await page.evaluate(
      () => (window as unknown as Vk).__vk.map.queryRenderedFeatures({ layers: ['gistar-fill'] }).filter((f) => f.properties.bin! > 0).length,
    );
    expect(drawnHot).toBeGreaterThan(0);
    expect(realErrors(log)).toEqual([]);
  });

  it('by default chooses the Gi* parameters from the data, says how in one sentence, and rates no lone incident as a 99 % hot spot', async () => {
    await openHotspots(page);
    await page.locator('[data-preset="ddo"]').click();
    await page.locator('[data-layer="gistar"]').check();
    type Cell = { properties: { x: number; y: number; count: number; bin: number } };
    const grid = await api<{
      features: Cell[];
      parameters: { method: string; cellSize: number; distanceBand: number; incidents: number; fdr: boolean; neighbours: { min: number }; reasons: { distanceBand: string } };
    }>(`/api/hotspots/grid?from=2025-10-01&to=${last}`);
    const p = grid.parameters;
    expect(p).toMatchObject({ method: 'optimized', fdr: true });
    expect(p.neighbours.min).toBeGreaterThanOrEqual(1);
    const sentence = `Cellen van ${p.cellSize} m; afstandsband ${p.distanceBand.toLocaleString('nl-NL')} m, ${p.reasons.distanceBand}; ${p.incidents} incidenten; FDR-correctie.`;
    await expect.poll(() => page.getByTestId('gistar-parameters').getByTestId('gistar-sentence').textContent(), { timeout: 15_000 }).toBe(sentence);
    expect(await page.getByTestId('gistar-parameters-legend').getByTestId('gistar-sentence').textContent()).toBe(sentence);
    expect(await page.getByTestId('gistar-parameters').getAttribute('data-method')).toBe('optimized');
    expect(hashParams(page).get('grid')).toBeNull(); // the default needs nothing in the URL

    // A lone incident: a cell with one incident and no other incident within the distance band.
    // The old default (250 m cells, 150 m band) rated 20 of them as 99 % hot spots this season.
    const withIncidents = grid.features.filter((f) => f.properties.count > 0);
    const within = (a: Cell, b: Cell) => Math.hypot(a.properties.x - b.properties.x, a.properties.y - b.properties.y) <= p.distanceBand + 1e-6;
    const lone = withIncidents.filter((c) => c.properties.count === 1 && withIncidents.every((o) => o === c || !within(c, o)));
    expect(lone.length).toBeGreaterThan(0);
    expect(lone.filter((c) => c.properties.bin === 3)).toEqual([]);
    // the map draws what the API rated: no lone incident among the 99 % cells on the map
    await waitForMapIdle(page);
    const drawn99 = await page.evaluate(() =>
      (window as unknown as Vk).__vk.map
        .queryRenderedFeatures({ layers: ['gistar-fill'] })
        .filter((f) => f.properties.bin === 3)
        .map((f) => `${f.properties.x},${f.properties.y}`),
    );
    expect(drawn99.length).toBeGreaterThan(0);
    const loneKeys = new Set(lone.map((c) => `${c.properties.x},${c.properties.y}`));
    expect(drawn99.filter((k) => loneKeys.has(k))).toEqual([]);
    // A screenshot for people: the optimized Gi* map with its explanation.
    await page.getByTestId('gistar-parameters').locator('summary').click();
    await waitForMapIdle(page);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'hotspots-optimized.png') });
    expect(realErrors(log)).toEqual([]);
  });

  it('shows the hot times of a selected wijk, summing to its incident count', async () => {
    const q = `from=2025-10-01&to=${last}`;
    await openHotspots(page, `&period=ddo&${q}`);
    const rates = await api<{ districts: { code: string; name: string; count: number }[] }>(`/api/hotspots/rates?${q}`);
    const wijk = [...rates.districts].sort((a, b) => b.count - a.count)[0]!;
    await page.getByTestId('rates-table').getByRole('button', { name: wijk.name, exact: true }).click();
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toBe(`Gebied: ${wijk.name}`);
    const total = page.getByTestId('hot-times-total');
    await expect.poll(async () => Number(await total.getAttribute('data-count'))).toBe(wijk.count);
    const ht = await api<{ count: number; total: number }>(`/api/hotspots/hot-times?${q}&district=${wijk.code}`);
    expect(ht.count).toBe(wijk.count);
    expect(Math.abs(Number(await total.getAttribute('data-total')) - wijk.count)).toBeLessThan(0.01);
    // The table: weekday rows ma–zo, 24 hour cells each, and weekday sums adding up to the count.
    const table = page.getByTestId('hot-times-table');
    expect(await table.locator('tbody th[scope="row"]').allTextContents()).toEqual(['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo']);
    expect(await table.locator('tbody td[data-v]').count()).toBe(168);
    const cellSum = (await table.locator('tbody td[data-v]').evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))))).reduce((a, b) => a + b, 0);
    expect(Math.abs(cellSum - wijk.count)).toBeLessThan(0.01);
    expect(await table.locator('tbody td[data-v]').first().getAttribute('title')).toMatch(/^maandag 00:00–01:00: .* incidenten$/);
    expect(page.url()).toContain(`sel=${wijk.code}`);
    expect(realErrors(log)).toEqual([]);
  });

  it('selects a clicked Gi* cell for the hot times, and clears it again', async () => {
    // A wijk is selected: clearing the cell goes back to it.
    const rates = await api<{ districts: { code: string; name: string; count: number }[] }>(`/api/hotspots/rates?from=2025-10-01&to=${last}`);
    const wijk = [...rates.districts].sort((a, b) => b.count - a.count)[0]!;
    await openHotspots(page, `&period=ddo&from=2025-10-01&to=${last}&sel=${wijk.code}`, 'districts,gistar');
    const grid = await api<{
      features: { geometry: GeoJSON.Polygon; properties: { x: number; y: number; count: number; bin: number } }[];
      parameters: { cellSize: number };
    }>(`/api/hotspots/grid?from=2025-10-01&to=${last}`);
    const size = grid.parameters.cellSize;
    const cell = grid.features.filter((f) => f.properties.bin === 3).sort((a, b) => b.properties.count - a.properties.count)[0]!;
    const center = centroid({ type: 'Feature', geometry: cell.geometry, properties: {} }).geometry.coordinates as [number, number];
    await page.evaluate((c) => (window as unknown as Vk).__vk.map.jumpTo({ center: [c[0] - 0.004, c[1]], zoom: 15 }), center);
    await waitForMapIdle(page);
    const p = await project(page, center);
    await page.mouse.click(p.x, p.y);
    const { x, y } = cell.properties;
    await expect.poll(() => hashParams(page).get('cell')).toBe(`${x},${y},${size}`);
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toBe(`Rastercel ${size} × ${size} m (RD ${x}, ${y})`);
    await expect.poll(async () => Number(await page.getByTestId('hot-times-total').getAttribute('data-count'))).toBe(cell.properties.count);
    // A screenshot for people: the Gi* map around the cell and its hot-times table.
    await page.evaluate((c) => (window as unknown as Vk).__vk.map.jumpTo({ center: [c[0] + 0.012, c[1]], zoom: 13.2 }), center);
    await page.getByTestId('hot-times').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await waitForMapIdle(page);
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'hotspots-gistar.png') });

    await page.getByTestId('hot-times-clear').click();
    await expect.poll(() => hashParams(page).get('cell')).toBeNull();
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toBe(`Gebied: ${wijk.name}`);
    expect(realErrors(log)).toEqual([]);
  });

  it('plays the period week by week, and moves with the keyboard', async () => {
    await openHotspots(page);
    await page.locator('[data-preset="ddo"]').click();
    const label = page.getByTestId('week-label');
    expect(await label.textContent()).toMatch(/Hele periode \(\d+ weken\)/);
    await page.getByTestId('play').click();
    await expect.poll(() => hashParams(page).get('week')).toBe('0');
    await expect.poll(() => label.textContent()).toMatch(/^Week 1 van \d+/);
    await expect.poll(() => hashParams(page).get('week'), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => label.textContent()).toMatch(/^Week 2 van \d+ · 8 okt – 14 okt 2025/);
    await page.getByTestId('play').click(); // pause
    const paused = hashParams(page).get('week');
    // The window and the data follow the week.
    await expect.poll(() => page.getByTestId('window-summary').textContent()).toContain('okt 2025');
    const slider = page.getByTestId('week-slider');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => hashParams(page).get('week')).toBe(String(Number(paused) + 1));
    await page.getByRole('button', { name: 'Hele periode' }).click();
    await expect.poll(() => hashParams(page).get('week')).toBeNull();
    expect(realErrors(log)).toEqual([]);
  });

  it('reopens the same period, kinds and selection from a link', async () => {
    const { page: second, log: log2 } = await newPageAs(browser, app);
    await openHotspots(second, `&period=custom&from=2025-11-01&to=2025-11-30&kinds=woninginbraak,straatroof`);
    expect(await second.getByTestId('period-label').textContent()).toBe('1 nov – 30 nov 2025');
    expect(await second.locator('[data-kind="woninginbraak"]').isChecked()).toBe(true);
    expect(await second.locator('[data-kind="straatroof"]').isChecked()).toBe(true);
    expect(await second.locator('[data-kind="poging_woninginbraak"]').isChecked()).toBe(false);
    const r = await api<{ meta: { city: { count: number } } }>(`/api/hotspots/rates?from=2025-11-01&to=2025-11-30&kinds=woninginbraak,straatroof`);
    await expect.poll(() => windowCount(second)).toBe(r.meta.city.count);
    expect(realErrors(log2)).toEqual([]);
    await second.context().close();
  });
});

describe('importing a police export', () => {
  let own: RunningApp;
  beforeAll(async () => {
    own = await startApp((db) => seedDemoIncidents(db));
  });
  afterAll(async () => own?.close());

  it('shows a dry-run report with the rejected rows, then imports and replaces the demo data', async () => {
    const { page, log } = await newPageAs(browser, own);
    await page.goto(`${own.url}/#tab=hotspots&level=wijk&layers=districts`);
    await waitForMapIdle(page);
    await page.getByTestId('demo-badge').waitFor();
    await page.getByText('Incidenten importeren').click();
    await page.getByTestId('import-file').setInputFiles(join(ROOT, 'test/fixtures/incidents-api/politie-export.csv'));
    await page.getByTestId('import-check').click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('Controle (nog niets opgeslagen)');
    expect(await page.getByTestId('import-ok').textContent()).toBe('6');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('5');
    const rows = await report.locator('table.rejected tbody tr').allTextContents();
    expect(rows.map((r) => Number(/^\d+/.exec(r)?.[0]))).toEqual([6, 7, 8, 9, 10]);
    expect(rows[2]).toMatch(/buiten/);
    // Nothing stored yet.
    expect((await (await fetch(`${own.url}/api/incidents/summary`)).json()).demo).toBe(true);

    await page.getByTestId('import-confirm').click();
    await expect.poll(() => report.textContent(), { timeout: 15_000 }).toContain('Import voltooid');
    const summary = (await (await fetch(`${own.url}/api/incidents/summary`)).json()) as { demo: boolean; realCount: number; last: string };
    expect(summary).toMatchObject({ demo: false, realCount: 6, last: '2024-12-15' });
    // The badge goes, and the period follows the new latest incident (last 12 months up to it).
    await expect.poll(() => page.getByTestId('demo-badge').count()).toBe(0);
    await expect.poll(() => page.getByTestId('period-label').textContent()).toBe('16 dec 2023 – 15 dec 2024');
    const r = (await (await fetch(`${own.url}/api/hotspots/rates?from=2023-12-16&to=2024-12-15`)).json()) as { meta: { city: { count: number } } };
    await expect.poll(() => windowCount(page)).toBe(r.meta.city.count);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });
});

describe('hot times of a drawn area', () => {
  it('draws a polygon on the map and shows the hot times of the incidents inside it', async () => {
    const { page, log } = await newPageAs(browser, app);
    await openHotspots(page, `&period=ddo&from=2025-10-01&to=${last}`);
    await page.getByTestId('draw-start').click();
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width * 0.45;
    const cy = box.y + box.height * 0.5;
    const selBefore = await page.evaluate(() => (window as unknown as Vk).__vk.state.selected);
    for (const [dx, dy] of [[-160, -160], [160, -160], [160, 160], [-160, 160]] as const) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(150);
    }
    // Drawing clicks do not select districts.
    expect(await page.evaluate(() => (window as unknown as Vk).__vk.state.selected)).toBe(selBefore);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toMatch(/^Getekend gebied \([\d.,]+ ha\)$/);
    const area = await page.evaluate(() => (window as unknown as { __vk: { drawing: { area: GeoJSON.Polygon } } }).__vk.drawing.area);
    expect(area.coordinates[0]).toHaveLength(5);
    const res = await fetch(`${app.url}/api/hotspots/hot-times`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: '2025-10-01', to: last, area }),
    });
    const expected = (await res.json()) as { count: number };
    expect(expected.count).toBeGreaterThan(0);
    const city = await api<{ count: number }>(`/api/hotspots/hot-times?from=2025-10-01&to=${last}`);
    expect(expected.count).toBeLessThan(city.count);
    await expect.poll(async () => Number(await page.getByTestId('hot-times-total').getAttribute('data-count'))).toBe(expected.count);
    await page.getByTestId('hot-times-clear').click();
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toBe('Hele gemeente');
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });
});
