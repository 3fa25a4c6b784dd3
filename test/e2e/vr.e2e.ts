/**
 * The V&R view (web/panels/vr, layer coverage-gaps): a redacteur opens it, picks the top gap
 * from the keyboard (the map flies there and outlines it), draws a WhatsApp group over it in the
 * Registers tab and, back in V&R, sees that gap leave the list and the covered share rise; the
 * public sees the figures and the gaps but no contact person; the tab is axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, DEMO_NOW, newPage, newPageAs, project, realErrors, startDemoApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW, { registers: true }));
});
afterAll(() => closeAppAndBrowser(app, browser));

type Vk = { __vk: { state: { extra: Record<string, string> }; map: { getFilter(id: string): unknown; isMoving(): boolean; getLayoutProperty(id: string, p: string): unknown } } };
const extra = (page: Page, key: string) => page.evaluate((k) => (window as unknown as Vk).__vk.state.extra[k] ?? null, key);
const gapIds = (page: Page) => page.getByTestId('vr-gap').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
const share = async (page: Page) => Number(await page.getByTestId('vr-total-dwellings').getAttribute('data-share'));

async function axeViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="side-panel"]').analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

async function openVr(page: Page): Promise<void> {
  await page.goto(`${app.url}/#tab=vr&layers=districts`, { timeout: 90_000 });
  await waitForMapIdle(page);
  await page.getByTestId('vr-panel').waitFor();
  await expect.poll(() => page.getByTestId('vr-gap').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.getByTestId('vr-group').count(), { timeout: 15_000 }).toBeGreaterThan(0);
}

describe('V&R view', () => {
  it('a redacteur draws a group over the top gap: the gap leaves the list and the covered share rises', async () => {
    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    await openVr(page);
    // The gaps layer is on while the tab is open, with its legend; the demo groups are marked.
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.map.getLayoutProperty('coverage-gaps-line', 'visibility'))).toBe('visible');
    expect(await page.getByTestId('legend-coverage-gaps').count()).toBe(1);
    expect(await page.getByTestId('vr-demo').count()).toBe(1);
    expect(await page.getByTestId('vr-contact').count()).toBeGreaterThan(0);

    const before = await gapIds(page);
    const topId = before[0]!;
    const shareBefore = await share(page);

    // Keyboard: focus the top row and press Enter; the gap is selected, outlined and flown to.
    await page.getByTestId('vr-gap').first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => extra(page, 'vrGap')).toBe(topId);
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.map.getFilter('coverage-gaps-highlight'))).toEqual(['==', ['get', 'id'], topId]);
    await expect.poll(() => page.getByTestId('vr-gap').first().getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.map.isMoving()), { timeout: 30_000 }).toBe(false);
    await waitForMapIdle(page);
    await page.screenshot({ path: '/tmp/vr-redacteur.png' });

    const cov = (await (await fetch(`${app.url}/api/coverage/groups`)).json()) as { uncoveredHotspots: { id: string; geometry: GeoJSON.Polygon }[] };
    const ring = cov.uncoveredHotspots.find((h) => h.id === topId)!.geometry.coordinates[0]!;
    const pts = await Promise.all(ring.map((c) => project(page, c as [number, number])));
    const [x0, x1] = [Math.min(...pts.map((p) => p.x)) - 25, Math.max(...pts.map((p) => p.x)) + 25];
    const [y0, y1] = [Math.min(...pts.map((p) => p.y)) - 25, Math.max(...pts.map((p) => p.y)) + 25];
    const canvas = (await page.locator('.maplibregl-canvas').boundingBox())!;
    expect(x0).toBeGreaterThan(canvas.x);
    expect(y0).toBeGreaterThan(canvas.y);

    // Draw the group in the Registers tab, over the gap.
    await page.locator('#tab-registers').click();
    await page.getByTestId('register-new').click();
    const form = page.getByTestId('register-form');
    await form.getByLabel('Naam').fill('E2E buurtapp over de hotspot');
    await form.getByLabel('Status').selectOption('actief');
    await page.getByTestId('draw-polygon').click();
    await page.getByTestId('geo-editor').waitFor();
    for (const [x, y] of [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as const) {
      await page.mouse.move(x, y, { steps: 3 });
      await page.mouse.click(x, y);
    }
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('4 punten');
    await page.getByTestId('draw-done').click();
    await page.getByTestId('register-save').click();
    await page.getByTestId('register-detail').waitFor();

    // Back in V&R: the gap is gone, the covered share rose, the new group is listed.
    await page.locator('#tab-vr').click();
    await page.getByTestId('vr-panel').waitFor();
    await expect.poll(() => gapIds(page), { timeout: 30_000 }).not.toContain(topId);
    expect((await gapIds(page)).length).toBeLessThan(before.length);
    await expect.poll(() => share(page)).toBeGreaterThan(shareBefore);
    await expect.poll(() => page.getByTestId('vr-groups').textContent()).toContain('E2E buurtapp over de hotspot');
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('the public sees the coverage figures and the gaps, no contact person in the tab or any answer; axe-clean', async () => {
    const { page, log } = await newPage(browser);
    const bodies: string[] = [];
    page.on('response', async (r) => {
      if (/\/api\/(groups|coverage\/groups)/.test(r.url())) bodies.push(await r.text().catch(() => ''));
    });
    await openVr(page);
    expect(await share(page)).toBeGreaterThan(0);
    expect(await page.getByTestId('vr-district').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('vr-contact').count()).toBe(0);
    await page.getByTestId('vr-contacts-hidden').waitFor();
    await page.getByTestId('vr-zones-hidden').waitFor();
    await page.getByTestId('vr-demo').waitFor();
    expect(await page.getByTestId('vr-gap').evaluateAll((els) => els.every((e) => e.getAttribute('data-kind') === 'gistar'))).toBe(true);
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const b of bodies) expect(b).not.toMatch(/"contact"/);

    // Another level: stadsdelen.
    await page.getByTestId('vr-level').selectOption('stadsdeel');
    await expect.poll(() => extra(page, 'vrLevel')).toBe('stadsdeel');
    await expect.poll(async () => (await page.getByTestId('vr-district').first().getAttribute('data-code')) ?? '').toMatch(/^SD/);

    await page.getByTestId('vr-level').selectOption('wijk');
    await expect.poll(async () => (await page.getByTestId('vr-district').first().getAttribute('data-code')) ?? '').toMatch(/^WK/);
    await page.screenshot({ path: '/tmp/vr-public.png' });
    expect(await axeViolations(page)).toEqual([]);
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  }, 240_000);
});
