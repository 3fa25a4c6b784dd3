/**
 * GeoPackage district files (e.g. CBS's wijkenbuurten_<jaar>.gpkg with the layers gemeenten,
 * wijken and buurten) through the shared reader (server/ingest/features/gpkg.ts): the geometry
 * stays WKB (`wkbHex`) until PostGIS decodes it (decode.ts), so no WKB is parsed here.
 */
import { isSqliteFile, readGpkgFeatures, type ReadGpkgOptions } from '../features/gpkg.js';
import { FeatureFileError } from '../features/types.js';
import { toDeclaredCrs } from './crs.js';
import { DistrictImportError, type RawFeature, type ReadResult } from './types.js';

export { isSqliteFile, type ReadGpkgOptions };

export async function readGpkg(data: Uint8Array, fileName: string, opts: ReadGpkgOptions = {}): Promise<ReadResult> {
  let src;
  try {
    src = await readGpkgFeatures(data, fileName, opts);
  } catch (err) {
    if (err instanceof FeatureFileError) throw new DistrictImportError(err.message);
    throw err;
  }
  const crsByLayer = new Map<string, RawFeature['crs']>();
  const features: RawFeature[] = src.rows.map((r) => {
    const layer = r.layer ?? '';
    let crs = crsByLayer.get(layer);
    if (!crs) {
      crs = toDeclaredCrs(src.layerCrs?.[layer] ?? { srid: r.srid, label: `EPSG:${r.srid ?? '?'}`, source: 'declared' });
      crsByLayer.set(layer, crs);
    }
    const raw: RawFeature = { index: r.rowNumber - 1, ref: r.ref, properties: r.properties, geometry: null, crs };
    if (r.problems.length > 0) raw.decodeError = r.problems[0]!;
    else if (r.geometry && 'wkbHex' in r.geometry) raw.wkbHex = r.geometry.wkbHex;
    return raw;
  });
  return { format: 'gpkg', layers: src.layers, features };
}
