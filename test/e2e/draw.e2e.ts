/**
 * The map's geometry editor (web/map/draw): drawing a polygon with the mouse and editing it by
 * dragging a vertex, typed RD coordinates, the union of two chosen districts, a keyboard-only
 * drawing, points and lines, snapping to a district border vertex, no console errors (the strict
 * CSP) and an axe-clean toolbar. Driven through the hot-times area (its only user so far) and,
 * for the other kinds, through the editor's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { area as turfArea, booleanIntersects, feature, union, featureCollection } from '@turf/turf';
import { closeAppAndBrowser, newPageAs, project, realErrors, startDemoApp, waitForMapIdle, type PageLog, type RunningApp } from '../support/e2e.js';
import { rdToWgs84 } from '../../server/domain/crs.js';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  ({ app, browser } = await startDemoApp());
});
afterAll(() => closeAppAndBrowser(app, browser));

type Geom = GeoJSON.Polygon | GeoJSON.MultiPolygon | GeoJSON.Point | GeoJSON.LineString;
type Vk = {
  __vk: {
    drawing: { area: GeoJSON.Polygon | null };
    geometryEditor: { active: boolean; phase: string; geometry: Geom | null; start(kind: string): Promise<Geom | null>; finish(): boolean };
  };
};

async function openPanel(page: Page): Promise<{ log: PageLog; page: Page }> {
  await page.goto(`${app.url}/#tab=hotspots&level=wijk&layers=districts&period=ddo&from=2025-10-01&to=2026-02-15`);
  await waitForMapIdle(page);
  await page.getByTestId('hotspots-panel').waitFor();
  return { page, log: null as unknown as PageLog };
}

async function newDrawPage(): Promise<{ page: Page; log: PageLog; csp: string[] }> {
  const { page, log } = await newPageAs(browser, app);
  const csp: string[] = [];
  page.on('console', (m) => {
    if (/Refused to|Content.Security.Policy/i.test(m.text())) csp.push(m.text());
  });
  await openPanel(page);
  return { page, log, csp };
}

const area = (page: Page) => page.evaluate(() => (window as unknown as Vk).__vk.drawing.area);
const current = (page: Page) => page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.geometry);
const ha = (g: GeoJSON.Geometry) => turfArea(g) / 10_000;

function expectClean(log: PageLog, csp: string[]): void {
  expect(realErrors(log)).toEqual([]);
  expect(csp).toEqual([]);
}

describe('geometry editor', () => {
  it('draws a polygon with mouse clicks, edits it by dragging and deleting a vertex, and finishes', async () => {
    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').click();
    await page.getByTestId('geo-editor').waitFor();
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const cx = box.x + box.width * 0.45;
    const cy = box.y + box.height * 0.5;
    const corners = [[-150, -150], [150, -150], [150, 150], [-150, 150]] as const;
    for (const [dx, dy] of corners) {
      await page.mouse.move(cx + dx, cy + dy, { steps: 3 });
      await page.mouse.click(cx + dx, cy + dy);
    }
    // Clicking the first vertex again closes the ring: the part is done and can be edited.
    await page.mouse.move(cx - 150, cy - 150, { steps: 3 });
    await page.mouse.click(cx - 150, cy - 150);
    await expect.poll(() => page.getByTestId('draw-mode-edit').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('4 punten');
    const drawn = (await current(page)) as GeoJSON.Polygon;
    expect(drawn.type).toBe('Polygon');
    expect(drawn.coordinates[0]).toHaveLength(5);

    // Drag the third vertex 100 px further out: the area grows.
    const v = await project(page, drawn.coordinates[0]![2] as [number, number]);
    await page.mouse.move(v.x, v.y, { steps: 3 });
    await page.mouse.down();
    await page.mouse.move(v.x + 50, v.y + 50, { steps: 5 });
    await page.mouse.move(v.x + 100, v.y + 100, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => ha((await current(page))!)).toBeGreaterThan(ha(drawn) * 1.1);
    const edited = (await current(page)) as GeoJSON.Polygon;
    expect(edited.coordinates[0]).toHaveLength(5);

    // Click the second vertex and press Delete: it goes; "Punt verwijderen" refuses to go below a triangle.
    const v1 = await project(page, edited.coordinates[0]![1] as [number, number]);
    await page.mouse.move(v1.x, v1.y, { steps: 3 });
    await page.mouse.click(v1.x, v1.y);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('3 punten');
    const triangle = (await current(page)) as GeoJSON.Polygon;
    expect(triangle.coordinates[0]).toEqual([edited.coordinates[0]![0], edited.coordinates[0]![2], edited.coordinates[0]![3], edited.coordinates[0]![0]]);
    await page.getByTestId('draw-delete-vertex').click();
    await expect.poll(() => page.getByTestId('draw-message').textContent()).toBe('Een vlak heeft minstens 3 punten nodig');

    await page.getByTestId('draw-done').click();
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toMatch(/^Getekend gebied \([\d.,]+ ha\)$/);
    expect(await area(page)).toEqual(triangle);
    expect(await page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.active)).toBe(false);
    expectClean(log, csp);
    await page.context().close();
  });

  it('takes typed RD coordinates, refusing ones outside the Netherlands in Dutch', async () => {
    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').click();
    await page.getByTestId('draw-coords').locator('summary').click();
    await page.getByTestId('coord-text').fill('194000 469000\n900000 469000\n195000 470000');
    await page.getByTestId('coord-apply').click();
    await expect.poll(() => page.getByTestId('coord-error').textContent()).toBe('Coördinaat buiten Nederland (regel 2)');
    expect(await current(page)).toBeNull();

    await page.getByTestId('coord-text').fill('194000 469000\n195000 469000\n195000 470000\n194000 470000');
    await page.getByTestId('coord-apply').click();
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('4 punten');
    await page.getByTestId('draw-done').click();
    await expect.poll(() => area(page)).not.toBeNull();
    const ring = (await area(page))!.coordinates[0]!;
    expect(ring).toHaveLength(5);
    const [lon, lat] = rdToWgs84(194000, 469000);
    expect(ring[0]![0]).toBeCloseTo(lon, 5);
    expect(ring[0]![1]).toBeCloseTo(lat, 5);
    expect(ha((await area(page))!)).toBeCloseTo(100, 0);
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toMatch(/^Getekend gebied \((99|100)(,\d)? ha\)$/);
    expectClean(log, csp);
    await page.context().close();
  });

  it('unites two chosen neighbouring districts into one polygon', async () => {
    const fc = (await (await fetch(`${app.url}/api/districts?level=wijk`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { code: string }>;
    const shaped = fc.features.filter((f) => f.geometry);
    let pair: [(typeof shaped)[number], (typeof shaped)[number]] | null = null;
    for (const a of shaped) {
      for (const b of shaped) {
        if (!pair && a !== b && booleanIntersects(a, b) && union(featureCollection([feature(a.geometry), feature(b.geometry)]))?.geometry.type === 'Polygon') pair = [a, b];
      }
    }
    expect(pair).not.toBeNull();
    const expected = union(featureCollection([feature(pair![0].geometry), feature(pair![1].geometry)]))!.geometry;

    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').click();
    await page.getByTestId('draw-districts').locator('summary').click();
    for (const d of pair!) await page.locator(`[data-testid="district-pick"][data-code="${d.properties.code}"]`).check();
    await page.getByTestId('district-picker-apply').click();
    await expect.poll(async () => (await current(page))?.type).toBe('Polygon');
    await page.getByTestId('draw-done').click();
    await expect.poll(() => area(page)).not.toBeNull();
    const got = (await area(page))!;
    expect(Math.abs(ha(got) - ha(expected)) / ha(expected)).toBeLessThan(0.001);
    expectClean(log, csp);
    await page.context().close();
  });

  it('offers the 33 PC4 postcode areas in the district picker; a chosen one becomes the polygon', async () => {
    const fc = (await (await fetch(`${app.url}/api/districts?level=postcode`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { code: string }>;
    const shaped = fc.features.filter((f) => f.geometry);
    expect(shaped.length).toBe(33);
    // PC4 areas arrive as MultiPolygons; one of a single part without holes becomes a Polygon.
    const one = shaped.find((f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).length === 1 && (f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates[0]!).length === 1)!;
    expect(one).toBeDefined();
    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').click();
    await page.getByTestId('draw-districts').locator('summary').click();
    await page.getByTestId('district-picker-level').selectOption('postcode');
    await expect.poll(() => page.getByTestId('district-pick').count()).toBe(33);
    await page.locator(`[data-testid="district-pick"][data-code="${one.properties.code}"]`).check();
    await page.getByTestId('district-picker-apply').click();
    await expect.poll(async () => (await current(page))?.type).toBe('Polygon');
    await page.getByTestId('draw-done').click();
    await expect.poll(() => area(page)).not.toBeNull();
    expect(Math.abs(ha((await area(page))!) - ha(one.geometry)) / ha(one.geometry)).toBeLessThan(0.001);
    expectClean(log, csp);
    await page.context().close();
  });

  it('completes a drawing from the keyboard only (Tab, Enter, typing) and cancels one with Escape', async () => {
    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('geo-editor').waitFor();
    // Escape cancels the session and leaves no area.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('geo-editor').count()).toBe(0);
    expect(await area(page)).toBeNull();

    await page.getByTestId('draw-start').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('draw-coords').locator('summary').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('coord-text');
    await page.keyboard.type('52.21, 5.95\n52.21, 5.97\n52.22, 5.96');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('coord-apply');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('draw-points').textContent()).toBe('3 punten');
    // Enter outside a control finishes.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('hot-times-selection').textContent()).toMatch(/^Getekend gebied \([\d.,]+ ha\)$/);
    expect((await area(page))!.coordinates[0]).toEqual([[5.95, 52.21], [5.97, 52.21], [5.96, 52.22], [5.95, 52.21]]);
    expectClean(log, csp);
    await page.context().close();
  });

  it('draws a point and a line through the editor API', async () => {
    const { page, log, csp } = await newDrawPage();
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    const x = box.x + box.width * 0.45;
    const y = box.y + box.height * 0.5;
    await page.evaluate(() => {
      const w = window as unknown as Vk & { __result?: Geom | null };
      void w.__vk.geometryEditor.start('point').then((g) => (w.__result = g));
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.active)).toBe(true);
    await page.mouse.click(x, y);
    await expect.poll(async () => (await current(page))?.type).toBe('Point');
    await page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.finish());
    await expect.poll(() => page.evaluate(() => (window as unknown as { __result?: Geom }).__result?.type)).toBe('Point');

    await page.evaluate(() => {
      const w = window as unknown as Vk & { __result?: Geom | null };
      w.__result = undefined;
      void w.__vk.geometryEditor.start('linestring').then((g) => (w.__result = g));
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.active)).toBe(true);
    for (const dx of [-120, 0, 120]) {
      await page.mouse.move(x + dx, y, { steps: 3 });
      await page.mouse.click(x + dx, y);
    }
    // Finishing while the line is still being drawn closes it first (no toolbar here: the API only).
    await page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.finish());
    await expect.poll(() => page.evaluate(() => (window as unknown as { __result?: Geom }).__result?.type)).toBe('LineString');
    const line = (await page.evaluate(() => (window as unknown as { __result: GeoJSON.LineString }).__result))!;
    expect(line.coordinates.length).toBeGreaterThanOrEqual(3);
    expectClean(log, csp);
    await page.context().close();
  });

  it('snaps a clicked vertex to a nearby district border vertex', async () => {
    const { page, log, csp } = await newDrawPage();
    const fc = (await (await fetch(`${app.url}/api/districts?level=wijk`)).json()) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
    const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
    // A border vertex that is on screen.
    const vertices = fc.features.flatMap((f) => (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0]! : f.geometry.coordinates[0]![0]!));
    let target: [number, number] | null = null;
    for (const c of vertices) {
      const p = await project(page, c as [number, number]);
      if (p.x > box.x + box.width * 0.3 && p.x < box.x + box.width * 0.7 && p.y > box.y + box.height * 0.3 && p.y < box.y + box.height * 0.7) {
        target = c as [number, number];
        break;
      }
    }
    expect(target).not.toBeNull();
    // terra-draw's point mode has no snapping; lines and polygons do.
    await page.evaluate(() => {
      const w = window as unknown as Vk & { __result?: Geom | null };
      void w.__vk.geometryEditor.start('linestring').then((g) => (w.__result = g));
    });
    await expect.poll(() => page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.active)).toBe(true);
    const p = await project(page, target!);
    await page.mouse.move(p.x + 4, p.y + 3, { steps: 3 });
    await page.mouse.click(p.x + 4, p.y + 3);
    // The second vertex: the exact pixel of the first plus 150 px, no snapping asserted there.
    await page.mouse.move(p.x + 150, p.y + 150, { steps: 3 });
    await page.mouse.click(p.x + 150, p.y + 150);
    await page.evaluate(() => (window as unknown as Vk).__vk.geometryEditor.finish());
    await expect.poll(() => page.evaluate(() => (window as unknown as { __result?: Geom }).__result?.type)).toBe('LineString');
    const got = (await page.evaluate(() => (window as unknown as { __result: GeoJSON.LineString }).__result))!;
    expect(got.coordinates[0]![0]).toBeCloseTo(target![0], 6);
    expect(got.coordinates[0]![1]).toBeCloseTo(target![1], 6);
    expectClean(log, csp);
    await page.context().close();
  });

  it('has an axe-clean toolbar with the coordinate input and district picker open', async () => {
    const { page, log, csp } = await newDrawPage();
    await page.getByTestId('draw-start').click();
    await page.getByTestId('draw-coords').locator('summary').click();
    await page.getByTestId('draw-districts').locator('summary').click();
    await page.getByTestId('district-picker-apply').waitFor();
    const r = await new AxeBuilder({ page }).include('[data-testid="geo-editor"]').analyze();
    expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expectClean(log, csp);
    await page.context().close();
  });
});
