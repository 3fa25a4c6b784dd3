/**
 * What a cold load of the app costs on the wire: every response of a fresh browser context
 * (empty cache) until the map is idle and the network quiet, with its encoded size (headers +
 * body as transferred, as Chromium reports it), Content-Encoding and
 * Cache-Control. Used by the static-files browser test and `npm run bench -- coldload`.
 */
import type { Browser } from 'playwright-core';
import { newPage, waitForMapIdle } from './e2e.js';

export interface Transfer {
  url: string;
  type: string;
  status: number;
  encodedBytes: number;
  contentEncoding: string | null;
  cacheControl: string | null;
}

export interface ColdLoad {
  transfers: Transfer[];
  /** Sum of encoded transfer sizes, all responses. */
  totalBytes: number;
  /** The same for the web app's files only (not /api/). */
  staticBytes: number;
  errors: string[];
}

export async function coldLoad(browser: Browser, url: string, width = 1400, height = 900): Promise<ColdLoad> {
  const { page, log } = await newPage(browser, width, height);
  const pending: Promise<Transfer | null>[] = [];
  // requestfinished also reports the map worker's requests; sizes() are Chromium's encoded sizes.
  page.on('requestfinished', (r) => {
    pending.push(
      (async () => {
        const res = await r.response();
        if (!res) return null;
        const sizes = await r.sizes();
        const h = await res.allHeaders();
        return {
          url: r.url(),
          type: r.resourceType(),
          status: res.status(),
          // A module worker's script is fetched outside the page's loader: Chromium reports its
          // headers only, so its body counts by Content-Length (the encoded length as sent).
          encodedBytes: sizes.responseHeadersSize + Math.max(sizes.responseBodySize, Number(h['content-length'] ?? 0)),
          contentEncoding: h['content-encoding'] ?? null,
          cacheControl: h['cache-control'] ?? null,
        };
      })(),
    );
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await waitForMapIdle(page);
  await page.waitForLoadState('networkidle');
  const transfers = (await Promise.all(pending)).filter((t): t is Transfer => t !== null && !t.url.startsWith('data:') && !t.url.startsWith('blob:'));
  await page.context().close();
  const sum = (ts: Transfer[]) => ts.reduce((s, t) => s + t.encodedBytes, 0);
  return {
    transfers,
    totalBytes: sum(transfers),
    staticBytes: sum(transfers.filter((t) => !new URL(t.url).pathname.startsWith('/api/'))),
    errors: log.errors,
  };
}

export function formatColdLoad(c: ColdLoad): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = [...c.transfers]
    .sort((a, b) => b.encodedBytes - a.encodedBytes)
    .map((t) => `  ${kb(t.encodedBytes).padStart(10)}  ${(t.contentEncoding ?? '-').padEnd(5)} ${new URL(t.url).pathname}`);
  return [`cold load: ${kb(c.totalBytes)} over the wire (${kb(c.staticBytes)} web app files, ${c.transfers.length} responses)`, ...rows].join('\n');
}
