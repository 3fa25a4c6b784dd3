/**
 * The map and its panels (issue 8): the selection across level switches, search over every
 * level, layers without data at a level, layer exclusions, the phone layout, Dutch map controls
 * with one focusable map, keyboard routes (hot cells, area by districts, hot-times table), the
 * import report in Dutch and local time, and an axe check of every main view.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, newPage, newPageAs, realErrors, startDemoApp, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';
import { ROOT } from '../support/paths.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp());
});
afterAll(() => closeAppAndBrowser(app, browser));

/** Rules of lower impact that the issue names (empty hot-times headers, a duplicate landmark). */
const ALSO = ['empty-table-header', 'landmark-unique', 'landmark-no-duplicate-main', 'region'];

/** Serious and critical axe violations of the page (and ALSO), as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO.includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`));
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${app.url}/#${hash}`);
  await waitForMapIdle(page);
}

const shots = join(ROOT, 'test-results');

function hashParams(page: Page): URLSearchParams {
  return new URLSearchParams(new URL(page.url()).hash.slice(1));
}

type Vk = {
  __vk: {
    map: {
      project(l: [number, number]): { x: number; y: number };
      getContainer(): HTMLElement;
      getLayoutProperty(id: string, p: string): string | undefined;
      queryRenderedFeatures(o: { layers: string[] }): unknown[];
      getCenter(): { lng: number; lat: number };
    };
    state: { selected: string | null; level: string; layers: string[] };
    deckLayers: { id: string; props: Record<string, unknown> & { extensions: { constructor: { extensionName: string } }[] } }[];
  };
};

describe('levels and search', () => {
  it('maps the selection to the new level on a switch: a stadsdeel of one wijk becomes that wijk, a wijk its stadsdeel, else cleared', async () => {
    const { page, log } = await newPage(browser);
    await open(page, 'level=stadsdeel&sel=SD020014');
    await expect.poll(() => page.getByTestId('district-name').textContent()).toBeTruthy();
    await page.getByLabel('Wijken').check();
    await expect.poll(() => hashParams(page).get('level')).toBe('wijk');
    await expect.poll(() => hashParams(page).get('sel')).toBe('WK020014');
    expect(page.url()).not.toContain('SD020014');
    await page.getByLabel('Stadsdelen').check();
    await expect.poll(() => hashParams(page).get('sel')).toBe('SD020014');
    // Going down from a wijk of many buurten: nothing covers the same ground, so it is cleared.
    await page.getByLabel('Wijken').check();
    await expect.poll(() => hashParams(page).get('sel')).toBe('WK020014');
    await page.getByLabel('Buurten').check();
    await expect.poll(() => hashParams(page).get('level')).toBe('buurt');
    await expect.poll(() => hashParams(page).get('sel')).toBeNull();
    await page.getByLabel('Postcodes (PC4)').check();
    await expect.poll(() => hashParams(page).get('level')).toBe('postcode');
    expect(hashParams(page).get('sel')).toBeNull();
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('searches every level, shows the level beside each hit, and a chosen hit switches the level', async () => {
    const { page, log } = await newPage(browser);
    await open(page, 'level=wijk');
    await page.getByLabel('Zoek een gebied').fill('7311');
    const hit = page.getByTestId('district-list').locator('button.row[data-level="postcode"]', { hasText: '7311' });
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.textContent()).toContain('Postcodegebied');
    await hit.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hashParams(page).get('level')).toBe('postcode');
    expect(hashParams(page).get('sel')).toBe('7311');
    await expect.poll(() => page.getByTestId('district-name').textContent()).toContain('7311');
    // A buurt by name, from the stadsdeel level.
    await page.keyboard.press('Escape');
    await page.getByLabel('Stadsdelen').check();
    await page.getByLabel('Zoek een gebied').fill('Binnenstad');
    const buurt = page.getByTestId('district-list').locator('button.row[data-level="buurt"]').first();
    await buurt.waitFor({ timeout: 10_000 });
    await buurt.click();
    await expect.poll(() => hashParams(page).get('level')).toBe('buurt');
    expect(hashParams(page).get('sel')).toMatch(/^BU/);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('does not repeat the name: a stadsdeel of one wijk and that wijk say no "Ligt in Zuidoost"', async () => {
    const { page } = await newPage(browser);
    await open(page, 'level=stadsdeel&sel=SD020005');
    await page.getByTestId('key-figures').waitFor();
    expect(await page.getByTestId('district-name').textContent()).toBe('Zuidoost');
    expect(await page.getByTestId('district-panel').textContent()).not.toContain('Ligt in Zuidoost');
    await page.goto(`${app.url}/#level=wijk&sel=WK020005`);
    await expect.poll(() => page.getByTestId('district-panel').locator('.kicker').textContent()).toContain('WK020005');
    await page.getByTestId('key-figures').waitFor();
    expect(await page.getByTestId('district-panel').textContent()).not.toContain('Ligt in Zuidoost');
    await page.context().close();
  });
});

describe('layers', () => {
  it('disables the crime choropleth with a reason at levels without police figures', async () => {
    const { page, log } = await newPage(browser);
    await open(page, 'level=wijk');
    const box = page.locator('[data-layer="crime-rate"]');
    expect(await box.isChecked()).toBe(true);
    expect(await box.isDisabled()).toBe(false);
    for (const level of ['Postcodes (PC4)', 'Buurten']) {
      await page.getByLabel(level, { exact: true }).check();
      await expect.poll(() => box.isDisabled(), { timeout: 10_000 }).toBe(true);
      expect(await box.isChecked()).toBe(false);
      const why = page.getByTestId('unavailable-crime-rate');
      expect((await why.textContent())!.length).toBeGreaterThan(10);
      expect(await box.getAttribute('aria-describedby')).toBe('why-crime-rate');
      // No "0 of meer" legend and nothing drawn.
      expect(await page.locator('#layers').textContent()).not.toContain('of meer');
      await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.map.getLayoutProperty('crime-rate-fill', 'visibility'))).toBe('none');
    }
    await page.getByLabel('Wijken', { exact: true }).check();
    await expect.poll(() => box.isChecked()).toBe(true);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('keeps the crime choropleth from under Gi*, heat and zones (declared exclusions), both ways', async () => {
    // Zones need a login as analist (public visitors cannot switch them on).
    const { page, log } = await newPageAs(browser, app, ['analist']);
    await open(page, 'tab=hotspots&level=wijk');
    expect(await page.locator('[data-layer="crime-rate"]').isChecked()).toBe(true);
    await page.locator('[data-hs-layer="gistar"]').check();
    await expect.poll(() => page.locator('[data-layer="crime-rate"]').isChecked()).toBe(false);
    await page.locator('[data-layer="crime-rate"]').check();
    await expect.poll(() => page.locator('[data-layer="gistar"]').isChecked()).toBe(false);
    await page.locator('[data-layer="nearrepeat-zones"]').check();
    await expect.poll(() => page.locator('[data-layer="crime-rate"]').isChecked()).toBe(false);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('lets district labels and zone chips share one label placement (the map\'s label registry)', async () => {
    const { page } = await newPageAs(browser, app, ['analist']);
    await open(page, 'level=wijk&layers=districts,nearrepeat-zones');
    await page.waitForFunction(() => (window as unknown as Vk).__vk.deckLayers?.some((l) => l.id === 'district-labels' && (l.props.data as unknown[]).length > 0));
    const info = await page.evaluate(() => {
      const vk = (window as unknown as Vk & { __vk: { labels?: { owner: string }[] } }).__vk;
      return {
        drawn: vk.deckLayers.filter((l) => /labels/.test(l.id)).map((l) => ({ id: l.id, n: (l.props.data as unknown[]).length, ext: (l.props.extensions ?? []).length })),
        kept: (vk.labels ?? []).reduce<Record<string, number>>((a, l) => ({ ...a, [l.owner]: (a[l.owner] ?? 0) + 1 }), {}),
      };
    });
    // The text layers draw exactly the labels the registry kept, without deck.gl's collision extension.
    const district = info.drawn.find((l) => l.id === 'district-labels')!;
    expect(district).toMatchObject({ n: info.kept.districts, ext: 0 });
    const zones = info.drawn.find((l) => l.id === 'nearrepeat-zone-labels');
    if (zones) expect(zones).toMatchObject({ n: info.kept['nearrepeat-zones'] ?? 0, ext: 0 });
    await page.context().close();
  });
});

describe('map controls and keyboard', () => {
  it('has Dutch control labels and one focusable, named map', async () => {
    const { page } = await newPage(browser);
    await open(page, 'level=wijk');
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('Inzoomen');
    expect(await page.locator('.maplibregl-ctrl-zoom-out').getAttribute('aria-label')).toBe('Uitzoomen');
    const canvases = await page.locator('[data-testid="map"] canvas').evaluateAll((cs) =>
      cs.map((c) => ({ focusable: c.tabIndex >= 0 && c.getAttribute('aria-hidden') !== 'true', name: c.getAttribute('aria-label') })),
    );
    expect(canvases.length).toBeGreaterThanOrEqual(2);
    const focusable = canvases.filter((c) => c.focusable);
    expect(focusable).toHaveLength(1);
    expect(focusable[0]!.name).toMatch(/^Kaart van Apeldoorn/);
    await page.context().close();
  });

  it('picks a Gi* hot cell from the list with Enter, as a click on the map would', async () => {
    const { page, log } = await newPage(browser);
    await open(page, 'tab=hotspots&level=wijk&layers=districts,gistar&period=ddo&from=2025-10-01&to=2026-02-15');
    const list = page.getByTestId('hot-cell-list');
    const first = list.locator('button[data-cell]').first();
    await first.waitFor({ timeout: 20_000 });
    const [x, y] = (await first.getAttribute('data-cell'))!.split(',');
    await first.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => hashParams(page).get('cell')).toMatch(new RegExp(`^${x},${y},\\d+$`));
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toContain(`RD ${x}, ${y}`);
    expect(await first.getAttribute('aria-pressed')).toBe('true');
    const row = await list.locator('tbody tr').first().textContent();
    expect(row).toMatch(/\d+\s*%/);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('draws an area with the keyboard only: pan with the arrow keys, add the map centre, Enter', async () => {
    const { page, log } = await newPage(browser);
    await open(page, 'tab=hotspots&level=wijk&layers=districts&period=ddo&from=2025-10-01&to=2026-02-15');
    await page.getByTestId('draw-start').focus();
    await page.keyboard.press('Enter');
    const add = page.getByTestId('draw-add-center');
    await add.waitFor();
    const canvas = page.locator('.maplibregl-canvas');
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft']) {
      await add.focus();
      await page.keyboard.press('Enter');
      await canvas.focus();
      const before = await page.evaluate(() => (window as unknown as Vk).__vk.map.getCenter());
      await page.keyboard.press(key);
      await page.keyboard.press(key);
      await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.map.getCenter())).not.toEqual(before);
      await waitForMapIdle(page);
    }
    await add.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('4 punten');
    await page.getByTestId('draw-done').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toMatch(/^Getekend gebied \([\d.,]+ ha\)$/);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('gives the hot-times table real headers and its values as text', async () => {
    const { page } = await newPage(browser);
    await open(page, 'tab=hotspots&level=wijk&layers=districts&period=ddo&from=2025-10-01&to=2026-02-15');
    const table = page.getByTestId('hot-times-table');
    await table.waitFor({ timeout: 20_000 });
    const heads = await table.locator('thead th').allTextContents();
    expect(heads).toHaveLength(26);
    expect(heads.filter((h) => h.trim() === '')).toEqual([]);
    expect(heads[1]).toContain('00:00');
    const cells = await table.locator('tbody td[data-v]').evaluateAll((tds) => tds.map((td) => td.textContent!.trim()));
    expect(cells).toHaveLength(168);
    expect(cells.every((c) => /^(<)?\d+(,\d)?$/.test(c))).toBe(true);
    await page.context().close();
  });
});

describe('the import report', () => {
  it('describes the file in Dutch words, not code words', async () => {
    // Importing is for an analyst (a public visitor is not offered the import).
    const { page } = await newPageAs(browser, app, ['analist']);
    await open(page, 'tab=hotspots&level=wijk&layers=districts');
    await page.getByText('Incidenten importeren').click();
    await page.getByTestId('import-file').setInputFiles(join(ROOT, 'test/fixtures/incidents-api/politie-export.csv'));
    await page.getByTestId('import-check').click();
    const detected = page.getByTestId('import-detected');
    await detected.waitFor({ timeout: 15_000 });
    const text = (await detected.textContent())!;
    expect(text).toContain('CSV-bestand');
    expect(text).toMatch(/scheidingsteken (puntkomma|komma)/);
    expect(text).not.toMatch(/format:|delimiter|axesSwapped|false|true/);
    await page.context().close();
  });
});

describe('the phone layout (390 × 844)', () => {
  it('fits the gemeente above the bottom sheet, opens the layer drawer above it, and keeps the attribution off the list', async () => {
    const { page, log } = await newPage(browser, 390, 844);
    await open(page, 'level=wijk');
    const sheet = (await page.getByTestId('side-panel').boundingBox())!;
    // The gemeente's extent (from the API) lies above the sheet.
    const meta = (await (await fetch(`${app.url}/api/meta`)).json()) as { bbox: [number, number, number, number] };
    const [w, s, e, n] = meta.bbox;
    const sw = await page.evaluate((ll) => {
      const m = (window as unknown as Vk).__vk.map;
      const p = m.project(ll);
      const r = m.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [w, s] as [number, number]);
    const ne = await page.evaluate((ll) => {
      const m = (window as unknown as Vk).__vk.map;
      const p = m.project(ll);
      const r = m.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    }, [e, n] as [number, number]);
    expect(sw.y).toBeLessThanOrEqual(sheet.y + 2);
    expect(ne.y).toBeGreaterThanOrEqual(40);
    expect(sw.x).toBeGreaterThanOrEqual(0);
    expect(ne.x).toBeLessThanOrEqual(390);
    // The attribution does not cover the sheet (and so not the list).
    const attr = (await page.getByTestId('attribution').boundingBox())!;
    expect(attr.y + attr.height <= sheet.y || attr.y >= sheet.y + sheet.height).toBe(true);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'phone-districts.png') });
    // The layer drawer opens on top of the sheet: its checkboxes can be hit.
    await page.getByRole('button', { name: 'Kaartlagen' }).click();
    const drawer = page.getByTestId('layer-drawer');
    await drawer.waitFor();
    const basemap = page.getByLabel('Lokaal (offline)');
    await basemap.scrollIntoViewIfNeeded();
    const b = (await basemap.boundingBox())!;
    const hitInDrawer = await page.evaluate(([x, y]) => Boolean(document.elementFromPoint(x!, y!)?.closest('[data-testid="layer-drawer"]')), [b.x + b.width / 2, b.y + b.height / 2]);
    expect(hitInDrawer).toBe(true);
    await page.screenshot({ path: join(shots, 'phone-layers.png') });
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });
});

describe('axe: every main view', () => {
  // "public": no login; "beheerder": logged in as analist and beheerder (exact data, Beheer tab).
  for (const [name, hash, width, height, who] of [
    ['districts', 'level=wijk', 1400, 900, 'public'],
    ['hotspots tab', 'tab=hotspots&level=wijk&layers=districts,gistar&period=ddo&from=2025-10-01&to=2026-02-15', 1400, 900, 'public'],
    ['near-repeat tab', 'tab=nearrepeat&level=wijk&layers=districts,nearrepeat-zones', 1400, 900, 'public'],
    ['near-repeat tab logged in', 'tab=nearrepeat&level=wijk&layers=districts,nearrepeat-zones', 1400, 900, 'beheerder'],
    ['a selected district', 'level=wijk&sel=WK020001', 1400, 900, 'public'],
    ['the phone layout', 'level=wijk', 390, 844, 'public'],
    ['the login dialog', 'level=wijk', 1400, 900, 'public'],
    ['the beheer tab', 'tab=beheer&level=wijk', 1400, 900, 'beheerder'],
  ] as const) {
    it(`has no serious or critical violations: ${name}`, async () => {
      const { page, log } = who === 'public' ? await newPage(browser, width, height) : await newPageAs(browser, app, ['analist', 'beheerder'], width, height);
      await open(page, hash);
      if (name === 'a selected district') await page.getByTestId('key-figures').waitFor();
      if (name === 'hotspots tab') await page.getByTestId('hot-times-table').waitFor();
      if (name === 'near-repeat tab') await page.getByTestId('nr-login').waitFor();
      if (name === 'near-repeat tab logged in') await page.locator('[data-testid="nr-zone-list"], [data-testid="nr-empty"]').first().waitFor({ timeout: 20_000 });
      if (name === 'the beheer tab') {
        await page.getByTestId('user-row').first().waitFor();
      }
      if (name === 'the login dialog') {
        await page.getByTestId('login-open').click();
        await page.getByTestId('login-username').waitFor();
      }
      await waitForMapIdle(page);
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, `axe-${name.replace(/\W+/g, '-')}.png`) });
      expect(await axeProblems(page)).toEqual([]);
      expect(realErrors(log)).toEqual([]);
      await page.context().close();
    });
  }
});
