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
