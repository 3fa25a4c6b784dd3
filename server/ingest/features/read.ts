/**
 * The shared geodata reader: detects the format from the file name (.geojson/.json, .csv,
 * .gpkg) or, failing that, from the content (SQLite header = GeoPackage, `{` = GeoJSON, else
 * CSV), and returns rows with properties and geometry as the source wrote it, the detected CRS
 * and the column names. Geometry is decoded, checked and transformed by PostGIS (postgis.ts).
 *
 * Rows come back as one array: GeoPackages are read whole by sql.js and GeoJSON by JSON.parse
 * anyway, and a CSV's CRS is known only after its coordinates are seen.
 */
import { extname } from 'node:path';
import { readCsvFeatures, type CsvGeometryOptions } from './csv.js';
import { readGeoJsonFeatures } from './geojson.js';
import { isSqliteFile, readGpkgFeatures } from './gpkg.js';
import { FeatureFileError, type FeatureFormat, type FeatureSource, type FeatureSrid } from './types.js';

export * from './types.js';

export interface ReadFeaturesOptions extends CsvGeometryOptions {
  /** Force a format instead of detecting it. */
  format?: FeatureFormat | undefined;
  /** CSV: the CRS when the file cannot tell. GeoJSON/GeoPackage declare their own. */
  crs?: FeatureSrid | undefined;
  /** GeoPackage: read only these layers. */
  layers?: string[] | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

/** The format of a file by extension, else by its first bytes. */
export function detectFormat(data: Uint8Array, fileName: string): FeatureFormat {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.gpkg') return 'gpkg';
  if (ext === '.geojson' || ext === '.json') return 'geojson';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (isSqliteFile(data)) return 'gpkg';
  let i = 0;
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) i = 3;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x09 || data[i] === 0x0a || data[i] === 0x0d)) i++;
  return data[i] === 0x7b ? 'geojson' : 'csv';
}

/** Reads a GeoJSON, CSV or GeoPackage file; throws FeatureFileError (Dutch) when the file as a whole is unreadable. */
export async function readFeatures(data: Uint8Array, fileName: string, opts: ReadFeaturesOptions = {}): Promise<FeatureSource> {
  const format = opts.format ?? detectFormat(data, fileName);
  if (format !== 'gpkg' && opts.layers?.length) throw new FeatureFileError('Lagen kiezen kan alleen bij een GeoPackage (.gpkg).');
  if (format === 'gpkg') return readGpkgFeatures(data, fileName, { layers: opts.layers, onProgress: opts.onProgress });
  if (format === 'csv') return readCsvFeatures(data, fileName, opts);
  return readGeoJsonFeatures(data, fileName);
}
