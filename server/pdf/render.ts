/**
 * PDFs of app pages, rendered by headless Chromium (playwright-core, Debian /usr/bin/chromium):
 * `render(path, credentials)` opens the app path and returns `page.pdf({ format: 'A4' })`. Used by
 * the park information card (issue 10); a week plan or a veiligheidsbeeld (issue 11) pass their
 * own path.
 *
 * No network: every request of the page is answered in-process by the app's own `fetch` (Hono's
 * `app.fetch`) through `page.route`, with the CALLER'S credentials (their session cookie or
 * bearer token) added, so the PDF shows exactly what the caller may see, the same middlewares and
 * services run, and requests to any other origin are aborted. Works without a listening port
 * (tests call app.request()).
 *
 * Bounds: at most `maxConcurrent` renders at once (each a Chromium process; the server has few
 * cores), at most `maxQueued` waiting, each within `timeoutMs` including the wait; Chromium missing
 * or failing to start, a full queue or a timeout are a 503 problem with a Dutch detail.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { AppError } from '../errors.js';

export interface Credentials {
  /** The caller's Cookie header (their session). */
  cookie?: string | undefined;
  /** The caller's Authorization header (a bearer API token). */
  authorization?: string | undefined;
}

export interface PdfRenderer {
  /** A4 PDF of the app page at `path` (e.g. "/api/parks/3/card"), as the caller sees it. */
  render(path: string, credentials: Credentials): Promise<Buffer>;
}

export interface PdfRendererOptions {
  /** Answers the page's requests (the app's own fetch). */
  fetch: (req: Request) => Response | Promise<Response>;
  executablePath: string;
  maxConcurrent?: number;
  maxQueued?: number;
  timeoutMs?: number;
}

/** The origin the page is loaded from; only answered in-process, never resolved. */
export const PDF_ORIGIN = 'http://localhost';
const PROBLEM = '/problems/pdf-niet-beschikbaar';

export class PdfUnavailableError extends AppError {
  constructor(detail: string) {
    super(503, 'PDF niet beschikbaar', detail, {}, PROBLEM);
  }
}

export function createPdfRenderer(opts: PdfRendererOptions): PdfRenderer {
  const maxConcurrent = opts.maxConcurrent ?? 2;
  const maxQueued = opts.maxQueued ?? 8;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let running = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<() => void> {
    if (running >= maxConcurrent) {
      if (waiting.length >= maxQueued) throw new PdfUnavailableError('Er worden al veel PDF’s gemaakt. Probeer het over een halve minuut opnieuw.');
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    return () => {
      running--;
      waiting.shift()?.();
    };
  }

  async function renderIn(browser: Browser, path: string, cred: Credentials): Promise<Buffer> {
    const page = await browser.newPage();
    await page.route('**/*', async (route) => {
      const req = route.request();
      const url = new URL(req.url());
      if (url.origin !== PDF_ORIGIN || req.method() !== 'GET') return route.abort('blockedbyclient');
      const headers = new Headers(req.headers());
      headers.delete('accept-encoding'); // the body is handed over as is
      if (cred.cookie) headers.set('cookie', cred.cookie);
      if (cred.authorization) headers.set('authorization', cred.authorization);
      const res = await opts.fetch(new Request(url, { headers }));
      const resHeaders: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (k !== 'content-encoding' && k !== 'content-length') resHeaders[k] = v;
      });
      await route.fulfill({ status: res.status, headers: resHeaders, body: Buffer.from(await res.arrayBuffer()) });
    });
    const res = await page.goto(`${PDF_ORIGIN}${path}`, { waitUntil: 'load', timeout: timeoutMs });
    if (!res || res.status() !== 200) throw new AppError(500, 'PDF mislukt', `De pagina voor de PDF antwoordde met status ${res?.status() ?? 'onbekend'}.`);
    await page.emulateMedia({ media: 'print' });
    return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  }

  return {
    async render(path, credentials) {
      if (!path.startsWith('/')) throw new Error(`pdf: pad moet met / beginnen: ${path}`);
      if (!existsSync(opts.executablePath)) throw new PdfUnavailableError(`PDF maken kan nu niet: Chromium is niet geïnstalleerd op de server (${opts.executablePath}). Gebruik afdrukken vanuit de browser of vraag de beheerder Chromium te installeren (VK_CHROMIUM).`);
      let timer: NodeJS.Timeout | undefined;
      let browser: Browser | undefined;
      let timedOut = false;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new PdfUnavailableError(`Het maken van de PDF duurde langer dan ${Math.round(timeoutMs / 1000)} seconden. Probeer het later opnieuw.`));
        }, timeoutMs);
      });
      const work = (async () => {
        const release = await slot();
        try {
          if (timedOut) throw new PdfUnavailableError('Het maken van de PDF is afgebroken (tijd verstreken).');
          try {
            browser = await chromium.launch({ executablePath: opts.executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
          } catch {
            throw new PdfUnavailableError('PDF maken kan nu niet: Chromium start niet op de server. Gebruik afdrukken vanuit de browser of meld dit bij de beheerder.');
          }
          return await renderIn(browser, path, credentials);
        } finally {
          await browser?.close().catch(() => undefined);
          release();
        }
      })();
      work.catch(() => undefined); // after a timeout its rejection has no listener
      try {
        return await Promise.race([work, timeout]);
      } finally {
        clearTimeout(timer);
        if (timedOut) await browser?.close().catch(() => undefined);
      }
    },
  };
}
