/**
 * GeoPackage geometries of district files are decoded by PostGIS (the shared reader's
 * `decodeWkbToGeoJson`), not by a WKB reader of our own, and then checked like GeoJSON ones.
 */
import type { Db } from '../../db/db.js';
import { decodeWkbToGeoJson } from '../features/postgis.js';
import type { RawFeature, RawGeometry } from './types.js';

/**
 * Fills `geometry` (or `decodeError`) of every feature that still holds WKB and that `needed`
 * accepts (the importer skips other gemeenten' features of a national file without decoding
 * them); changes the features in place.
 */
export async function decodeFeatureGeometries(db: Db, features: RawFeature[], needed: (f: RawFeature) => boolean = () => true): Promise<void> {
  const pending = features.filter((f) => f.wkbHex !== undefined && f.decodeError === undefined && needed(f));
  if (pending.length === 0) return;
  const decoded = await decodeWkbToGeoJson(db, pending.map((f) => f.wkbHex!));
  pending.forEach((f, i) => {
    const d = decoded[i]!;
    delete f.wkbHex;
    if (d.error) f.decodeError = d.error.replace(/^geometrie onleesbaar voor PostGIS/, 'geometrie onleesbaar');
    else if (d.geojson === null) f.decodeError = `geometrietype ${d.type ?? 'onbekend'} wordt niet ondersteund; verwacht Polygon of MultiPolygon`;
    else if (!d.empty) f.geometry = d.geojson as RawGeometry;
  });
}
