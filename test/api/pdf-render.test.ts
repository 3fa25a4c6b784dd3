/**
 * The PDF renderer's bounds (server/pdf/render.ts) with Debian's Chromium: a page whose requests
 * never get an answer ends in a 503 problem once the render's time is up (the browser is closed),
 * and a render beyond the concurrent and queued limit is refused at once with a 503 instead of
 * waiting. The page is answered by a fetch function, as the app's own fetch does in production.
 */
import { describe, expect, it } from 'vitest';
import { createPdfRenderer, PdfUnavailableError } from '../../server/pdf/render.js';
import { chromiumPath } from '../support/e2e.js';

const page = (body: string) => new Response(`<!doctype html><html lang="nl"><title>t</title><body>${body}</body></html>`, { headers: { 'Content-Type': 'text/html' } });

describe('createPdfRenderer', () => {
  it('renders a page answered in-process, with the credentials on every request', async () => {
    const seen: (string | null)[] = [];
    const r = createPdfRenderer({
      executablePath: chromiumPath(),
      fetch: (req) => {
        seen.push(req.headers.get('cookie'));
        return page('Hallo kaart');
      },
    });
    const pdf = await r.render('/kaart', { cookie: 'vk_session=abc' });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(seen).toEqual(['vk_session=abc']);
  }, 60_000);

  it('gives up with a 503 when the page does not load in time', async () => {
    const r = createPdfRenderer({ executablePath: chromiumPath(), timeoutMs: 3000, fetch: () => new Promise<Response>(() => undefined) });
    const err = await r.render('/hangt', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnavailableError);
    expect((err as PdfUnavailableError).status).toBe(503);
    expect((err as Error).message).toContain('duurde langer dan 3 seconden');
  }, 60_000);

  it('refuses a render beyond the concurrent and queued limit at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const first = new Promise<void>((resolve) => (started = resolve));
    const r = createPdfRenderer({
      executablePath: chromiumPath(),
      maxConcurrent: 1,
      maxQueued: 0,
      fetch: async () => {
        started();
        await gate;
        return page('eerste');
      },
    });
    const busy = r.render('/eerste', {});
    await first; // the first render holds the only slot
    const err = await r.render('/tweede', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfUnavailableError);
    expect((err as Error).message).toContain('veel PDF');
    release();
    expect((await busy).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 60_000);
});
