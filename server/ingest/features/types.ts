/**
 * Types of the shared geodata reader (`read.ts`): a file (GeoJSON, CSV, GeoPackage) becomes a
 * list of rows with properties and geometry handed on as the source wrote it (WKB hex, WKT or a
 * GeoJSON object), never parsed into coordinates here: PostGIS decodes, checks and transforms it
 * (`postgis.ts`).
 */

/** Source CRSs accepted: RD New and WGS84 (lon, lat). */
export type FeatureSrid = 28992 | 4326;

/** Geometry as the source holds it; null when the row has none. */
export type FeatureGeometry = { wkbHex: string } | { wkt: string } | { geojson: Record<string, unknown> } | null;

export interface FeatureRow {
  /** 1-based: CSV data line (header = line 1, so the first row is 2), GeoJSON feature number, GeoPackage row number over all layers. */
  rowNumber: number;
  /** Where the row is in the file, in Dutch, e.g. `regel 5`, `features[3]`, `laag buurten, fid 12`. */
  ref: string;
  /** GeoPackage: the feature table. */
  layer?: string;
  properties: Record<string, unknown>;
  geometry: FeatureGeometry;
  /** Source CRS of this row's geometry (a GeoPackage layer or an EWKT prefix may differ from the file's). */
  srid: FeatureSrid | null;
  /** Problems found while reading (Dutch), e.g. an unreadable geometry blob or a non-numeric x. */
  problems: string[];
  /** GeoJSON: the Feature's own `id` member, when it has one. */
  featureId?: string | number;
}

export interface DetectedCrs {
  /** Null when the source names an unsupported CRS or nothing can be concluded (CSV without coordinates). */
  srid: FeatureSrid | null;
  /** As written in the file (e.g. `urn:ogc:def:crs:EPSG::28992`) or how it was found. */
  label: string;
  /** How the CRS was found. */
  source: 'option' | 'declared' | 'default' | 'coordinates' | 'unknown';
}

export type FeatureFormat = 'geojson' | 'csv' | 'gpkg';

export interface FeatureSource {
  format: FeatureFormat;
  crs: DetectedCrs;
  /** Property names/column headers in source order (without the geometry column). */
  columns: string[];
  /** GeoPackage feature tables read (empty otherwise). */
  layers: string[];
  /** GeoPackage: the CRS of each layer read. */
  layerCrs?: Record<string, DetectedCrs>;
  /** CSV: the delimiter; the geometry column or x/y columns used. */
  csv?: { delimiter: string; geometry: { wkt: string } | { x: string; y: string } | null };
  rows: FeatureRow[];
  /** Notes on the file as a whole (Dutch). */
  warnings: string[];
}

/** The file as a whole cannot be read; `message` is Dutch. */
export class FeatureFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureFileError';
  }
}
