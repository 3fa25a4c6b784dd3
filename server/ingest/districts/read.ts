/** Chooses the reader for a district file with the shared format detection (extension, else content); anything not a GeoPackage is read as GeoJSON. */
import { detectFormat } from '../features/read.js';
import { readGeoJson } from './read-geojson.js';
import { readGpkg } from './read-gpkg.js';
import { DistrictImportError, type ReadResult } from './types.js';

export interface ReadOptions {
  /** GeoPackage only: read just these layers. */
  layers?: string[] | undefined;
  onProgress?: ((line: string) => void) | undefined;
}

export async function readDistrictFile(data: Uint8Array, fileName: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const gpkg = detectFormat(data, fileName) === 'gpkg';
  if (!gpkg && opts.layers?.length) throw new DistrictImportError('--layer kan alleen bij een GeoPackage (.gpkg).');
  return gpkg ? readGpkg(data, fileName, opts) : readGeoJson(data, fileName);
}
