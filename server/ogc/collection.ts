/**
 * One OGC API - Features collection (Part 1 Core + Part 2 CRS by reference): what the OGC routes
 * (server/ogc/routes.ts) need to list, describe and page any feature source. A source declares
 * its Dutch title, the permission needed to read it, its geometry type, how to compute its extent
 * and how to fetch a page of features; the routes do the rest (links, paging, numberMatched,
 * Content-Crs, errors). Adding a collection is one line in server/ogc/registry.ts.
 */
import type { z } from 'zod';
import type { Caller } from '../auth/caller.js';
import type { Permission } from '../auth/roles.js';
import type { Db } from '../db/db.js';
import { CRS84_URI as CRS84, EPSG_28992_URI as EPSG_28992 } from '../contract/ogc.js';
import { NL_WGS84_BOUNDS, RD_BOUNDS } from '../domain/crs.js';

/** The coordinate reference systems the server offers, by their OGC URIs. */
export { CRS84, EPSG_28992 };
export const SUPPORTED_CRS = [CRS84, EPSG_28992] as const;
export type CrsUri = (typeof SUPPORTED_CRS)[number];
/** The PostGIS SRID behind each CRS (CRS84 is EPSG:4326 with longitude first, PostGIS's own axis order). */
export const SRID: Record<CrsUri, number> = { [CRS84]: 4326, [EPSG_28992]: 28992 };
/** Decimals of output coordinates: 7 for degrees (~1 cm), 2 for RD metres (1 cm). */
export const DECIMALS: Record<CrsUri, number> = { [CRS84]: 7, [EPSG_28992]: 2 };

/** minX, minY, maxX, maxY in `crs`. */
export interface BBox {
  coords: [number, number, number, number];
  crs: CrsUri;
}

export interface ItemsQuery {
  /** Features intersecting this box; null: all. */
  bbox: BBox | null;
  /** The CRS of the returned geometries. */
  crs: CrsUri;
  limit: number;
  offset: number;
  /** The `datetime` parameter as given (an instant or an interval `a/b`, open ends `..`), if any. */
  datetime: string | null;
  /** The collection's own parameters, parsed with its `params` schema. */
  params: Record<string, unknown>;
}

export type Geometry = { type: string; coordinates: unknown };

export interface OgcFeature {
  id: string | number;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

export interface OgcExtent {
  /** WGS84 (CRS84) bounding box, or null when no feature has a geometry. */
  bbox: [number, number, number, number] | null;
  /** Start and end (ISO 8601), null for an open end; absent when the features have no time. */
  temporal?: [string | null, string | null];
}

export interface OgcCollection {
  /** Path segment: `/ogc/collections/{id}`. */
  id: string;
  /** Dutch title and description, shown in QGIS's and ArcGIS's layer lists. */
  title: string;
  description: string;
  /** Who may read it: callers without it do not see it listed, and its items answer 401/403. */
  permission: Permission;
  geometryType: 'Point' | 'MultiPoint' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon';
  /** Whether `datetime` filters this collection (otherwise the parameter is refused with 400). */
  temporal?: boolean;
  /**
   * Extra query parameters (strings in, parsed values out); unknown parameters are refused with
   * 400 as OGC API Features asks. Their descriptions go into the collection's document.
   */
  params?: z.ZodObject;
  /** Defaults applied to absent extra parameters before `params` parses them (text, as in a URL). */
  paramDefaults?: Record<string, string>;
  /** The extent, computed from the data (for the caller, with the default parameters). */
  extent(caller: Caller, db: Db): Promise<OgcExtent>;
  /** One page of features and how many match in total. */
  items(caller: Caller, db: Db, q: ItemsQuery): Promise<{ features: OgcFeature[]; numberMatched: number }>;
  /** One feature, or null when there is none with this id. */
  item(caller: Caller, db: Db, id: string, q: Pick<ItemsQuery, 'crs' | 'params' | 'datetime'>): Promise<OgcFeature | null>;
}

/**
 * The part of a box inside RD New's area of use (the European Netherlands), or null when it lies
 * wholly outside. Every stored geometry lies there, so the clipped box selects the same features;
 * a CRS84 box far outside (the whole world, say) cannot be transformed to RD New by PROJ at all.
 */
export function clipToNetherlands(b: BBox): BBox | null {
  const [minX, minY, maxX, maxY] = b.crs === CRS84 ? [NL_WGS84_BOUNDS.minLon, NL_WGS84_BOUNDS.minLat, NL_WGS84_BOUNDS.maxLon, NL_WGS84_BOUNDS.maxLat] : [RD_BOUNDS.minX, RD_BOUNDS.minY, RD_BOUNDS.maxX, RD_BOUNDS.maxY];
  const c: BBox['coords'] = [Math.max(b.coords[0], minX), Math.max(b.coords[1], minY), Math.min(b.coords[2], maxX), Math.min(b.coords[3], maxY)];
  return c[0] <= c[2] && c[1] <= c[3] ? { coords: c, crs: b.crs } : null;
}
