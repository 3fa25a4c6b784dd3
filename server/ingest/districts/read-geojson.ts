/**
 * GeoJSON district files through the shared reader (server/ingest/features/geojson.ts): a
 * FeatureCollection (or a single Feature) with an optional `crs` member naming RD New or WGS84.
 * What districts add: an empty collection and an unsupported CRS refuse the whole file.
 */
import { readGeoJsonFeatures } from '../features/geojson.js';
import { FeatureFileError } from '../features/types.js';
import { toDeclaredCrs } from './crs.js';
import { DistrictImportError, type RawFeature, type RawGeometry, type ReadResult } from './types.js';

export function readGeoJson(data: Uint8Array, fileName: string): ReadResult {
  let src;
  try {
    src = readGeoJsonFeatures(data, fileName);
  } catch (err) {
    if (err instanceof FeatureFileError) throw new DistrictImportError(err.message);
    throw err;
  }
  if (src.rows.length === 0) throw new DistrictImportError(`${fileName} bevat geen features.`);
  const crs = toDeclaredCrs(src.crs);
  if (crs.srid === null) {
    throw new DistrictImportError(`${fileName}: coördinatenstelsel ${crs.label} wordt niet ondersteund; gebruik RD New (EPSG:28992) of WGS84 (EPSG:4326).`);
  }
  const features: RawFeature[] = src.rows.map((r) => {
    const raw: RawFeature = {
      index: r.rowNumber - 1,
      ref: r.ref,
      properties: r.properties,
      geometry: r.geometry && 'geojson' in r.geometry ? (r.geometry.geojson as unknown as RawGeometry) : null,
      crs,
    };
    if (r.problems.length > 0) raw.decodeError = r.problems[0]!;
    return raw;
  });
  return { format: 'geojson', layers: [], features };
}
