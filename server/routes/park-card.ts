/**
 * The park information card (issue 10): GET /api/parks/:id/card is the print-ready A4 page (HTML,
 * server/views/park-card.ts), GET /api/parks/:id/card.pdf the same page as a PDF, rendered by
 * server/pdf with the caller's own credentials; GET /api/print/parkkaart.css its stylesheet.
 * Thin: validation here, the card and its permissions in services/park-card.service.ts.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.js';
import { registerOperation } from '../openapi.js';
import type { PdfRenderer } from '../pdf/render.js';
import { RegisterIdParamSchema } from '../registers/routes.js';
import { parkCard, parkCardPdf } from '../services/park-card.service.js';
import { PARK_CARD_CSS } from '../views/park-card-css.js';
import { parkCardPage } from '../views/park-card.js';
import { validate } from './validate.js';

const tags = ['registers'];
registerOperation('get', '/api/parks/{id}/card', { summary: 'Informatiekaart van een vakantiepark (HTML, A4 om af te drukken); contactpersoon alleen met registers:contacts', params: RegisterIdParamSchema, response: z.string(), responseType: 'text/html', tags });
registerOperation('get', '/api/parks/{id}/card.pdf', { summary: 'Informatiekaart van een vakantiepark als PDF (A4), zoals de aanvrager hem mag zien; 503 zonder Chromium op de server', params: RegisterIdParamSchema, response: z.string(), responseType: 'application/pdf', tags });

export function parkCardRoutes(pdf: PdfRenderer) {
  return new Hono<AppEnv>()
    .get('/print/parkkaart.css', (c) => c.body(PARK_CARD_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }))
    .get('/parks/:id/card', validate('param', RegisterIdParamSchema), async (c) => {
      const { id } = c.req.valid('param');
      const card = await parkCard(c.var.caller, c.var.deps.db, id, c.var.deps.clock?.() ?? new Date());
      // ?pdf=1: the page inside the PDF, without its download link.
      return c.html(parkCardPage(card, { pdfHref: c.req.query('pdf') ? null : `/api/parks/${id}/card.pdf` }));
    })
    .get('/parks/:id/card.pdf', validate('param', RegisterIdParamSchema), async (c) => {
      const { id } = c.req.valid('param');
      const credentials = { cookie: c.req.header('cookie'), authorization: c.req.header('authorization') };
      const { body, fileName } = await parkCardPdf(c.var.caller, c.var.deps.db, pdf, id, credentials);
      return c.body(new Uint8Array(body), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${fileName}"` });
    });
}
