/**
 * GeoJSON geometries accepted by register routes (WGS84): shape and coordinate ranges are checked
 * by zod at the edge; whether the type suits the register is checked against the declaration
 * (422 with a Dutch detail), validity (self-intersection, unclosed rings) by PostGIS.
 */
import { z } from 'zod';

const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const Position = z.union([z.tuple([Lon, Lat]), z.tuple([Lon, Lat, z.number()])]);
const Ring = z.array(Position).min(4, 'een ring heeft minstens 4 punten (de eerste herhaald als laatste)').max(100_000);
const Line = z.array(Position).min(2, 'een lijn heeft minstens 2 punten').max(100_000);

export const PointSchema = z.object({ type: z.literal('Point'), coordinates: Position });
export const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(1000) });
export const MultiPolygonSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1).max(1000)).min(1).max(10_000) });
export const LineStringSchema = z.object({ type: z.literal('LineString'), coordinates: Line });
export const MultiLineStringSchema = z.object({ type: z.literal('MultiLineString'), coordinates: z.array(Line).min(1).max(10_000) });
const MultiPointSchema = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position).min(1).max(100_000) });

/** Any GeoJSON geometry a register might take; the register's own kinds are checked after. */
export const AnyGeometrySchema = z
  .discriminatedUnion('type', [PointSchema, PolygonSchema, MultiPolygonSchema, LineStringSchema, MultiLineStringSchema, MultiPointSchema])
  .describe('GeoJSON-geometrie in WGS84 (EPSG:4326, lengtegraad/breedtegraad)');
export type AnyGeometry = z.infer<typeof AnyGeometrySchema>;

/** A line field of a register (routes): LineString or MultiLineString in WGS84, or null to clear. */
export const LinesSchema = z.union([LineStringSchema, MultiLineStringSchema]).nullable().describe('Lijnen als GeoJSON LineString of MultiLineString in WGS84; null: geen');
