/**
 * A cold load over the wire (issue 8): the web app's files arrive brotli-compressed, hashed
 * assets are cached for a year and index.html is revalidated, the first view does not fetch the
 * hotspot and near-repeat panels (they load when their tab opens), and the whole first view
 * stays within a byte budget (2.8 MB uncompressed before; ~0.73 MB now).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { closeAppAndBrowser, newPage, startAppAndBrowser, waitForMapIdle, type RunningApp } from '../support/e2e.js';
import { coldLoad, formatColdLoad, type ColdLoad } from '../support/coldload.js';

let app: RunningApp;
let browser: Browser;
let load: ColdLoad;

beforeAll(async () => {
  ({ app, browser } = await startAppAndBrowser());
  load = await coldLoad(browser, app.url + '/');
  console.log(formatColdLoad(load));
});
afterAll(() => closeAppAndBrowser(app, browser));

const path = (u: string) => new URL(u).pathname;
const PANEL_CHUNK = /\/assets\/(?:HotspotsPanel|NearRepeatPanel)-/;

describe('a cold load', () => {
  it('loads the first view without errors', () => {
    expect(load.errors).toEqual([]);
    expect(load.transfers.every((t) => t.status === 200)).toBe(true);
  });

  it('gets scripts and styles brotli-compressed and cached for a year', () => {
    const code = load.transfers.filter((t) => /\/assets\/.+\.(?:js|mjs|css)$/.test(path(t.url)));
    expect(code.length).toBeGreaterThan(3);
    for (const t of code.filter((x) => x.encodedBytes > 2048)) expect(t.contentEncoding, path(t.url)).toBe('br');
    for (const t of code) expect(t.cacheControl, path(t.url)).toBe('public, max-age=31536000, immutable');
    const page = load.transfers.find((t) => path(t.url) === '/')!;
    expect(page.cacheControl).toBe('no-cache');
    for (const t of load.transfers.filter((x) => path(x.url).startsWith('/api/'))) expect(t.cacheControl, path(t.url)).toBe('no-store');
  });

  it('stays within its byte budget and leaves the side panels out', () => {
    expect(load.staticBytes).toBeLessThan(900 * 1024);
    expect(load.transfers.filter((t) => PANEL_CHUNK.test(path(t.url)))).toEqual([]);
  });

  it('loads a side panel when its tab opens', async () => {
    const { page, log } = await newPage(browser);
    await page.goto(app.url + '/');
    await waitForMapIdle(page);
    expect(log.requests.some((u) => PANEL_CHUNK.test(u))).toBe(false);
    await page.click('#tab-hotspots');
    await page.getByTestId('hotspots-panel').waitFor();
    expect(log.requests.some((u) => /\/assets\/HotspotsPanel-/.test(u))).toBe(true);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
