/**
 * Map labels avoid each other (issue 8), proven on what is drawn: the boxes of the labels that the
 * deck.gl text layers are actually given (measured here in the page with the layer's own font,
 * size, chip padding and offset) never intersect, in the default wijk view (Hoenderloo and
 * Beekbergen) and in the near-repeat view with zone chips placed on a district label and on each
 * other. The placement's own boxes on the test hook (`__vk.labels`) agree with what is drawn.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { booleanPointInPolygon, centerOfMass, pointOnFeature } from '@turf/turf';
import { launchBrowser, newPage, newPageAs, startApp, waitForMapIdle, type RunningApp } from '../support/e2e.js';
import { ROOT } from '../support/paths.js';

const SHOTS = join(ROOT, 'test-results');

let app: RunningApp;
let browser: Browser;

interface Drawn {
  layer: string;
  text: string;
  box: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Every label the visible deck.gl text layers draw, with its screen box measured in the page. */
async function drawnLabels(page: Page): Promise<Drawn[]> {
  return page.evaluate(() => {
    type Acc<T> = T | ((d: unknown) => T);
    interface TextProps {
      visible: boolean;
      data: unknown[];
      getPosition: Acc<[number, number]>;
      getText: Acc<string>;
      getSize: Acc<number>;
      getPixelOffset?: Acc<[number, number]>;
      fontFamily: string;
      fontWeight: number | string;
      background?: boolean;
      backgroundPadding?: number[];
      getBorderWidth?: Acc<number>;
    }
    const vk = (window as unknown as { __vk: { map: { project(p: [number, number]): { x: number; y: number } }; deckLayers: { id: string; constructor: { layerName: string }; props: TextProps }[] } }).__vk;
    const val = <T,>(a: Acc<T> | undefined, d: unknown, dflt: T): T => (a === undefined ? dflt : typeof a === 'function' ? (a as (d: unknown) => T)(d) : a);
    const ctx = document.createElement('canvas').getContext('2d')!;
    const out: Drawn[] = [];
    for (const l of vk.deckLayers) {
      if (l.constructor.layerName !== 'TextLayer' || !l.props.visible) continue;
      const p = l.props;
      const bg = p.background ? p.backgroundPadding ?? [0, 0, 0, 0] : [0, 0, 0, 0];
      const pad = bg.length === 2 ? [bg[0]!, bg[1]!, bg[0]!, bg[1]!] : bg;
      for (const d of p.data) {
        const text = val(p.getText, d, '');
        const size = val(p.getSize, d, 32);
        const [dx, dy] = val(p.getPixelOffset, d, [0, 0] as [number, number]);
        const border = p.background ? val(p.getBorderWidth, d, 0) : 0;
        ctx.font = `${p.fontWeight} ${size}px ${p.fontFamily}`;
        const w = ctx.measureText(text).width;
        const c = vk.map.project(val(p.getPosition, d, [0, 0] as [number, number]));
        const x = c.x + dx;
        const y = c.y + dy;
        out.push({
          layer: l.id,
          text,
          box: { minX: x - w / 2 - pad[0]! - border, maxX: x + w / 2 + pad[2]! + border, minY: y - size / 2 - pad[1]! - border, maxY: y + size / 2 + pad[3]! + border },
        });
      }
    }
    return out;
  });
}

function overlaps(a: Drawn['box'], b: Drawn['box']): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function collisions(labels: Drawn[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) if (overlaps(labels[i]!.box, labels[j]!.box)) out.push(`${labels[i]!.text} × ${labels[j]!.text}`);
  return out;
}

interface Kept {
  owner: string;
  id: string;
  text: string;
  box: Drawn['box'];
}
async function keptLabels(page: Page): Promise<Kept[] | undefined> {
  return page.evaluate(() => (window as unknown as { __vk: { labels?: Kept[] } }).__vk.labels);
}

async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${app.url}/#${hash}`);
  await waitForMapIdle(page);
}

/** The label anchor of a district, as the districts layer computes it (centre of mass, else a point on it). */
function labelAnchor(f: GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>): [number, number] {
  let pt = centerOfMass(f);
  if (!booleanPointInPolygon(pt, f)) pt = pointOnFeature(f);
  return pt.geometry.coordinates as [number, number];
}

function offset([lon, lat]: [number, number], dx: number, dy: number): [number, number] {
  return [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 111_320];
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  // Burglaries whose near-repeat zones (200 m) put their days-left chip (at the zone's top edge)
  // on the label of Klarenbeek, and a second zone 450 m east (not merged) whose chip overlaps
  // the first chip.
  const res = await fetch(`${app.url}/api/districts?level=wijk`);
  const fc = (await res.json()) as GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, { name: string }>;
  const klarenbeek = fc.features.find((f) => f.properties.name.startsWith('Klarenbeek'));
  if (!klarenbeek) throw new Error('Klarenbeek ontbreekt in de wijken');
  const origin = offset(labelAnchor(klarenbeek), 0, -200);
  await app.db.exec('DELETE FROM incident; DELETE FROM import_batch;');
  const [batch] = await app.db.query<{ id: number }>(`INSERT INTO import_batch (source, format, rows_total, rows_imported) VALUES ('e2e-labels.csv', 'csv', 0, 0) RETURNING id`);
  const rows: [string, [number, number], string][] = [
    ['LB-1', origin, '2025-07-01T10:00:00+02:00'],
    ['LB-2', offset(origin, 450, 0), '2025-06-27T10:00:00+02:00'],
  ];
  for (const [id, [lon, lat], to] of rows)
    await app.db.query(
      `INSERT INTO incident (source_id, batch_id, kind, time_from, time_to, geom)
       VALUES ($1, $2, 'woninginbraak', $3::timestamptz - interval '8 hours', $3::timestamptz, ST_Transform(ST_SetSRID(ST_MakePoint($4, $5), 4326), 28992))`,
      [id, batch!.id, to, lon, lat],
    );
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('map labels', () => {
  it('draws no two overlapping district labels in the default wijk view (Hoenderloo, Beekbergen)', async () => {
    const { page } = await newPage(browser);
    await open(page, 'level=wijk');
    await expect.poll(async () => (await drawnLabels(page)).filter((l) => l.layer === 'district-labels').length, { timeout: 20_000 }).toBeGreaterThan(10);
    const drawn = await drawnLabels(page);
    expect(collisions(drawn)).toEqual([]);
    const hb = drawn.filter((l) => /^(Hoenderloo|Beekbergen)/.test(l.text));
    expect(hb.length).toBeGreaterThanOrEqual(1);
    if (hb.length === 2) expect(overlaps(hb[0]!.box, hb[1]!.box)).toBe(false);
    // The placement's own boxes: pairwise apart, and exactly the labels that are drawn.
    const kept = (await keptLabels(page)) ?? [];
    expect(kept.map((k) => k.text).sort()).toEqual(drawn.map((d) => d.text).sort());
    expect(collisions(kept.map((k) => ({ layer: k.owner, text: k.text, box: k.box })))).toEqual([]);
    await page.context().close();
  });

  it('keeps zone chips over district labels and apart from each other in the near-repeat view', async () => {
    const { page } = await newPageAs(browser, app, ['analist']);
    await open(page, 'tab=nearrepeat&level=wijk&layers=districts,nearrepeat-zones&nrdate=2025-07-02&nrradius=200&nrdays=14');
    await expect.poll(() => page.getByTestId('nr-zone-list').locator('li').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(async () => (await drawnLabels(page)).filter((l) => l.layer === 'nearrepeat-zone-labels').length, { timeout: 20_000 }).toBeGreaterThan(0);
    await waitForMapIdle(page);
    const drawn = await drawnLabels(page);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'labels-nearrepeat.png') });
    expect(collisions(drawn)).toEqual([]);
    // The chips sit on each other: one is drawn, the zone with more days left (LB-1: 13 d).
    const chips = drawn.filter((l) => l.layer === 'nearrepeat-zone-labels');
    expect(chips.map((c) => c.text)).toEqual(['13 d']);
    // The chip sits on Klarenbeek's label: the chip wins, the label gives way.
    expect(drawn.filter((l) => l.text.startsWith('Klarenbeek'))).toEqual([]);
    expect(drawn.filter((l) => l.layer === 'district-labels').length).toBeGreaterThan(10);
    const kept = (await keptLabels(page)) ?? [];
    expect(kept.map((k) => k.text).sort()).toEqual(drawn.map((d) => d.text).sort());
    await page.context().close();
  });
});
