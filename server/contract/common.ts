/** Shared contract pieces: the problem document and the GeoJSON shapes the API returns (WGS84). */

import { z } from 'zod';

// Dutch validation messages wherever the contract is used (server and web).
z.config(z.locales.nl());

export const ProblemSchema = z
  .object({
    type: z.string().describe('Probleemtype: about:blank of een vaste URI per soort, bv. /problems/login-vereist, /problems/geen-toegang'),
    title: z.string().describe('Korte titel'),
    status: z.number().int().describe('HTTP-status'),
    detail: z.string().describe('Uitleg in het Nederlands'),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem details (application/problem+json)');

const Position = z.array(z.number()).min(2).max(3);
export const GeometrySchema = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
    z.object({ type: z.literal('Point'), coordinates: Position }),
  ])
  .describe('GeoJSON-geometrie in WGS84 (EPSG:4326, lengtegraad/breedtegraad)');

// ------------------------------------------------------------------------------------------
// Shared request pieces: calendar dates and plain decimal numbers
// ------------------------------------------------------------------------------------------

/** Earliest and latest calendar year a request may name (anything outside is a typo or a probe). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * A Europe/Amsterdam calendar date `YYYY-MM-DD` between 1900-01-01 and 2100-12-31: every date
 * of every route (query and body) uses this one schema.
 */
export const LocalDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'verwacht een bestaande datum als JJJJ-MM-DD', abort: true })
  .refine((s) => {
    const y = Number(s.slice(0, 4));
    return y >= MIN_YEAR && y <= MAX_YEAR;
  }, `verwacht een datum tussen ${MIN_YEAR}-01-01 en ${MAX_YEAR}-12-31`)
  .describe(`Datum (Europe/Amsterdam) als JJJJ-MM-DD, tussen ${MIN_YEAR} en ${MAX_YEAR}`);

/** Plain decimal notation only: no hex (0x10), exponent (1e3), Infinity, leading +, spaces or empty text. */
export const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/**
 * A numeric query or path parameter: the text must be a plain decimal number (DECIMAL_RE) before
 * it is converted, so `0x10`, `1e3`, ` 5` and `` are refused the same way on every route. Chain
 * range checks on the result: `decimalParam().min(1).max(5)`.
 */
export function decimalParam<T extends z.ZodNumber>(num: T = z.number() as T) {
  return z
    .string()
    .regex(DECIMAL_RE, 'verwacht een getal in gewone decimale notatie (bijvoorbeeld 150 of 2.5)')
    .transform(Number)
    .pipe(num);
}
