/**
 * CRS declarations of district files, in the district importer's terms (`DeclaredCrs` with
 * `implicit`): the parsing of GeoJSON `crs` members and GeoPackage spatial reference systems is
 * the shared reader's (server/ingest/features/crs.ts).
 */
import {
  crsFromGeoJsonMember as sharedGeoJsonCrs,
  crsFromGpkgSrs as sharedGpkgCrs,
  crsName as sharedCrsName,
  epsgFromName,
  type GpkgSrsRow,
} from '../features/crs.js';
import type { DetectedCrs } from '../features/types.js';
import type { DeclaredCrs, SupportedSrid } from './types.js';

export { epsgFromName };

/** A shared-reader CRS as the district importer's DeclaredCrs. */
export function toDeclaredCrs(crs: DetectedCrs): DeclaredCrs {
  return { srid: crs.srid, label: crs.label, implicit: crs.source === 'default' };
}

/** The CRS a GeoJSON object declares in its `crs` member; none means WGS84 (RFC 7946). */
export function crsFromGeoJsonMember(crs: unknown): DeclaredCrs {
  return toDeclaredCrs(sharedGeoJsonCrs(crs));
}

/** The CRS of a GeoPackage spatial reference system row (gpkg_spatial_ref_sys). */
export function crsFromGpkgSrs(srs: GpkgSrsRow | undefined, srsId: number): DeclaredCrs {
  return toDeclaredCrs(sharedGpkgCrs(srs, srsId));
}

/** Dutch name of an accepted CRS for messages. */
export function crsName(srid: SupportedSrid): string {
  return sharedCrsName(srid);
}
