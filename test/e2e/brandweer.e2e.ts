/**
 * The fire service's view (tab "Brandweer", web/panels/brandweer) in the browser, on the demo
 * registers: the gauges show the figures of GET /api/coverage/parks, the table holds the API's
 * fire-service rows, sorting by beds reverses the order, Enter on a row moves the map to the park,
 * the parks and compartments layers are on, the demo marking shows; the panel is axe-clean.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { closeAppAndBrowser, loginHeaders, newPage, realErrors, DEMO_NOW, startDemoApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp(DEMO_NOW, { registers: true }));
});
afterAll(() => closeAppAndBrowser(app, browser));

/** A square of 2d degrees around a point (WGS84). */
function square(lng: number, lat: number, d: number): GeoJSON.Polygon {
  return { type: 'Polygon', coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]] };
}

/**
 * The test's own high-risk compartment with parks in and near it (the demo records alone need not
 * give fire-service rows): two without a plan, one draft, one adopted (not in the table).
 */
beforeAll(async () => {
  const headers = { ...(await loginHeaders(app, ['redacteur'])), 'Content-Type': 'application/json' };
  const post = async (path: string, geometry: GeoJSON.Geometry, properties: Record<string, unknown>) => {
    const r = await fetch(`${app.url}${path}`, { method: 'POST', headers, body: JSON.stringify({ type: 'Feature', geometry, properties }) });
    expect(r.status, await r.clone().text()).toBe(201);
  };
  await post('/api/fire-compartments', square(5.86, 52.24, 0.01), { name: 'E2E Hoog Buurlo', riskClass: 'zeer hoog' });
  const park = (name: string, lng: number, lat: number, beds: number | null, status: string) =>
    post('/api/parks', square(lng, lat, 0.001), { name, kind: 'bungalowpark', capacity: { units: beds === null ? null : Math.ceil(beds / 4), beds }, evacuationPlan: status === 'vastgesteld' ? { status, date: '2026-05-01' } : { status } });
  await park('E2E Park Groot', 5.855, 52.235, 900, 'geen');
  await park('E2E Park Klein', 5.865, 52.245, 40, 'concept');
  await park('E2E Park Nabij', 5.873, 52.24, null, 'geen');
  await park('E2E Park Veilig', 5.86, 52.24, 300, 'vastgesteld');
});

interface Share {
  n: number;
  withPlan: number;
  share: number | null;
}
interface Coverage extends Share {
  target: number;
  large: Share;
  small: Share;
  fireService: { rows: { parkId: string; name: string | null; beds: number | null }[]; totals: { parks: number; beds: number; bedsUnknown: number } };
}
type Vk = { __vk: { map: { getCenter(): { lng: number; lat: number } }; state: { layers: string[] } } };

const pct = (s: number) => `${Math.round(s * 100)} %`;
const center = (page: Page) => page.evaluate(() => (window as unknown as Vk).__vk.map.getCenter());
const dist = (a: { lng: number; lat: number }, b: [number, number]) => Math.hypot(a.lng - b[0], a.lat - b[1]);

/** The middle of each park's bounding box, by id (WGS84). */
async function parkCentres(): Promise<Map<string, [number, number]>> {
  const fc = (await (await fetch(`${app.url}/api/parks`)).json()) as { features: { id: number; geometry: { coordinates: unknown } }[] };
  const out = new Map<string, [number, number]>();
  for (const f of fc.features) {
    const xs: number[] = [];
    const ys: number[] = [];
    const walk = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number') {
        xs.push(c[0] as number);
        ys.push(c[1] as number);
      } else if (Array.isArray(c)) c.forEach(walk);
    };
    walk(f.geometry.coordinates);
    out.set(String(f.id), [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2]);
  }
  return out;
}

async function axeProblems(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="brandweer-panel"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ['label', 'aria-valid-attr-value'].includes(v.id))
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

describe('brandweer: public', () => {
  it('gauges and table equal /api/coverage/parks, sorting by beds reverses, Enter flies to the park, layers on, demo marked', async () => {
    const cov = (await (await fetch(`${app.url}/api/coverage/parks?buffer=500`)).json()) as Coverage;
    expect(cov.n).toBeGreaterThan(0);
    expect(cov.fireService.rows.length).toBeGreaterThan(1);
    const { page, log } = await newPage(browser);
    await page.goto(`${app.url}/#layers=districts&tab=brandweer`);
    await waitForMapIdle(page);
    await page.getByTestId('brandweer-panel').waitFor();
    await page.getByTestId('brandweer-table').waitFor();

    // Gauges: the API's figures, as text and as the meter's value.
    for (const [id, s] of [['gauge-all', cov], ['gauge-large', cov.large], ['gauge-small', cov.small]] as const) {
      const text = await page.getByTestId(`${id}-text`).textContent();
      if (s.share === null) expect(text).toBe('geen parken');
      else {
        expect(text).toBe(`${s.withPlan} van ${s.n} parken (${pct(s.share)}) — doel ${pct(cov.target)}`);
        expect(await page.getByTestId(id).getByRole('meter').getAttribute('aria-valuenow')).toBe(String(Math.round(s.share * 100)));
        expect(await page.getByTestId(`${id}-status`).textContent()).toBe(s.share >= cov.target ? 'doel gehaald' : 'doel niet gehaald');
      }
    }

    // The table: the API's rows in the API's order, and its totals.
    const rowIds = () => page.getByTestId('brandweer-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-park-id')));
    expect(await rowIds()).toEqual(cov.fireService.rows.map((r) => String(r.parkId)));
    expect(await page.getByTestId('total-beds').textContent()).toBe(new Intl.NumberFormat('nl-NL').format(cov.fireService.totals.beds));

    // Sorting by beds: ascending, then the reverse.
    const beds = () => page.getByTestId('row-beds').allTextContents();
    await page.getByTestId('sort-beds').click();
    expect(await page.locator('th:has([data-testid="sort-beds"])').getAttribute('aria-sort')).toBe('ascending');
    const asc = await rowIds();
    const known = cov.fireService.rows.filter((r) => r.beds !== null).sort((a, b) => a.beds! - b.beds!);
    expect((await beds()).slice(0, known.length)).toEqual(known.map((r) => new Intl.NumberFormat('nl-NL').format(r.beds!)));
    await page.getByTestId('sort-beds').click();
    expect(await page.locator('th:has([data-testid="sort-beds"])').getAttribute('aria-sort')).toBe('descending');
    const desc = await rowIds();
    const nKnown = known.length;
    expect(desc.slice(0, nKnown)).toEqual(asc.slice(0, nKnown).reverse());

    // The layers of the view are on (and the districts the user had stay on).
    const layers = await page.evaluate(() => (window as unknown as Vk).__vk.state.layers);
    expect(layers).toEqual(expect.arrayContaining(['districts', 'reg-parks', 'reg-fire-compartments']));
    await expect.poll(() => page.getByTestId('brandweer-demo').textContent()).toBe('Demogegevens — geen echte parken');

    // Enter on the row whose park is farthest from the map centre: the map moves to it.
    const centres = await parkCentres();
    const before = await center(page);
    const far = [...cov.fireService.rows].sort((a, b) => dist(before, centres.get(String(b.parkId))!) - dist(before, centres.get(String(a.parkId))!))[0]!;
    const target = centres.get(String(far.parkId))!;
    const d0 = dist(before, target);
    await page.locator(`[data-testid="brandweer-row"][data-park-id="${far.parkId}"]`).focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => dist(await center(page), target), { timeout: 15_000 }).toBeLessThan(Math.min(d0 / 2, 0.02));
    expect(await page.locator(`[data-testid="brandweer-row"][data-park-id="${far.parkId}"]`).getAttribute('aria-current')).toBe('true');
    const extra = await page.evaluate(() => (window as unknown as { __vk: { state: { extra: Record<string, string> } } }).__vk.state.extra);
    expect(extra).toMatchObject({ reg: 'parks', regId: String(far.parkId) });

    // The buffer choice reloads the answer.
    const reload = page.waitForResponse((r) => r.url().includes('/api/coverage/parks?buffer=0'));
    await page.getByTestId('brandweer-buffer').selectOption('0');
    await reload;
    const cov0 = (await (await fetch(`${app.url}/api/coverage/parks?buffer=0`)).json()) as Coverage;
    await expect.poll(() => page.getByTestId('brandweer-row').count()).toBe(cov0.fireService.rows.length);

    expect(realErrors(log)).toEqual([]);
    await page.context().close();
  });

  it('the panel is axe-clean', async () => {
    const { page } = await newPage(browser);
    await page.goto(`${app.url}/#tab=brandweer`);
    await page.getByTestId('brandweer-table').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    // A screenshot for a human look (not committed) when asked for.
    if (process.env.BRANDWEER_SHOT) {
      await waitForMapIdle(page);
      await page.screenshot({ path: process.env.BRANDWEER_SHOT });
    }
    await page.context().close();
  });
});
