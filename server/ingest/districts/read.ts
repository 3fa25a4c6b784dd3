/** Chooses the reader for a district file: by extension, else by content (SQLite header = GeoPackage). */
import { extname } from 'node:path';
import { readGeoJson } from './read-geojson.js';
import { isSqliteFile, readGpkg } from './read-gpkg.js';
import { DistrictImportError, type ReadResult } from './types.js';

export interface ReadOptions {
  /** GeoPackage only: read just these layers. */
  layers?: string[] | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

export async function readDistrictFile(data: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const ext = extname(fileName).toLowerCase();
  const gpkg = ext === '.gpkg' || (ext !== '.geojson' && ext !== '.json' && isSqliteFile(data));
  if (!gpkg && opts.layers?.length) throw new DistrictImportError('--layer kan alleen bij een GeoPackage (.gpkg).');
  return gpkg ? readGpkg(data, fileName, opts) : readGeoJson(data, fileName);
}
