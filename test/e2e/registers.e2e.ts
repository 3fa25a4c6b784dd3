/**
 * The registers in the browser (web/map/layers/registers.ts, web/panels/registers): the public
 * sees the three register layers with demo data and the demo marking, no contact field in any
 * answer and no edit buttons; a redacteur draws a WhatsApp group on the map, saves, edits and
 * deletes it; a stale save shows the 409 message and saves after reloading; the panel and the
 * form are axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, loginHeaders, newPage, newPageAs, realErrors, DEMO_NOW, startDemoApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW, { registers: true }));
});
afterAll(() => closeAppAndBrowser(app, browser));

const LAYERS = 'reg-groups,reg-parks,reg-fire-compartments';
const REGISTER_URL = /\/api\/(groups|parks|fire-compartments)(\/|\?|$)/;

type MapVk = { __vk: { map: { querySourceFeatures(s: string): { properties: { id: number } }[] } } };
const sourceIds = (page: Page, register: string) =>
  page.evaluate((src) => [...new Set((window as unknown as MapVk).__vk.map.querySourceFeatures(src).map((f) => Number(f.properties.id)))], `reg-${register}`);

/** Serious and critical axe violations inside the side panel, as readable lines. */
async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="side-panel"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ['label', 'aria-valid-attr-value'].includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** A square of about 600 m around a point in Apeldoorn (WGS84). */
function square(lng: number, lat: number, d = 0.004): GeoJSON.Polygon {
  return { type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]] };
}

async function createGroup(name: string): Promise<{ id: number; version: number; headers: Record<string, string> }> {
  const headers = await loginHeaders(app, ['redacteur']);
  const res = await fetch(`${app.url}/api/groups`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'Feature', geometry: square(5.96, 52.21), properties: { name, status: 'actief', memberCount: 10 } }),
  });
  expect(res.status).toBe(201);
  const f = (await res.json()) as { id: number; properties: { version: number } };
  return { id: f.id, version: f.properties.version, headers };
}

describe('registers: public', () => {
  it('shows the three layers with demo data and the demo marking, no contacts in any answer, no edit buttons', async () => {
    const { page, log } = await newPage(browser);
    const bodies: { url: string; body: string }[] = [];
    page.on('response', async (r) => {
      if (REGISTER_URL.test(new URL(r.url()).pathname + new URL(r.url()).search) && r.request().method() === 'GET') bodies.push({ url: r.url(), body: await r.text().catch(() => '') });
    });
    await page.goto(`${app.url}/#layers=districts,${LAYERS}&tab=registers`);
    await waitForMapIdle(page);
    for (const r of ['groups', 'parks', 'fire-compartments']) {
      await page.getByTestId(`legend-demo-${r}`).waitFor();
      await expect.poll(async () => (await sourceIds(page, r)).length, { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByTestId('attribution-registers-demo').count()).toBe(1);
    // The layer panel marks each register layer as demo.
    for (const id of LAYERS.split(',')) expect(await page.locator(`label:has(input[data-layer="${id}"]) .badge.demo`).count()).toBe(1);

    await page.getByTestId('registers-panel').waitFor();
    await expect.poll(() => page.getByTestId('register-item').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('register-new').count()).toBe(0);
    await page.getByTestId('register-item').first().click();
    await page.getByTestId('register-detail').waitFor();
    expect(await page.getByTestId('register-edit').count()).toBe(0);
    expect(await page.getByTestId('register-delete').count()).toBe(0);
    expect(await page.getByTestId('register-history-toggle').count()).toBe(0);
    expect(await page.getByTestId('register-contact').count()).toBe(0);

    // Every register answer the page received: demo records, no contact field anywhere.
    await expect.poll(() => new Set(bodies.map((b) => new URL(b.url).pathname)).size).toBeGreaterThanOrEqual(3);
    for (const b of bodies) {
      const fc = JSON.parse(b.body) as { features: { properties: Record<string, unknown> }[] };
      expect(fc.features.length).toBeGreaterThan(0);
      expect(fc.features.every((f) => f.properties.demo === true)).toBe(true);
      expect(b.body).not.toMatch(/"contact"/);
    }
    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });
});

describe('registers: redacteur', () => {
  it('draws a new WhatsApp group on the map, saves it, sees it in the list and on the map, edits and deletes it', async () => {
    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    const csp: string[] = [];
    page.on('console', (m) => {
      if (/Refused to|Content.Security.Policy/i.test(m.text())) csp.push(m.text());
    });
    await page.goto(`${app.url}/#layers=districts,reg-groups&tab=registers`);
    await waitForMapIdle(page);
    await expect.poll(() => page.getByTestId('register-item').count()).toBeGreaterThan(0);
    await page.getByTestId('register-new').click();
    const form = page.getByTestId('register-form');
    await form.getByLabel('Naam').fill('E2E buurtgroep Zuid');
    await form.getByLabel('Status').selectOption('actief');
    await form.getByLabel('Aantal leden').fill('42');

    // Draw the area with four clicks on the map and close the ring on the first vertex.
    await page.getByTestId('draw-polygon').click();
    await page.getByTestId('geo-editor').waitFor();
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width * 0.45;
    const cy = box.y + box.height * 0.5;
    for (const [dx, dy] of [[-60, -60], [60, -60], [60, 60], [-60, 60], [-60, -60]] as const) {
      await page.mouse.move(cx + dx, cy + dy, { steps: 3 });
      await page.mouse.click(cx + dx, cy + dy);
    }
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('4 punten');
    await page.getByTestId('draw-done').click();
    await expect.poll(() => page.getByTestId('geometry-state').textContent()).toContain('Polygon');
    await page.getByTestId('register-save').click();

    await page.getByTestId('register-detail').waitFor();
    expect(await page.locator('#register-detail-title').textContent()).toContain('E2E buurtgroep Zuid');
    expect(await page.getByTestId('register-version').textContent()).toBe('versie 1');
    const id = Number(await page.evaluate(() => (window as unknown as { __vk: { state: { extra: Record<string, string> } } }).__vk.state.extra.regId));
    expect(id).toBeGreaterThan(0);
    await expect.poll(async () => (await sourceIds(page, 'groups')).includes(id), { timeout: 15_000 }).toBe(true);
    const stored = (await (await fetch(`${app.url}/api/groups/${id}`)).json()) as { geometry: GeoJSON.Polygon; properties: Record<string, unknown> };
    expect(stored.geometry.type).toMatch(/Polygon/);
    expect(stored.properties).toMatchObject({ name: 'E2E buurtgroep Zuid', status: 'actief', memberCount: 42, demo: false });

    // In the list (filtered by text).
    await page.getByRole('button', { name: 'Terug naar de lijst' }).click();
    await page.getByTestId('register-filter').fill('buurtgroep zuid');
    await expect.poll(() => page.getByTestId('register-item').allTextContents()).toEqual([expect.stringContaining('E2E buurtgroep Zuid')]);

    // Edit: the version goes up.
    await page.getByTestId('register-item').click();
    await page.getByTestId('register-edit').click();
    await page.getByTestId('register-form').getByLabel('Status').selectOption('slapend');
    await page.getByTestId('register-save').click();
    await expect.poll(() => page.getByTestId('register-version').textContent()).toBe('versie 2');
    const edited = (await (await fetch(`${app.url}/api/groups/${id}`)).json()) as { properties: Record<string, unknown> };
    expect(edited.properties).toMatchObject({ status: 'slapend', version: 2, memberCount: 42 });

    // History (a redacteur has registers:contacts).
    await page.getByTestId('register-history-toggle').click();
    await expect.poll(() => page.getByTestId('register-history').locator('li').count()).toBe(2);

    // Delete after the confirmation.
    await page.getByTestId('register-delete').click();
    await page.getByTestId('register-confirm-yes').click();
    await expect.poll(() => page.getByTestId('register-status').textContent()).toBe('Verwijderd');
    expect((await fetch(`${app.url}/api/groups/${id}`)).status).toBe(404);
    await expect.poll(async () => (await sourceIds(page, 'groups')).includes(id), { timeout: 15_000 }).toBe(false);
    expect(realErrors(log)).toEqual([]);
    expect(csp).toEqual([]);
    await page.context().close();
  });

  it('a stale save shows the 409 message; after reloading it saves', async () => {
    const { id, headers } = await createGroup('E2E groep conflict');
    const { page, log } = await newPageAs(browser, app, ['redacteur']);
    await page.goto(`${app.url}/#tab=registers&regId=${id}`);
    await page.getByTestId('register-detail').waitFor();
    await page.getByTestId('register-edit').click();
    // Someone else changes the record in between.
    const other = await fetch(`${app.url}/api/groups/${id}`, {
      method: 'PATCH',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'Feature', properties: { memberCount: 99, version: 1 } }),
    });
    expect(other.status).toBe(200);
    await page.getByTestId('register-form').getByLabel('Naam').fill('E2E groep conflict (mijn wijziging)');
    await page.getByTestId('register-save').click();
    await expect.poll(() => page.getByTestId('register-conflict').textContent()).toContain('Iemand anders heeft dit record gewijzigd');
    await page.getByTestId('register-reload').click();
    // The form now holds the other change (99 members) and the new version.
    await expect.poll(() => page.getByTestId('register-form').getByLabel('Aantal leden').inputValue()).toBe('99');
    await page.getByTestId('register-form').getByLabel('Naam').fill('E2E groep conflict (mijn wijziging)');
    await page.getByTestId('register-save').click();
    await expect.poll(() => page.getByTestId('register-version').textContent()).toBe('versie 3');
    const f = (await (await fetch(`${app.url}/api/groups/${id}`)).json()) as { properties: Record<string, unknown> };
    expect(f.properties).toMatchObject({ name: 'E2E groep conflict (mijn wijziging)', memberCount: 99, version: 3 });
    expect(realErrors(log, /409/)).toEqual([]);
    await page.context().close();
  });

  it('the panel and the form are axe-clean (list, detail, empty form, a server field error next to its field)', async () => {
    const { page } = await newPageAs(browser, app, ['redacteur']);
    await page.goto(`${app.url}/#tab=registers&reg=parks`);
    await expect.poll(() => page.getByTestId('register-item').count()).toBeGreaterThan(0);
    expect(await axeProblems(page)).toEqual([]);
    await page.getByTestId('register-item').first().click();
    await page.getByTestId('register-detail').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.getByRole('button', { name: 'Terug naar de lijst' }).click();
    await page.getByTestId('register-new').click();
    await page.getByTestId('register-save').click();
    await page.getByTestId('field-error-name').waitFor();
    await page.getByTestId('field-error-geometry').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    // A field error of the server (422: a "vastgesteld" plan needs a date) appears next to its field.
    const form = page.getByTestId('register-form');
    await form.getByLabel('Naam').fill('E2E park');
    await form.getByLabel('Soort').selectOption('camping');
    await form.getByLabel('Ontruimingsplan', { exact: true }).selectOption('vastgesteld');
    await page.getByTestId('draw-point').click();
    await page.getByTestId('draw-add-center').click();
    await page.getByTestId('draw-done').click();
    await expect.poll(() => page.getByTestId('geometry-state').textContent()).toContain('Point');
    await page.getByTestId('register-save').click();
    await page.getByTestId('field-error-evacuationPlan.date').waitFor();
    expect(await form.getByLabel('Ontruimingsplan vastgesteld op').getAttribute('aria-invalid')).toBe('true');
    expect(await axeProblems(page)).toEqual([]);
    // The form is keyboard-operable: Tab reaches the first field from the heading's form.
    await page.getByTestId('register-form').getByLabel('Naam').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rf-parks-kind');
    await page.context().close();
  }, 120_000); // four axe runs over the whole side panel: slow on a loaded machine
});
